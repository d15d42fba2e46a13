//! Plain-text tables for people and CSV for machines, shared by every reporting subcommand.

/// Renders an aligned text table: text columns left-aligned, numeric columns right-aligned.
pub fn render(headers: &[&str], rows: &[Vec<String>], numeric: &[bool]) -> String {
    let cols = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<&str>, out: &mut String| {
        let mut parts = Vec::with_capacity(cols);
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if numeric.get(i).copied().unwrap_or(false) {
                parts.push(format!("{}{}", " ".repeat(pad), cell));
            } else {
                parts.push(format!("{}{}", cell, " ".repeat(pad)));
            }
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(headers.to_vec(), &mut out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(rule.iter().map(String::as_str).collect(), &mut out);
    for row in rows {
        line(row.iter().map(String::as_str).collect(), &mut out);
    }
    out
}

pub use crate::chart::csv::{csv_line, csv_records};

/// An optional number for CSV: full precision, empty when missing.
pub fn csv_num(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// An optional number for tables: rounded, `–` when missing.
pub fn fmt_opt(v: Option<f64>, decimals: usize) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.decimals$}"),
        _ => "–".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_csv_quotes() {
        let t = render(
            &["symbol", "return"],
            &[
                vec!["MARA".into(), "2.40".into()],
                vec!["CLSK".into(), "86.00".into()],
            ],
            &[false, true],
        );
        assert_eq!(
            t,
            "symbol  return\n------  ------\nMARA      2.40\nCLSK     86.00\n"
        );
        assert_eq!(csv_line(&["a", "b,c", "d\"e"]), "a,\"b,c\",\"d\"\"e\"");
        assert_eq!(csv_num(None), "");
        #[derive(serde::Serialize)]
        struct R {
            a: &'static str,
            b: Option<f64>,
            c: f64,
        }
        let rows = [
            R {
                a: "x,y",
                b: None,
                c: 0.1,
            },
            R {
                a: "z",
                b: Some(2.5),
                c: -1.0,
            },
        ];
        assert_eq!(
            csv_records(&["a", "b", "c"], &rows),
            "a,b,c\n\"x,y\",,0.1\nz,2.5,-1.0\n"
        );
        assert_eq!(fmt_opt(Some(1.234), 1), "1.2");
        assert_eq!(fmt_opt(None, 1), "–");
    }
}
