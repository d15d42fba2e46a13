//! The analysis window: a date range, usually picked through a preset.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates::ymd;

/// An inclusive range of calendar dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DateRange {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Self {
        Self { from, to }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// `2026-01-02_2026-03-31`, for file names.
    pub fn file_stem(&self) -> String {
        format!("{}_{}", self.from, self.to)
    }
}

impl std::fmt::Display for DateRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} – {}", self.from, self.to)
    }
}

/// The window presets offered in the GUI, relative to the last date in the data. Stored as
/// their label, a string ("1M", "Q1 2026"), in every format: as enum variants they would not be
/// valid RON identifiers, and eframe could not save the preferences.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum WindowPreset {
    OneMonth,
    ThreeMonths,
    SixMonths,
    #[default]
    YearToDate,
    OneYear,
    ThreeYears,
    All,
    Q1_2026,
}

impl Serialize for WindowPreset {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for WindowPreset {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        WindowPreset::from_label(&text).ok_or_else(|| {
            let labels: Vec<&str> = WindowPreset::ALL.iter().map(|p| p.label()).collect();
            serde::de::Error::custom(format!(
                "unknown window preset \"{text}\" (one of {})",
                labels.join(", ")
            ))
        })
    }
}

impl WindowPreset {
    pub const ALL: [WindowPreset; 8] = [
        WindowPreset::OneMonth,
        WindowPreset::ThreeMonths,
        WindowPreset::SixMonths,
        WindowPreset::YearToDate,
        WindowPreset::OneYear,
        WindowPreset::ThreeYears,
        WindowPreset::All,
        WindowPreset::Q1_2026,
    ];

    pub fn label(self) -> &'static str {
        match self {
            WindowPreset::OneMonth => "1M",
            WindowPreset::ThreeMonths => "3M",
            WindowPreset::SixMonths => "6M",
            WindowPreset::YearToDate => "YTD",
            WindowPreset::OneYear => "1Y",
            WindowPreset::ThreeYears => "3Y",
            WindowPreset::All => "All",
            WindowPreset::Q1_2026 => "Q1 2026",
        }
    }

    /// Parses a label as shown in the GUI (`"YTD"`, `"q1 2026"`, `"q1-2026"` ...).
    pub fn from_label(text: &str) -> Option<Self> {
        let wanted = text.trim().to_ascii_uppercase().replace(['-', '_'], " ");
        Self::ALL
            .into_iter()
            .find(|p| p.label().to_ascii_uppercase() == wanted)
    }

    /// The concrete range for data spanning `data_first ..= data_last`.
    ///
    /// Relative presets count back from the last date with data, not from today, so a stale data
    /// set still shows a full window.
    pub fn resolve(self, data_first: NaiveDate, data_last: NaiveDate) -> DateRange {
        let back = |months: u32| {
            data_last
                .checked_sub_months(Months::new(months))
                .unwrap_or(data_first)
                .max(data_first)
        };
        let from = match self {
            WindowPreset::OneMonth => back(1),
            WindowPreset::ThreeMonths => back(3),
            WindowPreset::SixMonths => back(6),
            WindowPreset::YearToDate => {
                NaiveDate::from_ymd_opt(data_last.year(), 1, 1).unwrap_or(data_first)
            }
            WindowPreset::OneYear => back(12),
            WindowPreset::ThreeYears => back(36),
            WindowPreset::All => data_first,
            WindowPreset::Q1_2026 => return DateRange::new(ymd(2026, 1, 1), ymd(2026, 3, 31)),
        };
        DateRange::new(from, data_last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_count_back_from_the_last_date() {
        let first = ymd(2021, 1, 4);
        let last = ymd(2026, 11, 20);
        let r = |p: WindowPreset| p.resolve(first, last);
        assert_eq!(r(WindowPreset::OneMonth).from, ymd(2026, 10, 20));
        assert_eq!(r(WindowPreset::ThreeMonths).from, ymd(2026, 8, 20));
        assert_eq!(r(WindowPreset::YearToDate).from, ymd(2026, 1, 1));
        assert_eq!(r(WindowPreset::OneYear).from, ymd(2025, 11, 20));
        assert_eq!(r(WindowPreset::ThreeYears).from, ymd(2023, 11, 20));
        assert_eq!(r(WindowPreset::All), DateRange::new(first, last));
        assert_eq!(
            r(WindowPreset::Q1_2026),
            DateRange::new(ymd(2026, 1, 1), ymd(2026, 3, 31))
        );
        // Never before the first date.
        assert_eq!(
            WindowPreset::ThreeYears.resolve(ymd(2025, 6, 1), last).from,
            ymd(2025, 6, 1)
        );
        // Month arithmetic clamps to the end of shorter months.
        assert_eq!(
            WindowPreset::OneMonth.resolve(first, ymd(2026, 3, 31)).from,
            ymd(2026, 2, 28)
        );
    }

    #[test]
    fn presets_parse_from_labels() {
        assert_eq!(
            WindowPreset::from_label("ytd"),
            Some(WindowPreset::YearToDate)
        );
        assert_eq!(
            WindowPreset::from_label("q1-2026"),
            Some(WindowPreset::Q1_2026)
        );
        assert_eq!(WindowPreset::from_label("2Y"), None);
    }
}
