//! `later-title` (RF-002): once a person's full name has appeared in the body, a later
//! reference is the surname alone: no title, no first name ("Sgt. Ruiz" → "Ruiz"). Two people
//! sharing a surname keep their first names (RF-004); monarchs and popes keep their titles
//! (RF-005).

use crate::text::FxHashSet as HashSet;

use crate::text::FxHashMap as HashMap;
use std::ops::Range;

use super::first_reference::modifies_what_follows;
use super::{Earliest, Mention, Reference, Who, in_body};
use crate::finding::{Edit, Level, Safety};
use crate::rules::kinds::reader::{Lexicon, Phrase, Scan};
use crate::rules::kinds::{Candidate, CheckCtx};

/// Whether a name starts with a courtesy title ("Mr. Chen").
fn is_courtesy(scan: &Scan, name: &str) -> bool {
    scan.vocab
        .courtesy
        .contains(name.split(' ').next().unwrap_or(""))
}

/// Where a later reference's span starts: at the phrase, or before the words of a description
/// the title belongs to ("shadow chancellor", "England captain", "New York Attorney General",
/// "Liverpool's captain"), with an article before them ("the shadow chancellor"). `None` when
/// a capitalised word at the start of the sentence may belong to the description or not
/// ("Shadow chancellor Letwin", "Earlier chief constable Green").
fn description_start(cx: &CheckCtx, lx: &Lexicon, scan: &Scan, start: usize) -> Option<usize> {
    let Some(mut i) = scan.tok_starting_at(start) else {
        return Some(start);
    };
    let function = &cx.knowledge.vocabulary.title_function_words;
    let mut at = start;
    let mut taken = 0;
    while i > 0 && scan.toks[i].joined() {
        let w = scan.tok(i - 1);
        let lower = w.to_lowercase();
        if matches!(lower.as_str(), "the" | "a" | "an") {
            // "the shadow chancellor Letwin": the article goes too, unless nothing of a
            // description stands between it and the title ("the President Bush").
            return Some(if taken > 0 {
                scan.toks[i - 1].start()
            } else {
                at
            });
        }
        // A function word, a figure, or a word that ends a sentence ("… so. President Lula").
        if function.contains(lower.as_str())
            || w.chars().next().is_some_and(|c| !c.is_alphabetic())
            || w.ends_with('.')
        {
            return Some(at);
        }
        // A lowercase word is part of the description only when it is one of the words that
        // make one ("shadow", "deputy", "team"); a verb ending in -ed ends it ("accepted Prime
        // Minister Tony Blair"); any other may be either.
        let lower_initial = w.chars().next().is_some_and(char::is_lowercase);
        if lower_initial && !scan.vocab.title_descriptors.contains(lower.as_str()) {
            return if lower.ends_with("ed") {
                Some(at)
            } else {
                None
            };
        }
        // A capital at the start of a sentence belongs to the description only when it is a
        // qualifier of a title ("England coach Robinson"); else it may be any word ("Earlier").
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if capital && cx.doc.is_sentence_start(scan.toks[i - 1].start()) && !lx.is_qualifier(w) {
            return None;
        }
        taken += 1;
        if taken > 4 {
            return None;
        }
        i -= 1;
        at = scan.toks[i].start();
    }
    Some(at)
}

/// The end of a later reference's name: the end of the name as matched, or, when the house
/// surname goes on in the text after it ("Lula" + " da Silva"), the end of that. `None` when
/// the text goes on with more of some other name.
fn name_end(text: &str, name: &Range<usize>, house: &str) -> Option<usize> {
    let written = &text[name.clone()];
    let last = written.rsplit(' ').next().unwrap_or(written);
    // The house surname's words after the last word written.
    let Some(pos) = house
        .find(last)
        .filter(|p| house[p + last.len()..].is_empty() || house[p + last.len()..].starts_with(' '))
    else {
        return Some(name.end);
    };
    let more = &house[pos + last.len()..];
    if more.is_empty() {
        return Some(name.end);
    }
    let rest = &text[name.end..];
    if rest.starts_with(more)
        && crate::rules::matcher::whole_word(text, &(name.end..name.end + more.len()))
    {
        return Some(name.end + more.len());
    }
    Some(name.end)
}

impl Reference {
    pub(super) fn later(
        &self,
        cx: &CheckCtx,
        scan: &Scan,
        phrases: &[Phrase],
        mentions: &[Mention],
        earliest: &Earliest,
        out: &mut Vec<Candidate>,
    ) {
        let kb = cx.knowledge;
        let text = scan.text;
        // RF-004: a surname that two people in the story share keeps its first names.
        let mut by_surname: HashMap<(usize, &str), HashSet<&Who>> = HashMap::default();
        for m in mentions {
            by_surname
                .entry((m.item, &m.surname))
                .or_default()
                .insert(&m.who);
        }
        let namesakes = cx.namesakes(&self.people, &self.lx);
        let shared = |item: usize, s: &str| {
            by_surname.get(&(item, s)).is_some_and(|w| w.len() > 1)
                || namesakes.contains(&(item, s))
        };
        let item_of = |at: usize| cx.doc.item_index(at);
        // The person a later mention names, if the story (the digest item) gave the full name
        // before `at`.
        let earlier = |who: &Who, surname: &str, at: usize| -> Option<String> {
            match who {
                Who::Known(_) => earliest.of(item_of(at), who, at),
                Who::Written(_) => earliest.of_surname(item_of(at), surname, at),
            }
            .map(|m| m.surname.clone())
        };
        let mut in_phrase: Vec<Range<usize>> = Vec::new();
        for p in phrases {
            let Some(n) = &p.name else { continue };
            if p.form.plural
                || self
                    .keep
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(&p.form.name))
                || !in_body(cx.doc, &(p.start..n.range.end))
            {
                continue;
            }
            in_phrase.push(n.range.clone());
            // "spokesman Mr Kemp": the courtesy title is the titles rules' finding.
            if is_courtesy(scan, &text[n.range.clone()]) {
                continue;
            }
            let surname = &text[n.last.clone()];
            let who = match n.person {
                Some(e) => Who::Known(e),
                None => Who::Written(surname.to_string()),
            };
            if shared(item_of(p.start), surname) {
                continue;
            }
            let who = match (&who, n.full) {
                (Who::Known(e), false) => {
                    // A surname alone: the one person of that surname the story named in full.
                    let cands = self
                        .people
                        .by_short
                        .get(surname)
                        .cloned()
                        .unwrap_or_default();
                    let named: Vec<usize> = cands
                        .into_iter()
                        .filter(|c| {
                            earliest
                                .of(item_of(p.start), &Who::Known(*c), p.start)
                                .is_some()
                        })
                        .collect();
                    match named.as_slice() {
                        [one] => Who::Known(*one),
                        _ => Who::Known(*e),
                    }
                }
                _ => who,
            };
            let Some(house) = earlier(&who, surname, n.range.start) else {
                continue;
            };
            // The name as written may go on past the short form the reader matched
            // ("President Lula da Silva" for "Lula da Silva"): the span takes in all of it.
            let Some(end) = name_end(text, &(n.range.start..n.last.end), &house) else {
                continue;
            };
            let msg = format!(
                "Later reference: the surname alone, without a title{}: “{house}”.",
                if n.full { " or first name" } else { "" }
            );
            // More of the name follows ("President Lula da Silva"): the title goes, the name
            // stays as written.
            let particle = text[end..]
                .strip_prefix(' ')
                .and_then(|r| r.split(' ').next())
                .is_some_and(|w| scan.vocab.particles.contains(w));
            // "the Bush website", "the Blair government": a modifier, not a reference.
            if !particle && modifies_what_follows(scan, &text[end..]) {
                continue;
            }
            if particle {
                if n.full {
                    continue;
                }
                // The rest of the name: its particles and capitalised words ("da Silva").
                let mut end = end;
                for w in text[end..].split(' ').skip(1).take(4) {
                    let core = w.trim_end_matches(|c: char| !c.is_alphanumeric());
                    let name_like = scan.vocab.particles.contains(core)
                        || core.chars().next().is_some_and(char::is_uppercase);
                    if core.is_empty() || !name_like {
                        break;
                    }
                    end += 1 + core.len();
                    if core.len() != w.len() {
                        break;
                    }
                }
                match description_start(cx, &self.lx, scan, p.start) {
                    Some(start) => out.push(
                        Candidate::with_edits(
                            self.rule,
                            start..end,
                            vec![Edit {
                                range: start..n.range.start,
                                replacement: String::new(),
                            }],
                            Safety::Review,
                            format!("Replace with “{}”", &text[n.range.start..end]),
                        )
                        .message(format!(
                            "Later reference: no title: “{}”.",
                            &text[n.range.start..end]
                        )),
                    ),
                    None => out.push(Candidate::bare(self.rule, p.start..end).message(msg)),
                }
                continue;
            }
            // The words of the description before the title go with it ("shadow chancellor
            // Letwin", "England captain Robinson"); where they cannot be told from the
            // sentence, the finding has no fix.
            let Some(start) = description_start(cx, &self.lx, scan, p.start) else {
                out.push(Candidate::bare(self.rule, p.start..end).message(msg));
                continue;
            };
            let range = start..end;
            if text[range.clone()] == *house {
                continue;
            }
            let mut c =
                Candidate::replace(self.rule, range, house, Safety::Review, None).message(msg);
            if let Who::Known(e) = who
                && kb.entities[e].unverified
            {
                c = c.cap(Level::Info);
            }
            out.push(c);
        }
        if !self.full_names {
            return;
        }
        // A full name again, without a title.
        let mut seen: HashSet<(&Who, usize)> = HashSet::default();
        let firsts: Vec<&Mention> = mentions
            .iter()
            .filter(|m| seen.insert((&m.who, m.item)))
            .collect();
        // Each known person's full names, in order.
        let mut full_names: HashMap<usize, Vec<Range<usize>>> = HashMap::default();
        for (&at, h) in &scan.people {
            if h.full {
                full_names.entry(h.entity).or_default().push(at..h.end);
            }
        }
        for v in full_names.values_mut() {
            v.sort_by_key(|r| r.start);
        }
        // The names of title phrases, by start, with the furthest end of any up to each: a
        // position lies in one when the furthest end of those starting at or before it is
        // past it.
        in_phrase.sort_by_key(|r| r.start);
        let reach: Vec<usize> = in_phrase
            .iter()
            .scan(0, |end, r| {
                *end = r.end.max(*end);
                Some(*end)
            })
            .collect();
        let in_a_phrase = |at: usize| {
            let i = in_phrase.partition_point(|r| r.start <= at);
            i > 0 && at < reach[i - 1]
        };
        // Where each full name written in the story occurs: one pass for all of them.
        let mut written: Vec<&str> = firsts
            .iter()
            .filter_map(|m| match &m.who {
                Who::Written(w) => Some(w.as_str()),
                Who::Known(_) => None,
            })
            .collect();
        written.sort_unstable();
        written.dedup();
        let mut occurrences: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, at) in cx.occurrences(&written) {
            occurrences.entry(written[i]).or_default().push(at);
        }
        for m in firsts {
            if shared(m.item, &m.surname) {
                continue;
            }
            let again: Vec<Range<usize>> = match &m.who {
                Who::Known(e) => full_names
                    .get(e)
                    .into_iter()
                    .flatten()
                    .filter(|r| r.start > m.at)
                    .cloned()
                    .collect(),
                Who::Written(w) => occurrences
                    .get(w.as_str())
                    .into_iter()
                    .flatten()
                    .map(|&at| at..at + w.len())
                    .filter(|r| r.start > m.at && crate::rules::matcher::whole_word(text, r))
                    .collect(),
            };
            for r in again {
                if text[r.clone()] == *m.surname
                    || item_of(r.start) != m.item
                    || !in_body(cx.doc, &r)
                    || in_a_phrase(r.start)
                {
                    continue;
                }
                // "Donald Trump Jr." is someone else.
                let rest = text[r.end..].trim_start_matches(',').trim_start();
                if ["Jr.", "Sr.", "II", "III"]
                    .iter()
                    .any(|s| rest.starts_with(s))
                    || modifies_what_follows(scan, &text[r.end..])
                {
                    continue;
                }
                out.push(
                    Candidate::replace(self.rule, r, m.surname.clone(), Safety::Safe, None)
                        .message(format!(
                            "Later reference: the surname alone, without the first name: “{}”.",
                            m.surname
                        )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Level;
    use crate::rules::kinds::test_support::{Graded, NOV_26, graded, one_at};

    fn later(text: &str) -> Graded {
        graded("ap", "ap.reference.later-title", text, NOV_26)
    }

    #[test]
    fn later_reference_drops_the_title() {
        assert_eq!(
            later(
                "DENVER (AP) — Colorado State Patrol Sergeant Ana Ruiz said troopers responded.\n\"Stay home,\" Sgt. Ruiz said at a news conference.\n"
            ),
            one_at("Sgt. Ruiz", "Ruiz", Level::Warning)
        );
        // The house surname of a known person, qualifier and all.
        assert_eq!(
            later(
                "He met Volodymyr Zelenskiy on Monday.\nUkrainian President Zelenskiy maintained that talks continue.\n"
            ),
            one_at("Ukrainian President Zelenskiy", "Zelenskyy", Level::Warning)
        );
        assert_eq!(
            later("President Donald Trump spoke. Later, President Trump left."),
            one_at("President Trump", "Trump", Level::Warning)
        );
        // The first name again.
        assert_eq!(
            later("Sen. Paul Haskins wrote the bill. Paul Haskins said it would pass."),
            one_at("Paul Haskins", "Haskins", Level::Warning)
        );
    }

    #[test]
    fn later_reference_traps() {
        for text in [
            // Two people who share a surname keep their first names (RF-004).
            "Sgt. Ana Ruiz and Sgt. Carlos Ruiz responded. Sgt. Ruiz said roads were icy.",
            // A name in a quotation stays as spoken (RF-006).
            "Sgt. Ana Ruiz spoke. \"Sgt. Ruiz is right,\" the chief said.",
            // Monarchs and popes keep their titles (RF-005).
            "Pope Leo XIV spoke on Sunday. Pope Leo said peace was possible.",
            // A headline is not a first reference.
            "Sgt. Ana Ruiz warns drivers\nDENVER (AP) — Sgt. Ruiz said roads were icy.\n",
            // The courtesy title is the titles rules' finding.
            "Jane Kemp spoke. Labour spokesman Mr Kemp said so.",
            // "Lord Callaghan" is no full name.
            "Former Prime Minister Lord Callaghan spoke. Lord Callaghan said so.",
        ] {
            assert_eq!(later(text), vec![], "{text}");
        }
    }
}
