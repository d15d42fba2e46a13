//! Headless chart files: a [`ChartSpec`] drawn as SVG by a small hand-written layout
//! ([`svg`]), and PNG as that same SVG rasterized with resvg ([`png`]), so both formats look
//! identical and neither needs a window, a GPU or system fonts. Files are written atomically.

pub mod png;
pub mod svg;
pub mod text;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::spec::{ChartSpec, Mark};
use super::theme::ChartTheme;

/// The largest width or height, in pixels, of an exported image.
pub const MAX_SIDE: u32 = 16_384;
/// The largest pixel-density multiplier.
pub const MAX_SCALE: u32 = 4;

/// File formats of an exported chart.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum ImageFormat {
    #[default]
    Png,
    Svg,
}

impl ImageFormat {
    pub const ALL: [ImageFormat; 2] = [ImageFormat::Png, ImageFormat::Svg];

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImageFormat::Png => "PNG",
            ImageFormat::Svg => "SVG",
        }
    }

    /// The format a file name asks for (`.png` or `.svg`, any case).
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ImageFormat::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

/// How to draw a chart into a file.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderOptions {
    /// Layout size in pixels at scale 1.
    pub width: u32,
    pub height: u32,
    /// Pixel-density multiplier: the image is `width * scale` by `height * scale` pixels with
    /// the same layout (2 for HiDPI screens and print).
    pub scale: u32,
    pub theme: ChartTheme,
    /// The visible x range (the GUI's zoom); `None` shows all data.
    pub x_range: Option<(f64, f64)>,
    /// Per panel, the visible y range in data units; `None` fits the visible data.
    pub y_ranges: Vec<Option<(f64, f64)>>,
    /// Series ids left out (hidden from the legend in the GUI).
    pub hidden: BTreeSet<String>,
}

impl RenderOptions {
    pub fn new(width: u32, height: u32) -> Self {
        RenderOptions {
            width,
            height,
            scale: 1,
            theme: ChartTheme::Light,
            x_range: None,
            y_ranges: Vec::new(),
            hidden: BTreeSet::new(),
        }
    }

    /// The size of the image in pixels.
    pub fn pixel_size(&self) -> (u32, u32) {
        (
            self.width.saturating_mul(self.scale),
            self.height.saturating_mul(self.scale),
        )
    }

    /// Checks the size and scale.
    pub fn validate(&self) -> Result<(), ExportError> {
        check_size(self.width, self.height)?;
        if !(1..=MAX_SCALE).contains(&self.scale) {
            return Err(ExportError::BadScale(self.scale));
        }
        let (pw, ph) = self.pixel_size();
        if pw > MAX_SIDE || ph > MAX_SIDE {
            return Err(ExportError::TooLarge {
                width: self.width,
                height: self.height,
                scale: self.scale,
            });
        }
        Ok(())
    }
}

/// Checks a width and height: 1 to [`MAX_SIDE`] pixels each.
pub fn check_size(width: u32, height: u32) -> Result<(), ExportError> {
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(ExportError::BadSize { width, height });
    }
    Ok(())
}

/// Why a chart could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "the size {width}x{height} is not allowed: width and height must be 1 to {MAX_SIDE} pixels"
    )]
    BadSize { width: u32, height: u32 },
    #[error("the scale {0} is not allowed: use 1 to {MAX_SCALE}")]
    BadScale(u32),
    #[error(
        "{width}x{height} at scale {scale} is too large: the image may be at most {MAX_SIDE} pixels a side"
    )]
    TooLarge { width: u32, height: u32, scale: u32 },
    #[error("{}: unknown image type: the file name must end in .png or .svg", .0.display())]
    UnknownFormat(PathBuf),
    #[error("could not draw the chart: {0}")]
    Render(String),
    #[error("could not write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Draws `spec` in `format`.
pub fn render(
    spec: &ChartSpec,
    opts: &RenderOptions,
    format: ImageFormat,
) -> Result<Vec<u8>, ExportError> {
    opts.validate()?;
    let svg = svg::render_svg(spec, opts);
    match format {
        ImageFormat::Svg => Ok(svg.into_bytes()),
        ImageFormat::Png => png::svg_to_png(&svg),
    }
}

/// Draws `spec` into `path` (PNG or SVG by its extension), atomically; returns the format.
pub fn export(
    spec: &ChartSpec,
    opts: &RenderOptions,
    path: &Path,
) -> Result<ImageFormat, ExportError> {
    let format =
        ImageFormat::from_path(path).ok_or_else(|| ExportError::UnknownFormat(path.to_owned()))?;
    let bytes = render(spec, opts, format)?;
    write_atomic(path, &bytes)?;
    Ok(format)
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so a failed
/// write never leaves a partial file (and an existing file stays intact until the new one is
/// complete).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::data::fsutil::atomic_write(path, false, |w| w.write_all(bytes)).map_err(|source| {
        ExportError::Write {
            path: path.to_owned(),
            source,
        }
    })
}

/// The spec's colors moved from one theme to the other: symbol colors by series id, bar and area
/// colors by their palette role. Lets the GUI export a chart built for the screen's theme in the
/// other one without recomputing it.
pub fn retheme(spec: &ChartSpec, from: ChartTheme, to: ChartTheme) -> ChartSpec {
    let mut out = spec.clone();
    if from == to {
        return out;
    }
    let (a, b) = (from.palette(), to.palette());
    let roles = [
        (a.positive, b.positive),
        (a.negative, b.negative),
        (a.mining, b.mining),
        (a.hosting, b.hosting),
        (a.gpu_cloud, b.gpu_cloud),
        (a.reference, b.reference),
        (a.text, b.text),
        (a.text_muted, b.text_muted),
        (a.grid, b.grid),
        (a.panel, b.panel),
        (a.warning, b.warning),
    ];
    let map = |c: super::Rgb, id: &str| {
        if c == from.series_color(id) {
            return to.series_color(id);
        }
        // Series named after their symbol ("IREN Microsoft (2025-11-03)", an event's path).
        if let Some(first) = id.split_whitespace().next()
            && c == from.series_color(first)
        {
            return to.series_color(first);
        }
        roles
            .iter()
            .find(|(x, _)| *x == c)
            .map(|(_, y)| *y)
            .unwrap_or(c)
    };
    for panel in &mut out.panels {
        for s in &mut panel.series {
            s.color = if s.color == from.series_color(&s.id) {
                to.series_color(&s.id)
            } else {
                map(s.color, &s.name)
            };
            match &mut s.mark {
                Mark::Bars { bars, .. } => {
                    for bar in bars {
                        let id = bar.label.split(':').next().unwrap_or_default().to_owned();
                        bar.color = map(bar.color, &id);
                    }
                }
                Mark::HeatMap {
                    values,
                    colors,
                    lo,
                    hi,
                    ..
                } => {
                    *colors = values
                        .iter()
                        .map(|row| {
                            row.iter()
                                .map(|v| b.heat_color(v.unwrap_or(f64::NAN), *lo, *hi))
                                .collect()
                        })
                        .collect();
                }
                _ => {}
            }
        }
    }
    for m in &mut out.markers {
        m.color = map(m.color, &m.symbol);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_file_names() {
        assert_eq!(
            ImageFormat::from_path(Path::new("a/b.PNG")),
            Some(ImageFormat::Png)
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("x.svg")),
            Some(ImageFormat::Svg)
        );
        assert_eq!(ImageFormat::from_path(Path::new("x.jpg")), None);
        assert_eq!(ImageFormat::from_path(Path::new("png")), None);
    }

    #[test]
    fn sizes_and_scales_are_checked() {
        assert!(RenderOptions::new(1920, 1080).validate().is_ok());
        assert!(RenderOptions::new(0, 10).validate().is_err());
        assert!(RenderOptions::new(16_385, 10).validate().is_err());
        let mut o = RenderOptions::new(10_000, 10);
        o.scale = 2;
        assert!(matches!(o.validate(), Err(ExportError::TooLarge { .. })));
        o.scale = 5;
        assert!(matches!(o.validate(), Err(ExportError::BadScale(5))));
    }

    #[test]
    fn atomic_write_replaces_and_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.svg");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let missing = dir.path().join("no/such/dir/c.svg");
        assert!(write_atomic(&missing, b"x").is_err());
        assert!(write_atomic(dir.path(), b"x").is_err());
        // Only the file itself: no temporary files left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
