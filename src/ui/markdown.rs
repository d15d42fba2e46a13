//! The small part of Markdown the methodology is written in, drawn with egui: `#` to `###`
//! headings, `- ` bullets, paragraphs (lines joined until a blank line), fenced code blocks, and
//! inline `code`, **bold** and [links](url) (the link's text, its address on hover).

use egui::text::LayoutJob;
use egui::{FontId, TextFormat};

/// One block of the text.
#[derive(Debug, PartialEq)]
enum Block {
    Heading(usize, String),
    Bullet(String),
    Paragraph(String),
    Code(String),
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(para.join(" ")));
            para.clear();
        }
    };
    for line in text.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                out.push(Block::Code(lines.join("\n")));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let t = line.trim_end();
        if t.trim_start().starts_with("```") {
            flush(&mut para, &mut out);
            code = Some(Vec::new());
        } else if t.is_empty() {
            flush(&mut para, &mut out);
        } else if let Some(level) = (1..=3).find(|n| t.starts_with(&format!("{} ", "#".repeat(*n))))
        {
            flush(&mut para, &mut out);
            out.push(Block::Heading(level, t[level + 1..].to_owned()));
        } else if let Some(item) = t.strip_prefix("- ") {
            flush(&mut para, &mut out);
            out.push(Block::Bullet(item.to_owned()));
        } else if t.starts_with("  ")
            && matches!(out.last(), Some(Block::Bullet(_)))
            && para.is_empty()
        {
            // A bullet's continuation line.
            if let Some(Block::Bullet(b)) = out.last_mut() {
                b.push(' ');
                b.push_str(t.trim());
            }
        } else {
            para.push(t.trim());
        }
    }
    flush(&mut para, &mut out);
    if let Some(lines) = code {
        out.push(Block::Code(lines.join("\n")));
    }
    out
}

/// A piece of a line: its text, and whether it is code, bold or a link (with the address).
#[derive(Debug, PartialEq)]
enum Span {
    Text(String),
    Code(String),
    Bold(String),
    Link(String, String),
}

fn spans(line: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut text = String::new();
    while let Some(c) = rest.chars().next() {
        let taken = if c == '`' {
            rest[1..]
                .find('`')
                .map(|end| (Span::Code(rest[1..1 + end].to_owned()), end + 2))
        } else if let Some(after) = rest.strip_prefix("**") {
            after
                .find("**")
                .map(|end| (Span::Bold(after[..end].to_owned()), end + 4))
        } else if c == '[' {
            rest.find("](").and_then(|mid| {
                let close = rest[mid + 2..].find(')')?;
                Some((
                    Span::Link(
                        rest[1..mid].to_owned(),
                        rest[mid + 2..mid + 2 + close].to_owned(),
                    ),
                    mid + 3 + close,
                ))
            })
        } else {
            None
        };
        match taken {
            Some((span, len)) => {
                if !text.is_empty() {
                    out.push(Span::Text(std::mem::take(&mut text)));
                }
                out.push(span);
                rest = &rest[len..];
            }
            None => {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !text.is_empty() {
        out.push(Span::Text(text));
    }
    out
}

fn line_job(ui: &egui::Ui, line: &str, size: f32, strong: bool) -> LayoutJob {
    let visuals = ui.visuals();
    let body = if strong {
        visuals.strong_text_color()
    } else {
        visuals.text_color()
    };
    let mut job = LayoutJob::default();
    for span in spans(line) {
        let (text, format) = match span {
            Span::Text(t) => (t, TextFormat::simple(FontId::proportional(size), body)),
            Span::Bold(t) => (
                t,
                TextFormat::simple(FontId::proportional(size), visuals.strong_text_color()),
            ),
            Span::Code(t) => (
                t,
                TextFormat {
                    background: visuals.code_bg_color,
                    ..TextFormat::simple(FontId::monospace(size * 0.9), body)
                },
            ),
            Span::Link(t, _) => (
                t,
                TextFormat::simple(FontId::proportional(size), visuals.hyperlink_color),
            ),
        };
        job.append(&text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width().min(MAX_LINE_WIDTH);
    job
}

/// Lines wrap at this width at most (a comfortable measure, and a window that does not grow to
/// the whole screen).
const MAX_LINE_WIDTH: f32 = 760.0;

/// Draws `text` (Markdown) into `ui`.
pub fn markdown_ui(ui: &mut egui::Ui, text: &str) {
    let body = egui::TextStyle::Body.resolve(ui.style()).size;
    for block in blocks(text) {
        match block {
            Block::Heading(level, t) => {
                ui.add_space(if level == 1 { 4.0 } else { 8.0 });
                let size = body * [1.6, 1.3, 1.1][level - 1];
                ui.label(line_job(ui, &t, size, true));
            }
            Block::Bullet(t) => {
                ui.horizontal_top(|ui| {
                    ui.label("•");
                    // A label in a row does not wrap unless told to.
                    let job = line_job(ui, &t, body, false);
                    ui.add(egui::Label::new(job).wrap());
                });
            }
            Block::Paragraph(t) => {
                let job = line_job(ui, &t, body, false);
                ui.add(egui::Label::new(job).wrap());
                ui.add_space(2.0);
            }
            Block::Code(t) => {
                ui.add(
                    egui::Label::new(egui::RichText::new(t).monospace())
                        .wrap_mode(egui::TextWrapMode::Extend),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_spans_of_the_methodology() {
        let text = "# Title\n\nA paragraph\nover two lines.\n\n- a bullet\n  continued\n- `x = 1` and **bold** and [docs](https://x.y/z)\n\n```text\ncode\n```\n";
        assert_eq!(
            blocks(text),
            [
                Block::Heading(1, "Title".into()),
                Block::Paragraph("A paragraph over two lines.".into()),
                Block::Bullet("a bullet continued".into()),
                Block::Bullet("`x = 1` and **bold** and [docs](https://x.y/z)".into()),
                Block::Code("code".into()),
            ]
        );
        assert_eq!(
            spans("`x = 1` and **bold** and [docs](https://x.y/z)."),
            [
                Span::Code("x = 1".into()),
                Span::Text(" and ".into()),
                Span::Bold("bold".into()),
                Span::Text(" and ".into()),
                Span::Link("docs".into(), "https://x.y/z".into()),
                Span::Text(".".into()),
            ]
        );
        // Unclosed marks and multi-byte text stay text.
        assert_eq!(spans("a `b €"), [Span::Text("a `b €".into())]);
        assert_eq!(spans("[x](y"), [Span::Text("[x](y".into())]);
    }

    #[test]
    fn the_whole_methodology_parses_into_headings_and_text() {
        let b = blocks(crate::analysis::METHODOLOGY);
        let headings = b
            .iter()
            .filter(|x| matches!(x, Block::Heading(2, _)))
            .count();
        assert_eq!(headings, 7, "one ## per model");
        assert!(b.iter().any(|x| matches!(x, Block::Bullet(_))));
    }
}
