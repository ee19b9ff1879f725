//! Re-checks that read again only what changed (`Engine::check_reusing`, as the language server
//! checks a story after each edit) give exactly the findings of a fresh check: after every one
//! of thousands of random edits to real stories (typing, deleting, splitting and joining
//! paragraphs, pasting and removing whole paragraphs), under AP and Reuters. Deterministic (a
//! fixed seed) and bounded in count.

use std::path::Path;

use copydesk::{Document, DocumentOptions, Engine, Format, Reuse, RuleSet, Settings};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

/// What gets typed: words and marks that rules look at, and line breaks.
const TYPED: &[&str] = &[
    "Zelenskiy",
    "President Joe Biden",
    " said ",
    "20 percent",
    "teh",
    "1990's",
    " on Nov. 3, 2025 the ",
    "WASHINGTON (AP) — ",
    "“quoted text”",
    "\"",
    "é",
    "\n",
    "\r\n",
    "\n\n",
    " ",
    ". ",
    "U.S.",
    "nine",
    "Sept. 5",
    "a",
];

fn options(format: Format) -> DocumentOptions {
    DocumentOptions {
        format,
        date: Some(jiff::civil::date(2025, 11, 26)),
        today: jiff::civil::date(2025, 11, 26),
        committed: None,
    }
}

fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The lines of `text` (a plain-text story's paragraphs), as ranges that end after their line
/// break.
fn paragraphs(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        out.push(start..i + 1);
        start = i + 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// One random edit of `text`, as the range replaced and the new text.
fn edit(rng: &mut Rng, text: &str, others: &[String]) -> (std::ops::Range<usize>, String) {
    let at = boundary(text, rng.below(text.len() + 1));
    match rng.below(10) {
        // Type something.
        0..=3 => (at..at, rng.pick(TYPED).to_string()),
        // Delete a few characters.
        4 | 5 => (at..boundary(text, at + 1 + rng.below(12)), String::new()),
        // Split a paragraph, with a line break or a blank line.
        6 => (at..at, ["\n", "\n\n"][rng.below(2)].to_string()),
        // Join two paragraphs.
        7 => match text[at..].find('\n') {
            Some(i) => (at + i..at + i + 1, " ".to_string()),
            None => (at..at, String::new()),
        },
        // Paste a paragraph of another story, or remove one.
        8 => {
            let other = &others[rng.below(others.len())];
            let ps = paragraphs(other);
            let p = &other[ps[rng.below(ps.len())].clone()];
            let start = paragraphs(text)
                .into_iter()
                .map(|r| r.start)
                .nth(rng.below(8))
                .unwrap_or(0);
            (start..start, p.to_string())
        }
        _ => {
            let ps = paragraphs(text);
            (ps[rng.below(ps.len())].clone(), String::new())
        }
    }
}

fn stories() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["tests/stories", "../shared/samples", "../shared/seed"] {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        out.extend(files.iter().map(|p| std::fs::read_to_string(p).unwrap()));
    }
    // Real copy with many titles and names: BBC politics and business stories.
    for dir in ["politics", "business"] {
        let dir = Path::new("../shared/corpus/bbc").join(dir);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        out.extend(
            files
                .iter()
                .take(12)
                .map(|p| std::fs::read_to_string(p).unwrap()),
        );
    }
    out.retain(|s| !s.is_empty());
    out
}

fn soak(profile: &str, seed: u64, edits_per_story: usize) {
    let engine = Engine::new(RuleSet::builtin(profile).expect("the built-in pack loads"));
    let settings = Settings::default();
    let stories = stories();
    assert!(stories.len() >= 10, "{} stories", stories.len());
    let mut rng = Rng(seed);
    let (mut compared, mut reused, mut read) = (0, 0, 0);
    for (n, story) in stories.iter().enumerate() {
        let mut text = story.clone();
        let mut reuse = Reuse::default();
        // Every third story is read as Markdown, where paragraphs end at blank lines.
        let format = if n % 3 == 2 {
            Format::Markdown
        } else {
            Format::Plain
        };
        for i in 0..edits_per_story {
            let (range, new) = edit(&mut rng, &text, &stories);
            text.replace_range(range, &new);
            // Keep each story between a few hundred bytes and a few times its size.
            if text.len() > 4 * story.len() || text.len() < 200 {
                text = story.clone();
            }
            let doc = Document::new(text.as_str(), &options(format));
            let again = engine.check_reusing(&doc, &settings, &mut reuse);
            let fresh = engine.check(&doc, &settings);
            assert_eq!(
                again, fresh,
                "{profile}, story {n}, edit {i}: a re-check differs from a fresh check of {text:?}"
            );
            compared += fresh.len();
            let (r, a) = reuse.last();
            reused += r;
            read += a;
        }
    }
    eprintln!(
        "{profile}: {} stories, {edits_per_story} edits each, {compared} findings compared; \
         {reused} paragraphs taken again, {read} read afresh",
        stories.len()
    );
    // Most paragraphs of an edited story are taken from the check before.
    assert!(reused > 4 * read, "{reused} taken again, {read} read");
}

#[test]
fn re_checks_after_random_edits_equal_fresh_checks_under_ap() {
    soak("ap", 0x1DEA_5EED_0000_0001, 200);
}

#[test]
fn re_checks_after_random_edits_equal_fresh_checks_under_reuters() {
    soak("reuters", 0x1DEA_5EED_0000_0002, 100);
}

#[test]
fn a_one_character_edit_reads_one_paragraph_again() {
    let engine = Engine::new(RuleSet::builtin("ap").expect("the AP pack loads"));
    let story = std::fs::read_to_string("tests/stories/07-kyiv-odesa-strike.txt").unwrap();
    let paragraphs = paragraphs(&story).len();
    assert!(paragraphs > 5, "{paragraphs} paragraphs");
    let mut reuse = Reuse::default();
    let doc = Document::new(story.as_str(), &options(Format::Plain));
    let first = engine.check_reusing(&doc, &Settings::default(), &mut reuse);
    assert_eq!(reuse.last(), (0, paragraphs));
    // The same text again: every paragraph is taken from before.
    let doc = Document::new(story.as_str(), &options(Format::Plain));
    assert_eq!(
        engine.check_reusing(&doc, &Settings::default(), &mut reuse),
        first
    );
    assert_eq!(reuse.last(), (paragraphs, 0));
    // A misspelled name typed at the end of the third paragraph: that one is read again, and
    // the name is found there.
    let third = paragraphs_end(&story, 3);
    let mut edited = story.clone();
    edited.insert_str(third, " Zelenskiy");
    let doc = Document::new(edited.as_str(), &options(Format::Plain));
    let again = engine.check_reusing(&doc, &Settings::default(), &mut reuse);
    assert_eq!(reuse.last(), (paragraphs - 1, 1));
    assert_eq!(again, engine.check(&doc, &Settings::default()));
    let typed: Vec<_> = again
        .iter()
        .filter(|f| f.range.start > third && f.range.start <= third + 1)
        .map(|f| (f.rule.to_string(), f.range.clone()))
        .collect();
    assert_eq!(typed.len(), 1, "{typed:?}");
    assert_eq!(typed[0].1, third + 1..third + 10);
    // Another engine's reuse starts afresh.
    let reuters = Engine::new(RuleSet::builtin("reuters").expect("the Reuters pack loads"));
    let doc = Document::new(edited.as_str(), &options(Format::Plain));
    let other = reuters.check_reusing(&doc, &Settings::default(), &mut reuse);
    assert_eq!(reuse.last(), (0, paragraphs));
    assert_eq!(other, reuters.check(&doc, &Settings::default()));
}

/// Where the `n`th paragraph's words end (before its blank line).
fn paragraphs_end(text: &str, n: usize) -> usize {
    let r = paragraphs(text)[n - 1].clone();
    r.start + text[r].trim_end().len()
}
