//! Hover: what a finding means, who or what a known name is, and on a dateline the story's
//! date and where it came from.

use std::ops::Range;

use copydesk::rules::knowledge::{Entity, Knowledge};
use copydesk::rules::spec::EntityKind;
use copydesk::{Document, Engine, Finding, Rule};

/// The Markdown shown on hover at byte `offset`, and the range it is about. `date_source`
/// says where the story's date came from (shown on a dateline).
pub fn hover(
    doc: &Document,
    findings: &[Finding],
    engine: Option<&Engine>,
    offset: usize,
    date_source: &str,
) -> Option<(String, Range<usize>)> {
    let mut sections = Vec::new();
    let mut range: Option<Range<usize>> = None;
    let here: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.range.start <= offset && offset < f.range.end.max(f.range.start + 1))
        .collect();
    for f in &here {
        let rule = engine.and_then(|e| e.rules().rule(&f.rule));
        sections.push(finding_section(f, rule));
        range = Some(merge(range, &f.range));
    }
    if let Some(engine) = engine
        && let Some((entity, idx, r)) = entity_at(doc, engine.rules().knowledge(), offset)
    {
        sections.push(entity_section(doc, engine.rules().knowledge(), entity, idx));
        range = Some(merge(range, &r));
    }
    if let Some(dl) = doc
        .items()
        .iter()
        .filter_map(|i| i.dateline.as_ref())
        .find(|dl| dl.range.start <= offset && offset < dl.range.end)
    {
        sections.push(format!(
            "**Story date:** {}, from {date_source}.",
            doc.date()
        ));
        range = Some(merge(range, &dl.range));
    }
    if sections.is_empty() {
        return None;
    }
    Some((
        sections.join("\n\n---\n\n"),
        range.unwrap_or(offset..offset),
    ))
}

fn merge(a: Option<Range<usize>>, b: &Range<usize>) -> Range<usize> {
    match a {
        Some(a) => a.start.min(b.start)..a.end.max(b.end),
        None => b.clone(),
    }
}

fn finding_section(f: &Finding, rule: Option<&Rule>) -> String {
    let mut s = format!("**{}** · `{}` ({})", f.message, f.rule, f.severity);
    let Some(rule) = rule else { return s };
    if !rule.explanation.is_empty() {
        s.push_str("\n\n");
        s.push_str(&rule.explanation);
    }
    if !rule.source.is_empty() {
        s.push_str(&format!("\n\n*Source:* {}", rule.source));
    }
    if let Some(e) = rule.examples.iter().find(|e| e.bad.is_some()) {
        let bad = e.bad.as_deref().unwrap_or_default();
        s.push_str(&format!("\n\n*Example:* {bad}"));
        if let Some(fixed) = &e.fixed {
            s.push_str(&format!(" → {fixed}"));
        }
    }
    if rule.unverified {
        s.push_str("\n\n*Note:* a fact behind this rule is not confirmed; check it against your stylebook.");
    }
    if let Some(url) = &f.url {
        s.push_str(&format!("\n\n[Rule documentation]({url})"));
    }
    s
}

fn entity_section(doc: &Document, kb: &Knowledge, e: &Entity, idx: usize) -> String {
    let kind = match e.kind {
        EntityKind::Person => "person",
        EntityKind::Place => "place",
        EntityKind::Organisation => "organisation",
    };
    let mut s = format!("**{}** ({kind})", e.name);
    if !e.description.is_empty() {
        s.push_str("\n\n");
        s.push_str(&e.description);
    }
    if let Some(short) = &e.short {
        s.push_str(&format!("\n\nLater references: {short}."));
    }
    if e.kind == EntityKind::Person {
        let date = doc.date();
        let held: Vec<String> = kb
            .terms_of(idx)
            .filter(|t| t.holds_on(date))
            .map(|t| {
                let acting = if t.acting { "acting " } else { "" };
                format!("{acting}{} of {} (since {})", t.office, t.of, t.start)
            })
            .collect();
        if held.is_empty() {
            let last = kb.terms_of(idx).filter(|t| t.start <= date).last();
            match last {
                Some(t) => s.push_str(&format!(
                    "\n\nOn {date}, the story's date: no office on record; formerly {} of {}{}.",
                    t.office,
                    t.of,
                    t.end.map(|e| format!(" (until {e})")).unwrap_or_default()
                )),
                None if kb.terms_of(idx).next().is_some() => s.push_str(&format!(
                    "\n\nOn {date}, the story's date: no office on record yet."
                )),
                None => {}
            }
        } else {
            s.push_str(&format!(
                "\n\nOn {date}, the story's date: {}.",
                held.join("; ")
            ));
        }
    }
    if e.unverified {
        s.push_str("\n\n*Note:* this entry is not confirmed; check it against your stylebook.");
    }
    s
}

/// Whether a character can be part of a name.
fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.')
}

/// The known person or place under `offset`: the longest run of up to five words around it
/// that the knowledge tables know.
fn entity_at<'k>(
    doc: &Document,
    kb: &'k Knowledge,
    offset: usize,
) -> Option<(&'k Entity, usize, Range<usize>)> {
    let text = doc.text();
    let index = doc.line_index();
    let line = index.line_range(index.line_of(offset))?;
    let content = text.get(line.clone())?;
    // Words of the line with their byte ranges in the text, trailing punctuation and a
    // possessive trimmed.
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in content
        .char_indices()
        .chain(std::iter::once((content.len(), ' ')))
    {
        match (start, name_char(c) && i < content.len()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let w = &content[s..i];
                let w = w
                    .strip_suffix("’s")
                    .or_else(|| w.strip_suffix("'s"))
                    .unwrap_or(w)
                    .trim_end_matches(['.', '\'', '’', '-']);
                let w = w.trim_start_matches(['\'', '’', '-', '.']);
                if !w.is_empty() {
                    let ws = s + content[s..i].find(w).unwrap_or(0);
                    words.push(line.start + ws..line.start + ws + w.len());
                }
                start = None;
            }
            _ => {}
        }
    }
    let at = words
        .iter()
        .position(|w| w.start <= offset && offset <= w.end)?;
    let mut best: Option<(&Entity, usize, Range<usize>)> = None;
    for len in (1..=5usize).rev() {
        for first in at.saturating_sub(len - 1)..=at {
            let last = first + len - 1;
            if last >= words.len() {
                continue;
            }
            let form: Vec<&str> = words[first..=last]
                .iter()
                .map(|w| &text[w.clone()])
                .collect();
            let form = form.join(" ");
            if let Some(idx) = kb.entity_index(&form)
                && let Some(e) = kb.entities.get(idx)
            {
                best = Some((e, idx, words[first].start..words[last].end));
                break;
            }
        }
        if best.is_some() {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use copydesk::{DocumentOptions, Format, RuleSet, Settings};

    fn setup(text: &str) -> (Document, Engine, Vec<Finding>) {
        let engine = Engine::new(RuleSet::builtin("ap").unwrap());
        let doc = Document::new(
            text,
            &DocumentOptions {
                format: Format::Plain,
                date: Some(jiff::civil::date(2025, 11, 26)),
                today: jiff::civil::date(2025, 11, 26),
                committed: None,
            },
        );
        let findings = engine.check(&doc, &Settings::default());
        (doc, engine, findings)
    }

    #[test]
    fn hover_on_a_finding_explains_the_rule_and_the_person() {
        let text = "Talks went on.\nHe met Zelenskiy’s aides in the US on Monday.\n";
        let (doc, engine, findings) = setup(text);
        let at = text.find("Zelenskiy").unwrap() + 3;
        let (md, range) = hover(&doc, &findings, Some(&engine), at, "--date").unwrap();
        assert!(md.contains("`ap.names.spelling`"), "{md}");
        assert!(md.contains("*Source:*"), "{md}");
        assert!(md.contains("*Example:*"), "{md}");
        assert!(md.contains("**Volodymyr Zelenskyy** (person)"), "{md}");
        assert!(
            md.contains(
                "On 2025-11-26, the story's date: President of Ukraine (since 2019-05-20)."
            ),
            "{md}"
        );
        assert_eq!(&text[range], "Zelenskiy");
    }

    #[test]
    fn hover_on_a_full_name_and_on_nothing() {
        let text = "Talks went on.\nVladimir Putin, speaking in Moscow, said so.\n";
        let (doc, engine, findings) = setup(text);
        let at = text.find("Vladimir").unwrap();
        let (md, range) = hover(&doc, &findings, Some(&engine), at, "--date").unwrap();
        assert!(md.starts_with("**Vladimir Putin** (person)"), "{md}");
        assert!(md.contains("President of Russia"), "{md}");
        assert_eq!(&text[range], "Vladimir Putin");
        let at = text.find("speaking").unwrap();
        assert!(hover(&doc, &findings, Some(&engine), at, "--date").is_none());
    }

    #[test]
    fn hover_on_a_dateline_gives_the_story_date_and_its_source() {
        let text = "WASHINGTON (AP) — Senators met.\n";
        let (doc, engine, findings) = setup(text);
        let at = text.find("TON").unwrap();
        let (md, range) = hover(&doc, &findings, Some(&engine), at, "--date").unwrap();
        assert_eq!(md, "**Story date:** 2025-11-26, from --date.");
        assert_eq!(&text[range], "WASHINGTON (AP) —");
        // Past the dateline, nothing.
        let at = text.find("Senators").unwrap();
        assert!(hover(&doc, &findings, Some(&engine), at, "--date").is_none());
    }
}
