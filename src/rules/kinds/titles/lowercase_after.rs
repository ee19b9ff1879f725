//! `lowercase-after` (TI-002/TI-012): a title after a name (set off by commas) or standing
//! alone is lowercase ("Keir Starmer, the Prime Minister," → "the prime minister").

use super::Titles;
use crate::document::Document;
use crate::finding::Safety;
use crate::rules::kinds::Candidate;
use crate::rules::kinds::reader::{Phrase, Scan, upper_initial};

impl Titles {
    /// TI-002/TI-012: a title after a name (set off by commas) or standing alone is lowercase:
    /// "the Prime Minister", "Starmer, the Prime Minister,", "Tanaka, Kanto's President and
    /// Chief Executive,". A title before a name is left to the other checks.
    pub(super) fn lowercase_after(
        &self,
        doc: &Document,
        scan: &Scan,
        p: &Phrase,
        out: &mut Vec<Candidate>,
    ) {
        let text = scan.text;
        let (i, last) = p.toks;
        if p.name.is_some()
            || p.form.is_abbrev
            || p.form.plural
            || self
                .keep_after
                .iter()
                .any(|k| k.eq_ignore_ascii_case(&p.form.name))
            || doc.is_sentence_start(p.title.start)
        {
            return;
        }
        let written = &text[p.title.clone()];
        if !written.split_whitespace().any(upper_initial) {
            return;
        }
        // What comes before: "the", or a name and a comma (", Kanto's", ", ").
        // Words are in order and do not overlap.
        let Some(b) = scan
            .toks
            .partition_point(|t| t.end() <= p.start)
            .checked_sub(1)
        else {
            return;
        };
        let first = match scan.toks.partition_point(|t| t.start() < p.start) {
            k if k < scan.toks.len() => k,
            _ => i,
        };
        let joined = scan.toks[first].joined();
        let bw = scan.tok(b);
        let after_name = |k: usize| -> bool {
            // Token k follows ", " and a capitalised word.
            k > 0
                && !scan.toks[k].joined()
                && text[scan.toks[k - 1].end()..scan.toks[k].start()].trim() == ","
                && upper_initial(scan.tok(k - 1))
        };
        let of_follows = scan
            .toks
            .get(last + 1)
            .is_some_and(|n| n.joined() && matches!(scan.tok(last + 1), "of" | "for"));
        let ok = if joined && bw.eq_ignore_ascii_case("the") {
            // Not a name or a work: "the Office of the Deputy Prime Minister", "The Return
            // of the King".
            !(b >= 2
                && scan.toks[b].joined()
                && scan.toks[b - 1].joined()
                && matches!(scan.tok(b - 1).to_lowercase().as_str(), "of" | "for")
                && upper_initial(scan.tok(b - 2)))
        } else if joined && upper_initial(bw) && (bw.ends_with("'s") || bw.ends_with("’s")) {
            after_name(b)
        } else {
            // "Ian Macfarlane, Governor of the Reserve Bank" (not a list of surnames).
            after_name(first) && of_follows
        };
        if !ok {
            return;
        }
        // A chain of titles: "President and Chief Executive".
        let mut end = p.title.end;
        let mut k = last + 1;
        while k + 1 < scan.toks.len()
            && scan.toks[k].joined()
            && scan.toks[k + 1].joined()
            && matches!(scan.tok(k), "and" | "&")
        {
            let Some(q) = scan.title_at(&self.lx, k + 1) else {
                break;
            };
            if q.name.is_some() || q.modifier.is_some() {
                break;
            }
            end = q.title.end;
            k = q.toks.1 + 1;
        }
        // Nothing capitalised follows (that would be a name or an organisation).
        if let Some(n) = scan.toks.get(k)
            && n.joined()
            && upper_initial(scan.tok(k))
        {
            return;
        }
        let found = &text[p.title.start..end];
        let rep = lower_title(found);
        if rep == found {
            return;
        }
        out.push(Candidate::replace(
            self.rule,
            p.title.start..end,
            rep,
            Safety::Safe,
            None,
        ));
    }
}

/// A title in lowercase, but for the proper noun of "of the Exchequer".
fn lower_title(found: &str) -> String {
    let mut out = Vec::new();
    let mut after_of_the = false;
    let mut prev = "";
    for w in found.split(' ') {
        if after_of_the && upper_initial(w) {
            out.push(w.to_string());
        } else {
            out.push(w.to_lowercase());
        }
        let l = w.to_lowercase();
        after_of_the = (l == "the" && prev == "of") || (after_of_the && upper_initial(w));
        prev = if l == "of" { "of" } else { "" };
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use crate::rules::Level;
    use crate::rules::kinds::test_support::{NOV_26, graded, one_at};

    #[test]
    fn lowercase_after() {
        let r = |t: &str| graded("ap", "ap.titles.lowercase-after", t, NOV_26);
        assert_eq!(
            r("Hiroshi Tanaka, Kanto's President and Chief Executive, said it was vital."),
            one_at(
                "President and Chief Executive",
                "president and chief executive",
                Level::Warning
            )
        );
        assert_eq!(
            r("Keir Starmer, the Prime Minister, said so."),
            one_at("Prime Minister", "prime minister", Level::Warning)
        );
        assert_eq!(
            r("Officials said the President would travel."),
            one_at("President", "president", Level::Warning)
        );
        assert_eq!(
            r("Ian Macfarlane, Governor of the Reserve Bank, said so."),
            one_at("Governor", "governor", Level::Warning)
        );
        assert_eq!(
            r("He asked the Chancellor of the Exchequer."),
            one_at(
                "Chancellor of the Exchequer",
                "chancellor of the Exchequer",
                Level::Warning
            )
        );
        for text in [
            "Effingham County Administrator Laura Benton said so.",
            "The President Donald Trump era began.",
            "It comes from the Office of the Deputy Prime Minister.",
            "The Return of the King won.",
            "The team was Kay, King, Lewsey and Moody.",
            "Prince William, the Prince of Wales, spoke.",
        ] {
            assert_eq!(r(text), vec![], "{text}");
        }
    }
}
