//! The long form as Parquet (what `minerlens import --out` and the price store write), read back
//! through the same checks as every other format.

use std::path::Path;

use polars::prelude::*;

use super::cells::Stamp;
use super::rows::{RawRow, RawSeries, Unit};
use crate::data::DataError;
use crate::data::prices::{COL_ADJ_CLOSE, COL_CLOSE, COL_DATE, COL_SYMBOL, COL_VOLUME, PriceFrame};

/// Reads a long-form Parquet file.
pub(super) fn read_frame(path: &Path, file: &str) -> Result<PriceFrame, DataError> {
    let f = std::fs::File::open(path).map_err(|e| DataError::io(path, e))?;
    // A damaged file can make the Parquet decoder panic; it is a bad file, not a crash.
    let read = std::panic::catch_unwind(move || ParquetReader::new(f).finish()).map_err(|_| {
        DataError::file(file, "is not a readable Parquet file (the reader gave up)")
    })?;
    let df =
        read.map_err(|e| DataError::file(file, format!("is not a readable Parquet file: {e}")))?;
    PriceFrame::from_df(df).map_err(|e| DataError::file(file, format!("is Parquet but not MinerLens's long form (date, symbol, close, adj_close, volume, source): {e}")))
}

/// Rows of every symbol in a long-form Parquet file.
pub(super) fn read(path: &Path, file: &str) -> Result<Vec<super::ImportedSeries>, DataError> {
    let frame = read_frame(path, file)?;
    let df = frame.df();
    let symbols = df.column(COL_SYMBOL)?.str()?.clone();
    let days = df.column(COL_DATE)?.date()?.physical().clone();
    let close = df.column(COL_CLOSE)?.f64()?.clone();
    let adj = df.column(COL_ADJ_CLOSE)?.f64()?.clone();
    let volume = df.column(COL_VOLUME)?.f64()?.clone();
    let mut out: Vec<RawSeries> = Vec::new();
    for i in 0..df.height() {
        let (Some(symbol), Some(day), Some(c)) = (symbols.get(i), days.get(i), close.get(i)) else {
            continue;
        };
        if out.last().is_none_or(|s| s.symbol != symbol) {
            out.push(RawSeries::new(symbol, Unit::Entry));
        }
        let Some(series) = out.last_mut() else {
            continue;
        };
        let text = c.to_string();
        let close = super::rows::check_price(c, &text)
            .map_err(|m| DataError::file(file, format!("row {} ({symbol}): {m}", i + 1)))?;
        series.rows.push(RawRow {
            loc: i + 1,
            stamp: Stamp {
                day,
                time_secs: None,
            },
            close,
            adj_close: adj.get(i).filter(|a| a.is_finite() && *a > 0.0),
            volume: volume.get(i),
        });
    }
    out.into_iter()
        .map(|s| super::rows::finish(s, file))
        .collect()
}
