//! The SVG text being written: shapes and text with escaping and styles.

use std::fmt::Write as _;

use crate::chart::theme::Rgb;

/// The SVG being written.
pub(super) struct Svg {
    pub(super) out: String,
    pub(super) family: &'static str,
}

/// Horizontal text alignment.
#[derive(Clone, Copy)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub(super) fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

pub(super) struct TextStyle {
    pub(super) size: f64,
    pub(super) color: Rgb,
    pub(super) bold: bool,
    pub(super) anchor: Anchor,
}

impl TextStyle {
    pub(super) fn new(size: f64, color: Rgb, bold: bool, anchor: Anchor) -> Self {
        TextStyle {
            size,
            color,
            bold,
            anchor,
        }
    }
}

/// A label over data: outlined in the plot's background so crossing lines do not hide it.
pub(super) fn halo(color: Rgb, width: f64) -> String {
    format!(
        r#" stroke="{}" stroke-width="{width:.1}" stroke-linejoin="round" paint-order="stroke""#,
        color.to_hex()
    )
}

impl Svg {
    pub(super) fn text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle) {
        self.text_with(x, y, text, style, "");
    }

    pub(super) fn text_with(&mut self, x: f64, y: f64, text: &str, style: &TextStyle, extra: &str) {
        let _ = write!(
            self.out,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{:.1}" fill="{}" text-anchor="{}"{}{extra}>{}</text>"#,
            style.size,
            style.color.to_hex(),
            style.anchor.svg(),
            if style.bold {
                r#" font-weight="bold""#
            } else {
                ""
            },
            escape(text)
        );
        self.out.push('\n');
    }

    pub(super) fn rotated_text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle) {
        let _ = writeln!(
            self.out,
            r#"<text transform="translate({x:.1},{y:.1}) rotate(-90)" font-size="{:.1}" fill="{}" text-anchor="middle">{}</text>"#,
            style.size,
            style.color.to_hex(),
            escape(text)
        );
    }

    pub(super) fn hline(
        &mut self,
        x0: f64,
        x1: f64,
        y: f64,
        color: Rgb,
        width: f64,
        dash: Option<&str>,
    ) {
        let y = snap(y);
        let _ = writeln!(
            self.out,
            r#"<line x1="{x0:.1}" y1="{y:.1}" x2="{x1:.1}" y2="{y:.1}" stroke="{}" stroke-width="{width:.2}"{}/>"#,
            color.to_hex(),
            dash_attr(dash)
        );
    }

    pub(super) fn vline(&mut self, x: f64, y0: f64, y1: f64, color: Rgb, width: f64) {
        let x = snap(x);
        let _ = writeln!(
            self.out,
            r#"<line x1="{x:.1}" y1="{y0:.1}" x2="{x:.1}" y2="{y1:.1}" stroke="{}" stroke-width="{width:.2}"/>"#,
            color.to_hex()
        );
    }

    pub(super) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Rgb, extra: &str) {
        let _ = writeln!(
            self.out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{}"{extra}/>"#,
            w.max(0.0),
            h.max(0.0),
            fill.to_hex()
        );
    }
}

pub(super) fn dash_attr(dash: Option<&str>) -> String {
    dash.map(|d| format!(r#" stroke-dasharray="{d}""#))
        .unwrap_or_default()
}

/// Puts a 1-unit line on the middle of a pixel row so it stays crisp.
pub(super) fn snap(v: f64) -> f64 {
    v.floor() + 0.5
}

/// XML text and attribute escaping.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}
