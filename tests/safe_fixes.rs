//! Safe means safe: the exact fix (span, text and safety) that each rewrite of a name, a title,
//! a later reference or a dateline offers in the cases where one used to damage a story; one
//! finding per span where two rules disagree; and `copydesk check --fix` run twice over the
//! samples, the stories and a slice of the corpus, which changes nothing the second time and
//! leaves nothing its rules fixed to be fixed again.

use std::path::Path;
use std::process::Command;

use copydesk::{Document, DocumentOptions, Engine, Format, RuleSet, Safety, Settings};
use jiff::civil::Date;

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");

/// (rule, found text, what the preferred fix makes of it, its safety) of every finding of the
/// rules under `prefix`.
fn fixes(
    profile: &str,
    date: &str,
    text: &str,
    prefix: &str,
) -> Vec<(String, String, String, String)> {
    let engine = Engine::new(RuleSet::builtin(profile).unwrap());
    let doc = Document::new(
        text,
        &DocumentOptions {
            format: Format::Plain,
            date: Some(date.parse::<Date>().unwrap()),
            today: Date::constant(2026, 11, 25),
            committed: None,
        },
    );
    engine
        .check(&doc, &Settings::default())
        .into_iter()
        .filter(|f| f.rule.starts_with(prefix))
        .map(|f| {
            let safety = f
                .fixes
                .first()
                .map_or("none", |x| match x.safety {
                    Safety::Safe => "safe",
                    Safety::Review => "review",
                })
                .to_string();
            (
                f.rule.to_string(),
                text[f.range.clone()].to_string(),
                f.replacement(text).unwrap_or_default(),
                safety,
            )
        })
        .collect()
}

fn row(rule: &str, found: &str, fixed: &str, safety: &str) -> (String, String, String, String) {
    (rule.into(), found.into(), fixed.into(), safety.into())
}

const BBC: &str = "2005-06-01";

#[test]
fn a_later_reference_takes_in_the_description_and_keeps_the_words_around_it() {
    let got = fixes(
        "ap",
        BBC,
        "LONDON (AP) — The plan was attacked by shadow chancellor Oliver Letwin. Voters backed the shadow chancellor Letwin, and critics of shadow chancellor Letwin spoke.\n",
        "ap.reference",
    );
    assert_eq!(
        got,
        [
            row(
                "ap.reference.later-title",
                "the shadow chancellor Letwin",
                "Letwin",
                "review"
            ),
            row(
                "ap.reference.later-title",
                "shadow chancellor Letwin",
                "Letwin",
                "review"
            ),
        ]
    );
    let got = fixes(
        "ap",
        BBC,
        "LONDON (AP) — Tennis great Tim Henman thanked Great Britain captain Jeremy Bates. He said Great Britain captain Bates had been loyal.\n",
        "ap.reference",
    );
    assert_eq!(
        got,
        [row(
            "ap.reference.later-title",
            "Great Britain captain Bates",
            "Bates",
            "review"
        )]
    );
    // A capital at the start of a sentence may or may not be the description's: no fix.
    let got = fixes(
        "ap",
        BBC,
        "LONDON (AP) — The side is led by England coach Andy Robinson. England coach Robinson said so. Earlier coach Robinson left.\n",
        "ap.reference",
    );
    assert_eq!(
        got,
        [
            row("ap.reference.later-title", "coach Robinson", "", "none"),
            row("ap.reference.later-title", "coach Robinson", "", "none"),
        ]
    );
    // A verb before the title is no part of it.
    let got = fixes(
        "ap",
        BBC,
        "LONDON (AP) — Prime Minister Tony Blair spoke. The Tories accepted Prime Minister Tony Blair's promise.\n",
        "ap.reference",
    );
    assert_eq!(
        got,
        [row(
            "ap.reference.later-title",
            "Prime Minister Tony Blair",
            "Blair",
            "review"
        )]
    );
}

#[test]
fn a_later_reference_takes_in_the_whole_name() {
    let got = fixes(
        "ap",
        BBC,
        "SAO PAULO (AP) — President Luiz Inácio Lula da Silva spoke. Later, President Lula da Silva said so.\n",
        "ap.reference",
    );
    // The title goes and the name stays as written: never "Lula da Silva da Silva".
    assert_eq!(
        got,
        [row(
            "ap.reference.later-title",
            "President Lula da Silva",
            "Lula da Silva",
            "review"
        )]
    );
    let got = fixes(
        "ap",
        BBC,
        "NEW YORK (AP) — The suit was brought by New York Attorney General Eliot Spitzer. New York Attorney General Eliot Spitzer sued again.\n",
        "ap.reference",
    );
    assert_eq!(
        got,
        [row(
            "ap.reference.later-title",
            "New York Attorney General Eliot Spitzer",
            "Spitzer",
            "review"
        )]
    );
}

#[test]
fn a_surname_two_people_share_gets_no_later_reference_and_no_safe_fix() {
    let text = "LONDON (AP) — Tony Blair spoke. His wife, Cherie Blair, said the talks went well. Mr Blair left, and Tony Blair said so.\n";
    assert_eq!(fixes("ap", BBC, text, "ap.reference"), []);
    assert_eq!(
        fixes("ap", BBC, text, "ap.titles.courtesy"),
        [row("ap.titles.courtesy", "Mr Blair", "", "none")]
    );
    let text = "LONDON (AP) — Michael Howard spoke. Mrs Howard said so, and Mr Howard agreed.\n";
    assert_eq!(
        fixes("ap", BBC, text, "ap.titles.courtesy"),
        [
            row("ap.titles.courtesy", "Mrs Howard", "", "none"),
            row("ap.titles.courtesy", "Mr Howard", "", "none"),
        ]
    );
    // One person under several spellings of the first words is one person.
    let text = "LONDON (AP) — Singer Courtney Love spoke. Ms Love said so. But Love left.\n";
    assert_eq!(
        fixes("ap", BBC, text, "ap.titles.courtesy"),
        [row("ap.titles.courtesy", "Ms Love", "Love", "safe")]
    );
    // "the Kings Own Scottish Borderers" is a regiment, not a person named twice.
    let text = "LONDON (AP) — The Kings Own Scottish Borderers may merge. The King's Own Scottish Borderers would go.\n";
    assert_eq!(fixes("ap", BBC, text, "ap.reference"), []);
}

#[test]
fn a_courtesy_title_on_a_first_reference_keeps_the_first_name() {
    assert_eq!(
        fixes(
            "ap",
            BBC,
            "LONDON (AP) — Mr. Graham Hartley said so. Later Mr. Hartley left.\n",
            "ap.titles"
        ),
        [
            row(
                "ap.titles.courtesy",
                "Mr. Graham Hartley",
                "Graham Hartley",
                "safe"
            ),
            row("ap.titles.courtesy", "Mr. Hartley", "Hartley", "safe"),
        ]
    );
}

#[test]
fn a_team_captain_is_no_rank_and_a_player_s_representative_no_congressman() {
    let got = fixes(
        "ap",
        BBC,
        "LONDON (AP) — Henman thanked Great Britain Captain Jeremy Bates. Liverpool's Captain Steven Gerrard scored. It has been tough. Captain Fabien Pelous said so. His brother and representative Amadeo Fensao said the offer was short.\n",
        "ap.titles",
    );
    assert_eq!(
        got,
        [row(
            "ap.titles.abbreviate",
            "Captain Fabien Pelous",
            "Capt. Fabien Pelous",
            "review"
        )]
    );
}

#[test]
fn the_most_reverend_takes_one_the() {
    let got = fixes(
        "ap",
        BBC,
        "LONDON (AP) — The Roman Catholic archbishop of Cardiff, the Most Reverend Peter Smith, spoke.\n",
        "ap.titles.abbreviate",
    );
    assert_eq!(
        got,
        [row(
            "ap.titles.abbreviate",
            "Reverend Peter Smith",
            "Rev. Peter Smith",
            "review"
        )]
    );
}

#[test]
fn dropping_former_drops_only_former() {
    let got = fixes(
        "ap",
        "2025-11-26",
        "WASHINGTON (AP) — The plan was backed by former U.S. President Donald Trump, who spoke.\n",
        "ap.titles.current",
    );
    assert_eq!(
        got,
        [row(
            "ap.titles.current",
            "former U.S. President Donald Trump",
            "U.S. President Donald Trump",
            "review"
        )]
    );
    let got = fixes(
        "ap",
        "2025-11-26",
        "WASHINGTON (AP) — Former U.S. President Donald Trump left.\n",
        "ap.titles.current",
    );
    assert_eq!(
        got,
        [row(
            "ap.titles.current",
            "Former U.S. President Donald Trump",
            "U.S. President Donald Trump",
            "review"
        )]
    );
}

#[test]
fn adding_former_keeps_every_word_of_the_title_once() {
    let got = fixes(
        "ap",
        "2025-11-26",
        "LONDON (AP) — Prime Minister Tony Blair spoke. It was backed by U.S. President Joe Biden.\n",
        "ap.titles.current",
    );
    assert_eq!(
        got,
        [
            row(
                "ap.titles.current",
                "Prime Minister Tony Blair",
                "Former Prime Minister Tony Blair",
                "review"
            ),
            row(
                "ap.titles.current",
                "U.S. President Joe Biden",
                "former U.S. President Joe Biden",
                "review"
            ),
        ]
    );
}

#[test]
fn a_misplaced_credit_is_moved_not_doubled() {
    let engine = Engine::new(RuleSet::builtin("ap").unwrap());
    let doc = Document::new(
        "VATICAN CITY — (AP) — Pope Leo XIV spoke on Sunday.\n",
        &DocumentOptions {
            format: Format::Plain,
            date: Some(Date::constant(2025, 11, 26)),
            today: Date::constant(2026, 11, 25),
            committed: None,
        },
    );
    let found = engine.check(&doc, &Settings::default());
    assert_eq!(
        found[0].message,
        "AP dateline: the credit before the dash, not after it. Write “VATICAN CITY (AP) —”."
    );
    let got = fixes(
        "ap",
        "2025-11-26",
        "VATICAN CITY — (AP) — Pope Leo XIV spoke on Sunday.\n",
        "ap.dateline",
    );
    assert_eq!(
        got,
        [row(
            "ap.dateline.format",
            "VATICAN CITY — (AP) —",
            "VATICAN CITY (AP) —",
            "safe"
        )]
    );
}

#[test]
fn a_title_rewrite_keeps_the_punctuation_written() {
    let got = fixes(
        "ap",
        BBC,
        "LONDON (AP) — The speech was given by CBI director-general Digby Jones, who spoke.\n",
        "ap.titles.capitalize",
    );
    assert_eq!(
        got,
        [row(
            "ap.titles.capitalize",
            "director-general Digby Jones",
            "Director-General Digby Jones",
            "review"
        )]
    );
}

#[test]
fn a_money_rewrite_keeps_the_comma_after_the_amount() {
    // The comma after "$10,000.00" is the sentence's; "£5,001and" (a missing space) is no
    // amount "£5" to rewrite by dropping its comma.
    let got = fixes(
        "ap",
        BBC,
        "The prize was $10,000.00, a record. He earns between £5,001and £10,000 for it.\n",
        "ap.numbers.money",
    );
    assert_eq!(
        got,
        [row("ap.numbers.money", "$10,000.00", "$10,000", "safe")]
    );
}

#[test]
fn where_a_title_rule_and_a_later_reference_disagree_the_house_precedence_decides() {
    // The second "former U.S. President Donald Trump" is a later reference: the title goes,
    // and the title check's "drop former" is not offered over the same words.
    let got = fixes(
        "ap",
        "2025-11-26",
        "WASHINGTON (AP) — President Donald Trump spoke. The plan was backed by former U.S. President Donald Trump, who spoke.\n",
        "ap.",
    );
    assert_eq!(
        got,
        [row(
            "ap.reference.later-title",
            "former U.S. President Donald Trump",
            "Trump",
            "review"
        )]
    );
}

/// Copies `from` (files, and folders one level deep) into `to`.
fn copy(from: &Path, to: &Path, take: usize) {
    std::fs::create_dir_all(to).unwrap();
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    entries.sort();
    for p in entries.into_iter().take(take) {
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = walk(dir)
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run copydesk")
}

#[test]
fn fix_twice_changes_nothing_the_second_time_and_leaves_nothing_safe_to_fix() {
    let tmp = tempfile::tempdir().unwrap();
    for profile in ["ap", "reuters"] {
        let work = tmp.path().join(profile);
        copy(Path::new("../shared/samples"), &work.join("samples"), 100);
        copy(Path::new("tests/stories"), &work.join("stories"), 100);
        for part in ["politics", "business", "sport"] {
            copy(
                &Path::new("../shared/corpus/bbc").join(part),
                &work.join("corpus").join(part),
                40,
            );
        }
        let check = [
            "check",
            "--profile",
            profile,
            "--date",
            "2005-06-01",
            "--exit-zero",
        ];
        let args = [&check[..], &["--fix", "."]].concat();
        let before = snapshot(&work);
        let first = run(&work, &args);
        assert!(
            first.status.success(),
            "{}",
            String::from_utf8_lossy(&first.stderr)
        );
        let once = snapshot(&work);
        assert_ne!(before, once, "{profile}: the first --fix changed nothing");
        let second = run(&work, &args);
        assert!(second.status.success());
        let twice = snapshot(&work);
        for ((path, a), (_, b)) in once.iter().zip(&twice) {
            assert_eq!(a, b, "{profile}: a second --fix changed {path}");
        }
        // What is left has no safe fix: the fixed text re-checks clean of what was fixed.
        let json = run(&work, &[&check[..], &["--format", "json", "."]].concat());
        let found: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let left: Vec<String> = found
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["fixes"][0]["safety"] == "safe")
            .map(|f| format!("{}:{} {} {}", f["file"], f["line"], f["rule"], f["text"]))
            .collect();
        assert!(
            left.is_empty(),
            "{profile}: safe fixes left after --fix:\n{}",
            left.join("\n")
        );
    }
}
