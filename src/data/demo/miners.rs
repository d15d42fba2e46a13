//! The demo universe's BTC-USD and twelve miners: their anchors (roughly the public record's
//! turning points, then the early-2026 calibration) and their loadings.

use chrono::NaiveDate;

use crate::model::dates::ymd;

/// One demo symbol and the shape of its history.
#[derive(Clone, Debug)]
pub struct DemoSymbol {
    pub symbol: &'static str,
    pub name: &'static str,
    /// Whether the company is turning its sites into AI/HPC data centers.
    pub ai_pivot: bool,
    /// Beta to BTC before the pivot (and throughout, for pure-play miners).
    pub beta_early: f64,
    /// Beta to BTC once the pivot is complete.
    pub beta_late: f64,
    /// Annualized idiosyncratic volatility before and after the pivot.
    pub idio_vol_early: f64,
    pub idio_vol_late: f64,
    /// Typical daily share volume.
    pub volume: f64,
    /// Closing prices the path is pinned to (the first is the start price).
    pub anchors: &'static [(NaiveDate, f64)],
}

/// BTC-USD anchors: roughly the public record's turning points, then the early-2026 story
/// (2026-01-02 to 2026-03-31: exactly -17%).
pub const BTC_ANCHORS: &[(NaiveDate, f64)] = &[
    (ymd(2021, 1, 4), 31_900.0),
    (ymd(2021, 4, 13), 63_500.0),
    (ymd(2021, 7, 20), 29_800.0),
    (ymd(2021, 11, 8), 67_500.0),
    (ymd(2022, 6, 18), 19_000.0),
    (ymd(2022, 11, 21), 15_800.0),
    (ymd(2023, 6, 15), 25_100.0),
    (ymd(2023, 12, 31), 42_300.0),
    (ymd(2024, 3, 13), 73_000.0),
    (ymd(2024, 8, 5), 54_000.0),
    (ymd(2024, 12, 17), 106_000.0),
    (ymd(2025, 4, 8), 76_300.0),
    (ymd(2025, 10, 6), 124_700.0),
    (ymd(2025, 11, 21), 85_000.0),
    (ymd(2026, 1, 2), 90_000.0),
    (ymd(2026, 3, 31), 74_700.0),
    (ymd(2026, 6, 30), 71_000.0),
    (ymd(2026, 11, 20), 91_500.0),
];

const Q1_START: NaiveDate = ymd(2026, 1, 2);
const Q1_END: NaiveDate = ymd(2026, 3, 31);

macro_rules! miner {
    ($sym:expr, $name:expr, $pivot:expr, $b0:expr, $b1:expr, $i0:expr, $i1:expr, $vol:expr,
     [$p0:expr, $peak:expr, $low:expr, $mar24:expr, $jun25:expr, $jan26:expr, $q1:expr, $end:expr]) => {
        DemoSymbol {
            symbol: $sym,
            name: $name,
            ai_pivot: $pivot,
            beta_early: $b0,
            beta_late: $b1,
            idio_vol_early: $i0,
            idio_vol_late: $i1,
            volume: $vol,
            anchors: &[
                (ymd(2021, 1, 4), $p0),
                (ymd(2021, 11, 9), $peak),
                (ymd(2022, 12, 28), $low),
                (ymd(2024, 3, 8), $mar24),
                (ymd(2025, 6, 30), $jun25),
                (Q1_START, $jan26),
                (Q1_END, $jan26 * (1.0 + $q1 / 100.0)),
                (ymd(2026, 11, 20), $end),
            ],
        }
    };
}

/// The twelve miners. Q1 2026 returns (the 7th number) are the calibration targets.
pub const DEMO_MINERS: &[DemoSymbol] = &[
    miner!(
        "MARA",
        "MARA Holdings",
        false,
        1.55,
        1.55,
        0.55,
        0.55,
        45.0e6,
        [10.5, 76.0, 3.2, 26.0, 15.7, 11.0, -20.0, 12.1]
    ),
    miner!(
        "RIOT",
        "Riot Platforms",
        false,
        1.50,
        1.50,
        0.55,
        0.55,
        25.0e6,
        [17.5, 45.0, 3.1, 14.5, 11.3, 13.5, -12.0, 14.2]
    ),
    miner!(
        "CLSK",
        "CleanSpark",
        false,
        1.60,
        1.60,
        0.60,
        0.60,
        22.0e6,
        [13.0, 22.0, 1.9, 20.0, 11.5, 11.0, -15.0, 12.6]
    ),
    miner!(
        "CORZ",
        "Core Scientific",
        true,
        1.45,
        0.55,
        0.60,
        0.80,
        12.0e6,
        [10.0, 14.0, 1.2, 3.5, 17.0, 16.0, 51.0, 22.5]
    ),
    miner!(
        "IREN",
        "IREN",
        true,
        1.50,
        0.60,
        0.60,
        0.85,
        15.0e6,
        [18.0, 35.0, 1.3, 6.5, 14.5, 38.0, 68.0, 58.0]
    ),
    miner!(
        "CIFR",
        "Cipher Mining",
        true,
        1.45,
        0.55,
        0.60,
        0.85,
        10.0e6,
        [10.0, 9.0, 0.7, 4.5, 4.8, 15.0, 62.0, 21.0]
    ),
    miner!(
        "HUT",
        "Hut 8",
        true,
        1.40,
        0.80,
        0.55,
        0.70,
        4.0e6,
        [12.0, 55.0, 4.5, 11.0, 18.5, 40.0, -4.0, 44.0]
    ),
    miner!(
        "WULF",
        "TeraWulf",
        true,
        1.50,
        0.55,
        0.65,
        0.85,
        20.0e6,
        [4.0, 18.0, 0.6, 2.9, 4.3, 12.0, 57.0, 16.0]
    ),
    miner!(
        "BITF",
        "Bitfarms",
        false,
        1.55,
        1.55,
        0.60,
        0.60,
        18.0e6,
        [2.3, 7.3, 0.4, 2.9, 1.3, 2.6, -25.0, 2.8]
    ),
    miner!(
        "HIVE",
        "HIVE Digital Technologies",
        false,
        1.50,
        1.50,
        0.60,
        0.60,
        6.0e6,
        [11.0, 17.0, 2.2, 4.3, 1.8, 3.1, -22.0, 3.3]
    ),
    miner!(
        "BTDR",
        "Bitdeer Technologies",
        false,
        1.35,
        1.35,
        0.60,
        0.60,
        5.0e6,
        [10.0, 12.0, 9.0, 7.0, 11.5, 12.0, -10.0, 13.0]
    ),
    miner!(
        "APLD",
        "Applied Digital",
        true,
        1.30,
        0.50,
        0.65,
        0.90,
        14.0e6,
        [3.0, 12.0, 1.3, 5.5, 6.5, 26.0, 54.0, 33.0]
    ),
];

/// When the AI pivoters' link to BTC starts to weaken, and when the change is complete.
pub const PIVOT_START: NaiveDate = ymd(2025, 1, 1);
pub const PIVOT_END: NaiveDate = ymd(2025, 12, 31);

/// The AI pivoters' loading on the AI-infrastructure factor once the pivot is complete (0
/// before it, and for the pure-play miners).
pub const AI_BETA_LATE: f64 = 1.0;

/// A miner's loadings on a date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Loadings {
    /// Beta to BTC's log return.
    pub beta_btc: f64,
    /// Beta to the AI factor basket's log return.
    pub beta_ai: f64,
    /// Annual volatility of everything else: the idiosyncratic volatility with the AI factor's
    /// share taken out, so the stock's total volatility stays calibrated.
    pub idio_vol: f64,
}

impl DemoSymbol {
    /// The share of the pivot done on `day`: 0 before 2025, 1 from 2026 (always 0 for the pure
    /// miners).
    fn pivot_progress(&self, day: NaiveDate) -> f64 {
        if !self.ai_pivot || day <= PIVOT_START {
            0.0
        } else if day >= PIVOT_END {
            1.0
        } else {
            (day - PIVOT_START).num_days() as f64 / (PIVOT_END - PIVOT_START).num_days() as f64
        }
    }

    /// Loadings on a date, given the AI factor basket's annual volatility.
    pub fn loadings(&self, day: NaiveDate, ai_vol: f64) -> Loadings {
        let t = self.pivot_progress(day);
        let beta_ai = t * AI_BETA_LATE;
        let idio = self.idio_vol_early + t * (self.idio_vol_late - self.idio_vol_early);
        Loadings {
            beta_btc: self.beta_early + t * (self.beta_late - self.beta_early),
            beta_ai,
            idio_vol: (idio * idio - (beta_ai * ai_vol).powi(2)).max(0.01).sqrt(),
        }
    }
}
