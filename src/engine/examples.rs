//! A rule set's own examples, run through the engine: the test every pack is held to.
//!
//! For each rule:
//! - a `bad` example must give at least one finding of that rule, applying those findings'
//!   preferred fixes must give exactly its `fixed` text, and that text must then give no finding
//!   of the rule (a rule whose findings carry no fix leaves the text as it is: `fixed` is then
//!   the `bad` text and is not checked again);
//! - a `good` example must give no finding of that rule;
//! - every rule has at least one `bad` and one `good` example.
//!
//! Each failure names where the example is written (`path:line`), what was expected and what
//! came out. An example is read as plain text unless it says `format = "markdown"`, on its own
//! `date` or else [`EXAMPLE_DATE`]. A rule that is off by default is switched on for its own
//! examples.

use std::fmt;

use jiff::civil::Date;

use super::{Engine, FixMode, Settings, apply_fixes};
use crate::document::{Document, DocumentOptions, Format};
use crate::finding::{Finding, Level};
use crate::rules::{Example, Rule};

/// The story date of an example that gives none.
pub const EXAMPLE_DATE: Date = Date::constant(2025, 11, 26);
/// The day examples are run on (it only matters to a story with no date of its own).
pub const EXAMPLE_TODAY: Date = Date::constant(2026, 11, 25);

/// One example (or one rule) that does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Where the example is written (`path:line`); the rule's place for a missing example.
    pub origin: String,
    pub rule: String,
    /// What was expected and what came out.
    pub problem: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.origin, self.rule, self.problem)
    }
}

/// What running a rule set's examples found.
#[derive(Debug, Clone, Default)]
pub struct ExampleReport {
    /// Rules whose examples were run.
    pub rules: usize,
    /// Examples run.
    pub examples: usize,
    /// Everything that did not hold, in the order of the rules and their examples.
    pub failures: Vec<ExampleFailure>,
}

impl ExampleReport {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs every example of every rule of the engine's rule set.
pub fn test_examples(engine: &Engine) -> ExampleReport {
    let mut report = ExampleReport::default();
    for rule in engine.rules().rules() {
        report.rules += 1;
        let fail = |problem: String| ExampleFailure {
            origin: rule.origin.clone(),
            rule: rule.id.to_string(),
            problem,
        };
        if !rule.examples.iter().any(|e| e.bad.is_some()) {
            report
                .failures
                .push(fail("has no `bad` example (with its `fixed` text)".into()));
        }
        if !rule.examples.iter().any(|e| e.good.is_some()) {
            report.failures.push(fail("has no `good` example".into()));
        }
        for ex in &rule.examples {
            report.examples += 1;
            report
                .failures
                .extend(check_example(engine, rule, ex).into_iter().map(|problem| {
                    ExampleFailure {
                        origin: ex.origin.clone(),
                        rule: rule.id.to_string(),
                        problem,
                    }
                }));
        }
    }
    report
}

/// Runs one example of `rule`; returns what did not hold (nothing when it passes).
pub fn check_example(engine: &Engine, rule: &Rule, ex: &Example) -> Vec<String> {
    let mut problems = Vec::new();
    let date = match ex.date.as_deref().map(str::parse::<Date>) {
        None => EXAMPLE_DATE,
        Some(Ok(d)) => d,
        Some(Err(_)) => {
            let d = ex.date.as_deref().unwrap_or_default();
            return vec![format!("example date `{d}` is not a date (YYYY-MM-DD)")];
        }
    };
    let mut settings = Settings::default();
    if rule.level == Level::Off {
        settings.levels.insert(rule.id.to_string(), Level::Warning);
    }
    let run = |text: &str| {
        let doc = Document::new(
            text,
            &DocumentOptions {
                format: if ex.markdown {
                    Format::Markdown
                } else {
                    Format::Plain
                },
                date: Some(date),
                today: EXAMPLE_TODAY,
                committed: None,
            },
        );
        let found: Vec<Finding> = engine
            .check(&doc, &settings)
            .into_iter()
            .filter(|f| f.rule == rule.id)
            .collect();
        (doc, found)
    };
    if ex.bad.is_none() && ex.good.is_none() {
        problems.push("example has neither `bad` nor `good` text".into());
    }
    if ex.bad.is_none() && ex.fixed.is_some() {
        problems.push("example has `fixed` text but no `bad` text".into());
    }
    if let Some(bad) = &ex.bad {
        let (doc, found) = run(bad);
        if found.is_empty() {
            problems.push(format!("bad example {bad:?} gives no finding of this rule"));
        } else {
            let fixable = found.iter().any(|f| !f.fixes.is_empty());
            let (got, _) = apply_fixes(&doc, &found, FixMode::Unsafe);
            match &ex.fixed {
                None if fixable => problems.push(format!(
                    "bad example {bad:?} has no `fixed` text; the rule's fixes give {got:?}"
                )),
                None => problems.push(format!(
                    "bad example {bad:?} has no `fixed` text; the rule offers no fix, so \
                     `fixed` is the bad text"
                )),
                Some(want) if *want != got => {
                    problems.push(format!("fixing {bad:?} gives {got:?}, expected {want:?}"))
                }
                Some(want) if fixable => {
                    let (_, left) = run(want);
                    if !left.is_empty() {
                        problems.push(format!(
                            "fixed text {want:?} still gives {}",
                            describe(want, &left)
                        ));
                    }
                }
                Some(_) => {}
            }
        }
    }
    if let Some(good) = &ex.good {
        let (_, found) = run(good);
        if !found.is_empty() {
            problems.push(format!(
                "good example {good:?} gives {}",
                describe(good, &found)
            ));
        }
    }
    problems
}

/// "a finding at “text” (message)" for each finding.
fn describe(text: &str, found: &[Finding]) -> String {
    let each: Vec<String> = found
        .iter()
        .map(|f| {
            let at = text.get(f.range.clone()).unwrap_or_default();
            format!("“{at}” ({})", f.message)
        })
        .collect();
    let n = if found.len() == 1 {
        "a finding".to_string()
    } else {
        format!("{} findings", found.len())
    };
    format!("{n} of this rule: {}", each.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleSet, Source};

    fn engine(rule: &str) -> Engine {
        let text = format!(
            "[pack]\nname = \"house\"\n\n[[rule]]\nid = \"house.usage.teh\"\nkind = \
             \"substitution\"\ncategory = \"usage\"\nmessage = \"Write “{{replacement}}”.\"\n\
             terms = [{{ find = \"teh\", replace = \"the\" }}]\n{rule}"
        );
        let src = Source {
            path: "house/usage.toml".into(),
            text,
        };
        Engine::new(RuleSet::load(&[src]).expect("loads"))
    }

    fn failures(rule: &str) -> Vec<String> {
        test_examples(&engine(rule))
            .failures
            .iter()
            .map(|f| f.to_string())
            .collect()
    }

    #[test]
    fn examples_that_hold_pass() {
        let r = test_examples(&engine(
            "examples = [\n  { bad = \"teh cat\", fixed = \"the cat\" },\n  { good = \"the cat\" },\n]",
        ));
        assert_eq!((r.rules, r.examples, r.failures), (1, 2, vec![]));
    }

    #[test]
    fn a_good_example_that_fires_fails_at_its_line() {
        assert_eq!(
            failures(
                "examples = [\n  { bad = \"teh cat\", fixed = \"the cat\" },\n  { good = \"teh dog\" },\n]"
            ),
            [
                "house/usage.toml:12: house.usage.teh: good example \"teh dog\" gives a finding of \
              this rule: “teh” (Write “the”.)"
            ]
        );
    }

    #[test]
    fn a_bad_example_with_another_fixed_text_fails() {
        assert_eq!(
            failures(
                "examples = [\n  { bad = \"teh cat\", fixed = \"a cat\" },\n  { good = \"the cat\" },\n]"
            ),
            [
                "house/usage.toml:11: house.usage.teh: fixing \"teh cat\" gives \"the cat\", \
              expected \"a cat\""
            ]
        );
    }

    #[test]
    fn a_bad_example_with_no_finding_fails() {
        assert_eq!(
            failures(
                "examples = [\n  { bad = \"the cat\", fixed = \"the cat\" },\n  { good = \"the cat\" },\n]"
            ),
            [
                "house/usage.toml:11: house.usage.teh: bad example \"the cat\" gives no finding of \
              this rule"
            ]
        );
    }

    #[test]
    fn a_fixed_text_that_still_fires_fails() {
        // A fix that leaves the word it fixes: "teh" becomes "teh teh"... the second pass still
        // finds it.
        let text = "[pack]\nname = \"house\"\n\n[[rule]]\nid = \"house.usage.wrap\"\nkind = \
                    \"substitution\"\ncategory = \"usage\"\nmessage = \"Write “{replacement}”.\"\n\
                    terms = [{ find = \"cat\", replace = \"cat cat\" }]\nexamples = [\n  { bad = \
                    \"a cat\", fixed = \"a cat cat\" },\n  { good = \"a dog\" },\n]";
        let src = Source {
            path: "house/usage.toml".into(),
            text: text.into(),
        };
        let r = test_examples(&Engine::new(RuleSet::load(&[src]).expect("loads")));
        let got: Vec<String> = r.failures.iter().map(|f| f.to_string()).collect();
        assert_eq!(
            got,
            [
                "house/usage.toml:11: house.usage.wrap: fixed text \"a cat cat\" still gives 2 \
              findings of this rule: “cat” (Write “cat cat”.); “cat” (Write “cat cat”.)"
            ]
        );
    }

    #[test]
    fn missing_examples_and_texts_are_failures() {
        assert_eq!(
            failures("examples = [\n  { good = \"the cat\" },\n  { fixed = \"x\" },\n]"),
            [
                "house/usage.toml:5: house.usage.teh: has no `bad` example (with its `fixed` text)",
                "house/usage.toml:12: house.usage.teh: example has neither `bad` nor `good` text",
                "house/usage.toml:12: house.usage.teh: example has `fixed` text but no `bad` text",
            ]
        );
        assert_eq!(
            failures("examples = [{ bad = \"teh cat\" }]"),
            [
                "house/usage.toml:5: house.usage.teh: has no `good` example",
                "house/usage.toml:10: house.usage.teh: bad example \"teh cat\" has no `fixed` \
                 text; the rule's fixes give \"the cat\"",
            ]
        );
    }

    #[test]
    fn a_bad_date_is_a_failure() {
        assert_eq!(
            failures(
                "examples = [\n  { bad = \"teh cat\", fixed = \"the cat\", date = \"Nov. 26\" },\n  { good = \"the cat\" },\n]"
            ),
            [
                "house/usage.toml:11: house.usage.teh: example date `Nov. 26` is not a date \
              (YYYY-MM-DD)"
            ]
        );
    }

    #[test]
    fn a_rule_off_by_default_is_on_for_its_examples() {
        let r = test_examples(&engine(
            "level = \"off\"\nexamples = [\n  { bad = \"teh cat\", fixed = \"the cat\" },\n  { good = \"the cat\" },\n]",
        ));
        assert_eq!(r.failures, vec![]);
    }
}
