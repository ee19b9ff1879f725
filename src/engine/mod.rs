//! Checking a document against a rule set: findings with fixes.

pub mod examples;
mod fix;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub use fix::{Applied, FIX_PASSES, FixMode, Fixed, apply_fixes};

use crate::document::{Document, RegionKind};
use crate::finding::{Category, Level, Safety};
pub use crate::finding::{Edit, Finding, Fix};
use crate::rules::RuleSet;
use crate::rules::kinds::{Candidate, CheckCtx};
use crate::rules::spec::{FiledFrom, Kind};

/// Per-run choices layered over the rules: levels and the house dictionary.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Level overrides keyed by rule id, id prefix (`ap.numbers`) or category (`number`).
    pub levels: HashMap<String, Level>,
    /// Words the house accepts as written (never flagged).
    pub accepted: HashSet<String>,
}

impl Settings {
    fn level(&self, id: &str, category: Category, default: Level) -> Level {
        if self.levels.is_empty() {
            return default;
        }
        if let Some(l) = self.levels.get(id) {
            return *l;
        }
        let mut best: Option<(usize, Level)> = None;
        for (k, l) in &self.levels {
            if crate::rules::id_under(id, k) && best.is_none_or(|(n, _)| k.len() > n) {
                best = Some((k.len(), *l));
            }
        }
        if let Some((_, l)) = best {
            return l;
        }
        self.levels
            .get(category.as_str())
            .copied()
            .unwrap_or(default)
    }
}

/// What a check keeps for the next check of the same story ([`Engine::check_reusing`]): the
/// hits of each paragraph, by its text. It belongs to one engine; given to another, it starts
/// afresh.
#[derive(Debug, Default)]
pub struct Reuse {
    rules: Option<Arc<RuleSet>>,
    pieces: crate::rules::matcher::PieceHits,
    /// Each paragraph's words, known people and title phrases.
    read: crate::rules::kinds::reader::Pieces,
    /// Each paragraph's matches of the checks' patterns.
    found: crate::rules::kinds::found::Pieces,
}

impl Reuse {
    /// Of the story's paragraphs at the last check: how many were taken from the check before,
    /// and how many were read afresh.
    pub fn last(&self) -> (usize, usize) {
        (self.pieces.reused, self.pieces.read)
    }
}

/// The checker: a compiled rule set, shared between threads.
#[derive(Debug, Clone)]
pub struct Engine {
    rules: Arc<RuleSet>,
}

impl Engine {
    pub fn new(rules: RuleSet) -> Self {
        Self {
            rules: Arc::new(rules),
        }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The effective level of every rule, by index, under `settings`.
    fn levels(&self, settings: &Settings) -> Vec<Level> {
        self.rules
            .rules()
            .iter()
            .map(|r| settings.level(&r.id, r.category, r.level))
            .collect()
    }

    /// How many of the rule set's whole-document checks run under `settings` (a check whose
    /// rule is off does not).
    pub fn active_checks(&self, settings: &Settings) -> usize {
        let levels = self.levels(settings);
        self.rules
            .checks
            .iter()
            .filter(|(rule, _)| levels[*rule] != Level::Off)
            .count()
    }

    /// Every finding in `doc`, sorted by position then rule id.
    pub fn check(&self, doc: &Document, settings: &Settings) -> Vec<Finding> {
        self.check_with(doc, settings, None)
    }

    /// The findings of [`Engine::check`], reading again only what changed since the check that
    /// filled `reuse` (an earlier version of the same story, as an editor checks it after each
    /// edit): the matcher's hits of every unchanged paragraph are taken from there.
    pub fn check_reusing(
        &self,
        doc: &Document,
        settings: &Settings,
        reuse: &mut Reuse,
    ) -> Vec<Finding> {
        if !reuse
            .rules
            .as_ref()
            .is_some_and(|r| Arc::ptr_eq(r, &self.rules))
        {
            *reuse = Reuse {
                rules: Some(self.rules.clone()),
                ..Reuse::default()
            };
        }
        self.check_with(doc, settings, Some(reuse))
    }

    fn check_with(
        &self,
        doc: &Document,
        settings: &Settings,
        mut reuse: Option<&mut Reuse>,
    ) -> Vec<Finding> {
        let text = doc.text();
        let rules = &*self.rules;
        let levels = self.levels(settings);
        let mut hits = Vec::new();
        let lines = doc.format() == crate::document::Format::Plain;
        rules.matcher.run(
            text,
            lines,
            reuse.as_deref_mut().map(|r| &mut r.pieces),
            &mut hits,
        );
        // Off means off: an off rule's matcher entries give no candidates.
        hits.retain(|h| levels[h.rule] != Level::Off);
        let mut cands: Vec<Candidate> = hits
            .iter()
            .map(|h| {
                let safety = h.safety.unwrap_or(rules.rule_at(h.rule).fix);
                Candidate {
                    rule: h.rule,
                    range: h.range.clone(),
                    message: h.message.clone(),
                    fixes: h
                        .replacement
                        .clone()
                        .map(|r| Fix::replace(h.range.clone(), r, safety, None))
                        .into_iter()
                        .collect(),
                    cap: h.cap,
                    dated: false,
                }
            })
            .collect();
        let mut cx = CheckCtx::new(doc, &rules.knowledge, &hits, &rules.shared);
        if let Some(r) = reuse.as_deref_mut() {
            cx = cx.reusing(
                std::mem::take(&mut r.read),
                std::mem::take(&mut r.found),
                lines,
            );
        }
        // ... and a check of an off rule does not run.
        for (rule, check) in &rules.checks {
            if levels[*rule] != Level::Off {
                check.check(&cx, &mut cands);
            }
        }
        if let Some((r, (read, found))) = reuse.zip(cx.into_reuse()) {
            r.read = read;
            r.found = found;
        }

        // Where each item's dateline places it, for rules that apply only to copy filed from
        // the United States or from abroad.
        let filed: Vec<Option<bool>> = if rules.rules().iter().any(|r| r.filed_from.is_some()) {
            doc.items()
                .iter()
                .map(|i| {
                    i.dateline.as_ref().and_then(|dl| {
                        crate::rules::kinds::dateline::in_united_states(&rules.knowledge, doc, dl)
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut out = Vec::with_capacity(cands.len());
        for mut c in cands {
            let rule = rules.rule_at(c.rule);
            let mut level = levels[c.rule];
            if let Some(cap) = c.cap {
                level = level.min(cap);
            }
            // A finding that rests on a date nobody gave is advice.
            let guessed = c.dated && doc.date_source().is_today();
            if guessed {
                level = level.min(Level::Info);
            }
            if level == Level::Off
                || c.range.end > text.len()
                || !text.is_char_boundary(c.range.start)
                || !text.is_char_boundary(c.range.end)
            {
                continue;
            }
            let r = &c.range;
            if doc.in_skipped(r) || doc.overlaps(r, RegionKind::BlockQuote) {
                continue;
            }
            if rule.kind != Kind::Dateline && doc.overlaps(r, RegionKind::Dateline) {
                continue;
            }
            if !rule.headline && doc.overlaps(r, RegionKind::Headline) {
                continue;
            }
            if !rule.lists && doc.in_list(r) {
                continue;
            }
            let quoted = doc.in_quote(r);
            if quoted && (!rule.quotes || (!rule.fragments && doc.in_fragment(r))) {
                continue;
            }
            if let Some(from) = rule.filed_from {
                let us = filed.get(doc.item_index(r.start)).copied().flatten();
                if us != Some(from == FiledFrom::Us) {
                    continue;
                }
            }
            if doc.suppressed(r.start, &rule.id, rule.category.as_str()) {
                continue;
            }
            let found = &text[r.clone()];
            if !settings.accepted.is_empty() && settings.accepted.contains(found) {
                continue;
            }
            // A fix that ends a word with a full stop where one follows takes that one in, so
            // "in the US." becomes "in the U.S.", never "U.S..".
            if let Some(end) = full_stop_after(text, &c) {
                for f in &mut c.fixes {
                    for e in &mut f.edits {
                        if e.range.end == c.range.end {
                            e.range.end = end;
                        }
                    }
                }
                c.range.end = end;
            }
            // No fix rewrites a quotation on its own: inside one, every fix needs review; nor
            // does a fix that rests on a date nobody gave, nor one of a rule whose fixes need
            // review (`fix = "review"`).
            for f in &mut c.fixes {
                if guessed
                    || rule.fix == Safety::Review
                    || f.edits.iter().any(|e| doc.in_quote(&e.range))
                {
                    f.safety = Safety::Review;
                }
            }
            let mut finding = Finding {
                rule: rule.id.clone(),
                category: rule.category,
                severity: level,
                range: c.range.clone(),
                message: String::new(),
                fixes: c.fixes,
                url: rule.url.clone(),
            };
            let template = c.message.as_deref().unwrap_or(&rule.message);
            finding.message = fill_message(template, found, || {
                finding.replacement(text).unwrap_or_default()
            });
            if guessed {
                finding.message.push_str(&format!(
                    " (This assumes the story is dated today, {}: it gives no date and none was given.)",
                    doc.date()
                ));
            }
            out.push(finding);
        }
        self.directives(doc, settings, &mut out);
        out.sort_by(|a, b| {
            (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
        });
        self.precedence(text, &mut out);
        // One finding per rule and range; and where two rules of one category make the same
        // correction of the same text, the reader sees it once (the lower rule id).
        out.dedup_by(|a, b| {
            a.range == b.range
                && (a.rule == b.rule
                    || (a.category == b.category
                        && a.fixes.first().map(|f| &f.edits) == b.fixes.first().map(|f| &f.edits)))
        });
        out
    }
}

/// A rule's message with `{found}` and `{replacement}` filled in, in one pass over the
/// template: the story's text is never read as a template, and the replacement is only
/// worked out when the message names it.
fn fill_message(template: &str, found: &str, replacement: impl FnOnce() -> String) -> String {
    let mut replacement = Some(replacement);
    let mut written: Option<String> = None;
    let mut out = String::with_capacity(template.len() + found.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{found}") {
            out.push_str(found);
            rest = after;
        } else if let Some(after) = tail.strip_prefix("{replacement}") {
            let r =
                written.get_or_insert_with(|| replacement.take().map_or_else(String::new, |f| f()));
            out.push_str(r);
            rest = after;
        } else {
            out.push('{');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

impl Engine {
    /// One finding per span: where two rules of the house's precedence list find overlapping
    /// words and their fixes would write different text, only the finding of the rule listed
    /// first stays. `out` is sorted by position.
    fn precedence(&self, text: &str, out: &mut Vec<Finding>) {
        let rank = |f: &Finding| self.rules.rule(&f.rule).and_then(|r| self.rules.rank_of(r));
        let ranked: Vec<usize> = (0..out.len())
            .filter(|&i| rank(&out[i]).is_some())
            .collect();
        if ranked.len() < 2 {
            return;
        }
        let mut drop = vec![false; out.len()];
        for (n, &i) in ranked.iter().enumerate() {
            for &j in &ranked[n + 1..] {
                let (a, b) = (&out[i], &out[j]);
                if b.range.start >= a.range.end.max(a.range.start + 1) {
                    break;
                }
                if a.rule == b.rule || !overlaps(&a.range, &b.range) || agree(text, a, b) {
                    continue;
                }
                if rank(a) <= rank(b) {
                    drop[j] = true;
                } else {
                    drop[i] = true;
                }
            }
        }
        let mut k = 0;
        out.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || a == b
}

/// Whether two findings' preferred fixes can stand together: their edits touch different
/// words, or write the same text over the words either touches (a finding without a fix
/// agrees with nothing: it asks for something else).
fn agree(text: &str, a: &Finding, b: &Finding) -> bool {
    let (Some(fa), Some(fb)) = (a.fixes.first(), b.fixes.first()) else {
        return false;
    };
    // Edits on different words can both be made ("Former" and "Chief Executive" lowercased).
    if !fa
        .edits
        .iter()
        .any(|x| fb.edits.iter().any(|y| overlaps(&x.range, &y.range)))
    {
        return true;
    }
    let edges = fa
        .edits
        .iter()
        .chain(&fb.edits)
        .map(|e| e.range.clone())
        .chain([a.range.clone(), b.range.clone()]);
    let (start, end) = edges.fold((usize::MAX, 0), |(s, e), r| (s.min(r.start), e.max(r.end)));
    let write = |edits: &[Edit]| -> Option<String> {
        let mut edits: Vec<&Edit> = edits.iter().collect();
        edits.sort_by_key(|e| e.range.start);
        let mut out = String::new();
        let mut at = start;
        for e in edits {
            if e.range.start < at {
                return None;
            }
            out.push_str(text.get(at..e.range.start)?);
            out.push_str(&e.replacement);
            at = e.range.end;
        }
        out.push_str(text.get(at..end)?);
        Some(out)
    };
    match (write(&fa.edits), write(&fb.edits)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// The end of the full stop right after a candidate whose first fix writes one at its end
/// (and whose text does not end with one already).
fn full_stop_after(text: &str, c: &Candidate) -> Option<usize> {
    let fix = c.fixes.first()?;
    let last = fix.edits.iter().find(|e| e.range.end == c.range.end)?;
    let ends_with_stop = last.replacement.ends_with('.') && !text[c.range.clone()].ends_with('.');
    (ends_with_stop && text[c.range.end..].starts_with('.')).then_some(c.range.end + 1)
}

/// The id of the findings about copydesk's own directives in a story.
pub const DIRECTIVE_RULE: &str = "copydesk.suppression";

impl Engine {
    /// A suppression comment that names a rule id or category this rule set does not have,
    /// and that looks meant for it, is a finding at the name, with the nearest id as its fix.
    /// Names in another house's namespace are left alone (a story may serve several houses).
    fn directives(&self, doc: &Document, settings: &Settings, out: &mut Vec<Finding>) {
        let level = settings.level(DIRECTIVE_RULE, Category::Directive, Level::Warning);
        if level == Level::Off {
            return;
        }
        for (range, key) in doc.suppression_keys() {
            let Some(near) = self.rules.misspelt_level_key(key) else {
                continue;
            };
            out.push(Finding {
                rule: DIRECTIVE_RULE.into(),
                category: Category::Directive,
                severity: level,
                range: range.clone(),
                message: format!(
                    "No rule or category `{key}` in profile `{}`; did you mean `{near}`?",
                    self.rules.profile()
                ),
                fixes: vec![Fix::replace(
                    range.clone(),
                    near.to_string(),
                    Safety::Review,
                    None,
                )],
                url: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocumentOptions, Format};

    #[test]
    fn a_message_fills_its_placeholders_once_and_never_the_story_text() {
        let fill = |t: &str, found: &str| fill_message(t, found, || "U.S.".to_string());
        assert_eq!(
            fill("Write “{replacement}” for “{found}”.", "US"),
            "Write “U.S.” for “US”."
        );
        assert_eq!(fill("{replacement}, {replacement}", "US"), "U.S., U.S.");
        assert_eq!(
            fill("No {placeholder} {found", "US"),
            "No {placeholder} {found"
        );
        // The story's words are written as they are, even when they look like a placeholder.
        assert_eq!(
            fill("Found “{found}”.", "{replacement}"),
            "Found “{replacement}”."
        );
        let mut asked = false;
        let plain = fill_message("Use the AP form.", "US", || {
            asked = true;
            String::new()
        });
        assert_eq!(plain, "Use the AP form.");
        assert!(
            !asked,
            "a message without {{replacement}} never works the replacement out"
        );
    }

    #[test]
    fn a_suppression_comment_naming_no_rule_is_a_finding_at_the_name() {
        let engine = Engine::new(RuleSet::builtin("ap").unwrap());
        let opts = DocumentOptions {
            format: Format::Markdown,
            date: None,
            today: jiff::civil::date(2025, 11, 26),
            committed: None,
        };
        let text = "<!-- copydesk-disable-next-line ap.usage.uss, reuters.usage.us -->\nThe US team met.\n";
        let doc = Document::new(text, &opts);
        let found = engine.check(&doc, &Settings::default());
        let got: Vec<(&str, &str, &str, &str)> = found
            .iter()
            .map(|f| {
                (
                    f.rule.as_str(),
                    &text[f.range.clone()],
                    f.message.as_str(),
                    f.fixes[0].edits[0].replacement.as_str(),
                )
            })
            .collect();
        // The misspelt id suppresses nothing, so the finding it meant to silence stays too.
        assert_eq!(
            got,
            [
                (
                    DIRECTIVE_RULE,
                    "ap.usage.uss",
                    "No rule or category `ap.usage.uss` in profile `ap`; did you mean `ap.usage.us`?",
                    "ap.usage.us"
                ),
                (
                    "ap.usage.us",
                    "US",
                    "AP writes “U.S.” with periods in body text.",
                    "U.S."
                ),
            ]
        );
        let quiet = Settings {
            levels: [("directive".to_string(), Level::Off)].into(),
            ..Settings::default()
        };
        assert_eq!(engine.check(&doc, &quiet).len(), 1);
    }

    #[test]
    fn off_rules_do_no_work_and_change_nothing_else() {
        let engine = Engine::new(RuleSet::builtin("ap").unwrap());
        let opts = DocumentOptions {
            format: Format::Plain,
            date: None,
            today: jiff::civil::date(2025, 11, 26),
            committed: None,
        };
        let doc = Document::new(
            "The US team won 5 games on Nov. 3, said Gov. Newsom of Calif. He had ten dollars.",
            &opts,
        );
        let all = Settings::default();
        let checks = engine.active_checks(&all);
        let number_checks = engine
            .rules
            .checks
            .iter()
            .filter(|(r, _)| engine.rules.rule_at(*r).category == Category::Number)
            .count();
        assert!(number_checks > 0);
        let off = Settings {
            levels: HashMap::from([("number".to_string(), Level::Off)]),
            ..Settings::default()
        };
        assert_eq!(engine.active_checks(&off), checks - number_checks);
        let mut want = engine.check(&doc, &all);
        assert!(want.iter().any(|f| f.category == Category::Number));
        want.retain(|f| f.category != Category::Number);
        assert_eq!(engine.check(&doc, &off), want);
        // An off literal rule: none of its entries reach the findings.
        let us = Settings {
            levels: HashMap::from([("ap.usage.us".to_string(), Level::Off)]),
            ..Settings::default()
        };
        let got = engine.check(&doc, &us);
        assert!(!got.iter().any(|f| f.rule == "ap.usage.us"));
        assert_eq!(got.len(), engine.check(&doc, &all).len() - 1);
    }
}
