//! `month-form`: the house form of a month with a date ("November 26" → "Nov. 26", "Jul. 4" →
//! "July 4"), and the full name alone or with a year ("Jan. 2024" → "January 2024").

use std::sync::LazyLock;

use regex::Regex;

use super::calendar::{MONTHS, Months, day_ok, sentence_ends, word_before};
use crate::finding::{Level, Safety};
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};

pub(super) struct MonthForm {
    rule: usize,
    safety: Safety,
    months: Months,
    token: Regex,
    alone_after: Vec<String>,
    /// The cap on a finding on a full month name with a date.
    full_name_level: Option<Level>,
}

static MONTH_DAY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \x{a0}]+(?P<d>[0-9]{1,2})(?P<s>st|nd|rd|th)?(?-u:\b)").expect("valid regex")
});
static YEAR_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<c>,?)[ \x{a0}]+[0-9]{4}(?-u:\b)").expect("valid regex"));

impl MonthForm {
    pub(super) fn new(
        cx: &BuildCtx,
        rule: usize,
        safety: Safety,
        months: Months,
        alone_after: &[String],
    ) -> Result<Self, RuleError> {
        let token = cx.compile(&format!(r"(?-u:\b){}", months.pattern))?;
        Ok(MonthForm {
            rule,
            safety,
            months,
            token,
            alone_after: alone_after.iter().map(|w| w.to_lowercase()).collect(),
            full_name_level: None,
        })
    }

    /// Caps findings on a month's full name with a date at `level`.
    pub(super) fn full_name_level(mut self, level: Option<Level>) -> Self {
        self.full_name_level = level;
        self
    }
}

impl Check for MonthForm {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for m in cx.captures(&self.token).iter().map(|c| c.whole()) {
            let tok = m.as_str();
            let Some(mi) = self.months.index(tok) else {
                continue;
            };
            let base = tok.trim_end_matches('.');
            // "in May. 5 people…": the stop ends the sentence.
            if tok.ends_with('.') && base == MONTHS[mi] {
                continue;
            }
            // "5 November 2025" is the day-month rule's.
            let prev = word_before(text, m.start());
            if prev.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let rest = &text[m.end()..];
            if let Some(c) = MONTH_DAY_AFTER.captures(rest) {
                // "In January 25 people were…": a month alone, then a count.
                if prev == "in" {
                    continue;
                }
                // With a date: the house form ("Nov. 26", "July 4"). A suffix is the
                // ordinal-suffix rule's.
                let day_end = c.get(0).map_or(0, |g| g.end());
                let glued = rest[day_end..]
                    .chars()
                    .next()
                    .is_some_and(|ch| ch == ':' || ch.is_alphanumeric());
                if c.name("s").is_some() || glued || day_ok(&c["d"]).is_none() {
                    continue;
                }
                let house = &self.months.house[mi];
                if tok != house {
                    let mut c =
                        Candidate::replace(self.rule, m.range(), house.clone(), self.safety, None);
                    if tok == MONTHS[mi]
                        && let Some(level) = self.full_name_level
                    {
                        c = c.cap(level);
                    }
                    out.push(c);
                }
                continue;
            }
            let full = MONTHS[mi];
            if let Some(c) = YEAR_AFTER.captures(rest) {
                // With a year only: the full name, no comma ("January 2024").
                let comma = c.name("c").is_some_and(|g| !g.is_empty());
                if tok != full || comma {
                    let end = m.end() + usize::from(comma);
                    out.push(Candidate::replace(
                        self.rule,
                        m.start()..end,
                        full,
                        self.safety,
                        None,
                    ));
                }
                continue;
            }
            // Alone: only an abbreviation written with its stop ("in Nov.") is surely a month.
            if base != full && tok.ends_with('.') && self.alone_after.contains(&prev) {
                let r = if sentence_ends(text, m.end()) {
                    m.start()..m.end() - 1
                } else {
                    m.range()
                };
                out.push(Candidate::replace(self.rule, r, full, self.safety, None));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Level;
    use crate::rules::kinds::test_support::{NOV_26, ap, found, graded, none, one};

    #[test]
    fn a_full_month_name_can_be_advice() {
        let text = "The vote is November 26, the count Nov 28 and the result Jul. 1.";
        let g = |profile: &str| {
            graded(
                profile,
                &format!("{profile}.dates.month-form"),
                text,
                NOV_26,
            )
        };
        let want = |full: Level| {
            vec![
                ("November".to_string(), Some("Nov.".to_string()), full),
                ("Nov".to_string(), Some("Nov.".to_string()), Level::Warning),
                ("Jul.".to_string(), Some("July".to_string()), Level::Warning),
            ]
        };
        // Reuters copy often spells the month out where the handbook abbreviates it.
        assert_eq!(g("reuters"), want(Level::Info));
        assert_eq!(g("ap"), want(Level::Warning));
    }

    #[test]
    fn month_forms() {
        let cases = [
            ("The vote is November 26.", "November", "Nov."),
            ("The vote is Nov 26.", "Nov", "Nov."),
            ("The deadline was Sep. 29.", "Sep.", "Sept."),
            ("The deadline was Sept 29.", "Sept", "Sept."),
            ("The parade is Jul. 4.", "Jul.", "July"),
            ("It opened in Jan. 2024.", "Jan.", "January"),
            ("It opened in January, 2024.", "January,", "January"),
            (
                "Sales have slipped since Nov. as demand fell.",
                "Nov.",
                "November",
            ),
        ];
        for (text, found, fixed) in cases {
            assert_eq!(ap("dates.month-form", text), one(found, fixed), "{text}");
        }
        // A sentence ends with the abbreviation: its stop stays.
        assert_eq!(
            ap(
                "dates.month-form",
                "Sales have slipped since Nov. The plant closed."
            ),
            one("Nov", "November")
        );
        none(
            "dates.month-form",
            &[
                "The first tenants may move in by the summer.",
                "Cuts may follow by March.",
                "Theresa May said so on May 5.",
                "Augustine met Ant and Dec. on Dec. 2.",
                "In January 25 people were arrested.",
                "The plant opened in January 2024 and closed March 3.",
                "He was born on 5 November 2025.",
            ],
        );
        assert_eq!(
            found(
                "reuters",
                "reuters.dates.month-form",
                "The vote is on Nov 14."
            ),
            one("Nov", "Nov.")
        );
    }
}
