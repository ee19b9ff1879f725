//! The story copydesk was designed around (../shared/seed), checked with the AP profile on its
//! date: the findings it exists to catch, pinned with their exact ranges and fixes.

use copydesk::{
    Document, DocumentOptions, Encoding, Engine, FixMode, Format, RuleSet, Settings, apply_fixes,
};
use jiff::civil::Date;

const SEED: &str = "../shared/seed/washington-peace-talks-2025-11-26.txt";

struct Seen {
    rule: String,
    line: u32,
    col: u32,
    end_col: u32,
    text: String,
    replacement: Option<String>,
}

fn check() -> (Document, Vec<copydesk::Finding>, Vec<Seen>) {
    let text = std::fs::read_to_string(SEED).expect("the seed story is beside the repo");
    let engine = Engine::new(RuleSet::builtin("ap").unwrap());
    let doc = Document::new(
        text,
        &DocumentOptions {
            format: Format::Plain,
            date: Some(Date::constant(2025, 11, 26)),
            today: Date::constant(2026, 11, 25),
            committed: None,
        },
    );
    let findings = engine.check(&doc, &Settings::default());
    let seen = findings
        .iter()
        .map(|f| {
            let (s, e) = doc
                .line_index()
                .range(doc.text(), f.range.clone(), Encoding::Utf32);
            assert_eq!(s.line, e.line, "{} spans lines", f.rule);
            Seen {
                rule: f.rule.to_string(),
                line: s.line + 1,
                col: s.column + 1,
                end_col: e.column + 1,
                text: doc.text()[f.range.clone()].to_string(),
                replacement: f.replacement(doc.text()),
            }
        })
        .collect();
    (doc, findings, seen)
}

fn find<'a>(seen: &'a [Seen], rule: &str, line: u32, col: u32) -> &'a Seen {
    seen.iter()
        .find(|s| s.rule == rule && s.line == line && s.col == col)
        .unwrap_or_else(|| panic!("no {rule} finding at {line}:{col}"))
}

#[test]
fn outdated_title_for_the_sitting_president() {
    let (_, _, seen) = check();
    let f = find(&seen, "ap.titles.current", 2, 21);
    assert_eq!(f.text, "Former US President Donald Trump");
    assert_eq!(f.end_col, 53);
    // Only "Former" goes: the "US" after it is the usage rule's ("U.S."), not this one's.
    assert_eq!(f.replacement.as_deref(), Some("US President Donald Trump"));
}

#[test]
fn the_dateline_in_no_house_format() {
    let (_, _, seen) = check();
    let f = find(&seen, "ap.dateline.format", 2, 1);
    assert_eq!((f.text.as_str(), f.end_col), ("Washington, Nov 26:", 20));
    assert_eq!(f.replacement.as_deref(), Some("WASHINGTON (AP) —"));
}

#[test]
fn every_zelenskiy() {
    let (_, _, seen) = check();
    let got: Vec<(u32, u32, u32)> = seen
        .iter()
        .filter(|s| s.rule == "ap.names.spelling" && s.text == "Zelenskiy")
        .map(|s| {
            assert_eq!(s.replacement.as_deref(), Some("Zelenskyy"));
            (s.line, s.col, s.end_col)
        })
        .collect();
    assert_eq!(
        got,
        [(2, 206, 215), (6, 21, 30), (7, 280, 289), (8, 111, 120)]
    );
}

#[test]
fn every_us_in_body_text() {
    let (_, _, seen) = check();
    let got: Vec<(u32, u32)> = seen
        .iter()
        .filter(|s| s.rule == "ap.usage.us")
        .map(|s| {
            assert_eq!(
                (s.text.as_str(), s.replacement.as_deref()),
                ("US", Some("U.S."))
            );
            (s.line, s.col)
        })
        .collect();
    assert_eq!(
        got,
        [
            (2, 28),
            (5, 5),
            (6, 68),
            (7, 191),
            (7, 303),
            (8, 148),
            (8, 282)
        ]
    );
}

#[test]
fn nothing_inside_the_quotations() {
    let (doc, findings, _) = check();
    for quote in ["“tremendous progress”", "“common understanding”"] {
        let at = doc.text().find(quote).unwrap();
        let range = at..at + quote.len();
        let inside: Vec<&str> = findings
            .iter()
            .filter(|f| f.range.start < range.end && range.start < f.range.end)
            .map(|f| f.rule.as_str())
            .collect();
        assert!(inside.is_empty(), "{quote}: {inside:?}");
    }
}

#[test]
fn safe_fixes_leave_quotations_and_converge() {
    let (doc, findings, _) = check();
    let (fixed, applied) = apply_fixes(&doc, &findings, FixMode::Safe);
    assert!(applied > 0);
    assert!(fixed.contains("“tremendous progress”") && fixed.contains("“common understanding”"));
    assert!(fixed.contains("Volodymyr Zelenskyy only if"));
    assert!(!fixed.contains("Zelenskiy"));
}
