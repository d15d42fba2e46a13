//! The fonts embedded in the binary, shared by the window and the chart files so both look alike.

pub const SANS_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
pub const SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");
/// A few symbols (sort arrows, check marks) missing from Noto Sans.
pub const SYMBOLS: &[u8] = include_bytes!("../../assets/fonts/NotoSansSymbols2-subset.ttf");

/// The family name the SVG files ask for, with generic fallbacks for other viewers.
pub const FONT_FAMILY: &str = "Noto Sans";
pub const FONT_FAMILY_CSS: &str = "'Noto Sans', 'Helvetica Neue', Arial, sans-serif";
