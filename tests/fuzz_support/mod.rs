//! The properties the fuzz targets check, shared by `fuzz/` (libFuzzer) and
//! `tests/fuzz_regressions.rs` (every saved input, under `cargo test`). Each function takes raw
//! bytes and panics when a property fails.

#![allow(dead_code)]

use std::ops::Range;
use std::sync::OnceLock;

use copydesk::config::Config;
use copydesk::document::RegionKind;
use copydesk::{
    Document, DocumentOptions, Edit, Encoding, Engine, Finding, Fix, FixMode, Format, LineIndex,
    Position, RuleSet, Safety, Settings, Source, apply_fixes,
};
use jiff::civil::date;

fn engine(profile: &'static str) -> &'static Engine {
    static AP: OnceLock<Engine> = OnceLock::new();
    static REUTERS: OnceLock<Engine> = OnceLock::new();
    let cell = if profile == "ap" { &AP } else { &REUTERS };
    cell.get_or_init(|| Engine::new(RuleSet::builtin(profile).expect("built-in pack loads")))
}

fn options(flags: u8) -> DocumentOptions {
    DocumentOptions {
        format: if flags & 1 == 0 {
            Format::Plain
        } else {
            Format::Markdown
        },
        date: (flags & 2 != 0).then(|| date(2025, 11, 26)),
        today: date(2026, 2, 28),
        committed: None,
    }
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_range(text: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what}: range {r:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what}: range {r:?} splits a character"
    );
}

/// The quotations and block quotes of a document, merged where they overlap.
fn quote_spans(doc: &Document) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = doc
        .regions()
        .iter()
        .filter(|r| matches!(r.kind, RegionKind::Quote | RegionKind::BlockQuote))
        .map(|r| r.range.clone())
        .filter(|r| !r.is_empty())
        .collect();
    spans.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    merged
}

/// Applies fixes in both modes: the result is valid UTF-8 by construction; a safe run leaves
/// every quotation's text in place, in order; no fixes means no change.
fn check_fixes(doc: &Document, findings: &[Finding]) {
    let text = doc.text();
    let (safe, n_safe) = apply_fixes(doc, findings, FixMode::Safe);
    let (all, n_all) = apply_fixes(doc, findings, FixMode::Unsafe);
    assert!(n_safe <= findings.len() && n_all <= findings.len());
    if n_safe == 0 {
        assert_eq!(safe, text, "no fix applied, yet the text changed");
    }
    if n_all == 0 {
        assert_eq!(all, text, "no fix applied, yet the text changed");
    }
    let mut at = 0;
    for q in quote_spans(doc) {
        let quoted = &text[q.clone()];
        match safe[at..].find(quoted) {
            Some(i) => at += i + quoted.len(),
            None => panic!("a safe fix changed the quotation {quoted:?} at {q:?}"),
        }
    }
}

/// Arbitrary bytes as a story: the document model and region parser, then both built-in
/// profiles. Every range is inside the text and on character boundaries; positions convert;
/// fixes apply.
pub fn document(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let doc = Document::new(text_of(rest), &options(flags));
    let text = doc.text();
    for r in doc.regions() {
        assert_range(text, &r.range, "region");
    }
    for p in doc.paragraphs() {
        assert_range(text, p, "paragraph");
    }
    assert!(doc.body_start() <= text.len());
    if let Some(dl) = doc.dateline() {
        assert_range(text, &dl.range, "dateline");
    }
    let profile = if flags & 4 == 0 { "ap" } else { "reuters" };
    let findings = engine(profile).check(&doc, &Settings::default());
    for f in &findings {
        assert_range(text, &f.range, &f.rule);
        let _ = doc
            .line_index()
            .range(text, f.range.clone(), Encoding::Utf16);
        let _ = f.replacement(text);
        for fix in &f.fixes {
            for e in &fix.edits {
                assert_range(text, &e.range, &f.rule);
            }
        }
    }
    assert!(
        findings
            .windows(2)
            .all(|w| (w[0].range.start, w[0].range.end, &w[0].rule)
                <= (w[1].range.start, w[1].range.end, &w[1].rule)),
        "findings out of order"
    );
    check_fixes(&doc, &findings);
}

fn encodings() -> [Encoding; 3] {
    [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32]
}

fn width(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.encode_utf16().count(),
        Encoding::Utf32 => s.chars().count(),
    }
}

/// Lines as the LSP specification counts them: ended by `\n`, `\r\n` or `\r`. Returns each
/// line's content range.
fn model_lines(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            lines.push(start..i);
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
    lines.push(start..b.len());
    lines
}

/// `LineIndex` against a model: every offset maps to the position the model gives and back, in
/// all three encodings; arbitrary positions never panic and land on a character boundary.
pub fn line_index(data: &[u8]) {
    let text = text_of(data);
    let idx = &LineIndex::new(&text);
    let lines = model_lines(&text);
    assert_eq!(idx.line_count() as usize, lines.len(), "line count");
    for (n, l) in lines.iter().enumerate() {
        assert_eq!(idx.line_range(n as u32), Some(l.clone()), "line {n}");
    }
    for enc in encodings() {
        for (n, l) in lines.iter().enumerate() {
            for o in (l.start..=l.end).filter(|&o| text.is_char_boundary(o)) {
                let want = Position::new(n as u32, width(&text[l.start..o], enc) as u32);
                let got = idx.position(&text, o, enc);
                assert_eq!(got, want, "offset {o} in {enc:?}");
                assert_eq!(idx.offset(&text, got, enc), Ok(o), "{got:?} in {enc:?}");
            }
            // A column past the end of a line clamps to the line's end.
            let past = Position::new(n as u32, width(&text[l.clone()], enc) as u32 + 1);
            assert_eq!(idx.offset(&text, past, enc), Ok(l.end));
        }
        // Offsets past the end clamp to the end.
        let end = idx.position(&text, text.len(), enc);
        assert_eq!(idx.position(&text, text.len() + 7, enc), end);
        // A line past the last is an error.
        assert!(
            idx.offset(&text, Position::new(lines.len() as u32, 0), enc)
                .is_err()
        );
    }
    // Arbitrary positions taken from the input itself.
    for w in data.chunks(3).take(64) {
        let pos = Position::new(
            u32::from(w[0]) % (lines.len() as u32 + 2),
            w.get(1).map_or(0, |&c| u32::from(c)),
        );
        let enc = encodings()[w.get(2).map_or(0, |&c| usize::from(c) % 3)];
        match idx.offset(&text, pos, enc) {
            Ok(o) => {
                assert!(
                    o <= text.len() && text.is_char_boundary(o),
                    "{pos:?} -> {o}"
                );
                assert_eq!(idx.line_of(o), pos.line, "{pos:?} -> {o}");
            }
            Err(_) => assert!(pos.line as usize >= lines.len()),
        }
    }
}

/// Arbitrary text as a rule file, as a config file, and as a rule's regex pattern. Loading
/// either succeeds or fails with an error that names the file and a line and column inside it.
pub fn rules(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = text_of(rest);
    let check_err = |path: &str, file: &str, e: &copydesk::RuleError| {
        assert_eq!(e.path, path);
        let lines = model_lines(file).len() as u32;
        assert!(
            e.line >= 1 && e.line <= lines,
            "{e}: line outside {lines} lines"
        );
        assert!(e.column >= 1, "{e}");
        assert!(!e.message.is_empty());
    };
    match mode % 3 {
        0 => {
            if let Err(e) = Config::parse("copydesk.toml", &text) {
                check_err("copydesk.toml", &text, &e);
            }
        }
        1 => match RuleSet::load(&[Source {
            path: "house/rules.toml".into(),
            text: text.clone(),
        }]) {
            Ok(set) => run_rules(set, &text),
            Err(e) => check_err("house/rules.toml", &text, &e),
        },
        _ => {
            // The input as a pattern and its replacement template.
            let (find, replace) = text.split_once('\u{0}').unwrap_or((&text, "$0"));
            let file = format!(
                "[[rule]]\nid = \"house.fuzz\"\nkind = \"substitution\"\ncategory = \"usage\"\n\
                 level = \"warning\"\nmessage = \"m {{found}} {{replacement}}\"\n\
                 explanation = \"e\"\nsource = \"s\"\npatterns = [ {{ find = {}, replace = {} }} ]\n",
                toml_string(find),
                toml_string(replace)
            );
            match RuleSet::load(&[Source {
                path: "house/rules.toml".into(),
                text: file.clone(),
            }]) {
                Ok(set) => run_rules(set, &text),
                Err(e) => check_err("house/rules.toml", &file, &e),
            }
        }
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn run_rules(set: RuleSet, text: &str) {
    let engine = Engine::new(set);
    for story in [text, "WASHINGTON (AP) — The president said 20 percent."] {
        let doc = Document::new(story, &options(0));
        let findings = engine.check(&doc, &Settings::default());
        for f in &findings {
            assert_range(doc.text(), &f.range, &f.rule);
        }
        check_fixes(&doc, &findings);
    }
}

/// Reads bytes as a story and a list of fixes for it (some out of range, inverted, inside
/// characters or overlapping), adds the AP profile's own findings, and applies them.
pub fn fixes(data: &[u8]) {
    if data.len() < 2 {
        return;
    }
    let n = usize::from(u16::from_le_bytes([data[0], data[1]])) % (data.len() - 1);
    let (story, mut rest) = data[2..].split_at(n.min(data.len() - 2));
    let doc = Document::new(text_of(story), &options(rest.first().copied().unwrap_or(0)));
    let text = doc.text();
    let mut findings = engine("ap").check(&doc, &Settings::default());
    const PIECES: [&str; 8] = ["", "a", "é", "😀", "\"", "“", "\r\n", "’s"];
    let span = text.len() + 4;
    while rest.len() >= 6 {
        let (c, tail) = rest.split_at(6);
        rest = tail;
        let start = usize::from(u16::from_le_bytes([c[0], c[1]])) % span;
        let end = usize::from(u16::from_le_bytes([c[2], c[3]])) % span;
        let safety = if c[4] & 1 == 0 {
            Safety::Safe
        } else {
            Safety::Review
        };
        let mut edits = vec![Edit {
            range: start..end,
            replacement: PIECES[usize::from(c[5]) % 8].repeat(usize::from(c[5] >> 3) % 3),
        }];
        if c[4] & 2 != 0 {
            // A second edit elsewhere in the same fix.
            edits.push(Edit {
                range: end..(end + usize::from(c[4] >> 2)),
                replacement: PIECES[usize::from(c[4]) % 8].to_string(),
            });
        }
        findings.push(Finding {
            rule: format!("fuzz.{}", findings.len()).into(),
            category: copydesk::Category::Usage,
            severity: copydesk::Level::Warning,
            range: start.min(text.len())..end.min(text.len()),
            message: String::new(),
            fixes: vec![Fix {
                title: String::new(),
                safety,
                edits,
            }],
            url: None,
        });
    }
    check_fixes(&doc, &findings);
}
