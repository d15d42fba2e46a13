//! The revenue model in words, as the app shows it.

/// The model as shown in the app (Help > Methodology and the revenue view's "Formulas…") and in
/// the README.
pub const REVENUE_METHODOLOGY: &str = "\
Revenue mix: yearly run rates as of a date (the end of the window in the app, --as-of on the \
command line).
Block subsidy by date: 50 BTC, 25 from 2012-11-28, 12.5 from 2016-07-09, 6.25 from 2020-05-11, \
3.125 from 2024-04-20; it halves every 210,000 blocks, next at block 1,050,000 (expected \
2028-04-17 at 10 minutes a block).
hashprice (USD per PH/s per day) = 144 * (subsidy_btc + fees_btc_per_block) * btc_price_usd / \
(network_hashrate_eh * 1000). BTC 90,000 USD, 1,000 EH/s and 0.025 BTC fees give 40.82.
mining_usd_per_year = hashrate_eh * 1000 * hashprice * 365 * uptime * (1 - pool_fee).
hosting_usd_per_year = sum over colocation contracts of billable_mw * usd_per_mw_year. A contract \
bills nothing before its start date, then ramps linearly (by calendar months) to its full MW over \
ramp_months; public colocation deals run about 1.2 to 2.1 million USD per MW-year.
gpu_cloud_usd_per_year = gpus * usd_per_gpu_hour * 8760 * utilization.
ai_share_pct = (hosting + gpu_cloud) / total * 100, total = mining + hosting + gpu_cloud.
Breakeven BTC price: the price at which AI revenue equals mining revenue. Mining revenue is \
proportional to the BTC price (subsidy and fees are paid in BTC), so breakeven = btc_price_usd * \
ai / mining; it is empty without mining or without AI revenue.
btc_sensitivity_pct: the percent change of total revenue for a 10% BTC move = 10 * mining / total.
Inputs: BTC price (default: the last BTC-USD close on or before the as-of date), network hashrate \
and fees (defaults in the fundamentals file with their date and source), per-miner values from \
the fundamentals file, overridable per portfolio. Limits: no negatives, efficiency 5 to 100 J/TH, \
uptime, pool fee and utilization 0 to 100%, network hashrate above zero.
Capacity: MW used for mining and MW contracted for AI/HPC at each quarter end, from the \
fundamentals file; totals add each miner's latest figure on or before the quarter (0 before its \
first).";
