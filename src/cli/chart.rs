//! `minerlens chart VIEW --out FILE`: any chart view as a PNG or SVG file, without a window or
//! GPU, drawn by the same renderer as the app's exports.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use clap::{Args, ValueEnum};

use super::common::{self, DataArgs};
use crate::chart::render::{self, ImageFormat, MAX_SCALE, MAX_SIDE, RenderOptions};
use crate::chart::theme::ChartTheme;
use std::collections::BTreeMap;

use crate::analysis::Aligned;
use crate::analysis::events::{AverageCar, EventParams, EventStudy, average, study};
use crate::analysis::exposure::{RollingFits, rolling_in_window};
use crate::analysis::portfolio::{PortfolioResult, analyze_portfolio, basket_members};
use crate::analysis::revenue::Market;
use crate::chart::dispatch::{PortfolioInputs, RevenueInputs, ViewInputs, build_view};
use crate::chart::event_views::EventsContext;
use crate::chart::exposure_views::ExposureContext;
use crate::chart::revenue_views::{RevenueChartContext, RevenueViewOptions};
use crate::chart::views::ChartContext;
use crate::model::deals::{Deal, DealFilter};
use crate::model::fundamentals::{FundamentalsFile, MinerOverrides};
use crate::model::normalize_symbol;
use crate::model::options::{ChartOptions, DivergenceMode, ExposureMode, View};
use crate::model::portfolio::Portfolio;

/// Colors of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ThemeArg {
    /// Dark text on white, for documents and print.
    #[default]
    Light,
    /// Light text on dark grey, like the app's dark theme.
    Dark,
}

impl From<ThemeArg> for ChartTheme {
    fn from(t: ThemeArg) -> Self {
        match t {
            ThemeArg::Light => ChartTheme::Light,
            ThemeArg::Dark => ChartTheme::Dark,
        }
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "An existing file at --out is replaced without asking, like other \
                        command-line tools. The image is written to a temporary file beside it \
                        first, so a failed write leaves no partial file."
)]
pub struct ChartArgs {
    /// The chart: performance, divergence, decoupling, relative, drawdown, revenue-mix,
    /// capacity, economics, events, exposure, or portfolio (with --portfolio FILE).
    #[arg(value_name = "VIEW")]
    pub view: String,
    /// The file to write, .png or .svg. An existing file is replaced.
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    /// Width of the chart in pixels (1 to 16384).
    #[arg(long, default_value_t = 1600, value_parser = parse_side, allow_negative_numbers = true, value_name = "PX")]
    pub width: u32,
    /// Height of the chart in pixels (1 to 16384).
    #[arg(long, default_value_t = 900, value_parser = parse_side, allow_negative_numbers = true, value_name = "PX")]
    pub height: u32,
    /// Pixel density (1 to 4): the PNG is width*scale by height*scale pixels with the same
    /// layout.
    #[arg(long, default_value_t = 1, value_parser = parse_scale, allow_negative_numbers = true, value_name = "S")]
    pub scale: u32,
    /// Colors of the image.
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
    #[command(flatten)]
    pub data: DataArgs,
    /// Log scale (performance view).
    #[arg(long)]
    pub log: bool,
    /// Add the equal-weight basket of the symbols (performance view).
    #[arg(long)]
    pub basket: bool,
    /// The relative ratio (symbol / benchmark) instead of the spread in points (divergence view).
    #[arg(long)]
    pub relative: bool,
    /// Rolling window of beta and correlation in returns (decoupling view).
    #[arg(long, default_value_t = 30, value_name = "N", value_parser = clap::value_parser!(u32).range(3..=5000))]
    pub rolling: u32,
    /// Leave out the deal markers and the halving on the time charts.
    #[arg(long)]
    pub no_markers: bool,
    /// The portfolio from its first purchase to the last price, whatever the window (portfolio
    /// view; also set by the file's "Since purchase" option).
    #[arg(long)]
    pub since_purchase: bool,
    /// A deal ledger instead of the bundled one (markers, events, revenue, capacity, economics).
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// Only the deals with this counterparty (events view; a part of the name is enough).
    #[arg(long, value_name = "NAME")]
    pub counterparty: Option<String>,
    /// The symbols of the AI factor (exposure view; default: the portfolio's, else whichever of
    /// NVDA, AMD, AVGO, VRT, SMH are loaded).
    #[arg(long, value_delimiter = ',', value_name = "SYM,SYM")]
    pub factor: Vec<String>,
    /// Rolling window of the exposure view, in returns.
    #[arg(long, default_value_t = 120, value_name = "N", value_parser = clap::value_parser!(u32).range(20..=2000))]
    pub exposure_rolling: u32,
    /// The exposure view as the explained-variance split of this symbol instead of the betas.
    #[arg(long, value_name = "SYMBOL")]
    pub shares: Option<String>,
    /// The miner of the economics view's margin heat map (default: the first).
    #[arg(long, value_name = "SYMBOL")]
    pub focus: Option<String>,
}

fn parse_side(text: &str) -> Result<u32, String> {
    match text.trim().parse::<i64>() {
        Ok(v) if (1..=i64::from(MAX_SIDE)).contains(&v) => Ok(v as u32),
        Ok(_) => Err(format!("a size must be 1 to {MAX_SIDE} pixels")),
        Err(_) => Err("a size is a whole number of pixels".to_owned()),
    }
}

fn parse_scale(text: &str) -> Result<u32, String> {
    match text.trim().parse::<i64>() {
        Ok(v) if (1..=i64::from(MAX_SCALE)).contains(&v) => Ok(v as u32),
        _ => Err(format!(
            "the scale must be a whole number from 1 to {MAX_SCALE}"
        )),
    }
}

/// Parses a view name on the command line, or says which views exist.
pub fn parse_view(text: &str) -> anyhow::Result<View> {
    let names: Vec<&str> = View::ALL.iter().map(|v| v.slug()).collect();
    View::from_slug(text)
        .ok_or_else(|| anyhow!("unknown view '{text}': use one of {}", names.join(", ")))
}

pub fn run(args: &ChartArgs) -> anyhow::Result<ExitCode> {
    // Everything that can be checked without data first, so a bad call fails fast.
    let view = parse_view(&args.view)?;
    let format = ImageFormat::from_path(&args.out)
        .ok_or_else(|| render::ExportError::UnknownFormat(args.out.clone()))?;
    let mut opts = RenderOptions::new(args.width, args.height);
    opts.scale = args.scale;
    opts.theme = args.theme.into();
    opts.validate()?;

    let loaded = common::load_prices(&args.data.source)?;
    let (selection, aligned, window, analysis) = common::analyze_selection(&args.data, &loaded)?;
    let selection = common::Selection {
        window,
        ..selection
    };
    let options = ChartOptions {
        log_scale: args.log,
        show_basket: args.basket,
        divergence_mode: if args.relative {
            DivergenceMode::Relative
        } else {
            DivergenceMode::Spread
        },
        rolling_days: args.rolling as usize,
        show_markers: !args.no_markers,
        exposure_rolling: args.exposure_rolling as usize,
        exposure_mode: if args.shares.is_some() {
            ExposureMode::Shares
        } else {
            ExposureMode::Betas
        },
        portfolio_since_purchase: args.since_purchase,
    };
    let prices = ChartContext {
        aligned: &aligned,
        symbols: &selection.symbols,
        window: selection.window,
        analysis: &analysis,
        options: &options,
        theme: opts.theme,
        source: &loaded.source,
    };
    // The inputs of the other views, each only when this view needs it (reading the portfolio
    // or the BTC price can fail, and a price view should not fail for that).
    let deals = if view.is_time_view() && args.no_markers {
        Vec::new()
    } else {
        super::events::load_deals(args.ledger.as_ref(), args.data.portfolio.as_ref())?
    };
    let revenue_options = RevenueViewOptions {
        economics_focus: args.focus.as_deref().map(normalize_symbol),
        ..RevenueViewOptions::default()
    };
    let revenue_parts = matches!(view, View::RevenueMix | View::Capacity | View::Economics)
        .then(|| revenue_parts(args, &loaded, &selection))
        .transpose()?;
    let portfolio_parts = (view == View::Portfolio)
        .then(|| portfolio_parts(args, &loaded, &selection))
        .transpose()?;
    let events_parts = (view == View::Events)
        .then(|| events_parts(args, &aligned, &deals, &selection))
        .transpose()?;
    let exposure_parts = (view == View::Exposure)
        .then(|| exposure_parts(args, &loaded, &aligned, &selection))
        .transpose()?;
    let not_this_view = || "not this view".to_owned();
    let inputs = ViewInputs {
        prices,
        deals: &deals,
        revenue: match &revenue_parts {
            Some(p) => Ok(RevenueInputs {
                ctx: RevenueChartContext {
                    fundamentals: &p.file,
                    overrides: &p.overrides,
                    deals: &deals,
                    market: p.market,
                    btc_price_note: &p.note,
                    symbols: &selection.symbols,
                    options: &revenue_options,
                    theme: opts.theme,
                },
                rows: None,
            }),
            None => Err(not_this_view()),
        },
        portfolio: match &portfolio_parts {
            Some((portfolio, result)) => Ok(PortfolioInputs {
                result: Some(result),
                name: &portfolio.name,
            }),
            None => Err(not_this_view()),
        },
        events: match &events_parts {
            Some(p) => Ok(EventsContext {
                study: &p.study,
                average: &p.average,
                selection: &p.selection,
                theme: opts.theme,
                source: &loaded.source,
            }),
            None => Err(not_this_view()),
        },
        exposure: match &exposure_parts {
            Some(p) => Ok(ExposureContext {
                rolling: &p.rolling,
                factors: &p.factors,
                benchmark: &selection.benchmark,
                window_returns: options.exposure_rolling,
                mode: options.exposure_mode,
                focus: p.focus.as_deref(),
                theme: opts.theme,
                source: &loaded.source,
            }),
            None => Err(not_this_view()),
        },
    };
    let spec = build_view(view, &inputs)?;
    let bytes = render::render(&spec, &opts, format)?;
    render::write_atomic(&args.out, &bytes)?;
    let (pw, ph) = opts.pixel_size();
    println!(
        "Wrote {} ({} {pw}x{ph} pixels, {} to {})",
        args.out.display(),
        format.label(),
        selection.window.from,
        selection.window.to
    );
    Ok(ExitCode::SUCCESS)
}

/// What the per-miner model views are drawn from on the command line: the bundled fundamentals
/// (with the fetched network history), the portfolio's overrides and the market as of the
/// window's end (BTC at its close then).
struct RevenueParts {
    file: FundamentalsFile,
    overrides: BTreeMap<String, MinerOverrides>,
    market: Market,
    note: String,
}

fn revenue_parts(
    args: &ChartArgs,
    loaded: &common::LoadedPrices,
    selection: &common::Selection,
) -> anyhow::Result<RevenueParts> {
    let file = crate::data::fetch::network::with_fetched_network_of_app(
        crate::data::fundamentals::bundled_fundamentals()?,
    );
    let overrides = common::load_portfolio(&args.data)?
        .map(|p| p.revenue_overrides)
        .unwrap_or_default();
    let (market, note) = super::revenue_mix::market_from_data(
        &file,
        &loaded.prices,
        &loaded.source,
        Some(selection.window.to),
        &crate::analysis::revenue::MarketInputs::default(),
    )?;
    Ok(RevenueParts {
        file,
        overrides,
        market,
        note,
    })
}

/// The event study of the deals of the chosen symbols (and `--counterparty`).
struct EventsParts {
    study: EventStudy,
    average: AverageCar,
    selection: String,
}

fn events_parts(
    args: &ChartArgs,
    aligned: &Aligned,
    deals: &[Deal],
    selection: &common::Selection,
) -> anyhow::Result<EventsParts> {
    let filter = DealFilter {
        symbols: if args.data.symbols.is_empty() {
            Vec::new()
        } else {
            selection.symbols.clone()
        },
        counterparty: args.counterparty.clone().unwrap_or_default(),
        ..DealFilter::default()
    };
    let chosen = filter.apply(deals);
    if chosen.is_empty() {
        bail!("no deal of the ledger matches --symbols and --counterparty");
    }
    let params = EventParams::default();
    let study = study(aligned, &chosen, &params);
    let all: Vec<_> = study.events.iter().collect();
    let average = average(&all, &params);
    for s in &study.skipped {
        eprintln!("note: left out {} ({}): {}", s.id, s.symbol, s.reason);
    }
    Ok(EventsParts {
        selection: filter.describe(study.events.len()),
        study,
        average,
    })
}

/// The rolling two-factor fits of the chosen symbols (the factor symbols left out).
struct ExposureParts {
    rolling: RollingFits,
    factors: Vec<String>,
    focus: Option<String>,
}

fn exposure_parts(
    args: &ChartArgs,
    loaded: &common::LoadedPrices,
    aligned: &Aligned,
    selection: &common::Selection,
) -> anyhow::Result<ExposureParts> {
    let factors =
        super::exposure::resolve_factors(&args.factor, &args.data, &loaded.prices.symbols())?;
    let symbols: Vec<String> = selection
        .symbols
        .iter()
        .filter(|s| !factors.contains(s))
        .cloned()
        .collect();
    let focus = args.shares.as_deref().map(normalize_symbol);
    if let Some(f) = &focus
        && !symbols.contains(f)
    {
        bail!(
            "--shares {f}: it is not among the symbols of the chart ({})",
            symbols.join(", ")
        );
    }
    let rolling = rolling_in_window(
        aligned,
        &symbols,
        &factors,
        args.exposure_rolling as usize,
        selection.window,
    )?;
    Ok(ExposureParts {
        rolling,
        factors,
        focus,
    })
}

/// The portfolio of `--portfolio FILE` and its value against the same cash in the benchmark
/// and in the equal-weight basket of the other loaded symbols.
fn portfolio_parts(
    args: &ChartArgs,
    loaded: &common::LoadedPrices,
    selection: &common::Selection,
) -> anyhow::Result<(Portfolio, PortfolioResult)> {
    let Some(portfolio) = common::load_portfolio(&args.data)? else {
        bail!("the portfolio view needs --portfolio FILE");
    };
    let series = loaded.prices.all_series()?;
    let members = basket_members(
        series.keys(),
        &portfolio.benchmark,
        &portfolio.exposure_factors,
    );
    let last = loaded
        .prices
        .date_range()
        .map_or(selection.window.to, |(_, last)| last);
    let window = crate::analysis::portfolio::portfolio_window(
        &portfolio,
        selection.window,
        last,
        args.since_purchase || portfolio.chart.portfolio_since_purchase,
    );
    let result = analyze_portfolio(&portfolio, &series, &members, window);
    Ok((portfolio, result))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_checks() {
        assert_eq!(parse_side("1920"), Ok(1920));
        assert!(parse_side("0").is_err());
        assert!(parse_side("-5").is_err());
        assert!(parse_side("16385").is_err());
        assert!(parse_scale("5").is_err());
        assert_eq!(parse_view("Divergence").unwrap(), View::Divergence);
        let err = parse_view("pie").unwrap_err().to_string();
        assert!(
            err.contains("unknown view 'pie'") && err.contains("drawdown"),
            "{err}"
        );
        assert_eq!(parse_view("revenue-mix").unwrap(), View::RevenueMix);
        assert_eq!(parse_view("portfolio").unwrap(), View::Portfolio);
    }
}
