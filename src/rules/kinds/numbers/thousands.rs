//! `thousands`: a comma in figures of 1,000 and more ("$7500" → "$7,500"), but not in years,
//! clock times, addresses, codes and labels.

use std::collections::HashSet;

use serde::Deserialize;

use super::around::{
    DIGITS, any_after, capitalised_label_before, next_token, phrases, prev_token, skip_ws_back,
    word_before,
};
use super::words::{group_thousands, round_amount};
use crate::finding::Safety;
use crate::rules::kinds::{Candidate, Check, CheckCtx};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThousandsParams {
    /// Currency signs: a figure after one is money, never a year.
    #[serde(default)]
    currency: Vec<String>,
    /// Words right after a figure that make it a model or code ("the 7610 phone").
    #[serde(default)]
    after: Vec<String>,
    /// Words right before a figure that make it a label or code ("No.", "Flight", "code").
    #[serde(default)]
    before: Vec<String>,
    /// Four-digit figures in this range, without a currency sign, are read as years.
    #[serde(default = "super::min_year")]
    min_year: u64,
    #[serde(default = "super::max_year")]
    max_year: u64,
    /// Leave amounts of a million and more after a currency sign to the `money` check.
    #[serde(default)]
    leave_round_money: bool,
    /// Leave four-digit figures that read as a 24-hour clock time ("between 2200 and 0700").
    #[serde(default)]
    clock_times: bool,
    /// Words that open a sentence without naming anything (see `spell-out`).
    #[serde(default)]
    openers: Vec<String>,
}

pub(super) struct Thousands {
    rule: usize,
    safety: Safety,
    p: ThousandsParams,
    before: HashSet<String>,
    after: Vec<String>,
    openers: HashSet<String>,
}

impl Thousands {
    pub(super) fn new(rule: usize, safety: Safety, p: ThousandsParams) -> Self {
        Thousands {
            rule,
            safety,
            before: p.before.iter().map(|s| s.to_lowercase()).collect(),
            after: phrases(&p.after),
            openers: p.openers.iter().map(|s| s.to_lowercase()).collect(),
            p,
        }
    }
}

impl Thousands {
    /// The figures the story writes as model numbers somewhere: glued to letters ("6230i",
    /// "the 7610's functions"), after a capitalised label ("Nokia 7610") or before a word of
    /// `after` ("the 7610 phone"). Such a figure is a model wherever it stands in the story
    /// ("reports of 7610 owners", "the very popular 6230.").
    fn models<'t>(&self, cx: &CheckCtx<'t>) -> HashSet<&'t str> {
        let doc = cx.doc;
        let text: &'t str = doc.text();
        let mut out = HashSet::new();
        for m in cx.captures(&DIGITS).iter().map(|c| c.whole()) {
            let d = m.as_str();
            if d.len() < 4 || text[..m.start()].ends_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            let rest = &text[m.end()..];
            // Letters that are not a unit ("3000m", "5000km", "1000bn" are measures).
            let letters: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
            let unit = matches!(
                letters.as_str(),
                "m" | "km"
                    | "cm"
                    | "mm"
                    | "g"
                    | "kg"
                    | "mg"
                    | "t"
                    | "l"
                    | "ml"
                    | "s"
                    | "bn"
                    | "k"
                    | "ft"
                    | "mph"
                    | "kph"
                    | "cc"
                    | "mw"
                    | "kw"
                    | "gb"
                    | "mb"
                    | "th"
            );
            let glued =
                (!letters.is_empty() && !unit) || rest.starts_with("'s") || rest.starts_with("’s");
            let labelled = capitalised_label_before(doc, m.start(), &self.openers)
                || any_after(text, m.end(), &self.after).is_some();
            if glued || labelled {
                out.insert(d);
            }
        }
        out
    }
}

impl Check for Thousands {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let doc = cx.doc;
        let text = doc.text();
        let models = self.models(cx);
        for m in cx.captures(&DIGITS).iter().map(|c| c.whole()) {
            let d = m.as_str();
            if d.len() < 4 || d.starts_with('0') {
                continue;
            }
            let mut start = m.start();
            let cur = self
                .p
                .currency
                .iter()
                .find(|c| text[..m.start()].ends_with(c.as_str()));
            if let Some(c) = cur {
                start -= c.len();
            }
            let prev = text[..start].chars().next_back();
            let next = text[m.end()..].chars().next();
            let after_next = text[m.end()..].chars().nth(1);
            let prev_ok = prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '“' | '"'));
            let next_ok = next.is_none_or(|c| {
                c.is_whitespace()
                    || matches!(c, ';' | ')' | '”' | '"' | '!' | '?' | '%')
                    || (matches!(c, '.' | ',' | ':')
                        && !after_next.is_some_and(|d| d.is_ascii_alphanumeric()))
            });
            if !prev_ok || !next_ok {
                continue;
            }
            let Ok(n) = d.parse::<u128>() else { continue };
            if cur.is_none()
                && d.len() == 4
                && (u128::from(self.p.min_year)..=u128::from(self.p.max_year)).contains(&n)
            {
                continue;
            }
            if cur.is_none() && self.p.clock_times && d.len() == 4 && n % 100 < 60 && n / 100 < 24 {
                continue;
            }
            if cur.is_some() && self.p.leave_round_money && round_amount(d).is_some() {
                continue;
            }
            if doc.is_sentence_start(start) {
                continue;
            }
            if let Some((_, w)) = word_before(text, start)
                && self.before.contains(&w)
            {
                continue;
            }
            if cur.is_none() && capitalised_label_before(doc, start, &self.openers) {
                continue;
            }
            if cur.is_none()
                && (any_after(text, m.end(), &self.after).is_some() || models.contains(d))
            {
                continue;
            }
            // An address ("1600 Pennsylvania Avenue") or a code in a run of figures
            // ("555 1234").
            if let Some(t) = next_token(text, m.end())
                && t.start > m.end()
                && (text[t.clone()].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
            {
                continue;
            }
            if skip_ws_back(text, start) < start
                && prev_token(text, start)
                    .is_some_and(|t| text[t].starts_with(|c: char| c.is_ascii_digit()))
            {
                continue;
            }
            let fixed = format!("{}{}", cur.map_or("", |c| c.as_str()), group_thousands(d));
            out.push(Candidate::replace(
                self.rule,
                start..m.end(),
                fixed,
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
    fn thousands_separator() {
        assert_eq!(
            ap("numbers.thousands", "The credit of up to $7500 expired."),
            one("$7500", "$7,500")
        );
        assert_eq!(
            ap("numbers.thousands", "The plant employs 7500 people."),
            one("7500", "7,500")
        );
        none(
            "numbers.thousands",
            &[
                "Production begins in 2025 and runs to 2027.",
                "The White House is at 1600 Pennsylvania Avenue.",
                "Flight 3407 landed and part B2500 failed.",
                "The rate is 7500.50 and the number 555-1234.",
                "A curfew runs between 2200 and 0700.",
                "They lose $38000000 a year.",
                "The company has 14,000 staff.",
                "Nokia showed its 6230i, an upgrade to the very popular 6230.",
                "Icons on the 7610 phone were swapped, and 7610 owners were warned.",
            ],
        );
        assert_eq!(
            ap(
                "numbers.thousands",
                "Nokia sold 7610 phones, and 7610 owners paid 3500 euros."
            ),
            one("3500", "3,500")
        );
    }
}
