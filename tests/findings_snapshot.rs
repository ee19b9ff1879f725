//! The findings of `copydesk check --format json` over the BBC corpus, the samples, the seed and
//! `tests/stories`, under AP and Reuters, held as text snapshots in `tests/snapshots/`. A change
//! to the rules layer or the engine that changes a finding shows here as a diff; a change meant
//! to change findings rewrites the snapshots with `UPDATE_SNAPSHOTS=1 cargo test --test
//! findings_snapshot` and the diff is reviewed with the change.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");

/// One line per finding, grouped under its file: position, rule, severity, message, and each
/// fix with its safety and edits.
fn render(json: &str) -> String {
    let findings: Vec<Value> = serde_json::from_str(json).expect("check --format json");
    let mut out = String::new();
    let mut file = String::new();
    for f in &findings {
        let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
        let n = |k: &str| f[k].as_u64().unwrap_or_default();
        if s("file") != file {
            file = s("file");
            let _ = writeln!(out, "## {file}");
        }
        let _ = write!(
            out,
            "{}:{}-{}:{} {} {} {:?} {:?}",
            n("line"),
            n("column"),
            n("end_line"),
            n("end_column"),
            s("rule"),
            s("severity"),
            s("text"),
            s("message"),
        );
        for fix in f["fixes"].as_array().into_iter().flatten() {
            let _ = write!(out, " | {}", fix["safety"].as_str().unwrap_or_default());
            for e in fix["edits"].as_array().into_iter().flatten() {
                let _ = write!(
                    out,
                    " {}..{}={:?}",
                    e["start_byte"],
                    e["end_byte"],
                    e["replacement"].as_str().unwrap_or_default()
                );
            }
        }
        out.push('\n');
    }
    out
}

fn check(name: &str, profile: &str, date: &str, paths: &[&str]) {
    if paths.iter().any(|p| !Path::new(p).exists()) {
        eprintln!("skipping {name}: inputs not found");
        return;
    }
    let out = Command::new(BIN)
        .args([
            "check",
            "--format",
            "json",
            "--profile",
            profile,
            "--date",
            date,
        ])
        .args(["--config", "tests/snapshots/empty.toml"])
        .args(paths)
        .output()
        .expect("run copydesk");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = render(&String::from_utf8(out.stdout).expect("UTF-8 output"));
    let path = format!("tests/snapshots/{name}.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if got != want {
        let diff = similar::TextDiff::from_lines(&want, &got);
        let mut shown = String::new();
        for (i, hunk) in diff
            .unified_diff()
            .context_radius(0)
            .iter_hunks()
            .enumerate()
        {
            if i == 40 {
                shown.push_str("…\n");
                break;
            }
            let _ = write!(shown, "{hunk}");
        }
        panic!("{name}: findings differ from {path}:\n{shown}");
    }
}

const STORIES: &[&str] = &["../shared/samples", "../shared/seed", "tests/stories"];

#[test]
fn corpus_ap() {
    check("corpus-ap", "ap", "2005-06-01", &["../shared/corpus/bbc"]);
}

#[test]
fn corpus_reuters() {
    check(
        "corpus-reuters",
        "reuters",
        "2005-06-01",
        &["../shared/corpus/bbc"],
    );
}

#[test]
fn stories_ap() {
    check("stories-ap", "ap", "2025-11-26", STORIES);
}

#[test]
fn stories_reuters() {
    check("stories-reuters", "reuters", "2025-11-26", STORIES);
}
