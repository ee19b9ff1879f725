//! Every entry of the data tables, tested: each known misspelling of a name is caught and fixed
//! to the house spelling, and each literal term of a substitution rule fires with its
//! replacement. (Rules' own examples are run by `rule_examples.rs`.)

use copydesk::rules::spec::{FiledFrom, Kind, RuleFile};
use copydesk::{
    Document, DocumentOptions, Engine, FixMode, Format, RuleSet, Settings, apply_fixes,
};
use jiff::civil::Date;

fn doc(text: &str) -> Document {
    Document::new(
        text,
        &DocumentOptions {
            format: Format::Plain,
            date: Some(Date::constant(2025, 11, 26)),
            today: Date::constant(2026, 11, 25),
            committed: None,
        },
    )
}

/// Fixes `text` with the findings of `rule` that touch `at`; None when there is none.
fn fix_at(engine: &Engine, text: &str, rule: &str, at: std::ops::Range<usize>) -> Option<String> {
    let d = doc(text);
    let found: Vec<_> = engine
        .check(&d, &Settings::default())
        .into_iter()
        .filter(|f| f.rule == rule && f.range.start < at.end && at.start < f.range.end)
        .collect();
    if found.is_empty() {
        return None;
    }
    Some(apply_fixes(&d, &found, FixMode::Unsafe).0)
}

#[test]
fn every_misspelling_in_the_names_authority_is_fixed() {
    let mut failures = Vec::new();
    let mut tested = 0;
    for pack in copydesk::rules::builtin_packs() {
        let engine = Engine::new(RuleSet::builtin(pack).unwrap());
        let rule = format!("{pack}.names.spelling");
        for e in &engine.rules().knowledge().entities {
            let short = e.short.clone().unwrap_or_else(|| e.name.clone());
            let forms = e
                .other_full
                .iter()
                .map(|f| (f, &e.name))
                .chain(e.other_short.iter().map(|f| (f, &short)));
            for (form, house) in forms {
                tested += 1;
                let text = format!("Officials said {form} would attend.");
                let at = 15..15 + form.len();
                match fix_at(&engine, &text, &rule, at) {
                    Some(fixed) if fixed == format!("Officials said {house} would attend.") => {}
                    Some(fixed) => failures.push(format!(
                        "{pack} {}: {form:?} fixed to {fixed:?}, want {house:?}",
                        e.id
                    )),
                    None => failures.push(format!("{pack} {}: {form:?} not flagged", e.id)),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {tested} forms failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
    assert!(tested > 300, "{tested}");
}

#[test]
fn every_literal_term_fires_with_its_replacement() {
    let mut failures = Vec::new();
    let mut tested = 0;
    for pack in copydesk::rules::builtin_packs() {
        let engine = Engine::new(RuleSet::builtin(pack).unwrap());
        for src in copydesk::rules::builtin_sources(pack).unwrap() {
            let file: RuleFile = toml::from_str(&src.text).unwrap();
            for r in file
                .rule
                .iter()
                .filter(|r| matches!(r.kind(), Kind::Substitution | Kind::Existence))
            {
                if engine
                    .rules()
                    .rule(r.id.get_ref())
                    .is_none_or(|rule| rule.origin.split(':').next() != Some(src.path.as_str()))
                {
                    continue; // overridden by a later file
                }
                // A rule for copy filed from one place gets a dateline there.
                let lead = match r.contexts.filed_from {
                    Some(FiledFrom::Us) => "CHICAGO - ",
                    Some(FiledFrom::Abroad) => "LONDON - ",
                    None => "",
                };
                for t in r.terms() {
                    for find in t.find.as_slice() {
                        tested += 1;
                        let text = format!("{lead}Officials said {find} would matter.");
                        let at = lead.len() + 15..lead.len() + 15 + find.len();
                        match (fix_at(&engine, &text, r.id.get_ref(), at), &t.replace) {
                            (None, _) => {
                                failures.push(format!("{}: {find:?} not flagged", r.id.get_ref()))
                            }
                            (Some(fixed), Some(rep))
                                if r.kind() == Kind::Substitution
                                    && fixed
                                        != format!("{lead}Officials said {rep} would matter.") =>
                            {
                                failures.push(format!(
                                    "{}: {find:?} fixed to {fixed:?}",
                                    r.id.get_ref()
                                ));
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {tested} terms failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
    assert!(tested > 0);
}
