//! What the copy desk knows: people, places and organisations with their house spellings,
//! who held which office when, US states, and dateline cities.

use std::collections::HashMap;

use jiff::civil::Date;

use super::spec::{EntityKind, EntitySpec, RuleFile, SpellingSpec};
use super::{RuleError, Source};

#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    pub description: String,
    /// House spelling of the full name, for the loaded profile.
    pub name: String,
    /// House later-reference form.
    pub short: Option<String>,
    /// Other spellings of the full name (all flagged).
    pub other_full: Vec<String>,
    /// Other spellings of the short form (all flagged).
    pub other_short: Vec<String>,
    /// Fixed expressions in which a variant stays.
    pub keep: Vec<String>,
    pub unverified: bool,
    /// Every name this entity is known by under any profile (for lookups).
    pub all_names: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub person: String,
    pub entity: Option<usize>,
    pub office: String,
    pub of: String,
    pub qualifier: Option<String>,
    pub start: Date,
    pub end: Option<Date>,
    pub elected: Option<Date>,
    pub acting: bool,
    pub unverified: bool,
    /// `path:line` of the entry.
    pub origin: String,
}

impl Term {
    /// Whether the term covers `date`.
    pub fn holds_on(&self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|e| date < e)
    }
}

#[derive(Debug, Clone)]
pub struct State {
    pub name: String,
    /// The abbreviation a dateline uses (`Colo.`); none for a state always spelled out.
    pub abbrev: Option<String>,
    pub postal: String,
    /// A federal district, not a state.
    pub district: bool,
}

#[derive(Debug, Clone)]
pub struct City {
    pub name: String,
    pub state: Option<String>,
    pub country: Option<String>,
    pub standalone: bool,
}

#[derive(Debug, Clone)]
pub struct Title {
    pub name: String,
    pub abbrev: Option<String>,
    pub forms: Vec<String>,
    pub formal: bool,
}

/// The knowledge tables of a loaded profile.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    pub entities: Vec<Entity>,
    pub terms: Vec<Term>,
    pub states: Vec<State>,
    pub cities: Vec<City>,
    pub titles: Vec<Title>,
    by_form: HashMap<String, usize>,
    terms_by_entity: HashMap<usize, Vec<usize>>,
    city_by_upper: HashMap<String, Vec<usize>>,
    /// Named word lists (`[[set]]`, and `state`).
    sets: HashMap<String, Vec<String>>,
    /// The readers' vocabularies, from the sets.
    pub(crate) vocabulary: crate::rules::vocabulary::Vocabulary,
}

/// The set of state names, made from the `[[state]]` tables.
const STATE_SET: &str = "state";

/// `{name}` in a pattern: a set's name, lowercase letters, digits, `-` and `_`.
static SET_REF: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(\\[xupPN])?\{([a-z][a-z0-9_-]*)\}").unwrap());

/// Which years one office is covered by the term table: its holders' terms merged into runs,
/// a new run after a gap of more than a month with no holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub office: String,
    pub of: String,
    /// Each run's first day and its end (`None` while its last holder is in office).
    pub runs: Vec<(Date, Option<Date>)>,
    pub terms: usize,
    pub unverified: usize,
}

/// The longest time between two terms that does not break a run (an inauguration's few
/// days or weeks with an acting holder the table leaves out).
const COVERAGE_GAP_DAYS: i32 = 31;

impl Coverage {
    /// The runs in years: `1997–2007, 2009–present`, a run within one year as that year.
    pub fn years(&self) -> String {
        self.runs
            .iter()
            .map(|(start, end)| match end {
                None => format!("{}–present", start.year()),
                Some(e) => {
                    // The end is the first day out of office: a run ending on Jan. 1 ends the
                    // year before.
                    let last = e.yesterday().map_or(e.year(), |d| d.year());
                    if last == start.year() {
                        format!("{}", start.year())
                    } else {
                        format!("{}–{last}", start.year())
                    }
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A problem found by [`Knowledge::lint`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub origin: String,
    pub message: String,
}

impl Knowledge {
    /// A named word list.
    pub fn set(&self, name: &str) -> Option<&[String]> {
        self.sets.get(name).map(Vec::as_slice)
    }

    /// A pattern with each `{name}` of a set replaced by a group matching any of its words
    /// (`(?:Alabama|Alaska|…)`); an unknown name is an error naming the known ones.
    pub fn expand_sets<'p>(&self, pattern: &'p str) -> Result<std::borrow::Cow<'p, str>, String> {
        if !SET_REF.is_match(pattern) {
            return Ok(std::borrow::Cow::Borrowed(pattern));
        }
        let mut bad = None;
        let out = SET_REF.replace_all(pattern, |c: &regex::Captures| match self.set(&c[2]) {
            // A regex escape such as `\x{a0}` or `\p{greek}`, not a set.
            _ if c.get(1).is_some() => c[0].to_string(),
            Some(words) => {
                let alts: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
                format!("(?:{})", alts.join("|"))
            }
            None => {
                bad.get_or_insert_with(|| c[2].to_string());
                String::new()
            }
        });
        match bad {
            None => Ok(std::borrow::Cow::Owned(out.into_owned())),
            Some(name) => {
                let mut known: Vec<&str> = self.sets.keys().map(String::as_str).collect();
                known.sort();
                Err(format!(
                    "unknown set `{{{name}}}` (sets: {})",
                    known.join(", ")
                ))
            }
        }
    }

    /// The entity known by this exact form (any profile's spelling or a variant).
    pub fn entity(&self, form: &str) -> Option<&Entity> {
        self.by_form.get(form).map(|&i| &self.entities[i])
    }

    pub fn entity_index(&self, form: &str) -> Option<usize> {
        self.by_form.get(form).copied()
    }

    /// Terms of office of an entity, in date order.
    pub fn terms_of(&self, entity: usize) -> impl Iterator<Item = &Term> {
        self.terms_by_entity
            .get(&entity)
            .into_iter()
            .flatten()
            .map(|&i| &self.terms[i])
    }

    /// A state by its name, AP abbreviation or postal code.
    pub fn state(&self, s: &str) -> Option<&State> {
        self.states
            .iter()
            .find(|st| st.name == s || st.abbrev.as_deref() == Some(s) || st.postal == s)
    }

    /// Cities with this name (any capitalisation).
    pub fn cities(&self, name: &str) -> impl Iterator<Item = &City> {
        self.city_by_upper
            .get(&name.to_uppercase())
            .into_iter()
            .flatten()
            .map(|&i| &self.cities[i])
    }

    /// The title with this spelled-out name or form.
    pub fn title(&self, s: &str) -> Option<&Title> {
        self.titles.iter().find(|t| {
            t.name == s || t.abbrev.as_deref() == Some(s) || t.forms.iter().any(|f| f == s)
        })
    }

    /// The years each office of the term table is covered, by the country or organisation
    /// and then the office.
    pub fn coverage(&self) -> Vec<Coverage> {
        let mut by_office: HashMap<(&str, &str), Vec<&Term>> = HashMap::new();
        for t in &self.terms {
            by_office
                .entry((t.office.as_str(), t.of.as_str()))
                .or_default()
                .push(t);
        }
        let mut out: Vec<Coverage> = by_office
            .into_iter()
            .map(|((office, of), mut terms)| {
                terms.sort_by_key(|t| t.start);
                let mut runs: Vec<(Date, Option<Date>)> = Vec::new();
                for t in &terms {
                    let joins = match runs.last() {
                        Some((_, None)) => true,
                        Some((_, Some(end))) => {
                            t.start <= *end || (t.start - *end).get_days() <= COVERAGE_GAP_DAYS
                        }
                        None => false,
                    };
                    match runs.last_mut() {
                        Some(run) if joins => {
                            run.1 = match (run.1, t.end) {
                                (Some(a), Some(b)) => Some(a.max(b)),
                                _ => None,
                            };
                        }
                        _ => runs.push((t.start, t.end)),
                    }
                }
                Coverage {
                    office: office.to_string(),
                    of: of.to_string(),
                    runs,
                    terms: terms.len(),
                    unverified: terms.iter().filter(|t| t.unverified).count(),
                }
            })
            .collect();
        out.sort_by(|a, b| (&a.of, &a.office).cmp(&(&b.of, &b.office)));
        out
    }

    /// Consistency problems in the tables: duplicates, a variant that is another entry's
    /// house spelling, overlapping terms of one office, a term for an unknown person.
    pub fn lint(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut houses: HashMap<&str, usize> = HashMap::new();
        for (i, e) in self.entities.iter().enumerate() {
            if ids.insert(&e.id, i).is_some() {
                out.push(Problem {
                    origin: e.id.clone(),
                    message: format!("duplicate entity id `{}`", e.id),
                });
            }
            // Two people may share a surname; a full house name must be unique.
            for h in std::iter::once(&e.name) {
                if let Some(&j) = houses.get(h.as_str())
                    && j != i
                    && self.entities[j].kind == e.kind
                {
                    out.push(Problem {
                        origin: e.id.clone(),
                        message: format!(
                            "`{h}` is the house spelling of both `{}` and `{}`",
                            self.entities[j].id, e.id
                        ),
                    });
                }
                houses.insert(h, i);
            }
        }
        for (i, e) in self.entities.iter().enumerate() {
            if let Some(sh) = &e.short {
                houses.entry(sh.as_str()).or_insert(i);
            }
        }
        for e in &self.entities {
            for v in e.other_full.iter().chain(&e.other_short) {
                if let Some(&j) = houses.get(v.as_str())
                    && self.entities[j].id != e.id
                {
                    out.push(Problem {
                        origin: e.id.clone(),
                        message: format!(
                            "variant `{v}` is the house spelling of `{}`",
                            self.entities[j].id
                        ),
                    });
                }
            }
        }
        let mut by_office: HashMap<(&str, &str), Vec<&Term>> = HashMap::new();
        for t in &self.terms {
            if t.entity.is_none() {
                out.push(Problem {
                    origin: t.origin.clone(),
                    message: format!("`{}` is not in the names authority", t.person),
                });
            }
            if t.end.is_some_and(|e| e <= t.start) {
                out.push(Problem {
                    origin: t.origin.clone(),
                    message: "term ends before it starts".into(),
                });
            }
            // Offices held by several people at once (justices, ministers) are keyed by person.
            let shared = matches!(
                t.office.as_str(),
                "Justice" | "Associate Justice" | "Senator" | "Sen." | "Rep."
            );
            let key = if shared {
                (t.person.as_str(), t.office.as_str())
            } else {
                (t.office.as_str(), t.of.as_str())
            };
            by_office.entry(key).or_default().push(t);
        }
        for terms in by_office.values_mut() {
            terms.sort_by_key(|t| t.start);
            for w in terms.windows(2) {
                if w[0].end.is_none_or(|e| e > w[1].start) && !w[1].acting && !w[0].acting {
                    out.push(Problem {
                        origin: w[1].origin.clone(),
                        message: format!(
                            "{} {} of {}: term of {} overlaps the term of {}",
                            w[1].office, w[1].start, w[1].of, w[1].person, w[0].person
                        ),
                    });
                }
            }
        }
        let mut seen_states = HashMap::new();
        for s in &self.states {
            if seen_states.insert(&s.name, ()).is_some() {
                out.push(Problem {
                    origin: s.name.clone(),
                    message: format!("duplicate state `{}`", s.name),
                });
            }
        }
        let mut seen_cities = HashMap::new();
        for c in &self.cities {
            let key = (c.name.to_uppercase(), c.state.clone(), c.country.clone());
            if seen_cities.insert(key, ()).is_some() {
                out.push(Problem {
                    origin: c.name.clone(),
                    message: format!("duplicate city `{}`", c.name),
                });
            }
            if let Some(s) = &c.state
                && self.state(s).is_none()
            {
                out.push(Problem {
                    origin: c.name.clone(),
                    message: format!("unknown state `{s}`"),
                });
            }
        }
        out
    }
}

#[derive(Default)]
pub(super) struct Builder {
    entities: Vec<(EntitySpec, String)>,
    terms: Vec<Term>,
    term_people: Vec<String>,
    states: Vec<State>,
    cities: Vec<City>,
    titles: Vec<Title>,
    /// House spellings in load order (later packs win): entity id, full name, short form, and
    /// where the table is.
    spellings: Vec<(SpellingSpec, RuleError)>,
    /// Named word lists, by name.
    sets: Vec<(String, Vec<String>)>,
}

fn date(src: &Source, at: usize, what: &str, s: &str) -> Result<Date, RuleError> {
    s.parse::<Date>()
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| {
            RuleError::at(
                &src.path,
                &src.text,
                at,
                format!("{what}: `{s}` is not a date (YYYY-MM-DD)"),
            )
        })
}

impl Builder {
    pub fn add(&mut self, src: &Source, file: &RuleFile) -> Result<(), RuleError> {
        for e in &file.entity {
            let origin = src.path.clone();
            self.entities.push((e.get_ref().clone(), origin));
        }
        let lines = (!file.term.is_empty()).then(|| crate::text::LineIndex::new(&src.text));
        for t in &file.term {
            let at = t.span().start;
            let s = t.get_ref();
            let line = lines.as_ref().map_or(0, |l| l.line_of(at)) + 1;
            self.terms.push(Term {
                person: s.person.clone(),
                entity: None,
                office: s.office.clone(),
                of: s.of.clone(),
                qualifier: s.qualifier.clone(),
                start: date(src, at, "start", &s.start)?,
                end: s
                    .end
                    .as_deref()
                    .map(|d| date(src, at, "end", d))
                    .transpose()?,
                elected: s
                    .elected
                    .as_deref()
                    .map(|d| date(src, at, "elected", d))
                    .transpose()?,
                acting: s.acting,
                unverified: s.unverified,
                origin: format!("{}:{line}", src.path),
            });
            self.term_people.push(s.person.clone());
        }
        for s in &file.state {
            let s = s.get_ref();
            self.states.push(State {
                name: s.name.clone(),
                abbrev: s.abbrev.clone(),
                postal: s.postal.clone(),
                district: s.district,
            });
        }
        for c in &file.city {
            let at = c.span().start;
            let c = c.get_ref();
            if c.state.is_some() == c.country.is_some() {
                return Err(RuleError::at(
                    &src.path,
                    &src.text,
                    at,
                    format!(
                        "city `{}`: give exactly one of `state` or `country`",
                        c.name
                    ),
                ));
            }
            self.cities.push(City {
                name: c.name.clone(),
                state: c.state.clone(),
                country: c.country.clone(),
                standalone: c.standalone,
            });
        }
        let lines = (!file.spelling.is_empty()).then(|| crate::text::LineIndex::new(&src.text));
        for s in &file.spelling {
            let at = lines.as_ref().map_or(Default::default(), |l| {
                l.position(&src.text, s.span().start, crate::text::Encoding::Utf32)
            });
            let here = RuleError {
                path: src.path.clone(),
                line: at.line + 1,
                column: at.column + 1,
                message: format!("spelling of unknown entity `{}`", s.get_ref().entity),
            };
            self.spellings.push((s.get_ref().clone(), here));
        }
        // A later table of a title already known adds to it: a house's abbreviation, its forms.
        for t in &file.title {
            let t = t.get_ref();
            match self.titles.iter_mut().find(|old| old.name == t.name) {
                Some(old) => {
                    if t.abbrev.is_some() {
                        old.abbrev = t.abbrev.clone();
                    }
                    for f in &t.forms {
                        if !old.forms.contains(f) {
                            old.forms.push(f.clone());
                        }
                    }
                    if let Some(formal) = t.formal {
                        old.formal = formal;
                    }
                }
                None => self.titles.push(Title {
                    name: t.name.clone(),
                    abbrev: t.abbrev.clone(),
                    forms: t.forms.clone(),
                    formal: t.formal.unwrap_or(true),
                }),
            }
        }
        for set in &file.set {
            let set = set.get_ref();
            self.sets.retain(|(name, _)| *name != set.name);
            self.sets.push((set.name.clone(), set.words.clone()));
        }
        Ok(())
    }

    pub fn finish(self) -> Result<Knowledge, RuleError> {
        let mut sets: HashMap<String, Vec<String>> = self.sets.into_iter().collect();
        sets.entry(STATE_SET.to_string()).or_insert_with(|| {
            self.states
                .iter()
                .filter(|s| !s.district)
                .map(|s| s.name.clone())
                .collect()
        });
        let mut kb = Knowledge {
            vocabulary: crate::rules::vocabulary::Vocabulary::from_sets(&sets),
            sets,
            terms: self.terms,
            states: self.states,
            cities: self.cities,
            titles: self.titles,
            ..Default::default()
        };
        // The house's spelling of each entity: the last pack along the chain that gives one.
        let ids: std::collections::HashSet<&str> =
            self.entities.iter().map(|(e, _)| e.id.as_str()).collect();
        let mut house: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
        for (s, here) in self.spellings {
            if !ids.contains(s.entity.as_str()) {
                return Err(here);
            }
            let slot = house.entry(s.entity).or_default();
            slot.0 = s.name.or(slot.0.take());
            slot.1 = s.short.or(slot.1.take());
        }
        for (e, _origin) in self.entities {
            let (own_name, own_short) = house.remove(&e.id).unwrap_or_default();
            let name = own_name.clone().unwrap_or_else(|| e.name.clone());
            let short = own_short.clone().or_else(|| e.short.clone());
            let mut fulls = vec![e.name.clone()];
            let mut shorts: Vec<String> = e.short.iter().cloned().collect();
            fulls.extend(own_name);
            shorts.extend(own_short);
            fulls.extend(e.full_variants.iter().cloned());
            if e.short.is_some() {
                shorts.extend(e.variants.iter().cloned());
            } else {
                fulls.extend(e.variants.iter().cloned());
            }
            let mut all_names = fulls.clone();
            all_names.extend(shorts.iter().cloned());
            all_names.sort();
            all_names.dedup();
            let mut other_full: Vec<String> = fulls.into_iter().filter(|f| *f != name).collect();
            other_full.sort();
            other_full.dedup();
            let mut other_short: Vec<String> = shorts
                .into_iter()
                .filter(|s| Some(s) != short.as_ref() && *s != name)
                .collect();
            other_short.sort();
            other_short.dedup();
            kb.entities.push(Entity {
                id: e.id,
                kind: e.kind,
                description: e.description,
                name,
                short,
                other_full,
                other_short,
                keep: e.keep,
                unverified: e.unverified,
                all_names,
            });
        }
        // Every form names its entity, except a short form two entities share (two people
        // called Johnson): that one names neither.
        let mut shared: HashMap<String, usize> = HashMap::new();
        for e in &kb.entities {
            for n in &e.all_names {
                *shared.entry(n.clone()).or_default() += 1;
            }
        }
        for (i, e) in kb.entities.iter().enumerate() {
            for n in &e.all_names {
                if shared[n] == 1 || *n == e.name {
                    kb.by_form.entry(n.clone()).or_insert(i);
                }
            }
        }
        for (ti, t) in kb.terms.iter_mut().enumerate() {
            t.entity = kb.by_form.get(&t.person).copied();
            if let Some(e) = t.entity {
                kb.terms_by_entity.entry(e).or_default().push(ti);
            }
        }
        for v in kb.terms_by_entity.values_mut() {
            v.sort_by_key(|&i| kb.terms[i].start);
        }
        for (i, c) in kb.cities.iter().enumerate() {
            kb.city_by_upper
                .entry(c.name.to_uppercase())
                .or_default()
                .push(i);
        }
        let _ = self.term_people;
        Ok(kb)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleSet;

    #[test]
    fn a_pattern_names_a_set_and_keeps_regex_escapes() {
        let rules = RuleSet::builtin("ap").unwrap();
        let kb = rules.knowledge();
        let states = kb.set("state").unwrap();
        assert_eq!(states.len(), 50, "the states, not the District of Columbia");
        let p = kb.expand_sets(r"\b{state},\x{a0}\p{Lu}").unwrap();
        assert!(p.starts_with(r"\b(?:Alabama|Alaska|"), "{p}");
        assert!(p.ends_with(r"|Wyoming),\x{a0}\p{Lu}"), "{p}");
        let err = kb.expand_sets("{states}").unwrap_err();
        assert!(
            err.starts_with("unknown set `{states}` (sets: ") && err.contains(", state, "),
            "{err}"
        );
        assert!(matches!(
            kb.expand_sets("no sets"),
            Ok(std::borrow::Cow::Borrowed(_))
        ));
    }
}
