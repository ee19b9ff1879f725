//! Printing findings (human, JSON), rule lists and explanations.

use std::io::{self, Write};
use std::process::ExitCode;

use copydesk::{Encoding, Finding, RuleSet};
use serde_json::{Value, json};

use super::check::Checked;

/// 1-based line and column (in characters) of a byte offset.
fn line_col(c: &Checked, offset: usize) -> (u32, u32) {
    let p = c
        .doc
        .line_index()
        .position(c.doc.text(), offset, Encoding::Utf32);
    (p.line + 1, p.column + 1)
}

/// The JSON contract: one object per finding (see README, "JSON output").
pub(crate) fn finding_json(c: &Checked, f: &Finding) -> Value {
    let text = c.doc.text();
    let (line, column) = line_col(c, f.range.start);
    let (end_line, end_column) = line_col(c, f.range.end);
    let fixes: Vec<Value> = f
        .fixes
        .iter()
        .map(|fix| {
            let edits: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| {
                    let (l, col) = line_col(c, e.range.start);
                    let (el, ec) = line_col(c, e.range.end);
                    json!({"line": l, "column": col, "end_line": el, "end_column": ec,
                           "start_byte": e.range.start, "end_byte": e.range.end, "replacement": e.replacement})
                })
                .collect();
            json!({"title": fix.title, "safety": fix.safety.as_str(), "edits": edits})
        })
        .collect();
    json!({
        "file": c.name,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "rule": f.rule,
        "category": f.category.as_str(),
        "severity": f.severity.as_str(),
        "message": f.message,
        "text": &text[f.range.clone()],
        "replacement": f.replacement(text),
        "fixes": fixes,
        "url": f.url,
    })
}

pub(crate) fn json(out: &mut impl Write, results: &[Checked]) -> io::Result<()> {
    let all: Vec<Value> = results
        .iter()
        .flat_map(|c| c.findings.iter().map(move |f| finding_json(c, f)))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}

/// A window of at most `width` characters of a line around a range, with the range's
/// start and end columns in that window.
fn excerpt(line: &str, start: usize, end: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let (s, e) = (
        start.min(chars.len()),
        end.min(chars.len()).max(start.min(chars.len())),
    );
    if chars.len() <= width {
        return (line.to_string(), s, e);
    }
    let lo = s.saturating_sub(width / 3);
    let hi = (lo + width).min(chars.len()).max(e);
    let mut out = String::new();
    let mut shift = lo;
    if lo > 0 {
        out.push('…');
        shift -= 1;
    }
    out.extend(&chars[lo..hi]);
    if hi < chars.len() {
        out.push('…');
    }
    (out, s - shift, e - shift)
}

pub(crate) fn human(out: &mut impl Write, results: &[Checked]) -> io::Result<()> {
    let mut total = 0;
    let mut files = 0;
    for c in results {
        if !c.findings.is_empty() {
            files += 1;
        }
        let text = c.doc.text();
        let idx = c.doc.line_index();
        for f in &c.findings {
            total += 1;
            let (line, col) = line_col(c, f.range.start);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                c.name, line, col, f.severity, f.rule, f.message
            )?;
            let lr = idx.line_range(line - 1).unwrap_or(0..0);
            let line_text = &text[lr.clone()];
            let start_col = text[lr.start..f.range.start.max(lr.start)].chars().count();
            let end = f.range.end.min(lr.end).max(f.range.start);
            let end_col = text[lr.start..end].chars().count();
            let (shown, s, e) = excerpt(line_text, start_col, end_col, 100);
            let gutter = " ".repeat(line.to_string().len());
            writeln!(out, "{gutter} |")?;
            writeln!(out, "{line} | {shown}")?;
            writeln!(
                out,
                "{gutter} | {}{}",
                " ".repeat(s),
                "^".repeat((e - s).max(1))
            )?;
            if let Some(fix) = f.fixes.first() {
                writeln!(
                    out,
                    "{gutter} = fix ({}): {}",
                    fix.safety.as_str(),
                    fix.title
                )?;
            }
            writeln!(out)?;
        }
    }
    if total == 0 {
        writeln!(
            out,
            "No findings in {} file{}.",
            results.len(),
            if results.len() == 1 { "" } else { "s" }
        )
    } else {
        writeln!(
            out,
            "{total} finding{} in {files} file{}.",
            if total == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" }
        )
    }
}

fn load(profile: &str) -> Result<RuleSet, ExitCode> {
    let cwd = std::env::current_dir().unwrap_or_default();
    crate::project::profile_sources(profile, &cwd, &[])
        .and_then(|s| RuleSet::load(&s))
        .map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(2)
        })
}

pub(crate) fn rules(profile: &str, stats: bool) -> ExitCode {
    let set = match load(profile) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let mut out = io::stdout().lock();
    if stats {
        let kb = set.knowledge();
        let people = kb
            .entities
            .iter()
            .filter(|e| e.kind == copydesk::rules::spec::EntityKind::Person)
            .count();
        let usage = set
            .rules()
            .iter()
            .filter(|r| r.category == copydesk::Category::Usage)
            .count();
        let _ = writeln!(out, "profile {}", set.profile());
        let _ = writeln!(out, "rules            {}", set.rules().len());
        let _ = writeln!(out, "usage rules      {usage}");
        let _ = writeln!(
            out,
            "names            {} ({} people)",
            kb.entities.len(),
            people
        );
        let _ = writeln!(out, "office terms     {}", kb.terms.len());
        let _ = writeln!(
            out,
            "dateline cities  {} ({} stand alone)",
            kb.cities.len(),
            kb.cities.iter().filter(|c| c.standalone).count()
        );
        let _ = writeln!(out, "states           {}", kb.states.len());
        let _ = writeln!(out, "titles           {}", kb.titles.len());
        return ExitCode::SUCCESS;
    }
    for r in set.rules() {
        let _ = writeln!(
            out,
            "{:<40} {:<12} {:<8} {}",
            r.id,
            r.category.as_str(),
            r.level.as_str(),
            r.message
        );
    }
    ExitCode::SUCCESS
}

pub(crate) fn explain(profile: &str, what: &str) -> ExitCode {
    let set = match load(profile) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let mut out = io::stdout().lock();
    if let Some(r) = set.rule(what) {
        let _ = writeln!(
            out,
            "{} ({} · {} · {})",
            r.id,
            r.kind,
            r.category.as_str(),
            r.level.as_str()
        );
        let _ = writeln!(out, "\n{}", r.message);
        if !r.explanation.is_empty() {
            let _ = writeln!(out, "\n{}", r.explanation);
        }
        if !r.source.is_empty() {
            let _ = writeln!(out, "\nSource: {}", r.source);
        }
        if r.unverified {
            let _ = writeln!(
                out,
                "Note: a fact behind this rule is not confirmed; check it against your stylebook."
            );
        }
        let _ = writeln!(out, "\nExamples:");
        for e in &r.examples {
            if let Some(b) = &e.bad {
                let _ = writeln!(out, "  ✗ {b}");
                if let Some(f) = &e.fixed {
                    let _ = writeln!(out, "  ✓ {f}");
                }
            }
            if let Some(g) = &e.good {
                let _ = writeln!(out, "  ✓ {g}");
            }
        }
        let _ = writeln!(out, "\nDefined in {}", r.origin);
        return ExitCode::SUCCESS;
    }
    let kb = set.knowledge();
    let entity = kb.entity(what).or_else(|| {
        kb.entities.iter().find(|e| {
            e.name.eq_ignore_ascii_case(what)
                || e.short
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case(what))
        })
    });
    if let Some(e) = entity {
        let _ = writeln!(out, "{} ({:?})", e.name, e.kind);
        if !e.description.is_empty() {
            let _ = writeln!(out, "{}", e.description);
        }
        let _ = writeln!(
            out,
            "House spelling ({}): {}{}",
            set.profile(),
            e.name,
            e.short
                .as_ref()
                .map(|s| format!(", later “{s}”"))
                .unwrap_or_default()
        );
        let others: Vec<&String> = e.other_full.iter().chain(&e.other_short).collect();
        if !others.is_empty() {
            let _ = writeln!(
                out,
                "Flagged spellings: {}",
                others
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let idx = kb.entity_index(&e.all_names[0]);
        if let Some(i) = idx {
            let terms: Vec<_> = kb.terms_of(i).collect();
            if !terms.is_empty() {
                let _ = writeln!(out, "Offices:");
                for t in terms {
                    let end = t
                        .end
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "present".into());
                    let _ = writeln!(
                        out,
                        "  {} {} of {}: {} to {}{}",
                        t.qualifier.as_deref().unwrap_or(""),
                        t.office,
                        t.of,
                        t.start,
                        end,
                        if t.unverified { " (unverified)" } else { "" }
                    );
                }
            }
        }
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "error: `{what}` is neither a rule of profile `{}` nor a name copydesk knows",
        set.profile()
    );
    ExitCode::from(2)
}
