//! The edit soak: thousands of random incremental edits sent to the real `copydesk lsp` over
//! standard input and output, checked against a reference model of the text that applies the
//! same LSP semantics (lines end at `\n`, `\r\n` or `\r`; a column past a line's end is the
//! line's end; a column inside a character is that character's start; a line past the last is
//! the end of the document; a reversed range is read start-first). After every batch the
//! diagnostics the server gives on a pull (from a re-check that reads again only the paragraphs
//! that changed) must equal those of a fresh check the engine gives in-process for the model's
//! text: same rules, same ranges, same severities, and each finding's quoted text
//! (`data.found`) must be the model's text at that range. Deterministic (a fixed seed) and
//! bounded in count.

mod lsp_support;

use std::ops::Range;

use copydesk::{
    Document, DocumentOptions, Encoding, Engine, Format, Level, LineIndex, RuleSet, Settings,
};
use lsp_support::{Client, Enc, capabilities};
use serde_json::{Value, json};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

/// What gets typed: words that trigger rules, Unicode that is wide in UTF-16, every kind of
/// line break, quotation marks.
const PIECES: &[&str] = &[
    "Zelenskiy",
    "Zelenskyy",
    "President Joe Biden",
    " said ",
    "20 percent",
    "teh",
    "1990's",
    " on Nov. 3, 2025 the ",
    "KYIV, Ukraine (Reuters) — ",
    "WASHINGTON (AP) — ",
    "“quoted Zelenskiy text”",
    "\"",
    "😀",
    "👩‍👩‍👧",
    "é",
    "ß",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    " ",
    ". ",
    "U.S.",
    "nine",
    "10",
    "Sept. 5",
    "a",
];

const SEED_TEXT: &str = "KYIV, Ukraine (AP) — President Volodymyr Zelenskiy said on Nov. 3 that \
20 percent of the grid was down.\r\n\r\n“We will rebuild,” Zelenskiy said. 😀 The U.S. \
pledged 10 million dollars.\nA 1990's law applies.\r";

fn enc_of(enc: Enc) -> Encoding {
    match enc {
        Enc::Utf8 => Encoding::Utf8,
        Enc::Utf16 => Encoding::Utf16,
    }
}

/// Content ranges of the lines (ends exclude the terminator).
fn lines(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push(start..i);
            i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            start = i;
        } else {
            i += 1;
        }
    }
    out.push(start..b.len());
    out
}

fn units(c: char, enc: Enc) -> u64 {
    match enc {
        Enc::Utf8 => c.len_utf8() as u64,
        Enc::Utf16 => c.len_utf16() as u64,
    }
}

/// The model's reading of an LSP position.
fn offset(text: &str, line: u64, col: u64, enc: Enc) -> usize {
    let ls = lines(text);
    let Some(l) = ls.get(line as usize) else {
        return text.len();
    };
    let mut at = 0;
    for (i, c) in text[l.clone()].char_indices() {
        if at + units(c, enc) > col {
            return l.start + i;
        }
        at += units(c, enc);
    }
    l.end
}

fn position(text: &str, off: usize, enc: Enc) -> (u64, u64) {
    let ls = lines(text);
    let n = ls.iter().rposition(|l| l.start <= off).unwrap_or(0);
    let col = text[ls[n].start..off.min(ls[n].end)]
        .chars()
        .map(|c| units(c, enc))
        .sum();
    (n as u64, col)
}

/// A random position: mostly inside the text, sometimes past a line's end, past the last line,
/// or inside a surrogate pair.
fn random_position(rng: &mut Rng, text: &str, enc: Enc) -> (u64, u64) {
    let ls = lines(text);
    match rng.below(20) {
        0 => (ls.len() as u64 + rng.below(3) as u64, rng.below(10) as u64),
        1 => {
            let l = rng.below(ls.len());
            (
                l as u64,
                position(text, ls[l].end, enc).1 + 1 + rng.below(50) as u64,
            )
        }
        2 => {
            let l = rng.below(ls.len());
            (l as u64, rng.below(400) as u64)
        }
        3 | 4 => {
            // Inside a character that takes more than one code unit.
            let wide: Vec<usize> = text
                .char_indices()
                .filter(|&(_, c)| units(c, enc) > 1)
                .map(|(i, _)| i)
                .collect();
            if wide.is_empty() {
                return (0, 0);
            }
            let (l, c) = position(text, wide[rng.below(wide.len())], enc);
            (l, c + 1)
        }
        _ => {
            let mut off = rng.below(text.len() + 1);
            while !text.is_char_boundary(off) {
                off -= 1;
            }
            position(text, off, enc)
        }
    }
}

/// A position a few characters after `a` (deletions and replacements are mostly local).
fn near(rng: &mut Rng, text: &str, a: (u64, u64), enc: Enc) -> (u64, u64) {
    let start = offset(text, a.0, a.1, enc);
    let n = 1 + rng.below(12);
    let end = text[start..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| start + i);
    position(text, end, enc)
}

/// Applies one change the way the protocol (and the server) reads it.
fn apply(text: &mut String, start: (u64, u64), end: (u64, u64), new: &str, enc: Enc) {
    let mut s = offset(text, start.0, start.1, enc);
    let mut e = offset(text, end.0, end.1, enc);
    if e < s {
        std::mem::swap(&mut s, &mut e);
    }
    text.replace_range(s..e, new);
}

fn random_text(rng: &mut Rng) -> String {
    (0..1 + rng.below(3)).map(|_| rng.pick(PIECES)).collect()
}

type Seen = Vec<(String, (u64, u64), (u64, u64), u64)>;

fn expected(engine: &Engine, text: &str, enc: Enc) -> Seen {
    let opts = DocumentOptions {
        format: Format::Plain,
        date: Some(jiff::civil::date(2025, 11, 26)),
        today: jiff::civil::date(2025, 11, 26),
        committed: None,
    };
    let doc = Document::new(text, &opts);
    let idx = LineIndex::new(text);
    let mut out: Seen = engine
        .check(&doc, &Settings::default())
        .into_iter()
        .filter(|f| f.severity != Level::Off)
        .map(|f| {
            let (s, e) = idx.range(text, f.range.clone(), enc_of(enc));
            let sev = match f.severity {
                Level::Error => 1,
                Level::Warning => 2,
                Level::Info => 3,
                _ => 4,
            };
            (
                f.rule.to_string(),
                (u64::from(s.line), u64::from(s.column)),
                (u64::from(e.line), u64::from(e.column)),
                sev,
            )
        })
        .collect();
    out.sort();
    out
}

fn pulled(client: &mut Client, uri: &str, text: &str, enc: Enc) -> Seen {
    let r = client.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(r["kind"], "full", "{r}");
    let pos = |p: &Value| {
        (
            p["line"].as_u64().expect("line"),
            p["character"].as_u64().expect("character"),
        )
    };
    let mut out: Seen = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|d| {
            let (s, e) = (pos(&d["range"]["start"]), pos(&d["range"]["end"]));
            if let Some(found) = d["data"]["found"].as_str() {
                let at = offset(text, s.0, s.1, enc)..offset(text, e.0, e.1, enc);
                assert_eq!(
                    &text[at], found,
                    "the server quotes text the model does not have"
                );
            }
            (
                d["code"].as_str().expect("code").to_string(),
                s,
                e,
                d["severity"].as_u64().expect("severity"),
            )
        })
        .collect();
    out.sort();
    out
}

fn soak(enc: Enc, seed: u64, batches: usize) {
    let engine = Engine::new(RuleSet::builtin("ap").expect("the AP pack loads"));
    let mut rng = Rng(seed);
    let mut client = Client::spawn();
    client.initialize(
        capabilities(enc, json!({"textDocument": {"diagnostic": {}}})),
        json!({"copydesk": {"profile": "ap", "date": "2025-11-26"}}),
        None,
    );
    let uri = "file:///soak/story.txt";
    let mut text = SEED_TEXT.to_string();
    client.open(uri, "plaintext", 1, &text);
    let (mut edits, mut odd, mut seen) = (0, 0, 0);
    for batch in 0..batches {
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(4) {
            let a = random_position(&mut rng, &text, enc);
            let kind = rng.below(10);
            // Keep the story between a few hundred bytes and a few kilobytes.
            let grow = text.len() < 3000;
            let (b, new) = match kind {
                0..=4 if grow => (a, random_text(&mut rng)),
                0..=6 => (near(&mut rng, &text, a, enc), String::new()),
                7 => (random_position(&mut rng, &text, enc), random_text(&mut rng)),
                _ => (near(&mut rng, &text, a, enc), random_text(&mut rng)),
            };
            let (start, end) = if rng.below(8) == 0 { (b, a) } else { (a, b) };
            if start > end || start.0 as usize >= lines(&text).len() {
                odd += 1;
            }
            apply(&mut text, start, end, &new, enc);
            changes.push(json!({
                "range": {"start": {"line": start.0, "character": start.1},
                          "end": {"line": end.0, "character": end.1}},
                "text": new,
            }));
            edits += 1;
        }
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": batch + 2},
                   "contentChanges": changes}),
        );
        let got = pulled(&mut client, uri, &text, enc);
        let want = expected(&engine, &text, enc);
        seen += want.len();
        assert_eq!(
            got, want,
            "batch {batch} ({edits} edits): the server's diagnostics differ from a fresh check \
             of the model's text {text:?}"
        );
    }
    eprintln!(
        "{enc:?}: {batches} batches, {edits} edits ({odd} out of bounds or reversed), {seen} diagnostics compared"
    );
    assert!(edits >= 2 * batches && odd > 0 && seen >= 2 * batches);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(client.shutdown().success());
}

#[test]
fn utf16_edit_soak_matches_the_model() {
    soak(Enc::Utf16, 0x00C0_FFEE_D15C_0001, 900);
}

#[test]
fn utf8_edit_soak_matches_the_model() {
    soak(Enc::Utf8, 0x0BAD_5EED_0000_0002, 400);
}
