//! Checking a line chart against the solution: its data, its title and its source line.

use crate::chart::{Chart, LineChart};

use super::answer::{Answer, IntoAnswer};
use super::check::Check;
use super::mistake::{diagnose, matches};
use super::value::DEFAULT_TOLERANCE;

/// A check of a line chart: the first series' points and the source line against the solution's
/// chart, a non-empty title, and that the chart draws.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::teach::ChartCheck;
/// let solution = LineChart::new("Balance").series("balance", vec![(2023.0, -71.4), (2024.0, -68.3)])
///     .source_text("US Census Bureau");
/// let check = ChartCheck::new("the balance chart", solution.clone(), "USD billions");
/// assert!(check.check(solution.clone()).passed());
/// let unsourced = LineChart::new("Balance").series("balance", vec![(2023.0, -71.4), (2024.0, -68.3)]);
/// assert!(check.check(unsourced).hint().unwrap().contains("names its source"));
/// ```
#[derive(Debug, Clone)]
pub struct ChartCheck {
    task: String,
    expected: LineChart,
    unit: String,
    sources: Vec<String>,
}

impl ChartCheck {
    /// A check that the answer to `task` draws the data of `expected` (values in `unit`) with its
    /// source line.
    pub fn new(task: impl Into<String>, expected: LineChart, unit: impl Into<String>) -> Self {
        ChartCheck {
            task: task.into(),
            sources: expected.title_block().source_line().into_iter().collect(),
            expected,
            unit: unit.into(),
        }
    }

    /// Also accepts this source line (the text after "Source: "), e.g. the dataset's when the
    /// solution takes the table's.
    pub fn also_accept_source(mut self, source: &str) -> Self {
        self.sources.push(format!("Source: {source}"));
        self
    }

    fn asked(&self) -> String {
        let points = self
            .expected
            .series_list()
            .first()
            .map_or(0, |s| s.points.len());
        format!(
            "a line chart with a title, {points} points in {} and the source line \"{}\"",
            self.unit,
            self.expected
                .title_block()
                .source_line()
                .unwrap_or_default()
        )
    }

    /// Checks an answer.
    pub fn check(&self, answer: impl IntoAnswer<LineChart>) -> Check {
        let chart = match answer.into_answer() {
            Answer::Todo => return Check::not_done(&self.task, self.asked()),
            Answer::Failed(e) => return Check::failed(&self.task, self.asked(), &e),
            Answer::Given(chart) => chart,
        };
        let wrong =
            |got: String, hint: String| Check::wrong(&self.task, self.asked(), got, Some(hint));
        if let Err(e) = chart.to_svg() {
            return wrong(
                format!("a chart that does not draw: {e}"),
                "Fix what the error names (often an empty series or a size of zero).".to_string(),
            );
        }
        if chart.title_block().title().trim().is_empty() {
            return wrong(
                "a chart without a title".to_string(),
                "Give the chart a title that says what it shows: `LineChart::new(\"…\")`."
                    .to_string(),
            );
        }
        let Some(source) = chart.title_block().source_line() else {
            return wrong(
                "a chart without a source line".to_string(),
                "Every chart names its source: add `.source(table.provenance())` (or \
                 `.source(dataset.provenance())`) to the chart."
                    .to_string(),
            );
        };
        if !self.sources.contains(&source) {
            return wrong(
                format!("the source line \"{source}\""),
                "The source line is not the one of the data drawn: take it from the table or \
                 dataset you plotted (`.source(table.provenance())`), not typed by hand."
                    .to_string(),
            );
        }
        let (Some(got), Some(want)) = (
            chart.series_list().first(),
            self.expected.series_list().first(),
        ) else {
            return wrong(
                "a chart without data".to_string(),
                "Add the series: `.series(\"name\", points)` with points as (year, value)."
                    .to_string(),
            );
        };
        if got.points.len() != want.points.len() {
            return wrong(
                format!("{} points", got.points.len()),
                format!(
                    "The chart should have one point per year, {} in all. Check the years you \
                     kept (and that no year is missing or doubled).",
                    want.points.len()
                ),
            );
        }
        for ((gx, gy), (wx, wy)) in got.points.iter().zip(&want.points) {
            if !matches(*gx, *wx, 1e-9) {
                return wrong(
                    format!("a point at x = {gx} where {wx} comes"),
                    "The x values should be the years, in order.".to_string(),
                );
            }
            if !matches(*gy, *wy, DEFAULT_TOLERANCE) {
                let hint = diagnose(*gy, *wy, &[], DEFAULT_TOLERANCE)
                    .map(|m| m.hint())
                    .unwrap_or_else(|| {
                        "Check the flow, the partner and the vintage you plotted.".to_string()
                    });
                return wrong(format!("{gy} at {gx} (expected {wy} {})", self.unit), hint);
            }
        }
        Check::correct(
            &self.task,
            self.asked(),
            format!(
                "\"{}\" with {} points and \"{source}\"",
                chart.title_block().title(),
                got.points.len()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::teach::todo_answer;

    fn solution() -> LineChart {
        LineChart::new("US goods balance with Japan")
            .series("balance", vec![(2023.0, -71.4), (2024.0, -68.3)])
            .source_text("US Census Bureau (2026-06)")
    }

    fn check() -> ChartCheck {
        ChartCheck::new("chart", solution(), "USD billions")
    }

    #[test]
    fn correct_and_not_done() {
        assert!(check().check(solution()).passed());
        assert!(check().check(todo_answer()).is_not_done());
    }

    #[test]
    fn millions_on_the_chart() {
        let c = check().check(
            LineChart::new("t")
                .series("balance", vec![(2023.0, -71400.0), (2024.0, -68300.0)])
                .source_text("US Census Bureau (2026-06)"),
        );
        assert!(c.hint().unwrap().contains("1,000 times too large"), "{c}");
    }

    #[test]
    fn a_typed_source_is_not_the_data_source() {
        let c = check().check(
            LineChart::new("t")
                .series("balance", vec![(2023.0, -71.4), (2024.0, -68.3)])
                .source_text("Census"),
        );
        assert!(c.hint().unwrap().contains("not typed by hand"), "{c}");
    }

    #[test]
    fn missing_title_and_points() {
        let untitled = LineChart::new(" ")
            .series("b", vec![(2023.0, -71.4)])
            .source_text("x");
        assert!(check().check(untitled).hint().unwrap().contains("title"));
        let short = LineChart::new("t")
            .series("b", vec![(2024.0, -68.3)])
            .source_text("US Census Bureau (2026-06)");
        assert!(check().check(short).hint().unwrap().contains("2 in all"));
    }
}
