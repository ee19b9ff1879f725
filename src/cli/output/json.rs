//! `--format json`: a JSON array of findings. The contract is documented in docs/ci.md; keep
//! the two in step.

use std::io::{self, Write};

use copydesk::Finding;
use serde_json::{Value, json};

use super::line_col;
use crate::cli::check::Checked;

/// One finding as a JSON object.
pub(crate) fn finding(c: &Checked, f: &Finding) -> Value {
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

pub(crate) fn print(out: &mut impl Write, results: &[Checked]) -> io::Result<()> {
    let all: Vec<Value> = results
        .iter()
        .flat_map(|c| c.findings.iter().map(move |f| finding(c, f)))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}
