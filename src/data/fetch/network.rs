//! The Bitcoin network's hashrate and difficulty history, the revenue-mix model's network
//! inputs: from mempool.space (`/api/v1/mining/hashrate/3y`), with blockchain.info's charts as
//! the fallback. Kept in `network.json` in the data folder; the revenue model then takes the
//! latest hashrate from it instead of the fundamentals file's when it is newer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::FetchError;
use super::{DataSources, Http, Provider, RetryPolicy, http};
use crate::data::DataError;
use crate::model::days_to_date;
use crate::model::fundamentals::{FundamentalsFile, HashrateHistory};

/// Format name written in `network.json`.
pub const NETWORK_FORMAT: &str = "minerlens-network";

/// One day of the network.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkPoint {
    pub date: NaiveDate,
    /// Network hashrate in EH/s (the provider's daily or 3-day average).
    pub hashrate_eh: Option<f64>,
    /// Mining difficulty in effect that day.
    pub difficulty: Option<f64>,
}

/// The fetched history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkHistory {
    pub format: String,
    pub provider: Provider,
    pub fetched_at: DateTime<Utc>,
    /// Oldest first, one point per date.
    pub points: Vec<NetworkPoint>,
}

impl NetworkHistory {
    /// The newest point with a hashrate.
    pub fn latest_hashrate(&self) -> Option<(NaiveDate, f64)> {
        self.points
            .iter()
            .rev()
            .find_map(|p| p.hashrate_eh.map(|h| (p.date, h)))
    }

    pub fn latest_difficulty(&self) -> Option<(NaiveDate, f64)> {
        self.points
            .iter()
            .rev()
            .find_map(|p| p.difficulty.map(|d| (p.date, d)))
    }

    /// "mempool.space, fetched 2026-11-23".
    pub fn source_note(&self) -> String {
        format!(
            "{} mining hashrate history, fetched {}",
            self.provider.label(),
            self.fetched_at.date_naive()
        )
    }
}

/// `data_dir/network.json`.
pub fn network_file(data_dir: &Path) -> PathBuf {
    data_dir.join("network.json")
}

/// The stored history, if any.
pub fn load_network(path: &Path) -> Result<Option<NetworkHistory>, DataError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(DataError::io(path, e)),
    };
    let history: NetworkHistory = serde_json::from_str(&text).map_err(|e| DataError::Parse {
        file: path.display().to_string(),
        line: e.line(),
        message: e.to_string(),
    })?;
    Ok(Some(history))
}

/// Writes the history atomically.
pub fn save_network(path: &Path, history: &NetworkHistory) -> Result<(), DataError> {
    crate::data::fsutil::write_json_atomic(path, history).map_err(|e| DataError::io(path, e))
}

/// Puts the fetched history into `file`'s network inputs, where
/// [`NetworkInputs::hashrate_at`](crate::model::fundamentals::NetworkInputs::hashrate_at) takes
/// the latest figure on or before each date from it or from the file. Returns false when the
/// history has no hashrate.
pub fn apply_network(file: &mut FundamentalsFile, history: &NetworkHistory) -> bool {
    let points: Vec<(NaiveDate, f64)> = history
        .points
        .iter()
        .filter_map(|p| p.hashrate_eh.map(|h| (p.date, h)))
        .collect();
    if points.is_empty() {
        return false;
    }
    file.network.hashrate_history = Some(HashrateHistory {
        source: history.source_note(),
        points,
    });
    true
}

/// `file` with the fetched network inputs of the data folder applied (the revenue model's
/// fundamentals); the file as it is when nothing was fetched or it cannot be read.
pub fn with_fetched_network(
    mut file: FundamentalsFile,
    data_dir: Option<&Path>,
) -> FundamentalsFile {
    if let Some(dir) = data_dir {
        match load_network(&network_file(dir)) {
            Ok(Some(history)) => {
                apply_network(&mut file, &history);
            }
            Ok(None) => {}
            Err(e) => log::warn!("ignoring the fetched network data: {e}"),
        }
    }
    file
}

/// [`with_fetched_network`] on the app's data folder (`MINERLENS_HOME` or the platform's).
pub fn with_fetched_network_of_app(file: FundamentalsFile) -> FundamentalsFile {
    let paths = crate::data::paths::AppPaths::detect();
    with_fetched_network(file, paths.as_ref().map(|p| p.data_dir.as_path()))
}

/// Fetches the history: mempool.space first, blockchain.info when it fails.
pub fn fetch_network(
    sources: &DataSources,
    policy: &RetryPolicy,
    now: DateTime<Utc>,
    cancel: &AtomicBool,
) -> Result<NetworkHistory, FetchError> {
    let http = Http::new(policy.clone())?;
    let first = match fetch_mempool(&http, &sources.base_url(Provider::Mempool), cancel) {
        Ok(points) => return finish(Provider::Mempool, points, now),
        Err(e) if e.is_cancelled() => return Err(e),
        Err(e) => e.not_about_a_symbol(),
    };
    log::info!("{first}; trying blockchain.info");
    match fetch_blockchain(&http, &sources.base_url(Provider::Blockchain), cancel) {
        Ok(points) => finish(Provider::Blockchain, points, now),
        Err(e) if e.is_cancelled() => Err(e),
        // The first provider's error is the one to act on; the fallback's is logged.
        Err(e) => {
            log::warn!("{}", e.not_about_a_symbol());
            Err(first)
        }
    }
}

type Points = BTreeMap<NaiveDate, (Option<f64>, Option<f64>)>;

fn finish(
    provider: Provider,
    points: Points,
    now: DateTime<Utc>,
) -> Result<NetworkHistory, FetchError> {
    let target = format!("network hashrate from {}", provider.label());
    if points.is_empty() {
        return Err(FetchError::Empty {
            target,
            from: now.date_naive(),
            to: now.date_naive(),
        });
    }
    // Difficulty changes at adjustments: carry it forward to every later day.
    let mut difficulty = None;
    let points = points
        .into_iter()
        .map(|(date, (h, d))| {
            if d.is_some() {
                difficulty = d;
            }
            NetworkPoint {
                date,
                hashrate_eh: h,
                difficulty,
            }
        })
        .collect();
    Ok(NetworkHistory {
        format: NETWORK_FORMAT.to_owned(),
        provider,
        fetched_at: now,
        points,
    })
}

/// A positive finite number, or a malformed-data error naming the entry.
fn positive(v: &Value, what: &str, i: usize, target: &str) -> Result<f64, FetchError> {
    v.as_f64()
        .filter(|x| x.is_finite() && *x > 0.0)
        .ok_or_else(|| FetchError::Malformed {
            target: target.to_owned(),
            detail: format!("{what}[{i}] is not a positive number: {v}"),
        })
}

fn date_of(secs: &Value, what: &str, i: usize, target: &str) -> Result<NaiveDate, FetchError> {
    let secs = secs.as_i64().ok_or_else(|| FetchError::Malformed {
        target: target.to_owned(),
        detail: format!("{what}[{i}] has no unix time"),
    })?;
    Ok(days_to_date(secs.div_euclid(86_400) as i32))
}

fn fetch_mempool(http: &Http, base: &str, cancel: &AtomicBool) -> Result<Points, FetchError> {
    let target = format!("network hashrate from {}", Provider::Mempool.label());
    let url = format!("{base}/api/v1/mining/hashrate/3y");
    let doc = http::json(
        &http.get(Provider::Mempool, &url, &target, cancel)?,
        &target,
    )?;
    let (Some(hashrates), Some(difficulty)) =
        (doc["hashrates"].as_array(), doc["difficulty"].as_array())
    else {
        return Err(FetchError::Malformed {
            target,
            detail: "expected \"hashrates\" and \"difficulty\" arrays".into(),
        });
    };
    let mut points = Points::new();
    for (i, h) in hashrates.iter().enumerate() {
        let date = date_of(&h["timestamp"], "hashrates", i, &target)?;
        // H/s -> EH/s.
        let eh = positive(&h["avgHashrate"], "hashrates", i, &target)? / 1e18;
        points.entry(date).or_default().0 = Some(eh);
    }
    for (i, d) in difficulty.iter().enumerate() {
        let date = date_of(&d["time"], "difficulty", i, &target)?;
        let value = positive(&d["difficulty"], "difficulty", i, &target)?;
        points.entry(date).or_default().1 = Some(value);
    }
    Ok(points)
}

fn fetch_blockchain(http: &Http, base: &str, cancel: &AtomicBool) -> Result<Points, FetchError> {
    let target = format!("network hashrate from {}", Provider::Blockchain.label());
    let mut points = Points::new();
    for (chart, is_hashrate) in [("hash-rate", true), ("difficulty", false)] {
        let url = format!("{base}/charts/{chart}?timespan=3years&format=json&sampled=false");
        let doc = http::json(
            &http.get(Provider::Blockchain, &url, &target, cancel)?,
            &target,
        )?;
        let Some(values) = doc["values"].as_array() else {
            return Err(FetchError::Malformed {
                target,
                detail: format!("the {chart} chart has no \"values\" array"),
            });
        };
        for (i, v) in values.iter().enumerate() {
            let date = date_of(&v["x"], chart, i, &target)?;
            let y = positive(&v["y"], chart, i, &target)?;
            let e = points.entry(date).or_default();
            if is_hashrate {
                // TH/s -> EH/s.
                e.0 = Some(y / 1e6);
            } else {
                e.1 = Some(y);
            }
        }
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::fundamentals::bundled_fundamentals;
    use crate::model::dates::ymd;

    #[test]
    fn the_fetched_history_serves_the_dates_it_covers() {
        let mut file = bundled_fundamentals().unwrap();
        let file_date = file.network.as_of;
        let default = file.network.hashrate_eh.clone();
        let mut history = NetworkHistory {
            format: NETWORK_FORMAT.into(),
            provider: Provider::Mempool,
            fetched_at: DateTime::parse_from_rfc3339("2030-01-02T10:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            points: vec![NetworkPoint {
                date: ymd(2030, 1, 1),
                hashrate_eh: Some(1234.5),
                difficulty: Some(1.5e14),
            }],
        };
        assert!(apply_network(&mut file, &history));
        let (value, source) = file.network.hashrate_at(ymd(2030, 1, 5));
        assert_eq!(value, 1234.5);
        assert!(source.contains("mempool.space") && source.contains("2030-01-01"));
        // Dates before the history keep the file's figure, which stays the default.
        assert_eq!(file.network.hashrate_at(file_date).0, default.value);
        assert_eq!(file.network.hashrate_eh, default);

        // An older history serves its dates, but not those after the file's own figure.
        let day_before = file_date - chrono::Days::new(1);
        history.points[0].date = day_before;
        let mut file = bundled_fundamentals().unwrap();
        assert!(apply_network(&mut file, &history));
        assert_eq!(file.network.hashrate_at(day_before).0, 1234.5);
        assert_eq!(file.network.hashrate_at(file_date).0, default.value);
        history.points[0].hashrate_eh = None;
        assert!(
            !apply_network(&mut file, &history),
            "no hashrate, nothing to use"
        );
    }
}
