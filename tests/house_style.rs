//! The example newsroom in examples/house-style: its pack's examples hold under
//! `copydesk rules --test`, and its story gives exactly the Courier's findings.

use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");
const DIR: &str = "examples/house-style";

#[test]
fn the_courier_pack_examples_hold() {
    let out = Command::new(BIN)
        .args(["rules", "--test"])
        .current_dir(DIR)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.ends_with("examples: all hold\n"), "{stdout}");
}

#[test]
fn the_courier_story_gives_the_courier_findings() {
    let out = Command::new(BIN)
        .args([
            "check",
            "--format",
            "json",
            "--date",
            "2025-10-04",
            "story.txt",
        ])
        .current_dir(DIR)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let found: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, String, String, String)> = found
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("severity"), s("text"), s("replacement"))
        })
        .collect();
    let want = [
        ("ap.names.spelling", "warning", "Quil", "Quill"),
        (
            "ap.titles.current",
            "error",
            "Mayor Rufus Hale",
            "Former Mayor Rufus Hale",
        ),
        ("ap.usage.us", "error", "US", "U.S."),
        ("ap.names.spelling", "warning", "Okafore", "Okafor"),
        (
            "courier.usage.local",
            "warning",
            "Harvestfest",
            "Harvest Festival",
        ),
    ];
    let want: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    // "Mr. Hale" stays: the Courier switched AP's courtesy-title rule off.
    assert_eq!(got, want);
}
