//! The demo's AI-infrastructure stocks: the default factor basket of the Exposure view (NVDA,
//! AMD, AVGO, VRT, SMH). Each loads on one common AI factor plus its own noise, and is pinned at
//! a few approximate split-adjusted closes of the public record (the 2021 start, the October
//! 2022 low, the 2024 highs, the April 2025 sell-off and the late-2025 highs); the path between
//! them, and everything after 2025, is synthetic like the rest of the demo.

use chrono::NaiveDate;

use crate::model::dates::ymd;

/// Annual volatility of the common AI factor.
pub const AI_FACTOR_VOL: f64 = 0.35;

/// One factor stock.
#[derive(Clone, Debug)]
pub struct DemoFactor {
    pub symbol: &'static str,
    pub name: &'static str,
    /// Loading on the common AI factor.
    pub beta_factor: f64,
    /// Annual idiosyncratic volatility.
    pub idio_vol: f64,
    pub volume: f64,
    pub anchors: &'static [(NaiveDate, f64)],
}

pub const DEMO_FACTORS: &[DemoFactor] = &[
    DemoFactor {
        symbol: "NVDA",
        name: "NVIDIA",
        beta_factor: 1.35,
        idio_vol: 0.25,
        volume: 250.0e6,
        anchors: &[
            (ymd(2021, 1, 4), 13.1),
            (ymd(2022, 10, 13), 11.2),
            (ymd(2024, 6, 18), 135.6),
            (ymd(2025, 4, 4), 94.3),
            (ymd(2025, 10, 29), 207.0),
            (ymd(2026, 11, 20), 186.0),
        ],
    },
    DemoFactor {
        symbol: "AMD",
        name: "Advanced Micro Devices",
        beta_factor: 1.30,
        idio_vol: 0.30,
        volume: 50.0e6,
        anchors: &[
            (ymd(2021, 1, 4), 92.3),
            (ymd(2022, 10, 13), 57.0),
            (ymd(2024, 3, 7), 211.4),
            (ymd(2025, 4, 8), 78.2),
            (ymd(2025, 10, 27), 259.7),
            (ymd(2026, 11, 20), 238.0),
        ],
    },
    DemoFactor {
        symbol: "AVGO",
        name: "Broadcom",
        beta_factor: 1.10,
        idio_vol: 0.25,
        volume: 25.0e6,
        anchors: &[
            (ymd(2021, 1, 4), 43.4),
            (ymd(2022, 10, 13), 42.0),
            (ymd(2024, 12, 16), 250.0),
            (ymd(2025, 4, 4), 146.3),
            (ymd(2025, 12, 10), 412.0),
            (ymd(2026, 11, 20), 362.0),
        ],
    },
    DemoFactor {
        symbol: "VRT",
        name: "Vertiv Holdings",
        beta_factor: 1.30,
        idio_vol: 0.35,
        volume: 8.0e6,
        anchors: &[
            (ymd(2021, 1, 4), 18.7),
            (ymd(2022, 10, 13), 12.0),
            (ymd(2024, 5, 21), 107.0),
            (ymd(2025, 4, 4), 58.4),
            (ymd(2025, 10, 28), 190.0),
            (ymd(2026, 11, 20), 176.0),
        ],
    },
    DemoFactor {
        symbol: "SMH",
        name: "VanEck Semiconductor ETF",
        beta_factor: 0.95,
        idio_vol: 0.08,
        volume: 7.0e6,
        anchors: &[
            (ymd(2021, 1, 4), 116.0),
            (ymd(2022, 10, 13), 96.0),
            (ymd(2024, 7, 10), 283.0),
            (ymd(2025, 4, 4), 186.0),
            (ymd(2025, 10, 29), 370.0),
            (ymd(2026, 11, 20), 331.0),
        ],
    },
];

/// Annual volatility of the equal-weight basket of the factor stocks' log returns (the AI
/// factor as the Exposure view builds it), from the loadings above.
pub fn basket_vol() -> f64 {
    let n = DEMO_FACTORS.len() as f64;
    let beta: f64 = DEMO_FACTORS.iter().map(|f| f.beta_factor).sum::<f64>() / n;
    let idio_var: f64 = DEMO_FACTORS.iter().map(|f| f.idio_vol.powi(2)).sum::<f64>() / (n * n);
    ((beta * AI_FACTOR_VOL).powi(2) + idio_var).sqrt()
}
