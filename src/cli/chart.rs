//! `minerlens chart VIEW --out FILE`: any chart view as a PNG or SVG file, without a window or
//! GPU, drawn by the same renderer as the app's exports.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use clap::{Args, ValueEnum};

use super::common::{self, DataArgs};
use crate::analysis::{Aligned, divergence};
use crate::chart::render::{self, ImageFormat, MAX_SCALE, MAX_SIDE, RenderOptions};
use crate::chart::theme::ChartTheme;
use crate::chart::views::{self, ChartContext};
use crate::model::WindowPreset;
use crate::model::options::{ChartOptions, DivergenceMode, View};

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
    /// capacity, or portfolio (with --portfolio FILE).
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
    let selection = common::select(&args.data, &loaded.prices, WindowPreset::YearToDate)?;
    let aligned = Aligned::build(&loaded.prices, &selection.benchmark)?;
    let analysis = divergence::analyze(&aligned, &selection.symbols, selection.window)?;
    let options = ChartOptions {
        log_scale: args.log,
        show_basket: args.basket,
        divergence_mode: if args.relative {
            DivergenceMode::Relative
        } else {
            DivergenceMode::Spread
        },
        rolling_days: args.rolling as usize,
    };
    let ctx = ChartContext {
        aligned: &aligned,
        symbols: &selection.symbols,
        window: selection.window,
        analysis: &analysis,
        options: &options,
        theme: opts.theme,
        source: &loaded.source,
    };
    let spec = match view {
        View::RevenueMix | View::Capacity => {
            revenue_spec(view, args, &loaded, &selection, opts.theme)?
        }
        View::Portfolio => portfolio_spec(args, &loaded, &selection, opts.theme)?,
        _ => views::try_build(view, &ctx)?,
    };
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

/// The revenue-mix or capacity view: the market as of the window's end (BTC at its close then),
/// the bundled fundamentals and the portfolio's overrides, for the selected miners.
fn revenue_spec(
    view: View,
    args: &ChartArgs,
    loaded: &common::LoadedPrices,
    selection: &common::Selection,
    theme: ChartTheme,
) -> anyhow::Result<crate::chart::ChartSpec> {
    use crate::chart::revenue_views::{self, RevenueChartContext, RevenueViewOptions};
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
    let options = RevenueViewOptions::default();
    let ctx = RevenueChartContext {
        fundamentals: &file,
        overrides: &overrides,
        market,
        btc_price_note: &note,
        symbols: &selection.symbols,
        options: &options,
        theme,
    };
    revenue_views::build(view, &ctx).ok_or_else(|| anyhow!(views::ViewUnavailable(view)))
}

/// The portfolio view of `--portfolio FILE`: its value against the same cash in the benchmark
/// and in the equal-weight basket of the other loaded symbols.
fn portfolio_spec(
    args: &ChartArgs,
    loaded: &common::LoadedPrices,
    selection: &common::Selection,
    theme: ChartTheme,
) -> anyhow::Result<crate::chart::ChartSpec> {
    let Some(portfolio) = common::load_portfolio(&args.data)? else {
        bail!("the portfolio view needs --portfolio FILE");
    };
    let series = loaded.prices.all_series()?;
    let members: Vec<String> = series
        .keys()
        .filter(|s| **s != portfolio.benchmark)
        .cloned()
        .collect();
    let result = crate::analysis::portfolio::analyze_portfolio(
        &portfolio,
        &series,
        &members,
        selection.window,
    );
    Ok(views::portfolio(
        Some(&result),
        &portfolio.name,
        selection.window,
        theme,
        &loaded.source,
    ))
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
