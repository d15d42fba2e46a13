//! Intraday bars (minute or hourly CSVs such as Kaggle's Bitstamp file) through polars: its
//! multithreaded CSV reader with a typed schema reads only the time, close and volume columns,
//! and a group-by keeps the last close of each UTC day. Never point by point in Rust.
//!
//! When polars cannot read a cell, the file is scanned line by line to say exactly which line
//! and column is wrong.

use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use polars::prelude::*;

use super::cells::Stamp;
use super::cells::{Decimal, is_missing, parse_number, split_line};
use super::csv_generic::Layout;
use super::detect::Format;
use super::rows::{self, ImportedSeries, RawRow, RawSeries, Unit, check_price};
use crate::data::DataError;

const T: &str = "__t";
const C: &str = "__c";
const V: &str = "__v";

fn polars_name(layout: &Layout, i: usize) -> String {
    if layout.header_line == 0 {
        format!("column_{}", i + 1)
    } else {
        layout.names[i].clone()
    }
}

/// Reads and resamples; `Ok(None)` when polars does not understand the time column (the row
/// reader then takes the file).
pub(super) fn import(
    path: &Path,
    layout: &Layout,
    file: &str,
    symbol: &str,
) -> Result<Option<(Format, ImportedSeries)>, DataError> {
    let interval = layout.intraday.clone().unwrap_or_else(|| "intraday".into());
    // The common plain layout is split into columns here, in two threads; anything else (or a
    // cell the plain reader does not take) goes through polars' CSV reader.
    let scan = match plain_columns(path, layout, BLOCK_BYTES)? {
        Some(df) => df.lazy(),
        None => match polars_scan(path, layout)? {
            Some(scan) => scan,
            None => return Ok(None),
        },
    };
    resample_and_check(scan, path, layout, file, symbol, interval)
}

/// The time (ms since 1970), close and volume columns through polars' CSV reader; `Ok(None)`
/// when polars does not understand the time column.
fn polars_scan(path: &Path, layout: &Layout) -> Result<Option<LazyFrame>, DataError> {
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
        let to_ms = if layout.date_format == super::cells::DateFormat::UnixMillis {
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

/// Every check and the daily resample in one group-by over the [`T`], [`C`], [`V`] columns.
fn resample_and_check(
    scan: LazyFrame,
    path: &Path,
    layout: &Layout,
    file: &str,
    symbol: &str,
    interval: String,
) -> Result<Option<(Format, ImportedSeries)>, DataError> {
    let resample = |scan: LazyFrame| {
        let valid = col(C).is_not_null().and(col(C).is_not_nan());
        let query = scan
            // Truncation is the floor for times after 1970 (polars' floor division needs a
            // feature this build does not compile in).
            .group_by([(col(T).cast(DataType::Float64) / lit(86_400_000.0))
                .cast(DataType::Int32)
                .alias("day")])
            .agg([
                len().alias("n"),
                col(C)
                    .is_null()
                    .or(col(C).is_nan())
                    .sum()
                    .alias("c_missing"),
                col(C)
                    .lt_eq(lit(0.0))
                    .or(col(C).is_infinite())
                    .sum()
                    .alias("c_bad"),
                col(T).max().alias("t_max"),
                col(T).last().alias("t_last"),
                col(C).filter(valid).last().alias(C),
                col(V).sum().alias(V),
                col(V).null_count().alias("v_null"),
            ])
            .sort(["day"], SortMultipleOptions::default());
        // The streaming engine reads the file in chunks: less memory than collecting the
        // columns first (measured: 475 MB vs 615 MB peak for 7 million rows), and faster.
        query
            .collect_with_engine(Engine::Streaming)
            .map(|r| r.unwrap_single())
    };
    let mut daily = match resample(scan.clone()) {
        Ok(df) => df,
        Err(polars_err) => {
            return Err(precise_error(path, layout, file).unwrap_or_else(|| polars_err.into()));
        }
    };
    let sum = |df: &DataFrame, name: &str| -> Result<usize, DataError> {
        let v = df.column(name)?.cast(&DataType::UInt64)?;
        Ok(usize::try_from(v.u64()?.sum().unwrap_or(0)).unwrap_or(usize::MAX))
    };
    let t_null = daily.column("day")?.null_count();
    let c_bad = sum(&daily, "c_bad")?;
    if t_null > 0 || c_bad > 0 {
        return Err(precise_error(path, layout, file).unwrap_or_else(|| {
            DataError::file(
                file,
                format!("{t_null} rows without a time and {c_bad} prices that are not positive"),
            )
        }));
    }
    // A day whose last bar is not its latest: the file is out of time order. Sort, then again.
    let out_of_order = daily
        .column("t_last")?
        .as_materialized_series()
        .not_equal(daily.column("t_max")?.as_materialized_series())?
        .sum()
        .unwrap_or(0)
        > 0;
    if out_of_order {
        daily = resample(scan.sort(
            [T],
            SortMultipleOptions::default().with_maintain_order(true),
        ))?;
    }
    let n = sum(&daily, "n")?;
    let c_null = sum(&daily, "c_missing")?;
    let daily = daily.lazy().filter(col(C).is_not_null()).collect()?;
    let days = daily.column("day")?.i32()?.clone();
    let closes = daily.column(C)?.f64()?.clone();
    let vols = daily.column(V)?.f64()?.clone();
    let counts = daily.column("n")?.cast(&DataType::UInt64)?;
    let counts = counts.u64()?.clone();
    let v_nulls = daily.column("v_null")?.cast(&DataType::UInt64)?;
    let v_nulls = v_nulls.u64()?.clone();
    let mut raw = RawSeries::new(symbol, Unit::Line);
    for i in 0..daily.height() {
        let (Some(day), Some(c)) = (days.get(i), closes.get(i)) else {
            continue;
        };
        let all_null = counts.get(i) == v_nulls.get(i);
        raw.rows.push(RawRow {
            loc: i + 1,
            stamp: Stamp {
                day,
                time_secs: None,
            },
            close: c,
            adj_close: None,
            volume: if all_null { None } else { vols.get(i) },
        });
    }
    if raw.rows.is_empty() {
        return Err(DataError::file(
            file,
            format!("no usable price rows: all {n} rows are without a price"),
        ));
    }
    let mut series = rows::finish(raw, file)?;
    if c_null > 0 {
        series
            .dropped
            .push(format!("{c_null} bars without a price (empty or NaN)"));
        series.dropped_rows += c_null;
    }
    series.notes.insert(
        0,
        format!(
            "{} {interval} bars reduced to {} daily closes (the last price of each UTC day)",
            n - c_null,
            series.rows.len()
        ),
    );
    if out_of_order {
        series
            .notes
            .push("the bars are not in time order (newest first?): sorted by time".into());
    }
    Ok(Some((Format::IntradayCsv(interval), series)))
}

/// Bytes the plain reader takes at a time (each block ends at its last line end).
const BLOCK_BYTES: usize = 8 << 20;

/// One block's columns: times in ms, closes and volumes (`None` where the cell is empty).
#[derive(Default)]
struct PlainColumns {
    t: Vec<i64>,
    c: Vec<Option<f64>>,
    v: Vec<Option<f64>>,
}

/// The columns of the plain layout (unix times, a one-byte delimiter, decimal points, numbers
/// without quotes: Kaggle's Bitstamp file and most exchange dumps), split with `memchr` over
/// blocks in two threads, as a frame of [`T`], [`C`] and [`V`] for polars to resample. Polars'
/// own CSV reader finds line ends with a scalar loop in stable Rust, which took 41% of the time
/// of the whole import. `Ok(None)` when the layout is not plain or a cell is not a plain number:
/// polars' reader then takes the file (and names the line if it cannot either).
fn plain_columns(
    path: &Path,
    layout: &Layout,
    block_bytes: usize,
) -> Result<Option<DataFrame>, DataError> {
    let delim = match u8::try_from(layout.delim) {
        Ok(d) if d.is_ascii() && d != b'"' && d != b'\n' => d,
        _ => return Ok(None),
    };
    if !layout.date_format.is_unix() || layout.decimal != Decimal::Point {
        return Ok(None);
    }
    let to_ms = if layout.date_format == super::cells::DateFormat::UnixMillis {
        1.0
    } else {
        1000.0
    };
    let cols = (layout.date_col, layout.close_col, layout.volume_col);
    let mut file = std::fs::File::open(path).map_err(|e| DataError::io(path, e))?;
    let (to_workers, blocks) = std::sync::mpsc::sync_channel::<(usize, Vec<u8>)>(2);
    let blocks = std::sync::Mutex::new(blocks);
    let (to_main, parsed) = std::sync::mpsc::channel::<(usize, Option<DataFrame>)>();
    // Set at the first block that is not plain: the reader stops, the workers drain.
    let failed = AtomicBool::new(false);
    let read = std::thread::scope(|scope| {
        for _ in 0..2 {
            let to_main = to_main.clone();
            let (blocks, failed) = (&blocks, &failed);
            scope.spawn(move || {
                loop {
                    let next = match blocks.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => {
                            failed.store(true, Ordering::Relaxed);
                            return;
                        }
                    };
                    // The channel closes when the reader is done.
                    let Ok((i, block)) = next else { return };
                    if failed.load(Ordering::Relaxed) {
                        continue;
                    }
                    let out = parse_plain_block(&block, delim, cols, to_ms)
                        .and_then(|part| part.into_frame().ok());
                    if out.is_none() || to_main.send((i, out)).is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                }
            });
        }
        drop(to_main);
        let read = read_blocks(&mut file, layout.header_line, block_bytes, |i, block| {
            !failed.load(Ordering::Relaxed) && to_workers.send((i, block)).is_ok()
        });
        drop(to_workers);
        read
    });
    if failed.load(Ordering::Relaxed) {
        return Ok(None);
    }
    read.map_err(|e| DataError::io(path, e))?;
    let mut parts: Vec<(usize, Option<DataFrame>)> = parsed.into_iter().collect();
    parts.sort_by_key(|(i, _)| *i);
    let mut df: Option<DataFrame> = None;
    for (expected, (i, part)) in parts.into_iter().enumerate() {
        // A block that did not parse, or one missing because a worker stopped: polars' turn.
        let (true, Some(block)) = (i == expected, part) else {
            return Ok(None);
        };
        match df.as_mut() {
            Some(all) => {
                all.vstack_mut_owned(block)?;
            }
            None => df = Some(block),
        }
    }
    Ok(df)
}

impl PlainColumns {
    fn into_frame(self) -> PolarsResult<DataFrame> {
        DataFrame::new(
            self.t.len(),
            vec![
                Int64Chunked::from_vec(T.into(), self.t).into_column(),
                Float64Chunked::from_iter_options(C.into(), self.c.into_iter()).into_column(),
                Float64Chunked::from_iter_options(V.into(), self.v.into_iter()).into_column(),
            ],
        )
    }
}

/// Reads `file` in blocks that end at a line end, after `header_lines` lines, handing each to
/// `take` with its index; stops early when `take` returns false.
fn read_blocks(
    file: &mut impl std::io::Read,
    header_lines: usize,
    block_bytes: usize,
    mut take: impl FnMut(usize, Vec<u8>) -> bool,
) -> std::io::Result<()> {
    let mut carry: Vec<u8> = Vec::new();
    let mut to_skip = header_lines;
    let mut index = 0;
    loop {
        let mut block = std::mem::take(&mut carry);
        let start = block.len();
        block.resize(start + block_bytes, 0);
        let mut filled = start;
        while filled < block.len() {
            match file.read(&mut block[filled..])? {
                0 => break,
                n => filled += n,
            }
        }
        block.truncate(filled);
        let at_end = filled < start + block_bytes;
        while to_skip > 0 {
            match memchr::memchr(b'\n', &block) {
                Some(p) => {
                    block.drain(..=p);
                    to_skip -= 1;
                }
                None if at_end => return Ok(()),
                None => break,
            }
        }
        if !at_end {
            match memchr::memrchr(b'\n', &block) {
                Some(p) => carry = block.split_off(p + 1),
                // A line longer than a block: keep reading it.
                None => {
                    carry = block;
                    continue;
                }
            }
        }
        if to_skip == 0 && !block.is_empty() {
            if !take(index, block) {
                return Ok(());
            }
            index += 1;
        }
        if at_end {
            return Ok(());
        }
    }
}

/// The columns of one block of whole lines, or `None` at the first cell that is not a plain
/// number (or a line without the columns).
fn parse_plain_block(
    block: &[u8],
    delim: u8,
    (t_col, c_col, v_col): (usize, usize, Option<usize>),
    to_ms: f64,
) -> Option<PlainColumns> {
    let lines = memchr::memchr_iter(b'\n', block).count() + 1;
    let mut out = PlainColumns {
        t: Vec::with_capacity(lines),
        c: Vec::with_capacity(lines),
        v: Vec::with_capacity(if v_col.is_some() { lines } else { 0 }),
    };
    let last = t_col.max(c_col).max(v_col.unwrap_or(0));
    let number = |cell: &[u8]| -> Option<Option<f64>> {
        if cell.is_empty() {
            return Some(None);
        }
        std::str::from_utf8(cell)
            .ok()?
            .parse::<f64>()
            .ok()
            .map(Some)
    };
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', block).chain(std::iter::once(block.len()));
    for end in ends {
        let line = &block[start..end];
        start = end + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let (mut t, mut c, mut v) = (None, None, None);
        let mut rest = line;
        for i in 0..=last {
            let (cell, tail) = match memchr::memchr(delim, rest) {
                Some(p) => (&rest[..p], &rest[p + 1..]),
                None => (rest, &rest[rest.len()..]),
            };
            if i == t_col {
                t = Some(number(cell)??);
            }
            if i == c_col {
                c = Some(number(cell)?);
            }
            if Some(i) == v_col {
                v = Some(number(cell)?);
            }
            if tail.is_empty() && i < last && memchr::memchr(delim, rest).is_none() {
                return None;
            }
            rest = tail;
        }
        let (Some(t), Some(c)) = (t, c) else {
            return None;
        };
        let ms = t * to_ms;
        if !ms.is_finite() || ms.abs() > 9.0e15 {
            return None;
        }
        out.t.push(ms as i64);
        out.c.push(c);
        if v_col.is_some() {
            out.v.push(v.flatten());
        }
    }
    if v_col.is_none() {
        out.v = vec![None; out.t.len()];
    }
    Some(out)
}

/// Scans the file line by line for the first cell polars could not take, and names it.
fn precise_error(path: &Path, layout: &Layout, file: &str) -> Option<DataError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::import::csv_generic;

    #[test]
    fn blocks_end_at_line_ends_and_skip_the_header() {
        let text = "H1\nH2 is a long header line\na,1\nbb,22\nccc,333\nlonglonglongline,4\nlast,5";
        for size in [1, 3, 7, 64] {
            let mut blocks = Vec::new();
            read_blocks(&mut text.as_bytes(), 2, size, |i, b| {
                assert_eq!(i, blocks.len());
                blocks.push(b);
                true
            })
            .unwrap();
            let (last, whole) = blocks.split_last().unwrap();
            assert!(whole.iter().all(|b| b.ends_with(b"\n")), "size {size}");
            assert!(!last.is_empty());
            assert_eq!(
                blocks.concat(),
                b"a,1\nbb,22\nccc,333\nlonglonglongline,4\nlast,5",
                "size {size}"
            );
        }
        let mut n = 0;
        read_blocks(&mut "only a header\n".as_bytes(), 1, 4, |_, _| {
            n += 1;
            true
        })
        .unwrap();
        assert_eq!(n, 0);
    }

    type Columns = (Vec<Option<i64>>, Vec<Option<f64>>, Vec<Option<f64>>);

    fn columns(df: &DataFrame) -> Columns {
        let t = df.column(T).unwrap().i64().unwrap();
        let c = df.column(C).unwrap().f64().unwrap();
        let v = df.column(V).unwrap().f64().unwrap();
        let n = df.height();
        (
            (0..n).map(|i| t.get(i)).collect(),
            (0..n).map(|i| c.get(i)).collect(),
            (0..n).map(|i| v.get(i)).collect(),
        )
    }

    /// The plain reader gives polars' columns exactly: CRLF line ends, empty cells, rows out of
    /// order, exponents, split over many small blocks.
    #[test]
    fn the_plain_reader_matches_polars() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bars.csv");
        let mut text = String::from("Timestamp,Open,High,Low,Close,Volume\r\n");
        for i in 0..500_i64 {
            let t = 1_325_376_060 + 60 * (if i == 250 { 1000 } else { i });
            let close = if i % 97 == 5 {
                String::new()
            } else {
                format!("{}", 30000.0 + (i as f64) * 0.37)
            };
            let volume = match i % 50 {
                3 => String::new(),
                7 => "1.5e-3".to_owned(),
                _ => format!("{}", (i as f64) / 8.0),
            };
            text.push_str(&format!("{t}.0,1,2,3,{close},{volume}\r\n"));
        }
        std::fs::write(&path, &text).unwrap();
        let layout = csv_generic::layout(&text[..4000], "bars.csv").unwrap();
        assert!(layout.date_format.is_unix());
        let plain = plain_columns(&path, &layout, 256)
            .unwrap()
            .expect("plain layout");
        let polars = polars_scan(&path, &layout)
            .unwrap()
            .unwrap()
            .collect()
            .unwrap();
        assert_eq!(plain.height(), 500);
        assert!(columns(&plain) == columns(&polars), "the columns differ");

        // A blank last line is no row (polars' reader would read a row without a time).
        text.push_str("\r\n");
        std::fs::write(&path, &text).unwrap();
        let plain = plain_columns(&path, &layout, 256)
            .unwrap()
            .expect("plain layout");
        assert_eq!(plain.height(), 500);
    }

    /// A cell that is not plain in an early block of a long file: the reader stops and the
    /// file goes to polars (the workers drain the queue, so the reader never waits on them).
    #[test]
    fn a_bad_block_stops_the_plain_reader() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.csv");
        let mut text = String::from("Timestamp,Close,Volume\n");
        for i in 0..2000 {
            text.push_str(&format!("{},30000,1\n", 1_325_376_060 + 60 * i));
        }
        let layout = csv_generic::layout(&text[..2000], "long.csv").unwrap();
        assert!(layout.date_format.is_unix());
        std::fs::write(&path, &text).unwrap();
        assert_eq!(
            plain_columns(&path, &layout, 64).unwrap().unwrap().height(),
            2000
        );
        text.insert_str(text.len() / 10, "1325376000,n/a,1\n");
        std::fs::write(&path, &text).unwrap();
        assert!(plain_columns(&path, &layout, 64).unwrap().is_none());
    }

    #[test]
    fn cells_that_are_not_plain_numbers_go_to_polars() {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in [
            ("quoted.csv", "1325376060,\"30000.5\",1\n"),
            ("text.csv", "1325376060,n/a,1\n"),
            ("short.csv", "1325376060\n"),
        ] {
            let path = dir.path().join(name);
            let text = format!("Timestamp,Close,Volume\n1325376000,30000,1\n{body}");
            std::fs::write(&path, &text).unwrap();
            let layout = csv_generic::layout(&text, name).unwrap();
            assert!(
                plain_columns(&path, &layout, 1 << 20).unwrap().is_none(),
                "{name}"
            );
        }
    }
}
