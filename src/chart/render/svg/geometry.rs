//! Canvas geometry: sizes proportional to the canvas, plot frames, and the data-to-canvas
//! mapping of a panel.

/// Font sizes and spacing, all proportional to the canvas.
pub(super) struct Metrics {
    pub(super) k: f64,
    pub(super) pad: f64,
    pub(super) title: f64,
    pub(super) subtitle: f64,
    pub(super) legend: f64,
    pub(super) tick: f64,
    pub(super) axis: f64,
    pub(super) panel_title: f64,
    pub(super) small: f64,
    pub(super) footer: f64,
}

impl Metrics {
    pub(super) fn new(width: f64, height: f64) -> Self {
        // 1 at 1100x1100 worth of pixels (about 1600x760): a window-like look at common sizes,
        // larger text on big canvases so a downscaled slide stays legible.
        let k = ((width * height).sqrt() / 1100.0).clamp(0.8, 1.7);
        Metrics {
            k,
            pad: 20.0 * k,
            title: 21.0 * k,
            subtitle: 13.5 * k,
            legend: 13.0 * k,
            tick: 12.0 * k,
            axis: 12.5 * k,
            panel_title: 13.0 * k,
            small: 11.5 * k,
            footer: 11.5 * k,
        }
    }
}

/// A rectangle in canvas units.
#[derive(Clone, Copy, Debug)]
pub(super) struct Frame {
    pub(super) left: f64,
    pub(super) top: f64,
    pub(super) right: f64,
    pub(super) bottom: f64,
}

impl Frame {
    pub(super) fn width(&self) -> f64 {
        self.right - self.left
    }
    pub(super) fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

/// Maps data to canvas coordinates for one panel.
pub(super) struct Mapping {
    pub(super) frame: Frame,
    pub(super) x0: f64,
    pub(super) x1: f64,
    /// y range in plotted space (log10 on log axes).
    pub(super) y0: f64,
    pub(super) y1: f64,
    pub(super) log: bool,
}

impl Mapping {
    pub(super) fn x(&self, x: f64) -> f64 {
        self.frame.left + (x - self.x0) / (self.x1 - self.x0) * self.frame.width()
    }
    /// Canvas y of a plotted-space value.
    pub(super) fn y_plotted(&self, y: f64) -> f64 {
        self.frame.bottom - (y - self.y0) / (self.y1 - self.y0) * self.frame.height()
    }
    /// Canvas y of a data value; `None` where a log axis cannot show it.
    pub(super) fn y(&self, v: f64) -> Option<f64> {
        let p = to_plotted(v, self.log)?;
        Some(self.y_plotted(p))
    }
}

pub(super) fn to_plotted(v: f64, log: bool) -> Option<f64> {
    if !v.is_finite() {
        None
    } else if log {
        (v > 0.0).then(|| v.log10())
    } else {
        Some(v)
    }
}
