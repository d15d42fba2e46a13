//! CSV text: RFC 4180 quoting shared with the command line's tables, and the data behind a chart
//! (one column per series) for "Export data (CSV)…".

use std::collections::BTreeMap;

use super::axis::format_day;
use super::spec::{ChartSpec, Mark, PanelSpec, SeriesSpec, XAxis};

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

/// CSV of serializable records: a header of `columns`, then one line per record with those
/// fields as the JSON output writes them (numbers unrounded, empty for null).
pub fn csv_records<T: serde::Serialize>(columns: &[&str], records: &[T]) -> String {
    let mut out = csv_line(columns);
    out.push('\n');
    for record in records {
        let value = serde_json::to_value(record).unwrap_or(serde_json::Value::Null);
        let fields: Vec<String> = columns
            .iter()
            .map(|c| match value.get(c) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            })
            .collect();
        out.push_str(&csv_line(&fields));
        out.push('\n');
    }
    out
}

/// A sortable key for an x value: exact for days; a bar's category index on category axes
/// (grouped bars sit beside their category).
fn x_key(x: f64, axis: &XAxis) -> i64 {
    match axis {
        XAxis::Categories(_) => x.round() as i64,
        _ => (x * 1000.0).round() as i64,
    }
}

/// The series of a chart as CSV: the x value in the first column (`date` on time axes, the
/// category on bar charts), then one column per series with its value at that x (empty where
/// the series has none). Bars give their end value, stacked areas their own thickness. Series
/// of stacked panels are prefixed with the panel title. Panels on another x axis follow as
/// their own table after a blank line, and a heat map as a long table (x, y, value).
pub fn series_csv(spec: &ChartSpec) -> String {
    let multi = spec.panels.len() > 1;
    let mut tables: Vec<String> = Vec::new();
    let mut group: Vec<&PanelSpec> = Vec::new();
    let mut heat: Vec<String> = Vec::new();
    let mut flush = |group: &mut Vec<&PanelSpec>, heat: &mut Vec<String>| {
        tables.push(wide_table(group, multi));
        tables.append(heat);
        group.clear();
    };
    for panel in &spec.panels {
        if group.first().is_some_and(|g| g.x != panel.x) {
            flush(&mut group, &mut heat);
        }
        group.push(panel);
        for s in &panel.series {
            if let Mark::HeatMap { xs, ys, values, .. } = &s.mark {
                heat.push(heat_table(panel, s, xs, ys, values));
            }
        }
    }
    flush(&mut group, &mut heat);
    tables.retain(|t| !t.is_empty());
    if tables.is_empty() {
        return "date\n".to_owned();
    }
    tables.join("\n")
}

fn x_header(axis: &XAxis) -> String {
    match axis {
        XAxis::Time => "date".to_owned(),
        XAxis::Categories(_) => "category".to_owned(),
        XAxis::Numeric { label, .. } => label.clone(),
    }
}

/// The panels of one x axis, one column per series (heat maps have their own table).
fn wide_table(panels: &[&PanelSpec], multi: bool) -> String {
    let Some(x_axis) = panels.first().map(|p| &p.x) else {
        return String::new();
    };
    let mut headers = vec![x_header(x_axis)];
    let mut rows: BTreeMap<i64, (f64, Vec<Option<f64>>)> = BTreeMap::new();
    let mut column = 0;
    for panel in panels {
        for s in &panel.series {
            let values: Vec<(f64, f64)> = match &s.mark {
                Mark::Line { points, .. } | Mark::Points { points, .. } => {
                    points.iter().map(|p| (p[0], p[1])).collect()
                }
                Mark::Bars { bars, .. } => bars.iter().map(|b| (b.x, b.base + b.value)).collect(),
                Mark::Area { upper, lower } => upper
                    .iter()
                    .zip(lower.iter())
                    .map(|(u, l)| (u[0], u[1] - l[1]))
                    .collect(),
                Mark::HeatMap { .. } => continue,
            };
            headers.push(if multi {
                format!("{} · {}", panel.title, s.name)
            } else {
                s.name.clone()
            });
            for (x, v) in values {
                if !x.is_finite() {
                    continue;
                }
                let row = rows
                    .entry(x_key(x, x_axis))
                    .or_insert_with(|| (x, Vec::new()));
                row.1.resize(column + 1, None);
                row.1[column] = v.is_finite().then_some(v);
            }
            column += 1;
        }
    }
    if column == 0 {
        return String::new();
    }
    let mut out = csv_line(&headers);
    out.push('\n');
    for (x, values) in rows.values() {
        let mut fields = vec![match x_axis {
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

/// A heat map as rows of (x, y, value), empty where a cell has none.
fn heat_table(
    panel: &PanelSpec,
    s: &SeriesSpec,
    xs: &[f64],
    ys: &[f64],
    values: &[Vec<Option<f64>>],
) -> String {
    let mut out = csv_line(&[x_header(&panel.x), panel.y_label.clone(), s.name.clone()]);
    out.push('\n');
    for (row, y) in values.iter().zip(ys) {
        for (v, x) in row.iter().zip(xs) {
            out.push_str(&csv_line(&[
                x.to_string(),
                y.to_string(),
                v.map(|v| v.to_string()).unwrap_or_default(),
            ]));
            out.push('\n');
        }
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
            markers: Vec::new(),
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
            in_legend: true,
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
