//! `sentence-start`: a figure (not a year) that begins a sentence is spelled out ("15 people
//! died" → "Fifteen people died"); one too long to spell out simply gets a message.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::around::{FigureName, is_space, named_in, names_here, next_token};
use super::words::{capitalise, spell};
use crate::finding::Safety;
use crate::rules::kinds::{Candidate, Check, CheckCtx};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SentenceStartParams {
    /// Figures from this value up to `max_year` (four digits, no comma) are read as years.
    #[serde(default = "super::min_year")]
    min_year: u64,
    #[serde(default = "super::max_year")]
    max_year: u64,
    /// The message for a figure too long to spell out simply.
    #[serde(default)]
    recast_message: Option<String>,
    /// Figures that are also names (see `spell-out`): "3 is looking to music" in a story
    /// about the operator 3.
    #[serde(default)]
    pub(super) names: Vec<FigureName>,
}

pub(super) struct SentenceStart {
    pub(super) rule: usize,
    pub(super) safety: Safety,
    pub(super) params: SentenceStartParams,
}

static LEADING_FIGURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+").expect("valid regex"));

impl Check for SentenceStart {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        let named = named_in(&self.params.names, text);
        for m in cx.captures(&LEADING_FIGURE).iter().map(|c| c.whole()) {
            let r = m.range();
            if names_here(text, &r, &named) {
                continue;
            }
            if text[..r.start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '$' | '£' | '€' | '.' | ','))
            {
                continue;
            }
            // A whole figure followed by a word: not "3D", "15%", "9:30", "1990s", "3-2",
            // "1." or "2)" in a list.
            if !text[r.end..].starts_with(is_space) {
                continue;
            }
            // Followed by a lowercase word: not a name ("50 Cent") or a ranked list
            // ("1 Roger Federer").
            if !next_token(text, r.end)
                .is_some_and(|t| text[t].starts_with(|c: char| c.is_lowercase()))
            {
                continue;
            }
            if !cx.doc.is_sentence_start(r.start) {
                continue;
            }
            let digits = m.as_str().replace(',', "");
            let Ok(n) = digits.parse::<u64>() else {
                continue;
            };
            let is_year = digits.len() == m.as_str().len()
                && digits.len() == 4
                && (self.params.min_year..=self.params.max_year).contains(&n);
            if is_year || n == 0 {
                continue;
            }
            match spell(n) {
                Some(w) => out.push(Candidate::replace(
                    self.rule,
                    r,
                    capitalise(&w),
                    self.safety,
                    None,
                )),
                None => {
                    let mut c = Candidate::bare(self.rule, r);
                    if let Some(msg) = &self.params.recast_message {
                        c = c.message(msg.clone());
                    }
                    out.push(c);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, none, one};

    #[test]
    fn sentence_start() {
        assert_eq!(
            ap("numbers.sentence-start", "15 people died in the fire."),
            one("15", "Fifteen")
        );
        assert_eq!(
            ap(
                "numbers.sentence-start",
                "The roof fell. 3 workers were hurt."
            ),
            one("3", "Three")
        );
        // Too long to spell out simply: a message, no fix.
        assert_eq!(
            ap("numbers.sentence-start", "150 people died in the fire."),
            vec![("150".to_string(), None)]
        );
        none(
            "numbers.sentence-start",
            &[
                "2025 was the warmest year.",
                "3D printing grew.",
                "15% of voters stayed home.",
                "1 Roger Federer (Switzerland)",
                "50 Cent released an album.",
            ],
        );
    }
}
