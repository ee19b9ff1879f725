//! `--format json`: a JSON array of findings. The contract is documented in docs/ci.md; keep
//! the two in step.

use std::io::{self, Write};

use copydesk::Finding;
use serde::Serialize;

use super::line_col;
use crate::cli::check::Checked;

// Fields are declared in alphabetical order: the contract's key order.

#[derive(Serialize)]
struct JsonEdit<'a> {
    column: u32,
    end_byte: usize,
    end_column: u32,
    end_line: u32,
    line: u32,
    replacement: &'a str,
    start_byte: usize,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    edits: Vec<JsonEdit<'a>>,
    safety: &'static str,
    title: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    category: &'static str,
    column: u32,
    end_column: u32,
    end_line: u32,
    file: &'a str,
    /// Only for a path that is not UTF-8 (`file` then has U+FFFD for its bad bytes): the path
    /// with every byte outside ASCII letters, digits and `-._~/` as `%XX`, losing nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    file_escaped: Option<String>,
    fixes: Vec<JsonFix<'a>>,
    line: u32,
    message: &'a str,
    replacement: Option<String>,
    rule: &'a str,
    severity: &'static str,
    text: &'a str,
    url: Option<&'a str>,
}

/// One finding in the JSON contract.
fn finding<'a>(c: &'a Checked, f: &'a Finding) -> JsonFinding<'a> {
    let text = c.doc.text();
    let (line, column) = line_col(c, f.range.start);
    let (end_line, end_column) = line_col(c, f.range.end);
    let fixes = f
        .fixes
        .iter()
        .map(|fix| JsonFix {
            edits: fix
                .edits
                .iter()
                .map(|e| {
                    let (line, column) = line_col(c, e.range.start);
                    let (end_line, end_column) = line_col(c, e.range.end);
                    JsonEdit {
                        column,
                        end_byte: e.range.end,
                        end_column,
                        end_line,
                        line,
                        replacement: &e.replacement,
                        start_byte: e.range.start,
                    }
                })
                .collect(),
            safety: fix.safety.as_str(),
            title: &fix.title,
        })
        .collect();
    JsonFinding {
        category: f.category.as_str(),
        column,
        end_column,
        end_line,
        file: &c.name,
        file_escaped: {
            let bytes = c.name_bytes();
            std::str::from_utf8(&bytes)
                .is_err()
                .then(|| super::percent_encode(&bytes))
        },
        fixes,
        line,
        message: &f.message,
        replacement: f.replacement(text),
        rule: &f.rule,
        severity: f.severity.as_str(),
        text: &text[f.range.clone()],
        url: f.url.as_deref(),
    }
}

pub(crate) fn print(out: &mut impl Write, results: &[Checked]) -> io::Result<()> {
    let all: Vec<JsonFinding> = results
        .iter()
        .flat_map(|c| c.findings.iter().map(move |f| finding(c, f)))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}
