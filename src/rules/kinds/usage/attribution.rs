//! `attribution`: "claimed" and "maintained" where they attribute what someone said, written
//! "said".
//!
//! Such a verb is one of saying when what follows it is what was said: "that", a quotation, a
//! clause (a subject and its verb: "claimed the company had lied", "claimed it sought help"),
//! or nothing, the verb ending its clause after the speaker ("…," he claimed.); or when its
//! speaker follows it after a quotation or a clause ("…, claimed Mr Brown."). With a direct
//! object and no verb of its own the verb has another sense: "claimed the coaching award",
//! "Wales maintained their unbeaten start", "maintained the momentum". After a form of "be", a
//! determiner or a possessive it is an adjective or a passive ("the claimed squabbling", "is
//! well maintained"), and after an adverb in "-ly" too unless what follows is plainly what was
//! said ("are regularly maintained." but "repeatedly claimed that").
//!
//! The words are the rule's data (`params`): the verbs, the verb that replaces them, the words
//! before the verb that make it no verb of saying, the words that end a direct object, the
//! subjects that open a clause, and the finite verbs that show one.

use std::collections::HashSet;
use std::ops::Range;

use serde::Deserialize;

use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AttributionParams {
    /// The verbs checked, as written in copy ("claimed", "maintained").
    verbs: Vec<String>,
    /// What they become ("said").
    replace: String,
    /// Words right before the verb that make it an adjective or a passive ("was", "the",
    /// "well", "as").
    #[serde(default)]
    not_after: Vec<String>,
    /// Words right after the verb that give it another sense ("to" in "claimed to be").
    #[serde(default)]
    not_before: Vec<String>,
    /// Subjects that open a clause right after the verb ("he", "they", "there").
    #[serde(default)]
    subjects: Vec<String>,
    /// Words that end a direct object: conjunctions and relative pronouns ("and", "while",
    /// "who").
    #[serde(default)]
    stops: Vec<String>,
    /// Finite verbs that show a clause after the verb: auxiliaries, modals and irregular past
    /// forms ("had", "would", "made"). A word in "-ed" counts too, unless a determiner, a
    /// possessive or an adverb comes right before it ("the coveted award").
    #[serde(default)]
    finite: Vec<String>,
    /// Words before a word in "-ed" that make it an adjective ("the", "most", "hard").
    #[serde(default)]
    modifiers: Vec<String>,
    /// How many words after the verb are read for a clause.
    #[serde(default = "default_window")]
    window: usize,
}

fn default_window() -> usize {
    12
}

pub(crate) struct Attribution {
    rule: usize,
    safety: Safety,
    verbs: Vec<String>,
    replace: String,
    not_after: HashSet<String>,
    not_before: HashSet<String>,
    subjects: HashSet<String>,
    stops: HashSet<String>,
    finite: HashSet<String>,
    modifiers: HashSet<String>,
    window: usize,
}

fn lower(list: &[String]) -> HashSet<String> {
    list.iter().map(|s| s.to_lowercase()).collect()
}

/// What a word after the verb tells about its sense.
#[derive(Debug, PartialEq, Eq)]
enum Sense {
    /// What follows is what was said.
    Saying,
    /// Nothing follows: the verb ends its clause.
    Ends,
    /// A direct object, or nothing that shows a clause.
    Other,
}

impl Attribution {
    pub(crate) fn new(
        cx: &BuildCtx,
        safety: Safety,
        p: &AttributionParams,
    ) -> Result<Self, RuleError> {
        if p.verbs.is_empty() || p.verbs.iter().any(|v| v.trim().is_empty()) {
            return Err(cx.error("params.verbs needs one verb or more, none empty"));
        }
        if p.replace.trim().is_empty() {
            return Err(cx.error("params.replace is empty"));
        }
        Ok(Attribution {
            rule: cx.index,
            safety,
            verbs: p.verbs.clone(),
            replace: p.replace.clone(),
            not_after: lower(&p.not_after),
            not_before: lower(&p.not_before),
            subjects: lower(&p.subjects),
            stops: lower(&p.stops),
            finite: lower(&p.finite),
            modifiers: lower(&p.modifiers),
            window: p.window.max(1),
        })
    }

    /// The sense of the verb that ends at `end`, read from what follows.
    fn after(&self, text: &str, end: usize) -> Sense {
        let rest = &text[end..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let rest = &rest[..line_end];
        let trimmed = rest.trim_start();
        let Some(first) = trimmed.chars().next() else {
            return Sense::Ends;
        };
        if matches!(first, '"' | '“' | '‘') {
            return Sense::Saying;
        }
        if matches!(first, ',' | ':') {
            let after = trimmed[1..].trim_start();
            if after.starts_with(['"', '“']) {
                return Sense::Saying;
            }
            return Sense::Ends;
        }
        if matches!(first, '.' | ';' | '!' | '?' | ')' | '—' | '–') {
            return Sense::Ends;
        }
        let words = words(trimmed);
        let Some(w0) = words.first() else {
            return Sense::Other;
        };
        let w0l = w0.to_lowercase();
        if w0l == "that" || self.subjects.contains(&w0l) {
            return Sense::Saying;
        }
        if self.not_before.contains(&w0l) {
            return Sense::Other;
        }
        // A clause: a finite verb among the words of what follows, before anything that ends
        // a direct object.
        // The word before each word, looking past an adverb in "-ly" ("the Oscars only
        // generated", "a newly created post").
        let mut prev: Option<String> = None;
        for (i, w) in words.iter().take(self.window).enumerate() {
            let wl = w.to_lowercase();
            if i > 0 && (self.stops.contains(&wl) || self.subjects.contains(&wl)) {
                return Sense::Other;
            }
            // A finite verb right after the verb is the sentence's own ("the taxes claimed are
            // linked"): the verb is a participle.
            // As written in lowercase: "May" is the month.
            if self.finite.contains(&wl) && w.starts_with(|c: char| c.is_lowercase()) {
                return if i > 0 { Sense::Saying } else { Sense::Other };
            }
            let modified = prev.as_deref().is_some_and(|p| self.modifiers.contains(p));
            if i > 0
                && wl.len() >= 4
                && wl.ends_with("ed")
                && w.chars().all(|c| c.is_ascii_lowercase())
                && !modified
            {
                return Sense::Saying;
            }
            if !(wl.ends_with("ly") && prev.is_some()) {
                prev = Some(wl);
            }
        }
        Sense::Other
    }
}

/// The words at the start of `s`, up to the first mark that ends a phrase (a comma, a stop, a
/// bracket, a dash); quotation marks and apostrophes inside words are kept, opening marks
/// dropped.
fn words(s: &str) -> Vec<&str> {
    let end = s
        .find([',', '.', ';', ':', '!', '?', '(', ')', '—', '–'])
        .unwrap_or(s.len());
    s[..end]
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '‘' | '\'')))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The word that ends right before `start` (spaces between), lowercased, and the text before
/// that word's spaces.
fn word_before(text: &str, start: usize) -> (Option<String>, &str) {
    let before = text[..start].trim_end_matches([' ', '\t', '\u{a0}']);
    let from = before
        .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[from..];
    if word.is_empty() {
        (None, before)
    } else {
        (Some(word.to_lowercase()), before)
    }
}

impl Check for Attribution {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for verb in &self.verbs {
            for start in memchr::memmem::find_iter(text.as_bytes(), verb.as_bytes()) {
                let end = start + verb.len();
                let r: Range<usize> = start..end;
                let boundary_before = text[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric() && c != '-');
                let boundary_after = text[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric() && c != '-');
                if !boundary_before || !boundary_after {
                    continue;
                }
                let (prev, before) = word_before(text, start);
                if let Some(p) = &prev
                    && (self.not_after.contains(p) || p.ends_with("'s") || p.ends_with("’s"))
                {
                    continue;
                }
                let sense = self.after(text, end);
                let after_adverb = prev.as_deref().is_some_and(|p| p.ends_with("ly"));
                let saying = match sense {
                    Sense::Saying => true,
                    Sense::Ends => !after_adverb,
                    Sense::Other => {
                        // The speaker after the verb: "…," claimed Mr Brown; "…, claimed the
                        // union".
                        prev.is_none()
                            && before.ends_with([',', '"', '”'])
                            && words(text[end..].trim_start()).len() <= 5
                            && text[end..]
                                .trim_start()
                                .find(['.', ',', ';', '!', '?', '\n'])
                                .is_some_and(|i| {
                                    !text[end..].trim_start()[..i].contains(['"', '“'])
                                })
                    }
                };
                if saying {
                    out.push(Candidate::replace(
                        self.rule,
                        r,
                        self.replace.clone(),
                        self.safety,
                        None,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, none, one};

    #[test]
    fn verbs_of_saying_are_found() {
        let rule = "usage.attribution";
        for (text, verb) in [
            (
                "The government claimed tobacco firms manipulated nicotine levels.",
                "claimed",
            ),
            ("Yukos claimed it sought help in the US.", "claimed"),
            (
                "Analysts claimed the Fed's assessment of future growth was a positive one.",
                "claimed",
            ),
            ("“We were robbed,” the manager claimed.", "claimed"),
            (
                "Mr Howard claimed, with some justification, that the campaign had worked.",
                "claimed",
            ),
            (
                "Britain's economy was successful, claimed Mr Brown.",
                "claimed",
            ),
            (
                "Muslim groups have repeatedly claimed that they are victimised.",
                "claimed",
            ),
            (
                "Labour has always maintained Mr Brown would have a role.",
                "maintained",
            ),
            (
                "Karger maintained the Oscars only generated excitement.",
                "maintained",
            ),
            (
                "He claimed the government's decision to accept the request was wrong.",
                "claimed",
            ),
            (
                "A judge claimed easy access to drink was breeding trouble.",
                "claimed",
            ),
            (
                "Kaplan made errors, High claimed: \"Three of them.\"",
                "claimed",
            ),
        ] {
            assert_eq!(ap(rule, text), one(verb, "said"), "{text}");
        }
    }

    #[test]
    fn other_senses_are_left_alone() {
        none(
            "usage.attribution",
            &[
                "Jake White claimed the coaching award while his side held off France.",
                "Wales maintained their superb start to this year's tournament.",
                "And he maintained the momentum early in the second set, breaking the Russian.",
                "Willowfield claimed their first men's team title in 72 years while Shannon won.",
                "Argentina claimed top spot in Group A with three wins from three matches.",
                "In December, the legal action claimed its most high-profile victim.",
                "Some speculate that less than a quarter are regularly maintained.",
                "There will be no centrally maintained list.",
                "The virus claimed the lives of 20 people who were on board.",
                "She claimed to have seen it, and Labour's claimed black hole was not as bad as claimed.",
                "Providers have long claimed no responsibility for the content they carry.",
                "The 2003 champion claimed her seventh Grand Slam title, and her first since 2003.",
                "He claimed the coveted award at the ceremony.",
                "He claimed a newly created post.",
                "He also claimed rises in rates ahead of an expected May election.",
                "Mallon toured the region highlighting claimed improvements to transport.",
            ],
        );
    }
}
