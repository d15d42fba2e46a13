//! The plain reader: minute bars with unix times, a one-byte delimiter and plain numbers, split
//! into columns by two threads over blocks of the file.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use polars::prelude::*;

use super::{C, T, V};
use crate::data::DataError;
use crate::data::import::cells::Decimal;
use crate::data::import::csv_generic::Layout;

/// Bytes the plain reader takes at a time (each block ends at its last line end).
pub(super) const BLOCK_BYTES: usize = 8 << 20;

/// One block's columns: times in ms, closes and volumes (`None` where the cell is empty).
#[derive(Default)]
pub(super) struct PlainColumns {
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
pub(super) fn plain_columns(
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
    let to_ms = if layout.date_format == crate::data::import::cells::DateFormat::UnixMillis {
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
    pub(super) fn into_frame(self) -> PolarsResult<DataFrame> {
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
pub(super) fn read_blocks(
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
