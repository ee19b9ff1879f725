//! The two faces agree: for the same file in the same project, `copydesk check` and the
//! language server report the same findings (rule, range, severity, message) and "fix all"
//! writes what `check --fix` writes. The project file chooses the house per path, a date and a
//! level, so the layering of profile, date and levels is exercised on both sides.

mod lsp_support;

use std::path::Path;
use std::process::Command;

use lsp_support::{Client, Enc, apply_edits, capabilities, edits_for, offset, path_uri};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");

const PROJECT: &str = r#"profile = "reuters"
date = "2025-11-26"

[levels]
number = "off"
"reuters.usage" = "error"

[[override]]
paths = ["ap/**"]
profile = "ap"

[override.levels]
"ap.titles" = "info"
"#;

/// One finding, as both faces can say it: rule, byte range, severity, message.
type Said = (String, usize, usize, String, String);

/// The byte offset of a 1-based line and character column.
fn char_offset(text: &str, line: u64, column: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(str::len)
        .sum();
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(column as usize - 1)
            .map_or(rest.len(), |(i, _)| i)
}

fn cli_findings(dir: &Path, rel: &str, text: &str) -> Vec<Said> {
    let out = Command::new(BIN)
        .args(["check", "--format", "json", "--min-severity", "hint", rel])
        .current_dir(dir)
        .output()
        .expect("run copydesk check");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON findings");
    let mut said: Vec<Said> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let n = |k: &str| f[k].as_u64().unwrap();
            (
                f["rule"].as_str().unwrap().to_string(),
                char_offset(text, n("line"), n("column")),
                char_offset(text, n("end_line"), n("end_column")),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    said.sort();
    said
}

fn cli_fixed(dir: &Path, rel: &str) -> String {
    let copy = format!("{rel}.fixed.txt");
    std::fs::copy(dir.join(rel), dir.join(&copy)).unwrap();
    Command::new(BIN)
        .args(["check", "--fix", "--quiet", &copy])
        .current_dir(dir)
        .output()
        .expect("run copydesk check --fix");
    let fixed = std::fs::read_to_string(dir.join(&copy)).unwrap();
    std::fs::remove_file(dir.join(&copy)).unwrap();
    fixed
}

fn severity(n: &Value) -> &'static str {
    match n.as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "info",
        _ => "hint",
    }
}

fn lsp_findings(c: &mut Client, uri: &str, text: &str) -> Vec<Said> {
    let mut said: Vec<Said> = c
        .diagnostics(uri, 1)
        .iter()
        .map(|d| {
            let at = |p: &Value| {
                offset(
                    text,
                    p["line"].as_u64().unwrap(),
                    p["character"].as_u64().unwrap(),
                    Enc::Utf8,
                )
            };
            (
                d["code"].as_str().unwrap().to_string(),
                at(&d["range"]["start"]),
                at(&d["range"]["end"]),
                severity(&d["severity"]).to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    said.sort();
    said
}

fn lsp_fixed(c: &mut Client, uri: &str, text: &str) -> String {
    let actions = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    match actions.as_array().and_then(|a| a.first()) {
        Some(a) => apply_edits(text, &edits_for(&a["edit"], uri), Enc::Utf8),
        None => text.to_string(),
    }
}

#[test]
fn check_and_the_language_server_agree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("copydesk.toml"), PROJECT).unwrap();
    std::fs::create_dir_all(root.join("ap")).unwrap();
    let stories = [
        (
            "../shared/seed/washington-peace-talks-2025-11-26.txt",
            "ap/seed.txt",
        ),
        (
            "../shared/seed/washington-peace-talks-2025-11-26.txt",
            "seed.txt",
        ),
        (
            "../shared/samples/01-boston-office-conversions.txt",
            "ap/boston.txt",
        ),
        (
            "../shared/samples/03-reuters-kyiv-blackouts.txt",
            "kyiv.txt",
        ),
        (
            "tests/stories/12-reuters-london-energy-bills.txt",
            "london.txt",
        ),
        ("tests/stories/06-lahaina-rebuilding.txt", "ap/lahaina.txt"),
    ];
    let mut c = Client::spawn();
    c.initialize(capabilities(Enc::Utf8, json!({})), json!({}), Some(root));
    let mut compared = 0;
    for (from, rel) in stories {
        let text = std::fs::read_to_string(from).expect(from);
        std::fs::write(root.join(rel), &text).unwrap();
        let uri = path_uri(&root.join(rel));
        c.open(&uri, "plaintext", 1, &text);
        let cli = cli_findings(root, rel, &text);
        let lsp = lsp_findings(&mut c, &uri, &text);
        assert!(!cli.is_empty(), "{rel}: no findings to compare");
        let house = if rel.starts_with("ap/") {
            "ap."
        } else {
            "reuters."
        };
        assert!(cli.iter().all(|f| f.0.starts_with(house)), "{rel}: {cli:?}");
        assert!(
            cli.iter().all(|f| !f.0.contains(".numbers.")),
            "{rel}: numbers are off"
        );
        assert_eq!(cli, lsp, "{rel}: the faces disagree");
        let fixed = cli_fixed(root, rel);
        assert_ne!(fixed, text, "{rel}: nothing to fix");
        assert_eq!(lsp_fixed(&mut c, &uri, &text), fixed, "{rel}: fix all");
        compared += cli.len();
    }
    // The per-path house: AP's rules under ap/, Reuters' elsewhere.
    assert!(compared > 50, "{compared} findings compared");
    assert!(c.shutdown().success());
}

#[test]
fn names_that_do_not_exist_are_reported_where_they_were_given() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("copydesk.toml"),
        "[levels]\n\"ap.usage.uss\" = \"off\"\n",
    )
    .unwrap();
    let path = root.join("story.txt");
    let text = "Officials met in the US on Monday.\n";
    std::fs::write(&path, text).unwrap();
    let uri = path_uri(&path);

    // The editor names a profile that does not exist and a misspelt rule: each is a warning
    // naming the setting; the story is still checked with the default house.
    let mut c = Client::spawn();
    c.initialize(
        capabilities(Enc::Utf8, json!({})),
        json!({"copydesk": {"profile": "chicago", "rules": {"ap.usage.usa": "off"}}}),
        Some(root),
    );
    c.open(&uri, "plaintext", 1, text);
    // Everything the server says in the first seconds, none of it consumed by a wait.
    let said = c.drain_for(std::time::Duration::from_secs(5));
    let diags: Vec<&Value> = said
        .iter()
        .filter(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
        })
        .flat_map(|m| m["params"]["diagnostics"].as_array().unwrap())
        .collect();
    assert!(diags.iter().any(|d| d["code"] == "ap.usage.us"), "{said:?}");
    let mut messages: Vec<String> = said
        .iter()
        .filter(|m| m["method"] == "window/showMessage")
        .map(|m| m["params"]["message"].as_str().unwrap().to_string())
        .collect();
    messages.sort();
    let toml = root.join("copydesk.toml");
    assert_eq!(
        messages,
        vec![
            format!(
                "copydesk: {}:2:18: no rule or category `ap.usage.uss` in profile `ap`; did you mean `ap.usage.us`?",
                toml.display()
            ),
            "copydesk: editor setting `copydesk.profile`: unknown profile `chicago`: not a built-in profile (ap, reuters) nor a folder; checking with `ap`".to_string(),
            "copydesk: editor setting `copydesk.rules`: no rule or category `ap.usage.usa` in profile `ap`; did you mean `ap.usage.us`?".to_string(),
        ]
    );
    // No file is blamed for the editor's profile.
    assert!(
        !said
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == path_uri(&toml)
                && !m["params"]["diagnostics"].as_array().unwrap().is_empty()),
        "{said:?}"
    );
    assert!(c.shutdown().success());
}
