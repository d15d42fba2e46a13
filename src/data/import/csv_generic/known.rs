//! Layouts known by their header (investing.com in each language, MetaTrader) or, for
//! MetaTrader 4's headerless export, by their cells.

use super::dates::is_clock;
use crate::data::import::cells::{DateOrder, Decimal, parse_number};
use crate::data::import::detect::Format;

/// A layout known by its header (or, for MetaTrader 4, by its cells): where its columns are
/// and how it writes numbers and dates, which the generic rules would get wrong.
pub(super) struct KnownLayout {
    pub(super) format: Format,
    pub(super) close: usize,
    pub(super) volume: Option<usize>,
    pub(super) time: Option<usize>,
    pub(super) decimal: Option<Decimal>,
    pub(super) order: Option<(DateOrder, String)>,
    pub(super) note: Option<String>,
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

pub(super) fn known_layout(
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
