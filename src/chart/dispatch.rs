//! The one dispatch from a view to the spec that draws it. The window, its exports and
//! `minerlens chart` all build their charts here, from the same inputs.

use super::economics_views;
use super::event_views::{self, EventsContext};
use super::exposure_views::{self, ExposureContext};
use super::markers;
use super::revenue_views::{self, RevenueChartContext};
use super::spec::{ChartSpec, View};
use super::views::{self, ChartContext};
use crate::analysis::portfolio::PortfolioResult;
use crate::analysis::revenue::MinerRevenue;
use crate::model::deals::Deal;

/// Everything the views are drawn from. A view whose inputs are missing is unavailable, and the
/// `Err` says why ("the portfolio view needs --portfolio FILE").
pub struct ViewInputs<'a> {
    /// The price views: performance, divergence, decoupling, relative strength, drawdown.
    pub prices: ChartContext<'a>,
    /// The deals in use: markers on the time views.
    pub deals: &'a [Deal],
    pub revenue: Result<RevenueInputs<'a>, String>,
    pub portfolio: Result<PortfolioInputs<'a>, String>,
    pub events: Result<EventsContext<'a>, String>,
    pub exposure: Result<ExposureContext<'a>, String>,
}

/// Inputs of the per-miner model views: revenue mix, capacity and economics.
pub struct RevenueInputs<'a> {
    pub ctx: RevenueChartContext<'a>,
    /// The revenue rows when the caller has them already (the window keeps them for its table).
    pub rows: Option<&'a [MinerRevenue]>,
}

/// Inputs of the portfolio view.
pub struct PortfolioInputs<'a> {
    /// `None`: the portfolio has no holdings.
    pub result: Option<&'a PortfolioResult>,
    pub name: &'a str,
}

/// A view that cannot be drawn from the inputs at hand, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {} view is not available: {reason}", .view.slug())]
pub struct ViewUnavailable {
    pub view: View,
    pub reason: String,
}

/// The spec of `view`.
pub fn build_view(view: View, inputs: &ViewInputs<'_>) -> Result<ChartSpec, ViewUnavailable> {
    let unavailable = |reason: &String| ViewUnavailable {
        view,
        reason: reason.clone(),
    };
    let prices = &inputs.prices;
    let mut spec = match view {
        View::Performance => views::performance(prices),
        View::Divergence => views::divergence(prices),
        View::Decoupling => views::decoupling(prices),
        View::Relative => views::relative(prices),
        View::Drawdown => views::drawdown(prices),
        View::RevenueMix | View::Capacity => {
            let r = inputs.revenue.as_ref().map_err(unavailable)?;
            revenue_views::build(view, &r.ctx, r.rows)
        }
        View::Economics => {
            economics_views::build(&inputs.revenue.as_ref().map_err(unavailable)?.ctx)
        }
        View::Events => event_views::events(inputs.events.as_ref().map_err(unavailable)?),
        View::Exposure => exposure_views::exposure(inputs.exposure.as_ref().map_err(unavailable)?),
        View::Portfolio => {
            let p = inputs.portfolio.as_ref().map_err(unavailable)?;
            views::portfolio(p.result, p.name, prices.window, prices.theme, prices.source)
        }
    };
    if view.is_time_view() && prices.options.show_markers {
        spec.markers =
            markers::event_markers(inputs.deals, prices.symbols, prices.window, prices.theme);
    }
    Ok(spec)
}

/// [`build_view`], or for an unavailable view an empty chart that says why (the window).
pub fn build_view_or_message(view: View, inputs: &ViewInputs<'_>) -> ChartSpec {
    build_view(view, inputs).unwrap_or_else(|e| ChartSpec {
        view,
        title: view.label().to_owned(),
        subtitle: String::new(),
        panels: Vec::new(),
        footer: String::new(),
        empty_message: Some(e.reason),
        markers: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Aligned, divergence};
    use crate::chart::ChartTheme;
    use crate::data::sample::load_demo;
    use crate::model::DateRange;
    use crate::model::dates::ymd;
    use crate::model::options::ChartOptions;

    #[test]
    fn every_view_is_built_here_or_says_why_not() {
        let prices = load_demo().unwrap();
        let aligned = Aligned::build(&prices, "BTC-USD").unwrap();
        let symbols = vec!["IREN".to_owned(), "MARA".to_owned()];
        let window = DateRange::new(ymd(2026, 1, 1), ymd(2026, 3, 31));
        let analysis = divergence::analyze(&aligned, &symbols, window).unwrap();
        let options = ChartOptions::default();
        let inputs = ViewInputs {
            prices: ChartContext {
                aligned: &aligned,
                symbols: &symbols,
                window,
                analysis: &analysis,
                options: &options,
                theme: ChartTheme::Light,
                source: "test",
            },
            deals: &[],
            revenue: Err("no fundamentals".to_owned()),
            portfolio: Err("the portfolio view needs --portfolio FILE".to_owned()),
            events: Err("no ledger".to_owned()),
            exposure: Err("no factor".to_owned()),
        };
        for view in View::ALL {
            match build_view(view, &inputs) {
                Ok(spec) => {
                    assert_eq!(spec.view, view);
                    assert!(spec.empty_message.is_none(), "{view:?}");
                }
                Err(e) => {
                    assert!(
                        !matches!(
                            view,
                            View::Performance
                                | View::Divergence
                                | View::Decoupling
                                | View::Relative
                                | View::Drawdown
                        ),
                        "{view:?}"
                    );
                    assert_eq!(e.view, view);
                }
            }
        }
        let err = build_view(View::Portfolio, &inputs).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the portfolio view is not available: the portfolio view needs --portfolio FILE"
        );
        let shown = build_view_or_message(View::Capacity, &inputs);
        assert_eq!(shown.empty_message.as_deref(), Some("no fundamentals"));
    }
}
