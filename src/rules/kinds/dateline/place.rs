//! The place after a dateline's city as the profile wants it: as written (a postal code spelled
//! out), or as the places tables list it: stand-alone cities, state abbreviations and
//! `CITY, Country` abroad.

use super::{dateline_form, is_postal, resolve_state};
use crate::rules::knowledge::{City, Knowledge};
use crate::rules::spec::PlaceStyle;

/// The place after a dateline's city, as the profile wants it.
pub(super) struct Place {
    /// The place to write, if any.
    pub(super) want: Option<String>,
    /// Why it differs from what was written.
    pub(super) reason: Option<String>,
    /// A US city that needs its state but could be in more than one.
    pub(super) ambiguous: Vec<String>,
}

/// The place to write after `city` under `style`, given the parts written after it; `house`
/// names the house in the reasons.
pub(super) fn place(
    style: PlaceStyle,
    kb: &Knowledge,
    house: &str,
    city: &str,
    given: &[&str],
) -> Place {
    let joined = (!given.is_empty()).then(|| given.join(", "));
    match style {
        PlaceStyle::AsWritten => {
            // Keep the place; spell out a postal code.
            let mut reason = None;
            let parts: Vec<String> = given
                .iter()
                .map(|g| match kb.state(g).filter(|st| is_postal(st, g)) {
                    Some(st) => {
                        reason = Some(format!(
                            "the state spelled out (“{}”, not the postal code “{g}”)",
                            st.name
                        ));
                        st.name.clone()
                    }
                    None => g.to_string(),
                })
                .collect();
            Place {
                want: joined.map(|_| parts.join(", ")),
                reason,
                ambiguous: Vec::new(),
            }
        }
        PlaceStyle::Listed => listed_place(kb, house, city, given, joined),
    }
}

fn listed_place(
    kb: &Knowledge,
    house: &str,
    city: &str,
    given: &[&str],
    joined: Option<String>,
) -> Place {
    let cities: Vec<&City> = kb.cities(city).collect();
    let given_state = given.iter().find_map(|g| resolve_state(kb, g));
    let chosen: Option<&City> = match (given_state, &joined) {
        (Some(st), _) => cities
            .iter()
            .copied()
            .find(|c| c.state.as_deref() == Some(st.name.as_str())),
        (None, Some(j)) => cities
            .iter()
            .copied()
            .find(|c| {
                c.country
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(j))
            })
            .or_else(|| {
                // A US town given with its island or county (`LAHAINA, Maui`).
                match cities.as_slice() {
                    [only] if only.state.is_some() => Some(*only),
                    _ => None,
                }
            }),
        (None, None) => match cities.as_slice() {
            [only] => Some(*only),
            many => {
                let alone: Vec<&City> = many.iter().copied().filter(|c| c.standalone).collect();
                match alone.as_slice() {
                    [only] => Some(*only),
                    _ => None,
                }
            }
        },
    };
    let (want, why) = match chosen {
        Some(c) if c.standalone => (
            None,
            Some(format!("{} stands alone in {house} datelines", c.name)),
        ),
        Some(c) => {
            let w = match (&c.state, &c.country) {
                (Some(s), _) => kb
                    .state(s)
                    .map_or_else(|| s.clone(), |st| dateline_form(st).into()),
                (None, Some(k)) => k.clone(),
                (None, None) => String::new(),
            };
            let why = match (&joined, given_state) {
                (None, _) => format!("{} takes “{w}” in {house} datelines", c.name),
                (Some(g), Some(st)) if is_postal(st, g) => {
                    format!("the {house} abbreviation “{w}”, not the postal code “{g}”")
                }
                (Some(g), _) => format!("“{w}”, not “{g}”"),
            };
            (Some(w), Some(why))
        }
        None => {
            // An unknown city keeps its place; a state takes its dateline form.
            let mut why = None;
            let parts: Vec<String> = given
                .iter()
                .map(|g| match resolve_state(kb, g) {
                    Some(st) if dateline_form(st) != *g => {
                        why = Some(if is_postal(st, g) {
                            format!(
                                "the {house} abbreviation “{}”, not the postal code “{g}”",
                                dateline_form(st)
                            )
                        } else {
                            format!(
                                "{house} writes the state “{}” in datelines",
                                dateline_form(st)
                            )
                        });
                        dateline_form(st).to_string()
                    }
                    _ => g.to_string(),
                })
                .collect();
            let want = joined.as_ref().map(|_| parts.join(", "));
            let ambiguous = if joined.is_none() && cities.len() > 1 {
                cities
                    .iter()
                    .filter_map(|c| c.state.as_deref().and_then(|s| kb.state(s)))
                    .map(|st| dateline_form(st).to_string())
                    .collect()
            } else {
                Vec::new()
            };
            return Place {
                want,
                reason: why,
                ambiguous,
            };
        }
    };
    let reason = if want == joined { None } else { why };
    Place {
        want,
        reason,
        ambiguous: Vec::new(),
    }
}
