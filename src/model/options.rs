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
    Portfolio,
}

impl View {
    /// The views shown as tabs, in order.
    pub const ALL: [View; 8] = [
        View::Performance,
        View::Divergence,
        View::Decoupling,
        View::Relative,
        View::Drawdown,
        View::RevenueMix,
        View::Capacity,
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

/// Rolling windows offered for beta and correlation.
pub const ROLLING_CHOICES: [usize; 3] = [30, 60, 90];

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
}

impl Default for ChartOptions {
    fn default() -> Self {
        Self {
            log_scale: false,
            show_basket: false,
            divergence_mode: DivergenceMode::Spread,
            rolling_days: 30,
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
