//! What the user looks at: the chart view and its options. Stored in portfolio files and in the
//! app's preferences.

use serde::{Deserialize, Serialize};

/// The chart views of the app and of `minerlens chart VIEW`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    #[default]
    Performance,
    Divergence,
    Decoupling,
    Relative,
    Drawdown,
    RevenueMix,
    Capacity,
    Economics,
    Events,
    Exposure,
    Portfolio,
}

impl View {
    /// The views shown as tabs, in order.
    pub const ALL: [View; 11] = [
        View::Performance,
        View::Divergence,
        View::Decoupling,
        View::Relative,
        View::Drawdown,
        View::RevenueMix,
        View::Capacity,
        View::Economics,
        View::Events,
        View::Exposure,
        View::Portfolio,
    ];

    /// Tab label.
    pub fn label(self) -> &'static str {
        match self {
            View::Performance => "Performance",
            View::Divergence => "Divergence",
            View::Decoupling => "Decoupling",
            View::Relative => "Relative strength",
            View::Drawdown => "Drawdown",
            View::RevenueMix => "Revenue mix",
            View::Capacity => "Capacity",
            View::Economics => "Economics",
            View::Events => "Events",
            View::Exposure => "Exposure",
            View::Portfolio => "Portfolio",
        }
    }

    /// Name on the command line and in file names.
    pub fn slug(self) -> &'static str {
        match self {
            View::Performance => "performance",
            View::Divergence => "divergence",
            View::Decoupling => "decoupling",
            View::Relative => "relative",
            View::Drawdown => "drawdown",
            View::RevenueMix => "revenue-mix",
            View::Capacity => "capacity",
            View::Economics => "economics",
            View::Events => "events",
            View::Exposure => "exposure",
            View::Portfolio => "portfolio",
        }
    }

    pub fn from_slug(text: &str) -> Option<View> {
        let t = text.trim().to_ascii_lowercase();
        View::ALL.into_iter().find(|v| v.slug() == t)
    }

    /// Views whose x axis is time (they share the x axis and the hover cursor).
    pub fn is_time_view(self) -> bool {
        matches!(
            self,
            View::Performance
                | View::Decoupling
                | View::Relative
                | View::Drawdown
                | View::Exposure
                | View::Portfolio
        )
    }
}

/// Spread in points or the relative (ratio) view of the divergence chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum DivergenceMode {
    #[default]
    Spread,
    Relative,
}

/// What the Exposure view draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ExposureMode {
    /// b_btc and b_ai over time, in two linked panels.
    #[default]
    Betas,
    /// The explained-variance split (Shapley shares of R²) as stacked areas.
    Shares,
}

/// Rolling windows offered for beta and correlation.
pub const ROLLING_CHOICES: [usize; 3] = [30, 60, 90];

/// Rolling windows of the Exposure view offered in the window, in returns.
pub const EXPOSURE_ROLLING_CHOICES: [usize; 3] = [60, 120, 250];

/// Options of the chart views.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartOptions {
    /// Log scale on the performance view.
    pub log_scale: bool,
    /// Draw the equal-weight basket on the performance view.
    pub show_basket: bool,
    pub divergence_mode: DivergenceMode,
    /// Rolling window of the decoupling view, in returns.
    pub rolling_days: usize,
    /// Deal markers (and the halving) on the time charts.
    pub show_markers: bool,
    /// Rolling window of the Exposure view, in returns.
    pub exposure_rolling: usize,
    pub exposure_mode: ExposureMode,
    /// The Portfolio view from the first purchase to the last price, whatever the window.
    pub portfolio_since_purchase: bool,
}

impl Default for ChartOptions {
    fn default() -> Self {
        Self {
            log_scale: false,
            show_basket: false,
            divergence_mode: DivergenceMode::Spread,
            rolling_days: 30,
            show_markers: true,
            exposure_rolling: 120,
            exposure_mode: ExposureMode::Betas,
            portfolio_since_purchase: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_slugs_round_trip() {
        for v in View::ALL {
            assert_eq!(View::from_slug(v.slug()), Some(v));
        }
        assert_eq!(View::from_slug("Revenue-Mix"), Some(View::RevenueMix));
        assert_eq!(View::from_slug("pie"), None);
    }
}
