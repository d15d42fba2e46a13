//! Chart specs of the analysis views, built from the aligned data and the analysis results.

use super::axis::Unit;
use super::spec::{BarSpec, ChartSpec, Mark, PanelSpec, RefLine, SeriesSpec, View, XAxis};
use super::theme::ChartTheme;
use crate::analysis::series::{self, TimeSeries};
use crate::analysis::{Aligned, AlignedSeries, Analysis};
use crate::model::DateRange;
use crate::model::options::{ChartOptions, DivergenceMode};

/// Name of the basket series.
pub const BASKET_ID: &str = "Basket";

/// Everything a view needs.
pub struct ChartContext<'a> {
    pub aligned: &'a Aligned,
    /// Selected symbols, without the benchmark.
    pub symbols: &'a [String],
    pub window: DateRange,
    /// The analysis of `symbols` over `window`.
    pub analysis: &'a Analysis,
    pub options: &'a ChartOptions,
    pub theme: ChartTheme,
    /// Where the data came from, for the footer ("Demo data (synthetic)").
    pub source: &'a str,
}

impl ChartContext<'_> {
    fn benchmark(&self) -> &str {
        &self.aligned.benchmark
    }

    fn selected(&self) -> Vec<&AlignedSeries> {
        self.symbols
            .iter()
            .filter(|s| s.as_str() != self.benchmark())
            .filter_map(|s| self.aligned.series.get(s))
            .collect()
    }

    fn footer(&self) -> String {
        format!(
            "Source: {} · Window {} to {} · MinerLens",
            self.source, self.window.from, self.window.to
        )
    }

    /// "BTC-USD -17.0% (2026-01-02 to 2026-03-31)": see
    /// [`crate::analysis::divergence::headline_benchmark_return`].
    fn benchmark_return_text(&self) -> String {
        let (ret, dates) = self.benchmark_return_parts();
        if dates.is_empty() {
            ret
        } else {
            format!("{ret} ({dates})")
        }
    }

    /// ("BTC-USD -17.0%", "2026-01-02 to 2026-03-31").
    fn benchmark_return_parts(&self) -> (String, String) {
        match crate::analysis::divergence::headline_benchmark_return(self.aligned, self.analysis) {
            Some((r, a, b)) => (
                format!("{} {r:+.1}%", self.benchmark()),
                format!("{a} to {b}"),
            ),
            None => (format!("{} n/a", self.benchmark()), String::new()),
        }
    }

    fn line(&self, ts: &TimeSeries, unit: Unit) -> SeriesSpec {
        SeriesSpec::line(
            &ts.name,
            &ts.name,
            self.theme.series_color(&ts.name),
            unit,
            to_points(ts),
        )
    }

    fn spec(
        &self,
        view: View,
        title: String,
        subtitle: String,
        panels: Vec<PanelSpec>,
    ) -> ChartSpec {
        let empty = panels
            .iter()
            .all(|p| p.series.iter().all(SeriesSpec::is_empty));
        let empty_message = if empty {
            Some(if self.selected().is_empty() && view != View::Performance {
                "Select at least one symbol".to_owned()
            } else {
                "No prices in this window".to_owned()
            })
        } else {
            None
        };
        // What the reader must know about the numbers goes with the chart, on screen and in
        // every export: a window cut at the benchmark's end, real prices against synthetic.
        let subtitle = std::iter::once(subtitle)
            .chain(self.analysis.notes.iter().map(|n| format!("Note: {n}")))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        ChartSpec {
            view,
            title,
            subtitle,
            panels,
            footer: self.footer(),
            empty_message,
            markers: Vec::new(),
        }
    }
}

fn to_points(ts: &TimeSeries) -> Vec<[f64; 2]> {
    ts.days
        .iter()
        .zip(&ts.values)
        .map(|(d, v)| [f64::from(*d), *v])
        .collect()
}

/// Selected symbols and the benchmark rebased to 100 at the window start, with the 100 line and
/// the optional equal-weight basket.
pub fn performance(ctx: &ChartContext<'_>) -> ChartSpec {
    let mut panel = PanelSpec::new(
        "Performance",
        XAxis::Time,
        "Rebased (window start = 100)",
        Unit::Index,
    );
    panel.log_y = ctx.options.log_scale;
    let selected = ctx.selected();
    for s in &selected {
        panel
            .series
            .push(ctx.line(&series::rebased(s, ctx.window, 100.0), Unit::Index));
    }
    if let Some(b) = ctx.aligned.series.get(ctx.benchmark()) {
        let mut line = ctx.line(&series::rebased(b, ctx.window, 100.0), Unit::Index);
        if let Mark::Line { width, .. } = &mut line.mark {
            *width = 2.4;
        }
        line.name = format!("{} (benchmark)", ctx.benchmark());
        panel.series.push(line);
    }
    // The basket of the analysed symbols: those hidden from the legend are drawn greyed in the
    // window but are not in the table's basket, and not in this one either.
    let members: Vec<&AlignedSeries> = selected
        .iter()
        .copied()
        .filter(|s| ctx.analysis.rows.iter().any(|r| r.symbol == s.symbol))
        .collect();
    if ctx.options.show_basket && members.len() > 1 {
        let basket = series::basket(&members, ctx.window, 100.0, BASKET_ID);
        let mut line = ctx.line(&basket, Unit::Index);
        line.name = format!("Equal-weight basket ({})", members.len());
        if let Mark::Line { dashed, width, .. } = &mut line.mark {
            *dashed = true;
            *width = 2.0;
        }
        panel.series.push(line);
    }
    panel.ref_lines.push(RefLine {
        y: 100.0,
        label: "Start = 100".into(),
    });
    let title = format!("Performance vs {}", ctx.benchmark());
    let subtitle = format!(
        "Rebased to 100 from {} · {}",
        ctx.window.from,
        ctx.benchmark_return_text()
    );
    ctx.spec(View::Performance, title, subtitle, vec![panel])
}

/// Bars of each symbol's spread vs the benchmark (points) or relative ratio, sorted.
pub fn divergence(ctx: &ChartContext<'_>) -> ChartSpec {
    let palette = ctx.theme.palette();
    let mode = ctx.options.divergence_mode;
    let mut rows: Vec<(String, f64)> = ctx
        .analysis
        .rows
        .iter()
        .filter(|r| r.symbol != ctx.benchmark())
        .filter_map(|r| {
            let v = match mode {
                DivergenceMode::Spread => r.divergence_pp,
                DivergenceMode::Relative => r.relative_pct.map(|p| 1.0 + p / 100.0),
            }?;
            Some((r.symbol.clone(), v))
        })
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (unit, base, y_label, ref_label) = match mode {
        DivergenceMode::Spread => (Unit::Points, 0.0, "Spread vs benchmark (points)", "0"),
        DivergenceMode::Relative => (
            Unit::Ratio,
            1.0,
            "Relative (symbol / benchmark)",
            "1 = tracks benchmark",
        ),
    };
    let categories: Vec<String> = rows.iter().map(|(s, _)| s.clone()).collect();
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (symbol, v))| BarSpec {
            x: i as f64,
            base,
            value: v - base,
            color: if *v >= base {
                palette.positive
            } else {
                palette.negative
            },
            label: format!("{symbol}: {}", unit.format_value(*v)),
        })
        .collect();
    let mut panel = PanelSpec::new("Divergence", XAxis::Categories(categories), y_label, unit);
    panel.series.push(SeriesSpec {
        in_legend: true,
        id: "spread".into(),
        name: match mode {
            DivergenceMode::Spread => "Spread (points)".into(),
            DivergenceMode::Relative => "Relative (ratio)".into(),
        },
        color: palette.positive,
        unit,
        mark: Mark::Bars { bars, width: 0.7 },
    });
    panel.ref_lines.push(RefLine {
        y: base,
        label: ref_label.into(),
    });
    let (bench_return, bench_dates) = ctx.benchmark_return_parts();
    let title = match mode {
        DivergenceMode::Spread => {
            format!("Spread vs {} in points · {bench_return}", ctx.benchmark())
        }
        DivergenceMode::Relative => {
            format!(
                "Relative performance vs {} · {bench_return}",
                ctx.benchmark()
            )
        }
    };
    let subtitle = format!("{bench_dates}, sorted");
    ctx.spec(View::Divergence, title, subtitle, vec![panel])
}

/// Rolling correlation and rolling beta to the benchmark on two stacked panels.
pub fn decoupling(ctx: &ChartContext<'_>) -> ChartSpec {
    let n = ctx.options.rolling_days.max(3);
    let mut corr = PanelSpec::new(
        &format!("Rolling correlation ({n} returns)"),
        XAxis::Time,
        "Correlation",
        Unit::Ratio,
    );
    corr.y_range = Some((-1.0, 1.0));
    corr.ref_lines.push(RefLine {
        y: 0.0,
        label: "0".into(),
    });
    let mut beta = PanelSpec::new(
        &format!("Rolling beta ({n} returns)"),
        XAxis::Time,
        "Beta",
        Unit::Ratio,
    );
    beta.ref_lines.push(RefLine {
        y: 1.0,
        label: "Beta 1".into(),
    });
    beta.ref_lines.push(RefLine {
        y: 0.0,
        label: "0".into(),
    });
    for s in ctx.selected() {
        let (b, c) = series::rolling(s, ctx.window, n);
        corr.series.push(ctx.line(&c, Unit::Ratio));
        beta.series.push(ctx.line(&b, Unit::Ratio));
    }
    let title = format!("Decoupling from {}", ctx.benchmark());
    let subtitle = format!(
        "Rolling {n}-return correlation and beta · {} to {}",
        ctx.window.from, ctx.window.to
    );
    ctx.spec(View::Decoupling, title, subtitle, vec![corr, beta])
}

/// Price ratio symbol / benchmark, rebased to 1 at the window start.
pub fn relative(ctx: &ChartContext<'_>) -> ChartSpec {
    let mut panel = PanelSpec::new(
        "Relative strength",
        XAxis::Time,
        &format!("Price ratio to {} (start = 1)", ctx.benchmark()),
        Unit::Ratio,
    );
    for s in ctx.selected() {
        panel
            .series
            .push(ctx.line(&series::relative_strength(s, ctx.window), Unit::Ratio));
    }
    panel.ref_lines.push(RefLine {
        y: 1.0,
        label: format!("Tracks {}", ctx.benchmark()),
    });
    let title = format!("Relative strength vs {}", ctx.benchmark());
    let subtitle = format!("Above 1: outperforming · {}", ctx.benchmark_return_text());
    ctx.spec(View::Relative, title, subtitle, vec![panel])
}

/// Drawdown from the running peak in the window, selected symbols and the benchmark.
pub fn drawdown(ctx: &ChartContext<'_>) -> ChartSpec {
    let mut panel = PanelSpec::new(
        "Drawdown",
        XAxis::Time,
        "Drawdown from peak (%)",
        Unit::Percent,
    );
    for s in ctx.selected() {
        panel
            .series
            .push(ctx.line(&series::drawdown(s, ctx.window), Unit::Percent));
    }
    if let Some(b) = ctx.aligned.series.get(ctx.benchmark()) {
        let mut line = ctx.line(&series::drawdown(b, ctx.window), Unit::Percent);
        line.name = format!("{} (benchmark)", ctx.benchmark());
        panel.series.push(line);
    }
    panel.ref_lines.push(RefLine {
        y: 0.0,
        label: "Peak".into(),
    });
    let title = "Drawdown from running peak".to_owned();
    let subtitle = format!("{} to {}", ctx.window.from, ctx.window.to);
    ctx.spec(View::Drawdown, title, subtitle, vec![panel])
}

/// The portfolio's value over time against the same cash in the benchmark and in the
/// equal-weight basket, with the cash invested so far.
pub fn portfolio(
    result: Option<&crate::analysis::portfolio::PortfolioResult>,
    name: &str,
    window: DateRange,
    theme: ChartTheme,
    source: &str,
) -> ChartSpec {
    let palette = theme.palette();
    let mut panel = PanelSpec::new("Portfolio", XAxis::Time, "Value (USD)", Unit::Usd);
    let (title, subtitle) = match result {
        Some(r) => {
            let s = &r.series;
            let mut add = |ts: &TimeSeries, id: &str, color, width: f32, dashed: bool| {
                let mut line = SeriesSpec::line(id, &ts.name, color, Unit::Usd, to_points(ts));
                if let Mark::Line {
                    width: w,
                    dashed: d,
                    ..
                } = &mut line.mark
                {
                    *w = width;
                    *d = dashed;
                }
                panel.series.push(line);
            };
            add(&s.portfolio, "Portfolio", palette.positive, 2.4, false);
            add(
                &s.benchmark,
                "Benchmark instead",
                theme.series_color(&r.benchmark),
                1.8,
                false,
            );
            add(
                &s.basket,
                "Basket instead",
                theme.series_color(BASKET_ID),
                1.6,
                false,
            );
            add(&s.invested, "Cash invested", palette.reference, 1.2, true);
            let vs = |o: Option<&crate::analysis::portfolio::Outcome>| {
                o.map(|o| format!("{:+.1}%", o.return_pct))
                    .unwrap_or_else(|| "n/a".into())
            };
            (
                format!("{name}: had I bought {} instead?", r.benchmark),
                format!(
                    "{} to {} · portfolio {:+.1}% · {} instead {} · basket instead {}",
                    s.portfolio
                        .days
                        .first()
                        .map_or(window.from, |d| crate::model::days_to_date(*d)),
                    r.as_of,
                    r.portfolio.return_pct,
                    r.benchmark,
                    vs(r.benchmark_instead.as_ref()),
                    vs(r.basket_instead.as_ref())
                ),
            )
        }
        None => (format!("{name}: portfolio value"), String::new()),
    };
    let empty = panel.series.iter().all(SeriesSpec::is_empty);
    ChartSpec {
        view: View::Portfolio,
        title,
        subtitle,
        panels: vec![panel],
        footer: format!(
            "Source: {source} · Window {} to {} · MinerLens",
            result
                .and_then(|r| r.series.portfolio.days.first())
                .map_or(window.from, |d| crate::model::days_to_date(*d)),
            result.map_or(window.to, |r| r.as_of)
        ),
        empty_message: empty.then(|| {
            if result.is_none() {
                "Add holdings in the Holdings tab (or open a portfolio) to see their value"
                    .to_owned()
            } else {
                "No holdings are held in this window".to_owned()
            }
        }),
        markers: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::divergence::analyze;
    use crate::data::sample::load_demo;
    use crate::model::dates::ymd;

    fn with_ctx(symbols: &[&str], options: ChartOptions, f: impl FnOnce(&ChartContext<'_>)) {
        let prices = load_demo().unwrap();
        let aligned = Aligned::build(&prices, "BTC-USD").unwrap();
        let symbols: Vec<String> = symbols.iter().map(|s| s.to_string()).collect();
        let window = DateRange::new(ymd(2026, 1, 1), ymd(2026, 3, 31));
        let analysis = analyze(&aligned, &symbols, window).unwrap();
        let ctx = ChartContext {
            aligned: &aligned,
            symbols: &symbols,
            window,
            analysis: &analysis,
            options: &options,
            theme: ChartTheme::Dark,
            source: "Demo data (synthetic)",
        };
        f(&ctx);
    }

    #[test]
    fn performance_spec_has_symbols_benchmark_basket_and_100_line() {
        let options = ChartOptions {
            show_basket: true,
            ..ChartOptions::default()
        };
        with_ctx(&["MARA", "IREN"], options, |ctx| {
            let spec = performance(ctx);
            let panel = &spec.panels[0];
            let ids: Vec<&str> = panel.series.iter().map(|s| s.id.as_str()).collect();
            assert_eq!(ids, ["MARA", "IREN", "BTC-USD", BASKET_ID]);
            assert_eq!(panel.ref_lines[0].y, 100.0);
            for s in &panel.series {
                let Mark::Line { points, .. } = &s.mark else {
                    panic!("line")
                };
                assert_eq!(points[0][1], 100.0, "{} starts at 100", s.id);
            }
            assert!(spec.footer.contains("Demo data (synthetic)"));
            assert!(
                spec.subtitle.contains("BTC-USD -17.0%"),
                "{}",
                spec.subtitle
            );
            assert_eq!(spec.empty_message, None);
        });
    }

    #[test]
    fn divergence_bars_are_sorted_and_colored_by_sign() {
        with_ctx(&["MARA", "IREN", "CIFR"], ChartOptions::default(), |ctx| {
            let spec = divergence(ctx);
            let XAxis::Categories(cats) = &spec.panels[0].x else {
                panic!("categories")
            };
            assert_eq!(cats, &["IREN", "CIFR", "MARA"]);
            let Mark::Bars { bars, .. } = &spec.panels[0].series[0].mark else {
                panic!("bars")
            };
            let pal = ChartTheme::Dark.palette();
            assert!(bars[0].value > bars[1].value && bars[1].value > bars[2].value);
            assert_eq!(bars[0].color, pal.positive);
            assert!(spec.title.ends_with("· BTC-USD -17.0%"), "{}", spec.title);
        });
    }

    #[test]
    fn decoupling_has_two_panels_and_empty_states_explain() {
        with_ctx(&["WULF"], ChartOptions::default(), |ctx| {
            let spec = decoupling(ctx);
            assert_eq!(spec.panels.len(), 2);
            assert_eq!(spec.panels[0].y_range, Some((-1.0, 1.0)));
            assert!(!spec.panels[1].series[0].is_empty());
        });
        with_ctx(&[], ChartOptions::default(), |ctx| {
            assert_eq!(
                relative(ctx).empty_message.as_deref(),
                Some("Select at least one symbol")
            );
        });
    }
}
