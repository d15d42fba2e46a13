//! Per-pixel-column reduction of long series (min/max per column), so the cost of drawing a
//! frame depends on the chart's width, not on the data's length.

/// Above this many points per pixel column a series is reduced.
pub const POINTS_PER_COLUMN_LIMIT: f64 = 2.0;

/// Reduces `points` (sorted by x) to at most about four points per column over `[x_min, x_max]`
/// split into `columns` columns: in each column the first and last point, and the minimum and
/// maximum, in x order. The point just before and just after the range are kept so lines run to
/// the edges. Series with at most [`POINTS_PER_COLUMN_LIMIT`] visible points per column are
/// returned as they are.
pub fn reduce_min_max(
    points: &[[f64; 2]],
    x_min: f64,
    x_max: f64,
    columns: usize,
) -> Vec<[f64; 2]> {
    if points.is_empty()
        || columns == 0
        || x_max.partial_cmp(&x_min) != Some(std::cmp::Ordering::Greater)
    {
        return points.to_vec();
    }
    let lo = points.partition_point(|p| p[0] < x_min);
    let hi = points.partition_point(|p| p[0] <= x_max);
    let visible = hi.saturating_sub(lo);
    if (visible as f64) <= POINTS_PER_COLUMN_LIMIT * columns as f64 {
        let a = lo.saturating_sub(1);
        let b = (hi + 1).min(points.len());
        return points[a..b].to_vec();
    }
    let mut out = Vec::with_capacity(columns * 4 + 2);
    if lo > 0 {
        out.push(points[lo - 1]);
    }
    let width = (x_max - x_min) / columns as f64;
    let mut i = lo;
    while i < hi {
        let col = (((points[i][0] - x_min) / width) as usize).min(columns - 1);
        let col_end = x_min + width * (col + 1) as f64;
        let start = i;
        let (mut imin, mut imax) = (i, i);
        while i < hi && (points[i][0] < col_end || col == columns - 1) {
            if points[i][1] < points[imin][1] {
                imin = i;
            }
            if points[i][1] > points[imax][1] {
                imax = i;
            }
            i += 1;
        }
        let end = i - 1;
        let mut keep = [start, imin, imax, end];
        keep.sort_unstable();
        let mut last = usize::MAX;
        for k in keep {
            if k != last {
                out.push(points[k]);
                last = k;
            }
        }
    }
    if hi < points.len() {
        out.push(points[hi]);
    }
    out
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
        assert!(out.len() <= columns * 4 + 2, "{}", out.len());
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
    fn zoomed_range_keeps_neighbours_outside() {
        let pts: Vec<[f64; 2]> = (0..10_000)
            .map(|i| [f64::from(i), f64::from(i % 7)])
            .collect();
        let out = reduce_min_max(&pts, 1000.0, 2000.0, 50);
        assert_eq!(out.first(), Some(&[999.0, f64::from(999 % 7)]));
        assert_eq!(out.last(), Some(&[2001.0, f64::from(2001 % 7)]));
        assert!(out.len() <= 50 * 4 + 2);
    }
}
