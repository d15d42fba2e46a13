//! "Had I bought BTC instead": a portfolio's value over time against the same cash put into the
//! benchmark, and into an equal-weight basket, on the same dates.
//!
//! Each holding is a lot: `quantity` bought on `open_date` for `cost_basis_usd` in total. Its
//! value on a date is `quantity * price` (the last close on or before that date). The alternative
//! for a lot puts its cost basis into the benchmark at the benchmark's price on the open date
//! (or, for the basket, splits it equally over the basket members at their prices then).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::series::TimeSeries;
use crate::data::PriceSeries;
use crate::model::portfolio::{Holding, Portfolio};
use crate::model::{DateRange, date_to_days, days_to_date};

/// One lot as of the end date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LotResult {
    pub symbol: String,
    pub open_date: NaiveDate,
    pub quantity: f64,
    pub cost_usd: f64,
    pub price_usd: f64,
    /// The date of `price_usd`: the last close on or before the as-of date.
    pub price_date: NaiveDate,
    pub value_usd: f64,
    /// `(value / cost - 1) * 100`.
    pub return_pct: f64,
    /// The same cash in the benchmark from the open date to the end date.
    pub benchmark_return_pct: Option<f64>,
    /// `return_pct - benchmark_return_pct`, in points.
    pub spread_pp: Option<f64>,
    /// `(value - cost) / total cost * 100`: the lot's share of the portfolio's return, in points.
    pub contribution_pp: f64,
}

/// Totals of one way of investing the cash.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    pub value_usd: f64,
    pub return_pct: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PortfolioResult {
    pub name: String,
    pub benchmark: String,
    /// Values are as of this date (the last date with prices, not after the window's end).
    pub as_of: NaiveDate,
    pub cost_usd: f64,
    pub portfolio: Outcome,
    /// The same cash into the benchmark on the same dates.
    pub benchmark_instead: Option<Outcome>,
    /// The same cash into the equal-weight basket on the same dates.
    pub basket_instead: Option<Outcome>,
    pub basket_members: Vec<String>,
    pub lots: Vec<LotResult>,
    /// Lots left out, with the reason (no price for the symbol on or before the dates needed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    /// Lots valued at a close more than `STALE_AFTER_DAYS` before the as-of date, said in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stale: Vec<String>,
    /// Value over time (USD): the portfolio, the benchmark and basket alternatives, and the cash
    /// invested so far.
    #[serde(skip)]
    pub series: PortfolioSeries,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PortfolioSeries {
    pub portfolio: TimeSeries,
    pub benchmark: TimeSeries,
    pub basket: TimeSeries,
    pub invested: TimeSeries,
}

/// A price this many calendar days older than the date it values a holding at is stale.
pub const STALE_AFTER_DAYS: i64 = 5;

/// The last price on or before `day`.
fn price_asof(s: &PriceSeries, day: i32) -> Option<f64> {
    s.at_or_before(day).map(|(_, p)| p)
}

/// The equal-weight basket a portfolio is compared with: every loaded symbol but the benchmark
/// and the reference stocks of the AI factor (the default NVDA, AMD, AVGO, VRT, SMH and the
/// portfolio's own `factors`: they are not miners).
pub fn basket_members<S: AsRef<str>>(
    symbols: impl IntoIterator<Item = S>,
    benchmark: &str,
    factors: &[String],
) -> Vec<String> {
    crate::analysis::exposure::miners_only(
        symbols
            .into_iter()
            .filter(|s| s.as_ref() != benchmark)
            .map(|s| s.as_ref().to_owned())
            .collect(),
        factors,
    )
}

/// The window the portfolio is looked at in: `window`, or with `since_purchase` from the first
/// holding's opening date to `last` (the newest price), whatever the window.
pub fn portfolio_window(
    portfolio: &Portfolio,
    window: DateRange,
    last: NaiveDate,
    since_purchase: bool,
) -> DateRange {
    match portfolio.holdings.iter().map(|h| h.open_date).min() {
        Some(first) if since_purchase => DateRange::new(first.min(last), last),
        _ => window,
    }
}

/// Analyses `portfolio` over `window` with the prices in `series`. The basket is the
/// equal-weight basket of `basket_members`.
// One pass over the lots and one over the days, each formula of docs/methodology.md in order:
// split further, the running totals would travel through half a dozen arguments.
#[allow(clippy::too_many_lines)]
pub fn analyze_portfolio(
    portfolio: &Portfolio,
    series: &BTreeMap<String, PriceSeries>,
    basket_members: &[String],
    window: DateRange,
) -> PortfolioResult {
    let bench = series.get(&portfolio.benchmark);
    let members: Vec<&PriceSeries> = basket_members
        .iter()
        .filter_map(|m| series.get(m))
        .collect();
    let mut skipped = Vec::new();
    // The lots we can value: a price for the symbol on or before the open date.
    let mut lots: Vec<(&Holding, &PriceSeries)> = Vec::new();
    for h in &portfolio.holdings {
        match series.get(&h.symbol) {
            None => skipped.push(format!("{}: no prices loaded for this symbol", h.symbol)),
            Some(s) if s.first_date().is_none_or(|f| f > window.to) => skipped.push(format!(
                "{}: no prices on or before {}",
                h.symbol, window.to
            )),
            Some(_) if h.open_date > window.to => skipped.push(format!(
                "{} opened {}: after the window's end",
                h.symbol, h.open_date
            )),
            Some(s) => lots.push((h, s)),
        }
    }
    // Values are as of the last date with a price, not after the window's end.
    let end_day = lots
        .iter()
        .filter_map(|(_, s)| s.at_or_before(date_to_days(window.to)).map(|(d, _)| d))
        .max()
        .unwrap_or(date_to_days(window.to));
    let total_cost: f64 = lots.iter().map(|(h, _)| h.cost_basis_usd).sum();
    let mut results = Vec::new();
    let mut total_value = 0.0;
    for (h, s) in &lots {
        let open = date_to_days(h.open_date);
        let Some((price_day, price)) = s.at_or_before(end_day) else {
            continue;
        };
        let value = h.quantity * price;
        total_value += value;
        let ret = if h.cost_basis_usd > 0.0 {
            (value / h.cost_basis_usd - 1.0) * 100.0
        } else {
            f64::NAN
        };
        let bench_ret = bench.and_then(|b| {
            let b0 = price_asof(b, open)?;
            let b1 = price_asof(b, end_day)?;
            Some((b1 / b0 - 1.0) * 100.0)
        });
        results.push(LotResult {
            symbol: h.symbol.clone(),
            open_date: h.open_date,
            quantity: h.quantity,
            cost_usd: h.cost_basis_usd,
            price_usd: price,
            price_date: days_to_date(price_day),
            value_usd: value,
            return_pct: ret,
            benchmark_return_pct: bench_ret,
            spread_pp: bench_ret.map(|b| ret - b),
            contribution_pp: if total_cost > 0.0 {
                (value - h.cost_basis_usd) / total_cost * 100.0
            } else {
                0.0
            },
        });
    }

    // Daily grid from the window start (or the first purchase) to the end.
    let first_open = lots.iter().map(|(h, _)| date_to_days(h.open_date)).min();
    let start = first_open.map_or(date_to_days(window.from), |f| {
        f.max(date_to_days(window.from))
    });
    let mut out = PortfolioSeries {
        portfolio: named("Portfolio"),
        benchmark: named(&format!("{} instead", portfolio.benchmark)),
        basket: named("Equal-weight basket instead"),
        invested: named("Cash invested"),
    };
    let value_of =
        |day: i32, f: &dyn Fn(&Holding, &PriceSeries, i32) -> Option<f64>| -> Option<f64> {
            let mut sum = 0.0;
            for (h, s) in &lots {
                if date_to_days(h.open_date) <= day {
                    sum += f(h, s, day)?;
                }
            }
            Some(sum)
        };
    let hold = |h: &Holding, s: &PriceSeries, day: i32| price_asof(s, day).map(|p| h.quantity * p);
    let in_bench = |h: &Holding, _: &PriceSeries, day: i32| {
        let b = bench?;
        Some(h.cost_basis_usd * price_asof(b, day)? / price_asof(b, date_to_days(h.open_date))?)
    };
    let in_basket = |h: &Holding, _: &PriceSeries, day: i32| {
        let open = date_to_days(h.open_date);
        let ratios: Vec<f64> = members
            .iter()
            .filter_map(|m| Some(price_asof(m, day)? / price_asof(m, open)?))
            .collect();
        (!ratios.is_empty())
            .then(|| h.cost_basis_usd * ratios.iter().sum::<f64>() / ratios.len() as f64)
    };
    let invested = |h: &Holding, _: &PriceSeries, _day: i32| Some(h.cost_basis_usd);
    if !lots.is_empty() {
        for day in start..=end_day {
            for (ts, f) in [
                (
                    &mut out.portfolio,
                    &hold as &dyn Fn(&Holding, &PriceSeries, i32) -> Option<f64>,
                ),
                (&mut out.benchmark, &in_bench),
                (&mut out.basket, &in_basket),
                (&mut out.invested, &invested),
            ] {
                if let Some(v) = value_of(day, f) {
                    ts.days.push(day);
                    ts.values.push(v);
                }
            }
        }
    }
    let outcome = |value: Option<f64>| {
        value.map(|v| Outcome {
            value_usd: v,
            return_pct: if total_cost > 0.0 {
                (v / total_cost - 1.0) * 100.0
            } else {
                f64::NAN
            },
        })
    };
    let mut basket_members: Vec<String> = members.iter().map(|m| m.symbol.clone()).collect();
    basket_members.sort();
    PortfolioResult {
        name: portfolio.name.clone(),
        benchmark: portfolio.benchmark.clone(),
        as_of: days_to_date(end_day),
        cost_usd: total_cost,
        portfolio: Outcome {
            value_usd: total_value,
            return_pct: if total_cost > 0.0 {
                (total_value / total_cost - 1.0) * 100.0
            } else {
                f64::NAN
            },
        },
        benchmark_instead: outcome(value_of(end_day, &in_bench).filter(|_| !lots.is_empty())),
        basket_instead: outcome(value_of(end_day, &in_basket).filter(|_| !lots.is_empty())),
        basket_members,
        stale: results
            .iter()
            .filter_map(|l| {
                let age = (days_to_date(end_day) - l.price_date).num_days();
                (age > STALE_AFTER_DAYS).then(|| {
                    format!(
                        "{} is valued at its {} close, {age} days before {}",
                        l.symbol,
                        l.price_date,
                        days_to_date(end_day)
                    )
                })
            })
            .collect(),
        lots: results,
        skipped,
        series: out,
    }
}

fn named(name: &str) -> TimeSeries {
    TimeSeries {
        name: name.to_owned(),
        ..TimeSeries::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    fn series(symbol: &str, points: &[(NaiveDate, f64)]) -> PriceSeries {
        PriceSeries {
            symbol: symbol.into(),
            days: points.iter().map(|(d, _)| date_to_days(*d)).collect(),
            prices: points.iter().map(|(_, p)| *p).collect(),
        }
    }

    fn lot(symbol: &str, quantity: f64, cost: f64, open: NaiveDate) -> Holding {
        Holding {
            symbol: symbol.into(),
            quantity,
            cost_basis_usd: cost,
            open_date: open,
            note: None,
        }
    }

    #[test]
    fn the_basket_is_the_miners_without_the_ai_factor_stocks() {
        let loaded = ["BTC-USD", "IREN", "MARA", "NVDA", "SMH", "CRWV"];
        assert_eq!(
            basket_members(loaded, "BTC-USD", &[]),
            ["IREN", "MARA", "CRWV"],
            "the default factor stocks are left out"
        );
        assert_eq!(
            basket_members(loaded, "BTC-USD", &["CRWV".to_string()]),
            ["IREN", "MARA"],
            "and a portfolio's own factor stocks"
        );
        assert_eq!(
            basket_members(["BTC-USD", "NVDA", "AMD"], "BTC-USD", &[]),
            ["NVDA", "AMD"],
            "a universe of AI stocks only keeps them all"
        );
    }

    #[test]
    fn a_lot_valued_at_an_old_close_is_called_stale() {
        let (d1, d2) = (ymd(2025, 1, 6), ymd(2025, 1, 20));
        let mut all = BTreeMap::new();
        all.insert(
            "BTC-USD".into(),
            series("BTC-USD", &[(d1, 100.0), (d2, 110.0)]),
        );
        all.insert("AAA".into(), series("AAA", &[(d1, 10.0), (d2, 11.0)]));
        // BBB stopped trading (or was not refreshed) after d1.
        all.insert("BBB".into(), series("BBB", &[(d1, 50.0)]));
        let mut p = Portfolio::new("t");
        p.holdings.push(lot("AAA", 1.0, 10.0, d1));
        p.holdings.push(lot("BBB", 1.0, 50.0, d1));
        let members = vec!["AAA".to_string(), "BBB".to_string()];
        let r = analyze_portfolio(&p, &all, &members, DateRange::new(d1, d2));
        assert_eq!(r.as_of, d2);
        assert_eq!(r.lots[1].price_date, d1);
        assert_eq!(
            r.stale,
            ["BBB is valued at its 2025-01-06 close, 14 days before 2025-01-20"]
        );
    }

    #[test]
    fn hand_computed_portfolio_against_btc_and_basket() {
        let (d1, d2, d3) = (ymd(2025, 1, 6), ymd(2025, 1, 7), ymd(2025, 1, 8));
        let mut all = BTreeMap::new();
        all.insert(
            "BTC-USD".into(),
            series("BTC-USD", &[(d1, 100.0), (d2, 110.0), (d3, 120.0)]),
        );
        all.insert(
            "AAA".into(),
            series("AAA", &[(d1, 10.0), (d2, 20.0), (d3, 15.0)]),
        );
        all.insert("BBB".into(), series("BBB", &[(d1, 50.0), (d3, 25.0)]));
        let mut p = Portfolio::new("t");
        // 10 AAA bought on d1 for 100; 2 BBB bought on d2 (BBB did not trade: as-of price 50) for 100.
        p.holdings.push(lot("AAA", 10.0, 100.0, d1));
        p.holdings.push(lot("BBB", 2.0, 100.0, d2));
        p.holdings.push(lot("ZZZ", 1.0, 5.0, d1));
        let members = vec!["AAA".to_string(), "BBB".to_string()];
        let r = analyze_portfolio(&p, &all, &members, DateRange::new(d1, d3));
        assert_eq!(r.as_of, d3);
        assert_eq!(r.skipped, ["ZZZ: no prices loaded for this symbol"]);
        assert!(
            r.stale.is_empty(),
            "BBB's close is one day old: {:?}",
            r.stale
        );
        assert_eq!(r.lots[1].price_date, d3);
        assert_eq!(r.cost_usd, 200.0);
        // Values on d3: 10 * 15 = 150 and 2 * 25 = 50.
        assert_eq!(r.portfolio.value_usd, 200.0);
        assert_eq!(r.portfolio.return_pct, 0.0);
        let a = &r.lots[0];
        assert_eq!((a.value_usd, a.return_pct), (150.0, 50.0));
        assert!((a.benchmark_return_pct.unwrap() - 20.0).abs() < 1e-12);
        assert!((a.spread_pp.unwrap() - 30.0).abs() < 1e-12);
        assert_eq!(a.contribution_pp, 25.0);
        assert_eq!(r.lots[1].contribution_pp, -25.0);
        // BTC instead: 100 * 120/100 + 100 * 120/110.
        let btc = r.benchmark_instead.as_ref().unwrap();
        assert!((btc.value_usd - (120.0 + 100.0 * 120.0 / 110.0)).abs() < 1e-9);
        // Basket instead: lot 1 -> 100 * mean(15/10, 25/50) = 100; lot 2 -> 100 * mean(15/20, 25/50).
        let basket = r.basket_instead.as_ref().unwrap();
        assert!((basket.value_usd - (100.0 + 100.0 * (0.75 + 0.5) / 2.0)).abs() < 1e-9);
        // Series: one value per day from the first purchase.
        assert_eq!(r.series.portfolio.values, vec![100.0, 200.0 + 100.0, 200.0]);
        assert_eq!(r.series.invested.values, vec![100.0, 200.0, 200.0]);
    }

    #[test]
    fn a_window_before_any_purchase_reports_nothing_held() {
        let d = ymd(2025, 1, 6);
        let mut all = BTreeMap::new();
        all.insert("BTC-USD".into(), series("BTC-USD", &[(d, 100.0)]));
        let mut p = Portfolio::new("t");
        p.holdings.push(lot("BTC-USD", 1.0, 100.0, ymd(2025, 2, 1)));
        let r = analyze_portfolio(&p, &all, &[], DateRange::new(d, d));
        assert!(r.lots.is_empty());
        assert_eq!(r.skipped.len(), 1);
        assert_eq!(r.benchmark_instead, None);
    }
}
