//! Every rule's documented examples, executed: a rule can't ship broken or undocumented.

use copydesk::{
    Document, DocumentOptions, Engine, FixMode, Format, RuleSet, Settings, apply_fixes,
};
use jiff::civil::Date;

const DEFAULT_DATE: Date = Date::constant(2025, 11, 26);

fn doc(text: &str, date: Option<&str>, markdown: bool) -> Document {
    let date = date
        .map(|d| d.parse::<Date>().expect("example date"))
        .unwrap_or(DEFAULT_DATE);
    Document::new(
        text,
        &DocumentOptions {
            format: if markdown {
                Format::Markdown
            } else {
                Format::Plain
            },
            date: Some(date),
            today: Date::constant(2026, 11, 25),
        },
    )
}

#[test]
fn every_rule_example_holds() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for pack in copydesk::rules::builtin_packs() {
        let engine = Engine::new(RuleSet::builtin(pack).expect("pack loads"));
        for rule in engine.rules().rules() {
            let bads = rule.examples.iter().filter(|e| e.bad.is_some()).count();
            let goods = rule.examples.iter().filter(|e| e.good.is_some()).count();
            if bads == 0 || goods == 0 {
                failures.push(format!(
                    "{} ({}): needs at least one bad and one good example",
                    rule.id, rule.origin
                ));
            }
            for ex in &rule.examples {
                checked += 1;
                if let Some(bad) = &ex.bad {
                    let d = doc(bad, ex.date.as_deref(), ex.markdown);
                    let found: Vec<_> = engine
                        .check(&d, &Settings::default())
                        .into_iter()
                        .filter(|f| f.rule == rule.id)
                        .collect();
                    if found.is_empty() {
                        failures.push(format!("{}: no finding in bad example {bad:?}", rule.id));
                        continue;
                    }
                    match &ex.fixed {
                        Some(want) => {
                            let (got, _) = apply_fixes(&d, &found, FixMode::Unsafe);
                            if &got != want {
                                failures.push(format!(
                                    "{}: fixing {bad:?}\n      gave {got:?}\n      want {want:?}",
                                    rule.id
                                ));
                            }
                        }
                        None => failures.push(format!(
                            "{}: bad example {bad:?} has no `fixed` text",
                            rule.id
                        )),
                    }
                }
                if let Some(good) = &ex.good {
                    let d = doc(good, ex.date.as_deref(), ex.markdown);
                    let found: Vec<_> = engine
                        .check(&d, &Settings::default())
                        .into_iter()
                        .filter(|f| f.rule == rule.id)
                        .collect();
                    if !found.is_empty() {
                        let texts: Vec<&str> =
                            found.iter().map(|f| &good[f.range.clone()]).collect();
                        failures.push(format!(
                            "{}: finding(s) {texts:?} in good example {good:?}",
                            rule.id
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} examples failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
    assert!(checked > 0);
}
