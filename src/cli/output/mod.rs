//! Printing a run's findings: human, concise, JSON, SARIF, GitHub annotations, statistics.

pub(crate) mod concise;
pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod sarif;

use std::collections::BTreeMap;
use std::io::{self, Write};

use copydesk::{Document, Encoding, Level, Safety};

use super::check::Checked;

/// 1-based line and column (in Unicode scalar values) of a byte offset.
pub(crate) fn line_col(c: &Checked, offset: usize) -> (u32, u32) {
    doc_line_col(&c.doc, offset)
}

/// 1-based line and column (in Unicode scalar values) of a byte offset of `doc`.
pub(crate) fn doc_line_col(doc: &Document, offset: usize) -> (u32, u32) {
    let p = doc
        .line_index()
        .position(doc.text(), offset, Encoding::Utf32);
    (p.line + 1, p.column + 1)
}

/// One line on the stories' dates and where they came from: "Story date: 2025-11-26, from the
/// dateline." when every story has the same, else how many came from each source, naming the
/// stories dated by the clock.
pub(crate) fn dates_summary(results: &[Checked]) -> Option<String> {
    let first = results.first()?;
    if results.iter().all(|c| c.date == first.date) {
        return Some(format!(
            "Story date: {}, from {}.",
            first.date.date, first.date.label
        ));
    }
    const ORDER: [(&str, &str); 6] = [
        ("front_matter", "the front matter"),
        ("dateline", "the dateline"),
        ("project", "the project's date"),
        ("given", "the date given"),
        ("git", "the file's last Git commit"),
        ("clock", "the machine's clock"),
    ];
    let mut parts = Vec::new();
    for (code, words) in ORDER {
        let of: Vec<&Checked> = results.iter().filter(|c| c.date.source == code).collect();
        let Some(one) = of.first() else { continue };
        let words = if code == "given"
            || (code == "project" && of.iter().all(|c| c.date.label == one.date.label))
        {
            one.date.label.as_str()
        } else {
            words
        };
        let mut part = format!(
            "{words} for {} stor{}",
            of.len(),
            if of.len() == 1 { "y" } else { "ies" }
        );
        if code == "clock" {
            let names: Vec<&str> = of.iter().take(3).map(|c| c.name.as_str()).collect();
            part.push_str(&format!(
                " ({}{}: no date found or given, so today's, {})",
                names.join(", "),
                if of.len() > 3 { ", …" } else { "" },
                one.date.date
            ));
        }
        parts.push(part);
    }
    Some(format!("Story dates from {}.", parts.join("; ")))
}

impl Checked {
    /// The bytes of the story's name: its path's own bytes (without a leading `./`), which need
    /// not be UTF-8, else the name.
    pub(crate) fn name_bytes(&self) -> Vec<u8> {
        use std::os::unix::ffi::OsStrExt;
        match &self.path {
            Some(p) => {
                let p = p
                    .strip_prefix(".")
                    .ok()
                    .filter(|r| !r.as_os_str().is_empty())
                    .unwrap_or(p);
                p.as_os_str().as_bytes().to_vec()
            }
            None => self.name.as_bytes().to_vec(),
        }
    }
}

/// Bytes as URI text: unreserved characters and `/` as they are, every other byte as `%XX`.
/// Lossless for any path, UTF-8 or not.
pub(crate) fn percent_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Counts per rule, most frequent first: how many findings, at which severity, how many a
/// safe fix can correct.
pub(crate) fn statistics(out: &mut impl Write, results: &[Checked]) -> io::Result<()> {
    let mut by_rule: BTreeMap<&str, (usize, Level, usize)> = BTreeMap::new();
    for f in results.iter().flat_map(|r| &r.findings) {
        let e = by_rule.entry(&f.rule).or_insert((0, f.severity, 0));
        e.0 += 1;
        e.1 = e.1.max(f.severity);
        if f.fixes.first().is_some_and(|x| x.safety == Safety::Safe) {
            e.2 += 1;
        }
    }
    let mut rows: Vec<_> = by_rule.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(4).max(4);
    writeln!(
        out,
        "{:>6}  {:<width$}  {:<8}  safe fixes",
        "count", "rule", "severity"
    )?;
    let mut total = 0;
    for (rule, (n, level, fixable)) in &rows {
        total += n;
        writeln!(
            out,
            "{n:>6}  {rule:<width$}  {:<8}  {fixable}",
            level.as_str()
        )?;
    }
    writeln!(out, "{total:>6}  total")
}
