//! `weekday`: a weekday that does not fall on the date beside it ("Monday, Dec. 2" in 2025 →
//! "Tuesday"); a date that does not exist gets a message.

use jiff::civil::Date;
use regex::Regex;

use super::calendar::{MONTHS, Months, SP, WEEKDAYS, day_ok, weekday_name};
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};

pub(super) struct WeekdayCheck {
    rule: usize,
    safety: Safety,
    months: Months,
    /// "Monday, Dec. 2, 2024", "Monday 2 December".
    forms: [Regex; 2],
}

impl WeekdayCheck {
    pub(super) fn new(
        cx: &BuildCtx,
        rule: usize,
        safety: Safety,
        months: Months,
    ) -> Result<Self, RuleError> {
        let wd = WEEKDAYS.join("|");
        let m = &months.pattern;
        let year = format!(r"(?:,?{SP}(?P<y>[0-9]{{4}})(?-u:\b))?");
        let forms = [
            cx.compile(&format!(
                r"(?-u:\b)(?P<wd>{wd})(?-u:\b),?{SP}(?P<m>{m}){SP}(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?-u:\b){year}"
            ))?,
            cx.compile(&format!(
                r"(?-u:\b)(?P<wd>{wd})(?-u:\b),?{SP}(?:the{SP})?(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:{SP}of)?{SP}(?P<m>{m}){year}"
            ))?,
        ];
        Ok(WeekdayCheck {
            rule,
            safety,
            months,
            forms,
        })
    }
}

/// The date with this month and day nearest to `story` (the year before, of, or after it).
fn nearest(month: i8, day: i8, story: Date) -> Option<Date> {
    let y = story.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| Date::new(y, month, day).ok())
        .min_by_key(|d| {
            d.since(story)
                .map_or(i64::MAX, |s| i64::from(s.get_days()).abs())
        })
}

impl Check for WeekdayCheck {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let story = cx.doc.date();
        let mut seen: Vec<usize> = Vec::new();
        for re in &self.forms {
            for c in cx.captures(re).iter() {
                let (Some(wd), Some(m), Some(d)) = (c.name("wd"), c.name("m"), c.name("d")) else {
                    continue;
                };
                if seen.contains(&wd.start()) {
                    continue;
                }
                let (Some(mi), Some(day)) = (self.months.index(m.as_str()), day_ok(d.as_str()))
                else {
                    continue;
                };
                seen.push(wd.start());
                let month = mi as i8 + 1;
                let year = c.name("y").and_then(|y| y.as_str().parse::<i16>().ok());
                let date = match year {
                    Some(y) => match Date::new(y, month, day) {
                        Ok(d) => d,
                        Err(_) => {
                            out.push(
                                Candidate::bare(self.rule, wd.start()..d.end())
                                    .message(format!("There is no {} {day}, {y}.", MONTHS[mi])),
                            );
                            continue;
                        }
                    },
                    None => match nearest(month, day, story) {
                        Some(d) => d,
                        None => continue,
                    },
                };
                let right = weekday_name(date);
                if right != wd.as_str() {
                    let c = Candidate::replace(self.rule, wd.range(), right, self.safety, None)
                        .message(format!(
                            "{} {day}, {} is a {right}, not a {}; check the date and the day.",
                            MONTHS[mi],
                            date.year(),
                            wd.as_str()
                        ));
                    // Without a year, the date is placed by the story's.
                    out.push(if year.is_none() { c.dated() } else { c });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, none, one};

    #[test]
    fn weekday_matches_the_date() {
        assert_eq!(
            ap("dates.weekday", "The hearing is Monday, Dec. 2."),
            one("Monday", "Tuesday")
        );
        assert_eq!(
            ap("dates.weekday", "It opened Friday, Jan. 3, 2024."),
            one("Friday", "Wednesday")
        );
        assert_eq!(
            ap("dates.weekday", "The game is Monday 1 December."),
            vec![]
        );
        // No such date: a message, no fix.
        assert_eq!(
            ap("dates.weekday", "The vote is Friday, Feb. 30, 2026."),
            vec![("Friday, Feb. 30".to_string(), None)]
        );
        none(
            "dates.weekday",
            &["The hearing is Tuesday, Dec. 2.", "We met Monday."],
        );
    }
}
