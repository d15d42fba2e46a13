//! The one place colors are defined: chart palettes for dark and light, and stable per-symbol
//! series colors. The GUI converts these to egui colors; the file renderers use them directly.

use serde::{Deserialize, Serialize};

/// An sRGB color.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const fn hex(v: u32) -> Self {
        Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }

    /// `#rrggbb`
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Linear mix towards `other` (`t` = 0 keeps self).
    pub fn mix(self, other: Rgb, t: f32) -> Rgb {
        let m = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// Dark or light chart theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ChartTheme {
    #[default]
    Dark,
    Light,
}

impl ChartTheme {
    pub fn label(self) -> &'static str {
        match self {
            ChartTheme::Dark => "dark",
            ChartTheme::Light => "light",
        }
    }

    pub fn palette(self) -> Palette {
        match self {
            ChartTheme::Dark => Palette {
                background: Rgb::hex(0x1b1d22),
                panel: Rgb::hex(0x23262d),
                text: Rgb::hex(0xe6e8ec),
                text_muted: Rgb::hex(0x9aa1ad),
                grid: Rgb::hex(0x343843),
                axis: Rgb::hex(0x5b6170),
                positive: Rgb::hex(0x3fbf7f),
                negative: Rgb::hex(0xf0605d),
                reference: Rgb::hex(0x8a90a0),
                mining: Rgb::hex(0xf7931a),
                hosting: Rgb::hex(0x4e9cff),
                gpu_cloud: Rgb::hex(0xb07cff),
                warning: Rgb::hex(0xf0b429),
            },
            ChartTheme::Light => Palette {
                background: Rgb::hex(0xffffff),
                panel: Rgb::hex(0xf5f6f8),
                text: Rgb::hex(0x1f2329),
                text_muted: Rgb::hex(0x5f6673),
                grid: Rgb::hex(0xe3e6eb),
                axis: Rgb::hex(0xa6adb9),
                positive: Rgb::hex(0x1e8e55),
                negative: Rgb::hex(0xd23b38),
                reference: Rgb::hex(0x7a8190),
                mining: Rgb::hex(0xe07b00),
                hosting: Rgb::hex(0x1f6fd6),
                gpu_cloud: Rgb::hex(0x7a3fd1),
                warning: Rgb::hex(0xa86a00),
            },
        }
    }

    /// The color of a symbol's series: the same in every view and every run.
    pub fn series_color(self, symbol: &str) -> Rgb {
        let base = symbol_color(symbol);
        match self {
            ChartTheme::Dark => base,
            // Darken a little so thin lines stay readable on white.
            ChartTheme::Light => base.mix(Rgb(0, 0, 0), 0.18),
        }
    }
}

/// Colors of the chart furniture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub background: Rgb,
    pub panel: Rgb,
    pub text: Rgb,
    pub text_muted: Rgb,
    pub grid: Rgb,
    pub axis: Rgb,
    /// Bars above zero.
    pub positive: Rgb,
    /// Bars below zero.
    pub negative: Rgb,
    /// Reference lines (the 100 line, zero).
    pub reference: Rgb,
    /// Revenue-mix segments.
    pub mining: Rgb,
    pub hosting: Rgb,
    pub gpu_cloud: Rgb,
    /// Notes the reader must not miss (a cut window, real against synthetic prices).
    pub warning: Rgb,
}

impl Palette {
    /// The color of a heat-map cell: `negative` at `lo` (or below) through the panel color at
    /// the middle to `positive` at `hi` (or above).
    pub fn heat_color(&self, v: f64, lo: f64, hi: f64) -> Rgb {
        if !(v.is_finite() && hi > lo) {
            return self.panel;
        }
        let mid = (lo + hi) / 2.0;
        let t = ((v - mid) / ((hi - lo) / 2.0)).clamp(-1.0, 1.0);
        let neutral = self.panel.mix(self.text_muted, 0.25);
        if t >= 0.0 {
            neutral.mix(self.positive, t as f32)
        } else {
            neutral.mix(self.negative, -t as f32)
        }
    }
}

/// Fixed colors for the symbols people compare most, so screenshots stay recognisable.
const KNOWN: [(&str, u32); 14] = [
    ("BTC-USD", 0xf7931a),
    ("MARA", 0x4e9cff),
    ("RIOT", 0xe8505b),
    ("CLSK", 0x2ec4b6),
    ("CORZ", 0xb07cff),
    ("IREN", 0x58d06c),
    ("CIFR", 0xffc93c),
    ("HUT", 0xff7eb6),
    ("WULF", 0x00b8d9),
    ("BITF", 0xa3a86b),
    ("HIVE", 0xff9f5a),
    ("BTDR", 0x8d99ff),
    ("APLD", 0xd4e157),
    ("Basket", 0xdfe3ea),
];

/// A palette for everything else, picked by a hash of the symbol.
const PALETTE: [u32; 12] = [
    0x6fa8dc, 0xe06666, 0x93c47d, 0xf6b26b, 0x8e7cc3, 0x76a5af, 0xffd966, 0xc27ba0, 0x6d9eeb,
    0xa2c4c9, 0xb6d7a8, 0xd5a6bd,
];

fn symbol_color(symbol: &str) -> Rgb {
    if let Some((_, c)) = KNOWN.iter().find(|(s, _)| *s == symbol) {
        return Rgb::hex(*c);
    }
    let mut h: u32 = 0x811c_9dc5;
    for b in symbol.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    Rgb::hex(PALETTE[(h % PALETTE.len() as u32) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_are_stable_and_distinct_for_the_demo_universe() {
        assert_eq!(symbol_color("BTC-USD"), Rgb::hex(0xf7931a));
        assert_eq!(symbol_color("XYZ"), symbol_color("XYZ"));
        let mut seen: Vec<Rgb> = KNOWN.iter().map(|(s, _)| symbol_color(s)).collect();
        seen.sort_by_key(|c| (c.0, c.1, c.2));
        seen.dedup();
        assert_eq!(seen.len(), KNOWN.len());
        assert_eq!(Rgb::hex(0x0a0b0c).to_hex(), "#0a0b0c");
        assert_eq!(Rgb(0, 0, 0).mix(Rgb(200, 100, 50), 0.5), Rgb(100, 50, 25));
    }
}
