//! `spell-out`: one to nine written as figures are spelled out ("3 towers" → "three towers"),
//! except where house style keeps figures: units, labels, ratios, dates, addresses, lists with
//! larger figures.

use std::collections::HashSet;
use std::ops::Range;

use serde::Deserialize;

use super::around::{
    DIGITS, FigureName, any_after, capitalised_label_before, eat, eat_back, figure_value,
    is_figure, named_in, names_here, next_token, phrases, prev_token, skip_ws, skip_ws_back,
    word_before,
};
use super::words::UNITS;
use crate::document::Document;
use crate::finding::Safety;
use crate::rules::kinds::{Candidate, Check, CheckCtx};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SpellOutParams {
    /// A word right before the figure that keeps it a figure ("No.", "page", "Route").
    #[serde(default)]
    before: Vec<String>,
    /// A word or phrase right after the figure that keeps it a figure ("inches", "percent",
    /// "a.m.", "years old", month names).
    #[serde(default)]
    after: Vec<String>,
    /// Words joining two figures as a ratio or dimension ("in" in "1 in 4", "by", "out of"):
    /// both stay figures.
    #[serde(default)]
    ratio: Vec<String>,
    /// Words joining figures in a range or list ("and", "or", "to"): figures stay when the
    /// other figure is 10 or more.
    #[serde(default)]
    range: Vec<String>,
    /// Street words: a figure before a capitalised name ending in one is an address.
    #[serde(default)]
    streets: Vec<String>,
    /// Words that open a sentence without naming anything ("In", "About"): a figure after
    /// one of them at a sentence start is a count, after any other capitalised word a label
    /// ("Radio 1 said").
    #[serde(default)]
    openers: Vec<String>,
    /// Words that make a hyphenated compound with a figure below 10 a count to spell out
    /// ("6-hour debate" → "six-hour debate"); "-year-old" stays the ages rule's.
    #[serde(default)]
    compounds: Vec<String>,
    /// Words after a figure above one that show it names something rather than counts it:
    /// a singular verb or noun ("3 says", "the 3 network" for the mobile operator 3).
    #[serde(default)]
    label_after: Vec<String>,
    /// Figures that are also names (the mobile operator 3): in a story that names one, the
    /// figure before anything but a counted noun is the name.
    #[serde(default)]
    names: Vec<FigureName>,
}

pub(super) struct SpellOut {
    rule: usize,
    safety: Safety,
    before: HashSet<String>,
    after: Vec<String>,
    ratio: Vec<String>,
    range: Vec<String>,
    streets: HashSet<String>,
    openers: HashSet<String>,
    compounds: HashSet<String>,
    label_after: Vec<String>,
    names: Vec<FigureName>,
}

impl SpellOut {
    pub(super) fn new(rule: usize, safety: Safety, p: SpellOutParams) -> Self {
        SpellOut {
            rule,
            safety,
            before: p.before.iter().map(|s| s.to_lowercase()).collect(),
            after: phrases(&p.after),
            ratio: phrases(&p.ratio),
            range: phrases(&p.range),
            streets: p.streets.iter().map(|s| s.to_lowercase()).collect(),
            openers: p.openers.iter().map(|s| s.to_lowercase()).collect(),
            compounds: p.compounds.iter().map(|s| s.to_lowercase()).collect(),
            label_after: phrases(&p.label_after),
            names: p.names.iter().map(FigureName::lowered).collect(),
        }
    }

    /// "6-hour debate": a lone figure below 10, hyphenated to a counted word of `compounds`
    /// (not "-year-old", not a sentence start, not after another figure or a label).
    fn compound(&self, doc: &Document, r: &Range<usize>) -> bool {
        let text = doc.text();
        let Some(rest) = text[r.end..].strip_prefix('-') else {
            return false;
        };
        let len = rest
            .find(|c: char| !c.is_ascii_lowercase())
            .unwrap_or(rest.len());
        if len == 0 || !self.compounds.contains(&rest[..len]) {
            return false;
        }
        let tail = &rest[len..];
        if tail.starts_with(['-', '–']) || tail.starts_with(|c: char| c.is_alphanumeric()) {
            return false;
        }
        let prev_ok = text[..r.start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '“' | '"'));
        prev_ok
            && !doc.is_sentence_start(r.start)
            && !word_before(text, r.start).is_some_and(|(_, w)| self.before.contains(&w))
            && !capitalised_label_before(doc, r.start, &self.openers)
    }

    /// Whether the figure at `r` keeps its figure by house style. `depth` bounds the look at
    /// figures joined to this one.
    fn excepted(&self, doc: &Document, r: &Range<usize>, depth: u8) -> bool {
        let text = doc.text();
        let prev = text[..r.start].chars().next_back();
        let next = text[r.end..].chars().next();
        let after_next = text[r.end..].chars().nth(1);
        // Glued to letters, symbols or other figures: "$5", "5%", "9:30", "F-16", "2.4", "G7".
        let prev_ok = prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '“' | '"' | '—'));
        let next_ok = next.is_none_or(|c| {
            c.is_whitespace()
                || matches!(c, ',' | ';' | ')' | '”' | '"' | '!' | '?')
                || (c == '.' && !after_next.is_some_and(|d| d.is_ascii_digit()))
        });
        if !prev_ok || !next_ok {
            return true;
        }
        // A group of a phone number or a serial: "0845 8 505 505".
        let group = |t: Option<Range<usize>>| {
            t.is_some_and(|t| {
                let g = text[t].trim_end_matches([',', '.', ';', ')']);
                let year = g.len() == 4 && (g.starts_with('1') || g.starts_with("20"));
                g.len() >= 3 && g.bytes().all(|b| b.is_ascii_digit()) && !year
            })
        };
        if group(prev_token(text, r.start)) || group(next_token(text, r.end)) {
            return true;
        }
        // "(3)" or "1)", an enumeration; ", 5," an age after a name.
        if next == Some(')') {
            let para = doc.paragraph_of(r.start).map_or(0, |p| p.start);
            let before = &text[para..r.start];
            if before
                .rfind('(')
                .is_none_or(|o| before.rfind(')').is_some_and(|c| c > o))
                || prev == Some('(')
            {
                return true;
            }
        }
        if next == Some(',') && text[..skip_ws_back(text, r.start)].ends_with(',') {
            return true;
        }
        // A figure at a sentence start is the sentence-start check's.
        if doc.is_sentence_start(r.start) {
            return true;
        }
        if let Some((_, w)) = word_before(text, r.start)
            && self.before.contains(&w)
        {
            return true;
        }
        if capitalised_label_before(doc, r.start, &self.openers) {
            return true;
        }
        if any_after(text, r.end, &self.after).is_some() {
            return true;
        }
        // Counting nothing: a figure that ends a clause ("like Italy's TIM and 3."), or one
        // above one before a singular word ("3 says"): a name or label, not a count.
        if matches!(next, Some('.' | ';' | ':'))
            && after_next.is_none_or(char::is_whitespace)
            && !text[..r.start].trim_end().ends_with(['-', '–'])
        {
            return true;
        }
        if &text[r.clone()] != "1" && any_after(text, r.end, &self.label_after).is_some() {
            return true;
        }
        // Part of a name: "6 Music", "8 Simple Rules", "Fathers 4 Justice".
        if let Some(t) = next_token(text, r.end)
            && t.start > r.end
            && text[t].starts_with(|c: char| c.is_uppercase())
        {
            return true;
        }
        // A fraction after it: "3 1/2".
        if let Some(t) = next_token(text, r.end)
            && text[t].contains('/')
        {
            return true;
        }
        self.joined(doc, r, depth) || self.address(text, r)
    }

    /// Joined to another figure: a ratio or dimension ("1 in 4", "5 by 7"), a list of figures
    /// ("1, 2, 3"), or a range or list with a figure of 10 or more or one that stays a figure
    /// ("between 5 and 15", "on 4 or 5 April").
    fn joined(&self, doc: &Document, r: &Range<usize>, depth: u8) -> bool {
        let text = doc.text();
        let big = |t: Range<usize>| {
            let tok = text[t.clone()].trim_end_matches([',', '.', ';']);
            match figure_value(tok) {
                Some((v, d)) if v >= 10.0 || d => true,
                Some(_) if depth < 2 && tok.len() == 1 => {
                    self.excepted(doc, &(t.start..t.start + 1), depth + 1)
                }
                _ => false,
            }
        };
        // After the figure.
        let mut at = skip_ws(text, r.end);
        let comma = text[at..].starts_with(',');
        if comma {
            at = skip_ws(text, at + 1);
            if next_token(text, at).is_some_and(|t| is_figure(&text[t])) {
                return true;
            }
        }
        if !comma {
            for w in &self.ratio {
                if let Some(e) = eat(text, at, w)
                    && next_token(text, e).is_some_and(|t| is_figure(&text[t]))
                {
                    return true;
                }
            }
        }
        for w in &self.range {
            if let Some(e) = eat(text, at, w)
                && next_token(text, e).is_some_and(big)
            {
                return true;
            }
        }
        // Before the figure.
        let at = skip_ws_back(text, r.start);
        if text[..at].ends_with(',')
            && prev_token(text, at - 1).is_some_and(|t| is_figure(&text[t]))
        {
            return true;
        }
        for w in &self.ratio {
            if let Some(s) = eat_back(text, at, w)
                && prev_token(text, s).is_some_and(|t| is_figure(&text[t]))
            {
                return true;
            }
        }
        for w in &self.range {
            if let Some(s) = eat_back(text, at, w)
                && prev_token(text, s).is_some_and(big)
            {
                return true;
            }
        }
        false
    }

    /// "5 Main Street": a figure before capitalised words ending in a street word.
    fn address(&self, text: &str, r: &Range<usize>) -> bool {
        let mut at = r.end;
        for i in 0..4 {
            let Some(t) = next_token(text, at) else {
                return false;
            };
            let tok = &text[t.clone()];
            if !tok.starts_with(|c: char| c.is_uppercase()) {
                return false;
            }
            let w = tok.trim_end_matches([',', ';', ')']).to_lowercase();
            if i > 0 && self.streets.contains(&w) {
                return true;
            }
            at = t.end;
        }
        false
    }
}

impl Check for SpellOut {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        let named = named_in(&self.names, text);
        for m in cx.captures(&DIGITS).iter().map(|c| c.whole()) {
            let d = m.as_str();
            if d.len() != 1
                || d == "0"
                || names_here(text, &m.range(), &named)
                || (!self.compound(cx.doc, &m.range()) && self.excepted(cx.doc, &m.range(), 0))
            {
                continue;
            }
            let n = usize::from(d.as_bytes()[0] - b'0');
            out.push(Candidate::replace(
                self.rule,
                m.range(),
                UNITS[n],
                self.safety,
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, found, none, one};

    #[test]
    fn spell_out_reports_the_figure() {
        assert_eq!(
            ap(
                "numbers.spell-out",
                "The council will convert 3 vacant towers."
            ),
            one("3", "three")
        );
        assert_eq!(
            ap(
                "numbers.spell-out",
                "Snow came about 2 weeks late, in 2 or 3 waves."
            ),
            vec![
                ("2".to_string(), Some("two".to_string())),
                ("2".to_string(), Some("two".to_string())),
                ("3".to_string(), Some("three".to_string())),
            ]
        );
        assert_eq!(
            found(
                "reuters",
                "reuters.numbers.spell-out",
                "Power is cut for up to 8 hours a day."
            ),
            one("8", "eight")
        );
    }

    #[test]
    fn spell_out_leaves_house_exceptions() {
        none(
            "numbers.spell-out",
            &[
                "The storm dropped 9 inches of snow and winds hit 9 mph.",
                "Temperatures fell to 5 degrees on a 2-mile stretch of 8 yards.",
                "The council voted 9-4, and the bill passed on a 4-1 vote.",
                "The hearing is Nov. 8, and the vote is March 3.",
                "Shares rose 2.4% and 5 percent, and a stamp costs $5.",
                "The storm reached Category 4 and the team is No. 1.",
                "Traffic stopped on Interstate 25 and Route 9 near Highway 7.",
                "Watch Channel 4 and read Article 5 on page 2 in Room 3.",
                "The 5th Circuit ruled on the iPhone 6, the F-16 and Windows 7 at the G7.",
                "COVID-19 cases rose among 3-5 year olds.",
                "Between 5 and 15 people were hurt, and 1 in 4 homes lost power.",
                "She has a 4-year-old son, and the boy, 5, was unhurt.",
                "The meeting is at 6 a.m. and ends by 9:30.",
                "The plank is 3 by 4 meters and 3 1/2 inches thick.",
                "She scored 3 goals and 2 points.",
                "He was born in 1990 and lives at 5 Main Street.",
                "The station 6 Music hired him, said Radio 1.",
                "Options: 1) leave, 2) stay.",
                "Results are due on 4 or 5 April.",
                "Call 0845 8 505 505 or 020 7 946 0000 for help.",
                "The 3 network launched in 2003. Demand lets 3 offer good deals.",
                "With Vodafone pushing its service, and 3 already established, clips sell.",
            ],
        );
        // A story that names the operator 3 still counts masts; one that does not counts
        // with every 3.
        assert_eq!(
            ap(
                "numbers.spell-out",
                "The 3 network says 3 masts fell. Demand lets 3 offer good deals."
            ),
            one("3", "three")
        );
        assert_eq!(
            ap("numbers.spell-out", "Demand lets 3 offer deals."),
            one("3", "three")
        );
    }

    #[test]
    fn spell_out_counted_compounds() {
        assert_eq!(
            ap(
                "numbers.spell-out",
                "The House voted after a 6-hour debate."
            ),
            one("6", "six")
        );
        none(
            "numbers.spell-out",
            &[
                "A 7-year-old boy was hurt on a 5-mile stretch.",
                "The council voted 9-4 on a 3-D model.",
                "Route 6-day closures begin. 5-day passes cost more.",
            ],
        );
    }
}
