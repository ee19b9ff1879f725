//! `--format sarif`: one SARIF 2.1.0 run. The driver lists the rules of every profile used,
//! with their help text and links; each result has a region (1-based lines and columns, columns
//! in Unicode code points, end column exclusive) and its fixes as SARIF fixes.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

use copydesk::{Engine, Finding, Level, Rule};
use serde_json::{Value, json};

use super::line_col;
use crate::cli::check::Checked;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/copydesk/copydesk";
const SRCROOT: &str = "%SRCROOT%";

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info | Level::Hint => "note",
        Level::Off => "none",
    }
}

/// Percent-encodes a path for a URI, keeping `/` and the unreserved characters.
fn encode_path(path: &str) -> String {
    super::percent_encode(path.as_bytes())
}

/// Where a story is: a URI relative to `%SRCROOT%` (the working folder), or a `file:` URI for
/// an absolute path.
/// The name's bytes are encoded as they are, so a path that is not UTF-8 keeps every byte.
fn artifact(name: &[u8]) -> Value {
    if name.starts_with(b"/") {
        json!({ "uri": format!("file://{}", super::percent_encode(name)) })
    } else {
        json!({ "uri": super::percent_encode(name), "uriBaseId": SRCROOT })
    }
}

fn region(c: &Checked, range: &std::ops::Range<usize>) -> Value {
    let (line, column) = line_col(c, range.start);
    let (end_line, end_column) = line_col(c, range.end);
    json!({
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

/// The first sentence of a text (up to the first ". "), on one line.
fn first_sentence(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(i) => flat[..=i].to_string(),
        None => flat,
    }
}

fn rule_json(r: &Rule) -> Value {
    let explanation = r.explanation.trim();
    let short = if explanation.is_empty() {
        r.message.clone()
    } else {
        first_sentence(explanation)
    };
    let mut text = explanation.to_string();
    let mut markdown = explanation.to_string();
    if !r.source.is_empty() {
        text.push_str(&format!("\n\nSource: {}", r.source));
        markdown.push_str(&format!("\n\n*Source:* {}", r.source));
    }
    let examples: Vec<String> = r
        .examples
        .iter()
        .flat_map(|e| {
            let mut v = Vec::new();
            if let Some(b) = &e.bad {
                v.push(format!("- ✗ {b}"));
                if let Some(f) = &e.fixed {
                    v.push(format!("- ✓ {f}"));
                }
            }
            if let Some(g) = &e.good {
                v.push(format!("- ✓ {g}"));
            }
            v
        })
        .collect();
    if !examples.is_empty() {
        text.push_str(&format!("\n\nExamples:\n{}", examples.join("\n")));
        markdown.push_str(&format!("\n\n**Examples**\n\n{}", examples.join("\n")));
    }
    let mut rule = json!({
        "id": r.id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": if explanation.is_empty() { r.message.as_str() } else { explanation } },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level(r.level) },
        "properties": {
            "category": r.category.as_str(),
            "tags": [r.category.as_str()],
            "fix": r.fix.as_str(),
        },
    });
    if let Some(url) = &r.url {
        rule["helpUri"] = json!(url);
    }
    rule
}

fn result_json(c: &Checked, f: &Finding, rule_index: Option<usize>) -> Value {
    let mut reg = region(c, &f.range);
    reg["snippet"] = json!({ "text": &c.doc.text()[f.range.clone()] });
    let location = json!({
        "physicalLocation": {
            "artifactLocation": artifact(&c.name_bytes()),
            "region": reg,
        }
    });
    let fixes: Vec<Value> = f
        .fixes
        .iter()
        .map(|fix| {
            let replacements: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| {
                    json!({
                        "deletedRegion": region(c, &e.range),
                        "insertedContent": { "text": e.replacement },
                    })
                })
                .collect();
            json!({
                "description": { "text": fix.title },
                "artifactChanges": [{
                    "artifactLocation": artifact(&c.name_bytes()),
                    "replacements": replacements,
                }],
                "properties": { "safety": fix.safety.as_str() },
            })
        })
        .collect();
    let mut result = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [location],
        "properties": { "category": f.category.as_str(), "severity": f.severity.as_str() },
    });
    if let Some(i) = rule_index {
        result["ruleIndex"] = json!(i);
    }
    if !fixes.is_empty() {
        result["fixes"] = Value::Array(fixes);
    }
    result
}

/// The whole SARIF log.
pub(crate) fn log(results: &[Checked], errors: &[String]) -> Value {
    // The rules of every engine used, in pack order, each id once.
    let mut engines: Vec<&Arc<Engine>> = Vec::new();
    for c in results {
        if !engines.iter().any(|e| Arc::ptr_eq(e, &c.engine)) {
            engines.push(&c.engine);
        }
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut rules = Vec::new();
    for e in engines {
        for r in e.rules().rules() {
            if !index.contains_key(r.id.as_str()) {
                index.insert(&r.id, rules.len());
                rules.push(rule_json(r));
            }
        }
    }
    let sarif_results: Vec<Value> = results
        .iter()
        .flat_map(|c| {
            let index = &index;
            c.findings
                .iter()
                .map(move |f| result_json(c, f, index.get(f.rule.as_str()).copied()))
        })
        .collect();
    let notifications: Vec<Value> = errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": e } }))
        .collect();
    // Each story, with its date and where it came from.
    let artifacts: Vec<Value> = results
        .iter()
        .map(|c| {
            json!({
                "location": artifact(&c.name_bytes()),
                "properties": {
                    "storyDate": c.date.date.to_string(),
                    "dateSource": c.date.source,
                    "dateOrigin": c.date.label,
                },
            })
        })
        .collect();
    let mut run = json!({
        "artifacts": artifacts,
        "tool": {
            "driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [{
            "executionSuccessful": errors.is_empty(),
            "toolExecutionNotifications": notifications,
        }],
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    });
    if let Some(cwd) = std::env::current_dir()
        .ok()
        .and_then(|d| d.to_str().map(str::to_string))
    {
        let cwd = cwd.trim_end_matches('/');
        run["originalUriBaseIds"] =
            json!({ SRCROOT: { "uri": format!("file://{}/", encode_path(cwd)) } });
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    })
}

pub(crate) fn print(
    out: &mut impl Write,
    results: &[Checked],
    errors: &[String],
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(results, errors))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uris() {
        assert_eq!(encode_path("stories/a b#1.txt"), "stories/a%20b%231.txt");
        assert_eq!(encode_path("café.md"), "caf%C3%A9.md");
        assert_eq!(artifact(b"/x/y.txt")["uri"], "file:///x/y.txt");
        assert_eq!(artifact(b"y.txt")["uriBaseId"], SRCROOT);
    }

    #[test]
    fn first_sentence_stops_at_a_full_stop() {
        assert_eq!(first_sentence("One two.\nThree. Four."), "One two.");
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
