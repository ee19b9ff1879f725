//! `measures`: one to nine in words before a unit of speed or size take figures ("five mph" →
//! "5 mph").

use regex::Regex;
use serde::Deserialize;

use super::around::{any_after, phrases, prev_token, skip_ws};
use super::words::{UNITS, word_value};
use crate::finding::Safety;
use crate::rules::kinds::{Candidate, Check, CheckCtx};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MeasuresParams {
    /// Units after which a number keeps its figure even below 10 ("mph", "degrees", "miles").
    #[serde(default)]
    units: Vec<String>,
}

pub(super) struct Measures {
    rule: usize,
    safety: Safety,
    re: Regex,
    units: Vec<String>,
}

impl Measures {
    pub(super) fn new(rule: usize, safety: Safety, p: MeasuresParams) -> Self {
        let words = UNITS[1..].join("|");
        Measures {
            rule,
            safety,
            re: Regex::new(&format!(r"(?-u:\b)(?:{words})(?-u:\b)")).expect("valid regex"),
            units: phrases(&p.units),
        }
    }
}

impl Check for Measures {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for m in cx.captures(&self.re).iter().map(|c| c.whole()) {
            let r = m.range();
            // Lowercase only: a capital is a sentence start or a name ("Five Miles Road").
            if text[..r.start].ends_with(['-', '–'])
                || text[r.end..].starts_with(['-', '–'])
                || cx.doc.is_sentence_start(r.start)
                || any_after(text, r.end, &self.units).is_none()
                || skip_ws(text, r.end) == r.end
            {
                continue;
            }
            // "twenty five miles", "one or two miles" with a larger figure: leave it.
            if prev_token(text, r.start)
                .is_some_and(|t| word_value(&text[t]).is_some_and(|v| v >= 10))
            {
                continue;
            }
            let Some(n) = word_value(m.as_str()) else {
                continue;
            };
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
    use crate::rules::kinds::test_support::{ap, none};

    #[test]
    fn measures_in_figures() {
        assert_eq!(
            ap(
                "numbers.measures",
                "Buses are limited to five mph, and snow fell nine inches deep."
            ),
            vec![
                ("five".to_string(), Some("5".to_string())),
                ("nine".to_string(), Some("9".to_string())),
            ]
        );
        none(
            "numbers.measures",
            &[
                "Five miles of road closed.",
                "A five-mile run and twenty five miles more.",
                "The storm killed five people.",
            ],
        );
    }
}
