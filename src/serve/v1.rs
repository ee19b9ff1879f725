//! copydesk's own API: `/v1/check`, `/v1/fix`, `/v1/rules`, `/v1/profiles`,
//! `/v1/explain/{id-or-name}` and `/healthz`. Findings are the objects of
//! `copydesk check --format json`, with byte and UTF-16 offsets added.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use copydesk::{Document, Encoding, FixMode, Level};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Shared;
use super::desk::{Choices, Job};
use super::error::HttpError;
use crate::cli::output::json as contract;

/// The most level keys a request may give (each is compared with every rule id).
const MAX_LEVELS: usize = 200;

/// The body of `/v1/check` and `/v1/fix`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoryRequest {
    text: String,
    #[serde(default)]
    filename: Option<String>,
    #[serde(default)]
    profile: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    levels: BTreeMap<String, String>,
}

/// A byte offset's UTF-16 offset in a document: each line's start counted once, then the
/// column from the engine's line index.
pub(crate) struct Utf16<'a> {
    doc: &'a Document,
    line_starts: Vec<usize>,
}

impl<'a> Utf16<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let index = doc.line_index();
        let text = doc.text();
        let mut line_starts = Vec::with_capacity(index.line_count() as usize);
        let (mut at, mut units) = (0, 0);
        for line in 0..index.line_count() {
            let start = index.line_range(line).map_or(at, |r| r.start);
            units += copydesk::text::width(&text[at..start], Encoding::Utf16);
            line_starts.push(units);
            at = start;
        }
        Self { doc, line_starts }
    }

    pub fn at(&self, offset: usize) -> usize {
        let p = self
            .doc
            .line_index()
            .position(self.doc.text(), offset, Encoding::Utf16);
        self.line_starts.get(p.line as usize).copied().unwrap_or(0) + p.column as usize
    }
}

/// Reads a request body as JSON.
fn parse<T: serde::de::DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    limit: usize,
) -> Result<T, HttpError> {
    let body = body.map_err(|r| HttpError::body(&r, limit))?;
    serde_json::from_slice(&body).map_err(|e| {
        HttpError::bad_request(
            "bad_json",
            format!("the request body is not the JSON this endpoint takes: {e}"),
        )
    })
}

impl StoryRequest {
    fn choices(&self) -> Result<Choices, HttpError> {
        let date = match &self.date {
            None => None,
            Some(d) => Some(d.parse().map_err(|_| {
                HttpError::bad_request(
                    "bad_date",
                    format!("the request's `date`: `{d}` is not a date (YYYY-MM-DD)"),
                )
            })?),
        };
        if self.levels.len() > MAX_LEVELS {
            return Err(HttpError::bad_request(
                "bad_level",
                format!("the request's `levels`: more than {MAX_LEVELS} keys"),
            ));
        }
        let mut levels = Vec::with_capacity(self.levels.len());
        for (k, v) in &self.levels {
            let level = Level::parse(v).ok_or_else(|| {
                HttpError::bad_request(
                    "bad_level",
                    format!(
                        "the request's `levels`: `{v}` (for `{k}`) is not a level (error, warning, info, hint, off)"
                    ),
                )
            })?;
            levels.push((k.clone(), level));
        }
        Ok(Choices {
            filename: self.filename.clone(),
            profile: self.profile.clone(),
            date,
            levels,
            profile_origin: "the request's `profile`",
        })
    }
}

/// The findings of `doc` in the JSON contract, with their offsets.
fn findings(job: &Job, doc: &Document, found: &[copydesk::Finding]) -> Value {
    let u = Utf16::new(doc);
    let at = |o: usize| u.at(o);
    let date = job.story_date(doc);
    let list: Vec<_> = found
        .iter()
        .map(|f| contract::finding(&job.name, None, doc, f, Some(&at)).dated(&date))
        .collect();
    serde_json::to_value(list).unwrap_or_default()
}

pub(crate) async fn check(
    State(state): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, HttpError> {
    let req: StoryRequest = parse(body, state.max_body)?;
    let choices = req.choices()?;
    let st = state.clone();
    state
        .blocking(move || {
            let job = st.desk.job(&choices, |_| Vec::new())?;
            let doc = job.document(req.text);
            let found = job.engine.check(&doc, &job.settings);
            Ok(Json(json!({
                "date": doc.date().to_string(),
                "date_source": job.story_date(&doc).source,
                "file": job.name,
                "findings": findings(&job, &doc, &found),
                "profile": job.layered.profile,
                "warnings": job.warnings,
            })))
        })
        .await
}

#[derive(Serialize)]
struct AppliedFix<'a> {
    found: &'a str,
    pass: usize,
    replacement: &'a str,
    rule: &'a str,
}

pub(crate) async fn fix(
    State(state): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, HttpError> {
    let req: StoryRequest = parse(body, state.max_body)?;
    let choices = req.choices()?;
    let st = state.clone();
    state
        .blocking(move || {
            let job = st.desk.job(&choices, |_| Vec::new())?;
            let doc = job.document(req.text);
            let fixed = job
                .engine
                .fix(&doc, &job.opts, &job.settings, FixMode::Safe);
            let applied: Vec<AppliedFix> = fixed
                .applied
                .iter()
                .map(|a| AppliedFix {
                    found: &a.found,
                    pass: a.pass,
                    replacement: &a.replacement,
                    rule: &a.rule,
                })
                .collect();
            Ok(Json(json!({
                "applied": applied,
                "date": fixed.doc.date().to_string(),
                "date_source": job.story_date(&fixed.doc).source,
                "file": job.name,
                "findings": findings(&job, &fixed.doc, &fixed.findings),
                "fixed": fixed.applied.len(),
                "profile": job.layered.profile,
                "settled": fixed.settled,
                "text": fixed.text(),
                "warnings": job.warnings,
            })))
        })
        .await
}

/// The `profile` of a query string, if given.
fn query_profile(query: Option<String>) -> Choices {
    let profile = query.and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "profile")
            .map(|(_, v)| v.into_owned())
    });
    Choices {
        profile,
        profile_origin: "the query's `profile`",
        ..Choices::default()
    }
}

pub(crate) async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

pub(crate) async fn profiles(State(state): State<Shared>) -> Json<Value> {
    Json(json!({
        "default": state.desk.default_profile(),
        "profiles": state.desk.profiles(),
    }))
}

pub(crate) async fn rules(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, HttpError> {
    let choices = query_profile(query);
    let st = state.clone();
    state
        .blocking(move || {
            let engine = st.desk.rules(&choices)?;
            let set = engine.rules();
            let rules: Vec<Value> = set
                .rules()
                .iter()
                .map(|r| {
                    json!({
                        "category": r.category.as_str(),
                        "fix": r.fix.as_str(),
                        "id": r.id,
                        "kind": r.kind.to_string(),
                        "level": r.level.as_str(),
                        "message": r.message,
                        "source": r.source,
                        "url": r.url,
                    })
                })
                .collect();
            Ok(Json(json!({ "profile": set.profile(), "rules": rules })))
        })
        .await
}

pub(crate) async fn explain(
    State(state): State<Shared>,
    what: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, HttpError> {
    let Path(what) = what.map_err(|e| HttpError::bad_request("bad_path", e.body_text()))?;
    let choices = query_profile(query);
    let st = state.clone();
    state
        .blocking(move || {
            let engine = st.desk.rules(&choices)?;
            let set = engine.rules();
            if let Some(r) = set.rule(&what) {
                let examples: Vec<Value> = r
                    .examples
                    .iter()
                    .map(|e| json!({ "bad": e.bad, "fixed": e.fixed, "good": e.good }))
                    .collect();
                return Ok(Json(json!({
                    "profile": set.profile(),
                    "rule": {
                        "category": r.category.as_str(),
                        "examples": examples,
                        "explanation": r.explanation,
                        "fix": r.fix.as_str(),
                        "id": r.id,
                        "kind": r.kind.to_string(),
                        "level": r.level.as_str(),
                        "message": r.message,
                        "source": r.source,
                        "unverified": r.unverified,
                        "url": r.url,
                    }
                })));
            }
            let kb = set.knowledge();
            let Some(e) = crate::cli::find_entity(kb, &what) else {
                return Err(HttpError::not_found(format!(
                    "`{what}` is neither a rule of profile `{}` nor a name copydesk knows",
                    set.profile()
                )));
            };
            let offices: Vec<Value> = e
                .all_names
                .first()
                .and_then(|n| kb.entity_index(n))
                .map(|i| {
                    kb.terms_of(i)
                        .map(|t| {
                            json!({
                                "end": t.end.map(|d| d.to_string()),
                                "of": t.of,
                                "office": t.office,
                                "qualifier": t.qualifier,
                                "start": t.start.to_string(),
                                "unverified": t.unverified,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let flagged: Vec<&String> = e.other_full.iter().chain(&e.other_short).collect();
            Ok(Json(json!({
                "name": {
                    "description": e.description,
                    "flagged": flagged,
                    "kind": format!("{:?}", e.kind),
                    "later": e.short,
                    "name": e.name,
                    "offices": offices,
                },
                "profile": set.profile(),
            })))
        })
        .await
}
