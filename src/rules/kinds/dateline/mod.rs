//! `dateline` rules, three checks:
//!
//! - `format`: the opening dateline against the profile's shape (the rule's `dateline` table):
//!   the city in capitals, the place after it (the stand-alone lists and state abbreviations,
//!   or the place as written), the date or none, the credit and the separator. One finding per
//!   dateline; its fix rewrites the whole dateline, keeping the city.
//! - `date`: a dateline date that is neither the story's date nor a day before it, when the
//!   story's date came from somewhere else.
//! - `body-states`: a state after a city in body text (`Savannah, Ga.`, `Toledo, OH`): spelled
//!   out, or dropped after a stand-alone city or a city in the dateline's own state.
//!
//! Each check is one file; [`place`] says how the profile writes the place after a dateline's
//! city.

mod body_states;
mod date;
mod format;
mod place;

use serde::Deserialize;

use super::{BuildCtx, Check};
use crate::document::{Dateline, Document};
use crate::rules::RuleError;
use crate::rules::knowledge::{City, Knowledge, State};
use crate::rules::spec::{DatelineParams, WithParams};
use body_states::{BodyParams, build_body_states};
use date::{DateParams, build_date};
use format::build_format;

/// The checks of the kind, as `check = "…"` selects them.
#[derive(Debug, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub(crate) enum DatelineCheck {
    Format(FormatSpec),
    Date(WithParams<DateParams>),
    BodyStates(WithParams<BodyParams>),
}

/// A `format` check: the house shape of a dateline in the rule's `dateline = {…}` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FormatSpec {
    dateline: DatelineParams,
}

pub(crate) fn build(cx: &BuildCtx, check: &DatelineCheck) -> Result<Box<dyn Check>, RuleError> {
    match check {
        DatelineCheck::Format(f) => build_format(cx, f.dateline.clone()),
        DatelineCheck::Date(p) => build_date(cx, p.params.clone()),
        DatelineCheck::BodyStates(p) => build_body_states(cx, p.params.clone()),
    }
}

/// A state written as the dateline or the body wrote it: its name, dateline abbreviation or postal
/// code, also `D.C.` and an abbreviation missing its final period (`Calif`).
fn resolve_state<'k>(kb: &'k Knowledge, s: &str) -> Option<&'k State> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(st) = kb.state(s) {
        return Some(st);
    }
    if s == "D.C." || s == "D.C" {
        return kb.states.iter().find(|st| st.postal == "DC");
    }
    if !s.ends_with('.')
        && let Some(st) = kb.state(&format!("{s}."))
        && st.abbrev.as_deref().is_some_and(|a| a.len() > 3)
    {
        return Some(st);
    }
    kb.states.iter().find(|st| st.name.eq_ignore_ascii_case(s))
}

/// Whether a dateline places the story in the United States (`Some(true)`) or abroad
/// (`Some(false)`), read from the places tables: a state after the city, or the city's own
/// entry; `None` when the tables cannot tell.
pub(crate) fn in_united_states(kb: &Knowledge, doc: &Document, dl: &Dateline) -> Option<bool> {
    let text = doc.text();
    let given: Vec<&str> = dl
        .parts
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != dl.date_part)
        .filter_map(|(_, r)| text.get(r.clone()))
        .collect();
    let us_names = ["U.S.", "US", "United States", "USA"];
    if given
        .iter()
        .any(|g| us_names.contains(g) || resolve_state(kb, g).is_some())
    {
        return Some(true);
    }
    let city = text.get(dl.city.clone())?;
    let cities: Vec<&City> = kb.cities(city).collect();
    if !given.is_empty() {
        let abroad = cities.iter().any(|c| {
            c.country
                .as_deref()
                .is_some_and(|k| given.iter().any(|g| k.eq_ignore_ascii_case(g)))
        });
        // A place after a city the tables know only in the U.S. is a county or an island
        // (`LAHAINA, Maui`); after any other city it is the country.
        let only_us = !cities.is_empty() && cities.iter().all(|c| c.state.is_some());
        return Some(!abroad && only_us);
    }
    let pick = match cities.as_slice() {
        [] => return None,
        [one] => *one,
        many => {
            let alone: Vec<&City> = many.iter().copied().filter(|c| c.standalone).collect();
            match alone.as_slice() {
                [one] => *one,
                _ if many.iter().all(|c| c.state.is_some()) => many[0],
                _ if many.iter().all(|c| c.state.is_none()) => many[0],
                _ => return None,
            }
        }
    };
    Some(pick.state.is_some())
}

/// How a listed-places dateline writes a state: its abbreviation, or its name for a state it
/// never abbreviates.
fn dateline_form(st: &State) -> &str {
    st.abbrev.as_deref().unwrap_or(&st.name)
}

/// Whether `s` is a two-letter postal code (as written, in capitals).
fn is_postal(st: &State, s: &str) -> bool {
    st.postal == s
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{check, dateline_findings, story};

    #[test]
    fn where_a_dateline_places_the_story() {
        let rules = crate::rules::kinds::test_support::engine("reuters").rules();
        for (text, want) in [
            ("LONDON (Reuters) - Prices rose.", Some(false)),
            (
                "ARNHEM, Netherlands, May 16 (Reuters) - Police said.",
                Some(false),
            ),
            ("BRUSSELS, Sept 12 (Reuters) - Ministers met.", Some(false)),
            ("CHICAGO (Reuters) - Fares rose.", Some(true)),
            ("WASHINGTON, Nov 26 (Reuters) - Senators met.", Some(true)),
            ("SAVANNAH, Ga. (Reuters) - A plant opened.", Some(true)),
            (
                "SPRINGFIELD, Illinois (Reuters) - A plant opened.",
                Some(true),
            ),
            ("LAHAINA, Maui (Reuters) - Residents returned.", Some(true)),
            ("ZORBLAND (Reuters) - Nobody knows where.", None),
        ] {
            let d = story(text, None);
            let dl = d.dateline().expect(text);
            assert_eq!(
                super::in_united_states(&rules.knowledge, &d, dl),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn no_dateline_no_finding() {
        let text = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76%.\n";
        assert_eq!(dateline_findings("ap", text, None), []);
        assert_eq!(dateline_findings("reuters", text, None), []);
    }

    #[test]
    fn odd_input_never_panics() {
        let text = "SÃO PAULO,\u{a0}Brazil (AP)—“Quote” in Savannah,\u{a0}Ga., and\u{2003}Boulder, Colo. 🙂 Toledo, OH\nÉCOLE, 31st Feb (Reuters) :\u{a0}Kyiv, Nov 18, 2025 (\n";
        let mut ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        ends.push(text.len());
        for profile in ["ap", "reuters"] {
            for &end in &ends {
                for start in [0, 1, 2].into_iter().filter(|s| text.is_char_boundary(*s)) {
                    if start <= end {
                        let d = story(&text[start..end], None);
                        let _ = check(profile, &d);
                    }
                }
            }
        }
    }
}
