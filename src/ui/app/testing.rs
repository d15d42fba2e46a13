//! A small window on the app's state for the integration tests (`tests/it`): what they check
//! and the few settings they change. Not an API for anything else.

use std::path::PathBuf;

use super::{LoadedData, MinerLensApp, RightTab};
use crate::chart::ChartSpec;
use crate::data::paths::AppPaths;
use crate::model::options::View;
use crate::model::portfolio::WindowSetting;
use crate::ui::controllers::export::ExportState;
use crate::ui::controllers::import::ImportState;
use crate::ui::controllers::refresh::RefreshState;
use crate::ui::document::{Document, PendingAction};
use crate::ui::panels::revenue::RevenueState;
use crate::ui::prefs::Prefs;

impl MinerLensApp {
    #[doc(hidden)]
    pub fn test(&self) -> TestAccess<'_> {
        TestAccess(self)
    }

    #[doc(hidden)]
    pub fn test_mut(&mut self) -> TestAccessMut<'_> {
        TestAccessMut(self)
    }
}

/// Read access for tests.
pub struct TestAccess<'a>(&'a MinerLensApp);

/// The settings tests change before driving the window.
pub struct TestAccessMut<'a>(&'a mut MinerLensApp);

impl<'a> TestAccess<'a> {
    pub fn view(&self) -> View {
        self.0.doc.portfolio.view
    }

    pub fn window_setting(&self) -> WindowSetting {
        self.0.doc.portfolio.window
    }

    /// The chart spec on screen.
    pub fn spec(&self) -> Option<&'a ChartSpec> {
        self.0.derived.as_ref().map(|d| &d.plot.spec)
    }

    /// Ids of the series drawn in the last frame.
    pub fn last_drawn(&self) -> &'a [String] {
        &self.0.last_drawn
    }

    /// The analysis behind the table (`None` while loading or when it failed).
    pub fn analysis(&self) -> Option<&'a crate::analysis::Analysis> {
        self.0.derived.as_ref()?.analysis.as_ref().ok()
    }

    /// The chart's panels as shown in the last frame (frame, bounds, crosshair).
    pub fn panels(&self) -> &'a [crate::ui::plot::ShownPanel] {
        &self.0.last_panels
    }

    pub fn busy(&self) -> bool {
        self.0.jobs.is_busy()
    }

    pub fn data(&self) -> Option<&'a LoadedData> {
        self.0.data.as_ref()
    }

    pub fn doc(&self) -> &'a Document {
        &self.0.doc
    }

    pub fn pending(&self) -> Option<&'a PendingAction> {
        self.0.pending.as_ref()
    }

    pub fn error_dialog(&self) -> Option<&'a str> {
        self.0.error_dialog.as_deref()
    }

    pub fn prefs(&self) -> &'a Prefs {
        &self.0.prefs
    }

    pub fn revenue(&self) -> &'a RevenueState {
        &self.0.revenue
    }

    pub fn export(&self) -> &'a ExportState {
        &self.0.export
    }

    pub fn import(&self) -> &'a ImportState {
        &self.0.import
    }

    pub fn refresh(&self) -> &'a RefreshState {
        &self.0.refresh
    }
}

impl TestAccessMut<'_> {
    pub fn prefs(&mut self) -> &mut Prefs {
        &mut self.0.prefs
    }

    pub fn doc(&mut self) -> &mut Document {
        &mut self.0.doc
    }

    pub fn export(&mut self) -> &mut ExportState {
        &mut self.0.export
    }

    pub fn import(&mut self) -> &mut ImportState {
        &mut self.0.import
    }

    pub fn refresh(&mut self) -> &mut RefreshState {
        &mut self.0.refresh
    }

    pub fn set_paths(&mut self, paths: AppPaths) {
        self.0.paths = Some(paths);
    }

    pub fn set_store_dir(&mut self, dir: PathBuf) {
        self.0.import.store_dir = Some(dir);
    }

    pub fn set_right_tab(&mut self, tab: RightTab) {
        self.0.right_tab = tab;
    }
}
