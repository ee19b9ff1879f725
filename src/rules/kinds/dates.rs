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

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::{Captures, Regex};
use serde::Deserialize;

use super::{BuildCtx, Candidate, Check, CheckCtx};
use crate::document::Document;
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::spec::WithParams;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

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
            Box::new(MonthForm::new(
                cx,
                rule,
                safety,
                months,
                &p.params.alone_after,
            )?)
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

// ---------------------------------------------------------------------------------------------
// Months

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MonthParams {
    /// The house form of each month with a date, January first ("Jan.", …, "March", …).
    #[serde(default)]
    months: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MonthFormParams {
    /// The house form of each month with a date, January first.
    #[serde(default)]
    months: Vec<String>,
    /// Words after which an abbreviated month standing alone is surely a month ("in Nov.",
    /// "since Dec."); elsewhere "Dec." may be a name.
    #[serde(default)]
    alone_after: Vec<String>,
}

/// The months as the house writes them and every form they are recognised in.
struct Months {
    /// The house form with a date, January first.
    house: Vec<String>,
    /// A month in any form: full name, three-letter abbreviation, the house form, "Sept";
    /// with an optional stop.
    pattern: String,
    /// A form (without its stop) → month index (0 = January).
    lookup: HashMap<String, usize>,
}

impl Months {
    fn new(cx: &BuildCtx, house: &[String]) -> Result<Months, RuleError> {
        if house.len() != 12 {
            return Err(cx.error(format!(
                "params: `months` needs the twelve house forms, January first (got {})",
                house.len()
            )));
        }
        let mut lookup = HashMap::new();
        for (i, name) in MONTHS.iter().enumerate() {
            let mut forms = vec![name.to_string(), name[..3].to_string()];
            if i == 8 {
                forms.push("Sept".into());
            }
            let h = house[i].trim_end_matches('.');
            if h.is_empty() || !h.chars().all(char::is_alphabetic) {
                return Err(cx.error(format!("params: month form `{}` is not a word", house[i])));
            }
            forms.push(h.to_string());
            for f in forms {
                lookup.insert(f, i);
            }
        }
        let mut forms: Vec<&String> = lookup.keys().collect();
        forms.sort_by_key(|f| (std::cmp::Reverse(f.len()), f.as_str()));
        let alt = forms
            .iter()
            .map(|f| regex::escape(f))
            .collect::<Vec<_>>()
            .join("|");
        Ok(Months {
            house: house.to_vec(),
            pattern: format!(r"(?:{alt})(?-u:\b)\.?"),
            lookup,
        })
    }

    /// The month a matched token (with or without its stop) names.
    fn index(&self, token: &str) -> Option<usize> {
        self.lookup.get(token.trim_end_matches('.')).copied()
    }
}

/// " " or a no-break space, one or more, on one line.
const SP: &str = r"[ \x{a0}]+";

fn day_ok(d: &str) -> Option<i8> {
    d.parse::<i8>().ok().filter(|d| (1..=31).contains(d))
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}'
}

// ---------------------------------------------------------------------------------------------
// ordinal-suffix

struct OrdinalSuffix {
    rule: usize,
    safety: Safety,
    months: Months,
    /// "Nov. 13th", "November 13th".
    month_first: Regex,
    /// "the 14th of November", "14th November 2025".
    day_first: Regex,
}

impl OrdinalSuffix {
    fn new(cx: &BuildCtx, rule: usize, safety: Safety, months: Months) -> Result<Self, RuleError> {
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
        let text = cx.doc.text();
        let mut taken: Vec<Range<usize>> = Vec::new();
        for re in [&self.month_first, &self.day_first] {
            for c in re.captures_iter(text) {
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

/// When `range` ends with a stop that also ends the sentence and `fixed` does not end with
/// one, the stop is left out of the range.
fn keep_sentence_stop(doc: &Document, range: Range<usize>, fixed: &str) -> Range<usize> {
    let text = doc.text();
    if text[range.clone()].ends_with('.') && !fixed.ends_with('.') && sentence_ends(text, range.end)
    {
        range.start..range.end - 1
    } else {
        range
    }
}

/// Whether a stop just before `at` ends a sentence: the paragraph ends or a capitalised word
/// (not a weekday) follows.
fn sentence_ends(text: &str, at: usize) -> bool {
    let rest = text[at..].trim_start_matches(is_space);
    match rest.chars().next() {
        None | Some('\n' | '\r') => true,
        Some(c) if c.is_uppercase() => !WEEKDAYS.iter().any(|w| rest.starts_with(w)),
        Some(c) => matches!(c, '"' | '”'),
    }
}

// ---------------------------------------------------------------------------------------------
// month-form

struct MonthForm {
    rule: usize,
    safety: Safety,
    months: Months,
    token: Regex,
    alone_after: Vec<String>,
}

/// The word before `at` on its line, lowercased, without surrounding punctuation.
fn word_before(text: &str, at: usize) -> String {
    let before = text[..at].trim_end_matches(is_space);
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    before[start..]
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

static MONTH_DAY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \x{a0}]+(?P<d>[0-9]{1,2})(?P<s>st|nd|rd|th)?(?-u:\b)").expect("valid regex")
});
static YEAR_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<c>,?)[ \x{a0}]+[0-9]{4}(?-u:\b)").expect("valid regex"));

impl MonthForm {
    fn new(
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
        })
    }
}

impl Check for MonthForm {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for m in self.token.find_iter(text) {
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
                    out.push(Candidate::replace(
                        self.rule,
                        m.range(),
                        house.clone(),
                        self.safety,
                        None,
                    ));
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

// ---------------------------------------------------------------------------------------------
// day-month

struct DayMonth {
    rule: usize,
    safety: Safety,
    months: Months,
    re: Regex,
}

impl DayMonth {
    fn new(cx: &BuildCtx, rule: usize, safety: Safety, months: Months) -> Result<Self, RuleError> {
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
        for c in self.re.captures_iter(text) {
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

// ---------------------------------------------------------------------------------------------
// weekday

struct WeekdayCheck {
    rule: usize,
    safety: Safety,
    months: Months,
    /// "Monday, Dec. 2, 2024", "Monday 2 December".
    forms: [Regex; 2],
}

impl WeekdayCheck {
    fn new(cx: &BuildCtx, rule: usize, safety: Safety, months: Months) -> Result<Self, RuleError> {
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

fn weekday_name(d: Date) -> &'static str {
    WEEKDAYS[d.weekday().to_monday_zero_offset() as usize % 7]
}

impl Check for WeekdayCheck {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        let story = cx.doc.date();
        let mut seen: Vec<usize> = Vec::new();
        for re in &self.forms {
            for c in re.captures_iter(text) {
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
                let date = match c.name("y").and_then(|y| y.as_str().parse::<i16>().ok()) {
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
                    out.push(
                        Candidate::replace(self.rule, wd.range(), right, self.safety, None)
                            .message(format!(
                                "{} {day}, {} is a {right}, not a {}; check the date and the day.",
                                MONTHS[mi],
                                date.year(),
                                wd.as_str()
                            )),
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// relative

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

struct Relative {
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
    fn new(
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
            for m in re.find_iter(text) {
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
                if text[..r.start]
                    .trim_end_matches(is_space)
                    .to_ascii_lowercase()
                    .ends_with(" of")
                {
                    continue;
                }
                // "5 p.m. tonight" is the times rule's.
                if TIME_BEFORE.is_match(&text[..r.start]) {
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
                out.push(Candidate::replace(self.rule, r, fixed, self.safety, None));
            }
        }
        if let Some(re) = &self.weekday_re {
            for c in re.captures_iter(text) {
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
                    || text[..r.start]
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

// ---------------------------------------------------------------------------------------------
// times

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TimesParams {
    /// How the house writes the morning and afternoon marks.
    am: String,
    pm: String,
    /// The words for 12 p.m. and 12 a.m.
    noon: String,
    midnight: String,
    /// Write "11 a.m.", not "11:00 a.m.".
    #[serde(default)]
    drop_zero_minutes: bool,
    /// Phrases after a morning time that repeat it ("this morning").
    #[serde(default)]
    redundant_am: Vec<String>,
    /// Phrases after an afternoon or evening time that repeat it ("this afternoon").
    #[serde(default)]
    redundant_pm: Vec<String>,
}

struct Times {
    rule: usize,
    safety: Safety,
    p: TimesParams,
    redundant_am: Vec<String>,
    redundant_pm: Vec<String>,
}

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<h>[0-9]{1,2})(?:(?P<sep>[:.])(?P<m>[0-9]{2}))?(?P<sp>[ \x{a0}]?)(?:(?P<mer>(?i:a\.?m(?-u:\b)\.?|p\.?m(?-u:\b)\.?))|(?P<word>noon|midnight)(?-u:\b))",
    )
    .expect("valid regex")
});

impl Times {
    fn new(cx: &BuildCtx, rule: usize, safety: Safety, p: TimesParams) -> Result<Self, RuleError> {
        if [&p.am, &p.pm, &p.noon, &p.midnight]
            .iter()
            .any(|s| s.trim().is_empty())
        {
            return Err(cx.error("params: give `am`, `pm`, `noon` and `midnight`"));
        }
        let low = |v: &[String]| {
            let mut v: Vec<String> = v.iter().map(|s| s.to_lowercase()).collect();
            v.sort_by_key(|s| std::cmp::Reverse(s.len()));
            v
        };
        Ok(Times {
            rule,
            safety,
            redundant_am: low(&p.redundant_am),
            redundant_pm: low(&p.redundant_pm),
            p,
        })
    }

    /// The house form of a time, or `None` when it is not a clock time we can read.
    fn canonical(&self, c: &Captures) -> Option<String> {
        let h: u32 = c["h"].parse().ok()?;
        let m: Option<u32> = c.name("m").and_then(|m| m.as_str().parse().ok());
        if c.name("sep").is_some_and(|s| s.as_str() == ".") && c.name("mer").is_none() {
            return None;
        }
        if let Some(w) = c.name("word") {
            // "12 noon", "12:00 midnight": the word alone.
            if h != 12 || m.is_some_and(|m| m != 0) || c["sp"].is_empty() {
                return None;
            }
            return Some(if w.as_str() == "noon" {
                self.p.noon.clone()
            } else {
                self.p.midnight.clone()
            });
        }
        let pm = c.name("mer")?.as_str().starts_with(['p', 'P']);
        if !(1..=12).contains(&h) || m.is_some_and(|m| m > 59) {
            return None;
        }
        let mark = if pm { &self.p.pm } else { &self.p.am };
        let on_the_hour = m.is_none_or(|m| m == 0);
        if h == 12 && on_the_hour {
            return Some(if pm {
                self.p.noon.clone()
            } else {
                self.p.midnight.clone()
            });
        }
        Some(match m {
            Some(m) if !(self.p.drop_zero_minutes && m == 0) => format!("{h}:{m:02} {mark}"),
            _ => format!("{h} {mark}"),
        })
    }
}

impl Check for Times {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let doc = cx.doc;
        let text = doc.text();
        for c in TIME.captures_iter(text) {
            let Some(whole) = c.get(0) else { continue };
            let prev = text[..whole.start()].chars().next_back();
            if prev.is_some_and(|p| {
                p.is_alphanumeric() || matches!(p, '.' | ':' | ',' | '$' | '-' | '/')
            }) {
                continue;
            }
            let Some(mut fixed) = self.canonical(&c) else {
                continue;
            };
            let mut r = whole.range();
            // "5 p.m. this afternoon": the time says it already.
            let pm = c
                .name("mer")
                .is_some_and(|m| m.as_str().starts_with(['p', 'P']));
            let am = c
                .name("mer")
                .is_some_and(|m| m.as_str().starts_with(['a', 'A']));
            let redundant = if pm {
                &self.redundant_pm
            } else if am {
                &self.redundant_am
            } else {
                &self.redundant_pm[..0]
            };
            let after = text[r.end..].trim_start_matches(is_space);
            let gap = text.len() - r.end - after.len();
            if gap > 0
                && let Some(p) = redundant.iter().find(|p| {
                    after.len() >= p.len()
                        && after.is_char_boundary(p.len())
                        && after[..p.len()].eq_ignore_ascii_case(p)
                        && !after[p.len()..].starts_with(char::is_alphanumeric)
                })
            {
                // The mark's stop may have ended the sentence before the phrase: never here.
                r.end += gap + p.len();
            }
            // "5 p.m. this afternoon." → "5 p.m.": one stop.
            if fixed.ends_with('.') && text[r.end..].starts_with('.') {
                r.end += 1;
            }
            let found = &text[r.clone()];
            if found == fixed {
                continue;
            }
            // "12 p.m. The council…": the stop that ended the sentence stays.
            if found.ends_with('.') && !fixed.ends_with('.') && sentence_ends(text, r.end) {
                fixed.push('.');
            }
            if found == fixed {
                continue;
            }
            out.push(Candidate::replace(self.rule, r, fixed, self.safety, None));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::document::{DocumentOptions, Format};
    use crate::engine::{Engine, Settings};
    use crate::rules::RuleSet;

    static AP: LazyLock<Engine> =
        LazyLock::new(|| Engine::new(RuleSet::builtin("ap").expect("AP pack loads")));
    static REUTERS: LazyLock<Engine> =
        LazyLock::new(|| Engine::new(RuleSet::builtin("reuters").expect("Reuters pack loads")));

    type Found = Vec<(String, Option<String>)>;

    /// (found text, replacement) of each finding of `rule` in `text`, for a story dated
    /// Wednesday, Nov. 26, 2025.
    fn run(engine: &Engine, rule: &str, text: &str) -> Found {
        let doc = Document::new(
            text,
            &DocumentOptions {
                format: Format::Plain,
                date: Some(Date::constant(2025, 11, 26)),
                today: Date::constant(2026, 1, 1),
            },
        );
        engine
            .check(&doc, &Settings::default())
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| (text[f.range.clone()].to_string(), f.replacement(text)))
            .collect()
    }

    fn ap(rule: &str, text: &str) -> Found {
        run(&AP, &format!("ap.dates.{rule}"), text)
    }

    fn one(found: &str, replacement: &str) -> Found {
        vec![(found.to_string(), Some(replacement.to_string()))]
    }

    fn none(rule: &str, texts: &[&str]) {
        for t in texts {
            assert_eq!(ap(rule, t), vec![], "{rule} fired on {t:?}");
        }
    }

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
            assert_eq!(ap("ordinal-suffix", text), one(found, fixed), "{text}");
        }
        none(
            "ordinal-suffix",
            &["The hearing is Nov. 13.", "The team won its 13th game."],
        );
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
            assert_eq!(ap("month-form", text), one(found, fixed), "{text}");
        }
        // A sentence ends with the abbreviation: its stop stays.
        assert_eq!(
            ap(
                "month-form",
                "Sales have slipped since Nov. The plant closed."
            ),
            one("Nov", "November")
        );
        none(
            "month-form",
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
            run(
                &REUTERS,
                "reuters.dates.month-form",
                "The vote is on Nov 14."
            ),
            one("Nov", "Nov.")
        );
    }

    #[test]
    fn day_month_order() {
        assert_eq!(
            ap("day-month", "The vote is on 26 November."),
            one("26 November", "Nov. 26")
        );
        assert_eq!(
            ap("day-month", "He was born on 5 May 1990 in Leeds."),
            one("5 May 1990", "May 5, 1990")
        );
        none(
            "day-month",
            &[
                "The council has 26 members.",
                "The talks run from 14 to 17 February.",
                "A reading could follow on 16 or 17 March.",
            ],
        );
    }

    #[test]
    fn weekday_matches_the_date() {
        assert_eq!(
            ap("weekday", "The hearing is Monday, Dec. 2."),
            one("Monday", "Tuesday")
        );
        assert_eq!(
            ap("weekday", "It opened Friday, Jan. 3, 2024."),
            one("Friday", "Wednesday")
        );
        assert_eq!(ap("weekday", "The game is Monday 1 December."), vec![]);
        // No such date: a message, no fix.
        assert_eq!(
            ap("weekday", "The vote is Friday, Feb. 30, 2026."),
            vec![("Friday, Feb. 30".to_string(), None)]
        );
        none(
            "weekday",
            &["The hearing is Tuesday, Dec. 2.", "We met Monday."],
        );
    }

    #[test]
    fn relative_days_from_the_story_date() {
        assert_eq!(
            ap("relative", "The mayor spoke yesterday."),
            one("yesterday", "Tuesday")
        );
        assert_eq!(
            ap("relative", "The council meets tonight."),
            one("tonight", "Wednesday night")
        );
        assert_eq!(
            ap("relative", "The council voted today to close it."),
            one("today", "Wednesday")
        );
        assert_eq!(
            ap("relative", "Yesterday the mayor spoke."),
            one("Yesterday", "Tuesday")
        );
        assert_eq!(
            ap("relative", "The mayor spoke last Tuesday."),
            one("last Tuesday", "Tuesday")
        );
        none(
            "relative",
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

    #[test]
    fn times() {
        let cases = [
            ("The hearing is at 6 PM Tuesday.", "6 PM", "6 p.m."),
            (
                "Power was out at 10:30 AM Tuesday.",
                "10:30 AM",
                "10:30 a.m.",
            ),
            ("Doors open at 11:00 AM daily.", "11:00 AM", "11 a.m."),
            ("Doors open at 7:00 a.m. daily.", "7:00 a.m.", "7 a.m."),
            ("The shop shuts at 6pm daily.", "6pm", "6 p.m."),
            ("The shop shuts at 6.30pm daily.", "6.30pm", "6:30 p.m."),
            ("The vote is at 12 p.m. on Friday.", "12 p.m.", "noon"),
            (
                "The party starts at 12 a.m. on Friday.",
                "12 a.m.",
                "midnight",
            ),
            ("Lunch is at 12 noon daily.", "12 noon", "noon"),
            (
                "The vote is at 5 p.m. this afternoon.",
                "5 p.m. this afternoon.",
                "5 p.m.",
            ),
            ("It ends at 6 PM.", "6 PM.", "6 p.m."),
            (
                "The vote is at 12 p.m. The council meets.",
                "12 p.m.",
                "noon.",
            ),
        ];
        for (text, found, fixed) in cases {
            assert_eq!(ap("times", text), one(found, fixed), "{text}");
        }
        none(
            "times",
            &[
                "The hearing starts at 6 p.m. and ends at 10:30 p.m.",
                "I am sure it ends at 8.",
                "The score was 2-1 at 18:00.",
            ],
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let text = "Monday,\u{a0}Dec.\u{2003}2nd 🙂 at 12\u{a0}p.m.\u{2003}tonight, 14th of\u{a0}Nov.\u{2003}2025 \
                    ‘90s 1990’s yesterday’s Jan.\u{a0}5,\u{a0}2024 é3 $7500 $1.2bn 3rd\u{2003}straight \
                    nine-year-old 26 November, 2025 last\u{a0}Friday 12:00\u{a0}noon";
        let mut ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        ends.push(text.len());
        for engine in [&*AP, &*REUTERS] {
            for &end in &ends {
                for start in [0, 1, 2, 3, 4] {
                    if start <= end && text.is_char_boundary(start) {
                        let doc = Document::new(
                            &text[start..end],
                            &DocumentOptions {
                                format: Format::Plain,
                                date: Some(Date::constant(2025, 11, 26)),
                                today: Date::constant(2026, 1, 1),
                            },
                        );
                        let _ = engine.check(&doc, &Settings::default());
                    }
                }
            }
        }
    }

    #[test]
    fn decades() {
        assert_eq!(
            ap("decades", "Prices rose in the 1990's."),
            one("1990's", "1990s")
        );
        none(
            "decades",
            &[
                "In the 1990s and the ’80s it rose into the 40s.",
                "Music of the ‘90s is back.",
            ],
        );
    }
}
