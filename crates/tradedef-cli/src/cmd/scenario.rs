//! `tradedef scenario`: run a scenario model on the data.
//!
//! ```text
//! tradedef scenario tariff --partner Japan --category autos --rate 27.5
//! tradedef scenario tariff --partner Japan --category autos --rate 25 --additional --pass-through 0.5
//! tradedef scenario tariff --partner Japan --category autos --rate 15 --grid --format csv
//! tradedef scenario tariff --partner Japan --rate 27.5 --claim 20000
//! tradedef scenario tariff --partner "South Korea" --category autos --rate 25 --additional
//! tradedef scenario tariff --partner Vietnam --category 4 --rate 20 --additional
//! ```
//!
//! Without --old-rate the old rate comes from the data (see `TariffScenario::starting_rate`) and
//! the output says where from.

use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use tradedef::analysis::tariff::{DEFAULT_BASE_YEAR, DEFAULT_ELASTICITY, DEFAULT_PASS_THROUGH};
use tradedef::analysis::{Category, Table, TariffScenario};

/// Subcommands of `tradedef scenario`.
#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// A US tariff on one category of imports from a partner (static partial equilibrium; the
    /// formulas and the sources of the default ranges are in the rustdoc of
    /// `tradedef::analysis::tariff`).
    Tariff(TariffArgs),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table with units, notes and the source line.
    Table,
    /// CSV (a header row, then one row per measure or grid point).
    Csv,
    /// JSON (name, columns with units, rows, notes, source).
    Json,
}

/// Options of `tradedef scenario tariff`.
#[derive(Debug, Args)]
pub struct TariffArgs {
    /// The partner whose exports the tariff hits: any name, code or alias of the registry
    /// (`tradedef data partners`).
    #[arg(long)]
    pub partner: String,
    /// Category of imports: autos (end-use 3), passenger_cars (300), trucks (301), parts (302),
    /// or an end-use code prefix.
    #[arg(long, default_value = "autos")]
    pub category: String,
    /// The new tariff rate in percent, all-in (the 2025 Section 232 levy on cars: 27.5 = 2.5
    /// MFN + 25; the 2025 US–Japan agreement: 15). With --additional, percentage points added
    /// to --old-rate instead.
    #[arg(long, allow_negative_numbers = true)]
    pub rate: f64,
    /// Read --rate as percentage points on top of --old-rate.
    #[arg(long)]
    pub additional: bool,
    /// The old tariff rate in percent. By default the rate in the data: for Japan's autos,
    /// passenger cars and trucks the MFN rate of `tariff_events` (2.5% on cars, 25% on light
    /// trucks); otherwise the average duty actually collected on all US imports from the
    /// partner in --year, or the latest complete year (`us_duties_by_partner`).
    #[arg(long, allow_negative_numbers = true)]
    pub old_rate: Option<f64>,
    /// Import demand elasticity (absolute value).
    #[arg(long, default_value_t = DEFAULT_ELASTICITY, allow_negative_numbers = true)]
    pub elasticity: f64,
    /// Share of the tariff increase passed into US buyers' prices, 0–1 (1 − the share the
    /// exporter absorbs).
    #[arg(long, default_value_t = DEFAULT_PASS_THROUGH, allow_negative_numbers = true)]
    pub pass_through: f64,
    /// Base year of the imports.
    #[arg(long, default_value_t = DEFAULT_BASE_YEAR)]
    pub year: i64,
    /// Base imports in USD millions, instead of the data's figure for --year.
    #[arg(long, allow_negative_numbers = true)]
    pub base_imports: Option<f64>,
    /// Print the sensitivity grid over elasticities and pass-throughs instead of one outcome.
    #[arg(long)]
    pub grid: bool,
    /// Check a claimed yearly loss of exporters' revenue (USD millions), e.g. 20000.
    #[arg(long, allow_negative_numbers = true)]
    pub claim: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `tradedef scenario`.
pub fn run(c: ScenarioCommand) -> Result<()> {
    match c {
        ScenarioCommand::Tariff(args) => tariff(args),
    }
}

fn scenario(a: &TariffArgs) -> Result<TariffScenario> {
    let category = Category::parse(&a.category)?;
    let partner = tradedef::data::partner(&a.partner)?;
    let mut s = TariffScenario::category(category)
        .partner(&partner)
        .base_year(a.year)
        .elasticity(a.elasticity)
        .pass_through(a.pass_through);
    if let Some(old) = a.old_rate {
        s = s.old_rate(old);
    }
    s = if a.additional {
        s.additional_rate(a.rate)
    } else {
        s.new_rate(a.rate)
    };
    if let Some(b) = a.base_imports {
        s = s.base_imports(b);
    }
    Ok(s)
}

fn print(table: &Table, format: Format) -> Result<()> {
    match format {
        Format::Table => println!("{table}"),
        Format::Csv => print!("{}", table.to_csv()),
        Format::Json => println!("{}", serde_json::to_string_pretty(&table.to_json())?),
    }
    Ok(())
}

fn tariff(a: TariffArgs) -> Result<()> {
    let s = scenario(&a)?;
    if a.grid {
        let grid = s.default_grid().context("running the sensitivity grid")?;
        return print(&grid, a.format);
    }
    if let Some(claim) = a.claim {
        let check = s.check_claim(claim).context("checking the claim")?;
        return match a.format {
            Format::Table => {
                println!("{check}");
                Ok(())
            }
            Format::Csv => {
                println!("pass_through,required_elasticity");
                for (p, e) in &check.required {
                    println!("{p},{}", e.map(|e| e.to_string()).unwrap_or_default());
                }
                Ok(())
            }
            Format::Json => {
                let req: Vec<_> = check
                    .required
                    .iter()
                    .map(|(p, e)| serde_json::json!({"pass_through": p, "required_elasticity": e}))
                    .collect();
                let j = serde_json::json!({
                    "claimed_loss_usd_mn": check.claimed_loss_usd_mn,
                    "model_loss_usd_mn": check.outcome.exporters_revenue_loss_usd_mn,
                    "holds_at_scenario": check.holds_at_scenario(),
                    "required": req,
                    "base": check.outcome.base_source,
                });
                println!("{}", serde_json::to_string_pretty(&j)?);
                Ok(())
            }
        };
    }
    let outcome = s.run().context("running the tariff scenario")?;
    match a.format {
        Format::Table => {
            println!("{outcome}");
            Ok(())
        }
        f => print(&outcome.table()?, f),
    }
}
