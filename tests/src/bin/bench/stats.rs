//! Percentiles, ratios and the Markdown tables the benchmark prints.

use std::time::Duration;

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A sample of durations, sorted once.
pub struct Sample(Vec<Duration>);

impl Sample {
    pub fn new(mut v: Vec<Duration>) -> Sample {
        assert!(!v.is_empty(), "a figure with no measurement");
        v.sort();
        Sample(v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The nearest-rank percentile, `p` in (0, 100].
    pub fn pct(&self, p: f64) -> Duration {
        let rank = ((p / 100.0) * self.0.len() as f64).ceil() as usize;
        self.0[rank.clamp(1, self.0.len()) - 1]
    }

    pub fn p50(&self) -> Duration {
        self.pct(50.0)
    }

    pub fn p99(&self) -> Duration {
        self.pct(99.0)
    }

    pub fn max(&self) -> Duration {
        self.0[self.0.len() - 1]
    }
}

/// `value / base`, printed as `×n`.
pub fn ratio(value: f64, base: f64) -> String {
    if base <= 0.0 {
        return "–".into();
    }
    let r = value / base;
    if r >= 100.0 {
        format!("×{r:.0}")
    } else if r >= 10.0 {
        format!("×{r:.1}")
    } else {
        format!("×{r:.2}")
    }
}

/// A Markdown table, columns padded so it reads in a terminal too.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        assert_eq!(cells.len(), self.header.len(), "a row of the wrong width");
        self.rows.push(cells);
    }

    pub fn print(&self, title: &str) {
        let widths: Vec<usize> = (0..self.header.len())
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| r[i].chars().count())
                    .chain([self.header[i].chars().count(), 3])
                    .max()
                    .unwrap_or(3)
            })
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect();
            format!("| {} |", padded.join(" | "))
        };
        println!("{title}\n");
        println!("{}", line(&self.header));
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        println!("{}", line(&rule));
        for r in &self.rows {
            println!("{}", line(r));
        }
        println!();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let s = Sample::new((1..=100).rev().map(Duration::from_millis).collect());
        assert_eq!(s.p50(), Duration::from_millis(50));
        assert_eq!(s.p99(), Duration::from_millis(99));
        assert_eq!(s.max(), Duration::from_millis(100));
        let one = Sample::new(vec![Duration::from_millis(7)]);
        assert_eq!(one.p50(), one.p99());
    }
}
