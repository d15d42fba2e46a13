//! Intraday files that are not plain, through polars' CSV reader; and, when a cell defeats it,
//! a line-by-line scan that names the line and column.

use std::io::BufRead;
use std::path::Path;

use polars::prelude::*;

use super::{C, T, V, polars_name};
use crate::data::DataError;
use crate::data::import::cells::{Decimal, is_missing, parse_number, split_line};
use crate::data::import::csv_generic::Layout;
use crate::data::import::rows::check_price;

/// The time (ms since 1970), close and volume columns through polars' CSV reader; `Ok(None)`
/// when polars does not understand the time column.
pub(super) fn polars_scan(path: &Path, layout: &Layout) -> Result<Option<LazyFrame>, DataError> {
    let time = polars_name(layout, layout.date_col);
    let close = polars_name(layout, layout.close_col);
    let volume = layout.volume_col.map(|i| polars_name(layout, i));
    let unix = layout.date_format.is_unix();
    let mut schema = Schema::default();
    if unix {
        schema.insert(time.as_str().into(), DataType::Float64);
    }
    schema.insert(close.as_str().into(), DataType::Float64);
    if let Some(v) = &volume {
        schema.insert(v.as_str().into(), DataType::Float64);
    }
    let pl_path = PlRefPath::try_from_path(path)?;
    let lf = LazyCsvReader::new(pl_path)
        .with_has_header(layout.header_line != 0)
        .with_skip_rows(layout.header_line.saturating_sub(1))
        .with_separator(layout.delim as u8)
        .with_dtype_overwrite(Some(Arc::new(schema)))
        .with_decimal_comma(layout.decimal == Decimal::Comma)
        .with_try_parse_dates(!unix)
        .with_infer_schema_length(Some(1000))
        .finish()?;
    // Times as milliseconds since 1970 (Int64), whatever the file wrote.
    let t_expr = if unix {
        let to_ms = if layout.date_format == crate::data::import::cells::DateFormat::UnixMillis {
            1.0
        } else {
            1000.0
        };
        (col(time.as_str()) * lit(to_ms)).cast(DataType::Int64)
    } else {
        let schema = lf.clone().collect_schema()?;
        let per_ms = match schema.get(time.as_str()) {
            Some(DataType::Datetime(unit, _)) => match unit {
                TimeUnit::Nanoseconds => 1e6,
                TimeUnit::Microseconds => 1e3,
                TimeUnit::Milliseconds => 1.0,
            },
            _ => return Ok(None),
        };
        (col(time.as_str())
            .cast(DataType::Int64)
            .cast(DataType::Float64)
            / lit(per_ms))
        .cast(DataType::Int64)
    };
    let v_expr = match &volume {
        Some(v) => col(v.as_str()),
        None => lit(NULL).cast(DataType::Float64),
    };
    Ok(Some(lf.select([
        t_expr.alias(T),
        col(close.as_str()).alias(C),
        v_expr.alias(V),
    ])))
}

/// Scans the file line by line for the first cell polars could not take, and names it.
pub(super) fn precise_error(path: &Path, layout: &Layout, file: &str) -> Option<DataError> {
    let reader = std::io::BufReader::new(std::fs::File::open(path).ok()?);
    let field = |line: usize, col: usize, message: String| DataError::Field {
        file: file.into(),
        line,
        column: col + 1,
        name: layout.names.get(col).cloned().unwrap_or_default(),
        message,
    };
    for (i, line) in reader.lines().enumerate() {
        let line_no = i + 1;
        let Ok(line) = line else {
            return Some(DataError::Parse {
                file: file.into(),
                line: line_no,
                message: "is not text".into(),
            });
        };
        if line_no <= layout.header_line || line.trim().is_empty() {
            continue;
        }
        let mut cells = Vec::new();
        split_line(&line, layout.delim, &mut cells);
        for (col, what) in [(layout.date_col, "date"), (layout.close_col, "price")] {
            let Some(cell) = cells.get(col) else {
                return Some(field(
                    line_no,
                    col,
                    format!(
                        "the row has {} fields, the header has {}",
                        cells.len(),
                        layout.names.len()
                    ),
                ));
            };
            let cell = cell.trim();
            if what == "date" {
                if layout.date_format.parse(cell).is_none() {
                    return Some(field(
                        line_no,
                        col,
                        format!(
                            "'{cell}' is not a time (the rows above are {})",
                            layout.date_format.label()
                        ),
                    ));
                }
            } else if !is_missing(cell) {
                let checked = parse_number(cell, layout.decimal)
                    .ok_or_else(|| format!("'{cell}' is not a price"))
                    .and_then(|v| check_price(v, cell));
                if let Err(message) = checked {
                    return Some(field(line_no, col, message));
                }
            }
        }
        if let Some(vcol) = layout.volume_col
            && let Some(cell) = cells.get(vcol).map(|c| c.trim())
            && !is_missing(cell)
            && parse_number(cell, layout.decimal).is_none()
        {
            return Some(field(line_no, vcol, format!("'{cell}' is not a volume")));
        }
    }
    None
}
