//! `names`: the names authority. Every known spelling of a person, place or organisation that
//! is not the profile's house spelling joins the shared automaton, mapped to the house form.
//! With `params.consistency`, a name the authority does not know that a story spells two ways
//! (one edit apart: "Ferreira" twice, "Ferriera" once) gets a finding on the minority form.

use serde::Deserialize;

use super::{BuildCtx, Candidate, Check, CheckCtx, found};
use crate::finding::{Level, Safety};
use crate::rules::RuleError;
use crate::rules::matcher::{Builder, Literal};
use crate::rules::spec::CaseMode;
use crate::text::{FxHashMap, FxHashSet};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// Flag the minority spelling of an unknown name spelt two ways.
    #[serde(default)]
    consistency: bool,
}

pub(crate) fn build(
    cx: &BuildCtx,
    params: &Params,
    mb: &mut Builder,
) -> Result<Box<dyn Check>, RuleError> {
    for (ei, e) in cx.knowledge.entities.iter().enumerate() {
        let mut add = |form: &str, house: &str| {
            mb.literals.push(Literal {
                rule: cx.index,
                pattern: form.to_string(),
                case: CaseMode::Exact,
                replace: Some(house.to_string()),
                message: None,
                safety: Some(if e.unverified {
                    Safety::Review
                } else {
                    Safety::Safe
                }),
                keep: e.keep.clone(),
                entity: Some(ei),
                cap: e.unverified.then_some(Level::Info),
            });
        };
        for f in &e.other_full {
            add(f, &e.name);
        }
        let short = e.short.as_deref().unwrap_or(&e.name);
        for s in &e.other_short {
            add(s, short);
        }
    }
    Ok(Box::new(Consistency {
        rule: cx.index,
        enabled: params.consistency,
    }))
}

struct Consistency {
    rule: usize,
    enabled: bool,
}

impl Check for Consistency {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        if !self.enabled {
            return;
        }
        let runs = cx.long_runs();
        // Each item of a digest is a story of its own.
        for item in cx.doc.items() {
            self.check_item(cx, &runs, item.body_start..item.range.end, out);
        }
    }
}

impl Consistency {
    /// The minority spellings in the body text `span`; `runs` are the story's runs of letters
    /// of seven bytes or more, with whether each is capitalised.
    fn check_item(
        &self,
        cx: &CheckCtx,
        runs: &[(std::ops::Range<usize>, bool)],
        span: std::ops::Range<usize>,
        out: &mut Vec<Candidate>,
    ) {
        let text = cx.doc.text();
        if text.get(span.clone()).is_none() {
            return;
        }
        // Capitalised words of seven letters or more in the body: count and first place. A run
        // that crosses an end of the body counts only its part inside.
        let mut counts: FxHashMap<&str, (usize, std::ops::Range<usize>)> = FxHashMap::default();
        let from = runs.partition_point(|(r, _)| r.end <= span.start);
        for (run, capitalised) in runs[from..].iter().take_while(|(r, _)| r.start < span.end) {
            let r = run.start.max(span.start)..run.end.min(span.end);
            if r.len() < found::LONG_RUN {
                continue;
            }
            let w = &text[r.clone()];
            let capitalised = if r == *run {
                *capitalised
            } else {
                found::capitalised(w)
            };
            if capitalised {
                counts.entry(w).or_insert((0, r)).0 += 1;
            }
        }
        // Words used once are checked against words used at least twice with the same first
        // letter (a typo rarely hits the first letter) and a length at most one apart, kept by
        // first letter and length.
        let key = |w: &str| (w.chars().next().unwrap_or(' '), w.chars().count());
        let mut twins: FxHashMap<(char, usize), Vec<&str>> = FxHashMap::default();
        for (w, (n, _)) in &counts {
            if *n >= 2 {
                twins.entry(key(w)).or_default().push(w);
            }
        }
        if twins.is_empty() {
            return;
        }
        let mut singles: Vec<(&str, &std::ops::Range<usize>)> = counts
            .iter()
            .filter(|(_, (n, _))| *n == 1)
            .map(|(w, (_, r))| (*w, r))
            .collect();
        singles.sort_by_key(|(_, r)| r.start);
        // Known names are the authority's business; a word the story also writes in lowercase
        // is an ordinary word, not a name.
        let lowercase: std::cell::OnceCell<FxHashSet<&str>> = std::cell::OnceCell::new();
        let unknown_name = |w: &str| {
            // Only words of seven bytes or more can be the lowercase form of a word of seven
            // letters or more.
            let words = lowercase.get_or_init(|| {
                runs.iter()
                    .map(|(r, _)| &text[r.clone()])
                    .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
                    .collect()
            });
            cx.knowledge.entity(w).is_none() && !words.contains(w.to_lowercase().as_str())
        };
        for (a, r) in singles {
            let (first, len) = key(a);
            let mut near_twins: Vec<&str> = [len.wrapping_sub(1), len, len + 1]
                .iter()
                .filter_map(|&l| twins.get(&(first, l)))
                .flatten()
                .copied()
                .filter(|b| near(a, b))
                .collect();
            // The most used twin; ties go to the alphabetically first, so runs agree.
            near_twins.sort_by(|x, y| counts[y].0.cmp(&counts[x].0).then(x.cmp(y)));
            let Some(b) = near_twins.first().copied() else {
                continue;
            };
            // "David Walliams" beside "Robbie Williams" is two people: a first name before the rare
            // form must also stand before its twin somewhere.
            let first_name = text[..r.start]
                .strip_suffix(' ')
                .and_then(|t| t.rsplit(|c: char| !c.is_alphabetic()).next())
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase));
            let same_person = first_name.is_none_or(|f| text.contains(&format!("{f} {b}")));
            if same_person
                && !cx.doc.is_sentence_start(r.start)
                && unknown_name(a)
                && unknown_name(b)
            {
                out.push(
                    Candidate::replace(self.rule, r.clone(), b, Safety::Review, None)
                        .message(format!(
                            "“{a}” is spelled “{b}” elsewhere in this story; use one spelling."
                        ))
                        .cap(Level::Info),
                );
            }
        }
    }
}

/// One edit apart (substitution, insertion, deletion or adjacent transposition), same first
/// letter, and not a plural or possessive of each other.
fn near(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return near_in(a.as_bytes(), b.as_bytes());
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    near_in(&x, &y)
}

/// [`near`] on letters.
fn near_in<T: PartialEq>(x: &[T], y: &[T]) -> bool {
    if x.is_empty() || x.first() != y.first() || x.len().abs_diff(y.len()) > 1 {
        return false;
    }
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    if long.len() == short.len() + 1 && long.starts_with(short) {
        return false; // Blair / Blairs
    }
    let prefix = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    if prefix + 2 >= short.len() {
        return false; // an ending: Argentina / Argentine, Davis / David
    }
    let suffix = x
        .iter()
        .rev()
        .zip(y.iter().rev())
        .take_while(|(p, q)| p == q)
        .count();
    if x.len() == y.len() {
        let diff = x.len() - prefix.min(x.len()) - suffix.min(x.len() - prefix);
        diff == 1 || (diff == 2 && x[prefix] == y[prefix + 1] && x[prefix + 1] == y[prefix])
    } else {
        prefix + suffix >= short.len()
    }
}

#[cfg(test)]
mod tests {
    use super::near;

    #[test]
    fn near_twins() {
        assert!(near("Ferreira", "Ferriera"));
        assert!(near("Johnson", "Jonson"));
        assert!(near("Yuganskneftgas", "Yuganskneftegas"));
        assert!(!near("Blair", "Blairs"));
        assert!(!near("Austria", "Australia"));
        assert!(!near("Brown", "Crown"));
        assert!(!near("Argentina", "Argentine"));
        assert!(!near("Analysis", "Analysts"));
    }
}
