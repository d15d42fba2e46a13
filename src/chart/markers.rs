//! The deal markers of the time charts: each deal of a shown symbol at its announcement date, in
//! the symbol's color, with the details and the source on hover; and the halving.

use super::axis::compact;
use super::spec::EventMarker;
use super::theme::ChartTheme;
use crate::analysis::revenue::HALVINGS;
use crate::model::deals::Deal;
use crate::model::{DateRange, date_to_days};

/// "APLD · CoreWeave · Colocation lease · 250 MW · $7.0B over 15 years · billing from
/// 2025-10-01 · announced 2025-06-02" and its source, for the hover.
pub fn deal_detail(d: &Deal) -> String {
    let mut parts = vec![
        d.symbol.clone(),
        d.counterparty.clone(),
        d.kind.label().to_owned(),
    ];
    if let Some(mw) = d.mw {
        parts.push(format!("{} MW", crate::model::fmt::format_grouped(mw, 0)));
    }
    match (d.value_usd, d.term_years) {
        (Some(v), Some(t)) => parts.push(format!(
            "${} over {} years",
            compact(v),
            crate::model::fmt::trim_number(t, 1)
        )),
        (Some(v), None) => parts.push(format!("${}", compact(v))),
        _ => {}
    }
    if let Some(b) = d.billing_start {
        parts.push(format!("billing from {b}"));
    }
    parts.push(format!("announced {}", d.announced));
    if !d.status.in_force() {
        parts.push(d.status.label().to_lowercase());
    }
    let mut text = parts.join(" · ");
    text.push_str(&format!("\nSource: {}", d.source_line()));
    if !d.confirmed {
        text.push_str("\n(unconfirmed)");
    }
    text
}

/// The markers of `deals` of `symbols` inside `window`, and the halvings in it.
pub fn event_markers(
    deals: &[Deal],
    symbols: &[String],
    window: DateRange,
    theme: ChartTheme,
) -> Vec<EventMarker> {
    let mut out: Vec<EventMarker> = deals
        .iter()
        .filter(|d| symbols.contains(&d.symbol) && window.contains(d.announced))
        .map(|d| EventMarker {
            day: f64::from(date_to_days(d.announced)),
            symbol: d.symbol.clone(),
            color: theme.series_color(&d.symbol),
            label: d.counterparty.clone(),
            detail: deal_detail(d),
        })
        .collect();
    for (height, date) in HALVINGS {
        if window.contains(date) {
            out.push(EventMarker {
                day: f64::from(date_to_days(date)),
                symbol: String::new(),
                color: theme.palette().text_muted,
                label: "Halving".to_owned(),
                detail: format!(
                    "Bitcoin halving at block {} on {date}: the block subsidy halves",
                    crate::model::fmt::format_grouped(height as f64, 0)
                ),
            });
        }
    }
    out.sort_by(|a, b| a.day.total_cmp(&b.day));
    out
}
