//! Exports from the window: the chart as PNG or SVG (as shown: same series, zoom, title, legend
//! and footer), "Copy image" (a screenshot of the chart, cropped), and the data behind the chart
//! as CSV. The save dialog, the rendering and the writing run in background jobs; a toast reports
//! the path or the error, and an existing file is only replaced after the user confirms.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{ColorImage, Rect};
use egui_plot::PlotMemory;
use serde::{Deserialize, Serialize};

use crate::chart::ChartSpec;
use crate::chart::csv::series_csv;
use crate::chart::render::{self, ImageFormat, MAX_SIDE, RenderOptions};
use crate::chart::theme::ChartTheme;
use crate::ui::app::{JobResult, MinerLensApp};
use crate::ui::plot::{PlotCache, plot_id};
use crate::ui::theme;

/// The size presets of the export dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SizeChoice {
    /// The window's size in points (what the user sees, at the chosen scale).
    Window,
    /// 1920x1080.
    FullHd,
    /// 1200x675, for social posts.
    Social,
    Custom,
}

impl SizeChoice {
    pub const ALL: [SizeChoice; 4] = [
        SizeChoice::Window,
        SizeChoice::FullHd,
        SizeChoice::Social,
        SizeChoice::Custom,
    ];
}

/// The theme of the exported file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    AsShown,
    Light,
    Dark,
}

/// What the export dialog is set to (kept between runs in the preferences).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportSettings {
    pub format: ImageFormat,
    pub size: SizeChoice,
    pub custom_width: String,
    pub custom_height: String,
    pub scale: u32,
    pub theme: ThemeChoice,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            format: ImageFormat::Png,
            size: SizeChoice::FullHd,
            custom_width: "1600".into(),
            custom_height: "900".into(),
            scale: 1,
            theme: ThemeChoice::AsShown,
        }
    }
}

impl ExportSettings {
    /// The layout size in pixels, or why the custom size is not valid.
    pub fn size_px(&self, window: egui::Vec2) -> Result<(u32, u32), String> {
        match self.size {
            SizeChoice::Window => Ok((
                window.x.round().max(1.0) as u32,
                window.y.round().max(1.0) as u32,
            )),
            SizeChoice::FullHd => Ok((1920, 1080)),
            SizeChoice::Social => Ok((1200, 675)),
            SizeChoice::Custom => {
                let parse = |t: &str| {
                    t.trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|v| (1..=MAX_SIDE).contains(v))
                };
                match (parse(&self.custom_width), parse(&self.custom_height)) {
                    (Some(w), Some(h)) => Ok((w, h)),
                    _ => Err(format!(
                        "Width and height must be whole numbers from 1 to {MAX_SIDE}"
                    )),
                }
            }
        }
    }
}

/// Where the save dialog's answer comes from.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SaveTarget {
    /// The platform's save dialog (rfd, in a background job).
    #[default]
    Dialog,
    /// Always this file, as if the user had picked it (tests and automation).
    Fixed(PathBuf),
}

/// Something to write once a file is chosen.
#[derive(Clone, Debug)]
pub enum ExportJob {
    Image {
        spec: Box<ChartSpec>,
        opts: RenderOptions,
        format: ImageFormat,
    },
    Csv(String),
}

impl ExportJob {
    fn extension(&self) -> &'static str {
        match self {
            ExportJob::Image { format, .. } => format.extension(),
            ExportJob::Csv(_) => "csv",
        }
    }

    /// Renders and writes atomically.
    fn write(self, path: &Path) -> Result<(), String> {
        match self {
            ExportJob::Image { spec, opts, format } => {
                let bytes = render::render(&spec, &opts, format).map_err(|e| e.to_string())?;
                render::write_atomic(path, &bytes).map_err(|e| e.to_string())
            }
            ExportJob::Csv(text) => {
                render::write_atomic(path, text.as_bytes()).map_err(|e| e.to_string())
            }
        }
    }
}

/// A chosen file that already exists, waiting for the user to confirm the replacement.
#[derive(Clone, Debug)]
pub struct PendingReplace {
    pub path: PathBuf,
    pub job: ExportJob,
}

/// Results of the export jobs.
pub enum ExportResult {
    /// The save dialog closed: `None` = cancelled.
    Chosen(Option<PathBuf>, ExportJob),
    /// The file was written, or why not.
    Written(Result<PathBuf, String>),
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportCommand {
    OpenDialog,
    CloseDialog,
    /// Export with the dialog's settings (opens the save dialog).
    ExportImage,
    CopyImage,
    ExportCsv,
    /// Save a table beside the chart (the events table) as CSV.
    ExportTableCsv(String),
    /// Answer to "replace the existing file?".
    ConfirmReplace(bool),
}

/// A cropped screenshot waiting to be put on the clipboard (filled by the screenshot callback,
/// which runs outside the frame).
type ScreenshotSlot = Arc<Mutex<Option<Result<ColorImage, String>>>>;

/// Export state of the app.
#[derive(Default)]
pub struct ExportState {
    pub dialog_open: bool,
    pub settings: ExportSettings,
    pub save_target: SaveTarget,
    pub pending_replace: Option<PendingReplace>,
    /// The chart's rectangle on screen in the last frame, in points (title to x-axis labels).
    pub chart_rect: Option<Rect>,
    /// The last image put on the clipboard (for tests: the clipboard is not readable there).
    pub last_copied: Option<Arc<ColorImage>>,
    /// The last file written.
    pub last_written: Option<PathBuf>,
    screenshot: ScreenshotSlot,
}

/// The name the save dialog proposes: `minerlens-divergence-2026-01-02_2026-03-31.png`.
pub fn default_file_name(app: &MinerLensApp, extension: &str) -> String {
    let view = app.doc.portfolio.view.slug();
    match &app.derived {
        Some(d) => format!("minerlens-{view}-{}.{extension}", d.window.file_stem()),
        None => format!("minerlens-{view}.{extension}"),
    }
}

/// The file to write: the chosen name, with the format's extension added when it has another.
fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
    let has = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if has {
        path
    } else {
        let mut name = path.into_os_string();
        name.push(".");
        name.push(extension);
        PathBuf::from(name)
    }
}

/// The visible x range and the per-panel y ranges, in data units.
type ShownRanges = (Option<(f64, f64)>, Vec<Option<(f64, f64)>>);

/// The visible x range and per-panel y ranges of the chart as shown (data units).
fn shown_ranges(ctx: &egui::Context, cache: &PlotCache) -> ShownRanges {
    let mut x = None;
    let mut ys = Vec::new();
    for (i, panel) in cache.spec.panels.iter().enumerate() {
        let bounds = PlotMemory::load(ctx, plot_id(cache, i)).map(|m| *m.bounds());
        let y = bounds.filter(|b| b.is_valid_y()).map(|b| {
            let (lo, hi) = (b.min()[1], b.max()[1]);
            if panel.log_y {
                (10f64.powf(lo), 10f64.powf(hi))
            } else {
                (lo, hi)
            }
        });
        if x.is_none() {
            x = bounds
                .filter(|b| b.is_valid_x())
                .map(|b| (b.min()[0], b.max()[0]));
        }
        ys.push(y);
    }
    (x, ys)
}

/// The image job for the chart as shown, with the dialog's settings.
fn image_job(app: &MinerLensApp, ctx: &egui::Context) -> Result<ExportJob, String> {
    let derived = app
        .derived
        .as_ref()
        .ok_or("There is no chart to export yet")?;
    let settings = &app.export.settings;
    let (width, height) = settings.size_px(ctx.content_rect().size())?;
    let shown_theme = theme::chart_theme(ctx);
    let to = match settings.theme {
        ThemeChoice::AsShown => shown_theme,
        ThemeChoice::Light => ChartTheme::Light,
        ThemeChoice::Dark => ChartTheme::Dark,
    };
    let spec = render::retheme(&derived.plot.spec, shown_theme, to);
    let (x_range, y_ranges) = shown_ranges(ctx, &derived.plot);
    let opts = RenderOptions {
        width,
        height,
        scale: settings.scale,
        theme: to,
        x_range,
        y_ranges,
        hidden: app.hidden_series(),
    };
    opts.validate().map_err(|e| e.to_string())?;
    Ok(ExportJob::Image {
        spec: Box::new(spec),
        opts,
        format: settings.format,
    })
}

/// Opens the save dialog (or takes the fixed target) in a background job.
fn choose_file(app: &mut MinerLensApp, ctx: &egui::Context, job: ExportJob) {
    let extension = job.extension();
    let name = default_file_name(app, extension);
    let target = app.export.save_target.clone();
    let (filter, label) = match &job {
        ExportJob::Image { format, .. } => (format.label(), "Export chart"),
        ExportJob::Csv(_) => ("CSV", "Export data"),
    };
    app.jobs.spawn(ctx, "Choosing a file", false, move |_| {
        let path = match target {
            SaveTarget::Fixed(p) => Some(p),
            SaveTarget::Dialog => rfd::FileDialog::new()
                .set_title(label)
                .set_file_name(name)
                .add_filter(filter, &[extension])
                .save_file(),
        };
        JobResult::Export(ExportResult::Chosen(
            path.map(|p| with_extension(p, extension)),
            job,
        ))
    });
}

/// Renders and writes in a background job.
fn write_file(app: &mut MinerLensApp, ctx: &egui::Context, path: PathBuf, job: ExportJob) {
    app.jobs.spawn(ctx, "Exporting", false, move |_| {
        JobResult::Export(ExportResult::Written(job.write(&path).map(|()| path)))
    });
}

/// Carries out an export command.
pub fn apply(app: &mut MinerLensApp, command: ExportCommand, ctx: &egui::Context) {
    match command {
        ExportCommand::OpenDialog => app.export.dialog_open = app.derived.is_some(),
        ExportCommand::CloseDialog => app.export.dialog_open = false,
        ExportCommand::ExportImage => match image_job(app, ctx) {
            Ok(job) => {
                app.export.dialog_open = false;
                choose_file(app, ctx, job);
            }
            Err(e) => app.toast(format!("Could not export the chart: {e}"), true),
        },
        ExportCommand::ExportCsv => match &app.derived {
            Some(d) => {
                let text = series_csv(&d.plot.spec.without(&app.hidden_series()));
                choose_file(app, ctx, ExportJob::Csv(text));
            }
            None => app.toast("There is no chart to export yet", true),
        },
        ExportCommand::ExportTableCsv(text) => choose_file(app, ctx, ExportJob::Csv(text)),
        ExportCommand::CopyImage => request_copy(app, ctx),
        ExportCommand::ConfirmReplace(replace) => {
            if let Some(p) = app.export.pending_replace.take()
                && replace
            {
                write_file(app, ctx, p.path, p.job);
            }
        }
    }
}

/// Handles a finished export job.
pub fn on_result(app: &mut MinerLensApp, result: ExportResult, ctx: &egui::Context) {
    match result {
        ExportResult::Chosen(None, _) => {}
        ExportResult::Chosen(Some(path), job) => {
            if path.exists() {
                app.export.pending_replace = Some(PendingReplace { path, job });
            } else {
                write_file(app, ctx, path, job);
            }
        }
        ExportResult::Written(Ok(path)) => {
            app.toast(format!("Saved {}", path.display()), false);
            app.export.last_written = Some(path);
        }
        ExportResult::Written(Err(e)) => app.toast(format!("Export failed: {e}"), true),
    }
}

/// Asks the integration for a screenshot; the callback crops it to the chart.
fn request_copy(app: &mut MinerLensApp, ctx: &egui::Context) {
    let Some(rect) = app.export.chart_rect else {
        app.toast("There is no chart to copy yet", true);
        return;
    };
    let slot = app.export.screenshot.clone();
    let viewport = ctx.viewport_rect();
    let ppp = ctx.pixels_per_point();
    let repaint = ctx.clone();
    ctx.request_screenshot(move |image: Arc<ColorImage>| {
        let cropped = crop(&image, rect, viewport, ppp);
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(cropped);
        // The screenshot callback does not repaint by itself.
        repaint.request_repaint();
    });
}

/// The part of a window screenshot under `rect` (points), opaque. The pixel density comes from
/// the image itself (its width over the viewport's), so a HiDPI screen gives the full chart at
/// its full resolution rather than a corner of it.
pub fn crop(
    image: &ColorImage,
    rect: Rect,
    viewport: Rect,
    ppp: f32,
) -> Result<ColorImage, String> {
    let [w, h] = image.size;
    if w == 0 || h == 0 {
        return Err("the screenshot is empty".into());
    }
    let from_image = w as f32 / viewport.width().max(1.0);
    let ppp = if from_image.is_finite() && from_image > 0.0 {
        from_image
    } else {
        ppp
    };
    let limit = Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(w as f32 / ppp, h as f32 / ppp));
    let clamped = rect.intersect(limit);
    if !clamped.is_positive() || clamped.width() * ppp < 1.0 || clamped.height() * ppp < 1.0 {
        return Err("the chart is not on screen".into());
    }
    let mut out = image.region(&clamped, Some(ppp));
    for px in &mut out.pixels {
        *px = px.to_opaque();
    }
    Ok(out)
}

/// Per frame: puts a finished screenshot on the clipboard.
pub fn poll(app: &mut MinerLensApp, ctx: &egui::Context) {
    let taken = app
        .export
        .screenshot
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take();
    match taken {
        Some(Ok(image)) => {
            let [w, h] = image.size;
            let image = Arc::new(image);
            ctx.copy_image((*image).clone());
            app.export.last_copied = Some(image);
            app.toast(format!("Copied the chart ({w}x{h} pixels)"), false);
        }
        Some(Err(e)) => app.toast(format!("Could not copy the chart: {e}"), true),
        None => {}
    }
}

/// The chart's rectangle for "Copy image": from the top of the title to the bottom of the plot
/// with its axis labels (`Plot::show`'s rect excludes them; the ui's used rect does not).
pub fn chart_rect(plot_rect: Option<Rect>, used: Rect) -> Option<Rect> {
    plot_rect.map(|r| Rect::from_min_max(r.min, r.max.max(used.max)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_names() {
        let mut s = ExportSettings::default();
        assert_eq!(s.size_px(egui::vec2(1400.0, 900.0)), Ok((1920, 1080)));
        s.size = SizeChoice::Window;
        assert_eq!(s.size_px(egui::vec2(1400.4, 899.6)), Ok((1400, 900)));
        s.size = SizeChoice::Custom;
        s.custom_width = "0".into();
        assert!(s.size_px(egui::Vec2::ZERO).is_err());
        assert_eq!(
            with_extension(PathBuf::from("/tmp/a"), "png"),
            PathBuf::from("/tmp/a.png")
        );
        assert_eq!(
            with_extension(PathBuf::from("/tmp/a.PNG"), "png"),
            PathBuf::from("/tmp/a.PNG")
        );
    }

    #[test]
    fn crops_at_the_image_density() {
        let image = ColorImage::filled([200, 100], egui::Color32::TRANSPARENT);
        let viewport = Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(100.0, 50.0));
        // A 2x screen: the chart's 50x20 points are 100x40 pixels, and the rect is clamped.
        let rect = Rect::from_min_max(egui::pos2(10.0, 10.0), egui::pos2(60.0, 30.0));
        let out = crop(&image, rect, viewport, 1.0).unwrap();
        assert_eq!(out.size, [100, 40]);
        assert!(out.pixels.iter().all(|p| p.a() == 255));
        let off = Rect::from_min_max(egui::pos2(90.0, 40.0), egui::pos2(300.0, 300.0));
        assert_eq!(crop(&image, off, viewport, 2.0).unwrap().size, [20, 20]);
        let gone = Rect::from_min_max(egui::pos2(200.0, 200.0), egui::pos2(300.0, 300.0));
        assert!(crop(&image, gone, viewport, 2.0).is_err());
    }
}
