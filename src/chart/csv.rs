//! CSV text: RFC 4180 quoting shared with the command line's tables, and the data behind a chart
//! (one column per series) for "Export data (CSV)…".

use std::collections::BTreeMap;

use super::axis::format_day;
use super::spec::{ChartSpec, Mark, XAxis};

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// One CSV line from fields (not yet quoted).
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let quoted: Vec<String> = fields.iter().map(|f| csv_field(f.as_ref())).collect();
    quoted.join(",")
}

/// A sortable key for an x value (exact for days and category indexes).
fn x_key(x: f64) -> i64 {
    (x * 1000.0).round() as i64
}

/// The series of a chart as CSV: the x value in the first column (`date` on time axes, the
/// category on bar charts), then one column per series with its value at that x (empty where
/// the series has none). Bars give their end value, stacked areas their own thickness. Series
/// of stacked panels are prefixed with the panel title.
pub fn series_csv(spec: &ChartSpec) -> String {
    let x_axis = spec
        .panels
        .first()
        .map(|p| p.x.clone())
        .unwrap_or(XAxis::Time);
    let multi = spec.panels.len() > 1;
    let mut headers = vec![match &x_axis {
        XAxis::Time => "date".to_owned(),
        XAxis::Categories(_) => "category".to_owned(),
        XAxis::Numeric { label, .. } => label.clone(),
    }];
    let mut rows: BTreeMap<i64, (f64, Vec<Option<f64>>)> = BTreeMap::new();
    let mut column = 0;
    for panel in &spec.panels {
        for s in &panel.series {
            headers.push(if multi {
                format!("{} · {}", panel.title, s.name)
            } else {
                s.name.clone()
            });
            let values: Vec<(f64, f64)> = match &s.mark {
                Mark::Line { points, .. } => points.iter().map(|p| (p[0], p[1])).collect(),
                Mark::Bars { bars, .. } => bars.iter().map(|b| (b.x, b.base + b.value)).collect(),
                Mark::Area { upper, lower } => upper
                    .iter()
                    .zip(lower.iter())
                    .map(|(u, l)| (u[0], u[1] - l[1]))
                    .collect(),
            };
            for (x, v) in values {
                if !x.is_finite() {
                    continue;
                }
                let row = rows.entry(x_key(x)).or_insert_with(|| (x, Vec::new()));
                row.1.resize(column + 1, None);
                row.1[column] = v.is_finite().then_some(v);
            }
            column += 1;
        }
    }
    let mut out = csv_line(&headers);
    out.push('\n');
    for (x, values) in rows.values() {
        let mut fields = vec![match &x_axis {
            XAxis::Time => format_day(*x),
            XAxis::Categories(labels) => labels
                .get(x.round().max(0.0) as usize)
                .cloned()
                .unwrap_or_else(|| x.to_string()),
            XAxis::Numeric { .. } => x.to_string(),
        }];
        fields.extend((0..column).map(|i| {
            values
                .get(i)
                .copied()
                .flatten()
                .map(|v| v.to_string())
                .unwrap_or_default()
        }));
        out.push_str(&csv_line(&fields));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::axis::Unit;
    use crate::chart::spec::{BarSpec, PanelSpec, SeriesSpec, View};
    use crate::chart::theme::Rgb;

    fn chart(panels: Vec<PanelSpec>) -> ChartSpec {
        ChartSpec {
            view: View::Performance,
            title: String::new(),
            subtitle: String::new(),
            panels,
            footer: String::new(),
            empty_message: None,
        }
    }

    #[test]
    fn time_series_share_a_date_column() {
        let mut p = PanelSpec::new("p", XAxis::Time, "y", Unit::Index);
        let c = Rgb(0, 0, 0);
        p.series.push(SeriesSpec::line(
            "A",
            "A",
            c,
            Unit::Index,
            vec![[20454.0, 100.0], [20455.0, 101.5]],
        ));
        p.series.push(SeriesSpec::line(
            "B",
            "B, inc",
            c,
            Unit::Index,
            vec![[20455.0, 99.0]],
        ));
        let csv = series_csv(&chart(vec![p]));
        assert_eq!(
            csv,
            "date,A,\"B, inc\"\n2026-01-01,100,\n2026-01-02,101.5,99\n"
        );
    }

    #[test]
    fn bars_give_one_row_per_category() {
        let mut p = PanelSpec::new(
            "p",
            XAxis::Categories(vec!["IREN".into(), "MARA".into()]),
            "y",
            Unit::Points,
        );
        let bar = |x: f64, value: f64| BarSpec {
            x,
            base: 0.0,
            value,
            color: Rgb(0, 0, 0),
            label: String::new(),
        };
        p.series.push(SeriesSpec {
            id: "spread".into(),
            name: "Spread (points)".into(),
            color: Rgb(0, 0, 0),
            unit: Unit::Points,
            mark: Mark::Bars {
                bars: vec![bar(0.0, 85.0), bar(1.0, -3.5)],
                width: 0.7,
            },
        });
        assert_eq!(
            series_csv(&chart(vec![p])),
            "category,Spread (points)\nIREN,85\nMARA,-3.5\n"
        );
        assert_eq!(csv_line(&["a", "b\"c"]), "a,\"b\"\"c\"");
    }
}
