//! The event study of the AI/HPC deals (MacKinlay, "Event Studies in Economics and Finance",
//! Journal of Economic Literature 35(1), 1997): what a stock did around an announcement beyond
//! what the market model expects from the benchmark's move.
//!
//! For each deal of a loaded symbol: day 0 is the announcement date if the stock traded then
//! (the next session for a release after the close), else its next trading day. Returns are
//! simple daily returns of the aligned series (the benchmark's last close on or before each
//! stock date, as the analysis aligns it). The market model `R = a + b R_m` is fitted by OLS on
//! the estimation window: the `estimation_days` returns ending `gap_days` trading days before
//! day 0 (relative days `-(gap + L1 - 1)` to `-gap`). Abnormal returns `AR_t = R_t - (a + b
//! R_m,t)`; `CAR[t1, t2]` is their sum, `t = CAR / (s sqrt(L))` with `s²` the estimation
//! residual variance (`L1 - 2` degrees of freedom) and `L = t2 - t1 + 1`. Beside it, the raw
//! spread: the stock's compound return over the window minus the benchmark's, in points.

use chrono::NaiveDate;
use serde::Serialize;

use super::align::{Aligned, AlignedSeries};
use crate::model::days_to_date;
use crate::model::deals::Deal;

/// The three standard event windows, in trading days relative to day 0.
pub const STANDARD_WINDOWS: [(i32, i32); 3] = [(-1, 1), (0, 5), (-5, 20)];

/// The study's settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventParams {
    /// Returns in the estimation window (L1).
    pub estimation_days: usize,
    /// Trading days between the end of the estimation window and day 0.
    pub gap_days: usize,
    /// A window of the user's besides the standard three.
    pub custom: Option<(i32, i32)>,
    /// The span of the CAR path drawn in the Events view.
    pub path: (i32, i32),
}

impl Default for EventParams {
    fn default() -> Self {
        Self {
            estimation_days: 250,
            gap_days: 30,
            custom: None,
            path: (-5, 20),
        }
    }
}

impl EventParams {
    /// The windows computed for every event: the standard three, then the custom one.
    pub fn windows(&self) -> Vec<(i32, i32)> {
        STANDARD_WINDOWS
            .iter()
            .copied()
            .chain(self.custom)
            .collect()
    }
}

/// The market model of one event, fitted on its estimation window.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MarketModel {
    pub alpha: f64,
    pub beta: f64,
    /// The residual standard deviation `s`, with `n - 2` degrees of freedom.
    pub resid_std: f64,
    pub n: usize,
}

/// OLS of `y` on `x` with an intercept; `None` with fewer than 3 points or no variance in `x`.
pub fn market_model(y: &[f64], x: &[f64]) -> Option<MarketModel> {
    let n = y.len().min(x.len());
    if n < 3 {
        return None;
    }
    let nf = n as f64;
    let mx = x[..n].iter().sum::<f64>() / nf;
    let my = y[..n].iter().sum::<f64>() / nf;
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for i in 0..n {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    if sxx <= 0.0 || !sxx.is_finite() {
        return None;
    }
    let beta = sxy / sxx;
    let alpha = my - beta * mx;
    let ssr: f64 = (0..n)
        .map(|i| {
            let e = y[i] - alpha - beta * x[i];
            e * e
        })
        .sum();
    Some(MarketModel {
        alpha,
        beta,
        resid_std: (ssr / (nf - 2.0)).sqrt(),
        n,
    })
}

/// One event window's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WindowCar {
    pub from: i32,
    pub to: i32,
    /// Cumulative abnormal return in percent; `None` when the window lacks data.
    pub car_pct: Option<f64>,
    pub t: Option<f64>,
    /// The stock's compound return minus the benchmark's over the window, in points.
    pub spread_pp: Option<f64>,
    /// Why the window is empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One studied event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventResult {
    pub id: String,
    pub symbol: String,
    pub announced: NaiveDate,
    pub day0: NaiveDate,
    pub counterparty: String,
    pub mw: Option<f64>,
    pub value_usd: Option<f64>,
    pub model: MarketModel,
    /// The standard windows, then the custom one.
    pub windows: Vec<WindowCar>,
    /// CAR in percent from `path.0` to each day up to `path.1` (`None` past the data).
    pub path: Vec<Option<f64>>,
}

impl EventResult {
    /// The figures of the window `(from, to)`, if it was computed.
    pub fn window(&self, from: i32, to: i32) -> Option<&WindowCar> {
        self.windows.iter().find(|w| w.from == from && w.to == to)
    }
}

/// An event that could not be studied, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkippedEvent {
    pub id: String,
    pub symbol: String,
    pub announced: NaiveDate,
    pub reason: String,
}

/// Every event of a set of deals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventStudy {
    pub benchmark: String,
    pub params: EventParams,
    pub events: Vec<EventResult>,
    pub skipped: Vec<SkippedEvent>,
}

/// The simple return at index `i` of the stock and of the aligned benchmark (both needed).
fn returns_at(s: &AlignedSeries, i: usize) -> Option<(f64, f64)> {
    if i == 0 || i >= s.prices.len() {
        return None;
    }
    let r = s.prices[i] / s.prices[i - 1] - 1.0;
    let rm = s.benchmark[i]? / s.benchmark[i - 1]? - 1.0;
    (r.is_finite() && rm.is_finite()).then_some((r, rm))
}

/// Studies each deal whose symbol is in `aligned`; the others, and events whose estimation
/// window lacks data, are listed in `skipped` with the reason. Events of the same day are
/// separate rows.
pub fn study(aligned: &Aligned, deals: &[Deal], params: &EventParams) -> EventStudy {
    let mut events = Vec::new();
    let mut skipped = Vec::new();
    for deal in deals {
        let skip = |reason: String| SkippedEvent {
            id: deal.id.clone(),
            symbol: deal.symbol.clone(),
            announced: deal.announced,
            reason,
        };
        match aligned.series.get(&deal.symbol) {
            None => skipped.push(skip(format!("no prices for {} are loaded", deal.symbol))),
            Some(s) => match study_one(s, deal, params) {
                Ok(e) => events.push(e),
                Err(reason) => skipped.push(skip(reason)),
            },
        }
    }
    EventStudy {
        benchmark: aligned.benchmark.clone(),
        params: params.clone(),
        events,
        skipped,
    }
}

fn study_one(s: &AlignedSeries, deal: &Deal, params: &EventParams) -> Result<EventResult, String> {
    let after_close = deal.after_close == Some(true);
    let d0 = deal.day0_index(&s.days);
    let last = s.days.last().map(|d| days_to_date(*d));
    if d0 >= s.days.len() {
        return Err(format!(
            "no trading day of {} on or after {}{} in the data (its prices end {})",
            deal.symbol,
            deal.announced,
            if after_close {
                " (after the close)"
            } else {
                ""
            },
            last.map_or_else(|| "nowhere".to_owned(), |d| d.to_string())
        ));
    }
    let (l1, gap) = (params.estimation_days, params.gap_days);
    // Estimation returns at relative days -(gap + l1 - 1) ..= -gap.
    let end = d0 as i64 - gap as i64;
    let start = end - l1 as i64 + 1;
    let (mut y, mut x) = (Vec::with_capacity(l1), Vec::with_capacity(l1));
    if end >= 1 {
        for i in start.max(1)..=end {
            if let Some((r, rm)) = returns_at(s, i as usize) {
                y.push(r);
                x.push(rm);
            }
        }
    }
    if y.len() < l1 {
        return Err(format!(
            "{} of the {l1} estimation returns (ending {gap} trading days before day 0, {}) have \
             a price and a benchmark; the study needs all of them (shorten it with \
             --estimation)",
            y.len(),
            days_to_date(s.days[d0])
        ));
    }
    let model = market_model(&y, &x).ok_or_else(|| {
        "the benchmark did not move in the estimation window: no market model".to_owned()
    })?;
    let ar = |tau: i32| -> Option<(f64, f64, f64)> {
        let i = usize::try_from(d0 as i64 + i64::from(tau)).ok()?;
        let (r, rm) = returns_at(s, i)?;
        Some((r - (model.alpha + model.beta * rm), r, rm))
    };
    let windows = params
        .windows()
        .into_iter()
        .map(|(from, to)| {
            let mut car = 0.0;
            let (mut gr, mut gm) = (1.0, 1.0);
            for tau in from..=to {
                match ar(tau) {
                    Some((a, r, rm)) => {
                        car += a;
                        gr *= 1.0 + r;
                        gm *= 1.0 + rm;
                    }
                    None => {
                        return WindowCar {
                            from,
                            to,
                            car_pct: None,
                            t: None,
                            spread_pp: None,
                            note: Some(format!(
                                "no return on day {tau:+} (the data ends {})",
                                last.map_or_else(String::new, |d| d.to_string())
                            )),
                        };
                    }
                }
            }
            let len = f64::from(to - from + 1);
            WindowCar {
                from,
                to,
                car_pct: Some(car * 100.0),
                t: (model.resid_std > 0.0).then(|| car / (model.resid_std * len.sqrt())),
                spread_pp: Some((gr - gm) * 100.0),
                note: None,
            }
        })
        .collect();
    let mut path = Vec::new();
    let mut cum = Some(0.0);
    for tau in params.path.0..=params.path.1 {
        cum = cum.and_then(|c| ar(tau).map(|(a, _, _)| c + a));
        path.push(cum.map(|c| c * 100.0));
    }
    Ok(EventResult {
        id: deal.id.clone(),
        symbol: deal.symbol.clone(),
        announced: deal.announced,
        day0: days_to_date(s.days[d0]),
        counterparty: deal.counterparty.clone(),
        mw: deal.mw,
        value_usd: deal.value_usd,
        model,
        windows,
        path,
    })
}

/// The average CAR of a set of events, per window, with the cross-sectional t
/// (`mean / (sd / sqrt(n))`, sample sd); and the mean path with a 95% band
/// (`± 1.96 sd / sqrt(n)` per day).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AverageCar {
    pub windows: Vec<AverageWindow>,
    pub path_mean: Vec<Option<f64>>,
    pub path_band: Vec<Option<(f64, f64)>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AverageWindow {
    pub from: i32,
    pub to: i32,
    pub n: usize,
    pub mean_car_pct: Option<f64>,
    pub t: Option<f64>,
}

fn mean_sd(values: &[f64]) -> (Option<f64>, Option<f64>) {
    let n = values.len();
    if n == 0 {
        return (None, None);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let sd = (n >= 2)
        .then(|| (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt());
    (Some(mean), sd)
}

pub fn average(events: &[&EventResult], params: &EventParams) -> AverageCar {
    let windows = params
        .windows()
        .into_iter()
        .map(|(from, to)| {
            let cars: Vec<f64> = events
                .iter()
                .filter_map(|e| e.window(from, to)?.car_pct)
                .collect();
            let (mean, sd) = mean_sd(&cars);
            AverageWindow {
                from,
                to,
                n: cars.len(),
                mean_car_pct: mean,
                t: mean
                    .zip(sd)
                    .filter(|(_, sd)| *sd > 0.0)
                    .map(|(m, sd)| m / (sd / (cars.len() as f64).sqrt())),
            }
        })
        .collect();
    let days = (params.path.1 - params.path.0 + 1).max(0) as usize;
    let (mut path_mean, mut path_band) = (Vec::with_capacity(days), Vec::with_capacity(days));
    for k in 0..days {
        let at: Vec<f64> = events
            .iter()
            .filter_map(|e| e.path.get(k).copied().flatten())
            .collect();
        let (mean, sd) = mean_sd(&at);
        path_mean.push(mean);
        path_band.push(mean.zip(sd).map(|(m, sd)| {
            let h = 1.96 * sd / (at.len() as f64).sqrt();
            (m - h, m + h)
        }));
    }
    AverageCar {
        windows,
        path_mean,
        path_band,
    }
}

/// One event as a flat record (`minerlens events --format json|csv`, the window's CSV).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRow {
    pub symbol: String,
    pub id: String,
    pub announced: NaiveDate,
    pub day0: NaiveDate,
    pub counterparty: String,
    pub mw: Option<f64>,
    pub value_usd: Option<f64>,
    pub alpha: f64,
    pub beta: f64,
    pub resid_std: f64,
    pub estimation_n: usize,
    pub car_m1_p1_pct: Option<f64>,
    pub car_0_p5_pct: Option<f64>,
    pub car_m5_p20_pct: Option<f64>,
    pub t_m1_p1: Option<f64>,
    pub t_0_p5: Option<f64>,
    pub t_m5_p20: Option<f64>,
    pub spread_m1_p1_pp: Option<f64>,
    pub spread_0_p5_pp: Option<f64>,
    pub spread_m5_p20_pp: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_window: Option<[i32; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub car_custom_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t_custom: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spread_custom_pp: Option<f64>,
    /// Why a window is empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl EventRow {
    /// The columns of the CSV (`minerlens events --format csv`, the window's table export).
    pub const CSV_COLUMNS: [&str; 23] = [
        "symbol",
        "id",
        "announced",
        "day0",
        "counterparty",
        "mw",
        "value_usd",
        "alpha",
        "beta",
        "resid_std",
        "estimation_n",
        "car_m1_p1_pct",
        "car_0_p5_pct",
        "car_m5_p20_pct",
        "t_m1_p1",
        "t_0_p5",
        "t_m5_p20",
        "spread_m1_p1_pp",
        "spread_0_p5_pp",
        "spread_m5_p20_pp",
        "car_custom_pct",
        "t_custom",
        "spread_custom_pp",
    ];

    pub fn of(e: &EventResult, params: &EventParams) -> Self {
        let w = |(a, b): (i32, i32)| e.window(a, b);
        let [m1, p5, m5] = STANDARD_WINDOWS;
        let custom = params.custom.and_then(w);
        EventRow {
            symbol: e.symbol.clone(),
            id: e.id.clone(),
            announced: e.announced,
            day0: e.day0,
            counterparty: e.counterparty.clone(),
            mw: e.mw,
            value_usd: e.value_usd,
            alpha: e.model.alpha,
            beta: e.model.beta,
            resid_std: e.model.resid_std,
            estimation_n: e.model.n,
            car_m1_p1_pct: w(m1).and_then(|x| x.car_pct),
            car_0_p5_pct: w(p5).and_then(|x| x.car_pct),
            car_m5_p20_pct: w(m5).and_then(|x| x.car_pct),
            t_m1_p1: w(m1).and_then(|x| x.t),
            t_0_p5: w(p5).and_then(|x| x.t),
            t_m5_p20: w(m5).and_then(|x| x.t),
            spread_m1_p1_pp: w(m1).and_then(|x| x.spread_pp),
            spread_0_p5_pp: w(p5).and_then(|x| x.spread_pp),
            spread_m5_p20_pp: w(m5).and_then(|x| x.spread_pp),
            custom_window: params.custom.map(|(a, b)| [a, b]),
            car_custom_pct: custom.and_then(|x| x.car_pct),
            t_custom: custom.and_then(|x| x.t),
            spread_custom_pp: custom.and_then(|x| x.spread_pp),
            notes: e.windows.iter().filter_map(|w| w.note.clone()).collect(),
        }
    }
}
