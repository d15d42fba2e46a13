//! Toolkit-neutral chart specs built from analysis results, and the headless renderers that
//! write them to files. No egui here.

pub mod axis;
pub mod csv;
pub mod dispatch;
pub mod economics_views;
pub mod event_views;
pub mod exposure_views;
pub mod fonts;
pub mod markers;
pub mod reduce;
pub mod render;
pub mod revenue_views;
pub mod spec;
pub mod theme;
pub mod views;

pub use dispatch::{ViewInputs, ViewUnavailable, build_view, build_view_or_message};
pub use spec::{ChartSpec, Mark, PanelSpec, SeriesSpec, View, XAxis};
pub use theme::{ChartTheme, Rgb};
