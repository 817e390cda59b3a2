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

// %%
use tradedef::prelude::*;

// %% [markdown]
// # 07 — A US trading partner in profile
//
// **Question.** How much does the US trade in goods with one partner and how has the balance moved, where does the partner rank, what are US imports from it made of, what would a tariff on its largest category cost, how much does it spend on its military, and how many US military personnel are permanently assigned there (DMDC counts assigned personnel, not rotational or deployed forces)?
//
// The notebook is **parameterised**: the next cell (tagged `parameters`) sets the partner and the ranking year (by default the latest complete year in the data, `latest_complete_year()`; a year such as `2022` works too). Run it for another partner with
//
// ```sh
// cargo xtask notebooks --param partner="South Korea" notebooks/07-partner-profile.ipynb
// ```
//
// Any name, code or alias of the partner registry works (`tradedef data partners` lists them). A section the data cannot fill for the partner is listed, with the reason, in the study's summary instead of being drawn empty.

// %% tags=["parameters"]
let partner = "Japan";
let year = latest_complete_year()?;

// %% [markdown]
// ## The partner
//
// The registry resolves the word to the partner's key in every dataset (Census code and name, SIPRI's and DMDC's names, ISO code, currency).

// %%
let the_partner = partner.into_partner()?;
the_partner

// %% [markdown]
// ## The profile
//
// The same study `tradedef report --partner` writes: each exhibit's question and findings, and the sections left out.

// %%
let study = ProfileOptions::new().rank_year(year).study(&the_partner)?;
study

// %% [markdown]
// ## The goods balance, every year in the data

// %%
bilateral_balance(&the_partner)?

// %%
study.exhibit("balance")?

// %% [markdown]
// ## This year so far
//
// The latest year in the monthly data is not complete: its months so far, named, beside the same months of the year before — never as a full year.

// %%
match year_to_date(&the_partner)? {
    Some(ytd) => println!("{ytd}"),
    None => println!("The latest year in the monthly data is complete: see the annual figures."),
};

// %% [markdown]
// ## Rank among US trading partners

// %%
study.exhibit("rank")?

// %% [markdown]
// ## What US imports from the partner are made of

// %%
import_composition(&the_partner, composition_year(&the_partner)?)?

// %% [markdown]
// ## Military spending (SIPRI)

// %%
study.exhibit("military-spending")?
