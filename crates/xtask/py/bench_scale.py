"""The four bench-scale questions with Python polars, DuckDB or pandas over the product trade
dataset (hive layout year=YYYY/part-0.parquet). Run by `cargo xtask bench-scale`:

    python bench_scale.py ENGINE QUESTION DATA_DIR RUNS OUT_CSV

Prints one JSON line: {"engine", "question", "seconds": [...], "rows"}; writes the answer of the
last run to OUT_CSV (canonical columns and order, shared with the Rust engine).

Questions (chapter 87, partner 5880, top 10):
  a  annual balance for every partner: year, cty_code, exports, imports, balance
  b  chapter's share of every bilateral deficit: year, cty_code, balance, chapter_balance, share_pct
  c  top-10 deficit partners per year: year, cty_code, balance (largest deficit first)
  d  12-month rolling imports of the chapter from the partner: year, month, imports, rolling
"""

import json
import sys
import time

CHAPTER = "87"
PARTNER = "5880"
TOP = 10
WINDOW = 12


def polars_engine(question, data):
    import polars as pl

    lf = pl.scan_parquet(f"{data}/year=*/part-0.parquet", hive_partitioning=True)
    v = pl.col("value_usd")
    flow = pl.col("flow")
    signed = pl.when(flow == "exports").then(v).otherwise(-v)
    if question == "a":
        q = (
            lf.group_by("year", "cty_code")
            .agg(
                exports=v.filter(flow == "exports").sum(),
                imports=v.filter(flow == "imports").sum(),
            )
            .with_columns(balance=pl.col("exports") - pl.col("imports"))
            .sort("year", "cty_code")
        )
    elif question == "b":
        q = (
            lf.group_by("year", "cty_code")
            .agg(
                balance=signed.sum(),
                chapter_balance=signed.filter(pl.col("hs2") == CHAPTER).sum(),
            )
            .filter(pl.col("balance") < 0)
            .with_columns(share_pct=pl.col("chapter_balance") / pl.col("balance") * 100.0)
            .sort("year", "cty_code")
        )
    elif question == "c":
        q = (
            lf.group_by("year", "cty_code")
            .agg(balance=signed.sum())
            .filter(pl.col("balance") < 0)
            .sort("year", "balance", "cty_code")
            .group_by("year", maintain_order=True)
            .head(TOP)
        )
    else:
        monthly = (
            lf.filter((flow == "imports") & (pl.col("hs2") == CHAPTER) & (pl.col("cty_code") == PARTNER))
            .group_by("year", "month")
            .agg(imports=v.sum())
            .with_columns(m=pl.col("year").cast(pl.Int64) * 12 + pl.col("month") - 1)
            .sort("m")
        )
        rolled = monthly.rolling(index_column="m", period=f"{WINDOW}i").agg(rolling=pl.col("imports").sum())
        q = monthly.join(rolled, on="m").select("year", "month", "imports", "rolling").sort("year", "month")
    return q.collect(engine="streaming")


def duckdb_engine(question, data):
    import duckdb

    src = f"read_parquet('{data}/year=*/part-0.parquet', hive_partitioning = true)"
    signed = "CASE WHEN flow = 'exports' THEN value_usd ELSE -value_usd END"
    if question == "a":
        sql = f"""
            SELECT year, cty_code,
                   COALESCE(SUM(value_usd) FILTER (WHERE flow = 'exports'), 0) AS exports,
                   COALESCE(SUM(value_usd) FILTER (WHERE flow = 'imports'), 0) AS imports,
                   exports - imports AS balance
            FROM {src} GROUP BY year, cty_code ORDER BY year, cty_code"""
    elif question == "b":
        sql = f"""
            SELECT year, cty_code, balance, chapter_balance, chapter_balance / balance * 100.0 AS share_pct
            FROM (SELECT year, cty_code, SUM({signed}) AS balance,
                         COALESCE(SUM({signed}) FILTER (WHERE hs2 = '{CHAPTER}'), 0) AS chapter_balance
                  FROM {src} GROUP BY year, cty_code)
            WHERE balance < 0 ORDER BY year, cty_code"""
    elif question == "c":
        sql = f"""
            SELECT year, cty_code, balance
            FROM (SELECT year, cty_code, SUM({signed}) AS balance FROM {src} GROUP BY year, cty_code)
            WHERE balance < 0
            QUALIFY row_number() OVER (PARTITION BY year ORDER BY balance, cty_code) <= {TOP}
            ORDER BY year, balance, cty_code"""
    else:
        sql = f"""
            WITH monthly AS (
                SELECT year, month, SUM(value_usd) AS imports, year * 12 + month - 1 AS m
                FROM {src}
                WHERE flow = 'imports' AND hs2 = '{CHAPTER}' AND cty_code = '{PARTNER}'
                GROUP BY year, month)
            SELECT year, month, imports,
                   SUM(imports) OVER (ORDER BY m RANGE BETWEEN {WINDOW - 1} PRECEDING AND CURRENT ROW) AS rolling
            FROM monthly ORDER BY year, month"""
    return duckdb.sql(sql).df()


def pandas_engine(question, data):
    import numpy as np
    import pandas as pd

    def read(columns):
        df = pd.read_parquet(data, columns=columns)
        df["year"] = df["year"].astype("int64")
        return df

    if question in ("a", "b", "c"):
        cols = ["year", "cty_code", "flow", "value_usd"] + (["hs2"] if question == "b" else [])
        df = read(cols)
        exports = df["flow"] == "exports"
        signed = np.where(exports, df["value_usd"], -df["value_usd"])
        if question == "a":
            df["exports"] = np.where(exports, df["value_usd"], 0.0)
            df["imports"] = np.where(exports, 0.0, df["value_usd"])
            out = df.groupby(["year", "cty_code"], observed=True)[["exports", "imports"]].sum().reset_index()
            out["balance"] = out["exports"] - out["imports"]
            return out.sort_values(["year", "cty_code"])
        df["balance"] = signed
        if question == "b":
            df["chapter_balance"] = np.where(df["hs2"] == CHAPTER, signed, 0.0)
            out = df.groupby(["year", "cty_code"], observed=True)[["balance", "chapter_balance"]].sum().reset_index()
            out = out[out["balance"] < 0].copy()
            out["share_pct"] = out["chapter_balance"] / out["balance"] * 100.0
            return out.sort_values(["year", "cty_code"])
        out = df.groupby(["year", "cty_code"], observed=True)["balance"].sum().reset_index()
        out = out[out["balance"] < 0].sort_values(["year", "balance", "cty_code"])
        return out.groupby("year", sort=False).head(TOP)
    # (pyarrow's read filters cannot compare the files' string_view columns with str: mask instead)
    df = read(["year", "month", "flow", "hs2", "cty_code", "value_usd"])
    df = df[(df["flow"] == "imports") & (df["hs2"] == CHAPTER) & (df["cty_code"] == PARTNER)]
    monthly = df.groupby(["year", "month"])["value_usd"].sum().rename("imports").reset_index()
    monthly["m"] = monthly["year"] * 12 + monthly["month"] - 1
    grid = pd.Series(0.0, index=pd.RangeIndex(monthly["m"].min(), monthly["m"].max() + 1))
    grid[monthly["m"].to_numpy()] = monthly["imports"].to_numpy()
    rolling = grid.rolling(WINDOW, min_periods=1).sum()
    monthly["rolling"] = rolling[monthly["m"].to_numpy()].to_numpy()
    return monthly[["year", "month", "imports", "rolling"]].sort_values(["year", "month"])


COLUMNS = {
    "a": ["year", "cty_code", "exports", "imports", "balance"],
    "b": ["year", "cty_code", "balance", "chapter_balance", "share_pct"],
    "c": ["year", "cty_code", "balance"],
    "d": ["year", "month", "imports", "rolling"],
}


def write_csv(rows, path):
    with open(path, "w") as f:
        for row in rows:
            f.write(",".join(repr(x) if isinstance(x, float) else str(x) for x in row) + "\n")


def as_rows(frame, question):
    cols = COLUMNS[question]
    if type(frame).__module__.startswith("polars"):
        data = [frame.get_column(c).to_list() for c in cols]
    else:
        data = [frame[c].tolist() for c in cols]
    out = []
    for values in zip(*data):
        out.append([int(v) if c in ("year", "month") else (float(v) if c not in ("cty_code",) else v) for c, v in zip(cols, values)])
    return out


def main():
    engine, question, data, runs, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    engines = {
        "polars": polars_engine,
        # the same code, in the environment holding the Python polars of tradedef's engine
        "polars-same-engine": polars_engine,
        "duckdb": duckdb_engine,
        "pandas": pandas_engine,
    }
    run = engines[engine]
    seconds = []
    frame = None
    for _ in range(runs):
        start = time.perf_counter()
        frame = run(question, data)
        seconds.append(time.perf_counter() - start)
    rows = as_rows(frame, question)
    write_csv(rows, out)
    print(json.dumps({"engine": engine, "question": question, "seconds": seconds, "rows": len(rows)}))


if __name__ == "__main__":
    main()
