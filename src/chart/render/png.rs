//! PNG files: the chart's SVG rasterized with resvg, text set in the embedded fonts (never the
//! system's), encoded with the `image` crate.

use std::sync::{Arc, OnceLock};

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use super::ExportError;
use crate::chart::fonts;

/// The embedded fonts, loaded once.
fn font_db() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for data in [fonts::SANS_REGULAR, fonts::SANS_BOLD, fonts::SYMBOLS] {
            db.load_font_source(fontdb::Source::Binary(Arc::new(data)));
        }
        db.set_sans_serif_family(fonts::FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Rasterizes an SVG document to RGBA pixels (premultiplied alpha undone): `(width, height,
/// pixels)` at the document's own size.
pub fn rasterize(svg: &str) -> Result<(u32, u32, Vec<u8>), ExportError> {
    let options = usvg::Options {
        fontdb: font_db(),
        font_family: fonts::FONT_FAMILY.to_owned(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| ExportError::Render(format!("the chart's SVG did not parse: {e}")))?;
    let size = tree.size().to_int_size();
    let (width, height) = (size.width(), size.height());
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or_else(|| {
        ExportError::Render(format!("could not allocate a {width}x{height} image"))
    })?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let mut rgba = pixmap.take();
    for px in rgba.chunks_exact_mut(4) {
        let a = px[3];
        if a != 0 && a != 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * 255 + u16::from(a) / 2) / u16::from(a)).min(255) as u8;
            }
        }
    }
    Ok((width, height, rgba))
}

/// Encodes opaque RGBA pixels as an RGB PNG.
pub fn encode(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>, ExportError> {
    let rgb: Vec<u8> = rgba
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
        .write_image(&rgb, width, height, ExtendedColorType::Rgb8)
        .map_err(|e| ExportError::Render(format!("could not encode the PNG: {e}")))?;
    Ok(out)
}

/// An SVG document as PNG bytes.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, ExportError> {
    let (w, h, rgba) = rasterize(svg)?;
    encode(w, h, &rgba)
}
