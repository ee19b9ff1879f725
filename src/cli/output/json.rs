//! `--format json`: a JSON array of findings. The contract is documented in docs/ci.md; keep
//! the two in step. `copydesk serve` answers with the same objects, each with its byte and
//! UTF-16 offsets added (docs/serve.md).

use std::io::{self, Write};

use copydesk::{Document, Finding};
use serde::Serialize;

use super::doc_line_col;
use crate::cli::check::Checked;

// Fields are declared in alphabetical order: the contract's key order. The offsets that only
// the server gives are left out when absent.

#[derive(Serialize)]
pub(crate) struct JsonEdit<'a> {
    column: u32,
    end_byte: usize,
    end_column: u32,
    end_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_utf16: Option<usize>,
    line: u32,
    replacement: &'a str,
    start_byte: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_utf16: Option<usize>,
}

#[derive(Serialize)]
pub(crate) struct JsonFix<'a> {
    edits: Vec<JsonEdit<'a>>,
    safety: &'static str,
    title: &'a str,
}

#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    category: &'static str,
    column: u32,
    /// The story's date (YYYY-MM-DD) and where it came from (`StoryDate::source`).
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_source: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_byte: Option<usize>,
    end_column: u32,
    end_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_utf16: Option<usize>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    start_byte: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_utf16: Option<usize>,
    text: &'a str,
    url: Option<&'a str>,
}

/// One finding of the story `name` in the JSON contract (`file_escaped`: its name losing
/// nothing, for a path that is not UTF-8). With `utf16` (a byte offset's UTF-16 offset), the
/// finding and its edits also carry their byte and UTF-16 offsets.
pub(crate) fn finding<'a>(
    name: &'a str,
    file_escaped: Option<String>,
    doc: &'a Document,
    f: &'a Finding,
    utf16: Option<&dyn Fn(usize) -> usize>,
) -> JsonFinding<'a> {
    let text = doc.text();
    let (line, column) = doc_line_col(doc, f.range.start);
    let (end_line, end_column) = doc_line_col(doc, f.range.end);
    let fixes = f
        .fixes
        .iter()
        .map(|fix| JsonFix {
            edits: fix
                .edits
                .iter()
                .map(|e| {
                    let (line, column) = doc_line_col(doc, e.range.start);
                    let (end_line, end_column) = doc_line_col(doc, e.range.end);
                    JsonEdit {
                        column,
                        end_byte: e.range.end,
                        end_column,
                        end_line,
                        end_utf16: utf16.map(|u| u(e.range.end)),
                        line,
                        replacement: &e.replacement,
                        start_byte: e.range.start,
                        start_utf16: utf16.map(|u| u(e.range.start)),
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
        date: None,
        date_source: None,
        end_byte: utf16.map(|_| f.range.end),
        end_column,
        end_line,
        end_utf16: utf16.map(|u| u(f.range.end)),
        file: name,
        file_escaped,
        fixes,
        line,
        message: &f.message,
        replacement: f.replacement(text),
        rule: &f.rule,
        severity: f.severity.as_str(),
        start_byte: utf16.map(|_| f.range.start),
        start_utf16: utf16.map(|u| u(f.range.start)),
        text: &text[f.range.clone()],
        url: f.url.as_deref(),
    }
}

impl JsonFinding<'_> {
    /// The finding with its story's date and where it came from.
    pub(crate) fn dated(mut self, d: &crate::project::StoryDate) -> Self {
        self.date = Some(d.date.to_string());
        self.date_source = Some(d.source);
        self
    }
}

/// A story's name with every byte outside ASCII letters, digits and `-._~/` as `%XX`, when
/// its path is not UTF-8.
fn escaped(c: &Checked) -> Option<String> {
    let bytes = c.name_bytes();
    std::str::from_utf8(&bytes)
        .is_err()
        .then(|| super::percent_encode(&bytes))
}

pub(crate) fn print(out: &mut impl Write, results: &[Checked]) -> io::Result<()> {
    let all: Vec<JsonFinding> = results
        .iter()
        .flat_map(|c| {
            // What every finding of the story shares is worked out once.
            let name = escaped(c);
            let date = c.date.date.to_string();
            c.findings.iter().map(move |f| JsonFinding {
                date: Some(date.clone()),
                date_source: Some(c.date.source),
                ..finding(&c.name, name.clone(), &c.doc, f, None)
            })
        })
        .collect();
    // The many small pieces of JSON go to a buffer of this type, not through `out`'s.
    let mut w = io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut w, &all)?;
    writeln!(w)?;
    w.flush()
}
