//! Header names: the keys a column is known by (date, close, adjusted close, volume, symbol)
//! and the format's name told from the header as a whole.

use crate::data::import::cells::{DateFormat, Decimal};
use crate::data::import::detect::Format;

/// Lower case letters and digits only: `Adj Close` -> `adjclose`, `<CLOSE>` -> `close`.
pub(super) fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

pub(super) const DATE_KEYS: [&str; 17] = [
    "date",
    "timestamp",
    "datetime",
    "time",
    "day",
    "unix",
    "unixtime",
    "snappedat",
    "data",
    "datum",
    "fecha",
    "tradedate",
    "tradingday",
    "opentime",
    "timeopen",
    "period",
    "timeperiodstart",
];
pub(super) const ADJ_KEYS: [&str; 5] = [
    "adjclose",
    "adjustedclose",
    "adjcloseprice",
    "adjustedclosingprice",
    "adjclosing",
];
pub(super) const CLOSE_KEYS: [&str; 22] = [
    "close",
    "closelast",
    "closeprice",
    "closingprice",
    "last",
    "lastprice",
    "price",
    "value",
    "zamkniecie",
    "zamknięcie",
    "schluss",
    "schlusskurs",
    "cierre",
    "chiusura",
    "cloture",
    "clôture",
    "fechamento",
    "nav",
    "rate",
    "closeusd",
    "priceusd",
    "kurs",
];
pub(super) const SYMBOL_KEYS: [&str; 3] = ["symbol", "ticker", "tickersymbol"];

pub(super) fn is_volume_key(k: &str) -> bool {
    k.starts_with("vol") || k == "totalvolume" || k == "wolumen" || k == "umsatz"
}

fn delimiter_name(d: char) -> &'static str {
    match d {
        ',' => "comma separated",
        ';' => "semicolon separated",
        '\t' => "tab separated",
        _ => "| separated",
    }
}

/// The format's name from its header keys.
pub(super) fn name_format(
    keys: &[String],
    delim: char,
    decimal: Decimal,
    dates: DateFormat,
    headerless: bool,
) -> Format {
    let k: Vec<&str> = keys.iter().map(String::as_str).collect();
    let has = |name: &str| k.contains(&name);
    let ohlc = has("open") && has("high") && has("low") && has("close");
    if k.len() == 7 && ohlc && has("date") && has("adjclose") && has("volume") {
        return Format::YahooCsv;
    }
    let stooq = [
        ["date", "open", "high", "low", "close"],
        ["data", "otwarcie", "najwyzszy", "najnizszy", "zamkniecie"],
    ];
    if stooq
        .iter()
        .any(|s| k.len() >= 5 && k[..5] == *s && k.len() <= 6)
        || k.starts_with(&["ticker", "per", "date", "time"])
    {
        return Format::StooqCsv;
    }
    if k == ["date", "closelast", "volume", "open", "high", "low"]
        || k == ["date", "close", "volume", "open", "high", "low"]
    {
        return Format::NasdaqCsv;
    }
    if k == ["none", "code", "date", "value"] {
        return Format::NasdaqDataLink;
    }
    if k.first() == Some(&"snappedat") && has("price") {
        return Format::CoinGeckoCsv;
    }
    let mut how = vec![delimiter_name(delim).to_owned()];
    if decimal == Decimal::Comma {
        how.push("decimal comma".into());
    }
    how.push(format!("{} dates", dates.label()));
    if headerless {
        how.push("no header".into());
    }
    Format::GenericCsv(how.join(", "))
}
