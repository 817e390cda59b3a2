"""The four bench-scale questions on Apache Spark in local mode (PySpark) over the product trade
dataset (hive layout year=YYYY/part-0.parquet). Run by `cargo xtask bench-scale --with spark`:

    python bench_spark.py spark QUESTION DATA_DIR RUNS OUT_CSV

One Spark session (`local[2]`, Spark's defaults otherwise) answers the question RUNS times, each
run reading the files (`spark.read.parquet(DATA_DIR)`, partition discovery) and collecting the
answer into Python, as the other engines of bench_scale.py do. Prints one JSON line:
{"engine", "question", "seconds": [...], "rows", "session_seconds", "peak_kib", "versions"}:

- seconds: each run, the session already started (the first run also pays for a cold JVM);
- session_seconds: starting the session (the JVM, the SparkContext), timed apart;
- peak_kib: peak resident set of the JVM plus that of this Python process (VmHWM of both):
  `/usr/bin/time -v` sees only this process, as the JVM is not a child it waits for.

Writes the answer of the last run to OUT_CSV (canonical columns and order, shared with the Rust
engine and bench_scale.py, whose COLUMNS and write_csv it uses).
"""

import json
import os
import sys
import time

from bench_scale import CHAPTER, COLUMNS, PARTNER, TOP, WINDOW, write_csv


def start_session():
    from pyspark.sql import SparkSession

    # the driver binds to the loopback interface only
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("tradedef bench-scale")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_query(spark, question, data):
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    t = spark.read.parquet(data)
    v = F.col("value_usd")
    flow = F.col("flow")
    signed = F.when(flow == "exports", v).otherwise(-v)
    if question == "a":
        q = (
            t.groupBy("year", "cty_code")
            .agg(
                F.sum(F.when(flow == "exports", v).otherwise(0.0)).alias("exports"),
                F.sum(F.when(flow == "imports", v).otherwise(0.0)).alias("imports"),
            )
            .withColumn("balance", F.col("exports") - F.col("imports"))
            .orderBy("year", "cty_code")
        )
    elif question == "b":
        q = (
            t.groupBy("year", "cty_code")
            .agg(
                F.sum(signed).alias("balance"),
                F.sum(F.when(F.col("hs2") == CHAPTER, signed).otherwise(0.0)).alias("chapter_balance"),
            )
            .where(F.col("balance") < 0)
            .withColumn("share_pct", F.col("chapter_balance") / F.col("balance") * 100.0)
            .orderBy("year", "cty_code")
        )
    elif question == "c":
        rank = Window.partitionBy("year").orderBy("balance", "cty_code")
        q = (
            t.groupBy("year", "cty_code")
            .agg(F.sum(signed).alias("balance"))
            .where(F.col("balance") < 0)
            .withColumn("rank", F.row_number().over(rank))
            .where(F.col("rank") <= TOP)
            .orderBy("year", "balance", "cty_code")
        )
    else:
        monthly = (
            t.where((flow == "imports") & (F.col("hs2") == CHAPTER) & (F.col("cty_code") == PARTNER))
            .groupBy("year", "month")
            .agg(F.sum(v).alias("imports"))
            .withColumn("m", F.col("year") * 12 + F.col("month") - 1)
        )
        # one window over the whole (120-row) series: Spark warns that it has no partition
        window = Window.orderBy("m").rangeBetween(-(WINDOW - 1), 0)
        q = monthly.withColumn("rolling", F.sum("imports").over(window)).orderBy("year", "month")
    return q.select(*COLUMNS[question]).collect()


def as_rows(rows, question):
    cols = COLUMNS[question]
    return [
        [int(r[c]) if c in ("year", "month") else (r[c] if c == "cty_code" else float(r[c])) for c in cols]
        for r in rows
    ]


def peak_kib(pid):
    """Peak resident set (VmHWM) of a process, in KiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")


def main():
    engine, question, data, runs, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    if engine != "spark":
        raise SystemExit(f"bench_spark.py runs the engine `spark`, not `{engine}`")
    started = time.perf_counter()
    spark = start_session()
    session_seconds = time.perf_counter() - started
    jvm = spark._jvm
    jvm_pid = jvm.java.lang.ProcessHandle.current().pid()
    seconds = []
    answer = None
    for _ in range(runs):
        start = time.perf_counter()
        answer = spark_query(spark, question, data)
        seconds.append(time.perf_counter() - start)
    peak = peak_kib(jvm_pid) + peak_kib("self")
    import py4j
    import pyspark

    system = jvm.java.lang.System
    versions = (
        f"Spark {spark.version} (PySpark {pyspark.__version__}, py4j {py4j.__version__}), "
        f"Java {system.getProperty('java.runtime.version')} ({system.getProperty('java.vm.name')}), "
        f"Python {sys.version.split()[0]}"
    )
    spark.stop()
    rows = as_rows(answer, question)
    write_csv(rows, out)
    print(
        json.dumps(
            {
                "engine": engine,
                "question": question,
                "seconds": seconds,
                "rows": len(rows),
                "session_seconds": session_seconds,
                "peak_kib": peak,
                "versions": versions,
            }
        )
    )


if __name__ == "__main__":
    main()
