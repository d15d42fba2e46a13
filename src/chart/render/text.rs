//! Text widths from the embedded fonts' glyph advances, so the file layout can keep labels apart
//! without a text engine. Kerning is ignored: widths are within a few percent of the shaped text.

use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::chart::fonts;

/// Advance widths of the first 0x2100 code points, in ems; wider code points use `fallback`.
struct Advances {
    table: Vec<f32>,
    fallback: f32,
}

impl Advances {
    fn load(data: &'static [u8]) -> Self {
        let Ok(font) = FontRef::new(data) else {
            return Advances {
                table: Vec::new(),
                fallback: 0.6,
            };
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(1.0), LocationRef::default());
        let advance = |c: u32| {
            charmap
                .map(c)
                .and_then(|g| metrics.advance_width(g))
                .unwrap_or(0.6)
        };
        Advances {
            table: (0..0x2100).map(advance).collect(),
            fallback: advance(u32::from('M')),
        }
    }

    fn width(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| self.table.get(c as usize).copied().unwrap_or(self.fallback))
            .sum()
    }
}

fn regular() -> &'static Advances {
    static CELL: OnceLock<Advances> = OnceLock::new();
    CELL.get_or_init(|| Advances::load(fonts::SANS_REGULAR))
}

fn bold() -> &'static Advances {
    static CELL: OnceLock<Advances> = OnceLock::new();
    CELL.get_or_init(|| Advances::load(fonts::SANS_BOLD))
}

/// Width of `text` set in Noto Sans at `size` px.
pub fn width(text: &str, size: f64, is_bold: bool) -> f64 {
    let table = if is_bold { bold() } else { regular() };
    f64::from(table.width(text)) * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_plausible() {
        let w = width("MinerLens", 10.0, false);
        assert!(w > 40.0 && w < 60.0, "{w}");
        assert!(width("MARA", 10.0, true) > width("MARA", 10.0, false));
        assert!(width("iii", 10.0, false) < width("WWW", 10.0, false));
        assert_eq!(width("", 10.0, false), 0.0);
    }
}
