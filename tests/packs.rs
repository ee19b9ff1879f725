//! Packs layered on the built-in ones, as a newsroom writes them: a folder with `pack.toml`
//! that includes `common`, `ap` or `reuters`, checked through the real binary.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");

fn pack(dir: &Path, name: &str, include: &str, extra: &str) -> String {
    let p = dir.join(name);
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(
        p.join("pack.toml"),
        format!("[pack]\nname = \"{name}\"\ninclude = [\"{include}\"]\n"),
    )
    .unwrap();
    if !extra.is_empty() {
        std::fs::write(p.join("names.toml"), extra).unwrap();
    }
    p.display().to_string()
}

/// (rule, found text, message, replacement) of every name finding in `text`.
fn names(profile: &str, text: &str) -> Vec<(String, String, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.txt");
    std::fs::write(&story, text).unwrap();
    let out = Command::new(BIN)
        .args([
            "check",
            "--format",
            "json",
            "--date",
            "2025-11-26",
            "--profile",
            profile,
        ])
        .arg(&story)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    all.iter()
        .filter(|f| f["category"] == "name")
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("text"), s("message"), s("replacement"))
        })
        .collect()
}

fn stats(profile: &str) -> String {
    let out = Command::new(BIN)
        .args(["rules", "--stats", "--profile", profile])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const STORY: &str = "KYIV, Ukraine (AP) — Zelenskiy and Zelenskyy met.\n";

#[test]
fn a_pack_on_reuters_speaks_reuters() {
    let dir = tempfile::tempdir().unwrap();
    let house = pack(dir.path(), "house", "reuters", "");
    let found = names(&house, STORY);
    assert_eq!(found.len(), 1, "{found:?}");
    let (rule, text, message, replacement) = &found[0];
    assert_eq!(rule, "reuters.names.spelling");
    assert_eq!(text, "Zelenskyy");
    assert_eq!(replacement, "Zelenskiy");
    assert!(message.contains("Reuters"), "{message}");
    // The built-in profiles each flag the other's form.
    assert_eq!(names("reuters", STORY), found);
    assert_eq!(names("ap", STORY)[0].1, "Zelenskiy");
}

#[test]
fn a_pack_on_common_has_the_knowledge_tables() {
    let dir = tempfile::tempdir().unwrap();
    let house = pack(dir.path(), "house", "common", "");
    let knowledge = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| {
                ["names", "office terms", "dateline cities", "states"]
                    .iter()
                    .any(|k| l.starts_with(k))
            })
            .map(String::from)
            .collect()
    };
    let ours = knowledge(&stats(&house));
    assert_eq!(ours.len(), 4, "{ours:?}");
    assert_eq!(ours, knowledge(&stats("ap")));
}

#[test]
fn a_pack_on_ap_can_spell_one_name_its_own_way() {
    let dir = tempfile::tempdir().unwrap();
    let house = pack(
        dir.path(),
        "house",
        "ap",
        "[[spelling]]\nentity = \"volodymyr-zelenskyy\"\nname = \"Volodymyr Zelensky\"\nshort = \"Zelensky\"\n",
    );
    let found = names(&house, "KYIV, Ukraine (AP) — Zelensky and Zelenskyy met.\n");
    let flagged: Vec<(&str, &str)> = found.iter().map(|f| (f.1.as_str(), f.3.as_str())).collect();
    assert_eq!(flagged, [("Zelenskyy", "Zelensky")]);
    // A spelling of an entity no pack defines is an error at its table.
    let bad = pack(
        dir.path(),
        "bad",
        "ap",
        "\n[[spelling]]\nentity = \"nobody\"\nname = \"X\"\n",
    );
    let out = Command::new(BIN)
        .args(["rules", "--profile", &bad])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("names.toml:2:1: spelling of unknown entity `nobody`"),
        "{err}"
    );
}

/// (rule, found text, message) of every finding in `text` under `profile`.
fn findings(profile: &str, text: &str) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.txt");
    std::fs::write(&story, text).unwrap();
    let out = Command::new(BIN)
        .args(["check", "--format", "json", "--date", "2025-11-26"])
        .args(["--profile", profile])
        .arg(&story)
        .output()
        .unwrap();
    let all: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    all.iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("text"), s("message"))
        })
        .collect()
}

#[test]
fn the_rules_every_house_shares_take_the_house_of_the_pack_on_common() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("courier");
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(
        p.join("pack.toml"),
        "[pack]\nname = \"courier\"\ninclude = [\"common\"]\nhouse = \"The Courier\"\nprefix = \"courier\"\n",
    )
    .unwrap();
    let story = "Officials met in the US on Monday.\n";
    assert_eq!(
        findings(&p.display().to_string(), story),
        [(
            "courier.usage.us".to_string(),
            "US".to_string(),
            "The Courier writes “U.S.” with periods in body text.".to_string()
        )]
    );
    // The built-in houses: the same rule under their own ids and names.
    assert_eq!(findings("ap", story)[0].0, "ap.usage.us");
    assert_eq!(
        findings("reuters", story)[0].2,
        "Reuters writes “U.S.” with periods in body text."
    );
}

/// Every rule id of the built-in profiles is public: ids live in issue trackers, project files
/// and suppression comments. The list was taken when the shared rules moved to `common`.
#[test]
fn every_published_rule_id_still_resolves() {
    let list = std::fs::read_to_string("tests/snapshots/rule-ids.txt").unwrap();
    for profile in ["ap", "reuters"] {
        let out = Command::new(BIN)
            .args(["rules", "--markdown", "--profile", profile])
            .output()
            .unwrap();
        let md = String::from_utf8(out.stdout).unwrap();
        for id in list
            .lines()
            .filter(|l| l.starts_with(&format!("{profile}.")))
        {
            assert!(
                md.contains(&format!("<a id=\"{id}\"></a>")),
                "`{id}` is gone"
            );
        }
    }
}
