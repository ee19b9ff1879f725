//! Code actions: each finding's fixes, "fix all", "ignore this rule on this line" and "add to
//! the house dictionary". Quick fixes are rebuilt from the data each diagnostic carries, so
//! they need no server state; a diagnostic of an older version gets no edit.
//!
//! Only the findings that touch the requested range get actions, however many diagnostics the
//! client sends (Neovim sends the whole line's, and a news paragraph is one line). The finding
//! under the cursor comes first: its preferred fix, its other fixes, "ignore", "add to
//! dictionary"; then the next finding's; the source actions ("fix all") last.

use std::collections::HashMap;
use std::path::Path;

use copydesk::{Encoding, Format, LineIndex, Safety};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeActionOrCommand, Command, CreateFile,
    CreateFileOptions, Diagnostic, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, ResourceOp, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};

use super::analysis::Analysis;
use super::convert::{self, DiagnosticData};

pub const FIX_ALL: CodeActionKind = CodeActionKind::new("source.fixAll.copydesk");
pub const ADD_WORD: &str = "copydesk.addToDictionary";

/// The arguments of the add-to-dictionary command.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddWord {
    pub uri: Uri,
    pub word: String,
}

/// What the actions of one request are built from.
pub struct Request<'a> {
    pub uri: &'a Uri,
    /// The document's current version.
    pub version: i32,
    pub format: Format,
    pub line_ending: &'a str,
    /// The text of a line of the current document, without its terminator.
    pub line: &'a dyn Fn(u32) -> Option<String>,
    pub encoding: Encoding,
    /// Whether the client takes versioned document edits.
    pub versioned: bool,
    pub only: Option<&'a [CodeActionKind]>,
    /// The requested range (a cursor is an empty range).
    pub range: lsp::Range,
    /// Our diagnostics (only those touching `range` get actions).
    pub diagnostics: &'a [Diagnostic],
    /// The current check, for "fix all".
    pub analysis: Option<&'a Analysis>,
}

/// Whether `kind` passes the request's `only` filter (a kind matches itself and its parents).
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|o| {
        o.iter().any(|w| {
            kind.as_str() == w.as_str()
                || kind
                    .as_str()
                    .strip_prefix(w.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

pub fn actions(req: &Request) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    if wanted(req.only, &CodeActionKind::QUICKFIX) {
        for d in in_range(req.diagnostics, &req.range) {
            let Some(data) = DiagnosticData::from_diagnostic(d) else {
                continue;
            };
            if data.version != req.version {
                tracing::debug!(
                    diagnostic = data.version,
                    document = req.version,
                    "code action for a stale diagnostic skipped"
                );
                continue;
            }
            let preferred_given = out.iter().any(
                |a| matches!(a, CodeActionOrCommand::CodeAction(a) if a.is_preferred == Some(true)),
            );
            quick_fixes(req, d, &data, !preferred_given, &mut out);
        }
    }
    if wanted(req.only, &FIX_ALL)
        && let Some(a) = req.analysis
        && a.version == req.version
        && let Some(action) = fix_all(req, a)
    {
        out.push(CodeActionOrCommand::CodeAction(action));
    }
    out
}

/// Whether two ranges touch (a cursor at either end of a finding is on it).
pub fn overlaps(a: &lsp::Range, b: &lsp::Range) -> bool {
    let key = |p: &lsp::Position| (p.line, p.character);
    key(&a.start) <= key(&b.end) && key(&b.start) <= key(&a.end)
}

/// The diagnostics that touch `range`, the one under the cursor first: those holding the
/// range's start come first, narrower before wider; the others follow in document order. Duplicates (a client may send one twice) are dropped.
pub fn in_range<'a>(diagnostics: &'a [Diagnostic], range: &lsp::Range) -> Vec<&'a Diagnostic> {
    let key = |p: &lsp::Position| (p.line, p.character);
    let holds = |d: &Diagnostic| {
        key(&d.range.start) <= key(&range.start) && key(&range.start) < key(&d.range.end)
    };
    let width = |d: &Diagnostic| {
        let lines = d.range.end.line.saturating_sub(d.range.start.line);
        let chars = if lines == 0 {
            d.range
                .end
                .character
                .saturating_sub(d.range.start.character)
        } else {
            u32::MAX
        };
        (lines, chars)
    };
    let mut out: Vec<&Diagnostic> = Vec::new();
    for d in diagnostics.iter().filter(|d| overlaps(&d.range, range)) {
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out.sort_by_key(|d| {
        let h = holds(d);
        (!h, if h { width(d) } else { (0, 0) }, key(&d.range.start))
    });
    out
}

/// The fix marked preferred: the only safe one of the finding's fixes.
fn preferred(data: &DiagnosticData) -> Option<usize> {
    let mut safe = data
        .fixes
        .iter()
        .enumerate()
        .filter(|(_, f)| f.safety == Safety::Safe);
    match (safe.next(), safe.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// The actions of one finding. Its preferred fix is marked so only if `mark_preferred`: one
/// action a request is preferred, so "apply the preferred fix" never has to ask which (two
/// findings may share a word: a misspelt name in a later reference with a title).
fn quick_fixes(
    req: &Request,
    d: &Diagnostic,
    data: &DiagnosticData,
    mark_preferred: bool,
    out: &mut Vec<CodeActionOrCommand>,
) {
    let first = preferred(data);
    let order = first
        .into_iter()
        .chain((0..data.fixes.len()).filter(|i| Some(*i) != first));
    for i in order {
        let fix = &data.fixes[i];
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fix.title.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(edit(req, fix.edits.clone())),
            is_preferred: Some(mark_preferred && Some(i) == first),
            ..CodeAction::default()
        }));
    }
    if let Some(e) = ignore_edit(req, d.range.start.line, &data.rule) {
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Ignore {} on this line", data.rule),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(edit(req, vec![e])),
            is_preferred: Some(false),
            ..CodeAction::default()
        }));
    }
    if data.category == "name" && !data.found.trim().is_empty() {
        let title = format!("Add '{}' to the house dictionary", data.found);
        let args = AddWord {
            uri: req.uri.clone(),
            word: data.found.clone(),
        };
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: title.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            command: Some(Command {
                title,
                command: ADD_WORD.to_string(),
                arguments: serde_json::to_value(args).ok().map(|v| vec![v]),
            }),
            is_preferred: Some(false),
            ..CodeAction::default()
        }));
    }
}

/// An edit of the request's document, versioned when the client allows.
fn edit(req: &Request, edits: Vec<TextEdit>) -> WorkspaceEdit {
    if req.versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: req.uri.clone(),
                    version: Some(req.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(req.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// The suppression comment for `rule` above `line`: a new line, or the rule added to a
/// suppression comment already there (a second comment would shift the first one's target).
fn ignore_edit(req: &Request, line: u32, rule: &str) -> Option<TextEdit> {
    let at = |l: u32, c: u32| lsp::Range::new(lsp::Position::new(l, c), lsp::Position::new(l, c));
    (req.line)(line)?;
    if let Some(prev_no) = line.checked_sub(1)
        && let Some(prev) = (req.line)(prev_no)
        && prev.contains("copydesk-disable-next-line")
    {
        let body_end = match req.format {
            Format::Markdown => prev.rfind("-->").map(|i| prev[..i].trim_end().len()),
            Format::Plain => Some(prev.trim_end().len()),
        };
        if let Some(end) = body_end {
            let index = LineIndex::new(&prev);
            let col = convert::position(&prev, &index, end, req.encoding).character;
            return Some(TextEdit {
                range: at(prev_no, col),
                new_text: format!(", {rule}"),
            });
        }
    }
    let comment = match req.format {
        Format::Markdown => format!("<!-- copydesk-disable-next-line {rule} -->"),
        Format::Plain => format!("copydesk-disable-next-line {rule}"),
    };
    Some(TextEdit {
        range: at(line, 0),
        new_text: format!("{comment}{}", req.line_ending),
    })
}

/// Every safe fix of the document, to a fixed point (`Engine::fix`, as `check --fix` does),
/// as one edit spanning the changed part.
fn fix_all(req: &Request, a: &Analysis) -> Option<CodeAction> {
    let result = a.fixed()?;
    let applied = result.applied.len();
    if applied == 0 {
        return None;
    }
    let fixed = result.text();
    let old = a.doc.text();
    let mut prefix = old
        .bytes()
        .zip(fixed.bytes())
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(prefix) || !fixed.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(fixed.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(fixed.bytes().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !fixed.is_char_boundary(fixed.len() - suffix)
    {
        suffix -= 1;
    }
    let range = prefix..old.len() - suffix;
    let new_text = fixed[prefix..fixed.len() - suffix].to_string();
    let e = TextEdit {
        range: convert::range(old, a.doc.line_index(), &range, a.encoding),
        new_text,
    };
    Some(CodeAction {
        title: if applied == 1 {
            "Fix all copydesk issues (1 fix)".to_string()
        } else {
            format!("Fix all copydesk issues ({applied} fixes)")
        },
        kind: Some(FIX_ALL),
        edit: Some(edit(req, vec![e])),
        ..CodeAction::default()
    })
}

/// How to add a word to the house dictionary.
pub enum DictionaryEdit {
    /// The word is there already.
    Present,
    /// An edit for the editor to apply (so it can be undone there).
    Edit(WorkspaceEdit),
    /// The client cannot create the file: write it directly.
    Write,
}

/// The edit that adds `word` to the dictionary at `path`, whose text is `existing` (`None`
/// when the file does not exist yet).
pub fn dictionary_edit(
    path: &Path,
    existing: Option<&str>,
    word: &str,
    encoding: Encoding,
    document_changes: bool,
    create: bool,
) -> DictionaryEdit {
    let exists = existing.is_some();
    let text = existing.unwrap_or_default();
    if text.lines().any(|l| l.trim() == word) {
        return DictionaryEdit::Present;
    }
    let Some(uri) = Uri::from_file_path(path) else {
        return DictionaryEdit::Write;
    };
    let index = LineIndex::new(text);
    let end = convert::position(text, &index, text.len(), encoding);
    let new_text = if text.is_empty() || text.ends_with('\n') {
        format!("{word}\n")
    } else {
        format!("\n{word}\n")
    };
    let insert = TextEdit {
        range: lsp::Range::new(end, end),
        new_text,
    };
    if document_changes && (exists || create) {
        let mut ops = Vec::new();
        if !exists {
            ops.push(DocumentChangeOperation::Op(ResourceOp::Create(
                CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                },
            )));
        }
        ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: vec![OneOf::Left(insert)],
        }));
        DictionaryEdit::Edit(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(ops)),
            ..WorkspaceEdit::default()
        })
    } else if exists {
        DictionaryEdit::Edit(WorkspaceEdit {
            changes: Some(HashMap::from([(uri, vec![insert])])),
            ..WorkspaceEdit::default()
        })
    } else {
        DictionaryEdit::Write
    }
}

/// Reads the add-to-dictionary command's arguments.
pub fn add_word_args(args: &[Value]) -> Option<AddWord> {
    serde_json::from_value(args.first()?.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_match_their_parents() {
        let only = [CodeActionKind::SOURCE_FIX_ALL];
        assert!(wanted(Some(&only), &FIX_ALL));
        assert!(!wanted(Some(&only), &CodeActionKind::QUICKFIX));
        assert!(wanted(Some(&[CodeActionKind::SOURCE]), &FIX_ALL));
        assert!(!wanted(
            Some(&[CodeActionKind::new("source.fix")]),
            &FIX_ALL
        ));
        assert!(wanted(None, &FIX_ALL));
    }

    fn request<'a>(
        uri: &'a Uri,
        format: Format,
        line: &'a dyn Fn(u32) -> Option<String>,
    ) -> Request<'a> {
        Request {
            uri,
            version: 1,
            format,
            line_ending: "\r\n",
            line,
            encoding: Encoding::Utf16,
            versioned: false,
            only: None,
            range: lsp::Range::default(),
            diagnostics: &[],
            analysis: None,
        }
    }

    fn diag(line: u32, start: u32, end: u32, code: &str) -> Diagnostic {
        Diagnostic {
            range: lsp::Range::new(
                lsp::Position::new(line, start),
                lsp::Position::new(line, end),
            ),
            code: Some(lsp::NumberOrString::String(code.into())),
            ..Diagnostic::default()
        }
    }

    #[test]
    fn the_finding_under_the_cursor_comes_first() {
        let line = [
            diag(1, 27, 29, "us"),
            diag(1, 195, 214, "title"),
            diag(1, 205, 214, "name"),
            diag(1, 214, 220, "after"),
            diag(2, 0, 9, "next-line"),
        ];
        let codes = |r: lsp::Range| -> Vec<String> {
            in_range(&line, &r)
                .iter()
                .map(|d| match &d.code {
                    Some(lsp::NumberOrString::String(s)) => s.clone(),
                    _ => String::new(),
                })
                .collect()
        };
        let at = |c: u32| lsp::Range::new(lsp::Position::new(1, c), lsp::Position::new(1, c));
        assert_eq!(codes(at(208)), ["name", "title"]);
        assert_eq!(codes(at(214)), ["after", "title", "name"]);
        assert_eq!(codes(at(100)), Vec::<String>::new());
        let wide = lsp::Range::new(lsp::Position::new(1, 0), lsp::Position::new(1, 300));
        assert_eq!(codes(wide), ["us", "title", "name", "after"]);
    }

    #[test]
    fn ignore_inserts_a_comment_or_extends_the_one_above() {
        let uri: Uri = "file:///s.md".parse().unwrap();
        let lines = [
            "“Quoted” text",
            "<!-- copydesk-disable-next-line ap.usage.us -->",
            "The US",
        ];
        let line = |l: u32| lines.get(l as usize).map(|s| s.to_string());
        let md = request(&uri, Format::Markdown, &line);
        let e = ignore_edit(&md, 0, "ap.names.spelling").unwrap();
        assert_eq!(e.range, lsp::Range::default());
        assert_eq!(
            e.new_text,
            "<!-- copydesk-disable-next-line ap.names.spelling -->\r\n"
        );
        let e = ignore_edit(&md, 2, "ap.names.spelling").unwrap();
        assert_eq!(e.range.start, lsp::Position::new(1, 43));
        assert_eq!(e.new_text, ", ap.names.spelling");
        let plain = request(&uri, Format::Plain, &line);
        let e = ignore_edit(&plain, 1, "ap.usage.us").unwrap();
        assert_eq!(e.new_text, "copydesk-disable-next-line ap.usage.us\r\n");
        assert!(ignore_edit(&plain, 9, "ap.usage.us").is_none());
    }

    #[test]
    fn dictionary_edits_create_or_extend_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("copydesk-words.txt");
        let DictionaryEdit::Edit(e) =
            dictionary_edit(&path, None, "Zelenskiy", Encoding::Utf16, true, true)
        else {
            panic!("expected an edit");
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["documentChanges"][0]["kind"], "create");
        assert_eq!(
            v["documentChanges"][1]["edits"][0]["newText"],
            "Zelenskiy\n"
        );
        assert!(matches!(
            dictionary_edit(&path, None, "Zelenskiy", Encoding::Utf16, false, false),
            DictionaryEdit::Write
        ));
        let text = "# house words\nFerriera";
        let DictionaryEdit::Edit(e) = dictionary_edit(
            &path,
            Some(text),
            "Zelenskiy",
            Encoding::Utf16,
            false,
            false,
        ) else {
            panic!("expected an edit");
        };
        let v = serde_json::to_value(&e).unwrap();
        let edits = v["changes"]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .clone();
        assert_eq!(edits[0]["newText"], "\nZelenskiy\n");
        assert_eq!(
            edits[0]["range"]["start"],
            serde_json::json!({"line": 1, "character": 8})
        );
        assert!(matches!(
            dictionary_edit(
                &path,
                Some("# house words\nFerriera\nZelenskiy\n"),
                "Zelenskiy",
                Encoding::Utf16,
                true,
                true
            ),
            DictionaryEdit::Present
        ));
    }
}
