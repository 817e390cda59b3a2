//! `cargo xtask gen-trade --rows N --out DIR [--seed S]`: synthetic product-level trade in exactly
//! the layout of `tradedef::data::products` (hive `year=YYYY/part-0.parquet` and the sidecar),
//! for benchmarks and scale tests. Not real figures: the sidecar says so.
//!
//! What makes it realistic:
//! - partners: every country and area of the partner registry (`data/partners.csv`) with a Census
//!   code, the largest US partners first, weighted by a Zipf law (a few partners carry most trade);
//! - commodities: HS-10 codes under the real HS-2 chapters (01–97 without the reserved 77),
//!   chapters and codes weighted by Zipf laws (machinery, electrical, vehicles, fuels first);
//! - each (flow, partner, commodity) is traded for a run of consecutive months, as real lines are;
//! - values are heavy-tailed: a log-normal size per line (σ = 2.2) times monthly noise (σ = 0.4),
//!   whole dollars; imports run larger than exports, so most partners show a deficit.
//!
//! The same `--rows` and `--seed` give the same files byte for byte.

use anyhow::{Context, Result, bail};
use clap::Args;
use polars::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use tradedef::data::products::{ProductSidecar, ProductTrade, ProductWriter, VintageEntry};

/// Arguments of `cargo xtask gen-trade`.
#[derive(Debug, Clone, Args)]
pub struct GenArgs {
    /// Number of rows, e.g. 100k, 1M, 10M, 50M.
    #[arg(long, value_parser = parse_count)]
    pub rows: u64,
    /// The dataset folder to write (replaced if it holds synthetic data).
    #[arg(long)]
    pub out: PathBuf,
    /// Random seed.
    #[arg(long, default_value_t = 12)]
    pub seed: u64,
    /// First year.
    #[arg(long, default_value_t = 2015)]
    pub first_year: i32,
    /// Number of years.
    #[arg(long, default_value_t = 10)]
    pub years: i32,
}

/// `100k`, `1M`, `1.5M`, `50000` as a number.
pub fn parse_count(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, scale) = match s.chars().last() {
        Some('k' | 'K') => (&s[..s.len() - 1], 1e3),
        Some('m' | 'M') => (&s[..s.len() - 1], 1e6),
        _ => (s, 1.0),
    };
    let x: f64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a count such as 100k, 1M or 50000"))?;
    Ok((x * scale).round() as u64)
}

/// The largest US partners, by Census code, in order: they head the Zipf ranking.
const LARGEST: [&str; 12] = [
    "2010", "5700", "1220", "4280", "5880", "5520", "5800", "5830", "5330", "4120", "4210", "4759",
];

/// HS chapters in order of weight (the heaviest first), then every other real chapter.
const HEAVY_CHAPTERS: [u8; 12] = [84, 85, 87, 27, 30, 90, 71, 39, 94, 29, 61, 73];

/// The generator's version: a change of what it writes changes this, so cached data is redone.
pub const GENERATOR: u32 = 2;

/// How many of the largest partners trade the heaviest chapters every month.
const ANCHOR_PARTNERS: usize = 5;
/// How many of the heaviest chapters they trade every month.
const ANCHOR_CHAPTERS: usize = 3;

/// SplitMix64: a small, fast, well-mixed generator; deterministic across platforms.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(1e-300);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// Cumulative Zipf weights over `n` ranks with exponent `s`, to sample by binary search.
fn zipf(n: usize, s: f64) -> Vec<f64> {
    let mut acc = 0.0;
    (1..=n)
        .map(|k| {
            acc += 1.0 / (k as f64).powf(s);
            acc
        })
        .collect()
}

fn sample(cumulative: &[f64], rng: &mut Rng) -> usize {
    let x = rng.unit() * cumulative.last().copied().unwrap_or(1.0);
    cumulative
        .partition_point(|&c| c < x)
        .min(cumulative.len() - 1)
}

/// One traded line: a flow, partner and commodity, traded over a run of months.
struct Line {
    exports: bool,
    partner: u32,
    product: u32,
    first: u32,
    months: u32,
    scale: f64,
}

/// The partners of the registry with a Census code (countries and areas), largest first.
fn registry_partners() -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = tradedef::data::partners()?
        .iter()
        .filter(|p| p.kind == "country" || p.kind == "area")
        .filter_map(|p| {
            let code = p.census_code.clone()?;
            Some((
                code,
                p.census_name.clone().unwrap_or_else(|| p.name.clone()),
            ))
        })
        .collect();
    out.sort_by_key(|(code, _)| {
        (
            LARGEST
                .iter()
                .position(|c| c == code)
                .unwrap_or(LARGEST.len()),
            code.clone(),
        )
    });
    out.dedup_by(|a, b| a.0 == b.0);
    if out.len() < 100 {
        bail!(
            "the partner registry has only {} partners with a Census code",
            out.len()
        );
    }
    Ok(out)
}

/// HS-10 codes: chapter (by weight), then 8 digits; unique, in generation order.
fn products(count: usize, rng: &mut Rng) -> Vec<String> {
    let mut chapters: Vec<u8> = HEAVY_CHAPTERS.to_vec();
    chapters.extend((1..=97u8).filter(|c| *c != 77 && !HEAVY_CHAPTERS.contains(c)));
    let weights = zipf(chapters.len(), 1.0);
    let mut seen = HashSet::with_capacity(count);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let chapter = chapters[sample(&weights, rng)];
        let code = format!("{chapter:02}{:08}", rng.below(100_000_000));
        if seen.insert(code.clone()) {
            out.push(code);
        }
    }
    out
}

/// Runs the generator (from a release build when more than 200k rows are asked for).
pub fn run(project: &crate::project::Project, args: &GenArgs) -> Result<()> {
    if cfg!(debug_assertions) && args.rows > 200_000 {
        return crate::project::rerun_in_release(project, "gen-trade");
    }
    let started = std::time::Instant::now();
    let written = generate(args)?;
    eprintln!(
        "gen-trade: {} rows in {} files under {} ({:.1} s)",
        written.rows(),
        written.sidecar().files.len(),
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes the dataset and returns it.
pub fn generate(args: &GenArgs) -> Result<ProductTrade> {
    clear(&args.out)?;
    let partners = registry_partners()?;
    let months_total = (args.years.max(1) * 12) as u32;
    let mut rng = Rng(args.seed ^ 0x7472_6164_6564_6566);
    let product_count = (args.rows / 500).clamp(2_000, 20_000) as usize;
    let codes = products(product_count, &mut rng);
    let partner_weights = zipf(partners.len(), 1.1);
    let product_weights = zipf(codes.len(), 0.9);

    // lines until their months add up to the rows asked for
    let mut lines: Vec<Line> = Vec::new();
    let mut seen: HashSet<u64> = HashSet::new();
    let mut total = 0u64;
    // first, the largest partners trade the heaviest chapters in both directions every month,
    // so questions about them (e.g. Japan's vehicles) have an answer at every size
    for partner in 0..ANCHOR_PARTNERS {
        for &chapter in &HEAVY_CHAPTERS[..ANCHOR_CHAPTERS] {
            let Some(product) = codes
                .iter()
                .position(|c| c.starts_with(&format!("{chapter:02}")))
            else {
                continue;
            };
            for exports in [false, true] {
                let id = (u64::from(exports) << 62) | ((partner as u64) << 32) | product as u64;
                let months = months_total.min((args.rows - total) as u32);
                if months == 0 || !seen.insert(id) {
                    continue;
                }
                let scale = (12.0 + rng.normal()).exp() * if exports { 0.7 } else { 1.3 };
                total += u64::from(months);
                lines.push(Line {
                    exports,
                    partner: partner as u32,
                    product: product as u32,
                    first: 0,
                    months,
                    scale,
                });
            }
        }
    }
    while total < args.rows {
        let exports = rng.unit() < 0.45;
        let partner = sample(&partner_weights, &mut rng) as u32;
        let line_id = |product: u32| {
            (u64::from(exports) << 62) | (u64::from(partner) << 32) | u64::from(product)
        };
        let mut product = sample(&product_weights, &mut rng) as u32;
        if !seen.insert(line_id(product)) {
            // a popular line already drawn: draw again (a uniform product keeps this finite)
            product = rng.below(codes.len() as u64) as u32;
            if !seen.insert(line_id(product)) {
                continue;
            }
        }
        // half the lines trade from the first month on, the others start later
        let first = if rng.unit() < 0.5 {
            0
        } else {
            rng.below(u64::from(months_total)) as u32
        };
        // long runs are common: most lines trade every month once they start
        let room = months_total - first;
        let months = if rng.unit() < 0.7 {
            room
        } else {
            1 + rng.below(u64::from(room)) as u32
        };
        let months = months.min((args.rows - total) as u32);
        let partner_size = 1.0 / (f64::from(partner) + 1.0).powf(0.6);
        let scale =
            (10.0 + 2.2 * rng.normal()).exp() * partner_size * if exports { 0.7 } else { 1.3 };
        total += u64::from(months);
        lines.push(Line {
            exports,
            partner,
            product,
            first,
            months,
            scale,
        });
    }

    let mut sidecar = ProductSidecar::census();
    sidecar.title = "Synthetic US goods trade by HS-10 commodity, partner and month".to_string();
    sidecar.producer = "tradedef `cargo xtask gen-trade` (synthetic: NOT real figures)".to_string();
    sidecar.source_table = format!(
        "synthetic (generator {GENERATOR}), {} rows, seed {}, partners and HS chapters real, values random",
        args.rows, args.seed
    );
    sidecar.url_main = "none (generated)".to_string();
    sidecar.licence = "MIT OR Apache-2.0 (generated by tradedef)".to_string();
    let mut writer = ProductWriter::new(&args.out, sidecar)?;
    let vintage = format!("synthetic-seed-{}", args.seed);
    writer.add_vintage(VintageEntry {
        vintage: vintage.clone(),
        inputs: Vec::new(),
        date_accessed: "generated".to_string(),
    });
    for y in 0..args.years.max(1) {
        let year = args.first_year + y;
        let frame = year_rows(&lines, y as u32, &partners, &codes, &vintage, args.seed)?;
        if frame.height() > 0 {
            writer.write_year(year, frame)?;
        }
    }
    Ok(writer.finish()?)
}

/// The rows of year number `y` (0-based) of every line.
fn year_rows(
    lines: &[Line],
    y: u32,
    partners: &[(String, String)],
    codes: &[String],
    vintage: &str,
    seed: u64,
) -> Result<DataFrame> {
    let (lo, hi) = (y * 12, y * 12 + 12);
    let n: usize = lines
        .iter()
        .map(|l| {
            let (a, b) = (l.first.max(lo), (l.first + l.months).min(hi));
            b.saturating_sub(a) as usize
        })
        .sum();
    let mut flow = Vec::with_capacity(n);
    let mut cty_code = Vec::with_capacity(n);
    let mut cty_name = Vec::with_capacity(n);
    let mut commodity = Vec::with_capacity(n);
    let mut hs2 = Vec::with_capacity(n);
    let mut month = Vec::with_capacity(n);
    let mut value = Vec::with_capacity(n);
    let mut con_value: Vec<Option<f64>> = Vec::with_capacity(n);
    let mut missing: Vec<Option<&str>> = Vec::with_capacity(n);
    for (i, l) in lines.iter().enumerate() {
        let (a, b) = (l.first.max(lo), (l.first + l.months).min(hi));
        for m in a..b {
            let mut noise = Rng(seed ^ ((i as u64) << 8) ^ u64::from(m).wrapping_mul(0x9E37_79B9));
            let v = (l.scale * (0.4 * noise.normal()).exp()).round().max(1.0);
            let (code, name) = &partners[l.partner as usize];
            let product = &codes[l.product as usize];
            flow.push(if l.exports { "exports" } else { "imports" });
            cty_code.push(code.as_str());
            cty_name.push(name.as_str());
            commodity.push(product.as_str());
            hs2.push(&product[..2]);
            month.push((m - lo + 1) as i32);
            value.push(v);
            if l.exports {
                con_value.push(None);
                missing.push(Some("con_value_usd: not defined for exports"));
            } else {
                con_value.push(Some((v * (0.9 + 0.1 * noise.unit())).round()));
                missing.push(None);
            }
        }
    }
    let frame = DataFrame::new_infer_height(vec![
        Column::new("flow".into(), flow),
        Column::new("cty_code".into(), cty_code),
        Column::new("cty_name".into(), cty_name),
        Column::new("commodity".into(), commodity),
        Column::new("comm_lvl".into(), vec!["HS10"; n]),
        Column::new("hs2".into(), hs2),
        Column::new("month".into(), month),
        Column::new("value_usd".into(), value),
        Column::new("con_value_usd".into(), con_value),
        Column::new("vintage".into(), vec![vintage; n]),
        Column::new("missing".into(), missing),
    ])?;
    Ok(frame)
}

/// Removes a previous synthetic dataset in `dir`; refuses to touch anything else.
fn clear(dir: &Path) -> Result<()> {
    let sidecar = dir.join(tradedef::data::products::SIDECAR);
    if !dir.exists() {
        return Ok(());
    }
    if sidecar.is_file() {
        let text = std::fs::read_to_string(&sidecar)?;
        if !text.contains("synthetic: NOT real figures") {
            bail!(
                "{} holds a dataset that is not synthetic; choose another --out",
                dir.display()
            );
        }
    } else if std::fs::read_dir(dir)?.next().is_some() {
        bail!(
            "{} is not empty and holds no dataset; choose another --out",
            dir.display()
        );
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("removing {}", path.display()))?;
        } else {
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_with_suffixes() {
        assert_eq!(parse_count("100k"), Ok(100_000));
        assert_eq!(parse_count("1.5M"), Ok(1_500_000));
        assert_eq!(parse_count("50000"), Ok(50_000));
        assert!(parse_count("ten").is_err());
    }

    #[test]
    fn zipf_sampling_favours_low_ranks() {
        let w = zipf(100, 1.1);
        let mut rng = Rng(7);
        let firsts = (0..10_000).filter(|_| sample(&w, &mut rng) < 10).count();
        assert!(firsts > 5_000, "{firsts}");
    }
}
