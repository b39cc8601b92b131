//! Part f: the Worker's upload size, as `wrangler deploy --dry-run`
//! reports it for the build in worker/build.

use std::process::Command;

use frontdesk_tests::server::repo_root;

use crate::stats::Table;

/// `(total KiB, gzip KiB)` from wrangler's "Total Upload: a KiB / gzip: b KiB".
fn parse(output: &str) -> Option<(f64, f64)> {
    let line = output.lines().find(|l| l.contains("Total Upload:"))?;
    let mut numbers = line
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|s| s.parse::<f64>().ok());
    Some((numbers.next()?, numbers.next()?))
}

pub fn run() {
    crate::step("f: wrangler deploy --dry-run");
    let out_dir = tempfile::tempdir().unwrap();
    let out = Command::new(repo_root().join("node_modules/.bin/wrangler"))
        .args(["deploy", "--dry-run", "--outdir"])
        .arg(out_dir.path())
        .current_dir(repo_root())
        .env("FRONTDESK_SKIP_BUILD", "1")
        .env("CI", "true")
        .output()
        .expect("run wrangler deploy --dry-run");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "wrangler deploy --dry-run failed:\n{text}"
    );
    let (total, gzip) =
        parse(&text).unwrap_or_else(|| panic!("no \"Total Upload\" line in:\n{text}"));
    let mut table = Table::new(&["figure", "KiB"]);
    table.row(vec!["Worker upload".into(), format!("{total:.0}")]);
    table.row(vec!["Worker upload, gzip".into(), format!("{gzip:.0}")]);
    table.print("**f. Worker size** (`wrangler deploy --dry-run`)");
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_wranglers_size_line() {
        let out =
            "Attaching...\nTotal Upload: 5298.12 KiB / gzip: 1358.40 KiB\nYour worker has access";
        assert_eq!(super::parse(out), Some((5298.12, 1358.40)));
    }
}
