//! `copydesk rules` and `copydesk explain`.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use copydesk::engine::examples::{check_example, test_examples};
use copydesk::{Engine, RuleSet};

/// The packs to describe: `--profile` when given (a built-in name or a folder), else the
/// profile and rule folders of the nearest `copydesk.toml`, else the default profile.
fn load(profile: Option<&str>) -> Result<RuleSet, ExitCode> {
    let fail = |e: copydesk::RuleError| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let (cfg, dir) = match crate::project::find_config(&cwd) {
        Some(file) if profile.is_none() => {
            let cfg = crate::project::load_config(&file).map_err(fail)?;
            let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
            (cfg, dir)
        }
        _ => (copydesk::config::Config::default(), cwd),
    };
    let face = crate::project::FaceChoices {
        profile: profile.map(str::to_string),
        profile_origin: "--profile".into(),
        ..Default::default()
    };
    let layered = crate::project::layer(&cfg, &dir, "", &face, crate::project::today());
    crate::project::profile_sources(&layered.profile, &layered.base, &layered.extra)
        .and_then(|s| RuleSet::load(&s))
        .map_err(|e| {
            eprintln!("error: {}", layered.describe(&layered.locate(e)));
            ExitCode::from(2)
        })
}

/// `copydesk rules --test`: every example of every loaded rule, one line per failure.
pub(crate) fn test(profile: Option<&str>) -> ExitCode {
    let set = match load(profile) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let report = test_examples(&Engine::new(set));
    let mut out = io::stdout().lock();
    for f in &report.failures {
        let _ = writeln!(out, "{f}");
    }
    let _ = writeln!(
        out,
        "{} rules, {} examples: {}",
        report.rules,
        report.examples,
        if report.passed() {
            "all hold".to_string()
        } else {
            let n = report.failures.len();
            format!("{n} failure{}", if n == 1 { "" } else { "s" })
        }
    );
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The rules of a profile as Markdown, one section per rule, anchored by its id (the rules'
/// documentation links point here).
pub(crate) fn rules_markdown(profile: Option<&str>) -> ExitCode {
    let set = match load(profile) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let mut md = String::new();
    md.push_str(&format!("## Profile `{}`\n\n", set.profile()));
    let mut rules: Vec<_> = set.rules().iter().collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    for r in rules {
        md.push_str(&format!("<a id=\"{}\"></a>\n### `{}`\n\n", r.id, r.id));
        md.push_str(&format!(
            "{} · {} · default level {}{}\n\n",
            r.kind,
            r.category.as_str(),
            r.level.as_str(),
            if r.unverified {
                " · rests on an unverified fact"
            } else {
                ""
            }
        ));
        md.push_str(&format!(
            "{}\n\n",
            r.message
                .replace("{found}", "…")
                .replace("{replacement}", "…")
        ));
        if !r.explanation.is_empty() {
            md.push_str(&format!("{}\n\n", r.explanation));
        }
        if !r.source.is_empty() {
            md.push_str(&format!("Source: {}\n\n", r.source));
        }
        for e in &r.examples {
            if let (Some(b), Some(f)) = (&e.bad, &e.fixed) {
                md.push_str(&format!("- ✗ {b}\n  ✓ {f}\n"));
            }
            if let Some(g) = &e.good {
                md.push_str(&format!("- ✓ {g}\n"));
            }
        }
        md.push('\n');
    }
    let mut out = io::stdout().lock();
    let _ = out.write_all(md.as_bytes());
    ExitCode::SUCCESS
}

pub(crate) fn rules(profile: Option<&str>, stats: bool) -> ExitCode {
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
        let usage_entries: usize = set
            .rules()
            .iter()
            .filter(|r| r.category == copydesk::Category::Usage)
            .map(|r| r.entries)
            .sum();
        let _ = writeln!(out, "usage rules      {usage} ({usage_entries} entries)");
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
        let coverage = kb.coverage();
        if !coverage.is_empty() {
            let _ = writeln!(
                out,
                "\noffice coverage (years with a holder in the term table; a gap of over a month ends a run)"
            );
        }
        for c in &coverage {
            let unverified = match c.unverified {
                0 => String::new(),
                n => format!(", {n} unverified"),
            };
            let terms = match c.terms {
                1 => "1 term".to_string(),
                n => format!("{n} terms"),
            };
            let _ = writeln!(
                out,
                "  {}, {}: {} ({terms}{unverified})",
                c.of,
                c.office,
                c.years()
            );
        }
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

/// The person, place or organisation a name is, by any of its spellings, or by its house
/// name or later form in any case.
pub(crate) fn find_entity<'a>(
    kb: &'a copydesk::rules::knowledge::Knowledge,
    what: &str,
) -> Option<&'a copydesk::rules::knowledge::Entity> {
    kb.entity(what).or_else(|| {
        kb.entities.iter().find(|e| {
            e.name.eq_ignore_ascii_case(what)
                || e.short
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case(what))
        })
    })
}

pub(crate) fn explain(profile: Option<&str>, what: &str) -> ExitCode {
    let set = match load(profile) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let engine = Engine::new(set);
    let set = engine.rules();
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
        let _ = writeln!(out, "\nExamples (bad → fixed, and good):");
        for e in &r.examples {
            // ✓ when the example holds as written, ✗ with what came out when it does not.
            let problems = check_example(&engine, r, e);
            let mark = if problems.is_empty() { "✓" } else { "✗" };
            if let Some(b) = &e.bad {
                match &e.fixed {
                    Some(f) => {
                        let _ = writeln!(out, "  {mark} {b}\n      → {f}");
                    }
                    None => {
                        let _ = writeln!(out, "  {mark} {b}");
                    }
                }
            }
            if let Some(g) = &e.good {
                let _ = writeln!(out, "  {mark} {g}");
            }
            for p in &problems {
                let _ = writeln!(out, "      {}: {p}", e.origin);
            }
        }
        let _ = writeln!(out, "\nDefined in {}", r.origin);
        return ExitCode::SUCCESS;
    }
    let kb = set.knowledge();
    if let Some(e) = find_entity(kb, what) {
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
