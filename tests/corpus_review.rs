//! The AP profile over the BBC corpus in ../shared/corpus/bbc (real British copy; see
//! tests/corpus_review.md): no name, title or reference finding inside a quotation or a
//! headline, and the most frequent findings stay within 20% of the reviewed counts, so a
//! change that adds false alarms (or loses genuine findings) shows.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use copydesk::document::RegionKind;
use copydesk::{Document, DocumentOptions, Engine, Format, RuleSet, Settings};
use jiff::civil::Date;

const CORPUS: &str = "../shared/corpus/bbc";

/// (rule, found text, count) for the most frequent findings, as reviewed in
/// tests/corpus_review.md.
const TOP: &[(&str, &str, usize)] = &[
    ("ap.usage.us", "US", 1457),
    ("ap.punctuation.inside-quotes", "\".", 1084),
    ("ap.usage.uk", "UK", 962),
    ("ap.titles.courtesy", "Mr Blair", 316),
    ("ap.punctuation.inside-quotes", "\",", 254),
    ("ap.titles.courtesy", "Mr Brown", 252),
    ("ap.usage.american-spelling", "programme", 209),
    ("ap.titles.courtesy", "Mr Howard", 151),
    ("ap.usage.american-spelling", "centre", 145),
    ("ap.usage.word-forms", "e-mail", 127),
    ("ap.usage.american-spelling", "favourite", 95),
    ("ap.usage.american-spelling", "programmes", 91),
    ("ap.usage.attribution", "claimed", 90),
    ("ap.usage.american-spelling", "defence", 86),
    ("ap.usage.american-spelling", "criticised", 84),
    ("ap.usage.american-spelling", "organisation", 70),
    ("ap.usage.american-forms", "towards", 70),
    ("ap.usage.american-spelling", "favour", 66),
    ("ap.titles.courtesy", "Mr Kennedy", 65),
    ("ap.titles.courtesy", "Mr Blunkett", 63),
    ("ap.usage.american-spelling", "organisations", 58),
    ("ap.usage.word-forms", "e-mails", 57),
    ("ap.titles.courtesy", "Mr Kilroy-Silk", 57),
    ("ap.titles.courtesy", "Mr Clarke", 51),
    ("ap.titles.courtesy", "Mr Ebbers", 48),
    ("ap.titles.courtesy", "Mr Straw", 46),
    ("ap.usage.american-spelling", "centres", 45),
    ("ap.usage.american-spelling", "behaviour", 41),
    ("ap.titles.courtesy", "Mr Glazer", 41),
    ("ap.dates.day-month", "5 May", 37),
];

/// Rules that by house style apply inside quotations: AP keeps its own spelling of a spoken
/// name (NM-001) and abbreviates titles before a full name even in quotes (TI-005).
const QUOTE_RULES: &[&str] = &["ap.names.spelling", "ap.titles.abbreviate"];

fn stories() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(sections) = std::fs::read_dir(CORPUS) else {
        return out;
    };
    for s in sections.flatten() {
        if let Ok(files) = std::fs::read_dir(s.path()) {
            out.extend(
                files
                    .flatten()
                    .map(|f| f.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "txt")),
            );
        }
    }
    out.sort();
    out
}

#[test]
fn corpus_review() {
    if !Path::new(CORPUS).is_dir() {
        eprintln!("skipping corpus review: {CORPUS} is absent");
        return;
    }
    let engine = Engine::new(RuleSet::builtin("ap").unwrap());
    let opts = DocumentOptions {
        format: Format::Plain,
        date: Some(Date::constant(2005, 6, 1)),
        today: Date::constant(2026, 1, 1),
        committed: None,
    };
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    let mut problems = Vec::new();
    let mut total = 0;
    for path in stories() {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let doc = Document::new(text, &opts);
        for f in engine.check(&doc, &Settings::default()) {
            total += 1;
            let found = doc.text()[f.range.clone()].to_string();
            let cat = f.category.as_str();
            if matches!(cat, "name" | "title" | "reference") {
                let head = doc.overlaps(&f.range, RegionKind::Headline);
                let quote = doc.in_quote(&f.range) && !QUOTE_RULES.contains(&f.rule.as_str());
                if head || quote {
                    problems.push(format!(
                        "{}: {} {found:?} in a {}",
                        path.display(),
                        f.rule,
                        if head { "headline" } else { "quotation" }
                    ));
                }
            }
            *counts.entry((f.rule.to_string(), found)).or_default() += 1;
        }
    }
    eprintln!("corpus review: {total} findings");
    for (rule, found, want) in TOP {
        let got = counts
            .get(&(rule.to_string(), found.to_string()))
            .copied()
            .unwrap_or(0);
        let (lo, hi) = (want * 4 / 5, want * 6 / 5);
        if got < lo || got > hi {
            problems.push(format!(
                "{rule} {found:?}: {got} findings, reviewed {want} (allowed {lo}..={hi})"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
