"""The Python peer of `cargo xtask bench-report`: a job comparable to `tradedef report` (the Japan
study) done with pandas and matplotlib, run as `python report_peer.py OUT`.

It reads every dataset the tradedef catalog embeds (each `data/*.csv` and `data/*.csv.gz` with a
`.toml` sidecar beside it), each with the column types of its sidecar and its checksum checked
against the sidecar's sha256 (of the CSV text), as `tradedef report` checks every embedded
dataset; then computes the ten exhibits of the Japan study from the real columns of the real
files (latest vintage of each figure) and writes each one's chart (OUT/charts/ID.svg and
ID.png) and the table behind it (OUT/tables/ID.csv). It does not write the fact-check,
index.html or manifest.json, which the Rust side also writes: any difference in work favours this
peer. The timing (the whole process, interpreter start and imports included) and the peak
resident set are measured from outside, by the xtask, as for the tradedef command.
"""

import hashlib
import gzip
import re
import sys
import tomllib
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

DATA = Path(__file__).resolve().parents[3] / "data"
DTYPES = {"int": "Int64", "float": "float64", "str": "str"}
STORY_DATE = 2025.1


def read_datasets():
    """Every catalogued dataset, by id: parsed with its sidecar's column types, checksum checked."""
    out = {}
    files = sorted(DATA.glob("*.csv")) + sorted(DATA.glob("*.csv.gz"))
    for path in files:
        stem = path.name.removesuffix(".gz").removesuffix(".csv")
        sidecar = DATA / f"{stem}.toml"
        if not sidecar.is_file():
            continue
        meta = tomllib.loads(sidecar.read_text(encoding="utf-8"))
        stored = path.read_bytes()
        text = gzip.decompress(stored) if path.suffix == ".gz" else stored
        actual = hashlib.sha256(text).hexdigest()
        if actual != meta["sha256"]:
            sys.exit(f"{path.name}: checksum mismatch ({actual}, sidecar {meta['sha256']})")
        columns = meta.get("columns", [])
        dtypes = {c["name"]: DTYPES[c["dtype"]] for c in columns if c["dtype"] in DTYPES}
        dates = [c["name"] for c in columns if c["dtype"] == "date"]
        frame = pd.read_csv(
            pd.io.common.BytesIO(text), dtype=dtypes, parse_dates=dates, keep_default_na=False, na_values=[""]
        )
        out[meta["id"]] = frame
    return out


def vintage_key(v):
    """A vintage's date for ordering (its last YYYY or YYYY-MM), so that the latest release wins."""
    found = re.findall(r"((?:19|20)\d{2})(?:-(\d{2}))?", str(v))
    return found[-1] if found else ("0000", "")


def latest(frame, keys):
    """One row per `keys`: the one of the latest vintage."""
    order = frame["vintage"].map(vintage_key)
    return frame.loc[order.sort_values(kind="stable").index].drop_duplicates(keys, keep="last")


def figure(title, subtitle):
    fig, ax = plt.subplots(figsize=(8, 5))
    fig.suptitle(title, x=0.02, ha="left", fontsize=12, fontweight="bold")
    ax.set_title(subtitle, loc="left", fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return fig, ax


def save(out, exhibit, fig, table, source):
    fig.text(0.02, 0.01, f"Source: {source}", fontsize=6)
    fig.savefig(out / "charts" / f"{exhibit}.svg")
    fig.savefig(out / "charts" / f"{exhibit}.png", dpi=150)
    plt.close(fig)
    table.to_csv(out / "tables" / f"{exhibit}.csv", index=False)


def balance(d):
    """US goods trade with Japan per year, latest vintage for each year (USD millions)."""
    rows = d["us_japan_goods_trade"]
    rows = latest(rows[rows["month"].isna() & (rows["unit"] == "USD millions")], ["year", "flow"])
    table = rows.pivot_table(index="year", columns="flow", values="value", aggfunc="first")
    table = table.rename(columns=lambda f: f"{f}_usd_mn").reset_index()
    return table


def partner_balances(d, year):
    """US goods balance by country in `year` (latest vintage), ranked, with its deficit share."""
    rows = d["us_goods_trade_by_partner"]
    rows = rows[(rows["year"] == year) & (rows["partner_kind"] == "country") & (rows["flow"] == "balance")]
    rows = latest(rows, ["partner_code"])
    t = rows[["partner", "partner_code", "value"]].rename(columns={"value": "balance_usd_mn"})
    t = t.assign(balance_usd_bn=t["balance_usd_mn"] / 1e3).sort_values("balance_usd_bn")
    deficit = -t.loc[t["balance_usd_bn"] < 0, "balance_usd_bn"].sum()
    t["share_of_deficit_pct"] = np.where(t["balance_usd_bn"] < 0, -t["balance_usd_bn"] / deficit * 100, np.nan)
    t.insert(0, "rank", range(1, len(t) + 1))
    t.insert(0, "year", year)
    return t


def barh(ax, labels, values, highlight="Japan"):
    colours = ["#c0392b" if lab == highlight else "#4a6fa5" for lab in labels]
    ax.barh(labels, values, color=colours)
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    ax.set_xlabel("USD billions")


def autos_imports(d):
    """US imports from Japan of end-use category 3 (vehicles, parts, engines), per year."""
    e = d["us_imports_by_enduse"]
    e = e[(e["partner"] == "Japan") & e["enduse_code"].str.startswith("3")]
    e = latest(e, ["year", "enduse_code"])
    return e.groupby("year", as_index=False)["value"].sum().rename(columns={"value": "imports_usd_mn"})


def main(out):
    (out / "charts").mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    d = read_datasets()
    print(f"read {len(d)} datasets: {', '.join(sorted(d))}")

    # 01: the US goods balance with Japan
    t = balance(d)
    fig, ax = figure("The US buys far more from Japan than it sells there", "US goods trade with Japan, USD billions")
    for flow, label in [("imports", "US imports from Japan"), ("exports", "US exports to Japan"), ("balance", "Balance")]:
        ax.plot(t["year"], t[f"{flow}_usd_mn"] / 1e3, label=label)
    ax.axvline(STORY_DATE, color="grey", linestyle=":")
    ax.axhline(0, color="black", linewidth=0.5)
    ax.legend(fontsize=8)
    save(out, "01-us-japan-balance", fig, t, "US Census Bureau")

    # 02: Japan among the largest deficits, 2024
    t = partner_balances(d, 2024)
    top = t[t["balance_usd_bn"] < 0].head(12)
    fig, ax = figure("Japan is one of the larger US goods deficits (2024)", "US goods balance by partner, USD billions")
    barh(ax, top["partner"], top["balance_usd_bn"])
    save(out, "02-deficit-partners-2024", fig, t, "US Census Bureau")

    # 03: ten largest deficits, five largest surpluses, 2022
    t = partner_balances(d, 2022)
    chosen = pd.concat([t[t["balance_usd_bn"] < 0].head(10), t[t["balance_usd_bn"] > 0].tail(5).iloc[::-1]])
    fig, ax = figure("Deficits and surpluses: US goods balance by country, 2022", "USD billions")
    barh(ax, chosen["partner"], chosen["balance_usd_bn"])
    ax.axvline(0, color="black", linewidth=0.5)
    save(out, "03-partner-balances-2022", fig, t, "US Census Bureau")

    # 04: autos beside the deficit with Japan
    autos = autos_imports(d)
    t = autos.merge(balance(d)[["year", "balance_usd_mn"]], on="year", how="left")
    t["gross_share_pct"] = t["imports_usd_mn"] / -t["balance_usd_mn"] * 100
    fig, ax = figure("Cars and parts match most of the US deficit with Japan", "USD billions")
    x = np.arange(len(t))
    ax.bar(x - 0.2, -t["balance_usd_mn"] / 1e3, 0.4, label="US goods deficit with Japan")
    ax.bar(x + 0.2, t["imports_usd_mn"] / 1e3, 0.4, label="US imports of Japanese vehicles, parts, engines")
    ax.set_xticks(x, t["year"].astype(str))
    ax.legend(fontsize=8)
    save(out, "04-autos-share", fig, t, "US Census Bureau, end-use imports")

    # 05: the 25-point levy's revenue loss over elasticity and pass-through (static model)
    v0 = autos.loc[autos["year"] == 2024, "imports_usd_mn"].sum()
    t0, t1 = 0.025, 0.275
    tau = (1 + t1) / (1 + t0) - 1
    grid = []
    for p in [0.0, 0.25, 0.5, 0.75, 1.0]:
        for e in [0.5, 1.0, 1.5, 2.0, 2.5, 3.5, 5.0]:
            buyer = 1 + p * tau
            revenue = v0 * buyer * (1 + t0) / (1 + t1) * buyer**-e
            grid.append({"pass_through": p, "elasticity": e, "loss_usd_bn": (v0 - revenue) / 1e3})
    t = pd.DataFrame(grid)
    fig, ax = figure("Whether a 25% levy costs Japan $20bn a year depends on the elasticity", "USD billions a year")
    for p, rows in t.groupby("pass_through"):
        ax.plot(rows["elasticity"], rows["loss_usd_bn"], marker="o", label=f"pass-through {p:g}")
    ax.axhline(20, color="grey", linestyle=":", label="the story's $20bn")
    ax.set_xlabel("import demand elasticity")
    ax.legend(fontsize=8)
    save(out, "05-tariff-sensitivity", fig, t, "US Census Bureau; static partial equilibrium")

    # 06: the defence budget as an index in yen, dollars, real terms
    b = d["japan_defense_budget"]
    b = latest(b[b["measure"] == "excl_saco_realignment"], ["fiscal_year"])[["fiscal_year", "value"]]
    b = b.rename(columns={"value": "budget_jpy_bn"}).sort_values("fiscal_year")
    fx = d["usd_jpy_annual"].drop_duplicates("year", keep="last")[["year", "jpy_per_usd"]]
    defl = d["deflators"]
    defl = latest(defl[defl["series"] == "us_gdp_deflator"], ["year"])[["year", "value"]]
    defl = defl.rename(columns={"value": "us_gdp_deflator"})
    s = d["sipri_milex"]
    s = s[(s["country"] == "Japan") & (s["vintage"] == "sipri-milex-2026-04")]
    s = s.pivot_table(index="year", columns="measure", values="value", aggfunc="first")
    japan_cpi = (s["local_currency_millions"] / s["constant_usd_millions"]).rename("japan_cpi_implied").reset_index()
    t = b.merge(fx, left_on="fiscal_year", right_on="year", how="left").drop(columns="year")
    t = t.merge(defl, left_on="fiscal_year", right_on="year", how="left").drop(columns="year")
    t = t.merge(japan_cpi, left_on="fiscal_year", right_on="year", how="left").drop(columns="year")
    base_defl = defl.loc[defl["year"] == 2025, "us_gdp_deflator"].squeeze()
    base_cpi = japan_cpi.loc[japan_cpi["year"] == 2025, "japan_cpi_implied"].squeeze()
    t["budget_usd_bn"] = t["budget_jpy_bn"] / t["jpy_per_usd"]
    t["budget_real_usd_bn"] = t["budget_usd_bn"] / t["us_gdp_deflator"] * base_defl
    t["budget_real_jpy_bn"] = t["budget_jpy_bn"] / t["japan_cpi_implied"] * base_cpi
    fig, ax = figure("The same budget grows faster in yen than in dollars", "index FY2015 = 100")
    since = t[t["fiscal_year"] >= 2015]
    for c, label in [
        ("budget_jpy_bn", "in yen (nominal)"),
        ("budget_real_jpy_bn", "in yen (real)"),
        ("budget_usd_bn", "in US dollars (nominal)"),
        ("budget_real_usd_bn", "in US dollars (real, 2025 prices)"),
    ]:
        ax.plot(since["fiscal_year"], since[c] / since[c].iloc[0] * 100, label=label)
    ax.legend(fontsize=8)
    save(out, "06-defence-budget", fig, t, "Japan MoD; Federal Reserve; BEA; SIPRI")

    # 07: military expenditure as a share of GDP, 2014 and 2024
    names = {"United States": "United States of America", "South Korea": "Korea, South"}
    countries = ["Japan", "United States", "China", "South Korea", "Taiwan", "Australia", "United Kingdom"]
    countries += ["France", "Germany", "Italy", "Canada", "India", "Philippines"]
    s = d["sipri_milex"]
    s = s[(s["measure"] == "share_of_gdp_pct") & (s["vintage"] == "sipri-milex-2026-04") & s["year"].isin([2014, 2024])]
    s = s[s["country"].isin([names.get(c, c) for c in countries])]
    t = s.pivot_table(index="country", columns="year", values="value", aggfunc="first").dropna()
    t = t.sort_values(2024).reset_index().rename(columns={2014: "share_2014_pct", 2024: "share_2024_pct"})
    fig, ax = figure("Japan still spends a smaller share of GDP on defence than its allies", "percent of GDP")
    y = np.arange(len(t))
    ax.hlines(y, t["share_2014_pct"], t["share_2024_pct"], color="grey")
    ax.plot(t["share_2014_pct"], y, "o", label="2014")
    ax.plot(t["share_2024_pct"], y, "o", label="2024")
    ax.set_yticks(y, t["country"])
    ax.axvline(2.0, color="grey", linestyle=":", label="NATO 2% guideline")
    ax.legend(fontsize=8)
    save(out, "07-defence-share-of-gdp", fig, t, "SIPRI Military Expenditure Database")

    # 08: US military personnel in Japan, the latest report of each year
    tr = latest(d["us_troops_in_japan"], ["report_date", "service"])
    tr = tr[(tr["service"] == "total") & tr["personnel"].notna()]
    tr = tr[tr["report_date"] == tr.groupby("year")["report_date"].transform("max")]
    t = tr[["year", "report_date", "personnel", "vintage"]].sort_values("year")
    fig, ax = figure("About 55,000 US military personnel are assigned to Japan", "active-duty personnel")
    ax.plot(t["year"], t["personnel"])
    ax.axvline(STORY_DATE, color="grey", linestyle=":")
    ax.set_ylim(bottom=0)
    save(out, "08-us-forces-in-japan", fig, t, "DMDC")

    # 09: Japan's direct investment position in the US
    inv = d["japan_investment_in_us"]
    inv = inv[inv["unit"] == "USD billions"][["year", "measure", "value", "vintage"]]
    t = inv.sort_values(["measure", "year"])
    hc = t[t["measure"] == "fdi_position_historical_cost"]
    fig, ax = figure("Japan is the largest foreign direct investor in the US", "historical-cost basis, USD billions")
    ax.bar(hc["year"].astype(str), hc["value"])
    save(out, "09-investment", fig, t, "BEA via JETRO")

    # 10: Japan's trade with China in dollars
    jc = d["japan_china_trade"]
    jc = jc[
        jc["month"].isna()
        & (jc["flow"] == "total")
        & (jc["unit"] == "JPY billions")
        & (jc["source"] == "mof-monthly")
        & jc["value"].notna()
    ]
    t = jc[["year", "value"]].rename(columns={"value": "total_trade_jpy_bn"}).merge(fx, on="year", how="left")
    t["total_trade_usd_bn"] = t["total_trade_jpy_bn"] / t["jpy_per_usd"]
    fig, ax = figure("Japan's trade with China is worth about $300bn a year", "USD billions")
    ax.plot(t["year"], t["total_trade_usd_bn"])
    ax.set_ylim(bottom=0)
    save(out, "10-japan-china-trade", fig, t, "Japan MOF; Federal Reserve")

    charts = len(list((out / "charts").iterdir()))
    tables = len(list((out / "tables").iterdir()))
    print(f"wrote {charts} chart files and {tables} tables to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: report_peer.py OUT")
    main(Path(sys.argv[1]))
