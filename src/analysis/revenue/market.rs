//! The Bitcoin inputs of the model on a date (BTC price, network hashrate, fees per block),
//! hashprice, and the one rule that chooses them for the window and the command line alike.

use std::ops::RangeInclusive;

use chrono::NaiveDate;
use serde::Serialize;

use super::BLOCKS_PER_DAY;
use super::error::{RevenueError, positive_problem, range_problem};
use super::halving::subsidy_at_date;
use crate::model::BTC_SYMBOL;
use crate::model::fmt::format_grouped;
use crate::model::fundamentals::FundamentalsFile;

/// The BTC prices the window's slider and the AI-share curve span, in USD.
pub const BTC_PRICE_RANGE_USD: RangeInclusive<f64> = 20_000.0..=250_000.0;
/// One point of the AI-share curve per this many USD of [`BTC_PRICE_RANGE_USD`].
pub const CURVE_STEP_USD: f64 = 1_000.0;
/// The BTC price the window uses when the data has no BTC-USD close and the user set none (the
/// command line refuses instead).
pub const FALLBACK_BTC_PRICE_USD: f64 = 90_000.0;

/// Steps of the AI-share curve over [`BTC_PRICE_RANGE_USD`].
pub fn curve_steps() -> usize {
    ((BTC_PRICE_RANGE_USD.end() - BTC_PRICE_RANGE_USD.start()) / CURVE_STEP_USD).round() as usize
}

/// Market values the user set (a slider in the window, a flag on the command line); `None` takes
/// the default.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MarketInputs {
    pub btc_price_usd: Option<f64>,
    pub network_hashrate_eh: Option<f64>,
    pub fees_btc_per_block: Option<f64>,
}

impl MarketInputs {
    pub fn is_empty(&self) -> bool {
        *self == MarketInputs::default()
    }
}

/// Where the BTC price of a market came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BtcPriceSource {
    /// The user set it.
    Given,
    /// The last BTC-USD close on or before the as-of date: that close's date.
    Close(NaiveDate),
    /// No close and none given: [`FALLBACK_BTC_PRICE_USD`].
    Fallback,
}

/// The market of a date as the model uses it, with what it would be without the user's inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedMarket {
    pub market: Market,
    /// The market with none of the user's inputs (what the sliders reset to).
    pub defaults: Market,
    pub btc_source: BtcPriceSource,
    /// Where the network hashrate comes from: the file, its fetched history, or the user.
    pub hashrate_source: String,
}

impl ResolvedMarket {
    /// Where the BTC price came from in words; `given_by` says how the user sets it ("set with
    /// the slider", "set with --btc-price"), `data_source` labels the prices.
    pub fn btc_note(&self, given_by: &str, data_source: &str) -> String {
        match self.btc_source {
            BtcPriceSource::Given => given_by.to_owned(),
            BtcPriceSource::Close(d) => format!("{BTC_SYMBOL} close on {d} ({data_source})"),
            BtcPriceSource::Fallback => format!(
                "${} (no {BTC_SYMBOL} in the data)",
                format_grouped(FALLBACK_BTC_PRICE_USD, 0)
            ),
        }
    }
}

/// The one rule for the model's market on `as_of`: the BTC price the user gave, else
/// `btc_close` (the last BTC-USD close on or before `as_of`, with its date), else `fallback_usd`
/// (the window) or `None` (the command line, which asks for --btc-price); the network hashrate
/// and fees the user gave, else the fundamentals file's for that date.
pub fn resolve_market(
    file: &FundamentalsFile,
    as_of: NaiveDate,
    btc_close: Option<(NaiveDate, f64)>,
    inputs: &MarketInputs,
    fallback_usd: Option<f64>,
) -> Option<ResolvedMarket> {
    let (default_btc, default_source) = match (btc_close, fallback_usd) {
        (Some((date, price)), _) => (price, BtcPriceSource::Close(date)),
        (None, Some(price)) => (price, BtcPriceSource::Fallback),
        (None, None) => (inputs.btc_price_usd?, BtcPriceSource::Given),
    };
    let defaults = Market::from_file(file, as_of, default_btc);
    let market = Market {
        btc_price_usd: inputs.btc_price_usd.unwrap_or(defaults.btc_price_usd),
        network_hashrate_eh: inputs
            .network_hashrate_eh
            .unwrap_or(defaults.network_hashrate_eh),
        fees_btc_per_block: inputs
            .fees_btc_per_block
            .unwrap_or(defaults.fees_btc_per_block),
        ..defaults
    };
    Some(ResolvedMarket {
        market,
        defaults,
        btc_source: if inputs.btc_price_usd.is_some() {
            BtcPriceSource::Given
        } else {
            default_source
        },
        hashrate_source: match inputs.network_hashrate_eh {
            Some(_) => "set by the user".to_owned(),
            None => file.network.hashrate_at(as_of).1,
        },
    })
}

/// The Bitcoin inputs of the model on a date.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Market {
    pub as_of: NaiveDate,
    pub btc_price_usd: f64,
    pub network_hashrate_eh: f64,
    pub fees_btc_per_block: f64,
}

impl Market {
    /// The market with the fundamentals file's network hashrate for `as_of` (see
    /// [`NetworkInputs::hashrate_at`](crate::model::fundamentals::NetworkInputs::hashrate_at))
    /// and its fees.
    pub fn from_file(file: &FundamentalsFile, as_of: NaiveDate, btc_price_usd: f64) -> Self {
        Market {
            as_of,
            btc_price_usd,
            network_hashrate_eh: file.network.hashrate_at(as_of).0,
            fees_btc_per_block: file.network.fees_btc_per_block.value,
        }
    }

    pub fn subsidy_btc(&self) -> f64 {
        subsidy_at_date(self.as_of)
    }

    pub fn hashprice_usd_per_ph_day(&self) -> f64 {
        hashprice_usd_per_ph_day(
            self.subsidy_btc(),
            self.fees_btc_per_block,
            self.btc_price_usd,
            self.network_hashrate_eh,
        )
    }

    /// The same market at another BTC price.
    pub fn with_btc_price(self, btc_price_usd: f64) -> Self {
        Market {
            btc_price_usd,
            ..self
        }
    }

    /// BTC price and network hashrate above zero, fees not negative, all numbers.
    pub fn validate(&self) -> Result<(), RevenueError> {
        let checks = [
            ("btc_price_usd", positive_problem(self.btc_price_usd)),
            (
                "network_hashrate_eh",
                positive_problem(self.network_hashrate_eh),
            ),
            (
                "fees_btc_per_block",
                range_problem(self.fees_btc_per_block, 0.0, None, "BTC"),
            ),
        ];
        match checks.into_iter().find_map(|(f, p)| Some((f, p?))) {
            Some((field, problem)) => Err(RevenueError::Market { field, problem }),
            None => Ok(()),
        }
    }
}

/// Hashprice in USD per PH/s per day = 144 * (subsidy + fees) * price / (network EH/s * 1000).
pub fn hashprice_usd_per_ph_day(
    subsidy_btc: f64,
    fees_btc_per_block: f64,
    btc_price_usd: f64,
    network_hashrate_eh: f64,
) -> f64 {
    BLOCKS_PER_DAY * (subsidy_btc + fees_btc_per_block) * btc_price_usd
        / (network_hashrate_eh * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::revenue::test_util::{close, market};

    #[test]
    fn hashprice_worked_example() {
        let m = market();
        assert_eq!(m.subsidy_btc(), 3.125);
        let hp = m.hashprice_usd_per_ph_day();
        assert!(close(hp, 40.824, 1e-9), "{hp}");
        assert_eq!(format!("{hp:.2}"), "40.82");
    }

    #[test]
    fn the_users_inputs_win_then_the_close_then_the_fallback() {
        use crate::model::dates::ymd;
        let file = crate::data::fundamentals::bundled_fundamentals().unwrap();
        let as_of = ymd(2026, 3, 31);
        let close_of = Some((ymd(2026, 3, 30), 80_000.0));
        let none = MarketInputs::default();
        let r = resolve_market(&file, as_of, close_of, &none, None).unwrap();
        assert_eq!(r.market.btc_price_usd, 80_000.0);
        assert_eq!(r.btc_source, BtcPriceSource::Close(ymd(2026, 3, 30)));
        assert_eq!(r.market, r.defaults);
        assert_eq!(
            r.btc_note("set", "demo"),
            "BTC-USD close on 2026-03-30 (demo)"
        );
        let given = MarketInputs {
            btc_price_usd: Some(100_000.0),
            network_hashrate_eh: Some(900.0),
            fees_btc_per_block: Some(0.5),
        };
        let r = resolve_market(&file, as_of, close_of, &given, None).unwrap();
        assert_eq!(r.market.btc_price_usd, 100_000.0);
        assert_eq!(r.defaults.btc_price_usd, 80_000.0);
        assert_eq!(r.market.network_hashrate_eh, 900.0);
        assert_eq!(r.market.fees_btc_per_block, 0.5);
        assert_eq!(r.btc_source, BtcPriceSource::Given);
        // No close: the window falls back, the command line needs a price.
        let r = resolve_market(&file, as_of, None, &none, Some(FALLBACK_BTC_PRICE_USD)).unwrap();
        assert_eq!(
            r.btc_note("set", "demo"),
            "$90,000 (no BTC-USD in the data)"
        );
        assert!(resolve_market(&file, as_of, None, &none, None).is_none());
        assert_eq!(curve_steps(), 230);
    }
}
