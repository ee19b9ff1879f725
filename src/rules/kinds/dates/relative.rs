//! `relative`: "yesterday", "tomorrow", "last Tuesday" → the day of the week, counted from the
//! story's date.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::calendar::{SP, WEEKDAYS, is_space, weekday_name, word_before};
use crate::document::Document;
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RelativeParams {
    /// Words for a day relative to the story's date.
    #[serde(default)]
    words: Vec<RelativeWord>,
    /// Words before a weekday that add nothing to it ("last", "next").
    #[serde(default)]
    before_weekday: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelativeWord {
    /// The word or phrase, lowercase ("yesterday", "last night").
    find: String,
    /// Days from the story's date (-1 for yesterday).
    days: i8,
    /// A word written after the weekday ("night" for "tonight").
    #[serde(default)]
    then: Option<String>,
    /// When given, the word is flagged only right after one of these words, or after a word
    /// ending in one given with a leading hyphen ("-ed"): "said today" names a day, "music
    /// today" means the present.
    #[serde(default)]
    only_after: Vec<String>,
}

impl RelativeWord {
    fn allowed_after(&self, prev: &str) -> bool {
        self.only_after.is_empty()
            || self.only_after.iter().any(|w| match w.strip_prefix('-') {
                Some(suffix) => prev.len() > suffix.len() + 1 && prev.ends_with(suffix),
                None => prev == w,
            })
    }
}

pub(super) struct Relative {
    rule: usize,
    safety: Safety,
    words: Vec<RelativeWord>,
    re: Option<Regex>,
    weekday_re: Option<Regex>,
}

static TIME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[ap]\.?m\.?|noon|midnight)[ \x{a0}]*$").expect("valid regex")
});

impl Relative {
    pub(super) fn new(
        cx: &BuildCtx,
        rule: usize,
        safety: Safety,
        p: RelativeParams,
    ) -> Result<Self, RuleError> {
        let alt = |v: Vec<&str>| {
            let mut v: Vec<String> = v.into_iter().map(regex::escape).collect();
            v.sort_by_key(|s| std::cmp::Reverse(s.len()));
            v.join("|")
        };
        if p.words
            .iter()
            .any(|w| w.find.trim().is_empty() || w.find != w.find.to_lowercase())
        {
            return Err(cx.error("params: each of `words` needs a lowercase `find`"));
        }
        let re = (!p.words.is_empty()).then(|| {
            let words = alt(p.words.iter().map(|w| w.find.as_str()).collect());
            cx.compile(&format!(r"(?-u:\b)(?i:{words})(?-u:\b)"))
        });
        let re = re.transpose()?;
        let weekday_re = (!p.before_weekday.is_empty()).then(|| {
            let before = alt(p.before_weekday.iter().map(String::as_str).collect());
            cx.compile(&format!(
                r"(?-u:\b)(?i:{before}){SP}(?P<wd>{})(?-u:\b)",
                WEEKDAYS.join("|")
            ))
        });
        let weekday_re = weekday_re.transpose()?;
        Ok(Relative {
            rule,
            safety,
            words: p.words,
            re,
            weekday_re,
        })
    }
}

impl Check for Relative {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let doc = cx.doc;
        let text = doc.text();
        let story = doc.date();
        if let Some(re) = &self.re {
            for m in cx.captures(re).iter().map(|c| c.whole()) {
                let found = m.as_str();
                let r = m.range();
                // Lowercase, or capitalised at a sentence start: "Today" mid-sentence is a
                // name (a programme, a newspaper).
                let capital = found.starts_with(|c: char| c.is_uppercase());
                if capital && !doc.is_sentence_start(r.start) {
                    continue;
                }
                if found.chars().skip(1).any(char::is_uppercase) {
                    continue;
                }
                // "today's economy", "the world of today": the present in general.
                let after = &text[r.end..];
                if after.starts_with("'s") || after.starts_with("’s") {
                    continue;
                }
                if crate::text::tail(text, r.start, 32)
                    .trim_end_matches(is_space)
                    .to_ascii_lowercase()
                    .ends_with(" of")
                {
                    continue;
                }
                // "5 p.m. tonight" is the times rule's.
                if TIME_BEFORE.is_match(crate::text::tail(text, r.start, 32)) {
                    continue;
                }
                let lower = found.to_lowercase();
                let Some(w) = self.words.iter().find(|w| w.find == lower) else {
                    continue;
                };
                if !w.allowed_after(&word_before(text, r.start)) {
                    continue;
                }
                let Ok(day) = story.checked_add(jiff::Span::new().days(i64::from(w.days))) else {
                    continue;
                };
                let mut fixed = weekday_name(day).to_string();
                if let Some(t) = &w.then {
                    fixed.push(' ');
                    fixed.push_str(t);
                }
                out.push(Candidate::replace(self.rule, r, fixed, self.safety, None).dated());
            }
        }
        if let Some(re) = &self.weekday_re {
            for c in cx.captures(re).iter() {
                let (Some(whole), Some(wd)) = (c.get(0), c.name("wd")) else {
                    continue;
                };
                let r = whole.range();
                if capital_mid_sentence(doc, &r) {
                    continue;
                }
                // "the last Tuesday of the month" is not a day of this week.
                if text[r.end..]
                    .trim_start_matches(is_space)
                    .starts_with("of ")
                    || crate::text::tail(text, r.start, 32)
                        .to_ascii_lowercase()
                        .trim_end()
                        .ends_with("the")
                {
                    continue;
                }
                out.push(Candidate::replace(
                    self.rule,
                    r,
                    wd.as_str(),
                    self.safety,
                    None,
                ));
            }
        }
    }
}

fn capital_mid_sentence(doc: &Document, r: &Range<usize>) -> bool {
    doc.text()[r.clone()].starts_with(|c: char| c.is_uppercase()) && !doc.is_sentence_start(r.start)
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, none, one};

    #[test]
    fn relative_days_from_the_story_date() {
        assert_eq!(
            ap("dates.relative", "The mayor spoke yesterday."),
            one("yesterday", "Tuesday")
        );
        assert_eq!(
            ap("dates.relative", "The council meets tonight."),
            one("tonight", "Wednesday night")
        );
        assert_eq!(
            ap("dates.relative", "The council voted today to close it."),
            one("today", "Wednesday")
        );
        assert_eq!(
            ap("dates.relative", "Yesterday the mayor spoke."),
            one("Yesterday", "Tuesday")
        );
        assert_eq!(
            ap("dates.relative", "The mayor spoke last Tuesday."),
            one("last Tuesday", "Tuesday")
        );
        none(
            "dates.relative",
            &[
                "\"If you don't have to drive today, please don't,\" she said.",
                "Today's economy is different.",
                "Customs today are different.",
                "The vote is at 5 p.m. tonight.",
                "The leaders of tomorrow met.",
                "The show Today aired.",
                "It is the last Tuesday of the month.",
            ],
        );
    }
}
