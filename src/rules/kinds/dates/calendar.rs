//! What the date checks share: month and weekday names, the house's month forms and every
//! form a month is recognised in, and what the checks read around a date (the word before it,
//! whether a stop ends the sentence).

use std::collections::HashMap;
use std::ops::Range;

use jiff::civil::Date;
use serde::Deserialize;

use crate::document::Document;
use crate::rules::RuleError;
use crate::rules::kinds::BuildCtx;

pub(super) const MONTHS: [&str; 12] = [
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

pub(super) const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MonthParams {
    /// The house form of each month with a date, January first ("Jan.", …, "March", …).
    #[serde(default)]
    pub(super) months: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MonthFormParams {
    /// The house form of each month with a date, January first.
    #[serde(default)]
    pub(super) months: Vec<String>,
    /// Words after which an abbreviated month standing alone is surely a month ("in Nov.",
    /// "since Dec."); elsewhere "Dec." may be a name.
    #[serde(default)]
    pub(super) alone_after: Vec<String>,
    /// The loudest a finding on a month's full name with a date ("November 26") may be: for a
    /// house whose copy spells the month out where its handbook abbreviates it, `info`.
    #[serde(default)]
    pub(super) full_name_level: Option<crate::finding::Level>,
}

/// The months as the house writes them and every form they are recognised in.
pub(super) struct Months {
    /// The house form with a date, January first.
    pub(super) house: Vec<String>,
    /// A month in any form: full name, three-letter abbreviation, the house form, "Sept";
    /// with an optional stop.
    pub(super) pattern: String,
    /// A form (without its stop) → month index (0 = January).
    pub(super) lookup: HashMap<String, usize>,
}

impl Months {
    pub(super) fn new(cx: &BuildCtx, house: &[String]) -> Result<Months, RuleError> {
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
    pub(super) fn index(&self, token: &str) -> Option<usize> {
        self.lookup.get(token.trim_end_matches('.')).copied()
    }
}

/// " " or a no-break space, one or more, on one line.
pub(super) const SP: &str = r"[ \x{a0}]+";

pub(super) fn day_ok(d: &str) -> Option<i8> {
    d.parse::<i8>().ok().filter(|d| (1..=31).contains(d))
}

pub(super) fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}'
}

/// When `range` ends with a stop that also ends the sentence and `fixed` does not end with
/// one, the stop is left out of the range.
pub(super) fn keep_sentence_stop(doc: &Document, range: Range<usize>, fixed: &str) -> Range<usize> {
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
pub(super) fn sentence_ends(text: &str, at: usize) -> bool {
    let rest = text[at..].trim_start_matches(is_space);
    match rest.chars().next() {
        None | Some('\n' | '\r') => true,
        Some(c) if c.is_uppercase() => !WEEKDAYS.iter().any(|w| rest.starts_with(w)),
        Some(c) => matches!(c, '"' | '”'),
    }
}

/// The word before `at` on its line, lowercased, without surrounding punctuation.
pub(super) fn word_before(text: &str, at: usize) -> String {
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

/// The name of a date's weekday.
pub(super) fn weekday_name(d: Date) -> &'static str {
    WEEKDAYS[d.weekday().to_monday_zero_offset() as usize % 7]
}
