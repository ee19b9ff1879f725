//! `date`: a dateline date that is neither the story's date nor a day before it, when the
//! story's date came from somewhere else (front matter, the command line, an editor setting).

use serde::Deserialize;

use crate::document::{DateSource, Dateline};
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DateParams {
    /// How many days before the story's date a dateline may be (overnight copy).
    #[serde(default = "one")]
    days_before: u8,
    /// Month forms for the fix, January to December; no fix when empty.
    #[serde(default)]
    months: Vec<String>,
}

impl Default for DateParams {
    fn default() -> Self {
        DateParams {
            days_before: 1,
            months: Vec::new(),
        }
    }
}

fn one() -> u8 {
    1
}

pub(super) fn build_date(cx: &BuildCtx, p: DateParams) -> Result<Box<dyn Check>, RuleError> {
    if !p.months.is_empty() && p.months.len() != 12 {
        return Err(cx.error("params.months: give the 12 month forms, January to December"));
    }
    Ok(Box::new(DateCheck { rule: cx.index, p }))
}

struct DateCheck {
    rule: usize,
    p: DateParams,
}

impl Check for DateCheck {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let doc = cx.doc;
        for dl in doc.items().iter().filter_map(|i| i.dateline.as_ref()) {
            // A dateline that gave the story its date agrees with it.
            if doc.date_source() == DateSource::Dateline && doc.dateline() == Some(dl) {
                continue;
            }
            self.check_dateline(cx, dl, out);
        }
    }
}

impl DateCheck {
    /// One dateline (each item of a digest has its own).
    fn check_dateline(&self, cx: &CheckCtx, dl: &Dateline, out: &mut Vec<Candidate>) {
        let doc = cx.doc;
        let (Some((m, d)), Some(range)) = (
            dl.month_day,
            dl.date_part.and_then(|i| dl.parts.get(i)).cloned(),
        ) else {
            return;
        };
        let story = doc.date();
        let mut day = story;
        for _ in 0..=self.p.days_before {
            if day.month() == m && day.day() == d && dl.year.is_none_or(|y| y == day.year()) {
                return;
            }
            match day.yesterday() {
                Ok(y) => day = y,
                Err(_) => break,
            }
        }
        let want = self
            .p
            .months
            .get(usize::try_from(story.month() - 1).unwrap_or(0))
            .map(|mon| format!("{mon} {}", story.day()));
        let message = format!(
            "The dateline's date is not the story's date ({}) or the day before; check it.",
            story
        );
        let c = match want {
            Some(w) => Candidate::replace(self.rule, range, w, Safety::Review, None),
            None => Candidate::bare(self.rule, range),
        };
        out.push(c.message(message).dated());
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::Date;

    use crate::rules::Level;
    use crate::rules::kinds::test_support::{check, dateline_findings, story};

    #[test]
    fn reuters_dateline_date_against_the_story_date() {
        let text = "KYIV, Nov 17 (Reuters) - Officials said.";
        let at = |y, m, d| Some(Date::constant(y, m, d));
        // The dateline gives the story's date: nothing to compare.
        assert_eq!(dateline_findings("reuters", text, None), []);
        // Front matter gives the date.
        let fm = "---\ndate: 2025-11-26\n---\nKYIV, Nov 17 (Reuters) - Officials said.\n";
        let f = dateline_findings("reuters", fm, None);
        assert_eq!(
            f,
            [(
                "reuters.dateline.date".to_string(),
                "Nov 17".to_string(),
                "Nov 26".to_string()
            )]
        );
        let ok = "---\ndate: 2025-11-18\n---\nKYIV, Nov 17 (Reuters) - Officials said.\n";
        assert_eq!(dateline_findings("reuters", ok, at(2025, 11, 18)), []);
        let d = story(fm, None);
        let sev: Vec<Level> = check("reuters", &d)
            .into_iter()
            .filter(|f| f.rule == "reuters.dateline.date")
            .map(|f| f.severity)
            .collect();
        assert_eq!(sev, [Level::Info]);
    }
}
