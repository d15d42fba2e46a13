//! What the app computes from the data for the current selection, window and view: the
//! alignment, the analysis, the portfolio and the chart. Recomputed only when an input changed.

use std::collections::BTreeSet;

use super::{LoadedData, MinerLensApp};
use crate::analysis::portfolio::analyze_portfolio;
use crate::analysis::{Aligned, Analysis, divergence};
use crate::chart::dispatch::{PortfolioInputs, ViewInputs, build_view_or_message};
use crate::chart::theme::ChartTheme;
use crate::chart::views::ChartContext;
use crate::model::DateRange;
use crate::model::options::View;
use crate::ui::panels::exposure::wanted_factors;
use crate::ui::plot::PlotCache;

/// Everything computed from the data for the current selection and window.
pub struct Derived {
    pub aligned: Aligned,
    pub window: DateRange,
    pub analysis: Result<Analysis, String>,
    pub plot: PlotCache,
    theme: ChartTheme,
}

impl MinerLensApp {
    /// Recompute the analysis and the chart on the next frame.
    pub fn invalidate(&mut self) {
        self.dirty = true;
        self.reset_plot = true;
    }

    pub(crate) fn set_data(&mut self, data: LoadedData) {
        self.data = Some(data);
        self.realign = true;
        self.dirty = true;
        self.reset_plot = true;
    }

    /// Recomputes alignment, analysis and the chart spec when something they depend on changed.
    pub fn refresh(&mut self, chart_theme: ChartTheme) {
        let theme_changed = self
            .derived
            .as_ref()
            .is_some_and(|d| d.theme != chart_theme);
        if !(self.dirty || self.realign || theme_changed) {
            return;
        }
        let Some(data) = &self.data else { return };
        let asked = self.doc.portfolio.window.resolve(data.first, data.last);
        let aligned = match self.derived.take() {
            Some(d) if !self.realign => d.aligned,
            _ => match Aligned::build_with_carry(
                &data.prices,
                self.benchmark(),
                self.prefs.max_carry_days,
            ) {
                Ok(a) => a,
                Err(e) => {
                    self.load_error = Some(e.to_string());
                    return;
                }
            },
        };
        let selected = self.selected();
        let benchmark = self.benchmark().to_owned();
        let analysed: Vec<String> = selected
            .iter()
            .filter(|s| **s != benchmark)
            .cloned()
            .collect();
        let (window, notes) =
            divergence::usable_window(&aligned, asked, &data.summaries, &analysed);
        let analysis = divergence::analyze(&aligned, &analysed, window)
            .map(|mut a| {
                a.notes.clone_from(&notes);
                a
            })
            .map_err(|e| e.to_string());
        // The chart shows ticked symbols and those hidden from the legend (greyed there).
        let mut chart_symbols: Vec<String> = data
            .symbols()
            .filter(|s| {
                *s != benchmark && (selected.contains(*s) || self.legend_hidden.contains(*s))
            })
            .map(str::to_owned)
            .collect();
        chart_symbols.dedup();
        let empty = Analysis {
            benchmark: benchmark.clone(),
            from: window.from,
            to: window.to,
            rows: vec![],
            basket: None,
            skipped: vec![],
            notes,
        };
        let prices = ChartContext {
            aligned: &aligned,
            symbols: &chart_symbols,
            window,
            analysis: analysis.as_ref().unwrap_or(&empty),
            options: &self.doc.portfolio.chart,
            theme: chart_theme,
            source: &data.source,
        };
        // The open portfolio against the benchmark and the equal-weight basket of the rest.
        let members = crate::analysis::portfolio::basket_members(
            data.symbols(),
            &benchmark,
            &self.doc.portfolio.exposure_factors,
        );
        let portfolio_window = crate::analysis::portfolio::portfolio_window(
            &self.doc.portfolio,
            window,
            data.last,
            self.doc.portfolio.chart.portfolio_since_purchase,
        );
        self.portfolio_result = (!self.doc.portfolio.holdings.is_empty()).then(|| {
            analyze_portfolio(
                &self.doc.portfolio,
                &data.series,
                &members,
                portfolio_window,
            )
        });
        self.deals.update(&self.doc.portfolio.deals);
        let deals = &self.deals.effective;
        self.revenue.update(
            &self.doc.portfolio.revenue_overrides,
            deals,
            &aligned,
            &chart_symbols,
            window,
            &data.source,
        );
        // The event study and the exposure fits cost milliseconds: only for their view.
        let view = self.doc.portfolio.view;
        if view == View::Events {
            self.events.update(&aligned, deals);
        }
        if view == View::Exposure {
            let wanted = wanted_factors(&self.doc.portfolio.exposure_factors);
            self.exposure.update(
                &aligned,
                &chart_symbols,
                &wanted,
                self.doc.portfolio.chart.exposure_rolling,
                window,
            );
        }
        let inputs = ViewInputs {
            prices,
            deals,
            revenue: self.revenue.chart_inputs(
                &self.doc.portfolio.revenue_overrides,
                deals,
                &chart_symbols,
                chart_theme,
            ),
            portfolio: Ok(PortfolioInputs {
                result: self.portfolio_result.as_ref(),
                name: &self.doc.portfolio.name,
            }),
            events: self.events.chart_inputs(chart_theme, &data.source),
            exposure: self.exposure.chart_inputs(
                &self.doc.portfolio.chart,
                &benchmark,
                chart_theme,
                &data.source,
            ),
        };
        let spec = build_view_or_message(view, &inputs);
        self.derived = Some(Derived {
            aligned,
            window,
            analysis,
            plot: PlotCache::new(spec),
            theme: chart_theme,
        });
        self.dirty = false;
        self.realign = false;
    }

    /// Series hidden on the chart: legend-hidden ones and the benchmark when it is unticked.
    pub fn hidden_series(&self) -> BTreeSet<String> {
        let mut hidden = self.legend_hidden.clone();
        if !self.is_selected(self.benchmark()) {
            hidden.insert(self.benchmark().to_owned());
        }
        hidden
    }
}
