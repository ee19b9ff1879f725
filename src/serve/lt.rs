//! LanguageTool's HTTP API, so that LanguageTool clients (browser extensions, editors, client
//! libraries) work when pointed at copydesk: `/v2/check` (form-encoded `text` or `data`,
//! `language`, `enabledRules`, `enabledOnly`, `disabledRules`, `enabledCategories`,
//! `disabledCategories`) and `/v2/languages`. Offsets and lengths are UTF-16 code units, as
//! LanguageTool (a Java server) counts them; errors are plain text, as LanguageTool's are.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::{Json, http::Method};
use copydesk::{Category, Document, Encoding, Finding, Level, RuleSet};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Shared;
use super::desk::Choices;
use super::error::HttpError;
use super::v1::Utf16;

/// The language of every story copydesk reads.
const LANGUAGE: &str = "en";

/// Characters of context on each side of a match, as LanguageTool gives by default.
const CONTEXT: usize = 40;

/// The request's parameters, from the query string and a form body.
#[derive(Debug, Default)]
struct Params {
    text: Option<String>,
    data: Option<String>,
    language: Option<String>,
    enabled_rules: Vec<String>,
    disabled_rules: Vec<String>,
    enabled_categories: Vec<String>,
    disabled_categories: Vec<String>,
    enabled_only: bool,
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl Params {
    fn read(&mut self, form: &[u8]) {
        for (k, v) in form_urlencoded::parse(form) {
            match &*k {
                "text" => self.text = Some(v.into_owned()),
                "data" => self.data = Some(v.into_owned()),
                "language" => self.language = Some(v.into_owned()),
                "enabledRules" => self.enabled_rules = list(&v),
                "disabledRules" => self.disabled_rules = list(&v),
                "enabledCategories" => self.enabled_categories = list(&v),
                "disabledCategories" => self.disabled_categories = list(&v),
                "enabledOnly" => self.enabled_only = v.eq_ignore_ascii_case("true"),
                _ => {}
            }
        }
    }

    /// The levels that `enabledOnly`, `enabledRules`, `disabledRules` and the categories ask
    /// for, rule by rule.
    fn levels(&self, set: &RuleSet) -> Vec<(String, Level)> {
        let in_rules = |list: &[String], id: &str| {
            list.iter()
                .any(|k| k == id || copydesk::rules::id_under(id, k))
        };
        let in_cats =
            |list: &[String], c: Category| list.iter().any(|k| k.eq_ignore_ascii_case(c.as_str()));
        let mut out = Vec::new();
        for r in set.rules() {
            let disabled = in_rules(&self.disabled_rules, &r.id)
                || in_cats(&self.disabled_categories, r.category);
            let enabled = in_rules(&self.enabled_rules, &r.id)
                || in_cats(&self.enabled_categories, r.category);
            let on = !disabled && (enabled || !self.enabled_only);
            if !on {
                out.push((r.id.to_string(), Level::Off));
            } else if enabled && r.level == Level::Off {
                out.push((r.id.to_string(), Level::Info));
            }
        }
        out
    }
}

/// The profile a language code asks for: `auto`, `en` or `en-XX` for the project's, and
/// `en-XX-x-PROFILE` (a private-use subtag, as `/v2/languages` lists them) for a house.
fn profile_of(language: &str) -> Result<Option<String>, HttpError> {
    let lower = language.to_ascii_lowercase();
    if lower == "auto" {
        return Ok(None);
    }
    let (tag, house) = match lower.find("-x-") {
        // A house name keeps the case the request gave it.
        Some(at) => (&lower[..at], Some(language[at + 3..].to_string())),
        None => (lower.as_str(), None),
    };
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    if primary != LANGUAGE {
        return Err(HttpError::bad_request(
            "language",
            format!(
                "'{language}' is not a language code copydesk knows: it reads English (en, en-US, \
                 en-US-x-PROFILE for a house; see /v2/languages)"
            ),
        ));
    }
    Ok(house)
}

pub(crate) async fn languages(State(state): State<Shared>) -> Json<Value> {
    let mut out = vec![
        json!({"name": "English", "code": LANGUAGE, "longCode": LANGUAGE}),
        json!({"name": "English (US)", "code": LANGUAGE, "longCode": "en-US"}),
        json!({"name": "English (GB)", "code": LANGUAGE, "longCode": "en-GB"}),
    ];
    for p in state.desk.profiles() {
        out.push(json!({
            "name": format!("English (US), {p} house style"),
            "code": LANGUAGE,
            "longCode": format!("en-US-x-{p}"),
        }));
    }
    Json(Value::Array(out))
}

/// LanguageTool's `data`: text and markup, the markup read as its `interpretAs`.
#[derive(Deserialize)]
struct Data {
    annotation: Vec<Annotation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Annotation {
    text: Option<String>,
    markup: Option<String>,
    interpret_as: Option<String>,
}

/// A piece of the checked text and where it stands in what the client sent.
struct Piece {
    /// Bytes of the checked text.
    start: usize,
    end: usize,
    /// UTF-16 offsets in the client's document.
    orig_start: usize,
    orig_end: usize,
    /// Text (mapped one to one) or markup (its interpretation maps to the whole markup).
    text: bool,
}

/// The text to check, and how its offsets map back to the client's (`None`: one to one).
fn story(p: &Params) -> Result<(String, Option<Vec<Piece>>), HttpError> {
    match (&p.text, &p.data) {
        (Some(t), _) => Ok((t.clone(), None)),
        (None, Some(d)) => {
            let data: Data = serde_json::from_str(d).map_err(|e| {
                HttpError::bad_request(
                    "bad_data",
                    format!("the 'data' parameter is not valid: {e}"),
                )
            })?;
            let mut text = String::new();
            let mut pieces = Vec::new();
            let mut orig = 0;
            for a in data.annotation {
                let (checked, sent, is_text) = match (a.text, a.markup) {
                    (Some(t), None) => (t.clone(), t, true),
                    (None, Some(m)) => (a.interpret_as.unwrap_or_default(), m, false),
                    _ => {
                        return Err(HttpError::bad_request(
                            "bad_data",
                            "each annotation of 'data' has either 'text' or 'markup'",
                        ));
                    }
                };
                let start = text.len();
                text.push_str(&checked);
                let len = copydesk::text::width(&sent, Encoding::Utf16);
                pieces.push(Piece {
                    start,
                    end: text.len(),
                    orig_start: orig,
                    orig_end: orig + len,
                    text: is_text,
                });
                orig += len;
            }
            Ok((text, Some(pieces)))
        }
        (None, None) => Err(HttpError::bad_request(
            "missing",
            "missing 'text' or 'data' parameter",
        )),
    }
}

/// A byte offset of the checked text as a UTF-16 offset of the client's document.
fn orig(pieces: &[Piece], text: &str, offset: usize, end: bool) -> usize {
    // A start belongs to the piece it begins, an end to the piece it closes.
    let i = if end {
        pieces.partition_point(|p| p.end < offset)
    } else {
        pieces.partition_point(|p| p.end <= offset)
    };
    let Some(p) = pieces.get(i).or(pieces.last()) else {
        return 0;
    };
    if p.text {
        p.orig_start
            + copydesk::text::width(
                &text[p.start..offset.clamp(p.start, p.end)],
                Encoding::Utf16,
            )
    } else if end && offset > p.start {
        p.orig_end
    } else {
        p.orig_start
    }
}

fn category_name(c: Category) -> &'static str {
    match c {
        Category::Title => "Titles",
        Category::Name => "Names",
        Category::Dateline => "Datelines",
        Category::Date => "Dates",
        Category::Number => "Numbers",
        Category::Usage => "Usage",
        Category::Punctuation => "Punctuation",
        Category::Reference => "References",
        Category::Directive => "copydesk directives",
    }
}

/// LanguageTool's issue type, which clients colour by.
fn issue_type(c: Category) -> &'static str {
    match c {
        Category::Name => "misspelling",
        Category::Punctuation => "typographical",
        Category::Directive => "other",
        _ => "style",
    }
}

/// The most a sentence reaches either side of a match: a paragraph with no full stop is not
/// read to its ends for each of its matches.
const SENTENCE: usize = 400;

/// The sentence around a range: from the end of the sentence before, within its paragraph, to
/// the next sentence end.
fn sentence(doc: &Document, range: &std::ops::Range<usize>) -> String {
    let text = doc.text();
    let mut para = doc.paragraph_of(range.start).unwrap_or(0..text.len());
    para.start = para.start.max(range.start.saturating_sub(SENTENCE));
    para.end = para.end.min(range.end + SENTENCE).max(range.end);
    let ends = |i: usize| {
        let b = text.as_bytes();
        matches!(b[i], b'.' | b'!' | b'?') && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
    };
    let mut start = range.start.max(para.start);
    while start > para.start && !ends(start - 1) {
        start -= 1;
    }
    let mut end = range.end.min(para.end);
    while end < para.end && !ends(end) {
        end += 1;
    }
    if end < para.end {
        end += 1;
    }
    let start = copydesk::text::floor_char_boundary(text, start);
    let end = copydesk::text::floor_char_boundary(text, end);
    text[start..end.max(start)].trim().to_string()
}

/// Up to [`CONTEXT`] characters each side of a range, and the range's place in it.
fn context(text: &str, range: &std::ops::Range<usize>) -> Value {
    let before: usize = text[..range.start]
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let after = text[range.end..]
        .char_indices()
        .nth(CONTEXT)
        .map_or(text.len(), |(i, _)| range.end + i);
    json!({
        "text": &text[before..after],
        "offset": copydesk::text::width(&text[before..range.start], Encoding::Utf16),
        "length": copydesk::text::width(&text[range.clone()], Encoding::Utf16),
    })
}

fn description(message: &str) -> String {
    message
        .replace("{found}", "…")
        .replace("{replacement}", "…")
}

fn a_match(
    doc: &Document,
    set: &RuleSet,
    f: &Finding,
    offsets: &dyn Fn(usize, bool) -> usize,
) -> Value {
    let text = doc.text();
    let (offset, end) = (offsets(f.range.start, false), offsets(f.range.end, true));
    let rule = set.rule(&f.rule);
    let replacements: Vec<Value> = f
        .replacement(text)
        .into_iter()
        .map(|v| json!({ "value": v }))
        .collect();
    let urls: Vec<Value> = f.url.iter().map(|u| json!({ "value": u })).collect();
    json!({
        "message": f.message,
        "shortMessage": category_name(f.category),
        "replacements": replacements,
        "offset": offset,
        "length": end.saturating_sub(offset),
        "context": context(text, &f.range),
        "sentence": sentence(doc, &f.range),
        "type": { "typeName": "Other" },
        "rule": {
            "id": f.rule,
            "description": rule.map(|r| description(&r.message)).unwrap_or_default(),
            "issueType": issue_type(f.category),
            "category": {
                "id": f.category.as_str().to_ascii_uppercase(),
                "name": category_name(f.category),
            },
            "urls": urls,
        },
        "ignoreForIncompleteSentence": false,
        "contextForSureMatch": 0,
    })
}

pub(crate) async fn check(
    State(state): State<Shared>,
    method: Method,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match answer(state, method, query, body).await {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.plain(),
    }
}

async fn answer(
    state: Shared,
    method: Method,
    query: Option<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Value, HttpError> {
    let mut p = Params::default();
    if let Some(q) = &query {
        p.read(q.as_bytes());
    }
    if method == Method::POST {
        let body = body.map_err(|r| HttpError::body(&r, state.max_body))?;
        p.read(&body);
    }
    let Some(language) = p.language.clone() else {
        return Err(HttpError::bad_request(
            "missing",
            "missing 'language' parameter",
        ));
    };
    let profile = profile_of(&language)?;
    if p.enabled_only && p.enabled_rules.is_empty() && p.enabled_categories.is_empty() {
        return Err(HttpError::bad_request(
            "enabled_only",
            "'enabledOnly' needs 'enabledRules' or 'enabledCategories'",
        ));
    }
    let (text, pieces) = story(&p)?;
    let choices = Choices {
        profile,
        profile_origin: "the language's house (`-x-PROFILE`)",
        ..Choices::default()
    };
    let st = state.clone();
    state
        .blocking(move || {
            let job = st.desk.job(&choices, |set| p.levels(set))?;
            let doc = job.document(text);
            let found = job.engine.check(&doc, &job.settings);
            let u = Utf16::new(&doc);
            let offsets = |o: usize, end: bool| match &pieces {
                None => u.at(o),
                Some(pieces) => orig(pieces, doc.text(), o, end),
            };
            let matches: Vec<Value> = found
                .iter()
                .map(|f| a_match(&doc, job.engine.rules(), f, &offsets))
                .collect();
            let lower = language.to_ascii_lowercase();
            let name = if lower.starts_with("en-us") {
                "English (US)"
            } else if lower.starts_with("en-gb") {
                "English (GB)"
            } else {
                "English"
            };
            Ok(json!({
                "software": {
                    "name": "copydesk",
                    "version": env!("CARGO_PKG_VERSION"),
                    "buildDate": "",
                    "apiVersion": 1,
                    "premium": false,
                    "status": "",
                },
                "warnings": { "incompleteResults": false },
                "language": {
                    "name": name,
                    "code": language,
                    "detectedLanguage": { "name": "English", "code": LANGUAGE, "confidence": 1.0 },
                },
                "matches": matches,
            }))
        })
        .await
}
