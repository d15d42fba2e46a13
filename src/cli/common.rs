//! Options shared by the subcommands that read prices: where the data comes from, which symbols,
//! which benchmark and which window.

use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::data::import::store::PriceStore;
use crate::data::{PriceFrame, import, portfolio_file, sample};
use crate::model::portfolio::Portfolio;
use crate::model::{BTC_SYMBOL, DateRange, WindowPreset, normalize_symbol, parse_date};

/// Label of the bundled data, shown in status bars and chart footers.
pub const DEMO_LABEL: &str = sample::DEMO_LABEL;

/// Where the prices come from: the same data as the window by default.
#[derive(Debug, Args, Clone, Default)]
pub struct PriceArgs {
    /// Price files or directories, in any format the importer reads (default: the bundled demo
    /// universe with the price store on top, as in the app).
    #[arg(long = "prices", value_name = "PATH", num_args = 1..)]
    pub prices: Vec<PathBuf>,
    /// Use the bundled demo universe alone, without the imported and fetched prices of the
    /// price store.
    #[arg(long, conflicts_with = "prices")]
    pub no_store: bool,
    /// Leave out the synthetic demo universe: only the imported and fetched prices of the
    /// price store (the default once the store holds BTC-USD).
    #[arg(long, conflicts_with_all = ["prices", "no_store", "demo"])]
    pub no_demo: bool,
    /// Load the synthetic demo universe under the price store even when the store holds
    /// BTC-USD.
    #[arg(long, conflicts_with = "prices")]
    pub demo: bool,
    /// How to read dates like 05/06/2024 in --prices files when the file itself does not tell.
    #[arg(long, value_enum, value_name = "ORDER", requires = "prices")]
    pub date_order: Option<DateOrderArg>,
}

impl PriceArgs {
    /// `--no-store` is the demo universe alone; `--no-demo` and `--demo` decide the rest.
    pub fn demo_choice(&self) -> sample::DemoChoice {
        if self.no_store || self.demo {
            sample::DemoChoice::On
        } else if self.no_demo {
            sample::DemoChoice::Off
        } else {
            sample::DemoChoice::Auto
        }
    }
}

/// `--date-order`: which number of a numeric date is the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateOrderArg {
    /// Month first (US): 05/06/2024 is 6 May.
    Mdy,
    /// Day first: 05/06/2024 is 5 June.
    Dmy,
}

impl From<DateOrderArg> for import::DateOrder {
    fn from(a: DateOrderArg) -> Self {
        match a {
            DateOrderArg::Mdy => import::DateOrder::Mdy,
            DateOrderArg::Dmy => import::DateOrder::Dmy,
        }
    }
}

#[derive(Debug, Args, Clone, Default)]
pub struct DataArgs {
    #[command(flatten)]
    pub source: PriceArgs,
    /// Symbols to analyse, comma separated (default: every loaded symbol but the benchmark and
    /// the AI-factor stocks NVDA, AMD, AVGO, VRT, SMH).
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub symbols: Vec<String>,
    /// The benchmark every symbol is measured against.
    #[arg(long, value_name = "SYMBOL")]
    pub benchmark: Option<String>,
    /// First day of the window (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Last day of the window (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// A window preset: 1M, 3M, 6M, YTD, 1Y, 3Y, All, "Q1 2026" (default YTD). --from/--to
    /// override its ends.
    #[arg(long, value_parser = parse_preset_arg, value_name = "PRESET")]
    pub window: Option<WindowPreset>,
    /// A portfolio file: its holdings are the symbols, its benchmark and window the defaults.
    #[arg(long, value_name = "FILE")]
    pub portfolio: Option<PathBuf>,
    /// Carry the benchmark's last close forward at most this many calendar days (over
    /// weekends and holidays); past it the benchmark is missing.
    #[arg(long, value_name = "DAYS", default_value_t = crate::analysis::align::DEFAULT_MAX_CARRY_DAYS,
          value_parser = clap::value_parser!(i32).range(0..=3650))]
    pub max_carry_days: i32,
    /// Analyse the symbols of this group of the portfolio (as an equal-weight basket).
    #[arg(long, value_name = "NAME", requires = "portfolio")]
    pub group: Option<String>,
}

/// Opens `--portfolio`, printing its warnings (unknown fields, migration) on stderr.
pub fn load_portfolio(args: &DataArgs) -> anyhow::Result<Option<Portfolio>> {
    let Some(path) = &args.portfolio else {
        return Ok(None);
    };
    let opened = portfolio_file::open(path)?;
    for w in &opened.warnings {
        eprintln!("warning: {}: {w}", path.display());
    }
    Ok(Some(opened.portfolio))
}

fn parse_date_arg(text: &str) -> Result<NaiveDate, String> {
    parse_date(text)
}

fn parse_preset_arg(text: &str) -> Result<WindowPreset, String> {
    WindowPreset::from_label(text).ok_or_else(|| {
        let names: Vec<&str> = WindowPreset::ALL.iter().map(|p| p.label()).collect();
        format!("'{text}' is not a window preset ({})", names.join(", "))
    })
}

/// Output formats of the reporting subcommands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    /// Aligned and rounded, for people.
    #[default]
    Table,
    /// Comma separated, unrounded.
    Csv,
    /// One JSON object, unrounded.
    Json,
}

/// Loaded prices and a label saying where they came from.
pub struct LoadedPrices {
    pub prices: PriceFrame,
    pub source: String,
}

/// Loads `--prices` or, without it, what the app starts with: the demo universe with the price
/// store on top (unless `--no-store`). A stored file that cannot be read is reported on stderr
/// and left out.
pub fn load_prices(args: &PriceArgs) -> anyhow::Result<LoadedPrices> {
    if args.prices.is_empty() {
        let store = if args.no_store {
            None
        } else {
            PriceStore::detect()
        };
        let (prices, problems) = sample::demo_with_store(store.as_ref(), args.demo_choice())
            .context("loading the prices")?;
        for p in problems {
            eprintln!("warning: price store: {p}");
        }
        let source = sample::source_label(&prices.summaries()?);
        return Ok(LoadedPrices { prices, source });
    }
    let options = import::ImportOptions {
        date_order: args.date_order.map(Into::into),
        ..Default::default()
    };
    let (prices, reports) = import::load_paths(&args.prices, &options)?;
    let names: Vec<String> = reports
        .iter()
        .filter_map(|r| {
            r.path
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_owned)
        })
        .collect();
    Ok(LoadedPrices {
        prices,
        source: format!("Files: {}", names.join(", ")),
    })
}

/// The symbols, benchmark and window a command works on, validated against the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub symbols: Vec<String>,
    pub benchmark: String,
    pub window: DateRange,
}

/// Checks the requested symbols and benchmark exist and resolves the window.
pub fn select(
    args: &DataArgs,
    prices: &PriceFrame,
    default_window: WindowPreset,
) -> anyhow::Result<Selection> {
    let loaded = prices.symbols();
    let portfolio = load_portfolio(args)?;
    let benchmark = args
        .benchmark
        .as_deref()
        .map(normalize_symbol)
        .or_else(|| portfolio.as_ref().map(|p| p.benchmark.clone()))
        .unwrap_or_else(|| BTC_SYMBOL.to_owned());
    if !loaded.contains(&benchmark) {
        bail!(
            "unknown benchmark {benchmark}: it is not in the loaded data ({})",
            loaded.join(", ")
        );
    }
    let requested: Vec<String> = match (&portfolio, &args.group) {
        _ if !args.symbols.is_empty() => args.symbols.clone(),
        (Some(p), Some(group)) => match p.group(group) {
            Some(g) => g.symbols.clone(),
            None => {
                let names: Vec<&str> = p.groups.iter().map(|g| g.name.as_str()).collect();
                bail!(
                    "the portfolio has no group named '{group}' (groups: {})",
                    names.join(", ")
                );
            }
        },
        (Some(p), None) => p
            .holding_symbols()
            .into_iter()
            .filter(|s| *s != benchmark)
            .collect(),
        (None, _) => Vec::new(),
    };
    let symbols: Vec<String> = if requested.is_empty() {
        // The reference stocks of the AI factor are not miners: named, they are analysed.
        crate::analysis::exposure::miners_only(
            loaded
                .iter()
                .filter(|s| **s != benchmark)
                .cloned()
                .collect(),
            portfolio.as_ref().map_or(&[][..], |p| &p.exposure_factors),
        )
    } else {
        let mut out = Vec::new();
        for raw in &requested {
            let s = normalize_symbol(raw);
            if s.is_empty() {
                continue;
            }
            if !loaded.contains(&s) {
                bail!(
                    "unknown symbol {s}: it is not in the loaded data ({})",
                    loaded.join(", ")
                );
            }
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    };
    if symbols.is_empty() {
        bail!("no symbols to analyse");
    }
    let (first, last) = prices
        .date_range()
        .context("the loaded data has no prices")?;
    let resolved = match (args.window, &portfolio) {
        (Some(preset), _) => preset.resolve(first, last),
        (None, Some(p)) => p.window.resolve(first, last),
        (None, None) => default_window.resolve(first, last),
    };
    let window = DateRange::new(
        args.from.unwrap_or(resolved.from),
        args.to.unwrap_or(resolved.to),
    );
    if window.from > window.to {
        bail!("--from {} is after --to {}", window.from, window.to);
    }
    Ok(Selection {
        symbols,
        benchmark,
        window,
    })
}

/// The divergence analysis of the selected symbols over the window (`analyze`, `chart`): the
/// selection, the aligned data, the window as settled, and the analysis carrying its notes.
pub fn analyze_selection(
    args: &DataArgs,
    loaded: &LoadedPrices,
) -> anyhow::Result<(
    Selection,
    crate::analysis::Aligned,
    DateRange,
    crate::analysis::Analysis,
)> {
    let selection = select(args, &loaded.prices, WindowPreset::YearToDate)?;
    let Prepared {
        aligned,
        window,
        notes,
    } = prepare(args, loaded, &selection)?;
    let mut analysis = crate::analysis::divergence::analyze(&aligned, &selection.symbols, window)?;
    analysis.notes = notes;
    Ok((selection, aligned, window, analysis))
}

/// The aligned data and the window a command analyses, with the notes the reader must see
/// (printed on stderr here, and carried into tables, JSON and chart subtitles by the caller).
pub struct Prepared {
    pub aligned: crate::analysis::Aligned,
    pub window: DateRange,
    pub notes: Vec<String>,
}

/// Aligns to the benchmark (carried at most `--max-carry-days`) and settles the window (cut at
/// the benchmark's last date; a warning when real and synthetic prices meet).
pub fn prepare(
    args: &DataArgs,
    loaded: &LoadedPrices,
    selection: &Selection,
) -> anyhow::Result<Prepared> {
    let aligned = crate::analysis::Aligned::build_with_carry(
        &loaded.prices,
        &selection.benchmark,
        args.max_carry_days,
    )?;
    let (window, notes) = crate::analysis::divergence::usable_window(
        &aligned,
        selection.window,
        &loaded.prices.summaries()?,
        &selection.symbols,
    );
    for n in &notes {
        eprintln!("note: {n}");
    }
    Ok(Prepared {
        aligned,
        window,
        notes,
    })
}
