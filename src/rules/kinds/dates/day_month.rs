//! `day-month`: month before day ("26 November" → "Nov. 26"), but not inside a range of days.

use regex::Regex;

use super::calendar::{Months, SP, day_ok, is_space, keep_sentence_stop};
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};

pub(super) struct DayMonth {
    rule: usize,
    safety: Safety,
    months: Months,
    re: Regex,
}

impl DayMonth {
    pub(super) fn new(
        cx: &BuildCtx,
        rule: usize,
        safety: Safety,
        months: Months,
    ) -> Result<Self, RuleError> {
        let re = cx.compile(&format!(
            r"(?-u:\b)(?P<d>[0-9]{{1,2}}){SP}(?P<m>{})(?:,?{SP}(?P<y>[0-9]{{4}})(?-u:\b))?",
            months.pattern
        ))?;
        Ok(DayMonth {
            rule,
            safety,
            months,
            re,
        })
    }
}

impl Check for DayMonth {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for c in cx.captures(&self.re).iter() {
            let (Some(whole), Some(m), Some(d)) = (c.get(0), c.name("m"), c.name("d")) else {
                continue;
            };
            let (Some(mi), Some(day)) = (self.months.index(m.as_str()), day_ok(d.as_str())) else {
                continue;
            };
            // Only a day standing alone: not "3-5 May", "£5 May", "1,5 May", "No. 5 May".
            let prev = text[..whole.start()].chars().next_back();
            if !prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '“' | '"')) {
                continue;
            }
            let before = text[..whole.start()].trim_end_matches(is_space);
            if before.ends_with(|c: char| c.is_ascii_digit())
                || before.ends_with("No.")
                || before.ends_with(['-', '–', '/'])
            {
                continue;
            }
            // The end of a range of days ("14 to 17 February", "16 or 17 March"): rewriting
            // half of it would garble it.
            let joined = ["to", "and", "or", "through", "until", "till"]
                .iter()
                .any(|w| {
                    before
                        .strip_suffix(w)
                        .filter(|b| b.ends_with(is_space))
                        .is_some_and(|b| {
                            b.trim_end_matches(is_space)
                                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                                .ends_with(|c: char| c.is_ascii_digit())
                        })
                });
            if joined {
                continue;
            }
            // A day-month date ends with the month or its year, not inside a word.
            if text[whole.end()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric())
            {
                continue;
            }
            let mut fixed = format!("{} {day}", self.months.house[mi]);
            if let Some(y) = c.name("y") {
                fixed.push_str(", ");
                fixed.push_str(y.as_str());
            }
            let r = keep_sentence_stop(cx.doc, whole.range(), &fixed);
            out.push(Candidate::replace(self.rule, r, fixed, self.safety, None));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, none, one};

    #[test]
    fn day_month_order() {
        assert_eq!(
            ap("dates.day-month", "The vote is on 26 November."),
            one("26 November", "Nov. 26")
        );
        assert_eq!(
            ap("dates.day-month", "He was born on 5 May 1990 in Leeds."),
            one("5 May 1990", "May 5, 1990")
        );
        none(
            "dates.day-month",
            &[
                "The council has 26 members.",
                "The talks run from 14 to 17 February.",
                "A reading could follow on 16 or 17 March.",
            ],
        );
    }
}
