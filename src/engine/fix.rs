//! Applying fixes: deterministic overlap resolution, never inside a quotation unless asked, and
//! [`Engine::fix`], which fixes to a fixed point.

use std::ops::Range;

use super::{Edit, Engine, Finding, Settings};
use crate::document::{Document, DocumentOptions};
use crate::rules::Safety;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only.
    Safe,
    /// Safe and review-level fixes.
    Unsafe,
}

/// At most this many rounds of check-and-fix; fixes that keep producing new fixes stop here.
pub const FIX_PASSES: usize = 10;

/// One fix that [`Engine::fix`] applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The pass it was applied in, from 1.
    pub pass: usize,
    pub rule: String,
    /// The finding's range in the text of that pass.
    pub range: Range<usize>,
    /// The text the finding covered, and what the fix made of that span.
    pub found: String,
    pub replacement: String,
}

/// The result of [`Engine::fix`].
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The story after fixing (its text is the new text).
    pub doc: Document,
    /// What is still found in the new text.
    pub findings: Vec<Finding>,
    /// Every fix applied, pass by pass, in order of position.
    pub applied: Vec<Applied>,
    /// Passes that changed the text.
    pub passes: usize,
    /// False when the pass limit stopped fixing while fixes were still applying; the text is
    /// then the result of the last pass, and fixing it again would change it.
    pub settled: bool,
}

impl Fixed {
    /// The new text.
    pub fn text(&self) -> &str {
        self.doc.text()
    }
}

impl Engine {
    /// Checks `doc` and applies the fixes `mode` allows, again and again until a check finds
    /// nothing more to fix or [`FIX_PASSES`] passes have run, so that fixing the result
    /// changes nothing. Each pass re-reads the text with `opts`. A safe-mode run never edits
    /// inside a quotation; fixes replace only their own ranges, so line endings stay.
    pub fn fix(
        &self,
        doc: &Document,
        opts: &DocumentOptions,
        settings: &Settings,
        mode: FixMode,
    ) -> Fixed {
        let mut doc = doc.clone();
        let mut applied = Vec::new();
        let mut passes = 0;
        loop {
            let findings = self.check(&doc, settings);
            let chosen = choose(&doc, &findings, mode);
            let next = splice(doc.text(), &chosen);
            if chosen.is_empty() || next == doc.text() {
                return Fixed {
                    doc,
                    findings,
                    applied,
                    passes,
                    settled: true,
                };
            }
            if passes == FIX_PASSES {
                return Fixed {
                    doc,
                    findings,
                    applied,
                    passes,
                    settled: false,
                };
            }
            passes += 1;
            let text = doc.text();
            for c in &chosen {
                let f = &findings[c.finding];
                applied.push(Applied {
                    pass: passes,
                    rule: f.rule.to_string(),
                    range: f.range.clone(),
                    found: text[f.range.clone()].to_string(),
                    replacement: c.replacement(text, &f.range),
                });
            }
            doc = Document::new(next, opts);
        }
    }
}

/// A finding whose preferred fix was taken.
struct Chosen<'a> {
    finding: usize,
    edits: &'a [Edit],
}

impl Chosen<'_> {
    /// What the finding's range reads after this fix's edits.
    fn replacement(&self, text: &str, range: &Range<usize>) -> String {
        let start = self
            .edits
            .iter()
            .map(|e| e.range.start)
            .min()
            .unwrap_or(range.start)
            .min(range.start);
        let end = self
            .edits
            .iter()
            .map(|e| e.range.end)
            .max()
            .unwrap_or(range.end)
            .max(range.end);
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|e| e.range.start);
        let mut out = String::new();
        let mut at = start;
        for e in edits {
            out.push_str(&text[at..e.range.start]);
            out.push_str(&e.replacement);
            at = e.range.end;
        }
        out.push_str(&text[at..end]);
        out
    }
}

/// The fixes to apply, in order of position (then rule id); a fix whose edits overlap an edit
/// already taken is skipped, so the result is the same every time.
fn choose<'a>(doc: &Document, findings: &'a [Finding], mode: FixMode) -> Vec<Chosen<'a>> {
    let text = doc.text();
    let mut taken: Vec<&Edit> = Vec::new();
    let mut out = Vec::new();
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&findings[a], &findings[b]);
        (a.range.start, &a.rule).cmp(&(b.range.start, &b.rule))
    });
    for i in order {
        let Some(fix) = findings[i].fixes.first() else {
            continue;
        };
        if mode == FixMode::Safe && fix.safety != Safety::Safe {
            continue;
        }
        let valid = fix.edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
                && !(mode == FixMode::Safe && doc.in_quote(&e.range))
        });
        let overlaps = fix.edits.iter().any(|e| {
            taken.iter().any(|c| {
                e.range.start < c.range.end && c.range.start < e.range.end
                    || (e.range.is_empty() || c.range.is_empty()) && e.range.start == c.range.start
            })
        });
        // An edit list that overlaps itself cannot be applied either.
        let self_overlap = fix.edits.iter().enumerate().any(|(j, e)| {
            fix.edits[j + 1..]
                .iter()
                .any(|c| e.range.start < c.range.end && c.range.start < e.range.end)
        });
        if !valid || overlaps || self_overlap {
            continue;
        }
        taken.extend(fix.edits.iter());
        out.push(Chosen {
            finding: i,
            edits: &fix.edits,
        });
    }
    out
}

/// `text` with every chosen edit applied.
fn splice(text: &str, chosen: &[Chosen]) -> String {
    let mut edits: Vec<&Edit> = chosen.iter().flat_map(|c| c.edits.iter()).collect();
    edits.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Applies the preferred fix of each finding that `mode` allows, once (see [`Engine::fix`]
/// for fixing to a fixed point). Fixes are taken in order of position (then rule id); a fix
/// whose edits overlap an edit already taken is skipped, so the result is the same every time.
/// A safe-mode run never edits inside a quotation. Returns the new text and the number of
/// fixes applied.
pub fn apply_fixes(doc: &Document, findings: &[Finding], mode: FixMode) -> (String, usize) {
    let chosen = choose(doc, findings, mode);
    (splice(doc.text(), &chosen), chosen.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::rules::{RuleSet, Source};

    /// A substitution rule `id` turning each `find` into its `replace`.
    fn rule(id: &str, terms: &[(&str, &str)]) -> String {
        let terms: Vec<String> = terms
            .iter()
            .map(|(f, r)| format!("{{ find = \"{f}\", replace = \"{r}\" }}"))
            .collect();
        let (f, r) = terms_example(terms.len(), id);
        format!(
            "[[rule]]\nid = \"{id}\"\nkind = \"substitution\"\ncategory = \"usage\"\nlevel = \"warning\"\n\
             message = \"Write {{replacement}}.\"\nexplanation = \"A test.\"\nsource = \"Test\"\n\
             contexts = {{ quotes = true }}\nterms = [{}]\nexamples = [{{ bad = \"{f}\", fixed = \"{r}\" }}, {{ good = \"fine\" }}]\n",
            terms.join(", ")
        )
    }

    fn terms_example(_n: usize, id: &str) -> (&'static str, &'static str) {
        match id {
            "t.chain" => ("alpha", "beta"),
            _ => ("ping", "pong"),
        }
    }

    fn engine(rules: &[String]) -> Engine {
        let sources = vec![Source {
            path: "t.toml".into(),
            text: rules.concat(),
        }];
        Engine::new(RuleSet::load(&sources).unwrap())
    }

    fn opts() -> DocumentOptions {
        DocumentOptions {
            format: Format::Plain,
            date: None,
            today: jiff::civil::date(2025, 11, 26),
            committed: None,
        }
    }

    #[test]
    fn fixes_until_nothing_is_left_to_fix() {
        let e = engine(&[rule("t.chain", &[("alpha", "beta"), ("beta", "gamma")])]);
        let doc = Document::new("One alpha here, “alpha” there.", &opts());
        let f = e.fix(&doc, &opts(), &Settings::default(), FixMode::Safe);
        assert_eq!(f.text(), "One gamma here, “alpha” there.");
        assert!(f.settled);
        assert_eq!(f.passes, 2);
        assert_eq!(
            f.applied,
            vec![
                Applied {
                    pass: 1,
                    rule: "t.chain".into(),
                    range: 4..9,
                    found: "alpha".into(),
                    replacement: "beta".into(),
                },
                Applied {
                    pass: 2,
                    rule: "t.chain".into(),
                    range: 4..8,
                    found: "beta".into(),
                    replacement: "gamma".into(),
                },
            ]
        );
        // The quotation's finding stays, with its fix for review.
        assert_eq!(f.findings.len(), 1);
        assert_eq!(f.findings[0].range, 19..24);
        assert_eq!(f.findings[0].fixes[0].safety, Safety::Review);
        // One pass, as `apply_fixes` makes, stops half-way.
        let once = apply_fixes(&doc, &e.check(&doc, &Settings::default()), FixMode::Safe);
        assert_eq!(once, ("One beta here, “alpha” there.".to_string(), 1));
        // Unsafe mode rewrites the quotation too.
        let all = e.fix(&doc, &opts(), &Settings::default(), FixMode::Unsafe);
        assert_eq!(all.text(), "One gamma here, “gamma” there.");
    }

    #[test]
    fn the_pass_limit_stops_fixes_that_never_settle() {
        let e = engine(&[rule("t.cycle", &[("ping", "pong"), ("pong", "ping")])]);
        let doc = Document::new("A ping.", &opts());
        let f = e.fix(&doc, &opts(), &Settings::default(), FixMode::Safe);
        assert!(!f.settled);
        assert_eq!(f.passes, FIX_PASSES);
        assert_eq!(f.applied.len(), FIX_PASSES);
        // An even number of passes brings the word back.
        assert_eq!(f.text(), "A ping.");
        assert_eq!(f.findings.len(), 1);
    }

    #[test]
    fn nothing_to_fix_is_settled_at_once() {
        let e = engine(&[rule("t.chain", &[("alpha", "beta")])]);
        let doc = Document::new("Nothing here.", &opts());
        let f = e.fix(&doc, &opts(), &Settings::default(), FixMode::Safe);
        assert!(f.settled);
        assert_eq!(
            (f.passes, f.applied.len(), f.text()),
            (0, 0, "Nothing here.")
        );
    }
}
