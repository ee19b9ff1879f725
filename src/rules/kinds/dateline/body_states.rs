//! `body-states`: a state after a city in body text (`Savannah, Ga.`, `Toledo, OH`): spelled
//! out, or dropped after a stand-alone city or a city in the dateline's own state.

use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

use super::resolve_state;
use crate::document::{Dateline, Document};
use crate::finding::{Fix, Safety};
use crate::rules::RuleError;
use crate::rules::kinds::{BuildCtx, Candidate, Check, CheckCtx};
use crate::rules::knowledge::{City, Knowledge, State};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BodyParams {
    /// Flag dateline abbreviations (`Ga.`) and spell the state out.
    #[serde(default)]
    abbreviations: bool,
    /// Flag postal codes (`OH`) and spell the state out.
    #[serde(default)]
    postal: bool,
    /// No state after a city in the dateline's own state.
    #[serde(default)]
    drop_same_state: bool,
    /// No state after a stand-alone city.
    #[serde(default)]
    drop_standalone: bool,
    /// Postal codes that are also words or common abbreviations: flagged only after a city
    /// known to be in that state.
    #[serde(default)]
    ambiguous_postal: Vec<String>,
}

pub(super) fn build_body_states(cx: &BuildCtx, p: BodyParams) -> Result<Box<dyn Check>, RuleError> {
    let mut forms: Vec<String> = Vec::new();
    for st in &cx.knowledge.states {
        forms.push(st.name.clone());
        forms.extend(st.abbrev.clone());
        forms.push(st.postal.clone());
    }
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms.dedup();
    if forms.is_empty() {
        return Ok(Box::new(BodyStates {
            rule: cx.index,
            house: cx.house.to_string(),
            p,
            re: None,
        }));
    }
    let alt: Vec<String> = forms.iter().map(|f| regex::escape(f)).collect();
    let re = Regex::new(&format!(r",[ \t](?P<st>{})", alt.join("|")))
        .map_err(|e| cx.error(format!("state pattern: {e}")))?;
    Ok(Box::new(BodyStates {
        rule: cx.index,
        house: cx.house.to_string(),
        p,
        re: Some(re),
    }))
}

struct BodyStates {
    rule: usize,
    /// The house, for messages.
    house: String,
    p: BodyParams,
    re: Option<Regex>,
}

/// Lowercase words that may sit inside a place name (`Rio de Janeiro`).
const JOINERS: &[&str] = &[
    "de", "la", "del", "du", "da", "do", "dos", "das", "el", "al",
];

/// Capitalised words that begin a clause rather than a place name.
const STOP: &[&str] = &[
    "in", "at", "the", "from", "near", "to", "of", "and", "but", "for", "on", "by", "with",
    "outside", "inside", "since", "after", "before", "while", "when", "where", "as", "across",
    "around", "into", "through", "toward", "between", "about", "like", "a", "an", "both",
];

/// The city words just before `comma`: up to four capitalised words on the same line, stopping
/// at a function word. Returns the byte range of the best city name: the longest known city,
/// else all of them.
fn city_before(kb: &Knowledge, text: &str, comma: usize) -> Option<(Range<usize>, bool)> {
    let line_start = text[..comma].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut end = comma;
    while words.len() < 4 && end > line_start {
        let seg = &text[line_start..end];
        let start = seg
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(line_start, |(i, c)| line_start + i + c.len_utf8());
        let w = &text[start..end];
        let ok_word = !w.is_empty()
            && !STOP.contains(&w.to_lowercase().as_str())
            && (JOINERS.contains(&w) && !words.is_empty()
                || (w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
                    && (!w.ends_with('.') || matches!(w, "St." | "Ft." | "Mt." | "Pt."))));
        if !ok_word {
            break;
        }
        words.push(start..end);
        // One space between the words of a name.
        if start == line_start || !text[..start].ends_with(' ') {
            break;
        }
        end = start - 1;
    }
    while words
        .last()
        .is_some_and(|w| JOINERS.contains(&&text[w.clone()]))
    {
        words.pop();
    }
    let first = words.first()?.clone();
    for k in (1..=words.len()).rev() {
        let r = words[k - 1].start..first.end;
        if kb.cities(&text[r.clone()]).next().is_some() {
            return Some((r, true));
        }
    }
    let last = words.last()?;
    Some((last.start..first.end, false))
}

/// The state of the dateline: given after the city, or the city's only state.
fn dateline_state<'k>(kb: &'k Knowledge, doc: &Document, dl: &Dateline) -> Option<&'k State> {
    let text = doc.text();
    let given = dl
        .parts
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != dl.date_part)
        .filter_map(|(_, r)| text.get(r.clone()));
    let mut any_given = false;
    for g in given {
        any_given = true;
        if let Some(st) = resolve_state(kb, g) {
            return Some(st);
        }
    }
    if any_given {
        return None;
    }
    let city = text.get(dl.city.clone())?;
    let mut states = kb.cities(city).map(|c| c.state.as_deref());
    let first = states.next()??;
    if states.all(|s| s == Some(first)) {
        kb.state(first)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Name,
    Abbrev,
    Postal,
}

impl Check for BodyStates {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let Some(re) = &self.re else {
            return;
        };
        let doc = cx.doc;
        let kb = cx.knowledge;
        let text = doc.text();
        let from = doc.body_start().min(text.len());
        // The dateline's state, item by item of a digest.
        let homes: Vec<Option<&State>> = doc
            .items()
            .iter()
            .map(|i| {
                i.dateline
                    .as_ref()
                    .and_then(|dl| dateline_state(kb, doc, dl))
            })
            .collect();
        // The matches in the body: those of the whole story from its start, unless one reaches
        // across it (the pattern looks at nothing before a match, so the rest are the same).
        let found = cx.captures(re);
        let straddles = found.iter().any(|c| {
            let w = c.whole();
            w.start() < from && w.end() > from
        });
        let matches: Vec<(usize, std::ops::Range<usize>)> = if straddles {
            re.captures_iter(&text[from..])
                .filter_map(|c| Some((from + c.get(0)?.start(), c.name("st")?.range())))
                .map(|(comma, st)| (comma, from + st.start..from + st.end))
                .collect()
        } else {
            found
                .iter()
                .filter(|c| c.whole().start() >= from)
                .filter_map(|c| Some((c.whole().start(), c.name("st")?.range())))
                .collect()
        };
        for (comma, st_range) in matches {
            let written = &text[st_range.clone()];
            let after = &text[st_range.end..];
            let next = after.chars().next();
            if next.is_some_and(|ch| ch.is_alphanumeric() || matches!(ch, '\'' | '’' | '-')) {
                continue;
            }
            let Some(st) = kb.state(written) else {
                continue;
            };
            let form = if st.name == written {
                Form::Name
            } else if st.postal == written {
                Form::Postal
            } else {
                Form::Abbrev
            };
            let Some((city_r, _)) = city_before(kb, text, comma) else {
                continue;
            };
            let city = &text[city_r.clone()];
            let known: Vec<&City> = kb
                .cities(city)
                .filter(|c| c.state.as_deref() == Some(st.name.as_str()))
                .collect();
            let standalone = known.iter().any(|c| c.standalone);
            let home = homes.get(doc.item_index(comma)).copied().flatten();
            let same_state = home.is_some_and(|h| h.name == st.name);
            if form == Form::Postal {
                let clause_end =
                    next.is_none_or(|ch| matches!(ch, ',' | '.' | ';' | ':' | ')' | '\n' | '\r'));
                let ambiguous = self.p.ambiguous_postal.iter().any(|a| a == written);
                if known.is_empty() && (ambiguous || !clause_end) {
                    continue;
                }
            }
            // A dateline abbreviation at the end of a sentence doubles as its full stop.
            let stop = if form == Form::Abbrev && sentence_ends(after) {
                "."
            } else {
                ""
            };
            let drop = (self.p.drop_standalone && standalone)
                || (self.p.drop_same_state
                    && same_state
                    && (form != Form::Name || !known.is_empty()));
            let range = city_r.start..st_range.end;
            let spelled = format!("{city}, {}", st.name);
            if drop {
                // The comma that closed the city-state pair goes with the state.
                let (range, comma) = if after.starts_with(',') {
                    (range.start..range.end + 1, ",")
                } else {
                    (range, "")
                };
                let why = if self.p.drop_standalone && standalone {
                    format!(
                        "{city} needs no state: it stands alone in {} style.",
                        self.house
                    )
                } else {
                    format!(
                        "{city} is in {}, the dateline's state: it needs no state.",
                        st.name
                    )
                };
                let mut cand = Candidate::replace(
                    self.rule,
                    range.clone(),
                    format!("{city}{stop}"),
                    Safety::Review,
                    Some(format!("Write “{city}”")),
                )
                .message(why);
                if form != Form::Name {
                    cand.fixes.push(Fix::replace(
                        range,
                        format!("{spelled}{stop}{comma}"),
                        Safety::Review,
                        None,
                    ));
                }
                out.push(cand);
                continue;
            }
            let (flag, safety, why) = match form {
                Form::Name => (false, Safety::Safe, String::new()),
                Form::Abbrev => (
                    self.p.abbreviations,
                    Safety::Safe,
                    format!(
                        "Spell out state names in body text: “{}”, not “{written}”.",
                        st.name
                    ),
                ),
                Form::Postal => (
                    self.p.postal,
                    Safety::Review,
                    format!(
                        "Postal codes are not used in running text: write “{}”, not “{written}”.",
                        st.name
                    ),
                ),
            };
            if flag {
                out.push(
                    Candidate::replace(self.rule, range, format!("{spelled}{stop}"), safety, None)
                        .message(why),
                );
            }
        }
    }
}

/// Whether the text after an abbreviation's period starts a new sentence.
fn sentence_ends(after: &str) -> bool {
    let mut it = after.chars();
    match it.next() {
        None | Some('\n' | '\r') => true,
        Some(' ' | '\t') => it
            .find(|c| !matches!(c, ' ' | '\t'))
            .is_none_or(|c| c.is_uppercase() || matches!(c, '"' | '“' | '\n' | '\r')),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{dateline_findings, dateline_one, pair};

    #[test]
    fn ap_body_states() {
        for (text, found, want) in [
            (
                "TOKYO (AP) — The plant near Savannah, Ga., will open.",
                "Savannah, Ga.",
                "Savannah, Georgia",
            ),
            (
                "DENVER (AP) — The University of Colorado in Boulder, Colo., canceled classes.",
                "Boulder, Colo.,",
                "Boulder",
            ),
            (
                "TOKYO (AP) — It has offices in Denver, Colo., and Tokyo.",
                "Denver, Colo.,",
                "Denver",
            ),
            (
                "TOKYO (AP) — The plant is in Toledo, OH and employs 300.",
                "Toledo, OH",
                "Toledo, Ohio",
            ),
            (
                "BOSTON (AP) — She grew up in Kansas City, Mo.",
                "Kansas City, Mo.",
                "Kansas City, Missouri.",
            ),
            (
                "BOSTON (AP) — She grew up in Kansas City, Mo. Then she moved.",
                "Kansas City, Mo.",
                "Kansas City, Missouri.",
            ),
            (
                "BOSTON (AP) — She moved to Plainsboro, NJ, last year.",
                "Plainsboro, NJ",
                "Plainsboro, New Jersey",
            ),
            (
                "COLUMBUS, Ohio (AP) — He was born in Cleveland, Ohio, in 1950.",
                "Cleveland, Ohio,",
                "Cleveland",
            ),
            (
                "TOKYO (AP) — It opened an office in Seattle, Washington, in May.",
                "Seattle, Washington,",
                "Seattle",
            ),
            (
                "TOKYO (AP) — It opened an office in Washington, DC, in May.",
                "Washington, DC,",
                "Washington",
            ),
            (
                "TOKYO (AP) — The plant in Rio de Janeiro, N.M., closed.",
                "Rio de Janeiro, N.M.",
                "Rio de Janeiro, New Mexico",
            ),
        ] {
            assert_eq!(dateline_one("ap", text), pair(found, want), "{text}");
        }
    }

    #[test]
    fn ap_body_states_traps() {
        for text in [
            "BOSTON (AP) — Similar conversions are under way in New York and Chicago.",
            "BOSTON (AP) — The festival in Paris, Texas, drew thousands.",
            "BOSTON (AP) — She moved to Washington, D.C., in 2019.",
            "BOSTON (AP) — The plant in Reno, Nevada, employs 300.",
            "BOSTON (AP) — Plants in Tennessee, Kentucky and Ohio closed.",
            "BOSTON (AP) — Talks in Tbilisi, Georgia, stalled.",
            "ATLANTA (AP) — Talks in Tbilisi, Georgia, stalled.",
            "BOSTON (AP) — Sen. John Cornyn, Texas's senior senator, spoke.",
            "BOSTON (AP) — Rep. Jane Doe, D-Ga., spoke.",
            "BOSTON (AP) — “I love Savannah, Ga.,” she said.",
            // Postal codes that are words need a known city.
            "BOSTON (AP) — Then Smith said, OK, we go.",
            "BOSTON (AP) — Files from Jones, IN and OUT, were lost.",
            "BOSTON (AP) — Everyone was there, ME included.",
        ] {
            assert_eq!(dateline_findings("ap", text, None), [], "{text}");
        }
    }

    #[test]
    fn no_body_state_findings_inside_the_dateline_or_headline() {
        let text = "Storm hits Boulder, Colo., schools\nBOULDER, Colo. (AP) — Snow fell.\n";
        assert_eq!(dateline_findings("ap", text, None), []);
        // The dateline's state counts even when the dateline itself is flagged.
        let text =
            "DENVER, CO (AP) — The University of Colorado in Boulder, Colo., canceled classes.";
        let f = dateline_findings("ap", text, None);
        assert_eq!(f.len(), 2);
        assert_eq!(
            (f[1].1.as_str(), f[1].2.as_str()),
            ("Boulder, Colo.,", "Boulder")
        );
    }

    #[test]
    fn reuters_body_states() {
        let f = dateline_findings(
            "reuters",
            "HOUSTON, Nov 26 (Reuters) - Plants in Austin, TX, and Savannah, Ga., closed.",
            None,
        );
        assert_eq!(
            f,
            [
                (
                    "reuters.usage.postal-codes".to_string(),
                    "Austin, TX".to_string(),
                    "Austin, Texas".to_string()
                ),
                (
                    "reuters.usage.state-abbreviations".to_string(),
                    "Savannah, Ga.".to_string(),
                    "Savannah, Georgia".to_string()
                ),
            ]
        );
    }
}
