//! Applying fixes: deterministic overlap resolution, never inside a quotation unless asked.

use super::{Edit, Finding};
use crate::document::Document;
use crate::rules::Safety;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only.
    Safe,
    /// Safe and review-level fixes.
    Unsafe,
}

/// Applies the preferred fix of each finding that `mode` allows. Fixes are taken in order of
/// position (then rule id); a fix whose edits overlap an edit already taken is skipped, so the
/// result is the same every time. A safe-mode run never edits inside a quotation. Returns the
/// new text and the number of fixes applied.
pub fn apply_fixes(doc: &Document, findings: &[Finding], mode: FixMode) -> (String, usize) {
    let text = doc.text();
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let mut order: Vec<&Finding> = findings.iter().collect();
    order.sort_by(|a, b| (a.range.start, &a.rule).cmp(&(b.range.start, &b.rule)));
    for f in order {
        let Some(fix) = f.fixes.first() else { continue };
        if mode == FixMode::Safe && fix.safety != Safety::Safe {
            continue;
        }
        let valid = fix.edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
                && !(mode == FixMode::Safe && doc.in_quote(&e.range))
        });
        let overlaps = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| {
                e.range.start < c.range.end && c.range.start < e.range.end
                    || (e.range.is_empty() || c.range.is_empty()) && e.range.start == c.range.start
            })
        });
        if !valid || overlaps {
            continue;
        }
        chosen.extend(fix.edits.iter());
        applied += 1;
    }
    chosen.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in chosen {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}
