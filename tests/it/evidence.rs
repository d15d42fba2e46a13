//! The evidence models checked against independent computations written here: the event study
//! (MacKinlay's market model) and the two-factor exposure, on the demo universe and on real
//! public data (../shared/realdata, skipped with a notice when absent); and the exposure
//! estimator recovering the demo generator's betas.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use minerlens::analysis::Aligned;
use minerlens::analysis::events::{EventParams, study};
use minerlens::analysis::exposure::{DEFAULT_FACTORS, exposure, observations};
use minerlens::data::deals::bundled_ledger;
use minerlens::data::demo::{AI_BETA_LATE, DEMO_MINERS};
use minerlens::data::import::load_paths;
use minerlens::data::sample::load_demo;
use minerlens::model::DateRange;
use minerlens::model::deals::{Deal, DealKind};
use minerlens::model::{date_to_days, days_to_date};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// One event as a plain loop: (alpha, beta, resid sd, [CAR -1,+1; 0,+5; -5,+20] in %).
struct Independent {
    alpha: f64,
    beta: f64,
    sd: f64,
    cars: [f64; 3],
    t: [f64; 3],
}

/// The methodology written out again: the stock's dates, the benchmark's last close on or
/// before each; day 0 the first date on or after the announcement; 250 estimation returns
/// ending 30 days before day 0; OLS; abnormal returns summed over the windows.
fn independent(
    stock: &[(NaiveDate, f64)],
    bench: &BTreeMap<NaiveDate, f64>,
    announced: NaiveDate,
) -> Option<Independent> {
    let asof = |d: NaiveDate| bench.range(..=d).next_back().map(|(_, p)| *p);
    let d0 = stock.iter().position(|(d, _)| *d >= announced)?;
    let ret = |i: usize| -> Option<(f64, f64)> {
        let (d1, p1) = stock.get(i)?;
        let (d_prev, p_prev) = stock.get(i.checked_sub(1)?)?;
        Some((p1 / p_prev - 1.0, asof(*d1)? / asof(*d_prev)? - 1.0))
    };
    let end = d0.checked_sub(30)?;
    let start = end.checked_sub(249)?;
    let est: Vec<(f64, f64)> = (start..=end).map(ret).collect::<Option<_>>()?;
    let n = est.len() as f64;
    let mx = est.iter().map(|e| e.1).sum::<f64>() / n;
    let my = est.iter().map(|e| e.0).sum::<f64>() / n;
    let sxy: f64 = est.iter().map(|e| (e.1 - mx) * (e.0 - my)).sum();
    let sxx: f64 = est.iter().map(|e| (e.1 - mx).powi(2)).sum();
    let beta = sxy / sxx;
    let alpha = my - beta * mx;
    let ssr: f64 = est.iter().map(|e| (e.0 - alpha - beta * e.1).powi(2)).sum();
    let sd = (ssr / (n - 2.0)).sqrt();
    let mut cars = [0.0; 3];
    let mut t = [0.0; 3];
    for (k, (a, b)) in [(-1i64, 1i64), (0, 5), (-5, 20)].into_iter().enumerate() {
        let mut car = 0.0;
        for tau in a..=b {
            let (r, rm) = ret(usize::try_from(d0 as i64 + tau).ok()?)?;
            car += r - alpha - beta * rm;
        }
        cars[k] = car * 100.0;
        t[k] = car / (sd * ((b - a + 1) as f64).sqrt());
    }
    Some(Independent {
        alpha,
        beta,
        sd,
        cars,
        t,
    })
}

fn series_of(aligned: &Aligned, symbol: &str) -> Vec<(NaiveDate, f64)> {
    let s = aligned.get(symbol).unwrap();
    s.days
        .iter()
        .zip(&s.prices)
        .map(|(d, p)| (days_to_date(*d), *p))
        .collect()
}

fn bench_of(prices: &minerlens::data::PriceFrame, benchmark: &str) -> BTreeMap<NaiveDate, f64> {
    let all = prices.all_series().unwrap();
    let b = &all[benchmark];
    b.days
        .iter()
        .zip(&b.prices)
        .map(|(d, p)| (days_to_date(*d), *p))
        .collect()
}

/// Every event the study computes equals the plain loop to 1e-9.
fn check_study(prices: &minerlens::data::PriceFrame, deals: &[Deal]) -> usize {
    let aligned = Aligned::build(prices, "BTC-USD").unwrap();
    let bench = bench_of(prices, "BTC-USD");
    let result = study(&aligned, deals, &EventParams::default());
    let mut checked = 0;
    for e in &result.events {
        let deal = deals.iter().find(|d| d.id == e.id).unwrap();
        assert_eq!(
            deal.after_close, None,
            "the loop above has no after-close rule"
        );
        let want = independent(&series_of(&aligned, &e.symbol), &bench, deal.announced)
            .unwrap_or_else(|| panic!("{}: the loop found no event", e.id));
        assert!(close(e.model.alpha, want.alpha, 1e-9), "{} alpha", e.id);
        assert!(close(e.model.beta, want.beta, 1e-9), "{} beta", e.id);
        assert!(close(e.model.resid_std, want.sd, 1e-9), "{} sd", e.id);
        for (k, (a, b)) in [(-1, 1), (0, 5), (-5, 20)].into_iter().enumerate() {
            let w = e.window(a, b).unwrap();
            match w.car_pct {
                Some(car) => {
                    assert!(close(car, want.cars[k], 1e-9), "{} CAR[{a},{b}]", e.id);
                    assert!(close(w.t.unwrap(), want.t[k], 1e-9), "{} t[{a},{b}]", e.id);
                }
                None => panic!("{} CAR[{a},{b}] missing: {:?}", e.id, w.note),
            }
        }
        checked += 1;
    }
    checked
}

/// The ledger's deals with their after-close flag dropped (the loop's day 0 is the plain
/// "first date on or after"), those far enough from the data's end for the [-5,+20] window.
fn plain_deals(last: NaiveDate) -> Vec<Deal> {
    bundled_ledger()
        .unwrap()
        .deals
        .into_iter()
        .filter(|d| d.announced + chrono::Days::new(40) < last)
        .map(|mut d| {
            d.after_close = None;
            d
        })
        .collect()
}

#[test]
fn the_event_study_matches_a_plain_loop_on_the_demo() {
    let prices = load_demo().unwrap();
    let deals = plain_deals(ymd(2026, 11, 20));
    let checked = check_study(&prices, &deals);
    assert!(checked >= 20, "{checked} events checked");
}

#[test]
fn the_demo_event_study_tells_what_the_sources_report() {
    // APLD's CoreWeave lease: +48.46% on day 0 in the sources, so the day-0 abnormal return is
    // about that less the market model's expectation.
    let prices = load_demo().unwrap();
    let aligned = Aligned::build(&prices, "BTC-USD").unwrap();
    let deals = bundled_ledger().unwrap().deals;
    let result = study(&aligned, &deals, &EventParams::default());
    let apld = result
        .events
        .iter()
        .find(|e| e.id == "apld-coreweave-2025-06-02")
        .unwrap();
    assert_eq!(apld.day0, ymd(2025, 6, 2));
    // path[k] is the CAR from day -5 to day k - 5.
    let day0 = apld.path[5].unwrap() - apld.path[4].unwrap();
    assert!((40.0..=60.0).contains(&day0), "day-0 AR {day0}%");
    let car = apld.window(-1, 1).unwrap();
    assert!(car.t.unwrap() > 3.0, "{car:?}");
    // Events of the same day are separate rows.
    let same_day: Vec<_> = result
        .events
        .iter()
        .filter(|e| e.announced == ymd(2025, 11, 3))
        .collect();
    assert_eq!(same_day.len(), 2, "IREN and CIFR on 2025-11-03");
    // Galaxy is not in the demo: listed with the reason, not dropped.
    assert!(
        result
            .skipped
            .iter()
            .any(|s| s.symbol == "GLXY" && s.reason.contains("no prices for GLXY"))
    );
}

/// A deal on real prices: the ledger's deals are after the real data ends (2024-03-08), so the
/// events here are dates picked for the check, not announcements.
fn test_deal(symbol: &str, announced: NaiveDate) -> Deal {
    Deal::new(
        format!("{symbol}-{announced}"),
        announced,
        symbol,
        "check",
        DealKind::ColocationLease,
    )
}

fn real_prices(test: &str, symbols: &[&str]) -> Option<minerlens::data::PriceFrame> {
    let dir = crate::common::realdata("prices", test)?;
    let files: Vec<_> = symbols
        .iter()
        .chain(&["BTC-USD"])
        .map(|s| dir.join(format!("{s}.csv")))
        .collect();
    Some(load_paths(&files, &Default::default()).unwrap().0)
}

#[test]
fn the_event_study_matches_a_plain_loop_on_real_data() {
    let Some(prices) = real_prices(
        "the_event_study_matches_a_plain_loop_on_real_data",
        &["MARA", "RIOT", "CLSK", "HUT"],
    ) else {
        return;
    };
    let deals: Vec<Deal> = [
        ("MARA", ymd(2022, 6, 13)),
        ("MARA", ymd(2023, 3, 10)),
        ("RIOT", ymd(2021, 11, 10)),
        ("RIOT", ymd(2023, 10, 23)),
        ("CLSK", ymd(2022, 1, 3)),
        // A Saturday: day 0 is the Monday.
        ("HUT", ymd(2022, 5, 14)),
    ]
    .iter()
    .map(|(s, d)| test_deal(s, *d))
    .collect();
    assert_eq!(check_study(&prices, &deals), deals.len());
}

/// OLS of y on [1, x1, x2] by the normal equations, solved by Cramer's rule: (a, b1, b2, R²).
fn ols2(y: &[f64], x1: &[f64], x2: &[f64]) -> [f64; 4] {
    let n = y.len() as f64;
    let s = |f: &dyn Fn(usize) -> f64| (0..y.len()).map(f).sum::<f64>();
    let m = [
        [n, s(&|i| x1[i]), s(&|i| x2[i])],
        [s(&|i| x1[i]), s(&|i| x1[i] * x1[i]), s(&|i| x1[i] * x2[i])],
        [s(&|i| x2[i]), s(&|i| x1[i] * x2[i]), s(&|i| x2[i] * x2[i])],
    ];
    let v = [s(&|i| y[i]), s(&|i| x1[i] * y[i]), s(&|i| x2[i] * y[i])];
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(m);
    let solve = |k: usize| {
        let mut mk = m;
        for r in 0..3 {
            mk[r][k] = v[r];
        }
        det(mk) / d
    };
    let (a, b1, b2) = (solve(0), solve(1), solve(2));
    let my = v[0] / n;
    let ssr: f64 = (0..y.len())
        .map(|i| (y[i] - a - b1 * x1[i] - b2 * x2[i]).powi(2))
        .sum();
    let sst: f64 = y.iter().map(|v| (v - my).powi(2)).sum();
    [a, b1, b2, 1.0 - ssr / sst]
}

/// The window fit and every rolling fit equal the normal equations on the same returns, built
/// here from the raw series: the stock's dates, the benchmark and each factor as of them.
fn check_exposure(
    prices: &minerlens::data::PriceFrame,
    symbols: &[&str],
    factors: &[&str],
    window: DateRange,
) {
    let aligned = Aligned::build(prices, "BTC-USD").unwrap();
    let all = prices.all_series().unwrap();
    let asof = |sym: &str, d: i32| -> Option<f64> {
        let s = &all[sym];
        let i = s.days.partition_point(|x| *x <= d).checked_sub(1)?;
        // Carried at most 5 calendar days, as the analysis aligns.
        (d - s.days[i] <= 5).then_some(s.prices[i])
    };
    let symbols: Vec<String> = symbols.iter().map(|s| s.to_string()).collect();
    let factors: Vec<String> = factors.iter().map(|s| s.to_string()).collect();
    let fits = exposure(&aligned, &symbols, &factors, window).unwrap();
    assert!(fits.skipped.is_empty(), "{:?}", fits.skipped);
    for row in &fits.rows {
        let s = &all[&row.symbol];
        let (mut y, mut xb, mut xa, mut days) = (vec![], vec![], vec![], vec![]);
        for i in 1..s.days.len() {
            let (d0, d1) = (s.days[i - 1], s.days[i]);
            let (Some(b0), Some(b1)) = (asof("BTC-USD", d0), asof("BTC-USD", d1)) else {
                continue;
            };
            let rs: Vec<f64> = factors
                .iter()
                .filter_map(|f| Some(asof(f, d1)? / asof(f, d0)? - 1.0))
                .collect();
            if rs.is_empty() {
                continue;
            }
            days.push(d1);
            y.push(s.prices[i] / s.prices[i - 1] - 1.0);
            xb.push(b1 / b0 - 1.0);
            xa.push(rs.iter().sum::<f64>() / rs.len() as f64);
        }
        let (from, to) = (date_to_days(window.from), date_to_days(window.to));
        let idx: Vec<usize> = (0..days.len())
            .filter(|i| days[*i] >= from && days[*i] <= to)
            .collect();
        let pick = |v: &[f64]| idx.iter().map(|i| v[*i]).collect::<Vec<f64>>();
        let want = ols2(&pick(&y), &pick(&xb), &pick(&xa));
        let f = &row.fit;
        assert_eq!(f.n, idx.len(), "{}", row.symbol);
        for (got, want, what) in [
            (f.alpha, want[0], "alpha"),
            (f.beta_btc, want[1], "b_btc"),
            (f.beta_ai, want[2], "b_ai"),
            (f.r2, want[3], "r2"),
        ] {
            assert!(
                close(got, want, 1e-9),
                "{} {what}: {got} vs {want}",
                row.symbol
            );
        }
        // Rolling over 60 returns: each equals a refit of its 60 returns.
        let obs = observations(&aligned, &row.symbol, &factors).unwrap();
        let rolling = obs.rolling(60);
        assert_eq!(rolling.len(), days.len() - 59, "{}", row.symbol);
        for (k, (day, fit)) in rolling.iter().enumerate().step_by(97) {
            let end = k + 59;
            assert_eq!(*day, days[end]);
            let w = |v: &[f64]| v[end - 59..=end].to_vec();
            let want = ols2(&w(&y), &w(&xb), &w(&xa));
            assert!(
                close(fit.beta_btc, want[1], 1e-9),
                "{} rolling b_btc",
                row.symbol
            );
            assert!(
                close(fit.beta_ai, want[2], 1e-9),
                "{} rolling b_ai",
                row.symbol
            );
        }
    }
}

#[test]
fn exposure_matches_the_normal_equations_on_real_data() {
    let Some(prices) = real_prices(
        "exposure_matches_the_normal_equations_on_real_data",
        &["MARA", "RIOT", "CLSK", "COIN", "MSTR"],
    ) else {
        return;
    };
    // COIN and MSTR play the factor: any stocks do for the arithmetic.
    check_exposure(
        &prices,
        &["MARA", "RIOT", "CLSK"],
        &["COIN", "MSTR"],
        DateRange::new(ymd(2022, 1, 1), ymd(2023, 12, 31)),
    );
}

#[test]
fn exposure_matches_the_normal_equations_on_the_demo() {
    let prices = load_demo().unwrap();
    check_exposure(
        &prices,
        &["IREN", "MARA"],
        &DEFAULT_FACTORS,
        DateRange::new(ymd(2025, 1, 1), ymd(2026, 11, 20)),
    );
}

#[test]
fn exposure_recovers_the_generators_betas() {
    let prices = load_demo().unwrap();
    let aligned = Aligned::build(&prices, "BTC-USD").unwrap();
    let factors: Vec<String> = DEFAULT_FACTORS.iter().map(|s| s.to_string()).collect();
    let symbols: Vec<String> = DEMO_MINERS.iter().map(|m| m.symbol.to_owned()).collect();
    let fit = |from, to| {
        exposure(&aligned, &symbols, &factors, DateRange::new(from, to))
            .unwrap()
            .rows
    };
    let after = fit(ymd(2026, 1, 2), ymd(2026, 11, 20));
    let before = fit(ymd(2022, 1, 3), ymd(2024, 12, 31));
    for m in DEMO_MINERS {
        let a = after.iter().find(|r| r.symbol == m.symbol).unwrap();
        let b = before.iter().find(|r| r.symbol == m.symbol).unwrap();
        let late_ai = if m.ai_pivot { AI_BETA_LATE } else { 0.0 };
        // Within three standard errors of the generator's loadings (the regressor is the
        // basket's simple return, the generator's its log return: a second-order difference).
        let near = |got: f64, se: f64, want: f64, what: &str| {
            assert!(
                (got - want).abs() < 3.0 * se + 0.02,
                "{} {what} {got} (se {se}) vs {want}",
                m.symbol
            );
        };
        near(a.fit.beta_btc, a.fit.se_beta_btc, m.beta_late, "2026 b_btc");
        near(a.fit.beta_ai, a.fit.se_beta_ai, late_ai, "2026 b_ai");
        near(
            b.fit.beta_btc,
            b.fit.se_beta_btc,
            m.beta_early,
            "2022-2024 b_btc",
        );
        near(b.fit.beta_ai, b.fit.se_beta_ai, 0.0, "2022-2024 b_ai");
        if m.ai_pivot {
            assert!(
                a.fit.share_ai_pct > 50.0,
                "{}: the AI factor explains most of what is explained in 2026 ({})",
                m.symbol,
                a.fit.share_ai_pct
            );
        }
    }
}
