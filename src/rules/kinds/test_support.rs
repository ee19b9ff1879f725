//! What the kinds' unit tests share: the built-in engines (built once per test run), a
//! plain-text story on a date, and the findings of one rule as rows of found text and
//! replacement (and level) that a test compares with a literal.

use std::sync::LazyLock;

use jiff::civil::Date;

use crate::document::{Document, DocumentOptions, Format};
use crate::engine::{Engine, Settings};
use crate::finding::Finding;
use crate::rules::{Level, RuleSet};

/// The date of the tests' stories: Wednesday, Nov. 26, 2025.
pub(crate) const NOV_26: Date = Date::constant(2025, 11, 26);

/// (found text, preferred replacement) of each finding.
pub(crate) type Found = Vec<(String, Option<String>)>;

/// (found text, preferred replacement, level) of each finding.
pub(crate) type Graded = Vec<(String, Option<String>, Level)>;

static AP: LazyLock<Engine> =
    LazyLock::new(|| Engine::new(RuleSet::builtin("ap").expect("AP pack loads")));
static REUTERS: LazyLock<Engine> =
    LazyLock::new(|| Engine::new(RuleSet::builtin("reuters").expect("Reuters pack loads")));

/// The engine of a built-in profile, `ap` or `reuters`.
pub(crate) fn engine(profile: &str) -> &'static Engine {
    match profile {
        "ap" => &AP,
        "reuters" => &REUTERS,
        other => panic!("no built-in engine for the profile {other:?} in tests"),
    }
}

/// A plain-text story. `date` is the date the caller was told; without one the story's date
/// comes from its text, else it is Nov. 26, 2025.
pub(crate) fn story(text: &str, date: Option<Date>) -> Document {
    Document::new(
        text,
        &DocumentOptions {
            format: Format::Plain,
            date,
            today: NOV_26,
            committed: None,
        },
    )
}

/// Every finding of a profile in a story.
pub(crate) fn check(profile: &str, doc: &Document) -> Vec<Finding> {
    engine(profile).check(doc, &Settings::default())
}

/// The findings of `rule` in `text` on `date`, with their levels.
pub(crate) fn graded(profile: &str, rule: &str, text: &str, date: Date) -> Graded {
    let doc = story(text, Some(date));
    check(profile, &doc)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            let r = f.replacement(doc.text());
            (doc.text()[f.range.clone()].to_string(), r, f.severity)
        })
        .collect()
}

/// The findings of `rule` in `text` on Nov. 26, 2025.
pub(crate) fn found(profile: &str, rule: &str, text: &str) -> Found {
    graded(profile, rule, text, NOV_26)
        .into_iter()
        .map(|(found, replacement, _)| (found, replacement))
        .collect()
}

/// The findings of the AP rule `ap.{rule}` in `text` on Nov. 26, 2025.
pub(crate) fn ap(rule: &str, text: &str) -> Found {
    found("ap", &format!("ap.{rule}"), text)
}

/// Asserts that the AP rule `ap.{rule}` finds nothing in any of `texts`.
pub(crate) fn none(rule: &str, texts: &[&str]) {
    for t in texts {
        assert_eq!(ap(rule, t), vec![], "{rule} fired on {t:?}");
    }
}

/// One finding with a replacement.
pub(crate) fn one(found: &str, replacement: &str) -> Found {
    vec![(found.to_string(), Some(replacement.to_string()))]
}

/// One finding with a replacement, at a level.
pub(crate) fn one_at(found: &str, replacement: &str, level: Level) -> Graded {
    vec![(found.to_string(), Some(replacement.to_string()), level)]
}

/// (rule, found text, preferred replacement or "") of every finding of the dateline rules and
/// the body-state rules in `text`.
pub(crate) fn dateline_findings(
    profile: &str,
    text: &str,
    date: Option<Date>,
) -> Vec<(String, String, String)> {
    check(profile, &story(text, date))
        .into_iter()
        .filter(|f| {
            f.rule.contains(".dateline.")
                || f.rule.ends_with("usage.states")
                || f.rule.ends_with("postal-codes")
                || f.rule.ends_with("state-abbreviations")
        })
        .map(|f| {
            (
                f.rule.to_string(),
                text[f.range.clone()].to_string(),
                f.replacement(text).unwrap_or_default(),
            )
        })
        .collect()
}

/// (found text, preferred replacement) of the one dateline or body-state finding in `text`.
pub(crate) fn dateline_one(profile: &str, text: &str) -> (String, String) {
    let f = dateline_findings(profile, text, None);
    assert_eq!(f.len(), 1, "{text}: {f:?}");
    (f[0].1.clone(), f[0].2.clone())
}

/// A pair of strings.
pub(crate) fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}
