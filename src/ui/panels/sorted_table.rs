//! A striped table sorted by clicking a column header (again for the other direction), shared
//! by the Events and Exposure tables.

use egui_extras::{Column, TableBuilder};

use crate::chart::theme::Rgb;
use crate::ui::theme;

/// Which column sorts the rows, and which way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SortState {
    pub column: usize,
    pub descending: bool,
}

/// What a cell sorts by.
#[derive(Clone, Debug, PartialEq)]
pub enum SortKey {
    /// Missing values sort last either way.
    Number(Option<f64>),
    Text(String),
}

/// One row: the cells as shown and their sort keys (one per column).
#[derive(Clone)]
pub struct Row {
    pub cells: Vec<String>,
    pub keys: Vec<SortKey>,
    /// The first cell's color (the symbol's series color).
    pub color: Option<Rgb>,
    /// Hover text of the first cell.
    pub tip: Option<String>,
}

/// Sorts `rows` by `sort`; ties keep their order.
pub fn sort_rows(rows: &mut [Row], sort: SortState) {
    rows.sort_by(|a, b| compare(a, b, sort));
}

/// The indices of `rows` in the order `sort` puts them (ties keep their order), for a caller
/// that draws more than the rows hold.
pub fn sorted_order(rows: &[Row], sort: SortState) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| compare(&rows[a], &rows[b], sort));
    order
}

fn compare(a: &Row, b: &Row, sort: SortState) -> std::cmp::Ordering {
    let (ka, kb) = (a.keys.get(sort.column), b.keys.get(sort.column));
    match (ka, kb) {
        (Some(SortKey::Number(x)), Some(SortKey::Number(y))) => match (x, y) {
            (Some(x), Some(y)) if sort.descending => y.total_cmp(x),
            (Some(x), Some(y)) => x.total_cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        },
        (Some(SortKey::Text(x)), Some(SortKey::Text(y))) if sort.descending => y.cmp(x),
        (Some(SortKey::Text(x)), Some(SortKey::Text(y))) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    }
}

/// Draws the table; `headers` are (label, tooltip). A header click changes `sort`.
pub fn sorted_table_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    headers: &[(&str, &str)],
    rows: &mut [Row],
    sort: &mut SortState,
) {
    sort_rows(rows, *sort);
    let text_height = egui::TextStyle::Body.resolve(ui.style()).size + 6.0;
    let mut clicked = None;
    egui::ScrollArea::horizontal()
        .id_salt(("sorted-table-scroll", id_salt))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt(("sorted-table", id_salt))
                .striped(true)
                .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
                .column(Column::auto().at_least(90.0))
                .columns(
                    Column::auto().at_least(48.0),
                    headers.len().saturating_sub(1),
                )
                .header(text_height, |mut header| {
                    for (i, (label, tip)) in headers.iter().enumerate() {
                        header.col(|ui| {
                            if sort_header_ui(ui, label, tip, i, *sort) {
                                clicked = Some(i);
                            }
                        });
                    }
                })
                .body(|mut body| {
                    for r in rows.iter() {
                        body.row(text_height, |mut row| {
                            for (i, cell) in r.cells.iter().enumerate() {
                                row.col(|ui| {
                                    if i == 0 {
                                        let mut text = egui::RichText::new(cell).strong();
                                        if let Some(c) = r.color {
                                            text = text.color(theme::color(c));
                                        }
                                        let label = ui.label(text);
                                        if let Some(tip) = &r.tip {
                                            label.on_hover_text(tip);
                                        }
                                    } else {
                                        ui.label(cell);
                                    }
                                });
                            }
                        });
                    }
                });
        });
    if let Some(i) = clicked {
        *sort = sort.clicked(i);
    }
}

/// A column header that sorts: its label with ▴/▾ when it is the sort column; `true` when
/// clicked.
pub fn sort_header_ui(
    ui: &mut egui::Ui,
    label: &str,
    tip: &str,
    i: usize,
    sort: SortState,
) -> bool {
    let arrow = match (sort.column == i, sort.descending) {
        (true, true) => " ▾",
        (true, false) => " ▴",
        _ => "",
    };
    ui.add(egui::Button::new(egui::RichText::new(format!("{label}{arrow}")).strong()).frame(false))
        .on_hover_text(format!("{tip}\nClick to sort"))
        .clicked()
}

impl SortState {
    /// The sort after a click on column `i`: the same column turns around; another sorts
    /// text up and numbers down (the largest first).
    pub fn clicked(self, i: usize) -> Self {
        if self.column == i {
            Self {
                column: i,
                descending: !self.descending,
            }
        } else {
            Self {
                column: i,
                descending: i > 0,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, v: Option<f64>) -> Row {
        Row {
            cells: vec![name.into()],
            keys: vec![SortKey::Text(name.into()), SortKey::Number(v)],
            color: None,
            tip: None,
        }
    }

    #[test]
    fn numbers_sort_both_ways_with_missing_last() {
        let mut rows = vec![row("a", Some(1.0)), row("b", None), row("c", Some(3.0))];
        let names = |rows: &[Row]| rows.iter().map(|r| r.cells[0].clone()).collect::<Vec<_>>();
        sort_rows(
            &mut rows,
            SortState {
                column: 1,
                descending: true,
            },
        );
        assert_eq!(names(&rows), ["c", "a", "b"]);
        sort_rows(
            &mut rows,
            SortState {
                column: 1,
                descending: false,
            },
        );
        assert_eq!(names(&rows), ["a", "c", "b"]);
        sort_rows(
            &mut rows,
            SortState {
                column: 0,
                descending: true,
            },
        );
        assert_eq!(names(&rows), ["c", "b", "a"]);
    }

    #[test]
    fn the_order_is_the_order_sort_rows_gives() {
        let rows = vec![row("a", Some(1.0)), row("b", None), row("c", Some(3.0))];
        let sort = SortState {
            column: 1,
            descending: true,
        };
        assert_eq!(sorted_order(&rows, sort), [2, 0, 1]);
        let mut sorted = rows.clone();
        sort_rows(&mut sorted, sort);
        let by_order: Vec<&str> = sorted_order(&rows, sort)
            .into_iter()
            .map(|i| rows[i].cells[0].as_str())
            .collect();
        let by_sort: Vec<&str> = sorted.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(by_order, by_sort);
    }

    #[test]
    fn a_click_turns_the_column_or_picks_another() {
        let s = SortState::default();
        assert_eq!(
            s.clicked(0),
            SortState {
                column: 0,
                descending: true
            }
        );
        assert_eq!(
            s.clicked(2),
            SortState {
                column: 2,
                descending: true
            }
        );
        assert_eq!(
            SortState {
                column: 0,
                descending: true
            }
            .clicked(3)
            .clicked(0),
            SortState {
                column: 0,
                descending: false
            },
            "text sorts up first"
        );
    }
}
