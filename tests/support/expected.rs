//! Checks a folder of stories written like ../shared/samples (manifest.json, expected.json)
//! the way the scorer matches: same file and line, overlapping span, same category; traps must
//! stay clean.

use std::path::Path;

use copydesk::{Document, DocumentOptions, Encoding, Engine, Format, RuleSet, Settings};
use jiff::civil::Date;
use serde_json::Value;

/// An expected finding the checker does not produce yet: (file, line, text, why).
pub type Gap = (&'static str, u32, &'static str, &'static str);

fn load(dir: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(name))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()));
    serde_json::from_str(&text).unwrap()
}

/// (line, start column, end column) of a finding, 1-based, columns in characters.
fn span(doc: &Document, r: &std::ops::Range<usize>) -> (u32, u32, u32) {
    let (s, e) = doc
        .line_index()
        .range(doc.text(), r.clone(), Encoding::Utf32);
    let end = if e.line == s.line {
        e.column + 1
    } else {
        u32::MAX
    };
    (s.line + 1, s.column + 1, end)
}

fn known_gap(gaps: &[Gap], file: &str, line: u32, text: &str) -> bool {
    gaps.iter()
        .any(|(f, l, t, _)| *f == file && *l == line && *t == text)
}

/// Every required expected finding missed and every trap hit (problems), and the listed gaps
/// that are now found (closed).
pub fn check(dir: &Path, gaps: &[Gap]) -> (Vec<String>, Vec<String>) {
    let manifest = load(dir, "manifest.json");
    let expected = load(dir, "expected.json");
    let mut problems = Vec::new();
    let mut closed = Vec::new();
    for story in manifest.as_array().unwrap() {
        let file = story["file"].as_str().unwrap();
        let profile = story["profile"].as_str().unwrap();
        // `document_date` is the date given to the checker; null gives none, so the story is
        // dated by its dateline against `today` (or the file's last commit, `committed`).
        let day = |key: &str| story[key].as_str().map(|d| d.parse::<Date>().unwrap());
        let date = day("document_date");
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let engine = Engine::new(RuleSet::builtin(profile).unwrap());
        let doc = Document::new(
            text,
            &DocumentOptions {
                format: Format::Plain,
                date,
                today: day("today").unwrap_or(Date::constant(2026, 11, 25)),
                committed: day("committed"),
            },
        );
        let findings: Vec<_> = engine
            .check(&doc, &Settings::default())
            .into_iter()
            .map(|f| {
                let (line, s, e) = span(&doc, &f.range);
                (
                    line,
                    s,
                    e,
                    f.category.as_str().to_string(),
                    f.replacement(doc.text()),
                    f.rule.to_string(),
                )
            })
            .collect();
        let mut used = vec![false; findings.len()];
        for exp in expected
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["file"] == file)
        {
            let line = exp["line"].as_u64().unwrap() as u32;
            let (s, e) = (
                exp["start_col"].as_u64().unwrap() as u32,
                exp["end_col"].as_u64().unwrap() as u32,
            );
            let overlaps = |f: &(u32, u32, u32, String, Option<String>, String)| {
                f.0 == line && f.1 < e && s < f.2
            };
            let cat = exp["category"].as_str().unwrap();
            let exp_text = exp["text"].as_str().unwrap();
            if cat == "trap" {
                let cats: Vec<&str> = exp["trap_categories"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap())
                    .collect();
                for f in findings
                    .iter()
                    .filter(|f| overlaps(f) && cats.contains(&f.3.as_str()))
                {
                    problems.push(format!(
                        "{file}:{line}: trap {exp_text:?} hit by {} ({})",
                        f.5, f.3
                    ));
                }
            } else if exp["optional"].as_bool() != Some(true) {
                let hit = findings
                    .iter()
                    .enumerate()
                    .find(|(i, f)| !used[*i] && overlaps(f) && f.3 == cat);
                match hit {
                    Some((i, _)) if known_gap(gaps, file, line, exp_text) => {
                        used[i] = true;
                        closed.push(format!("{file}:{line}: {exp_text:?}"));
                    }
                    Some((i, _)) => used[i] = true,
                    None if known_gap(gaps, file, line, exp_text) => {}
                    None => problems.push(format!("{file}:{line}: missed {exp_text:?} ({cat})")),
                }
            }
        }
    }
    (problems, closed)
}
