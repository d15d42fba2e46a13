//! The editable per-miner numbers of the models, as one table: each field's name in files, its
//! label and unit, its valid range, where the fundamentals file keeps it and where a portfolio
//! overrides it. Adding a field is one row of [`miner_fields!`] (plus its place in
//! [`MinerFundamentals`] when the file carries it).

use serde::{Deserialize, Serialize};

use super::fundamentals::{MinerFundamentals, Sourced};

/// One editable per-miner number.
pub struct FieldSpec {
    pub field: MinerField,
    /// Name in files and messages (the serde name in [`MinerOverrides`]).
    pub key: &'static str,
    /// Column name; the unit goes under it.
    pub name: &'static str,
    /// "" for a count.
    pub unit: &'static str,
    pub min: f64,
    /// `None`: no upper bound.
    pub max: Option<f64>,
    /// The fundamentals file's value, `None` where the miner has none (no GPU cloud).
    pub default: fn(&MinerFundamentals) -> Option<&Sourced<f64>>,
    get_override: fn(&MinerOverrides) -> Option<f64>,
    override_slot: fn(&mut MinerOverrides) -> &mut Option<f64>,
}

macro_rules! miner_fields {
    ($( $variant:ident $key:ident: $name:literal, $unit:literal, $min:expr, $max:expr,
        |$m:ident| $default:expr; )*) => {
        /// The editable per-miner numbers, in the order of the assumptions editor and the files.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum MinerField { $($variant),* }

        /// How many fields the table has.
        pub const FIELD_COUNT: usize = [$(stringify!($key)),*].len();

        /// Per-miner values a portfolio overrides in the fundamentals file (`revenue_overrides`
        /// in the portfolio, keyed by symbol). `None` keeps the file's value. (Hosting contracts
        /// are deals now: a portfolio keeps its own in `deals`.)
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct MinerOverrides {
            $(
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $key: Option<f64>,
            )*
        }

        /// Every field; `FIELDS[f as usize].field == f`.
        pub const FIELDS: [FieldSpec; FIELD_COUNT] = [$(
            FieldSpec {
                field: MinerField::$variant,
                key: stringify!($key),
                name: $name,
                unit: $unit,
                min: $min,
                max: $max,
                default: |$m| $default,
                get_override: |o| o.$key,
                override_slot: |o| &mut o.$key,
            },
        )*];

        impl MinerField {
            pub const ALL: [MinerField; FIELD_COUNT] = [$(MinerField::$variant),*];
        }
    };
}

miner_fields! {
    HashrateEh hashrate_eh: "Hashrate", "EH/s", 0.0, None,
        |m| Some(&m.hashrate_eh);
    EfficiencyJPerTh efficiency_j_per_th: "Efficiency", "J/TH", 5.0, Some(100.0),
        |m| Some(&m.efficiency_j_per_th);
    PowerCostUsdPerMwh power_cost_usd_per_mwh: "Power cost", "USD/MWh", 0.0, None,
        |m| Some(&m.power_cost_usd_per_mwh);
    UptimePct uptime_pct: "Uptime", "%", 0.0, Some(100.0),
        |m| Some(&m.uptime_pct);
    PoolFeePct pool_fee_pct: "Pool fee", "%", 0.0, Some(100.0),
        |m| Some(&m.pool_fee_pct);
    MiningMw mining_mw: "Mining capacity", "MW", 0.0, None,
        |m| Some(&m.mining_mw);
    Pue pue: "PUE", "ratio", 1.0, Some(3.0),
        |m| Some(&m.pue);
    OtherOpexUsdPerMwYear other_opex_usd_per_mw_year: "Other opex", "USD/MW-year", 0.0, None,
        |m| Some(&m.other_opex_usd_per_mw_year);
    LeaseUsdPerMwYear lease_usd_per_mw_year: "Lease rate", "USD/MW-year", 0.0, None,
        |m| Some(&m.lease_usd_per_mw_year);
    NoiMarginPct noi_margin_pct: "NOI margin", "%", 0.0, Some(100.0),
        |m| Some(&m.noi_margin_pct);
    CapexUsdPerMw conversion_capex_usd_per_mw: "Conversion capex", "USD/MW", 0.0, None,
        |m| Some(&m.conversion_capex_usd_per_mw);
    Gpus gpus: "GPUs", "", 0.0, None,
        |m| m.gpu_cloud.as_ref().map(|g| &g.gpus);
    UsdPerGpuHour usd_per_gpu_hour: "GPU price", "USD/GPU-hour", 0.0, None,
        |m| m.gpu_cloud.as_ref().map(|g| &g.usd_per_gpu_hour);
    GpuUtilizationPct gpu_utilization_pct: "GPU utilization", "%", 0.0, Some(100.0),
        |m| m.gpu_cloud.as_ref().map(|g| &g.utilization_pct);
    GpuMarginPct gpu_margin_pct: "GPU cloud margin", "%", 0.0, Some(100.0),
        |m| m.gpu_cloud.as_ref().and_then(|g| g.cash_margin_pct.as_ref());
}

impl MinerField {
    pub fn spec(self) -> &'static FieldSpec {
        &FIELDS[self as usize]
    }

    /// Name in files and error messages.
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    /// The field's name in a column header (the unit goes below it).
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The unit alone (in values and messages); "" for a count.
    pub fn unit(self) -> &'static str {
        self.spec().unit
    }

    /// Column header with its unit: `Uptime (%)`, `GPUs (count)`.
    pub fn header(self) -> String {
        let unit = match self.unit() {
            "" => "count",
            u => u,
        };
        format!("{} ({unit})", self.name())
    }

    /// `(min, max)` of a valid value; `None` = no upper bound.
    pub fn limits(self) -> (f64, Option<f64>) {
        (self.spec().min, self.spec().max)
    }

    /// The fundamentals file's value and its source note. Miners without a GPU cloud have 0
    /// GPUs.
    pub fn default_of(self, m: &MinerFundamentals) -> (f64, String) {
        match (self.spec().default)(m) {
            Some(s) => (s.value, s.source.clone()),
            None if self == MinerField::GpuMarginPct => (
                0.0,
                "no GPU cloud margin in the fundamentals file".to_owned(),
            ),
            None => (0.0, "no GPU cloud in the fundamentals file".to_owned()),
        }
    }

    /// The override of this field, if set.
    pub fn overridden(self, o: &MinerOverrides) -> Option<f64> {
        (self.spec().get_override)(o)
    }

    /// Sets (`Some`) or clears (`None`) the override of this field.
    pub fn set_override(self, o: &mut MinerOverrides, value: Option<f64>) {
        *(self.spec().override_slot)(o) = value;
    }
}

impl MinerOverrides {
    /// True when nothing is overridden.
    pub fn is_empty(&self) -> bool {
        *self == MinerOverrides::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_indexed_by_its_fields() {
        for (i, spec) in FIELDS.iter().enumerate() {
            assert_eq!(spec.field as usize, i, "{}", spec.key);
            assert_eq!(MinerField::ALL[i], spec.field);
        }
        assert_eq!(MinerField::UptimePct.header(), "Uptime (%)");
        assert_eq!(MinerField::Gpus.header(), "GPUs (count)");
        assert_eq!(MinerField::EfficiencyJPerTh.limits(), (5.0, Some(100.0)));
        let mut o = MinerOverrides::default();
        MinerField::PoolFeePct.set_override(&mut o, Some(2.0));
        assert_eq!(o.pool_fee_pct, Some(2.0));
        assert_eq!(MinerField::PoolFeePct.overridden(&o), Some(2.0));
        assert_eq!(MinerField::UptimePct.overridden(&o), None);
    }

    #[test]
    fn overrides_read_partial_objects_and_write_only_what_is_set() {
        let o: MinerOverrides =
            serde_json::from_str(r#"{"uptime_pct": 90, "usd_per_gpu_hour": 1.8}"#).unwrap();
        assert_eq!(o.uptime_pct, Some(90.0));
        assert_eq!(o.hashrate_eh, None);
        assert!(!o.is_empty());
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"uptime_pct":90.0,"usd_per_gpu_hour":1.8}"#
        );
        assert!(MinerOverrides::default().is_empty());
    }
}
