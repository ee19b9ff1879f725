use jiff::civil::Date;

use crate::engine::{Engine, Settings};
use crate::rules::{Level, RuleSet};
use crate::{Document, DocumentOptions, Format};

fn run(profile: &str, rule: &str, text: &str) -> Vec<(String, Option<String>, Level)> {
    let engine = Engine::new(RuleSet::builtin(profile).expect("pack loads"));
    let doc = Document::new(
        text,
        &DocumentOptions {
            format: Format::Plain,
            date: Some(Date::constant(2025, 11, 26)),
            today: Date::constant(2026, 11, 25),
        },
    );
    engine
        .check(&doc, &Settings::default())
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            let r = f.replacement(doc.text());
            (doc.text()[f.range.clone()].to_string(), r, f.severity)
        })
        .collect()
}

fn later(text: &str) -> Vec<(String, Option<String>, Level)> {
    run("ap", "ap.reference.later-title", text)
}

fn one(found: &str, rep: &str, level: Level) -> Vec<(String, Option<String>, Level)> {
    vec![(found.to_string(), Some(rep.to_string()), level)]
}

#[test]
fn later_reference_drops_the_title() {
    assert_eq!(
        later(
            "DENVER (AP) — Colorado State Patrol Sergeant Ana Ruiz said troopers responded.\n\"Stay home,\" Sgt. Ruiz said at a news conference.\n"
        ),
        one("Sgt. Ruiz", "Ruiz", Level::Warning)
    );
    // The house surname of a known person, qualifier and all.
    assert_eq!(
        later(
            "He met Volodymyr Zelenskiy on Monday.\nUkrainian President Zelenskiy maintained that talks continue.\n"
        ),
        one("Ukrainian President Zelenskiy", "Zelenskyy", Level::Warning)
    );
    assert_eq!(
        later("President Donald Trump spoke. Later, President Trump left."),
        one("President Trump", "Trump", Level::Warning)
    );
    // The first name again.
    assert_eq!(
        later("Sen. Paul Haskins wrote the bill. Paul Haskins said it would pass."),
        one("Paul Haskins", "Haskins", Level::Warning)
    );
}

#[test]
fn later_reference_traps() {
    for text in [
        // Two people who share a surname keep their first names (RF-004).
        "Sgt. Ana Ruiz and Sgt. Carlos Ruiz responded. Sgt. Ruiz said roads were icy.",
        // A name in a quotation stays as spoken (RF-006).
        "Sgt. Ana Ruiz spoke. \"Sgt. Ruiz is right,\" the chief said.",
        // Monarchs and popes keep their titles (RF-005).
        "Pope Leo XIV spoke on Sunday. Pope Leo said peace was possible.",
        // A headline is not a first reference.
        "Sgt. Ana Ruiz warns drivers\nDENVER (AP) — Sgt. Ruiz said roads were icy.\n",
        // The courtesy title is the titles rules' finding.
        "Jane Kemp spoke. Labour spokesman Mr Kemp said so.",
        // "Lord Callaghan" is no full name.
        "Former Prime Minister Lord Callaghan spoke. Lord Callaghan said so.",
    ] {
        assert_eq!(later(text), vec![], "{text}");
    }
}

#[test]
fn first_reference_wants_the_full_name() {
    let first = |t: &str| run("ap", "ap.reference.first-reference", t);
    assert_eq!(
        first("Starmer said the talks would go on."),
        one("Starmer", "Keir Starmer", Level::Info)
    );
    // Out of office, but recently.
    assert_eq!(
        first("Biden said so."),
        one("Biden", "Joe Biden", Level::Info)
    );
    for text in [
        "Prime Minister Keir Starmer spoke. Starmer said the talks would go on.",
        // A headline does not count, but the body's full name does.
        "Starmer speaks\nLONDON (AP) — Keir Starmer spoke. Starmer said so.\n",
        // Part of another name.
        "Brian O'Driscoll scored.",
        "The Trump Tower was busy.",
        // A surname several known people share.
        "Johnson said so.",
    ] {
        assert_eq!(first(text), vec![], "{text}");
    }
}
