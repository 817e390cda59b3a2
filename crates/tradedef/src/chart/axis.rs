//! Scales and tick choice: "nice" round steps, year ticks, and the mapping from data to pixels.

/// A linear map from a data interval onto a pixel interval (which may run backwards, as y does).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub p0: f64,
    pub p1: f64,
}

impl Scale {
    pub fn new(domain: (f64, f64), pixels: (i32, i32)) -> Self {
        Scale {
            d0: domain.0,
            d1: domain.1,
            p0: pixels.0 as f64,
            p1: pixels.1 as f64,
        }
    }

    /// The pixel for a data value (clamped far outside the canvas so plotters never overflows).
    pub fn px(&self, v: f64) -> i32 {
        let span = self.d1 - self.d0;
        let t = if span.abs() < f64::EPSILON {
            0.5
        } else {
            (v - self.d0) / span
        };
        (self.p0 + t * (self.p1 - self.p0))
            .round()
            .clamp(-100_000.0, 100_000.0) as i32
    }
}

/// Ticks at a round step covering `[min, max]`: the domain they span, the step, and the ticks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    pub values: Vec<f64>,
}

/// A round step (1, 2, 2.5 or 5 times a power of ten) giving about `target` intervals.
fn nice_step(span: f64, target: usize) -> f64 {
    let raw = span / target.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 2.5 {
        2.5
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// Round ticks covering `[min, max]` (both finite), with about `target` intervals.
pub(crate) fn nice_ticks(min: f64, max: f64, target: usize) -> Ticks {
    let (mut min, mut max) = if min <= max { (min, max) } else { (max, min) };
    if (max - min).abs() < 1e-12 {
        let pad = if min.abs() > 1e-12 {
            min.abs() * 0.1
        } else {
            1.0
        };
        min -= pad;
        max += pad;
    }
    let step = nice_step(max - min, target);
    let lo = (min / step + 1e-9).floor() * step;
    let hi = (max / step - 1e-9).ceil() * step;
    let count = ((hi - lo) / step).round() as i64;
    let values = (0..=count)
        .map(|i| clean(lo + i as f64 * step, step))
        .collect();
    Ticks {
        lo: clean(lo, step),
        hi: clean(hi, step),
        step,
        values,
    }
}

/// Integer-year ticks for a year axis spanning `[min, max]`, at most about `target` of them.
pub(crate) fn year_ticks(min: f64, max: f64, target: usize) -> Vec<f64> {
    let first = min.ceil() as i64;
    let last = max.floor() as i64;
    if last < first {
        return vec![];
    }
    let span = (last - first) as f64;
    let step = [1i64, 2, 5, 10, 20, 25, 50, 100]
        .into_iter()
        .find(|s| span / *s as f64 <= target.max(1) as f64)
        .unwrap_or(100);
    let start = first + (step - first.rem_euclid(step)) % step;
    (0..)
        .map(|i| start + i * step)
        .take_while(|y| *y <= last)
        .map(|y| y as f64)
        .collect()
}

/// Rounds away float noise (0.30000000000000004) and negative zero.
fn clean(v: f64, step: f64) -> f64 {
    let r = (v / step).round() * step;
    let r = (r * 1e9).round() / 1e9;
    if r == 0.0 { 0.0 } else { r }
}

/// How many ticks to aim for along `span` pixels when each tick wants `spacing` pixels: 2 to 8.
pub(crate) fn tick_target(span: i32, spacing: f64) -> usize {
    ((span as f64) / spacing).round().clamp(2.0, 8.0) as usize
}

/// The finite minimum and maximum of some values, or `None` if there is none.
pub(crate) fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover() {
        let t = nice_ticks(-68_253.0, 0.0, 5);
        assert_eq!(t.step, 20_000.0);
        assert_eq!(t.lo, -80_000.0);
        assert_eq!(t.hi, 0.0);
        assert_eq!(t.values.len(), 5);
        let t = nice_ticks(0.93, 1.8, 4);
        assert!(t.lo <= 0.93 && t.hi >= 1.8);
        let t = nice_ticks(5.0, 5.0, 4);
        assert!(t.lo < 5.0 && t.hi > 5.0);
    }

    #[test]
    fn years() {
        assert_eq!(
            year_ticks(1985.0, 2024.0, 8),
            vec![
                1985.0, 1990.0, 1995.0, 2000.0, 2005.0, 2010.0, 2015.0, 2020.0
            ]
        );
        assert_eq!(
            year_ticks(2020.0, 2024.5, 8),
            vec![2020.0, 2021.0, 2022.0, 2023.0, 2024.0]
        );
        assert!(year_ticks(2020.2, 2020.8, 8).is_empty());
    }

    #[test]
    fn scale_maps_and_flips() {
        let s = Scale::new((0.0, 10.0), (500, 100));
        assert_eq!(s.px(0.0), 500);
        assert_eq!(s.px(10.0), 100);
        assert_eq!(s.px(5.0), 300);
    }
}
