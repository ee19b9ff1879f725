//! `ordinal-suffix`: no "st/nd/rd/th" on a date ("Nov. 13th" → "Nov. 13", "the 14th of
//! November" → "Nov. 14").

use std::ops::Range;

use regex::Regex;

use super::calendar::{Months, SP, day_ok, keep_sentence_stop};
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};

pub(super) struct OrdinalSuffix {
    rule: usize,
    safety: Safety,
    months: Months,
    /// "Nov. 13th", "November 13th".
    month_first: Regex,
    /// "the 14th of November", "14th November 2025".
    day_first: Regex,
}

impl OrdinalSuffix {
    pub(super) fn new(
        cx: &BuildCtx,
        rule: usize,
        safety: Safety,
        months: Months,
    ) -> Result<Self, RuleError> {
        let m = &months.pattern;
        let month_first = cx.compile(&format!(
            r"(?-u:\b)(?P<m>{m}){SP}(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)(?-u:\b)(?:,?{SP}(?P<y>[0-9]{{4}})(?-u:\b))?"
        ))?;
        let day_first = cx.compile(&format!(
            r"(?-u:\b)(?:[Tt]he{SP})?(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)(?:{SP}of)?{SP}(?P<m>{m})(?:,?{SP}(?P<y>[0-9]{{4}})(?-u:\b))?"
        ))?;
        Ok(OrdinalSuffix {
            rule,
            safety,
            months,
            month_first,
            day_first,
        })
    }
}

impl Check for OrdinalSuffix {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let mut taken: Vec<Range<usize>> = Vec::new();
        for re in [&self.month_first, &self.day_first] {
            for c in cx.captures(re).iter() {
                let (Some(whole), Some(m), Some(d)) = (c.get(0), c.name("m"), c.name("d")) else {
                    continue;
                };
                let (Some(mi), Some(day)) = (self.months.index(m.as_str()), day_ok(d.as_str()))
                else {
                    continue;
                };
                let r = whole.range();
                if taken.iter().any(|t| t.start < r.end && r.start < t.end) {
                    continue;
                }
                let mut fixed = format!("{} {day}", self.months.house[mi]);
                if let Some(y) = c.name("y") {
                    fixed.push_str(", ");
                    fixed.push_str(y.as_str());
                }
                // A stop that ended the sentence after "Nov." stays.
                let r = keep_sentence_stop(cx.doc, r, &fixed);
                taken.push(r.clone());
                out.push(Candidate::replace(self.rule, r, fixed, self.safety, None));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, none, one};

    #[test]
    fn ordinal_suffix_reports_the_whole_date() {
        let cases = [
            ("The hearing is Nov. 13th at 6 p.m.", "Nov. 13th", "Nov. 13"),
            ("The credit expired Sept. 30th.", "Sept. 30th", "Sept. 30"),
            ("Results are due November 13th.", "November 13th", "Nov. 13"),
            (
                "They met on the 14th of November.",
                "the 14th of November",
                "Nov. 14",
            ),
            (
                "It opened 14th November 2025.",
                "14th November 2025",
                "Nov. 14, 2025",
            ),
            (
                "It fell on September 11th 2001.",
                "September 11th 2001",
                "Sept. 11, 2001",
            ),
        ];
        for (text, found, fixed) in cases {
            assert_eq!(
                ap("dates.ordinal-suffix", text),
                one(found, fixed),
                "{text}"
            );
        }
        none(
            "dates.ordinal-suffix",
            &["The hearing is Nov. 13.", "The team won its 13th game."],
        );
    }
}
