//! `dateline` rules, three checks:
//!
//! - `format`: the opening dateline against the profile's shape (the rule's `dateline` table):
//!   the city in capitals, the place after it (AP's stand-alone lists and state abbreviations,
//!   or the place as written), the date or none, the credit and the separator. One finding per
//!   dateline; its fix rewrites the whole dateline, keeping the city.
//! - `date`: a dateline date that is neither the story's date nor a day before it, when the
//!   story's date came from somewhere else.
//! - `body-states`: a state after a city in body text (`Savannah, Ga.`, `Toledo, OH`): spelled
//!   out, or dropped after a stand-alone city or a city in the dateline's own state.

use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

use super::{BuildCtx, Candidate, Check, CheckCtx};
use crate::document::{DateSource, Dateline, Document};
use crate::finding::Fix;
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::knowledge::{City, Knowledge, State};
use crate::rules::spec::{DatelineParams, PlaceStyle, WithParams};

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

/// A state written as the dateline or the body wrote it: its name, AP abbreviation or postal
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
        && st.ap.as_deref().is_some_and(|a| a.len() > 3)
    {
        return Some(st);
    }
    kb.states.iter().find(|st| st.name.eq_ignore_ascii_case(s))
}

/// How AP writes a state in a dateline: its abbreviation, or its name for the eight it never
/// abbreviates.
fn ap_form(st: &State) -> &str {
    st.ap.as_deref().unwrap_or(&st.name)
}

/// Whether `s` is a two-letter postal code (as written, in capitals).
fn is_postal(st: &State, s: &str) -> bool {
    st.postal == s
}

// ---------------------------------------------------------------------------------------------
// format
// ---------------------------------------------------------------------------------------------

fn build_format(cx: &BuildCtx, p: DatelineParams) -> Result<Box<dyn Check>, RuleError> {
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
    Separator,
    /// Spaces or punctuation between the parts.
    Spacing,
}

impl Reason {
    fn mechanical(&self) -> bool {
        matches!(self, Reason::Case | Reason::Separator | Reason::Spacing)
    }
}

/// The place after a dateline's city, as the profile wants it.
struct Place {
    /// The place to write, if any.
    want: Option<String>,
    /// Why it differs from what was written.
    reason: Option<String>,
    /// A US city that needs its state but could be in more than one.
    ambiguous: Vec<String>,
}

impl FormatCheck {
    fn place(&self, kb: &Knowledge, city: &str, given: &[&str]) -> Place {
        let joined = (!given.is_empty()).then(|| given.join(", "));
        match self.p.places {
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
            PlaceStyle::Ap => ap_place(kb, city, given, joined),
        }
    }
}

fn ap_place(kb: &Knowledge, city: &str, given: &[&str], joined: Option<String>) -> Place {
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
            Some(format!("{} stands alone in AP datelines", c.name)),
        ),
        Some(c) => {
            let w = match (&c.state, &c.country) {
                (Some(s), _) => kb
                    .state(s)
                    .map_or_else(|| s.clone(), |st| ap_form(st).into()),
                (None, Some(k)) => k.clone(),
                (None, None) => String::new(),
            };
            let why = match (&joined, given_state) {
                (None, _) => format!("{} takes “{w}” in AP datelines", c.name),
                (Some(g), Some(st)) if is_postal(st, g) => {
                    format!("the AP abbreviation “{w}”, not the postal code “{g}”")
                }
                (Some(g), _) => format!("“{w}”, not “{g}”"),
            };
            (Some(w), Some(why))
        }
        None => {
            // An unknown city keeps its place; a state takes AP's form.
            let mut why = None;
            let parts: Vec<String> = given
                .iter()
                .map(|g| match resolve_state(kb, g) {
                    Some(st) if ap_form(st) != *g => {
                        why = Some(if is_postal(st, g) {
                            format!(
                                "the AP abbreviation “{}”, not the postal code “{g}”",
                                ap_form(st)
                            )
                        } else {
                            format!("AP writes the state “{}” in datelines", ap_form(st))
                        });
                        ap_form(st).to_string()
                    }
                    _ => g.to_string(),
                })
                .collect();
            let want = joined.as_ref().map(|_| parts.join(", "));
            let ambiguous = if joined.is_none() && cities.len() > 1 {
                cities
                    .iter()
                    .filter_map(|c| c.state.as_deref().and_then(|s| kb.state(s)))
                    .map(|st| ap_form(st).to_string())
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

impl Check for FormatCheck {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let doc = cx.doc;
        let Some(dl) = doc.dateline() else {
            return;
        };
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
        let place = self.place(cx.knowledge, city, &given);
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

        let mut want = city_caps.clone();
        for part in place.want.iter().chain(date.iter()) {
            want.push_str(", ");
            want.push_str(part);
        }
        want.push(' ');
        want.push_str(&self.p.credit);
        want.push(' ');
        want.push_str(sep);
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
        out.push(
            Candidate::replace(
                self.rule,
                dl.range.clone(),
                replacement,
                safety,
                Some(format!("Rewrite the dateline as “{want}”")),
            )
            .message(message),
        );
    }
}

fn describe(reasons: &[Reason], p: &DatelineParams) -> String {
    let words: Vec<String> = reasons
        .iter()
        .map(|r| match r {
            Reason::Case => "the city in capitals".to_string(),
            Reason::Place(s) | Reason::Date(s) => s.clone(),
            Reason::Credit => format!("the credit {}", p.credit),
            Reason::Separator => format!("a spaced “{}” after the credit", p.separator),
            Reason::Spacing => "one space between the parts".to_string(),
        })
        .collect();
    words.join("; ")
}

// ---------------------------------------------------------------------------------------------
// date
// ---------------------------------------------------------------------------------------------

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

fn build_date(cx: &BuildCtx, p: DateParams) -> Result<Box<dyn Check>, RuleError> {
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
        if doc.date_source() == DateSource::Dateline {
            return;
        }
        let Some(dl) = doc.dateline() else {
            return;
        };
        let (Some((m, d)), Some(range)) = (
            dl.month_day,
            dl.date_part.and_then(|i| dl.parts.get(i)).cloned(),
        ) else {
            return;
        };
        let story = doc.date();
        let mut day = story;
        for _ in 0..=self.p.days_before {
            if day.month() == m && day.day() == d {
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
        out.push(c.message(message));
    }
}

// ---------------------------------------------------------------------------------------------
// body-states
// ---------------------------------------------------------------------------------------------

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

fn build_body_states(cx: &BuildCtx, p: BodyParams) -> Result<Box<dyn Check>, RuleError> {
    let mut forms: Vec<String> = Vec::new();
    for st in &cx.knowledge.states {
        forms.push(st.name.clone());
        forms.extend(st.ap.clone());
        forms.push(st.postal.clone());
    }
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms.dedup();
    if forms.is_empty() {
        return Ok(Box::new(BodyStates {
            rule: cx.index,
            p,
            re: None,
        }));
    }
    let alt: Vec<String> = forms.iter().map(|f| regex::escape(f)).collect();
    let re = Regex::new(&format!(r",[ \t](?P<st>{})", alt.join("|")))
        .map_err(|e| cx.error(format!("state pattern: {e}")))?;
    Ok(Box::new(BodyStates {
        rule: cx.index,
        p,
        re: Some(re),
    }))
}

struct BodyStates {
    rule: usize,
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
        let home = doc.dateline().and_then(|dl| dateline_state(kb, doc, dl));
        for c in re.captures_iter(&text[from..]) {
            let (Some(all), Some(st_m)) = (c.get(0), c.name("st")) else {
                continue;
            };
            let comma = from + all.start();
            let st_range = from + st_m.start()..from + st_m.end();
            let written = st_m.as_str();
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
                    format!("{city} needs no state: it stands alone in AP style.")
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
mod tests;
