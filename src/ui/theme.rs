//! egui side of the theme: converts chart colors and sets the visuals. No other ui file defines
//! a color.

use egui::Color32;

use crate::chart::theme::{ChartTheme, Palette, Rgb};

#[allow(clippy::disallowed_methods)] // The one place chart colors become egui colors.
pub fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

/// The chart theme matching egui's current dark/light mode.
pub fn chart_theme(ctx: &egui::Context) -> ChartTheme {
    match ctx.theme() {
        egui::Theme::Dark => ChartTheme::Dark,
        egui::Theme::Light => ChartTheme::Light,
    }
}

pub fn palette(ctx: &egui::Context) -> Palette {
    chart_theme(ctx).palette()
}

/// Green for gains, red for losses, muted for zero or missing.
pub fn signed(ctx: &egui::Context, value: Option<f64>) -> Color32 {
    let p = palette(ctx);
    match value {
        Some(v) if v > 0.0 => color(p.positive),
        Some(v) if v < 0.0 => color(p.negative),
        _ => color(p.text_muted),
    }
}

pub fn muted(ctx: &egui::Context) -> Color32 {
    color(palette(ctx).text_muted)
}

pub fn warning(ctx: &egui::Context) -> Color32 {
    color(palette(ctx).warning)
}

pub fn error(ctx: &egui::Context) -> Color32 {
    color(palette(ctx).negative)
}

/// The 1-pixel tint used for hidden series in lists.
pub fn faded(c: Color32) -> Color32 {
    c.gamma_multiply(0.35)
}

/// Color of the reference lines.
pub fn reference(ctx: &egui::Context) -> Color32 {
    color(palette(ctx).reference)
}

pub fn grid(ctx: &egui::Context) -> Color32 {
    color(palette(ctx).grid)
}
