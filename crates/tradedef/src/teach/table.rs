//! Checking a table (a DataFrame) against the solution, row by row.

use polars::prelude::{AnyValue, Column, DataFrame, DataType};

use crate::chart::ValueFormat;

use super::answer::{Answer, IntoAnswer};
use super::check::Check;
use super::mistake::{Mistake, diagnose, matches};
use super::value::DEFAULT_TOLERANCE;

/// One cell as a check compares it.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Number(f64),
    Text(String),
    Empty,
}

impl Cell {
    fn same(&self, other: &Cell, tolerance: f64) -> bool {
        match (self, other) {
            (Cell::Number(a), Cell::Number(b)) => matches(*a, *b, tolerance),
            (Cell::Text(a), Cell::Text(b)) => a.trim() == b.trim(),
            (Cell::Empty, Cell::Empty) => true,
            _ => false,
        }
    }

    fn show(&self) -> String {
        match self {
            Cell::Number(v) => ValueFormat::number().decimals(2).format(*v),
            Cell::Text(t) => t.clone(),
            Cell::Empty => "(empty)".to_string(),
        }
    }
}

/// The compared columns of a frame, row by row; `Err` names the columns missing.
fn rows(frame: &DataFrame, columns: &[String]) -> std::result::Result<Vec<Vec<Cell>>, Vec<String>> {
    let missing: Vec<String> = columns
        .iter()
        .filter(|c| frame.column(c).is_err())
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let cells: Vec<Vec<Cell>> = columns
        .iter()
        .filter_map(|c| frame.column(c).ok())
        .map(column_cells)
        .collect();
    Ok((0..frame.height())
        .map(|r| cells.iter().map(|c| c[r].clone()).collect())
        .collect())
}

fn column_cells(column: &Column) -> Vec<Cell> {
    let numeric = column.dtype().is_primitive_numeric();
    (0..column.len())
        .map(|i| match column.get(i) {
            Ok(AnyValue::Null) | Err(_) => Cell::Empty,
            Ok(v) if numeric => v.extract::<f64>().map_or(Cell::Empty, Cell::Number),
            Ok(v) => match v.get_str() {
                Some(s) => Cell::Text(s.to_string()),
                None if matches!(column.dtype(), DataType::String) => Cell::Empty,
                None => Cell::Text(v.to_string()),
            },
        })
        .collect()
}

/// A check of a table: the solution as a DataFrame, the columns compared (in order), and the
/// tables known mistakes give.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::teach::TableCheck;
/// let solution = df!("partner" => ["China", "Mexico"], "balance_usd_bn" => [-382.3, -130.5]).unwrap();
/// let check = TableCheck::new("the two largest US deficits", solution.clone()).order("largest deficit first");
/// assert!(check.check(solution).passed());
/// let swapped = df!("partner" => ["Mexico", "China"], "balance_usd_bn" => [-130.5, -382.3]).unwrap();
/// assert!(check.check(swapped).hint().unwrap().contains("largest deficit first"));
/// ```
#[derive(Debug, Clone)]
pub struct TableCheck {
    task: String,
    expected: DataFrame,
    columns: Vec<String>,
    tolerance: f64,
    order: Option<String>,
    extra_row_hint: Option<String>,
    known: Vec<(DataFrame, Mistake)>,
}

impl TableCheck {
    /// A check that the answer to `task` is the table `expected` (every column compared).
    pub fn new(task: impl Into<String>, expected: DataFrame) -> Self {
        let columns = expected
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect();
        TableCheck {
            task: task.into(),
            expected,
            columns,
            tolerance: DEFAULT_TOLERANCE,
            order: None,
            extra_row_hint: None,
            known: Vec::new(),
        }
    }

    /// The relative tolerance of numbers. Default [`DEFAULT_TOLERANCE`].
    pub fn tolerance(mut self, relative: f64) -> Self {
        self.tolerance = relative;
        self
    }

    /// The order the rows are asked in, in words (e.g. "largest deficit first"): named in the
    /// hint when the rows are right but in another order.
    pub fn order(mut self, order: impl Into<String>) -> Self {
        self.order = Some(order.into());
        self
    }

    /// The hint when the answer has a row the solution lacks (e.g. "leave out regions").
    pub fn extra_row_hint(mut self, hint: impl Into<String>) -> Self {
        self.extra_row_hint = Some(hint.into());
        self
    }

    /// A wrong table that `mistake` gives (compared on the same columns).
    pub fn known_mistake(mut self, frame: DataFrame, mistake: Mistake) -> Self {
        self.known.push((frame, mistake));
        self
    }

    fn asked(&self) -> String {
        format!(
            "a table with the columns {} and {} rows{}",
            self.columns.join(", "),
            self.expected.height(),
            self.order
                .as_ref()
                .map(|o| format!(", {o}"))
                .unwrap_or_default()
        )
    }

    fn describe(&self, row: &[Cell], index: usize) -> String {
        let cells: Vec<String> = self
            .columns
            .iter()
            .zip(row)
            .map(|(c, v)| format!("{c} = {}", v.show()))
            .collect();
        format!("row {}: {}", index + 1, cells.join(", "))
    }

    fn same_rows(&self, a: &[Vec<Cell>], b: &[Vec<Cell>]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.iter().zip(y).all(|(p, q)| p.same(q, self.tolerance)))
    }

    /// Checks an answer.
    pub fn check(&self, answer: impl IntoAnswer<DataFrame>) -> Check {
        let frame = match answer.into_answer() {
            Answer::Todo => return Check::not_done(&self.task, self.asked()),
            Answer::Failed(e) => return Check::failed(&self.task, self.asked(), &e),
            Answer::Given(frame) => frame,
        };
        let want = match rows(&self.expected, &self.columns) {
            Ok(rows) => rows,
            Err(missing) => {
                return Check::failed(
                    &self.task,
                    self.asked(),
                    &format!("the solution lacks {}", missing.join(", ")),
                );
            }
        };
        let got = match rows(&frame, &self.columns) {
            Ok(rows) => rows,
            Err(missing) => {
                let have: Vec<String> = frame
                    .get_column_names()
                    .iter()
                    .map(|c| c.to_string())
                    .collect();
                return Check::wrong(
                    &self.task,
                    self.asked(),
                    format!("a table with the columns {}", have.join(", ")),
                    Some(format!(
                        "Your table has no column {}. Name the columns as asked (rename with \
                         `.alias(\"…\")` in a select).",
                        missing.join(", ")
                    )),
                );
            }
        };
        if self.same_rows(&got, &want) {
            return Check::correct(
                &self.task,
                self.asked(),
                format!("the same {} rows", got.len()),
            );
        }
        let first_diff = (0..want.len().max(got.len()))
            .find(|&i| match (want.get(i), got.get(i)) {
                (Some(w), Some(g)) => {
                    !self.same_rows(std::slice::from_ref(w), std::slice::from_ref(g))
                }
                _ => true,
            })
            .unwrap_or(0);
        let expected_text = want
            .get(first_diff)
            .map(|r| self.describe(r, first_diff))
            .unwrap_or_else(|| format!("{} rows", want.len()));
        let got_text = got
            .get(first_diff)
            .map(|r| self.describe(r, first_diff))
            .unwrap_or_else(|| format!("{} rows", got.len()));
        Check::wrong(
            &self.task,
            expected_text,
            got_text,
            Some(self.hint(&got, &want, first_diff)),
        )
    }

    fn hint(&self, got: &[Vec<Cell>], want: &[Vec<Cell>], row: usize) -> String {
        for (frame, mistake) in &self.known {
            if let Ok(known) = rows(frame, &self.columns)
                && self.same_rows(got, &known)
            {
                return mistake.hint();
            }
        }
        let is_in = |r: &Vec<Cell>, among: &[Vec<Cell>]| {
            among
                .iter()
                .any(|w| self.same_rows(std::slice::from_ref(r), std::slice::from_ref(w)))
        };
        if got.len() == want.len() && got.iter().all(|r| is_in(r, want)) {
            return Mistake::WrongOrder(format!(
                "Your rows are right but in another order. Sort them {}.",
                self.order.as_deref().unwrap_or("as asked")
            ))
            .hint();
        }
        if got.len() != want.len() {
            let rows = |n: usize| {
                if n == 1 {
                    "1 row".to_string()
                } else {
                    format!("{n} rows")
                }
            };
            return format!(
                "Your table has {}; the exercise asks for {}.",
                rows(got.len()),
                rows(want.len())
            );
        }
        let (g, w) = (&got[row], &want[row]);
        for (c, (gc, wc)) in g.iter().zip(w).enumerate() {
            match (gc, wc) {
                (Cell::Number(a), Cell::Number(b)) if !matches(*a, *b, self.tolerance) => {
                    return diagnose(*a, *b, &[], self.tolerance)
                        .map(|m| format!("In column {}: {}", self.columns[c], m.hint()))
                        .unwrap_or_else(|| {
                            format!(
                                "In column {}, row {}, your number differs from the solution's. \
                                 Check the year, the flow and the unit.",
                                self.columns[c],
                                row + 1
                            )
                        });
                }
                (Cell::Text(a), _) if !gc.same(wc, self.tolerance) => {
                    let anywhere = want
                        .iter()
                        .any(|r| r.get(c).is_some_and(|x| x.same(gc, self.tolerance)));
                    return if anywhere {
                        format!(
                            "{a} belongs in the table but not in row {}: sort {}.",
                            row + 1,
                            self.order.as_deref().unwrap_or("as asked")
                        )
                    } else {
                        format!(
                            "{a} should not be in this table. {}",
                            self.extra_row_hint.as_deref().unwrap_or("")
                        )
                        .trim_end()
                        .to_string()
                    };
                }
                _ => {}
            }
        }
        "Your table differs from the solution: compare the rows above.".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::teach::todo_answer;
    use polars::df;

    fn solution() -> DataFrame {
        df!("partner" => ["China", "Mexico", "Vietnam"], "balance_usd_bn" => [-382.3, -130.5, -116.1])
            .unwrap()
    }

    fn check() -> TableCheck {
        TableCheck::new("top three", solution())
            .order("largest deficit first")
            .extra_row_hint("Only countries are ranked: leave out regions and groups.")
    }

    #[test]
    fn correct_and_not_done() {
        assert!(check().check(solution()).passed());
        assert!(check().check(todo_answer()).is_not_done());
    }

    #[test]
    fn missing_column_is_named() {
        let df = df!("partner" => ["China"], "value" => [-382.3]).unwrap();
        let c = check().check(df);
        assert!(
            c.hint().unwrap().contains("no column balance_usd_bn"),
            "{c}"
        );
        assert!(
            c.to_string()
                .contains("Yours: a table with the columns partner, value"),
            "{c}"
        );
    }

    #[test]
    fn millions_in_a_billions_column() {
        let df = df!("partner" => ["China", "Mexico", "Vietnam"], "balance_usd_bn" => [-382300.0, -130500.0, -116100.0]).unwrap();
        let c = check().check(df);
        assert!(c.hint().unwrap().contains("1,000 times too large"), "{c}");
        assert!(c.to_string().contains("row 1: partner = China"), "{c}");
    }

    #[test]
    fn reversed_order_asks_to_sort() {
        let df = df!("partner" => ["Vietnam", "Mexico", "China"], "balance_usd_bn" => [-116.1, -130.5, -382.3]).unwrap();
        let c = check().check(df);
        assert_eq!(
            c.hint().unwrap(),
            "Your rows are right but in another order. Sort them largest deficit first."
        );
    }

    #[test]
    fn an_extra_row_gets_the_exercise_hint() {
        let df = df!("partner" => ["China", "European Union", "Mexico"], "balance_usd_bn" => [-382.3, -202.5, -130.5]).unwrap();
        let c = check().check(df);
        assert!(
            c.hint()
                .unwrap()
                .starts_with("European Union should not be in this table. Only countries"),
            "{c}"
        );
    }

    #[test]
    fn a_known_wrong_table_names_its_mistake() {
        let wrong = df!("partner" => ["China"], "balance_usd_bn" => [-353.5]).unwrap();
        let c = check()
            .known_mistake(
                wrong.clone(),
                Mistake::WrongYear {
                    what: "the data".into(),
                    used: 2021,
                    wanted: 2022,
                },
            )
            .check(wrong);
        assert!(c.hint().unwrap().contains("of 2021"), "{c}");
    }

    #[test]
    fn wrong_row_count_is_said() {
        let df = df!("partner" => ["China"], "balance_usd_bn" => [-382.3]).unwrap();
        assert!(
            check()
                .check(df)
                .hint()
                .unwrap()
                .contains("has 1 row; the exercise asks for 3 rows")
        );
    }
}
