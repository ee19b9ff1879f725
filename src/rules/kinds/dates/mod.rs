//! `dates`: how dates and times are written. Each rule picks one check:
//!
//! - `ordinal-suffix`: no "st/nd/rd/th" on a date ("Nov. 13th" → "Nov. 13", "the 14th of
//!   November" → "Nov. 14");
//! - `month-form`: the house form of a month with a date ("November 26" → "Nov. 26", "Jul. 4"
//!   → "July 4"), and the full name alone or with a year ("Jan. 2024" → "January 2024");
//! - `day-month`: month before day ("26 November" → "Nov. 26");
//! - `weekday`: a weekday that does not fall on the date beside it ("Monday, Dec. 2" in 2025);
//! - `relative`: "yesterday", "tomorrow", "last Tuesday" → the day of the week, from the
//!   story's date;
//! - `times`: "6 PM" → "6 p.m.", "11:00 AM" → "11 a.m.", "12 p.m." → "noon", "5 p.m. this
//!   afternoon" → "5 p.m.".
//!
//! The month forms are the rule's `params.months`: the twelve forms the house writes with a
//! date, January first. The English names and their usual abbreviations are recognised
//! whatever the house form.
//!
//! Each check is one file; [`calendar`] holds the month and weekday names, the house's month
//! forms and what the checks read around a date.

mod calendar;
mod day_month;
mod month_form;
mod ordinal_suffix;
mod relative;
mod times;
mod weekday;

use serde::Deserialize;

use super::{BuildCtx, Check};
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::spec::WithParams;
use calendar::{MonthFormParams, MonthParams, Months};
use day_month::DayMonth;
use month_form::MonthForm;
use ordinal_suffix::OrdinalSuffix;
use relative::{Relative, RelativeParams};
use times::{Times, TimesParams};
use weekday::WeekdayCheck;

/// The checks of the kind, as `check = "…"` selects them.
#[derive(Debug, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub(crate) enum DatesCheck {
    OrdinalSuffix(WithParams<MonthParams>),
    MonthForm(WithParams<MonthFormParams>),
    DayMonth(WithParams<MonthParams>),
    Weekday(WithParams<MonthParams>),
    Relative(WithParams<RelativeParams>),
    Times(WithParams<TimesParams>),
}

pub(crate) fn build(cx: &BuildCtx, check: &DatesCheck) -> Result<Box<dyn Check>, RuleError> {
    let rule = cx.index;
    let safety = cx.spec.fix.unwrap_or(Safety::Safe);
    Ok(match check {
        DatesCheck::OrdinalSuffix(p) => {
            let months = Months::new(cx, &p.params.months)?;
            Box::new(OrdinalSuffix::new(cx, rule, safety, months)?)
        }
        DatesCheck::MonthForm(p) => {
            let months = Months::new(cx, &p.params.months)?;
            Box::new(
                MonthForm::new(cx, rule, safety, months, &p.params.alone_after)?
                    .full_name_level(p.params.full_name_level),
            )
        }
        DatesCheck::DayMonth(p) => {
            let months = Months::new(cx, &p.params.months)?;
            Box::new(DayMonth::new(cx, rule, safety, months)?)
        }
        DatesCheck::Weekday(p) => {
            let months = Months::new(cx, &p.params.months)?;
            Box::new(WeekdayCheck::new(cx, rule, safety, months)?)
        }
        DatesCheck::Relative(p) => Box::new(Relative::new(cx, rule, safety, p.params.clone())?),
        DatesCheck::Times(p) => Box::new(Times::new(cx, rule, safety, p.params.clone())?),
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{NOV_26, ap, check, none, one, story};

    #[test]
    fn odd_input_never_panics() {
        let text = "Monday,\u{a0}Dec.\u{2003}2nd 🙂 at 12\u{a0}p.m.\u{2003}tonight, 14th of\u{a0}Nov.\u{2003}2025 \
                    ‘90s 1990’s yesterday’s Jan.\u{a0}5,\u{a0}2024 é3 $7500 $1.2bn 3rd\u{2003}straight \
                    nine-year-old 26 November, 2025 last\u{a0}Friday 12:00\u{a0}noon";
        let mut ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        ends.push(text.len());
        for profile in ["ap", "reuters"] {
            for &end in &ends {
                for start in [0, 1, 2, 3, 4] {
                    if start <= end && text.is_char_boundary(start) {
                        let doc = story(&text[start..end], Some(NOV_26));
                        let _ = check(profile, &doc);
                    }
                }
            }
        }
    }

    #[test]
    fn decades() {
        assert_eq!(
            ap("dates.decades", "Prices rose in the 1990's."),
            one("1990's", "1990s")
        );
        none(
            "dates.decades",
            &[
                "In the 1990s and the ’80s it rose into the 40s.",
                "Music of the ‘90s is back.",
            ],
        );
    }
}
