//! `figures`: ten and above written as words take figures ("fifteen employees" → "15
//! employees"), but for fixed phrases, sentence starts and pairs with a small number.

use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

use super::around::{any_after, next_token, phrases, prev_token};
use super::words::{number_words_pattern, word_value};
use crate::finding::Safety;
use crate::rules::kinds::{Candidate, Check, CheckCtx};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FiguresParams {
    /// Words after the number that make it casual or part of a larger number ("hundred",
    /// "thousand", "dozen"), or leave it to another rule ("years old"): no finding.
    #[serde(default)]
    unless_after: Vec<String>,
    /// Fixed phrases that keep their words ("ten to one", "twenty questions").
    #[serde(default)]
    keep: Vec<String>,
}

pub(super) struct Figures {
    rule: usize,
    safety: Safety,
    re: Regex,
    unless_after: Vec<String>,
    keep: Vec<String>,
}

impl Figures {
    pub(super) fn new(rule: usize, safety: Safety, p: FiguresParams) -> Self {
        let words = number_words_pattern(10);
        Figures {
            rule,
            safety,
            re: Regex::new(&format!(r"(?-u:\b)(?:{words})(?-u:\b)")).expect("valid regex"),
            unless_after: phrases(&p.unless_after),
            keep: phrases(&p.keep),
        }
    }
}

impl Check for Figures {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for m in cx.captures(&self.re).iter().map(|c| c.whole()) {
            let r = m.range();
            let Some(n) = word_value(m.as_str()) else {
                continue;
            };
            // Part of a compound ("ten-year-old" belongs to `ages`) or of a hyphenated form.
            let next = text[r.end..].chars().next();
            if next.is_some_and(|c| matches!(c, '-' | '–' | '’' | '\''))
                || text[..r.start].ends_with(['-', '–'])
                || cx.doc.is_sentence_start(r.start)
            {
                continue;
            }
            // It must count something: a word follows ("fifteen employees", "twenty of them").
            let Some(t) = next_token(text, r.end) else {
                continue;
            };
            if !text[t.clone()].starts_with(|c: char| c.is_alphabetic()) || t.start == r.end {
                continue;
            }
            if any_after(text, r.end, &self.unless_after).is_some() {
                continue;
            }
            // A fixed phrase around it.
            if self.keep.iter().any(|k| {
                let lo = crate::text::floor_char_boundary(text, r.start.saturating_sub(k.len()));
                let hi = (r.end + k.len()).min(text.len());
                let hi = (hi..=text.len())
                    .find(|&h| text.is_char_boundary(h))
                    .unwrap_or(text.len());
                text[lo..hi].to_lowercase().contains(k.as_str())
            }) {
                continue;
            }
            // Next to a spelled number below ten ("nine or ten"): leave the pair alone.
            let near_small = |tok: Option<Range<usize>>| {
                tok.and_then(|t| word_value(text[t].trim_matches(|c: char| !c.is_alphabetic())))
                    .is_some_and(|v| v < 10)
            };
            let after_conj = next_token(text, r.end)
                .filter(|t| matches!(&text[t.clone()], "or" | "to" | "and"))
                .and_then(|t| next_token(text, t.end));
            let before_conj = prev_token(text, r.start)
                .filter(|t| matches!(&text[t.clone()], "or" | "to" | "and" | "in" | "of"))
                .and_then(|t| prev_token(text, t.start));
            if near_small(after_conj) || near_small(before_conj) {
                continue;
            }
            out.push(Candidate::replace(
                self.rule,
                r,
                n.to_string(),
                self.safety,
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, none, one};

    #[test]
    fn figures_for_ten_and_above() {
        assert_eq!(
            ap("numbers.figures", "The company laid off fifteen employees."),
            one("fifteen", "15")
        );
        assert_eq!(
            ap("numbers.figures", "They counted twenty-five homes."),
            one("twenty-five", "25")
        );
        none(
            "numbers.figures",
            &[
                "Fifteen employees were laid off.",
                "He had a thousand reasons, and hundreds of people agreed.",
                "One of the nine or ten suspects fled.",
                "The winners were the eleven.",
                "She is a fifteen-year-old student.",
                "Nine times out of ten it works.",
            ],
        );
    }
}
