//! The browser tests (tests/browser/*.mjs): node's test runner driving
//! Chromium through playwright-core, against a running server.

use crate::server::repo_root;

/// Runs `tests/browser/{script}` with `env`; the runner's output when it
/// fails.
pub fn run(script: &str, env: &[(&str, &str)]) -> Result<(), String> {
    let out = std::process::Command::new("node")
        .arg("--test")
        .arg(repo_root().join("tests/browser").join(script))
        .current_dir(repo_root())
        .envs(env.iter().copied())
        .output()
        .map_err(|e| format!("could not run node: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "browser test {script} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
