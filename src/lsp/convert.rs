//! Conversions at the protocol's edge: byte ranges to LSP positions in the negotiated
//! encoding (always through the engine's `LineIndex`), findings to diagnostics.

use std::ops::Range;
use std::str::FromStr;

use copydesk::{Document, Encoding, Finding, Level, LineIndex, Safety};
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString,
    PositionEncodingKind, Uri,
};

pub const SOURCE: &str = "copydesk";

/// The encoding to use: UTF-8 when the client offers it, else UTF-16 (the protocol's default).
pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
    if offered.is_some_and(|o| o.contains(&PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

pub fn encoding_kind(enc: Encoding) -> PositionEncodingKind {
    match enc {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// A byte offset of `text` as an LSP position.
pub fn position(text: &str, index: &LineIndex, offset: usize, enc: Encoding) -> lsp::Position {
    let p = index.position(text, offset, enc);
    lsp::Position::new(p.line, p.column)
}

/// A byte range of `text` as an LSP range.
pub fn range(text: &str, index: &LineIndex, r: &Range<usize>, enc: Encoding) -> lsp::Range {
    lsp::Range::new(
        position(text, index, r.start, enc),
        position(text, index, r.end, enc),
    )
}

/// An LSP position as a byte offset of `text`; `None` for a line past the end.
pub fn offset(text: &str, index: &LineIndex, pos: lsp::Position, enc: Encoding) -> Option<usize> {
    index
        .offset(text, copydesk::Position::new(pos.line, pos.character), enc)
        .ok()
}

pub fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Info => DiagnosticSeverity::INFORMATION,
        Level::Hint | Level::Off => DiagnosticSeverity::HINT,
    }
}

/// What a diagnostic carries for code actions, so they need no server state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticData {
    /// The document version the diagnostic (and its edits) belong to.
    pub version: i32,
    pub rule: String,
    pub category: String,
    /// The text the finding covers.
    pub found: String,
    pub fixes: Vec<FixData>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixData {
    pub title: String,
    pub safety: Safety,
    pub edits: Vec<lsp::TextEdit>,
}

impl DiagnosticData {
    pub fn from_diagnostic(d: &Diagnostic) -> Option<DiagnosticData> {
        if d.source.as_deref() != Some(SOURCE) {
            return None;
        }
        serde_json::from_value(d.data.clone()?).ok()
    }
}

/// What a finding's diagnostic carries in `data`.
fn data(doc: &Document, f: &Finding, version: i32, enc: Encoding) -> DiagnosticData {
    let text = doc.text();
    let index = doc.line_index();
    let fixes = f
        .fixes
        .iter()
        .map(|fix| FixData {
            title: fix.title.clone(),
            safety: fix.safety,
            edits: fix
                .edits
                .iter()
                .map(|e| lsp::TextEdit {
                    range: range(text, index, &e.range, enc),
                    new_text: e.replacement.clone(),
                })
                .collect(),
        })
        .collect();
    DiagnosticData {
        version,
        rule: f.rule.to_string(),
        category: f.category.as_str().to_string(),
        found: text.get(f.range.clone()).unwrap_or_default().to_string(),
        fixes,
    }
}

fn code_description(f: &Finding) -> Option<CodeDescription> {
    f.url
        .as_deref()
        .and_then(|u| Uri::from_str(u).ok())
        .map(|href| CodeDescription { href })
}

/// A finding as a diagnostic of document `version`.
pub fn diagnostic(doc: &Document, f: &Finding, version: i32, enc: Encoding) -> Diagnostic {
    Diagnostic {
        range: range(doc.text(), doc.line_index(), &f.range, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: code_description(f),
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        related_information: None,
        tags: None,
        data: serde_json::to_value(data(doc, f, version, enc)).ok(),
    }
}

/// A finding's diagnostic as the protocol writes it: the fields of `Diagnostic` that
/// [`diagnostic`] fills, with `data` written as it is, not first made a tree of JSON values.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireDiagnostic<'a> {
    range: lsp::Range,
    severity: DiagnosticSeverity,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_description: Option<WireHref<'a>>,
    source: &'static str,
    message: &'a str,
    data: WireData<'a>,
}

/// `CodeDescription` as written.
#[derive(Serialize)]
struct WireHref<'a> {
    href: &'a Uri,
}

/// [`DiagnosticData`] as written, borrowing from the finding and the text.
#[derive(Serialize)]
struct WireData<'a> {
    version: i32,
    rule: &'a str,
    category: &'a str,
    found: &'a str,
    fixes: Vec<WireFix<'a>>,
}

/// [`FixData`] as written.
#[derive(Serialize)]
struct WireFix<'a> {
    title: &'a str,
    safety: Safety,
    edits: Vec<WireEdit<'a>>,
}

/// `lsp::TextEdit` as written.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireEdit<'a> {
    range: lsp::Range,
    new_text: &'a str,
}

fn wire_data<'a>(doc: &'a Document, f: &'a Finding, version: i32, enc: Encoding) -> WireData<'a> {
    let (text, index) = (doc.text(), doc.line_index());
    WireData {
        version,
        rule: f.rule.as_str(),
        category: f.category.as_str(),
        found: text.get(f.range.clone()).unwrap_or_default(),
        fixes: f
            .fixes
            .iter()
            .map(|fix| WireFix {
                title: &fix.title,
                safety: fix.safety,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| WireEdit {
                        range: range(text, index, &e.range, enc),
                        new_text: &e.replacement,
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Wire<'a> {
    Finding(WireDiagnostic<'a>),
    Other(Diagnostic),
}

#[derive(Serialize)]
struct WireParams<'a> {
    uri: &'a Uri,
    diagnostics: Vec<Wire<'a>>,
    version: i32,
}

#[derive(Serialize)]
struct WireNotification<'a, P> {
    jsonrpc: &'static str,
    method: &'a str,
    params: &'a P,
}

/// The JSON body of a notification, as the protocol library writes it.
pub fn notification_body<P: Serialize>(method: &str, params: &P) -> Vec<u8> {
    let note = WireNotification {
        jsonrpc: "2.0",
        method,
        params,
    };
    serde_json::to_vec(&note).unwrap_or_default()
}

/// The `textDocument/publishDiagnostics` notification of `findings` (and of `more`, the
/// diagnostic for those past the cap), as the JSON body the protocol library writes for
/// `Client::publish_diagnostics` with `Some(version)`. Written straight from the findings:
/// the library first turns every diagnostic into a tree of JSON values, which cost more than
/// the check's own work on the story.
pub fn publish_body(
    uri: &Uri,
    doc: &Document,
    findings: &[Finding],
    more: Option<Diagnostic>,
    version: i32,
    enc: Encoding,
) -> Vec<u8> {
    let (text, index) = (doc.text(), doc.line_index());
    // Each rule's link, read once (many findings share a rule).
    let mut links: std::collections::HashMap<&str, Option<Uri>> = Default::default();
    for f in findings {
        if let Some(u) = f.url.as_deref() {
            links.entry(u).or_insert_with(|| Uri::from_str(u).ok());
        }
    }
    let diagnostics = findings
        .iter()
        .map(|f| {
            Wire::Finding(WireDiagnostic {
                range: range(text, index, &f.range, enc),
                severity: severity(f.severity),
                code: f.rule.as_str(),
                code_description: f
                    .url
                    .as_deref()
                    .and_then(|u| links.get(u)?.as_ref())
                    .map(|href| WireHref { href }),
                source: SOURCE,
                message: &f.message,
                data: wire_data(doc, f, version, enc),
            })
        })
        .chain(more.map(Wire::Other))
        .collect();
    let params = WireParams {
        uri,
        diagnostics,
        version,
    };
    notification_body("textDocument/publishDiagnostics", &params)
}

/// The one diagnostic that stands for the findings past the cap: at the end of the last one
/// shown, with how many there are and the setting that shows more.
pub fn too_many(
    doc: &Document,
    shown: &[Finding],
    cap: usize,
    total: usize,
    enc: Encoding,
) -> Diagnostic {
    let text = doc.text();
    let at = shown.last().map_or(0, |f| f.range.end);
    Diagnostic {
        range: range(text, doc.line_index(), &(at..at), enc),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String("too-many-findings".to_string())),
        source: Some(SOURCE.to_string()),
        message: format!(
            "{} more findings after this point are not shown ({total} in all; the editor shows \
             the first {cap}: raise the setting copydesk.maxFindings, or 0 for no limit, to see \
             them)",
            total - cap
        ),
        ..Diagnostic::default()
    }
}

/// The file path of a `file:` URI.
pub fn file_path(uri: &Uri) -> Option<std::path::PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use copydesk::{DocumentOptions, Format};

    #[test]
    fn positions_in_both_encodings() {
        let text = "“Zelenskiy” 👍 US\r\nnext";
        let idx = LineIndex::new(text);
        let us = text.find("US").unwrap();
        assert_eq!(
            position(text, &idx, us, Encoding::Utf16),
            lsp::Position::new(0, 15)
        );
        assert_eq!(
            position(text, &idx, us, Encoding::Utf8),
            lsp::Position::new(0, 21)
        );
        assert_eq!(
            offset(text, &idx, lsp::Position::new(0, 15), Encoding::Utf16),
            Some(us)
        );
        assert_eq!(
            offset(text, &idx, lsp::Position::new(1, 99), Encoding::Utf16),
            Some(text.len())
        );
        assert_eq!(
            offset(text, &idx, lsp::Position::new(5, 0), Encoding::Utf16),
            None
        );
    }

    #[test]
    fn negotiation_prefers_utf8() {
        assert_eq!(negotiate(None), Encoding::Utf16);
        assert_eq!(
            negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ])),
            Encoding::Utf8
        );
        assert_eq!(
            negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
    }

    #[test]
    fn a_published_notification_is_what_the_library_would_write() {
        let rules = copydesk::RuleSet::builtin("ap").unwrap();
        let engine = copydesk::Engine::new(rules);
        let text = "Gov. Newsom of Calif. met “Zelenskiy” in the US 👍 on Nov. 3.\r\nHe had ten dollars and 5 cars.\n";
        let doc = Document::new(
            text,
            &DocumentOptions {
                format: Format::Plain,
                date: None,
                today: jiff::civil::date(2025, 11, 26),
                committed: None,
            },
        );
        let findings = engine.check(&doc, &copydesk::Settings::default());
        assert!(findings.len() > 3 && findings.iter().any(|f| f.url.is_some()));
        assert!(findings.iter().any(|f| !f.fixes.is_empty()));
        let uri = Uri::from_str("file:///desk/story%20one.md").unwrap();
        let more = too_many(&doc, &findings, 3, 9, Encoding::Utf16);
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            let body = publish_body(&uri, &doc, &findings, Some(more.clone()), 12, enc);
            let mut diagnostics: Vec<Diagnostic> = findings
                .iter()
                .map(|f| diagnostic(&doc, f, 12, enc))
                .collect();
            diagnostics.push(more.clone());
            let params = lsp::PublishDiagnosticsParams::new(uri.clone(), diagnostics, Some(12));
            let want = serde_json::json!({
                "jsonrpc": "2.0",
                "method": "textDocument/publishDiagnostics",
                "params": serde_json::to_value(&params).unwrap(),
            });
            let got: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn diagnostics_carry_rule_fixes_and_version() {
        let rules = copydesk::RuleSet::builtin("ap").unwrap();
        let engine = copydesk::Engine::new(rules);
        let doc = Document::new(
            "He met “Zelenskiy” in the US.\n",
            &DocumentOptions {
                format: Format::Plain,
                date: None,
                today: jiff::civil::date(2025, 11, 26),
                committed: None,
            },
        );
        let findings = engine.check(&doc, &copydesk::Settings::default());
        let us = findings.iter().find(|f| f.rule == "ap.usage.us").unwrap();
        let d = diagnostic(&doc, us, 7, Encoding::Utf16);
        assert_eq!(
            d.range,
            // The full stop after it is taken in, so that the fix does not double it.
            lsp::Range::new(lsp::Position::new(0, 26), lsp::Position::new(0, 29))
        );
        assert_eq!(d.code, Some(NumberOrString::String("ap.usage.us".into())));
        assert_eq!(d.source.as_deref(), Some("copydesk"));
        let data = DiagnosticData::from_diagnostic(&d).unwrap();
        assert_eq!(data.version, 7);
        assert_eq!(data.found, "US.");
        assert_eq!(data.fixes[0].edits[0].new_text, "U.S.");
        assert_eq!(data.fixes[0].edits[0].range, d.range);
    }
}
