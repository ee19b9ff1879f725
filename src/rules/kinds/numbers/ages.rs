//! `ages`: ages take figures ("a nine-year-old" → "a 9-year-old", "aged five" → "aged 5").

use regex::Regex;
use serde::Deserialize;

use super::words::{number_words_pattern, word_value};
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgesParams {
    /// Age words after the number: "year", "month" ("a nine-year-old", "five years old").
    #[serde(default)]
    units: Vec<String>,
    /// Words before a number that make it an age ("aged" in "aged five").
    #[serde(default)]
    before: Vec<String>,
}

pub(super) struct Ages {
    rule: usize,
    safety: Safety,
    re: Option<Regex>,
}

impl Ages {
    pub(super) fn new(
        cx: &BuildCtx,
        rule: usize,
        safety: Safety,
        p: AgesParams,
    ) -> Result<Self, RuleError> {
        let words = number_words_pattern(1);
        let esc = |v: &[String]| {
            v.iter()
                .map(|s| regex::escape(s))
                .collect::<Vec<_>>()
                .join("|")
        };
        let mut alts = Vec::new();
        if !p.units.is_empty() {
            alts.push(format!(
                r"(?-u:\b)(?P<n>{words})[- ](?:{})s?[- ]old(?-u:\b)",
                esc(&p.units)
            ));
        }
        if !p.before.is_empty() {
            alts.push(format!(
                r"(?-u:\b)(?:{}) (?P<m>{words})(?-u:\b)",
                esc(&p.before)
            ));
        }
        // Case is ignored in ASCII only: Unicode case folding would add "ſ" and the Kelvin
        // sign to every "s" and "k" and compile to several times the automaton.
        let re = (!alts.is_empty())
            .then(|| cx.compile(&format!("(?i-u:{})", alts.join("|"))))
            .transpose()?;
        Ok(Ages { rule, safety, re })
    }
}

impl Check for Ages {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let Some(re) = &self.re else { return };
        let text = cx.doc.text();
        for c in cx.captures(re).iter() {
            let Some(g) = c.name("n").or_else(|| c.name("m")) else {
                continue;
            };
            // "aged fifty-five" is one number; "aged five-year" is not an age.
            if c.name("m").is_some() && text[g.end()..].starts_with(['-', '–']) {
                continue;
            }
            // At a sentence start the number stays spelled out.
            if cx.doc.is_sentence_start(g.start()) {
                continue;
            }
            let Some(n) = word_value(g.as_str()) else {
                continue;
            };
            out.push(Candidate::replace(
                self.rule,
                g.range(),
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
    fn ages_in_figures() {
        assert_eq!(
            ap("numbers.ages", "Rescuers found a nine-year-old girl."),
            one("nine", "9")
        );
        assert_eq!(
            ap("numbers.ages", "The boy, aged five, was unhurt."),
            one("five", "5")
        );
        assert_eq!(
            ap("numbers.ages", "The law is eight years old."),
            one("eight", "8")
        );
        none(
            "numbers.ages",
            &["The project took five years.", "Nine-year-old Ana won."],
        );
    }
}
