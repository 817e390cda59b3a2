//! Rich display of the result types of the analysis, claims and study layers, and of a
//! `Result` whose error is ours: every value a cell can end with shows as a table (HTML and
//! text/plain) with its units and source line, or as the error message.
//!
//! Results that have a [`Table`] view (`BudgetGrowth::table`, `TariffOutcome::table`, …) show
//! that table; builders that compute one (`DeficitShares`, `DefenceBudget`, `GoodsBalance`,
//! `TariffScenario`, `HostNationSupport`) show what they compute; single records
//! (`PartnerRank`, `MilexStanding`, …) show as an "item · value · unit" table.
//!
//! ```
//! use tradedef::prelude::*;
//! let rank = deficit_rank("Japan", 2022)?;
//! let text = rank.display_text();
//! assert!(text.starts_with("EVCXR_BEGIN_CONTENT text/html\n"));
//! assert!(text.contains("USD billions") && text.contains("Source: "));
//! let missing = deficit_rank("Japan", 1066);
//! assert!(missing.display_text().contains("EVCXR_BEGIN_CONTENT text/plain\nerror: "));
//! # Ok::<(), tradedef::Error>(())
//! ```

use polars::prelude::{Column, DataFrame};

use super::{NotebookDisplay, TableDisplay, escape, mime_block};
use crate::analysis::{
    BudgetChange, BudgetGrowth, CurrencyRates, DefenceBudget, DeficitShares, Deflator,
    GoodsBalance, HostNationSupport, HostNationSupportPerMember, MilexGrowth, MilexStanding,
    PartnerRank, PartnerRow, Table, TariffClaimCheck, TariffOutcome, TariffScenario,
};
use crate::claims::{ClaimCheck, Closeness, MeasureCheck, RowsUsed, Verdict};
use crate::data::Provenance;
use crate::output::{NumberFormat, is_year_or_code};
use crate::study::{FactCheck, FactCheckRow, Unavailable};
use crate::{Error, Result};

/// An error as evcxr shows it: a text/plain block "error: …".
fn error_block(error: &Error) -> String {
    mime_block("text/plain", &format!("error: {error}"))
}

/// The display of a computed table, or of the error computing it.
fn table_or_error(table: Result<Table>) -> String {
    match table {
        Ok(t) => t.display_text(),
        Err(e) => error_block(&e),
    }
}

impl<T: NotebookDisplay> NotebookDisplay for Result<T> {
    /// The value's display, or the error's message as text (never a panic or a Debug dump).
    fn display_text(&self) -> String {
        match self {
            Ok(value) => value.display_text(),
            Err(e) => error_block(e),
        }
    }
}

impl NotebookDisplay for Error {
    fn display_text(&self) -> String {
        error_block(self)
    }
}

/// A single result as a three-column table (item, value, unit) with a caption and source line.
struct Record {
    title: String,
    items: Vec<(String, String, String)>,
    notes: Vec<String>,
    source: Option<String>,
}

impl Record {
    fn new(title: impl Into<String>) -> Self {
        Record {
            title: title.into(),
            items: Vec::new(),
            notes: Vec::new(),
            source: None,
        }
    }

    /// A figure ([`NumberFormat::figure`]), or without separators where the item is a year or
    /// a code.
    fn number(mut self, item: &str, value: f64, unit: &str) -> Self {
        let mut format = NumberFormat::figure();
        if is_year_or_code(item) {
            format = format.plain();
        }
        self.items
            .push((item.into(), format.format(value), unit.into()));
        self
    }

    fn text(mut self, item: &str, value: impl Into<String>) -> Self {
        self.items.push((item.into(), value.into(), String::new()));
        self
    }

    fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    fn source(mut self, provenance: &Provenance) -> Self {
        if !provenance.is_empty() {
            self.source = Some(provenance.source_line());
        }
        self
    }

    fn display_text(&self) -> String {
        let column = |name: &str, pick: fn(&(String, String, String)) -> &str| {
            Column::new(
                name.into(),
                self.items.iter().map(pick).collect::<Vec<&str>>(),
            )
        };
        let frame = DataFrame::new(
            self.items.len(),
            vec![
                column("item", |i| &i.0),
                column("value", |i| &i.1),
                column("unit", |i| &i.2),
            ],
        );
        let mut caption = self.title.clone();
        for n in &self.notes {
            caption.push_str(" · ");
            caption.push_str(n);
        }
        if let Some(s) = &self.source {
            caption.push_str(" · Source: ");
            caption.push_str(s);
        }
        match frame {
            Ok(f) => TableDisplay::new(&f).caption(caption).display_text(),
            Err(e) => mime_block("text/plain", &format!("error: {e}")),
        }
    }
}

impl NotebookDisplay for PartnerRank {
    fn display_text(&self) -> String {
        Record::new(format!(
            "{}: rank {} of {} US deficit partners, {}",
            self.row.partner, self.row.rank, self.of, self.year
        ))
        .text("partner", &self.row.partner)
        .number("year", self.year as f64, "")
        .number("rank", self.row.rank as f64, "1 = largest US deficit")
        .number("partners ranked", self.of as f64, "")
        .number("US goods balance", self.row.balance_usd_bn, "USD billions")
        .number("share of the US total", self.row.share_pct, "percent")
        .number("US total goods balance", self.total_usd_bn, "USD billions")
        .text("basis", &self.basis)
        .source(&self.provenance)
        .display_text()
    }
}

impl NotebookDisplay for PartnerRow {
    fn display_text(&self) -> String {
        Record::new(format!("{}: rank {}", self.partner, self.rank))
            .text("partner", &self.partner)
            .number("rank", self.rank as f64, "1 = largest US deficit")
            .number("US goods balance", self.balance_usd_bn, "USD billions")
            .number("share of the US total", self.share_pct, "percent")
            .display_text()
    }
}

impl NotebookDisplay for MilexGrowth {
    fn display_text(&self) -> String {
        Record::new(format!(
            "{}: military spending {}–{}",
            self.country, self.from.0, self.to.0
        ))
        .text("country", &self.country)
        .number(&self.from.0.to_string(), self.from.1, &self.measure)
        .number(&self.to.0.to_string(), self.to.1, &self.measure)
        .number("growth", self.growth_pct, "percent")
        .note("SIPRI Military Expenditure Database")
        .display_text()
    }
}

impl NotebookDisplay for MilexStanding {
    fn display_text(&self) -> String {
        let mut r = Record::new(format!(
            "{}: rank {} of {} in military spending, {}",
            self.country, self.rank, self.of, self.year
        ))
        .text("country", &self.country)
        .number("year", self.year as f64, "")
        .number("rank", self.rank as f64, "1 = largest")
        .number("countries ranked", self.of as f64, "")
        .number("military spending", self.value, "the measure asked for");
        if let Some(share) = self.share_of_world_pct {
            r = r.number("share of the world total", share, "percent");
        }
        r.note("SIPRI Military Expenditure Database").display_text()
    }
}

impl NotebookDisplay for HostNationSupportPerMember {
    fn display_text(&self) -> String {
        Record::new(format!(
            "Host-nation support per US service member, FY{}",
            self.fiscal_year
        ))
        .text("measure", &self.measure)
        .number("host-nation support", self.support_jpy_bn, "JPY billions")
        .number("yen per dollar", self.jpy_per_usd, "JPY per USD")
        .number("US service members", self.personnel as f64, "")
        .text("personnel report", &self.personnel_report_date)
        .number("per member", self.per_member_jpy, "JPY")
        .number("per member", self.per_member_usd, "USD")
        .source(&self.provenance)
        .display_text()
    }
}

impl NotebookDisplay for BudgetChange {
    fn display_text(&self) -> String {
        Record::new(format!("Budget change, {}", self.basis))
            .number("first year", self.from_value, &self.unit)
            .number("last year", self.to_value, &self.unit)
            .number("change", self.change_pct, "percent")
            .number("compound growth", self.cagr_pct, "percent a year")
            .display_text()
    }
}

impl NotebookDisplay for TariffClaimCheck {
    fn display_text(&self) -> String {
        let o = &self.outcome;
        let mut r = Record::new("A tariff claim against the model")
            .number(
                "claimed exporters' loss",
                self.claimed_loss_usd_mn,
                "USD millions a year",
            )
            .number(
                "modelled exporters' loss",
                o.exporters_revenue_loss_usd_mn,
                "USD millions a year",
            )
            .text(
                "claim reached at the scenario",
                if self.holds_at_scenario() {
                    "yes"
                } else {
                    "no"
                },
            );
        for (p, e) in &self.required {
            let item = format!("elasticity needed at pass-through {p:.2}");
            r = match e {
                Some(e) => r.number(&item, *e, ""),
                None => r.text(&item, "out of reach"),
            };
        }
        r.note(format!("base: {}", o.base_source))
            .source(&o.provenance)
            .display_text()
    }
}

impl NotebookDisplay for MeasureCheck {
    fn display_text(&self) -> String {
        let mut r = Record::new(format!("Measure: {}", self.definition))
            .text("role", self.role.to_string())
            .text("method", &self.method)
            .text("closeness", self.closeness.to_string());
        if let Some(m) = self.measured {
            r = r.number("measured", m, "");
        }
        if let Some(d) = self.difference {
            r = r.number("difference from the claim", d, "");
        }
        if let Some(u) = &self.unavailable {
            r = r.text("not checkable", u);
        }
        r.text("rows", self.rows_text())
            .source(&self.provenance)
            .display_text()
    }
}

impl NotebookDisplay for ClaimCheck {
    /// The claim, the figure measured under its deciding definition, the verdict and why.
    fn display_text(&self) -> String {
        let mut r = Record::new(format!("Claim `{}`: {}", self.id, self.verdict))
            .text("quote", &self.quote)
            .number("claimed", self.claimed.value, &self.claimed.unit);
        if let Some(m) = self.measured() {
            r = r.number("measured", m, &self.claimed.unit);
        }
        r = r
            .text("verdict", self.verdict.to_string())
            .text("definition", self.definition().unwrap_or("—"))
            .text("why", self.explanation());
        match self.deciding_measure() {
            Some(m) => r.source(&m.provenance),
            None => r,
        }
        .display_text()
    }
}

impl NotebookDisplay for RowsUsed {
    fn display_text(&self) -> String {
        mime_block("text/plain", &self.to_string())
    }
}

impl NotebookDisplay for Verdict {
    fn display_text(&self) -> String {
        mime_block("text/plain", &self.to_string())
    }
}

impl NotebookDisplay for Closeness {
    fn display_text(&self) -> String {
        mime_block("text/plain", &self.to_string())
    }
}

impl NotebookDisplay for FactCheckRow {
    fn display_text(&self) -> String {
        Record::new(format!("Fact check: {}", self.id))
            .text("quote", &self.quote)
            .text("claimed", &self.claimed)
            .text("measured", &self.measured)
            .text("verdict", &self.verdict)
            .text("definition", &self.definition)
            .text("source", &self.source)
            .display_text()
    }
}

impl NotebookDisplay for FactCheck {
    fn display_text(&self) -> String {
        let column = |name: &str, pick: fn(&FactCheckRow) -> &str| {
            Column::new(
                name.into(),
                self.rows.iter().map(pick).collect::<Vec<&str>>(),
            )
        };
        let frame = DataFrame::new(
            self.rows.len(),
            vec![
                column("claim", |r| &r.id),
                column("claimed", |r| &r.claimed),
                column("measured", |r| &r.measured),
                column("verdict", |r| &r.verdict),
                column("definition", |r| &r.definition),
                column("source", |r| &r.source),
            ],
        );
        match frame {
            Ok(f) => TableDisplay::new(&f)
                .caption(self.label.clone())
                .display_text(),
            Err(e) => mime_block("text/plain", &format!("error: {e}")),
        }
    }
}

impl NotebookDisplay for Unavailable {
    fn display_text(&self) -> String {
        let text = format!("{}: {}", self.section, self.reason);
        mime_block(
            "text/html",
            &format!(
                "<p><strong>{}</strong>: {}</p>",
                escape(&self.section),
                escape(&self.reason)
            ),
        ) + &mime_block("text/plain", &text)
    }
}

/// Results whose display is their table (or the error computing it).
macro_rules! display_as_table {
    ($($ty:ty => $table:expr),* $(,)?) => {
        $(
            impl NotebookDisplay for $ty {
                #[doc = concat!("The table of [`", stringify!($ty), "`] (or the error computing it).")]
                fn display_text(&self) -> String {
                    let table: fn(&$ty) -> Result<Table> = $table;
                    table_or_error(table(self))
                }
            }
        )*
    };
}

// The deprecated yen-only rates display like the other tables for as long as they remain.
#[allow(deprecated)]
mod deprecated_display {
    use super::*;
    display_as_table!(crate::analysis::ExchangeRates => |r| r.table(),);
}

display_as_table!(
    BudgetGrowth => |g| g.table(),
    TariffOutcome => |o| o.table(),
    CurrencyRates => |r| r.table(),
    Deflator => |d| d.table(),
    DeficitShares => |s| s.table(),
    DefenceBudget => |b| b.table(),
    GoodsBalance => |b| b.annual(),
    TariffScenario => |s| s.run()?.table(),
);

impl NotebookDisplay for HostNationSupport {
    /// The computed record (or the error computing it).
    fn display_text(&self) -> String {
        self.run().display_text()
    }
}
