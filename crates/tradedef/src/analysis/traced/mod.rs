//! Figures traced to the rows they come from.
//!
//! A [`Recipe`] names dataset [`Selection`]s (rows that match a filter, one column aggregated)
//! and an [`Expression`] over them; [`Recipe::evaluate`] gives a [`Traced`] figure: its value,
//! or why the data hold none, with every input's value and the exact rows it was computed from
//! ([`RowsUsed`]). The named figures of [`crate::analysis::figures`] are recipes, and the claims
//! ledger records what they return.
//!
//! ```
//! use std::collections::BTreeMap;
//! use tradedef::analysis::traced::{Recipe, ReleasePick, Selection};
//! let balance: Selection = toml::from_str(
//!     "dataset = \"us_goods_trade_by_partner\"\n\
//!      filter = { partner = \"Mexico\", year = 2024, flow = \"balance\" }",
//! ).unwrap();
//! let recipe = Recipe::new(BTreeMap::from([("balance".to_string(), balance)]), "-balance / 1000");
//! let figure = recipe.evaluate(ReleasePick::Latest)?;
//! assert!(figure.value.unwrap() > 100.0); // billions: the US deficit with Mexico
//! // the rows of the latest release that holds the year
//! println!("{}", figure.inputs[0].rows);
//! assert_eq!(figure.inputs[0].rows.rows.len(), 1);
//! # Ok::<(), tradedef::Error>(())
//! ```

mod expression;
mod release;
mod select;

use std::collections::BTreeMap;

use serde::Serialize;

pub use expression::Expression;
pub use release::{ReleasePick, story_day};
pub use select::{Aggregate, RowsUsed, Selection};
pub(crate) use select::{Gap, evaluate as evaluate_selection};

use crate::data::Provenance;
use crate::error::bail;
use crate::{Error, Result};

/// What errors in a figure's request (an unknown column, a value of the wrong type, a filter
/// that matches several rows) are reported under: `Error::Argument { context: REQUEST, … }`.
pub(crate) const REQUEST: &str = "figure request";

/// An error in what a figure asks for: what is wrong, in the words of the request.
pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::argument(REQUEST, message)
}

/// The words of an error for its caller's location: a request's error alone (the caller says
/// where), a gap's reason alone, anything else as it displays.
pub(crate) fn words_of(error: &Error) -> String {
    match error {
        Error::Argument { context, message } if context == REQUEST => message.clone(),
        Error::NoData { why, .. } => why.clone(),
        other => other.to_string(),
    }
}

/// One input of a figure: its name (`value` for a plain selection), value and rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputUsed {
    /// The input's name in the expression.
    pub name: String,
    /// Its value after aggregation and scale, if the data hold it.
    pub value: Option<f64>,
    /// The rows it was computed from.
    pub rows: RowsUsed,
}

/// Named selections and the expression that combines them, scaled; or why the data cannot give
/// the figure (the inputs are then still evaluated and shown).
#[derive(Debug, Clone, PartialEq)]
pub struct Recipe {
    /// The selections, by the name the expression uses.
    pub inputs: BTreeMap<String, Selection>,
    /// The expression over the inputs' names.
    pub value: String,
    /// A factor applied to the result (1 by default).
    pub scale: f64,
    /// Why the figure is unavailable whatever the inputs hold, if it is.
    pub unavailable: Option<String>,
    /// The figure as an analysis computed it from the same rows, and that analysis: the
    /// figure is then the analysis's, and an error if the rows give another number.
    pub computed: Option<(f64, String)>,
}

impl Recipe {
    /// `value` over `inputs`, unscaled.
    pub fn new(inputs: BTreeMap<String, Selection>, value: impl Into<String>) -> Self {
        Recipe {
            inputs,
            value: value.into(),
            scale: 1.0,
            unavailable: None,
            computed: None,
        }
    }

    /// One selection, as the input `value`.
    pub fn selection(selection: Selection) -> Self {
        Recipe::new(BTreeMap::from([("value".to_string(), selection)]), "value")
    }

    /// The same recipe, whose figure is `value` as the analysis `by` computed it from the rows
    /// the recipe selects: the evaluation checks that the rows give the same number (to 1 part
    /// in 10⁹) and returns the analysis's.
    pub fn computed_by(mut self, value: f64, by: impl Into<String>) -> Self {
        self.computed = Some((value, by.into()));
        self
    }

    /// The same recipe with its result multiplied by `scale`.
    pub fn scaled(mut self, scale: f64) -> Self {
        self.scale = scale;
        self
    }

    /// Evaluates every input (a release that the selections do not pin is chosen by `pick`),
    /// then the expression. An `Err` is an error in the request (an unknown name, an input the
    /// expression does not use, a filter that matches several rows); a figure the data do not
    /// hold is an `Ok` whose `value` is `None` with the reason in `unavailable`.
    pub fn evaluate(&self, pick: ReleasePick) -> Result<Traced> {
        let scale = self.scale;
        if !scale.is_finite() || scale == 0.0 {
            bail!(invalid(format!(
                "`scale` = {scale} must be a finite, non-zero number"
            )));
        }
        let expr = Expression::parse(&self.value)
            .map_err(|e| invalid(format!("`value`: {}", words_of(&e))))?;
        let used = expr.names();
        for name in &used {
            if !self.inputs.contains_key(*name) {
                bail!(invalid(format!(
                    "`value` uses `{name}`, which is not an input; inputs: {}",
                    self.inputs.keys().cloned().collect::<Vec<_>>().join(", ")
                )));
            }
        }
        if let Some(unused) = self.inputs.keys().find(|k| !used.contains(&k.as_str())) {
            bail!(invalid(format!(
                "input `{unused}` is not used in `value = {}`",
                self.value
            )));
        }
        let mut values = BTreeMap::new();
        let mut missing: Option<String> = None;
        let mut inputs = Vec::with_capacity(self.inputs.len());
        let mut provenance = Provenance::default();
        for (name, selection) in &self.inputs {
            let selected = self.evaluate_input(name, selection, pick)?;
            match &selected.value {
                Ok(v) => {
                    values.insert(name.clone(), *v);
                }
                Err(reason) => {
                    missing.get_or_insert_with(|| {
                        if self.inputs.len() == 1 {
                            reason.to_string()
                        } else {
                            format!("input `{name}`: {reason}")
                        }
                    });
                }
            }
            provenance = provenance.merge(&selected.provenance);
            inputs.push(InputUsed {
                name: name.clone(),
                value: selected.value.as_ref().ok().copied(),
                rows: selected.rows,
            });
        }
        let value = match self.unavailable.clone().or(missing) {
            Some(reason) => Err(reason),
            // a division by zero, a result that is no number: the data give no figure
            None => expr.evaluate(&values).map_err(|e| words_of(&e)),
        };
        let mut method = format!("value = {}", self.value);
        let value = match (value, &self.computed) {
            (Ok(from_rows), Some((computed, by))) => {
                let apart = (from_rows - computed).abs() > 1e-9 * computed.abs().max(1.0);
                if apart || from_rows.is_nan() {
                    bail!(Error::invalid(
                        crate::Location::file(by.as_str()),
                        format!(
                            "its figure {computed} is not what its rows give ({from_rows} = {}): the analysis and the rows it reports disagree",
                            self.value
                        )
                    ));
                }
                method = format!("{method} = {by}");
                Ok(*computed)
            }
            (value, _) => value,
        }
        .map(|v| v * scale);
        Ok(Traced {
            method,
            value: value.as_ref().ok().copied(),
            unavailable: value.err(),
            inputs,
            provenance,
        })
    }

    fn evaluate_input(
        &self,
        name: &str,
        selection: &Selection,
        pick: ReleasePick,
    ) -> Result<select::Selected> {
        if let Some(s) = selection.scale
            && (!s.is_finite() || s == 0.0)
        {
            bail!(invalid(format!(
                "input `{name}`: `scale` = {s} must be a finite, non-zero number"
            )));
        }
        select::evaluate(selection, pick).map_err(|e| {
            if self.inputs.len() == 1 && name == "value" {
                e
            } else {
                invalid(format!("input `{name}`: {}", words_of(&e)))
            }
        })
    }
}

/// A figure and what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Traced {
    /// How it is computed: `value = …`, or `analysis name(args) → value = …` for a named
    /// figure ([`crate::analysis::figures::compute`]).
    pub method: String,
    /// The figure, if the data hold it.
    pub value: Option<f64>,
    /// Why there is no figure (a missing cell and its reason, a division by zero).
    pub unavailable: Option<String>,
    /// The inputs, each with its value and rows.
    pub inputs: Vec<InputUsed>,
    /// The datasets used, with their vintages.
    pub provenance: Provenance,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mexico_deficit() -> Recipe {
        let balance: Selection = toml::from_str(
            "dataset = \"us_goods_trade_by_partner\"\nfilter = { partner = \"Mexico\", year = 2024, flow = \"balance\" }",
        )
        .unwrap();
        Recipe::new(
            BTreeMap::from([("balance".to_string(), balance)]),
            "-balance / 1000",
        )
    }

    #[test]
    fn an_analysis_figure_must_be_what_its_rows_give() {
        let from_rows = mexico_deficit()
            .evaluate(ReleasePick::Latest)
            .unwrap()
            .value
            .unwrap();
        let agreed = mexico_deficit()
            .computed_by(from_rows, "some::analysis")
            .scaled(2.0)
            .evaluate(ReleasePick::Latest)
            .unwrap();
        assert_eq!(agreed.value, Some(2.0 * from_rows));
        assert!(
            agreed.method.ends_with("= some::analysis"),
            "{}",
            agreed.method
        );
        let e = mexico_deficit()
            .computed_by(from_rows + 0.01, "some::analysis")
            .evaluate(ReleasePick::Latest)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("some::analysis") && e.contains("disagree"),
            "{e}"
        );
    }

    #[test]
    fn inputs_the_expression_does_not_use_and_names_it_lacks_are_errors() {
        let mut r = mexico_deficit();
        r.value = "-deficit".into();
        let e = r.evaluate(ReleasePick::Latest).unwrap_err().to_string();
        assert!(
            e.contains("`deficit`, which is not an input; inputs: balance"),
            "{e}"
        );
        let mut r = mexico_deficit();
        r.value = "1".into();
        let e = r.evaluate(ReleasePick::Latest).unwrap_err().to_string();
        assert!(e.contains("input `balance` is not used"), "{e}");
    }
}
