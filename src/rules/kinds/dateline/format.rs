//! `format`: the opening dateline against the profile's shape (the rule's `dateline` table):
//! the city in capitals, the place after it, the date or none, the credit and the separator.
//! One finding per dateline; its fix rewrites the whole dateline, keeping the city.

use super::place::place;
use crate::document::Dateline;
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};
use crate::rules::spec::DatelineParams;

pub(super) fn build_format(cx: &BuildCtx, p: DatelineParams) -> Result<Box<dyn Check>, RuleError> {
    if p.date && p.months.len() != 12 {
        return Err(cx.error(format!(
            "dateline.months: give the 12 month forms, January to December (found {})",
            p.months.len()
        )));
    }
    if p.credit.trim().is_empty() || p.separator.trim().is_empty() {
        return Err(cx.error("dateline: `credit` and `separator` must not be empty"));
    }
    let house = p.credit.trim_matches(['(', ')']).to_string();
    Ok(Box::new(FormatCheck {
        rule: cx.index,
        p,
        house,
    }))
}

struct FormatCheck {
    rule: usize,
    p: DatelineParams,
    /// The credit without parentheses (`AP`), for messages.
    house: String,
}

/// What is wrong with a dateline, in the order it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reason {
    /// The city is not in capitals.
    Case,
    /// The place after the city (message given).
    Place(String),
    /// The date (message given).
    Date(String),
    Credit,
    /// The credit written after the dash ("VATICAN CITY — (AP) —").
    CreditAfterDash,
    Separator,
    /// Spaces or punctuation between the parts.
    Spacing,
}

impl Reason {
    fn mechanical(&self) -> bool {
        matches!(
            self,
            Reason::Case | Reason::Separator | Reason::Spacing | Reason::CreditAfterDash
        )
    }
}

impl Check for FormatCheck {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        for dl in cx.doc.items().iter().filter_map(|i| i.dateline.as_ref()) {
            self.check_dateline(cx, dl, out);
        }
    }
}

impl FormatCheck {
    /// One dateline (each item of a digest has its own).
    fn check_dateline(&self, cx: &CheckCtx, dl: &Dateline, out: &mut Vec<Candidate>) {
        let doc = cx.doc;
        let text = doc.text();
        let (Some(written), Some(city)) = (text.get(dl.range.clone()), text.get(dl.city.clone()))
        else {
            return;
        };
        let mut reasons = Vec::new();

        let city_caps = city.to_uppercase();
        if city_caps != city {
            reasons.push(Reason::Case);
        }

        let given: Vec<&str> = dl
            .parts
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != dl.date_part)
            .filter_map(|(_, r)| text.get(r.clone()))
            .collect();
        let place = place(self.p.places, cx.knowledge, &self.house, city, &given);
        if let Some(why) = &place.reason {
            reasons.push(Reason::Place(why.clone()));
        }

        let written_date = dl
            .date_part
            .and_then(|i| dl.parts.get(i))
            .and_then(|r| text.get(r.clone()));
        let date = if self.p.date {
            let (m, d) = dl
                .month_day
                .unwrap_or((doc.date().month(), doc.date().day()));
            let want = self
                .p
                .months
                .get(usize::try_from(m - 1).unwrap_or(0))
                .map(|mon| format!("{mon} {d}"));
            match (&want, written_date) {
                (Some(w), None) => reasons.push(Reason::Date(format!("the date (“{w}”)"))),
                (Some(w), Some(g)) if w != g => {
                    reasons.push(Reason::Date(format!("the date written “{w}”")))
                }
                _ => {}
            }
            want
        } else {
            if written_date.is_some() {
                reasons.push(Reason::Date("no date".into()));
            }
            None
        };

        let credit = dl.credit.as_ref().and_then(|r| text.get(r.clone()));
        let own_credit = credit == Some(self.p.credit.as_str());
        if !own_credit {
            reasons.push(Reason::Credit);
        }
        let head_end = dl.parts.last().map_or(dl.city.end, |r| r.end);
        if let Some(c) = &dl.credit
            && text
                .get(head_end..c.start)
                .is_some_and(|between| between.contains(['—', '–', '-']))
        {
            reasons.push(Reason::CreditAfterDash);
        }
        // An accepted separator stays, unless the dateline is another house's.
        let sep_written = dl.separator.as_ref().and_then(|r| text.get(r.clone()));
        let sep = match sep_written {
            Some(s) if s == self.p.separator => s,
            Some(s) if own_credit && self.p.also_accept.iter().any(|a| a == s) => s,
            Some(s) if self.p.also_accept.iter().any(|a| a == s) => self.p.separator.as_str(),
            _ => {
                reasons.push(Reason::Separator);
                self.p.separator.as_str()
            }
        };

        let shape = |date: Option<&String>| {
            let mut want = city_caps.clone();
            for part in place.want.iter().chain(date) {
                want.push_str(", ");
                want.push_str(part);
            }
            want.push(' ');
            want.push_str(&self.p.credit);
            want.push(' ');
            want.push_str(sep);
            want
        };
        // An undated dateline the house accepts: right as it stands when nothing else differs.
        if self.p.undated
            && written_date.is_none()
            && shape(None) == written
            && place.ambiguous.is_empty()
        {
            return;
        }
        let want = shape(date.as_ref());
        if want == written && place.ambiguous.is_empty() {
            return;
        }
        if reasons.is_empty() {
            reasons.push(Reason::Spacing);
        }
        if !place.ambiguous.is_empty() {
            out.push(
                Candidate::bare(self.rule, dl.range.clone()).message(format!(
                    "{city_caps} needs its state in an {} dateline ({}); the city is in more than one.",
                    self.house,
                    place.ambiguous.join(" or ")
                )),
            );
            return;
        }
        let mechanical = reasons.iter().all(Reason::mechanical);
        let mut replacement = want.clone();
        if text[dl.range.end..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace())
        {
            replacement.push(' ');
        }
        let message = format!(
            "{} dateline: {}. Write “{want}”.",
            self.house,
            describe(&reasons, &self.p)
        );
        let safety = if mechanical {
            Safety::Safe
        } else {
            Safety::Review
        };
        let c = Candidate::replace(
            self.rule,
            dl.range.clone(),
            replacement,
            safety,
            Some(format!("Rewrite the dateline as “{want}”")),
        )
        .message(message);
        // A date written in from the story's date rests on it.
        out.push(if self.p.date && dl.month_day.is_none() {
            c.dated()
        } else {
            c
        });
    }
}

fn describe(reasons: &[Reason], p: &DatelineParams) -> String {
    let words: Vec<String> = reasons
        .iter()
        .map(|r| match r {
            Reason::Case => "the city in capitals".to_string(),
            Reason::Place(s) | Reason::Date(s) => s.clone(),
            Reason::Credit => format!("the credit {}", p.credit),
            Reason::CreditAfterDash => "the credit before the dash, not after it".to_string(),
            Reason::Separator => format!("a spaced “{}” after the credit", p.separator),
            Reason::Spacing => "one space between the parts".to_string(),
        })
        .collect();
    words.join("; ")
}

#[cfg(test)]
mod tests {
    use crate::rules::Safety;
    use crate::rules::kinds::test_support::{check, dateline_findings, dateline_one, pair, story};

    #[test]
    fn ap_dateline_rewrites() {
        for (text, found, want) in [
            (
                "Washington, Nov 26: Former officials met.",
                "Washington, Nov 26:",
                "WASHINGTON (AP) —",
            ),
            (
                "Boston, Mass. - City councilors voted.",
                "Boston, Mass. -",
                "BOSTON (AP) —",
            ),
            (
                "DENVER, CO (AP) — A storm hit.",
                "DENVER, CO (AP) —",
                "DENVER (AP) —",
            ),
            (
                "TOKYO, Japan (AP) — Kanto said.",
                "TOKYO, Japan (AP) —",
                "TOKYO (AP) —",
            ),
            (
                "SACRAMENTO (AP) — Lawmakers met.",
                "SACRAMENTO (AP) —",
                "SACRAMENTO, Calif. (AP) —",
            ),
            (
                "AUSTIN, TX (AP) — The bill passed.",
                "AUSTIN, TX (AP) —",
                "AUSTIN, Texas (AP) —",
            ),
            (
                "KYIV (AP) — Drones struck.",
                "KYIV (AP) —",
                "KYIV, Ukraine (AP) —",
            ),
            (
                "Chicago (AP) — The council met.",
                "Chicago (AP) —",
                "CHICAGO (AP) —",
            ),
            (
                "WASHINGTON, Nov. 26 (AP) — The Senate met.",
                "WASHINGTON, Nov. 26 (AP) —",
                "WASHINGTON (AP) —",
            ),
            (
                "BOSTON (AP) - The mayor spoke.",
                "BOSTON (AP) -",
                "BOSTON (AP) —",
            ),
            (
                "LAHAINA, Maui (AP) Residents returned.",
                "LAHAINA, Maui (AP)",
                "LAHAINA, Hawaii (AP) —",
            ),
            (
                "WASHINGTON, D.C. (AP) — The Senate met.",
                "WASHINGTON, D.C. (AP) —",
                "WASHINGTON (AP) —",
            ),
            (
                "MIAMI, Fla. (AP) — A storm hit.",
                "MIAMI, Fla. (AP) —",
                "MIAMI (AP) —",
            ),
            (
                "KANSAS CITY, Missouri (AP) — The Chiefs won.",
                "KANSAS CITY, Missouri (AP) —",
                "KANSAS CITY, Mo. (AP) —",
            ),
            (
                "OTTAWA (AP) — Parliament met.",
                "OTTAWA (AP) —",
                "OTTAWA, Ontario (AP) —",
            ),
            // Unknown cities keep their place; a state takes its dateline abbreviation.
            (
                "SMALLVILLE, KS (AP) — A tornado hit.",
                "SMALLVILLE, KS (AP) —",
                "SMALLVILLE, Kan. (AP) —",
            ),
            (
                "SMALLVILLE, Kansas (AP) — A tornado hit.",
                "SMALLVILLE, Kansas (AP) —",
                "SMALLVILLE, Kan. (AP) —",
            ),
            (
                "Smallville, Kan. — A tornado hit.",
                "Smallville, Kan. —",
                "SMALLVILLE, Kan. (AP) —",
            ),
            (
                "WASHINGTON, Nov. 26, 2025 (AP) — The Senate met.",
                "WASHINGTON, Nov. 26, 2025 (AP) —",
                "WASHINGTON (AP) —",
            ),
            // A Reuters dateline under AP.
            (
                "KYIV, Nov 18 (Reuters) - Blackouts.",
                "KYIV, Nov 18 (Reuters) -",
                "KYIV, Ukraine (AP) —",
            ),
            // No space after the dash: the rewrite adds one.
            (
                "BOSTON (AP)—The mayor spoke.",
                "BOSTON (AP)—",
                "BOSTON (AP) — ",
            ),
        ] {
            assert_eq!(dateline_one("ap", text), pair(found, want), "{text}");
        }
    }

    #[test]
    fn ap_correct_datelines_are_left_alone() {
        for text in [
            "WASHINGTON (AP) — The Senate met.",
            "SACRAMENTO, Calif. (AP) — Lawmakers met.",
            "KANSAS CITY, Kan. (AP) — The council met.",
            "ST. LOUIS (AP) — The Cardinals won.",
            "PARIS, Texas (AP) — The town voted.",
            "LONDON (AP) — Britain's economy grew.",
            "LONDON, Ontario (AP) — The city voted.",
            "MOSCOW, Idaho (AP) — Police said.",
            "HONOLULU (AP) — A storm hit.",
            "KYIV, Ukraine (AP) — Drones struck.",
            "SMALLVILLE (AP) — A tornado hit.",
            "SMALLVILLE, Kan. (AP) — A tornado hit.",
        ] {
            assert_eq!(dateline_findings("ap", text, None), [], "{text}");
        }
    }

    #[test]
    fn ap_city_in_two_states_without_one_is_flagged_without_a_fix() {
        let text = "PORTLAND (AP) — Police said.";
        let d = story(text, None);
        let f: Vec<_> = check("ap", &d)
            .into_iter()
            .filter(|f| f.rule == "ap.dateline.format")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!(&text[f[0].range.clone()], "PORTLAND (AP) —");
        assert!(f[0].fixes.is_empty());
        assert!(f[0].message.contains("Ore."), "{}", f[0].message);
    }

    #[test]
    fn fix_safety_depends_on_what_changes() {
        let safety = |profile: &str, text: &str| {
            let d = story(text, None);
            check(profile, &d)
                .into_iter()
                .find(|f| f.rule.ends_with(".dateline.format"))
                .map(|f| f.fixes[0].safety)
        };
        assert_eq!(
            safety("ap", "Chicago (AP) — The council met."),
            Some(Safety::Safe)
        );
        assert_eq!(
            safety("ap", "BOSTON (AP) - The mayor spoke."),
            Some(Safety::Safe)
        );
        assert_eq!(
            safety("ap", "DENVER, CO (AP) — A storm hit."),
            Some(Safety::Review)
        );
        assert_eq!(
            safety("reuters", "BRUSSELS, Sept. 12 (Reuters) - Ministers met."),
            Some(Safety::Review)
        );
    }

    #[test]
    fn reuters_dateline_rewrites() {
        for (text, found, want) in [
            (
                "BRUSSELS, Sept. 12 (Reuters) Ministers met.",
                "BRUSSELS, Sept. 12 (Reuters)",
                "BRUSSELS, Sept 12 (Reuters) -",
            ),
            (
                "KYIV, 18th Nov - Blackouts.",
                "KYIV, 18th Nov -",
                "KYIV, Nov 18 (Reuters) -",
            ),
            (
                "LONDON, Oct 14 (Reuters): Britain's economy grew.",
                "LONDON, Oct 14 (Reuters):",
                "LONDON, Oct 14 (Reuters) -",
            ),
            (
                "LONDON, October 14 (Reuters) - Britain's economy grew.",
                "LONDON, October 14 (Reuters) -",
                "LONDON, Oct 14 (Reuters) -",
            ),
            (
                "DENVER, CO (AP) — A storm hit.",
                "DENVER, CO (AP) —",
                "DENVER, Colorado, Nov 26 (Reuters) -",
            ),
            (
                "TOKYO (AP) — Kanto said.",
                "TOKYO (AP) —",
                "TOKYO, Nov 26 (Reuters) -",
            ),
            (
                "Washington, Nov 26: Officials met.",
                "Washington, Nov 26:",
                "WASHINGTON, Nov 26 (Reuters) -",
            ),
        ] {
            assert_eq!(dateline_one("reuters", text), pair(found, want), "{text}");
        }
    }

    #[test]
    fn reuters_correct_datelines_are_left_alone() {
        for text in [
            "KYIV, Nov 18 (Reuters) - Ukraine's state grid operator imposed blackouts.",
            "ARNHEM, Netherlands, May 16 (Reuters) - Police said.",
            "LONDON, Oct 14 (Reuters) – Britain's economy grew.",
            "BRUSSELS, Sept 12 (Reuters) — Ministers met.",
            "WASHINGTON, March 3 (Reuters) - The Senate met.",
        ] {
            assert_eq!(dateline_findings("reuters", text, None), [], "{text}");
        }
    }
}
