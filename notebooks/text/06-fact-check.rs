// -*- coding: utf-8 -*-
// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .rs
//       format_name: percent
//       format_version: '1.3'
//       jupytext_version: 1.19.6
//   kernelspec:
//     display_name: Rust (tradedef)
//     language: rust
//     name: tradedef
// ---

// %% [markdown]
// # 06 — Fact-check of the story's claims
//
// **Question.** Which of the story's figures hold up against the data, and where a figure can be measured more than one way, which definition makes it right?
//
// The story: *Defense or Defiance? Japan's Dilemma as Trump Demands Trade Concessions* (February 2025). Its numeric claims are in the claims ledger `data/claims/japan-dilemma-2025.toml`: each claim quotes the sentence, states the claimed value, unit and period, and lists one or more **measures** — the same figure under an explicit definition (goods or goods and services, gross or net, which year, which exchange rate), each a selection from a dataset or a named analysis.
//
// **Inputs:** the claims ledger and the datasets it names (listed below with their sources). **Outputs:** the verdict table, a closer look at four claims with more than one definition, findings.

// %% [markdown]
// ## Checking every claim
//
// `Ledger::embedded(…).check()` measures every claim and gives a verdict on a fixed scale: *accurate* and *roughly right* (the headline definition within tolerance), *right number, wrong definition* (only another definition matches), *outdated* (only an earlier period or release matches), *inaccurate* (no definition comes close), *not checkable* (no data for it). The result holds no DataFrame, so it is cheap to keep in a variable.

// %%
use tradedef::prelude::*;
let verdicts = Ledger::embedded("japan-dilemma-2025")?.check()?;
println!("{} — {} claims checked ({})", verdicts.story.title, verdicts.checks.len(), verdicts.file);
verdicts.counts().iter().for_each(|(verdict, count)| println!("  {verdict}: {count}"));

// %% [markdown]
// ## The verdict table
//
// One row per claim: what the story says, what the data give under the definition that decided the verdict, the difference and the verdict. Each row folds out the definitions tried, the exact dataset rows used and their sources.

// %%
verdicts

// %% [markdown]
// ## Where the figures come from
//
// Every dataset the measures used, with producer, table and vintage:

// %%
let provenance = verdicts
    .checks
    .iter()
    .flat_map(|c| c.measures.iter())
    .fold(Provenance::default(), |all, m| all.merge(&m.provenance));
provenance.sources.iter().for_each(|s| println!("- {}: {} ({}), {}", s.dataset, s.attribution, s.vintage, s.url));

// %% [markdown]
// ## A closer look at four claims
//
// `closer_look` prints, for one claim, every definition the ledger measured: its role (*headline*: what the story's words mean; *alternative*: another definition of the same figure; *earlier*: the same definition for an earlier period or release), the value, how close it comes, and the rows it was computed from. The arrow marks the definition that decided the verdict.
//
// ### 1. "the U.S. global trade gap hit $1.21 trillion in 2024"
//
// A "trade gap" usually means goods and services together (the headline definition); the goods-only balance is a different, larger figure.

// %%
fn closer_look(verdicts: &Verdicts, id: &str) -> Result<()> {
    let c = verdicts.get(id)?;
    println!("“{}”", c.quote);
    println!(
        "claimed {} {} ({}) → verdict: {}",
        c.claimed.value, c.claimed.unit, c.claimed.period.as_deref().unwrap_or("period not stated"), c.verdict
    );
    for (i, m) in c.measures.iter().enumerate() {
        let mark = if c.decided_by == Some(i) { "→" } else { " " };
        let value = m.measured.map_or_else(|| "—".to_string(), |x| format!("{x:.2}"));
        let off_by = m.relative_difference.map_or_else(String::new, |r| format!(", claim {:+.1}% off", r * 100.0));
        println!("{mark} [{}] {}: {value}{off_by} ({})", m.role, m.definition, m.closeness);
        for input in &m.inputs {
            println!("      {} = {}", input.name, input.rows);
        }
    }
    if let Some(note) = &c.notes {
        println!("note: {note}");
    }
    Ok(())
}
closer_look(&verdicts, "us-global-deficit-2024")?;

// %% [markdown]
// ### 2. "Japan's auto sector — which accounts for 75% of the imbalance"
//
// Cars can be compared with the deficit gross (imports only) or net (imports minus US car exports to Japan), and for different years; see notebook 02 for the series.

// %%
closer_look(&verdicts, "autos-share-of-deficit")?;

// %% [markdown]
// ### 3. The FY2025 defence budget in dollars
//
// The yen budget is converted at some exchange rate, and it can include or exclude the SACO and US-forces-realignment costs: each choice gives a different dollar figure (notebook 03).

// %%
closer_look(&verdicts, "defense-budget-2025")?;

// %% [markdown]
// ### 4. Japan's investment stock in the US
//
// The position is measured by country of the foreign parent or by ultimate beneficial owner, and published every July for the year before: the story's figure may fit an older year on one basis (notebook 05).

// %%
closer_look(&verdicts, "japan-investment-stock")?;

// %% [markdown]
// ## Findings
//
// Built from the checks above:

// %%
let counts: Vec<String> = verdicts.counts().iter().map(|(v, n)| format!("{n} {v}")).collect();
println!("1. Of the story's {} numeric claims: {}.", verdicts.checks.len(), counts.join(", "));
for id in ["us-global-deficit-2024", "autos-share-of-deficit", "defense-budget-2025", "japan-investment-stock"] {
    let c = verdicts.get(id)?;
    println!(
        "- {id}: claimed {} {}; the data give {} under \"{}\" → {}.",
        c.claimed.value,
        c.claimed.unit,
        c.measured().map_or_else(|| "no figure".to_string(), |x| format!("{x:.2}")),
        c.definition().unwrap_or("—"),
        c.verdict
    );
};
