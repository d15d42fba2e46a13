//! Text tables of daily prices: Yahoo, Stooq, Nasdaq, Nasdaq Data Link, CoinGecko's CSV and any
//! spreadsheet saved as CSV with a date column and a price column. One reader for all of them:
//! the header (or, without one, the cells) decides the columns, the format's name and how
//! numbers and dates are written; then every row goes through the same checks.

use std::borrow::Cow;
use std::collections::HashMap;

use super::cells::{
    DateFormat, DateOrder, DayMonthEvidence, Decimal, OrderEvidence, Stamp, count_delims,
    is_missing, parse_number, parse_time, parse_volume, split_line,
};
use super::detect::Format;
use super::rows::{RawRow, RawSeries, Unit, check_price};
use crate::data::DataError;

/// How many data rows [`layout`] samples to settle delimiters, decimals and dates.
const SAMPLE_ROWS: usize = 200;

/// The columns and conventions of one file, found from its first lines.
#[derive(Clone, Debug)]
pub(super) struct Layout {
    pub format: Format,
    pub delim: char,
    pub decimal: Decimal,
    /// 1-based line of the header; 0 when the file has none.
    pub header_line: usize,
    /// Header names as written (or `column N`).
    pub names: Vec<String>,
    pub date_col: usize,
    pub close_col: usize,
    pub adj_col: Option<usize>,
    pub volume_col: Option<usize>,
    pub symbol_col: Option<usize>,
    /// A separate time-of-day column (MetaTrader).
    pub time_col: Option<usize>,
    pub date_format: DateFormat,
    /// `Some("1-minute")` when the sampled rows are minutes or hours apart.
    pub intraday: Option<String>,
    /// CoinGecko: a point at 00:00 UTC is the previous day's close.
    pub midnight_is_previous_day: bool,
    /// The symbol of the first sampled row, when the file has a symbol column.
    pub first_symbol: Option<String>,
    /// The order of day and month the format itself implies, and why (a localized export).
    pub order_convention: Option<(DateOrder, String)>,
    /// Things worth telling the user about the layout itself.
    pub notes: Vec<String>,
}

/// Lower case letters and digits only: `Adj Close` -> `adjclose`, `<CLOSE>` -> `close`.
fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

const DATE_KEYS: [&str; 17] = [
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
const ADJ_KEYS: [&str; 5] = [
    "adjclose",
    "adjustedclose",
    "adjcloseprice",
    "adjustedclosingprice",
    "adjclosing",
];
const CLOSE_KEYS: [&str; 22] = [
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
const SYMBOL_KEYS: [&str; 3] = ["symbol", "ticker", "tickersymbol"];

fn is_volume_key(k: &str) -> bool {
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

/// Finds the columns and conventions from the first part of the text.
pub(super) fn layout(head: &str, file: &str) -> Result<Layout, DataError> {
    let head = head.trim_start_matches('\u{feff}');
    let lines: Vec<(usize, &str)> = head
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty())
        .take(SAMPLE_ROWS + 8)
        .collect();
    let delim_of = |line: &str| {
        [',', ';', '\t', '|']
            .into_iter()
            .map(|d| (count_delims(line, d), d))
            .max_by_key(|(n, _)| *n)
            .filter(|(n, _)| *n > 0)
            .map(|(_, d)| d)
    };
    // A preamble line without delimiters (e.g. a site's URL) may come before the header.
    let Some(start) = lines
        .iter()
        .take(4)
        .position(|(_, l)| delim_of(l).is_some())
    else {
        let first = lines.first().map(|(_, l)| *l).unwrap_or_default();
        return Err(DataError::file(
            file,
            format!(
                "has a single column ('{}'): a price file needs a date column and a price column, \
                 separated by commas, semicolons or tabs",
                first.chars().take(60).collect::<String>()
            ),
        ));
    };
    let (first_no, first) = lines[start];
    let Some(delim) = delim_of(first) else {
        return Err(DataError::file(file, "has no columns"));
    };
    let mut cells: Vec<Cow<'_, str>> = Vec::new();
    split_line(first, delim, &mut cells);
    let first_cells: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
    let looks_like_data = first_cells.iter().all(|c| {
        is_missing(c)
            || parse_number(c, Decimal::Point).is_some()
            || DateFormat::infer(&[c.as_str()], false).is_some()
            || is_clock(c)
    });
    let (header_line, names, data_lines): (usize, Vec<String>, &[(usize, &str)]) =
        if looks_like_data {
            let names = (1..=first_cells.len())
                .map(|i| format!("column {i}"))
                .collect();
            (0, names, &lines[start..])
        } else {
            (first_no, first_cells.clone(), &lines[start + 1..])
        };
    let keys: Vec<String> = names.iter().map(|n| key(n)).collect();
    let header_text = || names.join(&delim.to_string());
    if data_lines.is_empty() {
        return Err(DataError::file(
            file,
            format!("has a header ({}) but no rows of prices", header_text()),
        ));
    }
    // Sample cells by column.
    let mut samples: Vec<Vec<String>> = vec![Vec::new(); names.len()];
    for (_, line) in data_lines.iter().take(SAMPLE_ROWS) {
        split_line(line, delim, &mut cells);
        for (i, c) in cells.iter().enumerate().take(names.len()) {
            let c = c.trim();
            if !is_missing(c) {
                samples[i].push(c.to_owned());
            }
        }
    }
    let find = |wanted: &[&str]| wanted.iter().find_map(|w| keys.iter().position(|k| k == w));
    let mut notes = Vec::new();
    let known = known_layout(&keys, &first_cells, header_line, &samples);
    let symbol_col = find(&SYMBOL_KEYS);
    let adj_col = find(&ADJ_KEYS).or_else(|| {
        keys.iter()
            .position(|k| k.contains("adj") && k.contains("clos"))
    });
    let volume_col = keys.iter().position(|k| is_volume_key(k));
    let day_first_hint = delim == ';';
    let sample_refs =
        |col: usize| -> Vec<&str> { samples[col].iter().map(String::as_str).collect() };
    let date_col = if header_line == 0 || known.is_some() {
        Some(0)
    } else {
        find(&DATE_KEYS).or_else(|| {
            // A column whose cells are dates, whatever its name (not unix numbers: volumes
            // look like them).
            (0..names.len()).find(|&i| {
                Some(i) != symbol_col
                    && Some(i) != volume_col
                    && DateFormat::infer(&sample_refs(i), day_first_hint)
                        .is_some_and(|f| !f.is_unix())
            })
        })
    };
    let Some(date_col) = date_col else {
        return Err(DataError::file(
            file,
            format!(
                "has no date column: the header is '{}'; MinerLens looks for a column named Date, \
                 Time or Timestamp, or one whose cells are dates",
                header_text()
            ),
        ));
    };
    let taken = |i: usize| {
        Some(i) == symbol_col || Some(i) == volume_col || i == date_col || Some(i) == adj_col
    };
    let close_col = if let Some(k) = &known {
        Some(k.close)
    } else if header_line == 0 {
        // No header: Date,Close or Date,Open,High,Low,Close[,Volume...].
        match names.len() {
            2 => Some(1),
            n if n >= 5 => Some(4),
            _ => None,
        }
    } else {
        find(&CLOSE_KEYS)
            .filter(|i| !taken(*i))
            .or_else(|| {
                keys.iter()
                    .enumerate()
                    .position(|(i, k)| !taken(i) && k.contains("clos"))
            })
            .or_else(|| {
                // The only numeric column left (e.g. `Date,BTC`).
                let numeric: Vec<usize> = (0..names.len())
                    .filter(|&i| {
                        !taken(i)
                            && !samples[i].is_empty()
                            && samples[i]
                                .iter()
                                .all(|c| parse_number(c, Decimal::Comma).is_some())
                    })
                    .collect();
                (numeric.len() == 1).then(|| numeric[0])
            })
    };
    let Some(close_col) = close_col.or(adj_col) else {
        return Err(DataError::file(
            file,
            format!(
                "has no price column: the header is '{}'; MinerLens looks for Close, Adj Close, \
                 Price, Value or Last",
                header_text()
            ),
        ));
    };
    if let Some(note) = known.as_ref().and_then(|k| k.note.clone()) {
        notes.push(note);
    } else if header_line == 0 {
        notes.push(if close_col == 1 {
            "no header: read as Date, Close".to_owned()
        } else {
            "no header: read as Date, Open, High, Low, Close, Volume".to_owned()
        });
    }
    let adj_col = adj_col.filter(|a| *a != close_col);
    let volume_col = match &known {
        Some(k) => k.volume,
        None if header_line == 0 && names.len() >= 6 => Some(5),
        None => volume_col,
    };
    // Decimal comma: a comma inside price cells of a file not separated by commas, or written
    // as 1.234,56.
    let price_cells = || samples[close_col].iter();
    let decimal = if let Some(d) = known.as_ref().and_then(|k| k.decimal) {
        d
    } else if price_cells().any(|c| {
        let (comma, point) = (c.rfind(','), c.rfind('.'));
        match (comma, point) {
            (Some(_), None) => delim != ',',
            (Some(c), Some(p)) => c > p,
            _ => false,
        }
    }) {
        Decimal::Comma
    } else {
        Decimal::Point
    };
    let date_samples = sample_refs(date_col);
    let Some(date_format) =
        DateFormat::infer(&date_samples, day_first_hint || decimal == Decimal::Comma)
    else {
        let (line, _) = data_lines[0];
        let shown = date_samples.first().copied().unwrap_or("");
        return Err(DataError::Field {
            file: file.into(),
            line,
            column: date_col + 1,
            name: names[date_col].clone(),
            message: format!(
                "'{shown}' is not a date MinerLens can read (it reads YYYY-MM-DD, MM/DD/YYYY, \
                 DD.MM.YYYY, 02-Jan-2024, unix seconds and milliseconds)"
            ),
        });
    };
    let intraday = intraday_interval(&date_samples, date_format);
    let format = match &known {
        Some(k) => k.format.clone(),
        None => name_format(&keys, delim, decimal, date_format, header_line == 0),
    };
    let midnight_is_previous_day = format == Format::CoinGeckoCsv;
    if midnight_is_previous_day {
        notes.push("CoinGecko's 00:00 UTC snapshots are the previous day's close".into());
    }
    if header_line != 0
        && !CLOSE_KEYS.contains(&keys[close_col].as_str())
        && !keys[close_col].contains("clos")
    {
        notes.push(format!("prices from the column '{}'", names[close_col]));
    }
    Ok(Layout {
        format,
        delim,
        decimal,
        header_line,
        names,
        date_col,
        close_col,
        adj_col,
        volume_col,
        symbol_col,
        time_col: known.as_ref().and_then(|k| k.time),
        date_format,
        intraday,
        midnight_is_previous_day,
        first_symbol: symbol_col
            .and_then(|c| samples[c].first())
            .map(|s| super::clean_symbol(s))
            .filter(|s| !s.is_empty()),
        order_convention: known.and_then(|k| k.order),
        notes,
    })
}

/// A layout known by its header (or, for MetaTrader 4, by its cells): where its columns are
/// and how it writes numbers and dates, which the generic rules would get wrong.
struct KnownLayout {
    format: Format,
    close: usize,
    volume: Option<usize>,
    time: Option<usize>,
    decimal: Option<Decimal>,
    order: Option<(DateOrder, String)>,
    note: Option<String>,
}

/// investing.com's header in each language it is downloaded in: date, last price (the close,
/// second), open, high, low, volume.
const INVESTING_HEADERS: [(&str, [&str; 6]); 6] = [
    ("en", ["date", "price", "open", "high", "low", "vol"]),
    (
        "pt",
        ["data", "último", "abertura", "máxima", "mínima", "vol"],
    ),
    (
        "es",
        ["fecha", "último", "apertura", "máximo", "mínimo", "vol"],
    ),
    ("de", ["datum", "zuletzt", "eröffn", "hoch", "tief", "vol"]),
    (
        "fr",
        ["date", "dernier", "ouv", "plushaut", "plusbas", "vol"],
    ),
    (
        "it",
        ["data", "ultimo", "apertura", "massimo", "minimo", "vol"],
    ),
];

fn known_layout(
    keys: &[String],
    first_cells: &[String],
    header_line: usize,
    samples: &[Vec<String>],
) -> Option<KnownLayout> {
    if header_line != 0 && keys.len() >= 6 {
        if let Some((lang, _)) = INVESTING_HEADERS
            .iter()
            .find(|(_, h)| keys[..6].iter().zip(h).all(|(k, h)| k == h))
        {
            // English downloads write 1,234.5 and (usually) month first; every other language
            // 1.234,5 and the day first, whatever a single number looks like.
            let english = *lang == "en";
            return Some(KnownLayout {
                format: Format::InvestingCsv(lang),
                close: 1,
                volume: Some(5),
                time: None,
                decimal: Some(if english {
                    Decimal::Point
                } else {
                    Decimal::Comma
                }),
                order: (!english).then(|| {
                    (
                        DateOrder::Dmy,
                        format!("investing.com's '{lang}' download writes the day first"),
                    )
                }),
                note: None,
            });
        }
        if keys.contains(&"tickvol".to_owned()) && keys.first().is_some_and(|k| k == "date") {
            let pos = |name: &str| keys.iter().position(|k| k == name);
            let close = pos("close")?;
            let real_volume = pos("vol").filter(|&v| {
                samples[v]
                    .iter()
                    .any(|c| parse_number(c, Decimal::Point).is_some_and(|x| x > 0.0))
            });
            let (volume, note) = match real_volume {
                Some(v) => (Some(v), None),
                None => (
                    pos("tickvol"),
                    Some("volume from <TICKVOL> (tick counts: <VOL> is 0)".to_owned()),
                ),
            };
            return Some(KnownLayout {
                format: Format::MetaTraderCsv,
                close,
                volume,
                time: pos("time"),
                decimal: Some(Decimal::Point),
                order: None,
                note,
            });
        }
    }
    // MetaTrader 4's History Center export: no header, `2025.12.01,00:00,o,h,l,c,volume`.
    let mt4_date = |c: &str| {
        let b = c.as_bytes();
        b.len() == 10 && b[4] == b'.' && b[7] == b'.' && c.is_ascii()
    };
    if header_line == 0
        && first_cells.len() == 7
        && mt4_date(&first_cells[0])
        && is_clock(&first_cells[1])
    {
        return Some(KnownLayout {
            format: Format::MetaTraderCsv,
            close: 5,
            volume: Some(6),
            time: Some(1),
            decimal: Some(Decimal::Point),
            order: None,
            note: Some(
                "no header: read as MetaTrader 4 (Date, Time, Open, High, Low, Close, Volume)"
                    .to_owned(),
            ),
        });
    }
    None
}

/// The date format the rows are read with: `layout`'s, with the order of day and month settled
/// for numeric dates that could be either (the user's choice, the format's convention, else the
/// evidence of every date in the file; refused when none decides). Also the note for the
/// summary.
fn settle_date_order(
    text: &str,
    layout: &Layout,
    file: &str,
    chosen: Option<DateOrder>,
) -> Result<(DateFormat, Option<String>), DataError> {
    let format = layout.date_format;
    if !format.day_month_ambiguous() {
        return Ok((format, None));
    }
    let read = |order: DateOrder, why: &str| {
        let f = format.with_order(order);
        (f, Some(format!("dates read as {}: {why}", f.label())))
    };
    if let Some(order) = chosen.filter(|o| *o != DateOrder::Ymd) {
        return Ok(read(
            order,
            &format!("--date-order {} as chosen", order.flag()),
        ));
    }
    if let Some((order, why)) = &layout.order_convention {
        return Ok(read(*order, why));
    }
    let mut evidence = DayMonthEvidence::new(format);
    let mut cells: Vec<Cow<'_, str>> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i < layout.header_line {
            continue;
        }
        split_line(line, layout.delim, &mut cells);
        if let Some(cell) = cells.get(layout.date_col) {
            evidence.add(i + 1, cell);
        }
    }
    match evidence.finish() {
        OrderEvidence::Decided(_, why) if why.is_empty() => Ok((format, None)),
        OrderEvidence::Decided(order, why) => Ok(read(order, &why)),
        OrderEvidence::Undecided { line, example } => Err(DataError::AmbiguousDates {
            file: file.into(),
            line,
            column: layout.date_col + 1,
            name: layout
                .names
                .get(layout.date_col)
                .cloned()
                .unwrap_or_default(),
            example,
        }),
    }
}

/// `Some("1-minute")` when the sampled stamps are less than a day apart.
fn intraday_interval(samples: &[&str], format: DateFormat) -> Option<String> {
    let keys: Vec<i64> = samples
        .iter()
        .filter_map(|s| format.parse(s))
        .filter(|s| s.time_secs.is_some())
        .map(|s| s.key())
        .collect();
    let mut gaps: Vec<i64> = keys
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .filter(|g| *g > 0)
        .collect();
    if gaps.len() < 3 {
        return None;
    }
    gaps.sort_unstable();
    let median = gaps[gaps.len() / 2];
    if median >= 86_400 {
        return None;
    }
    Some(match median {
        3600 => "hourly".to_owned(),
        m if m % 3600 == 0 => format!("{}-hour", m / 3600),
        m if m % 60 == 0 => format!("{}-minute", m / 60),
        m => format!("{m}-second"),
    })
}

/// The format's name from its header keys.
fn name_format(
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

/// Reads every row of `text` with a layout from [`layout`]. Rows of different symbols (a symbol
/// column) become separate series; `fallback_symbol` names rows without one.
pub(super) fn parse(
    text: &str,
    layout: &Layout,
    file: &str,
    fallback_symbol: &str,
    date_order: Option<DateOrder>,
) -> Result<Vec<RawSeries>, DataError> {
    let text = text.trim_start_matches('\u{feff}');
    let (date_format, order_note) = settle_date_order(text, layout, file, date_order)?;
    let mut series: Vec<RawSeries> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut cells: Vec<Cow<'_, str>> = Vec::with_capacity(layout.names.len());
    let field_err = |line: usize, col: usize, message: String| DataError::Field {
        file: file.into(),
        line,
        column: col + 1,
        name: layout.names.get(col).cloned().unwrap_or_default(),
        message,
    };
    let needed = [
        Some(layout.date_col),
        Some(layout.close_col),
        layout.adj_col,
        layout.symbol_col,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    let mut current: Option<usize> = None;
    let header_keys: Vec<String> = layout.names.iter().map(|n| key(n)).collect();
    // Rows that are not prices: skipped and counted (reason -> count, first line).
    let mut skipped: Vec<(&'static str, usize)> = Vec::new();
    // A row without a readable date, held back: an error if prices follow it, a footer if not.
    let mut held: Option<(usize, DataError)> = None;
    let mut held_lines = 0usize;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line_no <= layout.header_line {
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        split_line(line, layout.delim, &mut cells);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if layout.header_line != 0
            && cells.len() == header_keys.len()
            && cells.iter().zip(&header_keys).all(|(c, k)| key(c) == *k)
        {
            skipped.push(("repeated header line", line_no));
            continue;
        }
        if cells.len() <= needed {
            // A preamble line before a headerless file, or a short row.
            if layout.header_line == 0 && series.is_empty() && cells.len() == 1 {
                continue;
            }
            let err = field_err(
                line_no,
                needed.min(cells.len()),
                format!(
                    "the row has {} fields, the header has {}",
                    cells.len(),
                    layout.names.len()
                ),
            );
            if series.is_empty() || !looks_like_footer(&cells[0]) {
                return Err(err);
            }
            held.get_or_insert((line_no, err));
            held_lines += 1;
            continue;
        }
        let date_text = cells[layout.date_col].trim();
        if is_clock(date_text) {
            // Old nasdaq.com exports start with the time of the day's quote ("16:00").
            skipped.push((
                "quote-time row (the time of the day's quote, not a date)",
                line_no,
            ));
            continue;
        }
        let Some(mut stamp) = date_format.parse(date_text) else {
            let err = field_err(
                line_no,
                layout.date_col,
                format!(
                    "'{date_text}' is not a date (the rows above are {})",
                    date_format.label()
                ),
            );
            if series.is_empty() || !looks_like_footer(date_text) {
                return Err(err);
            }
            held.get_or_insert((line_no, err));
            held_lines += 1;
            continue;
        };
        if let Some((_, err)) = held.take() {
            // Prices after it: the bad row is in the middle of the data.
            return Err(err);
        }
        if layout.midnight_is_previous_day {
            stamp = Stamp::from_unix_secs(stamp.key() - 1);
        }
        let symbol = match layout.symbol_col {
            Some(c) => {
                let s = super::clean_symbol(&cells[c]);
                if s.is_empty() {
                    fallback_symbol.to_owned()
                } else {
                    s
                }
            }
            None => fallback_symbol.to_owned(),
        };
        let slot = match current {
            Some(k) if series[k].symbol == symbol => k,
            _ => {
                let k = *index.entry(symbol.clone()).or_insert_with(|| {
                    series.push(RawSeries::new(symbol.clone(), Unit::Line));
                    series.len() - 1
                });
                current = Some(k);
                k
            }
        };
        let close_text = cells[layout.close_col].trim();
        if is_missing(close_text) {
            series[slot].drop_row("without a price", line_no);
            continue;
        }
        let close = parse_price(close_text, layout.decimal)
            .map_err(|m| field_err(line_no, layout.close_col, m))?;
        let adj_close = match layout.adj_col {
            Some(c) => {
                let t = cells[c].trim();
                if is_missing(t) {
                    None
                } else {
                    Some(parse_price(t, layout.decimal).map_err(|m| field_err(line_no, c, m))?)
                }
            }
            None => None,
        };
        let volume = layout
            .volume_col
            .and_then(|c| cells.get(c))
            .and_then(|t| parse_volume(t, layout.decimal))
            .filter(|v| v.is_finite() && *v >= 0.0);
        if let Some(t) = layout.time_col.and_then(|c| cells.get(c)) {
            match parse_time(t.trim()) {
                Some(secs) => stamp.time_secs = secs,
                None => {
                    return Err(field_err(
                        line_no,
                        layout.time_col.unwrap_or_default(),
                        format!("'{}' is not a time of day", t.trim()),
                    ));
                }
            }
        }
        series[slot].rows.push(RawRow {
            loc: line_no,
            stamp,
            close,
            adj_close,
            volume,
        });
    }
    if series.is_empty() {
        return Err(DataError::file(file, "has a header but no rows of prices"));
    }
    if let Some((line, err)) = held {
        if held_lines > MAX_FOOTER_LINES {
            return Err(err);
        }
        for k in 0..held_lines {
            skipped.push(("footer line without a date", line + k));
        }
    }
    for s in &mut series {
        for (reason, line) in &skipped {
            s.drop_row(&format!("skipped: {reason}"), *line);
        }
        s.notes.extend(layout.notes.iter().cloned());
        s.notes.extend(order_note.iter().cloned());
    }
    Ok(series)
}

/// Trailing lines without a date that are taken for a footer ("Downloaded from ...", totals);
/// more than this many are an error at the first of them.
const MAX_FOOTER_LINES: usize = 20;

/// A line after the prices that is not a row of them: its first cell is empty or words
/// ("Downloaded from nasdaq.com", "Total"), not a misread date.
fn looks_like_footer(first_cell: &str) -> bool {
    !first_cell
        .trim()
        .trim_matches('"')
        .starts_with(|c: char| c.is_ascii_digit())
}

/// `16:00`, `9:30:00`: a time of day where a date belongs.
fn is_clock(text: &str) -> bool {
    let t = text.trim_matches('"');
    (3..=8).contains(&t.len())
        && t.contains(':')
        && t.bytes().all(|b| b.is_ascii_digit() || b == b':')
}

fn parse_price(text: &str, decimal: Decimal) -> Result<f64, String> {
    let value = parse_number(text, decimal).ok_or_else(|| format!("'{text}' is not a price"))?;
    check_price(value, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::import::rows::finish;
    use crate::model::dates::ymd;
    use crate::model::days_to_date;

    fn read(text: &str) -> (Layout, Vec<crate::data::import::ImportedSeries>) {
        let layout = layout(text, "T.csv").unwrap();
        let series = parse(text, &layout, "T.csv", "T", None)
            .unwrap()
            .into_iter()
            .map(|s| finish(s, "T.csv").unwrap())
            .collect();
        (layout, series)
    }

    fn err(text: &str) -> String {
        match layout(text, "T.csv") {
            Err(e) => e.to_string(),
            Ok(l) => match parse(text, &l, "T.csv", "T", None) {
                Err(e) => e.to_string(),
                Ok(s) => finish(s.into_iter().next().unwrap(), "T.csv")
                    .unwrap_err()
                    .to_string(),
            },
        }
    }

    #[test]
    fn yahoo_both_orders_nulls_bom_and_no_newline() {
        let (l, s) = read(
            "\u{feff}Date,Adj Close,Close,High,Low,Open,Volume\n2024-01-02,9,10,11,9,10,5\n2024-01-03,null,null,null,null,null,null\n2024-01-04,10,11,12,10,11,6",
        );
        assert_eq!(l.format, Format::YahooCsv);
        assert_eq!(s[0].rows.close, vec![10.0, 11.0]);
        assert_eq!(s[0].rows.adj_close, vec![Some(9.0), Some(10.0)]);
        assert_eq!(s[0].dropped, vec!["1 row without a price (line 3)"]);
        let (l, _) = read("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,1,1,1\n");
        assert_eq!(l.format, Format::YahooCsv);
    }

    #[test]
    fn stooq_daily_and_bulk() {
        let (l, s) = read(
            "Date,Open,High,Low,Close,Volume\r\n2024-01-02,1,2,0.5,1.5,100\r\n2024-01-03,1,2,0.5,1.6,100\r\n",
        );
        assert_eq!(l.format, Format::StooqCsv);
        assert_eq!(s[0].rows.close, vec![1.5, 1.6]);
        let (l, s) = read(
            "<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\nMARA.US,D,20240102,000000,1,2,0.5,1.5,100,0\n",
        );
        assert_eq!(l.format, Format::StooqCsv);
        assert_eq!(s[0].symbol, "MARA");
        assert_eq!(days_to_date(s[0].rows.days[0]), ymd(2024, 1, 2));
    }

    #[test]
    fn nasdaq_dollars_thousands_and_newest_first() {
        let (l, s) = read(
            "Date,Close/Last,Volume,Open,High,Low\n03/08/2024,\"$1,023.48\",94062000,$22.10,$25.28,$22.02\n03/07/2024,$21.80,58499200,$22.00,$22.94,$21.45\n",
        );
        assert_eq!(l.format, Format::NasdaqCsv);
        assert_eq!(s[0].rows.close, vec![21.80, 1023.48]);
        assert_eq!(days_to_date(s[0].rows.days[1]), ymd(2024, 3, 8));
        assert!(
            s[0].notes.iter().any(|n| n.starts_with("newest first")),
            "{:?}",
            s[0].notes
        );
    }

    #[test]
    fn european_spreadsheet_with_semicolons_and_decimal_commas() {
        let (l, s) =
            read("Datum;Schlusskurs;Volumen\n02.01.2024;1.234,50;10\n03.01.2024;1.240,00;11\n");
        assert_eq!(
            l.format,
            Format::GenericCsv("semicolon separated, decimal comma, DD.MM.YYYY dates".into())
        );
        assert_eq!(s[0].rows.close, vec![1234.5, 1240.0]);
        assert_eq!(s[0].rows.volume, vec![Some(10.0), Some(11.0)]);
    }

    #[test]
    fn tabs_unix_seconds_and_a_price_column_named_otherwise() {
        let (l, s) = read("time\tBTC\n1704153600\t42000.5\n1704240000\t43000\n");
        assert_eq!(l.date_format, DateFormat::UnixSeconds);
        assert_eq!(s[0].rows.close, vec![42000.5, 43000.0]);
        assert_eq!(days_to_date(s[0].rows.days[0]), ymd(2024, 1, 2));
        assert!(
            s[0].notes.iter().any(|n| n.contains("'BTC'")),
            "{:?}",
            s[0].notes
        );
    }

    #[test]
    fn symbol_columns_split_a_file() {
        let (_, s) =
            read("date,symbol,close\n2024-01-02,MARA,10\n2024-01-02,riot,5\n2024-01-03,MARA,11\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].symbol, "MARA");
        assert_eq!(s[0].rows.close, vec![10.0, 11.0]);
        assert_eq!(s[1].symbol, "RIOT");
    }

    #[test]
    fn quandl_and_coingecko_csv() {
        let (l, s) = read(
            "None,code,date,value\n92133,MKPRU,2010-08-16,0.0769\n92131,MKPRU,2010-08-18,0.0688\n",
        );
        assert_eq!(l.format, Format::NasdaqDataLink);
        assert_eq!(s[0].rows.close, vec![0.0769, 0.0688]);
        let (l, s) = read(
            "snapped_at,price,market_cap,total_volume\n2024-01-02 00:00:00 UTC,44000,8.6e11,2e10\n2024-01-03 00:00:00 UTC,45000,8.8e11,2e10\n",
        );
        assert_eq!(l.format, Format::CoinGeckoCsv);
        assert_eq!(days_to_date(s[0].rows.days[0]), ymd(2024, 1, 1));
    }

    #[test]
    fn headerless_two_columns() {
        let (l, s) = read("2024-01-02,10\n2024-01-03,11\n");
        assert_eq!(l.header_line, 0);
        assert_eq!(s[0].rows.close, vec![10.0, 11.0]);
    }

    #[test]
    fn errors_name_the_line_and_column() {
        assert_eq!(
            err("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,n/a,1,1\n"),
            "T.csv: line 2, column 5 (Close): 'n/a' is not a price"
        );
        assert_eq!(
            err("Date,Close\n2024-01-02,1\n2024-01-03,-2\n"),
            "T.csv: line 3, column 2 (Close): '-2' is not a positive price"
        );
        assert_eq!(
            err("Date,Close\n2024-01-02,1\n2024-02-30,2\n"),
            "T.csv: line 3, column 1 (Date): '2024-02-30' is not a date (the rows above are YYYY-MM-DD)"
        );
        assert!(
            err("Date,Close\nyesterday,1\n")
                .contains("line 2, column 1 (Date): 'yesterday' is not a date")
        );
        assert!(err("Foo,Close\nabc,1\n").contains("no date column"));
        assert!(err("Date,Volume\n2024-01-02,abc\n").contains("no price column"));
        assert!(err("Date,Close\n").contains("no rows of prices"));
        assert!(err("just some text\n").contains("single column"));
        assert!(err("Date,Close\n2024-01-02,null\n").contains("no usable price rows"));
    }

    #[test]
    fn rows_that_are_not_prices_are_skipped_and_counted() {
        // An old nasdaq.com export: the first row is the time of the day's quote.
        let (l, s) = read(
            "date,close,volume,open,high,low\n\"16:00\",\"112.8\",\"24,312,456\",\"110\",\"113\",\"109\"\n\"2019/11/05\",\"112.8\",\"24,312,456\",\"110\",\"113\",\"109\"\n\"2019/11/04\",\"110.1\",\"20,000,000\",\"108\",\"111\",\"107\"\n",
        );
        assert_eq!(l.format, Format::NasdaqCsv);
        assert_eq!(s[0].rows.close, vec![110.1, 112.8]);
        assert_eq!(
            s[0].dropped,
            vec![
                "1 row skipped: quote-time row (the time of the day's quote, not a date) (line 2)"
            ]
        );
        // A header repeated where two exports were pasted together, and a footer.
        let (_, s) = read(
            "Date,Close\n2024-01-02,1\nDate,Close\n2024-01-03,2\nDownloaded from example.com\n\n",
        );
        assert_eq!(s[0].rows.close, vec![1.0, 2.0]);
        assert_eq!(s[0].dropped_rows, 2, "{:?}", s[0].dropped);
        assert!(
            s[0].dropped
                .iter()
                .any(|d| d.contains("repeated header line (line 3)"))
        );
        assert!(
            s[0].dropped
                .iter()
                .any(|d| d.contains("footer line without a date (line 5)"))
        );
        // A line without a date in the middle of the prices stays an error at that line.
        assert_eq!(
            err("Date,Close\n2024-01-02,1\nn/a,2\n2024-01-04,3\n"),
            "T.csv: line 3, column 1 (Date): 'n/a' is not a date (the rows above are YYYY-MM-DD)"
        );
    }

    #[test]
    fn day_and_month_are_decided_by_evidence_or_refused() {
        // Every number 12 or under, but a day apart only read month first.
        let (_, s) = read("Date,Close\n11/05/2019,1\n11/06/2019,2\n11/07/2019,3\n11/08/2019,4\n");
        assert_eq!(days_to_date(s[0].rows.days[0]), ymd(2019, 11, 5));
        assert!(
            s[0].notes
                .iter()
                .any(|n| n.starts_with("dates read as MM/DD/YYYY: successive dates")),
            "{:?}",
            s[0].notes
        );
        // The same dates read day first when a first number is above 12 somewhere.
        let (_, s) = read("Date,Close\n05/11/2019,1\n06/11/2019,2\n13/11/2019,3\n");
        assert_eq!(days_to_date(s[0].rows.days[0]), ymd(2019, 11, 5));
        assert!(
            s[0].notes
                .iter()
                .any(|n| n.contains("'13/11/2019' on line 4"))
        );
        // One day of minute bars: nothing decides, so the file is refused with the way out.
        let e = err("Date,Close\n11/05/2019 09:30,1\n11/05/2019 09:31,2\n11/05/2019 09:32,3\n");
        assert!(
            e.contains("'11/05/2019 09:30' could be month/day (US) or day/month"),
            "{e}"
        );
        assert!(e.contains("--date-order mdy"), "{e}");
        // The user's choice settles it.
        let text = "Date,Close\n11/05/2019 09:30,1\n11/05/2019 09:31,2\n";
        let layout = layout(text, "T.csv").unwrap();
        let raw = parse(text, &layout, "T.csv", "T", Some(DateOrder::Dmy)).unwrap();
        let s = finish(raw.into_iter().next().unwrap(), "T.csv").unwrap();
        assert_eq!(days_to_date(s.rows.days[0]), ymd(2019, 5, 11));
    }
}
