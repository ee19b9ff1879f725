//! The knowledge tables are data a newsroom audits: this test keeps them consistent.

use copydesk::RuleSet;

#[test]
fn knowledge_tables_are_consistent() {
    for pack in copydesk::rules::builtin_packs() {
        let set = RuleSet::builtin(pack).expect("pack loads");
        let problems = set.knowledge().lint();
        assert!(problems.is_empty(), "{pack}: {:#?}", problems);
    }
}

#[test]
fn knowledge_tables_meet_their_counts() {
    let set = RuleSet::builtin("ap").unwrap();
    let kb = set.knowledge();
    assert!(kb.entities.len() >= 300, "{} entities", kb.entities.len());
    assert!(kb.terms.len() >= 250, "{} terms", kb.terms.len());
    assert!(kb.cities.len() >= 300, "{} cities", kb.cities.len());
    assert_eq!(kb.states.len(), 51);
}

#[test]
fn each_profile_flags_the_other_profiles_spelling() {
    let ap = RuleSet::builtin("ap").unwrap();
    let reuters = RuleSet::builtin("reuters").unwrap();
    let z_ap = ap.knowledge().entity("Zelenskiy").unwrap();
    assert_eq!(z_ap.short.as_deref(), Some("Zelenskyy"));
    assert!(z_ap.other_short.iter().any(|s| s == "Zelenskiy"));
    let z_r = reuters.knowledge().entity("Zelenskyy").unwrap();
    assert_eq!(z_r.short.as_deref(), Some("Zelenskiy"));
    assert!(z_r.other_short.iter().any(|s| s == "Zelenskyy"));
}

#[test]
fn malformed_dates_are_load_errors_with_a_location() {
    let src = copydesk::Source {
        path: "t.toml".into(),
        text: "[[entity]]\nid = \"x\"\nkind = \"person\"\nname = \"X Y\"\n\n[[term]]\nperson = \"X Y\"\noffice = \"President\"\nof = \"Z\"\nstart = \"2025-13-01\"\n".into(),
    };
    let e = RuleSet::load(&[src]).unwrap_err();
    assert_eq!(e.line, 6);
    assert!(e.message.contains("`2025-13-01` is not a date"), "{e}");
}

/// What [`copydesk::rules::Knowledge::lint`] says of one rule file's tables.
fn lint_messages(text: &str) -> Vec<String> {
    let source = copydesk::Source {
        path: "t.toml".into(),
        text: text.into(),
    };
    let set = RuleSet::load(&[source]).unwrap();
    set.knowledge()
        .lint()
        .into_iter()
        .map(|p| p.message)
        .collect()
}

/// The consistency checks themselves: each kind of bad entry is reported.
#[test]
fn lint_reports_each_kind_of_bad_entry() {
    let text = r#"
[[entity]]
id = "a"
kind = "person"
name = "Ann Lee"
short = "Lee"
variants = ["Bo"]

[[entity]]
id = "a"
kind = "person"
name = "Bo Kim"
short = "Kim"

[[term]]
person = "Ann Lee"
office = "President"
of = "Freedonia"
start = "2020-01-01"
end = "2024-01-01"

[[term]]
person = "Bo Kim"
office = "President"
of = "Freedonia"
start = "2023-06-01"

[[term]]
person = "Nobody Known"
office = "Mayor"
of = "Springfield"
start = "2021-01-01"
"#;
    let messages = lint_messages(text);
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.contains("duplicate entity id `a`"))
            .count(),
        1,
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("term of Bo Kim overlaps the term of Ann Lee")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`Nobody Known` is not in the names authority")),
        "{messages:#?}"
    );
}

#[test]
fn lint_reports_a_variant_that_is_another_house_spelling() {
    let text = r#"
[[entity]]
id = "kiev-kyiv"
kind = "place"
name = "Kyiv"
variants = ["Kiev", "Odesa"]

[[entity]]
id = "odesa"
kind = "place"
name = "Odesa"
"#;
    let messages = lint_messages(text);
    assert_eq!(
        messages,
        ["variant `Odesa` is the house spelling of `odesa`"]
    );
}
