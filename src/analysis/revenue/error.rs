//! Invalid inputs of the model, each naming the miner and the field.

use crate::model::fmt::trim_number;

/// Invalid inputs, each naming the miner and the field.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RevenueError {
    #[error("{field} {problem}")]
    Market {
        field: &'static str,
        problem: String,
    },
    #[error("{symbol}: {field} {problem}")]
    Miner {
        symbol: String,
        field: &'static str,
        problem: String,
    },
    #[error("{symbol}: hosting contract \"{tenant}\": {field} {problem}")]
    Contract {
        symbol: String,
        tenant: String,
        field: &'static str,
        problem: String,
    },
    #[error("{symbol}: capacity \"{quarter}\" {problem}")]
    Capacity {
        symbol: String,
        quarter: String,
        problem: String,
    },
    #[error("revenue overrides name {0}, which is not in the fundamentals file")]
    UnknownMiner(String),
}

/// What is wrong with a number, or `None` when it is inside `[min, max]`.
pub(crate) fn range_problem(v: f64, min: f64, max: Option<f64>, unit: &str) -> Option<String> {
    let unit_text = if unit.is_empty() || unit == "%" {
        unit.to_owned()
    } else {
        format!(" {unit}")
    };
    if !v.is_finite() {
        return Some("must be a number".to_owned());
    }
    match max {
        Some(max) if v < min || v > max => Some(format!(
            "must be between {} and {}{unit_text} (got {})",
            trim_number(min, 6),
            trim_number(max, 6),
            trim_number(v, 6)
        )),
        None if v < min && min == 0.0 => {
            Some(format!("must not be negative (got {})", trim_number(v, 6)))
        }
        None if v < min => Some(format!(
            "must be at least {}{unit_text} (got {})",
            trim_number(min, 6),
            trim_number(v, 6)
        )),
        _ => None,
    }
}

pub(crate) fn positive_problem(v: f64) -> Option<String> {
    if !v.is_finite() {
        Some("must be a number".to_owned())
    } else if v <= 0.0 {
        Some(format!("must be above zero (got {})", trim_number(v, 6)))
    } else {
        None
    }
}
