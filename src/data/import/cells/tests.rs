//! Tests of the cells of text tables: quoted fields, numbers in every dress, dates in every
//! order and how a column's date format is inferred.

use super::*;
use crate::model::dates::ymd;

fn day(s: &str, f: DateFormat) -> Option<NaiveDate> {
    f.parse(s).map(|st| crate::model::days_to_date(st.day))
}

#[test]
fn quoted_fields_keep_their_commas() {
    let mut out = Vec::new();
    split_line(
        r#"03/08/2024,"$1,234.50",94062000,"say ""hi""""#,
        ',',
        &mut out,
    );
    assert_eq!(
        out,
        vec!["03/08/2024", "$1,234.50", "94062000", "say \"hi\""]
    );
    assert_eq!(count_delims(r#"a,"b,c",d"#, ','), 2);
}

#[test]
fn numbers_in_every_dress() {
    let p = Decimal::Point;
    let c = Decimal::Comma;
    assert_eq!(parse_number("23.48", p), Some(23.48));
    assert_eq!(parse_number(" $1,234.50 ", p), Some(1234.5));
    assert_eq!(parse_number("1.234,50 €", c), Some(1234.5));
    assert_eq!(parse_number("1 234,5", c), Some(1234.5));
    assert_eq!(parse_number("12,5", c), Some(12.5));
    assert_eq!(parse_number("(3.5)", p), Some(-3.5));
    assert_eq!(parse_number("1.5e3", p), Some(1500.0));
    assert_eq!(parse_number("100 USD", p), Some(100.0));
    assert_eq!(parse_number("n/a", p), None);
    assert_eq!(parse_number("abc", p), None);
    assert_eq!(parse_number("", p), None);
    assert!(is_missing("null") && is_missing(" ") && is_missing("NaN"));
    assert!(!is_missing("n/a"));
}

#[test]
fn dates_in_every_order() {
    use DateOrder::*;
    let iso = DateFormat::Numeric {
        order: Ymd,
        sep: '-',
        short_year: false,
    };
    assert_eq!(day("2024-01-02", iso), Some(ymd(2024, 1, 2)));
    assert_eq!(
        iso.parse("2024-01-02T09:30:00Z").unwrap().time_secs,
        Some(9 * 3600 + 1800)
    );
    assert_eq!(
        iso.parse("2013-04-28 00:00:00 UTC").unwrap().time_secs,
        Some(0)
    );
    assert_eq!(day("2024-13-02", iso), None);
    assert_eq!(day("24-01-02", iso), None);
    assert_eq!(
        day("1700000000", DateFormat::UnixSeconds),
        Some(ymd(2023, 11, 14))
    );
    assert_eq!(
        day("1700000000000", DateFormat::UnixMillis),
        Some(ymd(2023, 11, 14))
    );
    assert_eq!(day("20240102", DateFormat::Compact), Some(ymd(2024, 1, 2)));
    assert_eq!(iso.label(), "YYYY-MM-DD");
}

#[test]
fn inference_reads_the_column_as_a_whole() {
    // Ambiguous alone, but consecutive rows decide: US order.
    let us = ["01/02/2024", "01/03/2024", "01/04/2024"];
    let f = DateFormat::infer(&us, false).unwrap();
    assert_eq!(f.label(), "MM/DD/YYYY");
    // 13 cannot be a month.
    let eu = ["12/01/2024", "13/01/2024"];
    assert_eq!(DateFormat::infer(&eu, false).unwrap().label(), "DD/MM/YYYY");
    // Ambiguous and equally close: the file's locale decides.
    let amb = ["05/06/2024"];
    assert_eq!(DateFormat::infer(&amb, true).unwrap().label(), "DD/MM/YYYY");
    assert_eq!(
        DateFormat::infer(&amb, false).unwrap().label(),
        "MM/DD/YYYY"
    );
    assert_eq!(
        DateFormat::infer(&["02.01.2024", "03.01.2024"], false)
            .unwrap()
            .label(),
        "DD.MM.YYYY"
    );
    assert_eq!(
        DateFormat::infer(&["Jan 02, 2024", "Jan 03, 2024"], false),
        Some(DateFormat::MonthName("%b %d, %Y"))
    );
    assert_eq!(
        DateFormat::infer(&["1704153600", "1704240000"], false),
        Some(DateFormat::UnixSeconds)
    );
    assert_eq!(DateFormat::infer(&["hello"], false), None);
    // One bad cell does not hide the column's format (it becomes a line error later).
    assert_eq!(
        DateFormat::infer(&["2024-01-02", "2024-01-03", "n/a"], false)
            .unwrap()
            .label(),
        "YYYY-MM-DD"
    );
    assert_eq!(DateFormat::infer(&["45000.5"], false), None);
}
