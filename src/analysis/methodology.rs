//! The methodology as written in `docs/methodology.md`, embedded: Help > Methodology and the
//! "Formulas…" windows show the same text the documentation has, so the two cannot drift. The
//! worked examples in it are checked against the code by the tests of the models.

/// The whole of `docs/methodology.md`.
pub const METHODOLOGY: &str = include_str!("../../docs/methodology.md");

/// The `## title` section of the methodology (its heading and text up to the next `## `), or
/// `None` when there is no such section.
pub fn section(title: &str) -> Option<&'static str> {
    let heading = format!("## {title}\n");
    let start = if METHODOLOGY.starts_with(&heading) {
        0
    } else {
        METHODOLOGY.find(&format!("\n{heading}"))? + 1
    };
    let rest = &METHODOLOGY[start..];
    let end = rest[heading.len()..]
        .find("\n## ")
        .map_or(rest.len(), |i| heading.len() + i + 1);
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_has_its_section() {
        for title in [
            "Divergence",
            "Portfolio",
            "Revenue mix",
            "Capacity",
            "Economics",
            "Events",
            "Exposure",
        ] {
            let s = section(title).unwrap_or_else(|| panic!("no section {title}"));
            assert!(s.starts_with(&format!("## {title}\n")), "{title}");
            assert!(
                !s[3..].contains("\n## "),
                "{title} runs into the next section"
            );
            assert!(s.contains("### How it is checked"), "{title}");
        }
        assert_eq!(section("Nothing"), None);
    }
}
