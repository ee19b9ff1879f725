//! `substitution`: wrong → right terms. Literal terms join the shared Aho-Corasick automaton;
//! pattern terms join the shared regex set.
//!
//! ```toml
//! [[rule]]
//! id = "ap.usage.us"
//! kind = "substitution"
//! terms = [{ find = "US", replace = "U.S." }]
//! patterns = [{ find = '\b(\d+) percent\b', replace = "$1%" }]
//! ```

use super::BuildCtx;
use crate::rules::RuleError;
use crate::rules::matcher::{Builder, LazyRegex, Literal, Pattern};
use crate::rules::spec::Entries;

pub(crate) fn build(cx: &BuildCtx, entries: &Entries, mb: &mut Builder) -> Result<(), RuleError> {
    add_entries(cx, entries, mb, true)
}

/// Adds a rule's `terms` and `patterns` to the shared matcher. With `fixes` false every
/// replacement is dropped (existence rules).
pub(crate) fn add_entries(
    cx: &BuildCtx,
    entries: &Entries,
    mb: &mut Builder,
    fixes: bool,
) -> Result<(), RuleError> {
    if entries.terms.is_empty() && entries.patterns.is_empty() {
        return Err(cx.error("give `terms` or `patterns`"));
    }
    for t in &entries.terms {
        // Where the term is written, found only for an error (a search of the rule's file).
        let err = |m: String| {
            let at = cx.locate(t.find.as_slice().first().map_or("", String::as_str));
            (cx.err)(at, m)
        };
        if fixes && t.replace.is_none() {
            return Err(err("a substitution term needs `replace`".into()));
        }
        for f in t.find.as_slice() {
            if f.trim().is_empty() {
                return Err(err("`find` is empty".into()));
            }
            if f.len() > crate::rules::MAX_PATTERN_BYTES {
                return Err(err(format!(
                    "term is {} bytes; terms are limited to {}",
                    f.len(),
                    crate::rules::MAX_PATTERN_BYTES
                )));
            }
            mb.literals.push(Literal {
                rule: cx.index,
                pattern: f.clone(),
                case: t.case,
                replace: if fixes { t.replace.clone() } else { None },
                message: t.message.clone(),
                safety: t.fix,
                keep: Vec::new(),
                entity: None,
                cap: None,
            });
        }
    }
    for p in &entries.patterns {
        let at = || cx.locate(&p.find);
        let sets = |x: &str| -> Result<String, RuleError> {
            cx.knowledge
                .expand_sets(x)
                .map(std::borrow::Cow::into_owned)
                .map_err(|m| (cx.err)(at(), m))
        };
        let regex = mb
            .find_regex(&sets(&p.find)?)
            .map_err(|m| (cx.err)(at(), m))?;
        if let Some(r) = &p.report
            && !regex.has_group(r)
        {
            return Err((cx.err)(
                at(),
                format!("`report` names group `{r}`, which the pattern does not have"),
            ));
        }
        let anchored = |s: &Option<String>, end: bool| -> Result<Option<LazyRegex>, RuleError> {
            s.as_ref()
                .map(|x| {
                    let x = sets(x)?;
                    let src = if end {
                        format!("(?:{x})$")
                    } else {
                        format!("^(?:{x})")
                    };
                    Builder::lazy(&src).map_err(|m| (cx.err)(at(), m))
                })
                .transpose()
        };
        if fixes && p.replace.is_none() {
            return Err((cx.err)(
                at(),
                "a substitution pattern needs `replace`".into(),
            ));
        }
        mb.patterns.push(Pattern {
            rule: cx.index,
            regex,
            replace: if fixes { p.replace.clone() } else { None },
            report: p.report.clone(),
            not_next: anchored(&p.unless_next, false)?,
            not_prev: anchored(&p.unless_prev, true)?,
            not_inside: p
                .unless_found
                .as_deref()
                .map(|x| Builder::lazy(&sets(x)?).map_err(|m| (cx.err)(at(), m)))
                .transpose()?,
            message: p.message.clone(),
            safety: p.fix,
        });
    }
    Ok(())
}
