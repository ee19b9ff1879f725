//! `times`: clock times as the house writes them: "6 PM" → "6 p.m.", "11:00 AM" → "11 a.m.",
//! "12 p.m." → "noon", "5 p.m. this afternoon" → "5 p.m.".

use std::sync::LazyLock;

use regex::Regex;

use crate::rules::kinds::found::Caps;
use serde::Deserialize;

use super::calendar::{is_space, sentence_ends};
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};

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

pub(super) struct Times {
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
    pub(super) fn new(
        cx: &BuildCtx,
        rule: usize,
        safety: Safety,
        p: TimesParams,
    ) -> Result<Self, RuleError> {
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
    fn canonical(&self, c: &Caps) -> Option<String> {
        let h: u32 = c.name("h")?.as_str().parse().ok()?;
        let m: Option<u32> = c.name("m").and_then(|m| m.as_str().parse().ok());
        if c.name("sep").is_some_and(|s| s.as_str() == ".") && c.name("mer").is_none() {
            return None;
        }
        if let Some(w) = c.name("word") {
            // "12 noon", "12:00 midnight": the word alone.
            if h != 12
                || m.is_some_and(|m| m != 0)
                || c.name("sp").is_none_or(|s| s.as_str().is_empty())
            {
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
        for c in cx.captures(&TIME).iter() {
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
    use crate::rules::kinds::test_support::{ap, none, one};

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
            assert_eq!(ap("dates.times", text), one(found, fixed), "{text}");
        }
        none(
            "dates.times",
            &[
                "The hearing starts at 6 p.m. and ends at 10:30 p.m.",
                "I am sure it ends at 8.",
                "The score was 2-1 at 18:00.",
            ],
        );
    }
}
