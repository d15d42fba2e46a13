//! The Exposure view: rolling betas to BTC and to the AI-infrastructure factor (two linked
//! panels), or one symbol's explained-variance split as stacked areas.

use super::axis::Unit;
use super::spec::{ChartSpec, Mark, PanelSpec, RefLine, SeriesSpec, View, XAxis};
use super::theme::ChartTheme;
use crate::analysis::exposure::{Fit, RollingFits};
use crate::model::options::ExposureMode;

pub const SHARE_BTC_ID: &str = "share-btc";
pub const SHARE_AI_ID: &str = "share-ai";

/// Everything the Exposure view needs.
pub struct ExposureContext<'a> {
    /// Per symbol: its rolling fits (day, fit), in the window.
    pub rolling: &'a RollingFits,
    /// The factor symbols that went into the basket.
    pub factors: &'a [String],
    pub benchmark: &'a str,
    pub window_returns: usize,
    pub mode: ExposureMode,
    /// The symbol the shares mode shows.
    pub focus: Option<&'a str>,
    pub theme: ChartTheme,
    /// Where the prices come from.
    pub source: &'a str,
}

pub fn exposure(ctx: &ExposureContext<'_>) -> ChartSpec {
    let title = format!(
        "Exposure: priced like {} or like AI infrastructure?",
        ctx.benchmark
    );
    let subtitle = format!(
        "Two-factor OLS over the last {} daily returns: {} and the AI factor (equal-weight {})",
        ctx.window_returns,
        ctx.benchmark,
        ctx.factors.join(", ")
    );
    let line = |sym: &str, pts: Vec<[f64; 2]>| {
        SeriesSpec::line(sym, sym, ctx.theme.series_color(sym), Unit::Ratio, pts)
    };
    let panels = match ctx.mode {
        ExposureMode::Betas => {
            let mut btc = PanelSpec::new(
                &format!("Beta to {}", ctx.benchmark),
                XAxis::Time,
                &format!("b_btc (rolling {})", ctx.window_returns),
                Unit::Ratio,
            );
            let mut ai = PanelSpec::new(
                "Beta to the AI-infrastructure factor",
                XAxis::Time,
                &format!("b_ai (rolling {})", ctx.window_returns),
                Unit::Ratio,
            );
            for p in [&mut btc, &mut ai] {
                p.ref_lines.push(RefLine {
                    y: 0.0,
                    label: "0".to_owned(),
                });
                p.ref_lines.push(RefLine {
                    y: 1.0,
                    label: "1".to_owned(),
                });
            }
            for (sym, fits) in ctx.rolling {
                let pts = |f: fn(&Fit) -> f64| -> Vec<[f64; 2]> {
                    fits.iter()
                        .map(|(d, fit)| [f64::from(*d), f(fit)])
                        .collect()
                };
                btc.series.push(line(sym, pts(|f| f.beta_btc)));
                ai.series.push(line(sym, pts(|f| f.beta_ai)));
            }
            vec![btc, ai]
        }
        ExposureMode::Shares => {
            let palette = ctx.theme.palette();
            let chosen = ctx
                .focus
                .and_then(|f| ctx.rolling.iter().find(|(s, _)| s == f))
                .or_else(|| ctx.rolling.first());
            let mut p = PanelSpec::new(
                &match chosen {
                    Some((s, _)) => {
                        format!("What explains {s}'s daily returns (share of variance)")
                    }
                    None => "Share of variance explained".to_owned(),
                },
                XAxis::Time,
                "Share of return variance (%)",
                Unit::Share,
            );
            p.y_range = Some((0.0, 100.0));
            if let Some((_, fits)) = chosen {
                let x = |d: &i32| f64::from(*d);
                let btc: Vec<[f64; 2]> = fits
                    .iter()
                    .map(|(d, f)| [x(d), f.share_btc_pct * f.r2])
                    .collect();
                let both: Vec<[f64; 2]> = fits
                    .iter()
                    .map(|(d, f)| [x(d), (f.share_btc_pct + f.share_ai_pct) * f.r2])
                    .collect();
                let zero: Vec<[f64; 2]> = fits.iter().map(|(d, _)| [x(d), 0.0]).collect();
                p.series.push(SeriesSpec {
                    in_legend: true,
                    id: SHARE_AI_ID.to_owned(),
                    name: "AI factor".to_owned(),
                    color: palette.hosting,
                    unit: Unit::Share,
                    mark: Mark::Area {
                        upper: both.into(),
                        lower: btc.clone().into(),
                    },
                });
                p.series.push(SeriesSpec {
                    in_legend: true,
                    id: SHARE_BTC_ID.to_owned(),
                    name: ctx.benchmark.to_owned(),
                    color: palette.mining,
                    unit: Unit::Share,
                    mark: Mark::Area {
                        upper: btc.into(),
                        lower: zero.into(),
                    },
                });
            }
            vec![p]
        }
    };
    let empty = ctx.rolling.iter().all(|(_, f)| f.is_empty());
    ChartSpec {
        view: View::Exposure,
        title,
        subtitle,
        panels,
        footer: format!(
            "Source: {} · AI factor: equal-weight {} rebalanced daily · MinerLens",
            ctx.source,
            ctx.factors.join(", ")
        ),
        empty_message: empty.then(|| {
            "Not enough returns of the selected symbols, the benchmark and the factor in this \
             window"
                .to_owned()
        }),
        markers: Vec::new(),
    }
}
