//! `money`: amounts as the house writes them: "$38,000,000" → "$38 million", "$10,000.00" →
//! "$10,000", "$5 dollars" → "$5", "$1.2bn" → "$1.2 billion".

use std::collections::HashMap;

use regex::Regex;
use serde::Deserialize;

use super::words::round_amount;
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MoneyParams {
    /// Currency signs written before figures.
    #[serde(default)]
    currency: Vec<String>,
    /// Round amounts of a million and more as "$38 million".
    #[serde(default)]
    round: bool,
    /// Drop ".00" from whole amounts.
    #[serde(default)]
    cents: bool,
    /// Words that repeat the sign ("dollars" after "$5").
    #[serde(default)]
    redundant: Vec<String>,
    /// Abbreviations glued to the figure and the word to write ("bn" → "billion").
    #[serde(default)]
    abbreviations: HashMap<String, String>,
}

pub(super) struct Money {
    rule: usize,
    safety: Safety,
    re: Regex,
    round: bool,
    cents: bool,
    abbreviations: HashMap<String, String>,
}

impl Money {
    pub(super) fn new(
        cx: &BuildCtx,
        rule: usize,
        safety: Safety,
        p: MoneyParams,
    ) -> Result<Self, RuleError> {
        if p.currency.is_empty() {
            return Err(cx.error("params: give `currency` (the signs written before amounts)"));
        }
        let alt = |v: Vec<&String>| {
            let mut v: Vec<String> = v.into_iter().map(|s| regex::escape(s)).collect();
            v.sort_by_key(|s| std::cmp::Reverse(s.len()));
            v.join("|")
        };
        let cur = alt(p.currency.iter().collect());
        let abbr = alt(p.abbreviations.keys().collect());
        let red = alt(p.redundant.iter().collect());
        let mut src = format!(r"(?P<cur>{cur})(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?)");
        if !abbr.is_empty() {
            src.push_str(&format!(r"(?:[ \x{{a0}}]?(?P<abbr>{abbr}))?"));
        }
        src.push_str(r"(?P<mult> (?:million|billion|trillion))?\b");
        if !red.is_empty() {
            src.push_str(&format!(r"(?P<red> (?:{red})\b)?"));
        }
        let re = crate::rules::matcher::Builder::regex(&src).map_err(|m| cx.error(m))?;
        Ok(Money {
            rule,
            safety,
            re,
            round: p.round,
            cents: p.cents,
            abbreviations: p.abbreviations,
        })
    }
}

impl Check for Money {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for c in cx.captures(&self.re).iter() {
            let (Some(whole), Some(cur), Some(num)) = (c.get(0), c.name("cur"), c.name("num"))
            else {
                continue;
            };
            if text[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(|ch| ch.is_ascii_digit())
            {
                continue;
            }
            let num_s = num.as_str().trim_end_matches([',', '.']);
            let (int, frac) = match num_s.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (num_s, None),
            };
            // Commas must group thousands, or the figure is not an amount we can read.
            let groups: Vec<&str> = int.split(',').collect();
            if groups.len() > 1
                && (groups[0].is_empty()
                    || groups[0].len() > 3
                    || groups[1..].iter().any(|g| g.len() != 3))
            {
                continue;
            }
            let digits = int.replace(',', "");
            let abbr = c.name("abbr").map(|a| a.as_str());
            let mult = c.name("mult").map(|m| m.as_str());
            let mut amount = num_s.to_string();
            let mut word = mult.map(|m| m.trim().to_string());
            // "$450 mln" but not "$5 m".
            if c.name("abbr")
                .is_some_and(|a| a.start() > num.end() && a.len() < 2)
            {
                continue;
            }
            if let Some(a) = abbr {
                let Some(w) = self.abbreviations.get(a) else {
                    continue;
                };
                word = Some(w.clone());
            }
            if word.is_none() {
                let whole_cents = frac.is_some_and(|f| f.chars().all(|c| c == '0'));
                if self.round && (frac.is_none() || whole_cents) {
                    if let Some(r) = round_amount(&digits) {
                        amount = r;
                    } else if self.cents && whole_cents {
                        amount = int.to_string();
                    }
                } else if self.cents && whole_cents {
                    amount = int.to_string();
                }
            }
            let mut fixed = format!("{}{amount}", cur.as_str());
            if let Some(w) = &word {
                fixed.push(' ');
                fixed.push_str(w);
            }
            // The range ends where the number, its word and a redundant word end; a sentence
            // period after "$5" stays outside it.
            // A comma or period the number's match took in after its last digit is the
            // sentence's, and stays outside too ("$10,000.00, a record").
            let num_end = num.start() + num_s.len();
            let end = [c.name("red"), c.name("mult"), c.name("abbr")]
                .into_iter()
                .flatten()
                .map(|g| g.end())
                .chain([num_end])
                .max()
                .unwrap_or(num_end);
            let range = whole.start()..end;
            if text[range.clone()] == fixed {
                continue;
            }
            out.push(Candidate::replace(
                self.rule,
                range,
                fixed,
                self.safety,
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, found, none, one};

    #[test]
    fn money_forms() {
        let cases = [
            (
                "They lose $38,000,000 in revenue.",
                "$38,000,000",
                "$38 million",
            ),
            (
                "They lose $38000000 in revenue.",
                "$38000000",
                "$38 million",
            ),
            ("The grant was $4,500,000.", "$4,500,000", "$4.5 million"),
            (
                "It is worth $2,000,000,000.",
                "$2,000,000,000",
                "$2 billion",
            ),
            ("The prize is $10,000.00 now.", "$10,000.00", "$10,000"),
            ("Tickets cost $5 dollars.", "$5 dollars", "$5"),
            ("Profit rose to $1.2bn.", "$1.2bn", "$1.2 billion"),
            ("Sales were £600m.", "£600m", "£600 million"),
            // The comma after the amount is the sentence's: the fix keeps it.
            (
                "The prize was $10,000.00, a record.",
                "$10,000.00",
                "$10,000",
            ),
        ];
        for (text, found, fixed) in cases {
            assert_eq!(ap("numbers.money", text), one(found, fixed), "{text}");
        }
        none(
            "numbers.money",
            &[
                "It will build a $1.6 billion plant.",
                "The estate is worth $4,567,890.",
                "A stamp costs $0.73 and a car $7,500.",
                // A missing space: "£5," is not an amount to rewrite, and its comma stays.
                "He earns between £5,001and £10,000 for the work.",
            ],
        );
        assert_eq!(
            found("reuters", "reuters.numbers.money", "Profit rose to $1.2bn."),
            vec![]
        );
        assert_eq!(
            found(
                "reuters",
                "reuters.numbers.money-abbreviations",
                "The bank lent $450 mln."
            ),
            one("$450 mln", "$450 million")
        );
    }
}
