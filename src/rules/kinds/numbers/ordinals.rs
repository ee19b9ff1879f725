//! `ordinals`: first to ninth are spelled out ("3rd straight" → "third straight"), but not in
//! names ("5th Avenue") and dates.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::around::{any_after, eat, next_token, phrases, prev_token, skip_ws};
use super::words::{ORDINALS, capitalise};
use crate::finding::Safety;
use crate::rules::kinds::{Candidate, Check, CheckCtx};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrdinalsParams {
    /// Words after the ordinal that keep the figure ("district", "circuit", "street").
    #[serde(default)]
    after: Vec<String>,
    /// Month names and abbreviations: an ordinal next to one is a date (the dates rules'
    /// business).
    #[serde(default)]
    months: Vec<String>,
}

pub(super) struct Ordinals {
    rule: usize,
    safety: Safety,
    after: Vec<String>,
    months: Vec<String>,
}

static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)([1-9])(?:st|nd|rd|th)(?-u:\b)").expect("valid regex"));

impl Ordinals {
    pub(super) fn new(rule: usize, safety: Safety, p: OrdinalsParams) -> Self {
        Ordinals {
            rule,
            safety,
            after: phrases(&p.after),
            months: p.months,
        }
    }

    fn is_month(&self, tok: &str) -> bool {
        let t = tok.trim_end_matches([',', '.']);
        self.months.iter().any(|m| m.trim_end_matches('.') == t)
    }
}

impl Check for Ordinals {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let doc = cx.doc;
        let text = doc.text();
        for c in cx.captures(&ORDINAL).iter() {
            let (Some(m), Some(d)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let r = m.range();
            if text[..r.start].ends_with(['.', ',', '-', '/', '$']) {
                continue;
            }
            // A name or a month follows: "5th Avenue", "3rd District", "1st Lt.",
            // "5th U.S. Circuit", "3rd November".
            if let Some(t) = next_token(text, r.end)
                && t.start > r.end
                && text[t.clone()].starts_with(|c: char| c.is_uppercase())
            {
                continue;
            }
            if any_after(text, r.end, &self.after).is_some() {
                continue;
            }
            // A date: "Nov. 3rd", "the 3rd of May".
            if prev_token(text, r.start).is_some_and(|t| self.is_month(&text[t])) {
                continue;
            }
            if let Some(e) = eat(text, skip_ws(text, r.end), "of")
                && next_token(text, e).is_some_and(|t| self.is_month(&text[t]))
            {
                continue;
            }
            let n = usize::from(d.as_str().as_bytes()[0] - b'0');
            let word = if doc.is_sentence_start(r.start) {
                capitalise(ORDINALS[n])
            } else {
                ORDINALS[n].to_string()
            };
            out.push(Candidate::replace(self.rule, r, word, self.safety, None));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, none, one};

    #[test]
    fn ordinals_first_to_ninth() {
        assert_eq!(
            ap("numbers.ordinals", "The team won its 3rd straight title."),
            one("3rd", "third")
        );
        none(
            "numbers.ordinals",
            &[
                "The 5th U.S. Circuit Court of Appeals ruled.",
                "They met at East 63rd Street in the 3rd District.",
                "The hearing is Nov. 3rd, not the 4th of May.",
                "It was the 21st century and the 10th time.",
                "Voters in the 5th district turned out.",
            ],
        );
    }
}
