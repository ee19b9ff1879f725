//! Conversions at the protocol's edge: byte ranges to LSP positions in the negotiated
//! encoding (always through the engine's `LineIndex`), findings to diagnostics.

use std::ops::Range;
use std::str::FromStr;

use copydesk::text::Columns;
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
        data: serde_json::to_value(wire_data(doc, f, version, enc, None)).ok(),
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

/// What a finding's diagnostic carries in `data` ([`DiagnosticData`] as written).
///
/// `ranges`, when given, are the finding's range and its edits' in the client's counting, in
/// the order [`ranges_of`] gives them.
fn wire_data<'a>(
    doc: &'a Document,
    f: &'a Finding,
    version: i32,
    enc: Encoding,
    ranges: Option<&[lsp::Range]>,
) -> WireData<'a> {
    let (text, index) = (doc.text(), doc.line_index());
    let mut counted = ranges.map(|r| r.iter().skip(1));
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
                        range: counted
                            .as_mut()
                            .and_then(Iterator::next)
                            .copied()
                            .unwrap_or_else(|| range(text, index, &e.range, enc)),
                        new_text: &e.replacement,
                    })
                    .collect(),
            })
            .collect(),
    }
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
/// the check's own work on the story. With `written` (what the document's last publish wrote),
/// a finding unchanged since then (the same rule, message and fixes at the same line and column)
/// is copied from there, its version put in.
pub fn publish_body(
    uri: &Uri,
    doc: &Document,
    findings: &[Finding],
    more: Option<Diagnostic>,
    version: i32,
    enc: Encoding,
    written: Option<&mut Written>,
) -> Vec<u8> {
    let (text, index) = (doc.text(), doc.line_index());
    // Each rule's link, read once (many findings share a rule).
    let mut links: copydesk::text::FxHashMap<&str, Option<Uri>> = Default::default();
    for f in findings {
        if let Some(u) = f.url.as_deref() {
            links.entry(u).or_insert_with(|| Uri::from_str(u).ok());
        }
    }
    let mut written = written;
    // As long as the last push, which most often it nearly is.
    let last = written.as_deref().map_or(0, |w| w.last_len);
    let mut out = Vec::with_capacity((128 + findings.len() * 512).max(last + last / 16));
    out.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    let _ = serde_json::to_writer(&mut out, uri);
    out.extend_from_slice(br#","diagnostics":["#);
    let version_text = version.to_string();
    let version_text = version_text.as_bytes();
    match written.as_deref_mut() {
        Some(written) => {
            let mut before: Vec<Option<Kept>> = std::mem::take(&mut written.kept)
                .into_iter()
                .map(Some)
                .collect();
            let mut next = Vec::with_capacity(findings.len());
            let mut j = 0;
            written.copied = 0;
            // Findings come in text order: each column is counted on from the one before.
            let mut cols = Columns::new(index, text, enc);
            for (i, f) in findings.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let ranges = ranges_of(&mut cols, f);
                let found = text.get(f.range.clone()).unwrap_or_default();
                // The findings keep their order: an unchanged one is among the next few.
                let hit = (j..(j + 8).min(before.len())).find(|&k| {
                    before[k]
                        .as_ref()
                        .is_some_and(|b| b.same(f, found, &ranges))
                });
                let kept = match hit.and_then(|k| {
                    j = k + 1;
                    before[k].take()
                }) {
                    Some(kept) => {
                        written.copied += 1;
                        kept
                    }
                    None => {
                        let w = wire_of(doc, &links, f, PLACEHOLDER, enc, Some(&ranges));
                        let bytes = serde_json::to_vec(&w).unwrap_or_default();
                        Kept::new(f, found, ranges, bytes)
                    }
                };
                out.extend_from_slice(&kept.before);
                out.extend_from_slice(version_text);
                out.extend_from_slice(&kept.after);
                next.push(kept);
            }
            written.kept = next;
        }
        None => {
            for (i, f) in findings.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let w = wire_of(doc, &links, f, version, enc, None);
                let _ = serde_json::to_writer(&mut out, &w);
            }
        }
    }
    if let Some(more) = more {
        if !findings.is_empty() {
            out.push(b',');
        }
        let _ = serde_json::to_writer(&mut out, &more);
    }
    out.extend_from_slice(br#"],"version":"#);
    out.extend_from_slice(version_text);
    out.extend_from_slice(b"}}");
    if let Some(w) = written {
        w.last_len = out.len();
    }
    out
}

fn wire_of<'a>(
    doc: &'a Document,
    links: &'a copydesk::text::FxHashMap<&str, Option<Uri>>,
    f: &'a Finding,
    version: i32,
    enc: Encoding,
    ranges: Option<&[lsp::Range]>,
) -> WireDiagnostic<'a> {
    WireDiagnostic {
        range: ranges
            .and_then(|r| r.first().copied())
            .unwrap_or_else(|| range(doc.text(), doc.line_index(), &f.range, enc)),
        severity: severity(f.severity),
        code: f.rule.as_str(),
        code_description: f
            .url
            .as_deref()
            .and_then(|u| links.get(u)?.as_ref())
            .map(|href| WireHref { href }),
        source: SOURCE,
        message: &f.message,
        data: wire_data(doc, f, version, enc, ranges),
    }
}

/// The version a kept diagnostic is written with, to be found and replaced.
const PLACEHOLDER: i32 = i32::MIN;

/// What a document's last publish wrote, finding by finding, for the next to copy.
#[derive(Default)]
pub struct Written {
    kept: Vec<Kept>,
    /// How many diagnostics the last publish copied.
    copied: usize,
    /// The length of the last publish's body.
    last_len: usize,
}

/// One finding as written: what it was, where (its range and its edits', as the client
/// counts), and its diagnostic's bytes before and after the document version.
struct Kept {
    finding: Finding,
    found: Box<str>,
    ranges: Vec<lsp::Range>,
    before: Box<[u8]>,
    after: Box<[u8]>,
}

fn ranges_of(cols: &mut Columns, f: &Finding) -> Vec<lsp::Range> {
    let mut at = |r: &Range<usize>| {
        let (s, e) = (cols.position(r.start), cols.position(r.end));
        lsp::Range::new(
            lsp::Position::new(s.line, s.column),
            lsp::Position::new(e.line, e.column),
        )
    };
    let own = at(&f.range);
    let mut out = Vec::with_capacity(1 + f.fixes.iter().map(|x| x.edits.len()).sum::<usize>());
    out.push(own);
    // Most fixes edit exactly the finding's words: their range is the one just counted.
    for e in f.fixes.iter().flat_map(|x| &x.edits) {
        out.push(if e.range == f.range {
            own
        } else {
            at(&e.range)
        });
    }
    out
}

impl Kept {
    /// `bytes`: the finding's diagnostic as written with the version [`PLACEHOLDER`].
    fn new(f: &Finding, found: &str, ranges: Vec<lsp::Range>, bytes: Vec<u8>) -> Kept {
        let mark = format!(r#""version":{PLACEHOLDER}"#);
        // The data comes last, and its version first.
        let at = bytes
            .windows(mark.len())
            .rposition(|w| w == mark.as_bytes())
            .map_or(bytes.len(), |p| {
                p + mark.len() - PLACEHOLDER.to_string().len()
            });
        let tail = (at + PLACEHOLDER.to_string().len()).min(bytes.len());
        Kept {
            finding: f.clone(),
            found: found.into(),
            ranges,
            before: bytes[..at].into(),
            after: bytes[tail..].into(),
        }
    }

    /// Whether `f` (covering `found`, at `ranges`) writes as this one did.
    fn same(&self, f: &Finding, found: &str, ranges: &[lsp::Range]) -> bool {
        let k = &self.finding;
        *self.ranges == *ranges
            && *self.found == *found
            && k.rule == f.rule
            && k.severity == f.severity
            && k.category == f.category
            && k.message == f.message
            && k.url == f.url
            && k.fixes.len() == f.fixes.len()
            && k.fixes.iter().zip(&f.fixes).all(|(a, b)| {
                a.title == b.title
                    && a.safety == b.safety
                    && a.edits.len() == b.edits.len()
                    && a.edits
                        .iter()
                        .zip(&b.edits)
                        .all(|(x, y)| x.replacement == y.replacement)
            })
    }
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
            let body = publish_body(&uri, &doc, &findings, Some(more.clone()), 12, enc, None);
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
    fn a_publish_copies_what_is_unchanged_and_writes_what_the_library_would() {
        let rules = copydesk::RuleSet::builtin("ap").unwrap();
        let engine = copydesk::Engine::new(rules);
        let opts = DocumentOptions {
            format: Format::Plain,
            date: None,
            today: jiff::civil::date(2025, 11, 26),
            committed: None,
        };
        let uri = Uri::from_str("file:///desk/story.txt").unwrap();
        let story = "Gov. Newsom met “Zelenskiy” in the US 👍 on Nov. 3.\nHe had ten dollars and 5 cars.\nThe US team won 20 percent.\n";
        let mut written = Written::default();
        let json = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).unwrap();
        for (n, text) in [
            story.to_string(),
            story.to_string(),
            story.replace("ten dollars", "ten dollars, the US said,"),
        ]
        .iter()
        .enumerate()
        {
            let doc = Document::new(text.as_str(), &opts);
            let findings = engine.check(&doc, &copydesk::Settings::default());
            assert!(findings.len() > 4);
            let version = 7 + n as i32;
            let enc = Encoding::Utf16;
            let got = publish_body(
                &uri,
                &doc,
                &findings,
                None,
                version,
                enc,
                Some(&mut written),
            );
            let want = publish_body(&uri, &doc, &findings, None, version, enc, None);
            assert_eq!(json(&got), json(&want), "publish {n}");
            match n {
                0 => assert_eq!(written.copied, 0),
                1 => assert_eq!(written.copied, findings.len()),
                // The edited line's findings are written again; the others are copied.
                _ => assert!(written.copied > 0 && written.copied < findings.len()),
            }
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
