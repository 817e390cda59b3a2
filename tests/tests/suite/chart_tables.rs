//! Charts built from tables by naming columns, and the notebook display of result types.

use tradedef::analysis::defence::defence_budget_growth;
use tradedef::prelude::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

fn long_frame() -> PolarsResult<DataFrame> {
    df!(
        "year" => [2021i64, 2022, 2023, 2021, 2022, 2023],
        "partner" => ["Japan", "Japan", "Japan", "Mexico", "Mexico", "Mexico"],
        "balance" => [Some(-60.2), None, Some(-71.4), Some(-108.2), Some(-130.5), Some(-152.4)],
    )
}

#[test]
fn lines_by_makes_one_series_per_value_in_order_with_gaps_for_nulls() -> TestResult {
    let df = long_frame()?;
    let chart = LineChart::new("t").lines_by(&df, "year", "balance", "partner")?;
    let series = chart.series_list();
    assert_eq!(
        series.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Japan", "Mexico"]
    );
    assert_eq!(series[0].points[0], (2021.0, -60.2));
    assert!(
        series[0].points[1].1.is_nan(),
        "a null is a gap, not a zero"
    );
    // The same rows through a LazyFrame give the same chart.
    let lazy = LineChart::new("t").lines_by(&df.clone().lazy(), "year", "balance", "partner")?;
    assert_eq!(lazy.series_list().len(), 2);
    Ok(())
}

#[test]
fn missing_column_and_wrong_dtype_are_named() -> TestResult {
    let df = long_frame()?;
    let missing = BarChart::new("t")
        .bars_from(&df, "partner", "balanse")
        .unwrap_err()
        .to_string();
    assert!(missing.contains("`balanse` not found"), "{missing}");
    assert!(missing.contains("did you mean `balance`?"), "{missing}");
    let text = LineChart::new("t")
        .line_from(&df, "partner", "balance")
        .unwrap_err()
        .to_string();
    assert!(text.contains("column `partner` holds text"), "{text}");
    let twice = LineChart::new("t")
        .line_from(&df, "year", "balance")
        .unwrap_err()
        .to_string();
    assert!(twice.contains("x = 2021 appears more than once"), "{twice}");
    Ok(())
}

#[test]
fn dataset_gives_unit_and_source_line() -> TestResult {
    // one release per year (the dataset holds several releases of recent years)
    let trade = latest_releases(&load("us_goods_trade_by_partner")?)?;
    let japan = Table::from_query("Japan", &trade, |rows| {
        rows.filter(
            col("partner")
                .eq(lit("Japan"))
                .and(col("flow").eq(lit("balance"))),
        )
    })?;
    let chart = LineChart::new("US goods balance with Japan").line_from(&japan, "year", "value")?;
    let svg = chart.to_svg()?;
    assert!(
        svg.contains("USD millions (nominal)"),
        "unit of `value` as y label"
    );
    let source = chart.title_block().source_line().unwrap_or_default();
    assert!(source.contains("Census"), "{source}");
    // Bars from a filtered DataFrame: no metadata, so no source line unless given.
    let top = trade
        .lazy()
        .filter(
            col("year")
                .eq(lit(2022))
                .and(col("flow").eq(lit("balance")))
                .and(col("partner_kind").eq(lit("country"))),
        )
        .sort(["value"], SortMultipleOptions::default())
        .limit(10)
        .collect()?;
    let bars = BarChart::new("Top 10").bars_from(&top, "partner", "value")?;
    assert_eq!(bars.rows().len(), 10);
    assert!(bars.rows()[0].1 <= bars.rows()[9].1);
    assert!(bars.title_block().source_line().is_none());
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    chart.save_png(dir.join("chart_tables_line.png"))?;
    bars.source(&trade.provenance())
        .save_png(dir.join("chart_tables_bars.png"))?;
    Ok(())
}

#[test]
fn columns_by_places_each_value_in_its_category() -> TestResult {
    let df = df!(
        "year" => [2023i64, 2024, 2024],
        "flow" => ["exports", "exports", "imports"],
        "value" => [1.0, 2.0, 3.0],
    )?;
    let chart = ColumnChart::new("t").columns_by(&df, "year", "value", "flow")?;
    let svg = chart.to_svg()?;
    assert!(svg.contains("imports") && svg.contains("2023"));
    let twice = df!("year" => [2023i64, 2023], "flow" => ["a", "a"], "value" => [1.0, 2.0])?;
    let err = ColumnChart::new("t")
        .columns_by(&twice, "year", "value", "flow")
        .unwrap_err()
        .to_string();
    assert!(err.contains("two rows for category `2023`"), "{err}");
    Ok(())
}

#[test]
fn result_types_display_as_tables_and_errors_as_messages() -> TestResult {
    let rank = deficit_rank("Japan", 2022);
    let text = rank.display_text();
    assert!(
        text.starts_with("EVCXR_BEGIN_CONTENT text/html\n"),
        "{text}"
    );
    assert!(text.contains("USD billions") && text.contains("Source: "));
    let err = deficit_rank("Japan", 1066).display_text();
    assert!(
        err.starts_with("EVCXR_BEGIN_CONTENT text/plain\nerror: "),
        "{err}"
    );
    let outcome = TariffScenario::autos()
        .partner(&partner("Japan")?)
        .additional_rate(25.0)
        .run()?;
    assert!(outcome.display_text().contains("text/html"));
    let growth = defence_budget_growth(2024, 2025)?;
    assert!(growth.display_text().contains("change_pct"));
    let verdicts = Ledger::embedded("japan-dilemma-2025")?.check()?;
    let claim = verdicts.get("us-global-deficit-2024")?;
    assert!(claim.display_text().contains("verdict"));
    Ok(())
}
