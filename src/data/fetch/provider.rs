//! The services MinerLens fetches from, which one serves a symbol, and the user's data-source
//! settings (base addresses and a provider per symbol).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::data::DataError;

/// The services MinerLens fetches from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Provider {
    Yahoo,
    Coinbase,
    Mempool,
    Blockchain,
}

impl Provider {
    pub const ALL: [Provider; 4] = [
        Provider::Yahoo,
        Provider::Coinbase,
        Provider::Mempool,
        Provider::Blockchain,
    ];

    /// The name shown to users and recorded as the rows' source.
    pub fn label(self) -> &'static str {
        match self {
            Provider::Yahoo => "Yahoo Finance",
            Provider::Coinbase => "Coinbase Exchange",
            Provider::Mempool => "mempool.space",
            Provider::Blockchain => "blockchain.info",
        }
    }

    /// `yahoo`, `coinbase`, `mempool`, `blockchain` (settings keys, the environment variables).
    pub fn key(self) -> &'static str {
        match self {
            Provider::Yahoo => "yahoo",
            Provider::Coinbase => "coinbase",
            Provider::Mempool => "mempool",
            Provider::Blockchain => "blockchain",
        }
    }

    /// `MINERLENS_YAHOO_URL` ...: overrides the base URL (proxies, tests).
    pub fn env_var(self) -> String {
        format!("MINERLENS_{}_URL", self.key().to_ascii_uppercase())
    }

    pub fn default_base_url(self) -> &'static str {
        match self {
            Provider::Yahoo => "https://query1.finance.yahoo.com",
            Provider::Coinbase => "https://api.exchange.coinbase.com",
            Provider::Mempool => "https://mempool.space",
            Provider::Blockchain => "https://api.blockchain.info",
        }
    }

    /// The default minimum time between two requests (their public rate limits, with margin).
    pub fn min_interval(self) -> Duration {
        match self {
            Provider::Yahoo => Duration::from_millis(400),
            Provider::Coinbase => Duration::from_millis(150),
            Provider::Mempool | Provider::Blockchain => Duration::from_millis(500),
        }
    }
}

/// Which price provider a symbol uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProviderChoice {
    /// Yahoo; for crypto pairs (`*-USD`) Coinbase when Yahoo fails.
    #[default]
    Auto,
    Yahoo,
    Coinbase,
}

impl ProviderChoice {
    pub const ALL: [ProviderChoice; 3] = [
        ProviderChoice::Auto,
        ProviderChoice::Yahoo,
        ProviderChoice::Coinbase,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ProviderChoice::Auto => "Automatic",
            ProviderChoice::Yahoo => "Yahoo Finance",
            ProviderChoice::Coinbase => "Coinbase Exchange",
        }
    }

    /// `yahoo` / `coinbase` / `auto` (the command line's `--provider`).
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(ProviderChoice::Auto),
            "yahoo" => Ok(ProviderChoice::Yahoo),
            "coinbase" => Ok(ProviderChoice::Coinbase),
            _ => Err(format!("'{text}' is not a provider (yahoo, coinbase)")),
        }
    }

    /// The providers to try for `symbol`, in order.
    pub fn chain(self, symbol: &str) -> Vec<Provider> {
        match self {
            ProviderChoice::Yahoo => vec![Provider::Yahoo],
            ProviderChoice::Coinbase => vec![Provider::Coinbase],
            ProviderChoice::Auto if is_crypto_pair(symbol) => {
                vec![Provider::Yahoo, Provider::Coinbase]
            }
            ProviderChoice::Auto => vec![Provider::Yahoo],
        }
    }
}

/// `BTC-USD`, `ETH-USD`: a crypto pair (traded every day, Coinbase has it).
pub fn is_crypto_pair(symbol: &str) -> bool {
    symbol
        .strip_suffix("-USD")
        .is_some_and(|base| !base.is_empty() && base.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Where to fetch from: base URL overrides per provider and provider overrides per symbol
/// (kept in the app's preferences).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DataSources {
    /// Provider key (`yahoo` ...) -> base URL.
    pub base_urls: BTreeMap<String, String>,
    /// Symbol -> provider.
    pub symbol_providers: BTreeMap<String, ProviderChoice>,
}

impl DataSources {
    /// The settings the window saved for the command line (`data-sources.json` in the config
    /// folder); `Ok(None)` when there is none.
    pub fn load(path: &Path) -> Result<Option<Self>, DataError> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
                DataError::file(
                    path.display().to_string(),
                    format!("not valid data-source settings: {e}"),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(DataError::io(path, e)),
        }
    }

    pub fn save(&self, path: &Path) -> Result<(), DataError> {
        crate::data::fsutil::write_json_atomic(path, self).map_err(|e| DataError::io(path, e))
    }

    /// The base URL of `provider`: `MINERLENS_<PROVIDER>_URL`, else the setting, else the
    /// default; without a trailing `/`.
    pub fn base_url(&self, provider: Provider) -> String {
        let env = std::env::var(provider.env_var()).ok();
        let chosen = env
            .as_deref()
            .or_else(|| self.base_urls.get(provider.key()).map(String::as_str))
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| provider.default_base_url());
        chosen.trim_end_matches('/').to_owned()
    }

    /// Where the base URL comes from, for the settings window.
    pub fn base_url_origin(&self, provider: Provider) -> &'static str {
        if std::env::var(provider.env_var()).is_ok_and(|v| !v.trim().is_empty()) {
            "environment"
        } else if self
            .base_urls
            .get(provider.key())
            .is_some_and(|v| !v.trim().is_empty())
        {
            "setting"
        } else {
            "default"
        }
    }

    pub fn choice(&self, symbol: &str) -> ProviderChoice {
        self.symbol_providers
            .get(symbol)
            .copied()
            .unwrap_or_default()
    }
}
