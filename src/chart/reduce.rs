//! Per-pixel-column reduction of long series (min/max per column), so the cost of drawing a
//! frame depends on the chart's width, not on the data's length.

use crate::model::dates::within;

/// Above this many points per pixel column a series is reduced.
pub const POINTS_PER_COLUMN_LIMIT: f64 = 2.0;

/// Reduces `points` (sorted by x) over the visible range `[x_min, x_max]` split into `columns`
/// pixel columns: each column keeps its minimum and maximum (in x order); the first and last
/// visible points are always kept, and so are the points just outside the range, so lines run to
/// the edges. Series with at most [`POINTS_PER_COLUMN_LIMIT`] visible points per column come back
/// as they are (their visible part plus one neighbour on each side).
///
/// Generic over the point type so the GUI can reduce its own plot points without copying.
pub fn reduce_min_max_by<T: Copy>(
    points: &[T],
    x_min: f64,
    x_max: f64,
    columns: usize,
    x: impl Fn(&T) -> f64,
    y: impl Fn(&T) -> f64,
) -> Vec<T> {
    if points.is_empty()
        || columns == 0
        || x_max.partial_cmp(&x_min) != Some(std::cmp::Ordering::Greater)
    {
        return points.to_vec();
    }
    let std::ops::Range { start: lo, end: hi } = within(points, &x_min, &x_max, &x);
    let visible = hi.saturating_sub(lo);
    if (visible as f64) <= POINTS_PER_COLUMN_LIMIT * columns as f64 {
        let a = lo.saturating_sub(1);
        let b = (hi + 1).min(points.len());
        return points[a..b].to_vec();
    }
    let mut out = Vec::with_capacity(columns * 2 + 4);
    if lo > 0 {
        out.push(points[lo - 1]);
    }
    let width = (x_max - x_min) / columns as f64;
    let last_visible = hi - 1;
    let mut i = lo;
    while i < hi {
        let col = (((x(&points[i]) - x_min) / width) as usize).min(columns - 1);
        let col_end = x_min + width * (col + 1) as f64;
        let (mut imin, mut imax) = (i, i);
        let (mut vmin, mut vmax) = (y(&points[i]), y(&points[i]));
        i += 1;
        while i < hi && (x(&points[i]) < col_end || col == columns - 1) {
            let v = y(&points[i]);
            if v < vmin {
                vmin = v;
                imin = i;
            }
            if v > vmax {
                vmax = v;
                imax = i;
            }
            i += 1;
        }
        let mut keep = [imin, imax];
        keep.sort_unstable();
        for k in keep {
            let is_new = out.last().is_none_or(|p| x(p) < x(&points[k]));
            if is_new {
                out.push(points[k]);
            }
        }
    }
    // The first and last visible points, whatever their column's extremes.
    let first = points[lo];
    let pos = out.partition_point(|p| x(p) < x(&first));
    if out.get(pos).is_none_or(|p| x(p) != x(&first)) {
        out.insert(pos, first);
    }
    let last = points[last_visible];
    let pos = out.partition_point(|p| x(p) < x(&last));
    if out.get(pos).is_none_or(|p| x(p) != x(&last)) {
        out.insert(pos, last);
    }
    if hi < points.len() {
        out.push(points[hi]);
    }
    out
}

/// [`reduce_min_max_by`] on `[x, y]` pairs.
pub fn reduce_min_max(
    points: &[[f64; 2]],
    x_min: f64,
    x_max: f64,
    columns: usize,
) -> Vec<[f64; 2]> {
    reduce_min_max_by(points, x_min, x_max, columns, |p| p[0], |p| p[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_series_are_untouched() {
        let pts: Vec<[f64; 2]> = (0..10).map(|i| [f64::from(i), f64::from(i)]).collect();
        assert_eq!(reduce_min_max(&pts, 0.0, 9.0, 100), pts);
        // Only the visible part plus one neighbour on each side.
        assert_eq!(reduce_min_max(&pts, 3.5, 5.5, 100), pts[3..7].to_vec());
    }

    #[test]
    fn keeps_each_columns_extremes_and_the_ends() {
        let mut rng = crate::data::rng::Rng::seed_from(3);
        let pts: Vec<[f64; 2]> = (0..100_000).map(|i| [f64::from(i), rng.normal()]).collect();
        let columns = 200;
        let out = reduce_min_max(&pts, 0.0, 99_999.0, columns);
        assert!(out.len() <= columns * 2 + 4, "{}", out.len());
        assert_eq!(out.first(), pts.first());
        assert_eq!(out.last(), pts.last());
        assert!(out.windows(2).all(|w| w[0][0] < w[1][0]), "x stays sorted");
        // Every column's min and max survive.
        let width = 99_999.0 / columns as f64;
        for c in 0..columns {
            let (a, b) = (c as f64 * width, (c + 1) as f64 * width);
            let in_col = |p: &&[f64; 2]| p[0] >= a && (p[0] < b || c == columns - 1);
            let min = pts
                .iter()
                .filter(in_col)
                .map(|p| p[1])
                .fold(f64::INFINITY, f64::min);
            let max = pts
                .iter()
                .filter(in_col)
                .map(|p| p[1])
                .fold(f64::NEG_INFINITY, f64::max);
            assert!(
                out.iter().filter(in_col).any(|p| p[1] == min),
                "column {c} min"
            );
            assert!(
                out.iter().filter(in_col).any(|p| p[1] == max),
                "column {c} max"
            );
        }
    }

    #[test]
    fn zoomed_range_keeps_neighbours_outside_and_the_visible_ends() {
        let pts: Vec<[f64; 2]> = (0..10_000)
            .map(|i| [f64::from(i), f64::from(i % 7)])
            .collect();
        let out = reduce_min_max(&pts, 1000.0, 2000.0, 50);
        assert_eq!(out.first(), Some(&[999.0, f64::from(999 % 7)]));
        assert_eq!(out[1], [1000.0, f64::from(1000 % 7)], "first visible point");
        assert_eq!(
            out[out.len() - 2],
            [2000.0, f64::from(2000 % 7)],
            "last visible point"
        );
        assert_eq!(out.last(), Some(&[2001.0, f64::from(2001 % 7)]));
        assert!(out.len() <= 50 * 2 + 4);
    }
}
