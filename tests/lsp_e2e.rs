//! End-to-end tests of `copydesk lsp`: the real binary, JSON-RPC over its standard input and
//! output. Exact diagnostics are pinned for rules that exist on every branch
//! (`ap.names.spelling`, `ap.usage.us`, `ap.usage.attribution`), filtered by rule id, so the
//! tests stay true as more rules land.

mod lsp_support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use lsp_support::{Client, Enc, apply_edits, capabilities, edits_for, path_uri, slice, spans};
use serde_json::{Value, json};

const SEED_RULES: [&str; 3] = ["ap.names.spelling", "ap.usage.us", "ap.usage.attribution"];

fn seed_text() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seed/washington-peace-talks-2025-11-26.txt");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The seed story's expected findings of `SEED_RULES`: rule, start and end (line, column),
/// 0-based, in UTF-16 and in UTF-8 columns. Line 6 has curly quotes before its last two
/// findings: one UTF-16 unit, three bytes each.
fn seed_expected(enc: Enc) -> Vec<(String, u64, u64, u64, u64)> {
    let rows: [(&str, u64, u64, u64, u64, u64); 13] = [
        // rule, line, utf-16 start, utf-16 end, utf-8 start, utf-8 end
        ("ap.usage.us", 1, 27, 29, 27, 29),
        ("ap.names.spelling", 1, 205, 214, 205, 214),
        ("ap.usage.us", 4, 4, 6, 4, 6),
        ("ap.names.spelling", 5, 20, 29, 20, 29),
        ("ap.usage.attribution", 5, 30, 40, 30, 40),
        ("ap.usage.us", 5, 67, 69, 67, 69),
        ("ap.usage.us", 6, 190, 192, 190, 192),
        ("ap.names.spelling", 6, 279, 288, 283, 292),
        ("ap.usage.us", 6, 302, 304, 306, 308),
        ("ap.names.spelling", 7, 110, 119, 110, 119),
        ("ap.usage.us", 7, 147, 149, 147, 149),
        ("ap.names.spelling", 7, 240, 246, 240, 246),
        ("ap.usage.us", 7, 281, 283, 281, 283),
    ];
    let mut v: Vec<_> = rows
        .iter()
        .map(|&(r, l, s16, e16, s8, e8)| match enc {
            Enc::Utf16 => (r.to_string(), l, s16, l, e16),
            Enc::Utf8 => (r.to_string(), l, s8, l, e8),
        })
        .collect();
    v.sort();
    v
}

fn settings() -> Value {
    json!({"copydesk": {"profile": "ap", "date": "2025-11-26"}})
}

/// A server with the seed story open in a fresh folder; returns the client, the story's URI
/// and text, and the folder.
fn open_seed(enc: Enc, extra_caps: Value) -> (Client, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("washington-peace-talks-2025-11-26.txt");
    let text = seed_text();
    std::fs::write(&path, &text).unwrap();
    let mut c = Client::spawn();
    c.initialize(capabilities(enc, extra_caps), settings(), Some(dir.path()));
    let uri = path_uri(&path);
    c.open(&uri, "plaintext", 1, &text);
    (c, uri, text, dir)
}

#[test]
fn initialize_negotiates_the_position_encoding() {
    let mut c = Client::spawn();
    let r = c.initialize(json!({}), Value::Null, None);
    let caps = &r["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.copydesk"])
    );
    assert_eq!(
        caps["executeCommandProvider"]["commands"],
        json!(["copydesk.addToDictionary"])
    );
    // Diagnostics are pushed to a client that cannot be asked to pull again.
    assert_eq!(caps.get("diagnosticProvider"), None);
    assert_eq!(r["serverInfo"]["name"], "copydesk");
    assert!(c.shutdown().success());

    let mut c = Client::spawn();
    let r = c.initialize(
        json!({"textDocument": {"diagnostic": {}}}),
        Value::Null,
        None,
    );
    assert_eq!(r["capabilities"].get("diagnosticProvider"), None);
    assert!(c.shutdown().success());
    let mut c = Client::spawn();
    let r = c.initialize(pull_caps(), Value::Null, None);
    assert_eq!(
        r["capabilities"]["diagnosticProvider"],
        json!({"identifier": "copydesk", "interFileDependencies": false, "workspaceDiagnostics": false})
    );
    assert!(c.shutdown().success());

    let mut c = Client::spawn();
    let r = c.initialize(capabilities(Enc::Utf8, json!({})), Value::Null, None);
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    assert!(c.shutdown().success());
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let mut c = Client::spawn();
    c.initialize(json!({}), Value::Null, None);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(1));
}

#[test]
fn seed_story_diagnostics_in_utf16() {
    let (mut c, uri, text, _dir) = open_seed(Enc::Utf16, json!({}));
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(spans(&diags, &SEED_RULES), seed_expected(Enc::Utf16));
    for d in diags
        .iter()
        .filter(|d| SEED_RULES.iter().any(|r| d["code"] == *r))
    {
        assert_eq!(d["source"], "copydesk");
        assert_eq!(d["data"]["version"], 1);
        assert_eq!(d["data"]["rule"], d["code"]);
        assert_eq!(
            d["data"]["found"].as_str().unwrap(),
            slice(&text, &d["range"], Enc::Utf16)
        );
        let href = d["codeDescription"]["href"].as_str().unwrap();
        assert!(href.ends_with(d["code"].as_str().unwrap()), "{href}");
    }
    let zelenskiy = diags
        .iter()
        .find(|d| d["code"] == "ap.names.spelling" && d["range"]["start"]["line"] == 6)
        .unwrap();
    assert_eq!(zelenskiy["severity"], 2);
    assert_eq!(
        zelenskiy["message"],
        "AP spells this name “Zelenskyy”, not “Zelenskiy”."
    );
    assert_eq!(zelenskiy["data"]["fixes"][0]["safety"], "safe");
    assert_eq!(
        zelenskiy["data"]["fixes"][0]["edits"][0]["newText"],
        "Zelenskyy"
    );
    assert_eq!(
        zelenskiy["data"]["fixes"][0]["edits"][0]["range"],
        zelenskiy["range"]
    );
    let sergei = diags
        .iter()
        .find(|d| {
            d["code"] == "ap.names.spelling"
                && d["range"]["start"]["line"] == 7
                && d["range"]["start"]["character"] == 240
        })
        .unwrap();
    assert_eq!(sergei["severity"], 3, "info");
    let maintained = diags
        .iter()
        .find(|d| d["code"] == "ap.usage.attribution")
        .unwrap();
    assert_eq!(maintained["data"]["fixes"][0]["safety"], "review");
    assert!(c.shutdown().success());
}

#[test]
fn seed_story_diagnostics_in_utf8() {
    let (mut c, uri, text, _dir) = open_seed(Enc::Utf8, json!({}));
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(spans(&diags, &SEED_RULES), seed_expected(Enc::Utf8));
    for d in &diags {
        assert_eq!(
            d["data"]["found"].as_str().unwrap(),
            slice(&text, &d["range"], Enc::Utf8)
        );
    }
    assert!(c.shutdown().success());
}

/// One `didChange` carrying four changes, each placed against the text the previous ones
/// left: a flag emoji (two surrogate pairs) at a line start, an insert after another emoji,
/// a new CRLF line, a deletion.
fn incremental_batch(enc: Enc, expected: &[(&str, u64, u64, u64, u64)]) {
    let dir = tempfile::tempdir().unwrap();
    let uri = path_uri(&dir.path().join("story.txt"));
    let mut text =
        "Talks resumed.\r\nThe US team met Zelenskiy 👍 in Kyiv.\r\nNo comment.\r\n".to_string();
    let mut c = Client::spawn();
    c.initialize(capabilities(enc, json!({})), settings(), Some(dir.path()));
    c.open(&uri, "plaintext", 1, &text);
    let first = c.diagnostics(&uri, 1);
    assert_eq!(
        spans(&first, &["ap.usage.us", "ap.names.spelling"]).len(),
        2,
        "{first:?}"
    );

    let mut changes = Vec::new();
    let mut change = |text: &mut String, start: usize, end: usize, new: &str| {
        let range = lsp_support::range_json(text, start..end, enc);
        changes.push(json!({"range": range, "text": new}));
        text.replace_range(start..end, new);
    };
    let line1 = text.find("The US").unwrap();
    change(&mut text, line1, line1, "🇺🇦 ");
    let after_thumb = text.find('👍').unwrap() + '👍'.len_utf8();
    change(&mut text, after_thumb, after_thumb, " and the US");
    let line2 = text.find("No comment").unwrap();
    change(
        &mut text,
        line2,
        line2,
        "Zelenskiy said the US would help.\r\n",
    );
    let team = text.find("team ").unwrap();
    change(&mut text, team, team + "team ".len(), "");
    assert_eq!(
        text,
        "Talks resumed.\r\n🇺🇦 The US met Zelenskiy 👍 and the US in Kyiv.\r\nZelenskiy said the US would help.\r\nNo comment.\r\n"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}),
    );
    let diags = c.diagnostics(&uri, 2);
    let want: Vec<_> = expected
        .iter()
        .map(|&(r, sl, sc, el, ec)| (r.to_string(), sl, sc, el, ec))
        .collect();
    assert_eq!(spans(&diags, &["ap.usage.us", "ap.names.spelling"]), want);
    for d in &diags {
        assert_eq!(
            d["data"]["found"].as_str().unwrap(),
            slice(&text, &d["range"], enc)
        );
    }
    assert!(c.shutdown().success());
}

#[test]
fn incremental_changes_in_one_notification_utf16() {
    incremental_batch(
        Enc::Utf16,
        &[
            ("ap.names.spelling", 1, 16, 1, 25),
            ("ap.names.spelling", 2, 0, 2, 9),
            ("ap.usage.us", 1, 9, 1, 11),
            ("ap.usage.us", 1, 37, 1, 39),
            ("ap.usage.us", 2, 19, 2, 21),
        ],
    );
}

#[test]
fn incremental_changes_in_one_notification_utf8() {
    incremental_batch(
        Enc::Utf8,
        &[
            ("ap.names.spelling", 1, 20, 1, 29),
            ("ap.names.spelling", 2, 0, 2, 9),
            ("ap.usage.us", 1, 13, 1, 15),
            ("ap.usage.us", 1, 43, 1, 45),
            ("ap.usage.us", 2, 19, 2, 21),
        ],
    );
}

#[test]
fn a_burst_of_edits_ends_in_the_newest_version() {
    let dir = tempfile::tempdir().unwrap();
    let uri = path_uri(&dir.path().join("burst.txt"));
    let mut text = "Talks resumed.\nStart.".to_string();
    let mut c = Client::spawn();
    c.initialize(
        capabilities(Enc::Utf16, json!({})),
        settings(),
        Some(dir.path()),
    );
    c.open(&uri, "plaintext", 1, &text);
    let typed = " The US said so.".repeat(20);
    let mut version = 1;
    for ch in typed.chars() {
        version += 1;
        let end = text.len();
        let range = lsp_support::range_json(&text, end..end, Enc::Utf16);
        text.push(ch);
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": range, "text": ch.to_string()}]}),
        );
    }
    let diags = c.diagnostics(&uri, version);
    let us = spans(&diags, &["ap.usage.us"]);
    assert_eq!(us.len(), 20);
    assert_eq!(us[0], ("ap.usage.us".to_string(), 1, 11, 1, 13));
    assert_eq!(
        us[19],
        ("ap.usage.us".to_string(), 1, 11 + 19 * 16, 1, 13 + 19 * 16)
    );
    // Published versions never go backwards.
    let later = c.drain_for(Duration::from_millis(300));
    for n in later
        .iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics")
    {
        assert_eq!(n["params"]["version"], version);
    }
    assert!(c.shutdown().success());
}

#[test]
fn quick_fix_ignore_and_dictionary_actions() {
    let (mut c, uri, mut text, dir) = open_seed(Enc::Utf16, json!({}));
    let diags = c.diagnostics(&uri, 1);
    let target = diags
        .iter()
        .find(|d| d["code"] == "ap.names.spelling" && d["range"]["start"]["line"] == 6)
        .unwrap()
        .clone();
    let actions = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": target["range"],
               "context": {"diagnostics": [target]}}),
    );
    let titles: Vec<(&str, &str)> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["kind"].as_str().unwrap(), a["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        titles[..3],
        [
            ("quickfix", "Replace with “Zelenskyy”"),
            ("quickfix", "Ignore ap.names.spelling on this line"),
            ("quickfix", "Add 'Zelenskiy' to the house dictionary"),
        ]
    );
    // Fix all comes last, with every safe fix of the story.
    assert!(
        titles[3..]
            .iter()
            .all(|(k, _)| *k == "source.fixAll.copydesk"),
        "{titles:?}"
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(
        fix["edit"]["documentChanges"][0]["textDocument"]["version"],
        1
    );

    // The quick fix, applied, corrects exactly that occurrence.
    let fixed = apply_edits(&text, &edits_for(&fix["edit"], &uri), Enc::Utf16);
    let third = text.match_indices("Zelenskiy").nth(2).unwrap().0;
    let mut want = text.clone();
    want.replace_range(third..third + "Zelenskiy".len(), "Zelenskyy");
    assert_eq!(fixed, want);
    let edits = edits_for(&fix["edit"], &uri);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": edits[0]["range"], "text": edits[0]["newText"]}]}),
    );
    text = fixed;
    let diags = c.diagnostics(&uri, 2);
    let mut want = seed_expected(Enc::Utf16);
    want.retain(|s| !(s.0 == "ap.names.spelling" && s.1 == 6));
    assert_eq!(spans(&diags, &SEED_RULES), want);

    // A diagnostic of version 1 gets no edit now.
    let stale = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": target["range"],
               "context": {"diagnostics": [target], "only": ["quickfix"]}}),
    );
    assert_eq!(stale, json!([]));

    // "Ignore this rule on this line" puts the plain-text suppression line above.
    let us = diags
        .iter()
        .find(|d| d["code"] == "ap.usage.us" && d["range"]["start"]["line"] == 6)
        .unwrap()
        .clone();
    let actions = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": us["range"], "context": {"diagnostics": [us]}}),
    );
    let ignore = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Ignore ap.usage.us on this line")
        .unwrap();
    let edits = edits_for(&ignore["edit"], &uri);
    assert_eq!(
        edits,
        vec![
            json!({"range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 0}},
                    "newText": "copydesk-disable-next-line ap.usage.us\n"})
        ]
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
            {"range": edits[0]["range"], "text": edits[0]["newText"]}]}),
    );
    text = apply_edits(&text, &edits, Enc::Utf16);
    let diags = c.diagnostics(&uri, 3);
    let on_7: Vec<_> = spans(&diags, &SEED_RULES)
        .into_iter()
        .filter(|s| s.1 == 7)
        .collect();
    assert_eq!(
        on_7,
        vec![],
        "line 7 (the old line 6) has no findings of these rules left"
    );
    assert!(text.contains("copydesk-disable-next-line ap.usage.us\nThe peace blueprint"));

    // "Add to the house dictionary": the server asks the editor to create the word list.
    let z = diags
        .iter()
        .find(|d| d["code"] == "ap.names.spelling" && d["data"]["found"] == "Zelenskiy")
        .unwrap()
        .clone();
    let actions = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": z["range"], "context": {"diagnostics": [z]}}),
    );
    let add = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Add 'Zelenskiy' to the house dictionary")
        .unwrap()
        .clone();
    let r = c.call(
        "workspace/executeCommand",
        json!({"command": add["command"]["command"], "arguments": add["command"]["arguments"]}),
    );
    assert_eq!(r, Value::Null);
    // The word is accepted once the editor has applied the edit (it saves the file when it
    // likes); the edit is sent from a task of its own, after the command has answered.
    let diags = c.diagnostics_where(&uri, |d| {
        !d.iter().any(|d| d["data"]["found"] == "Zelenskiy")
    });
    let apply = c
        .server_requests
        .iter()
        .find(|m| m["method"] == "workspace/applyEdit")
        .expect("a workspace/applyEdit")
        .clone();
    let words_uri = path_uri(&dir.path().join("copydesk-words.txt"));
    assert_eq!(
        apply["params"]["edit"]["documentChanges"],
        json!([
            {"kind": "create", "uri": words_uri, "options": {"overwrite": false, "ignoreIfExists": true}},
            {"textDocument": {"uri": words_uri, "version": null}, "edits": [
                {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                 "newText": "Zelenskiy\n"}]}
        ])
    );
    assert!(diags.iter().any(|d| d["data"]["found"] == "Sergei"));
    assert!(c.shutdown().success());
}

#[test]
fn fix_all_applies_safe_fixes_outside_quotations() {
    let dir = tempfile::tempdir().unwrap();
    let uri = path_uri(&dir.path().join("fixall.txt"));
    let text = "Talks resumed.\nThe US team met Zelenskiy in Kyiv.\nHe maintained that “the US is ready.”\n";
    let mut c = Client::spawn();
    c.initialize(
        capabilities(Enc::Utf16, json!({})),
        settings(),
        Some(dir.path()),
    );
    c.open(&uri, "plaintext", 1, text);
    c.diagnostics(&uri, 1);
    let actions = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.copydesk");
    let fixed = apply_edits(text, &edits_for(&actions[0]["edit"], &uri), Enc::Utf16);
    assert_eq!(
        fixed,
        "Talks resumed.\nThe U.S. team met Zelenskyy in Kyiv.\nHe maintained that “the US is ready.”\n"
    );
    assert!(c.shutdown().success());
}

#[test]
fn hover_explains_findings_and_names() {
    let (mut c, uri, text, _dir) = open_seed(Enc::Utf16, json!({}));
    c.diagnostics(&uri, 1);
    let h = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 208}}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert_eq!(h["contents"]["kind"], "markdown");
    assert!(
        md.contains("AP spells this name “Zelenskyy”, not “Zelenskiy”."),
        "{md}"
    );
    assert!(md.contains("`ap.names.spelling`"), "{md}");
    assert!(md.contains("*Source:*"), "{md}");
    assert!(md.contains("*Example:*"), "{md}");
    assert!(md.contains("**Volodymyr Zelenskyy** (person)"), "{md}");
    assert!(
        md.contains("On 2025-11-26, the story's date: President of Ukraine (since 2019-05-20)."),
        "{md}"
    );
    // The finding and the name it is part of.
    assert_eq!(slice(&text, &h["range"], Enc::Utf16), "Volodymyr Zelenskiy");

    let line1 = text.lines().nth(1).unwrap();
    let putin = line1.find("Putin").unwrap() as u64;
    let h = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": putin + 2}}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**Vladimir Putin** (person)"), "{md}");
    assert!(
        md.contains("On 2025-11-26, the story's date: President of Russia"),
        "{md}"
    );
    assert_eq!(slice(&text, &h["range"], Enc::Utf16), "Vladimir Putin");

    // Nothing to say, a position past the end, a document that is not open.
    let none = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(none, Value::Null);
    let past = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 999, "character": 3}}),
    );
    assert_eq!(past, Value::Null);
    let unknown = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere/x.txt"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(unknown, Value::Null);
    assert!(c.shutdown().success());
}

/// A client that pulls diagnostics and can be asked to pull again.
fn pull_caps() -> Value {
    json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": true}}})
}

#[test]
fn pull_diagnostics() {
    let (mut c, uri, _text, _dir) = open_seed(Enc::Utf16, pull_caps());
    let r = c.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(r["kind"], "full");
    let items = r["items"].as_array().unwrap();
    assert_eq!(spans(items, &SEED_RULES), seed_expected(Enc::Utf16));
    let id = r["resultId"].as_str().unwrap().to_string();
    let again = c.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}, "previousResultId": id}),
    );
    assert_eq!(again, json!({"kind": "unchanged", "resultId": id}));
    // After an edit the report is full again, for the new text.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 1, "character": 27}, "end": {"line": 1, "character": 29}},
             "text": "U.S."}]}),
    );
    let r = c.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}, "previousResultId": id}),
    );
    assert_eq!(r["kind"], "full");
    let mut want = seed_expected(Enc::Utf16);
    want.retain(|s| !(s.0 == "ap.usage.us" && s.1 == 1));
    for s in want.iter_mut().filter(|s| s.1 == 1 && s.2 > 29) {
        s.2 += 2;
        s.4 += 2;
    }
    assert_eq!(spans(r["items"].as_array().unwrap(), &SEED_RULES), want);
    assert!(c.shutdown().success());
}

#[test]
fn a_configuration_change_rechecks() {
    let (mut c, uri, _text, _dir) = open_seed(Enc::Utf16, json!({}));
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(spans(&diags, &["ap.usage.us"]).len(), 7);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"profile": "ap", "date": "2025-11-26",
               "rules": {"ap.usage.us": "off", "ap.names.spelling": "error"}}}}),
    );
    let diags = c.diagnostics_where(&uri, |d| !d.iter().any(|d| d["code"] == "ap.usage.us"));
    let spelling: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "ap.names.spelling")
        .collect();
    assert_eq!(spelling.len(), 5);
    // Raised to errors, except the unconfirmed spelling, which stays capped at info.
    for d in spelling {
        let want = if d["data"]["found"] == "Sergei" { 3 } else { 1 };
        assert_eq!(d["severity"], want, "{d}");
    }
    // A bare settings object works too.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"date": "2025-11-26", "rules": {}}}),
    );
    let diags = c.diagnostics_where(&uri, |d| d.iter().any(|d| d["code"] == "ap.usage.us"));
    assert_eq!(spans(&diags, &SEED_RULES), seed_expected(Enc::Utf16));
    assert!(c.shutdown().success());
}

const HOUSE_RULE: &str = r#"
[[rule]]
id = "house.teh"
kind = "substitution"
category = "usage"
level = "warning"
message = "Write “{replacement}”."
explanation = "A typo."
source = "House style"
terms = [{ find = "teh", replace = "the" }]
examples = [{ bad = "teh cat", fixed = "the cat" }, { good = "the cat" }]
"#;

fn house_project() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "rules = [\"house\"]\n").unwrap();
    std::fs::create_dir(dir.path().join("house")).unwrap();
    let rule = dir.path().join("house/house.toml");
    std::fs::write(&rule, HOUSE_RULE).unwrap();
    let story = dir.path().join("story.md");
    (dir, rule, story)
}

const HOUSE_STORY: &str = "We saw teh cat and hte dog.\n";

#[test]
fn a_rule_file_edited_on_disk_is_reloaded() {
    let (dir, rule, story) = house_project();
    let mut c = Client::spawn();
    c.initialize(
        capabilities(
            Enc::Utf16,
            json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        ),
        settings(),
        Some(dir.path()),
    );
    let uri = path_uri(&story);
    c.open(&uri, "markdown", 1, HOUSE_STORY);
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(
        spans(&diags, &["house.teh"]),
        vec![("house.teh".into(), 0, 7, 0, 10)]
    );
    let reg = c
        .server_requests
        .iter()
        .find(|m| m["method"] == "client/registerCapability")
        .expect("file watchers registered");
    assert_eq!(
        reg["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );

    std::fs::write(
        &rule,
        HOUSE_RULE.replace(
            r#"{ find = "teh", replace = "the" }"#,
            r#"{ find = "teh", replace = "the" }, { find = "hte", replace = "the" }"#,
        ),
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": path_uri(&rule), "type": 2}]}),
    );
    let diags = c.diagnostics_where(&uri, |d| d.len() >= 2);
    assert_eq!(
        spans(&diags, &["house.teh"]),
        vec![
            ("house.teh".into(), 0, 7, 0, 10),
            ("house.teh".into(), 0, 19, 0, 22)
        ]
    );
    assert!(c.shutdown().success());
}

#[test]
fn a_broken_rule_file_is_reported_and_the_old_rules_stay() {
    let (dir, rule, story) = house_project();
    let mut c = Client::spawn();
    c.initialize(
        capabilities(Enc::Utf16, json!({})),
        settings(),
        Some(dir.path()),
    );
    let uri = path_uri(&story);
    c.open(&uri, "markdown", 1, HOUSE_STORY);
    assert_eq!(spans(&c.diagnostics(&uri, 1), &["house.teh"]).len(), 1);

    std::fs::write(&rule, "[[rule]]\nid = 3\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": path_uri(&rule), "type": 2}]}),
    );
    let rule_uri = path_uri(&rule);
    let errors = c.diagnostics_where(&rule_uri, |d| !d.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0]["range"],
        json!({"start": {"line": 1, "character": 5}, "end": {"line": 1, "character": 6}})
    );
    assert_eq!(errors[0]["severity"], 1);
    assert_eq!(errors[0]["source"], "copydesk");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("invalid type"),
        "{}",
        errors[0]
    );
    // The story is checked again, with the last good rules.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "So "}]}),
    );
    assert_eq!(
        spans(&c.diagnostics(&uri, 2), &["house.teh"]),
        vec![("house.teh".into(), 0, 10, 0, 13)]
    );
    // Fixed again: the error is cleared.
    std::fs::write(&rule, HOUSE_RULE).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": path_uri(&rule), "type": 2}]}),
    );
    let cleared = c.diagnostics_where(&rule_uri, |d| d.is_empty());
    assert!(cleared.is_empty());
    assert!(c.shutdown().success());
}

#[test]
fn malformed_messages_get_answers_and_the_server_lives() {
    let (mut c, uri, text, _dir) = open_seed(Enc::Utf16, json!({}));
    c.diagnostics(&uri, 1);
    // Not JSON at all: a parse error with a null id.
    c.send_raw(b"{this is not json");
    let err = c.wait_for("a parse error", |m| m.get("error").is_some());
    assert_eq!(err["error"]["code"], -32700);
    // Wrong params, unknown methods.
    let r = c.request("textDocument/hover", json!({"bogus": 1}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request("copydesk/nothing", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "copydesk.addToDictionary", "arguments": [1]}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // Notifications that make no sense are ignored.
    c.notify("textDocument/didChange", json!({"textDocument": 5}));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere.txt", "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": "file:///nowhere.txt"}}),
    );
    let r = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 500, "character": 0}, "end": {"line": 900, "character": 9}},
               "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    assert_eq!(r, json!([]));
    // An edit past the end is clamped to the end of the document.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 400, "character": 3}, "end": {"line": 400, "character": 9}},
             "text": " The US agreed."}]}),
    );
    let diags = c.diagnostics(&uri, 2);
    let last = text.lines().count() as u64 - 1;
    let us_last: Vec<_> = spans(&diags, &["ap.usage.us"])
        .into_iter()
        .filter(|s| s.1 == last)
        .collect();
    assert_eq!(us_last.len(), 1);
    // Still answering.
    let h = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 208}}),
    );
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Zelenskyy")
    );
    assert!(c.shutdown().success());
}

#[test]
fn a_five_megabyte_document() {
    let dir = tempfile::tempdir().unwrap();
    let uri = path_uri(&dir.path().join("big.md"));
    let seed = seed_text();
    let body: String = seed.lines().skip(1).collect::<Vec<_>>().join("\n\n");
    let mut text = String::from("# Talks\n\n");
    while text.len() < 5 << 20 {
        text.push_str(&body);
        text.push_str("\n\n");
    }
    let mut c = Client::spawn();
    // Unoptimised builds check a few hundred kilobytes a second.
    c.timeout = Duration::from_secs(600);
    // Every finding, not the first thousand.
    let mut options = settings();
    options["copydesk"]["maxFindings"] = json!(0);
    c.initialize(
        capabilities(Enc::Utf16, json!({})),
        options,
        Some(dir.path()),
    );
    c.open(&uri, "markdown", 1, &text);
    let diags = c.diagnostics(&uri, 1);
    assert!(diags.len() > 1000, "{}", diags.len());
    let end = lsp_support::range_json(&text, text.len()..text.len(), Enc::Utf16);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": end, "text": "The US"}]}),
    );
    let again = c.diagnostics(&uri, 2);
    assert_eq!(
        spans(&again, &["ap.usage.us"]).len(),
        spans(&diags, &["ap.usage.us"]).len() + 1
    );
    assert!(c.shutdown().success());
}

#[test]
fn nothing_is_published_for_a_closed_document() {
    let dir = tempfile::tempdir().unwrap();
    let uri = path_uri(&dir.path().join("closed.txt"));
    let mut c = Client::spawn();
    c.initialize(
        capabilities(Enc::Utf16, json!({})),
        settings(),
        Some(dir.path()),
    );
    c.open(
        &uri,
        "plaintext",
        1,
        "Talks resumed.\nThe US team met Zelenskiy.\n",
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "Talks.\nThe US said.\n"}]}),
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let published: Vec<Value> = c
        .drain_for(Duration::from_millis(1500))
        .into_iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri)
        .collect();
    let last = published.last().expect("diagnostics cleared on close");
    assert_eq!(last["params"]["diagnostics"], json!([]));
    assert!(c.shutdown().success());
}

/// Neovim sends every diagnostic of the cursor's line; a news paragraph is one line. Only the
/// finding under the cursor gets quick fixes: its preferred fix first.
#[test]
fn code_actions_are_for_the_cursor_not_the_whole_line() {
    let (mut c, uri, text, _dir) = open_seed(Enc::Utf16, json!({}));
    let diags = c.diagnostics(&uri, 1);
    let line6: Vec<Value> = diags
        .iter()
        .filter(|d| d["range"]["start"]["line"] == 6)
        .cloned()
        .collect();
    assert!(line6.len() >= 3, "{line6:?}");
    // The cursor inside the "Zelenskiy" of line 6 (UTF-16 columns 279..288).
    let cursor = json!({"line": 6, "character": 283});
    let actions = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": cursor, "end": cursor},
               "context": {"diagnostics": line6, "triggerKind": 1}}),
    );
    let titles: Vec<(String, String, bool)> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap().to_string(),
                a["title"].as_str().unwrap().to_string(),
                a["isPreferred"] == true,
            )
        })
        .collect();
    let t = |k: &str, s: &str, p: bool| (k.to_string(), s.to_string(), p);
    assert_eq!(
        titles,
        vec![
            t("quickfix", "Replace with “Zelenskyy”", true),
            t("quickfix", "Ignore ap.names.spelling on this line", false),
            t("quickfix", "Add 'Zelenskiy' to the house dictionary", false),
            t(
                "source.fixAll.copydesk",
                "Fix all copydesk issues (13 fixes)",
                false
            ),
        ]
    );
    // Applied, it corrects that "Zelenskiy" and nothing else.
    let fixed = apply_edits(&text, &edits_for(&actions[0]["edit"], &uri), Enc::Utf16);
    assert_eq!(
        fixed,
        text.replacen("for a Zelenskiy visit", "for a Zelenskyy visit", 1)
    );

    // A range over "US" and the text after it: its fixes only, in document order.
    let us = json!({"start": {"line": 6, "character": 190}, "end": {"line": 6, "character": 192}});
    let actions = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": us,
               "context": {"diagnostics": diags, "only": ["quickfix"]}}),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Replace with “U.S.”", "Ignore ap.usage.us on this line"]
    );

    // Two findings share "Zelenskiy" on line 5: the misspelt name (narrower) and the later
    // reference with a title. Its fixes come first, and only its fix is preferred.
    let cursor = json!({"line": 5, "character": 23});
    let line5: Vec<Value> = diags
        .iter()
        .filter(|d| d["range"]["start"]["line"] == 5)
        .cloned()
        .collect();
    let actions = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": cursor, "end": cursor},
               "context": {"diagnostics": line5, "only": ["quickfix"]}}),
    );
    let titles: Vec<(&str, bool)> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["title"].as_str().unwrap(), a["isPreferred"] == true))
        .collect();
    assert_eq!(
        titles,
        [
            ("Replace with “Zelenskyy”", true),
            ("Ignore ap.names.spelling on this line", false),
            ("Add 'Zelenskiy' to the house dictionary", false),
            ("Replace with “Zelenskyy”", false),
            ("Ignore ap.reference.later-title on this line", false),
        ]
    );
    assert!(c.shutdown().success());
}

/// A pull client with refresh support: a change of settings asks it to pull again, and the
/// pull gets the new findings; a change that leaves a document's findings as they were
/// answers "unchanged". Nothing is pushed once it pulls.
#[test]
fn a_settings_change_asks_a_pull_client_to_pull_again() {
    let (mut c, uri, _text, _dir) = open_seed(Enc::Utf16, pull_caps());
    let pull = |c: &mut Client, previous: Option<&str>| {
        c.call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}, "identifier": "copydesk",
                   "previousResultId": previous}),
        )
    };
    let r = pull(&mut c, None);
    assert_eq!(r["kind"], "full");
    assert_eq!(
        spans(r["items"].as_array().unwrap(), &SEED_RULES),
        seed_expected(Enc::Utf16)
    );
    let id = r["resultId"].as_str().unwrap().to_string();

    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"profile": "ap", "date": "2025-11-26",
               "rules": {"ap.usage.us": "off"}}}}),
    );
    c.wait_for_request("workspace/diagnostic/refresh", 0);
    let r = pull(&mut c, Some(&id));
    assert_eq!(r["kind"], "full");
    let mut want = seed_expected(Enc::Utf16);
    want.retain(|s| s.0 != "ap.usage.us");
    assert_eq!(spans(r["items"].as_array().unwrap(), &SEED_RULES), want);
    let id = r["resultId"].as_str().unwrap().to_string();

    // A rule that does not fire in the story turned off: asked again, nothing changed.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"profile": "ap", "date": "2025-11-26",
               "rules": {"ap.usage.us": "off", "ap.numbers.percent": "off"}}}}),
    );
    c.wait_for_request("workspace/diagnostic/refresh", 1);
    let r = pull(&mut c, Some(&id));
    assert_eq!(r, json!({"kind": "unchanged", "resultId": id}));

    let pushed: Vec<Value> = c
        .drain_for(Duration::from_millis(500))
        .into_iter()
        .filter(|n| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["diagnostics"] != json!([])
        })
        .collect();
    assert_eq!(pushed, Vec::<Value>::new());
    assert!(c.shutdown().success());
}

/// A client that watches no files for the server (Neovim on Linux, Emacs): the server watches
/// `copydesk.toml` and the rule folders itself, and the findings follow an edit on disk
/// within seconds.
#[test]
fn without_client_file_watching_the_server_watches_the_project() {
    let (dir, rule, story) = house_project();
    let mut c = Client::spawn();
    c.timeout = Duration::from_secs(20);
    c.initialize(
        capabilities(Enc::Utf16, json!({})),
        settings(),
        Some(dir.path()),
    );
    let uri = path_uri(&story);
    c.open(&uri, "markdown", 1, HOUSE_STORY);
    assert_eq!(
        spans(&c.diagnostics(&uri, 1), &["house.teh"]),
        vec![("house.teh".into(), 0, 7, 0, 10)]
    );
    assert_eq!(c.requests_of("client/registerCapability"), 0);
    // Let the watcher settle on the project's folders.
    std::thread::sleep(Duration::from_millis(500));

    let config = dir.path().join("copydesk.toml");
    std::fs::write(
        &config,
        "rules = [\"house\"]\n[levels]\n\"house.teh\" = \"off\"\n",
    )
    .unwrap();
    let started = std::time::Instant::now();
    let diags = c.diagnostics_where(&uri, |d| !d.iter().any(|d| d["code"] == "house.teh"));
    assert_eq!(spans(&diags, &["house.teh"]), vec![]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );

    // A rule file edited in place: the new term is found too.
    std::fs::write(&config, "rules = [\"house\"]\n").unwrap();
    std::fs::write(
        &rule,
        HOUSE_RULE.replace(
            r#"{ find = "teh", replace = "the" }"#,
            r#"{ find = "teh", replace = "the" }, { find = "hte", replace = "the" }"#,
        ),
    )
    .unwrap();
    let diags = c.diagnostics_where(&uri, |d| d.len() >= 2);
    assert_eq!(
        spans(&diags, &["house.teh"]),
        vec![
            ("house.teh".into(), 0, 7, 0, 10),
            ("house.teh".into(), 0, 19, 0, 22)
        ]
    );
    assert!(c.shutdown().success());
}

/// Logs reach the editor as window/logMessage of their own level: info is Info (3), debug is
/// Log (4), never Error.
#[test]
fn logs_are_log_messages_of_their_level() {
    let (mut c, _uri, _text, _dir) = open_seed(Enc::Utf16, json!({}));
    let compiled = c.wait_for("the rules' log line", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.starts_with("compiled built-in rules"))
    });
    assert_eq!(compiled["params"]["type"], 3, "{compiled}");
    let checked = c.wait_for("a debug line", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.starts_with("checked"))
    });
    assert_eq!(checked["params"]["type"], 4, "{checked}");
    assert!(c.shutdown().success());
}

/// The profile and story date each document is checked with, and where they came from.
#[test]
fn the_status_names_the_profile_and_date_and_their_sources() {
    let (mut c, uri, _text, dir) = open_seed(Enc::Utf16, json!({}));
    let status = c.wait_for("copydesk/status", |m| m["method"] == "copydesk/status");
    assert_eq!(
        status["params"],
        json!({"uri": uri, "profile": "ap", "profileSource": "editor setting `copydesk.profile`",
               "date": "2025-11-26", "dateSource": "editor setting `copydesk.date`", "dateKind": "given",
               "project": null})
    );
    // A project file that names the profile wins over the editor's setting, and says so.
    let config = dir.path().join("copydesk.toml");
    std::fs::write(&config, "profile = \"reuters\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": path_uri(&config), "type": 1}]}),
    );
    let status = c.wait_for("copydesk/status", |m| {
        m["method"] == "copydesk/status" && m["params"]["profile"] == "reuters"
    });
    let shown = config.display().to_string();
    assert_eq!(
        status["params"],
        json!({"uri": uri, "profile": "reuters", "profileSource": format!("{shown}:1:11"),
               "date": "2025-11-26", "dateSource": "editor setting `copydesk.date`", "dateKind": "given",
               "project": shown})
    );
    assert!(c.shutdown().success());
}

/// With no date anywhere the status says the clock dates the story; a dateline's hover gives
/// the story's date and where its year came from.
#[test]
fn the_status_and_the_dateline_hover_say_where_the_date_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::spawn();
    c.initialize(
        capabilities(Enc::Utf16, json!({})),
        json!({}),
        Some(dir.path()),
    );
    let undated = dir.path().join("undated.txt");
    let undated_uri = path_uri(&undated);
    c.open(&undated_uri, "plaintext", 1, "Officials met.\n");
    let status = c.wait_for("copydesk/status", |m| {
        m["method"] == "copydesk/status" && m["params"]["uri"] == undated_uri.as_str()
    });
    let today = jiff::ZonedDateTime::now().date();
    assert_eq!(status["params"]["date"], today.to_string().as_str());
    assert_eq!(status["params"]["dateKind"], "clock");
    assert_eq!(
        status["params"]["dateSource"],
        "the machine's clock (no date found or given)"
    );

    let datelined = dir.path().join("datelined.txt");
    let uri = path_uri(&datelined);
    c.open(
        &uri,
        "plaintext",
        1,
        "KYIV, Oct 14 (Reuters) - Officials met.\n",
    );
    let status = c.wait_for("copydesk/status", |m| {
        m["method"] == "copydesk/status" && m["params"]["uri"] == uri.as_str()
    });
    let day = copydesk::document::most_recent(10, 14, today).unwrap();
    assert_eq!(status["params"]["dateKind"], "dateline");
    let h = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.ends_with(&format!(
            "**Story date:** {day}, from the dateline (the year: the latest that puts the day on or before today)."
        )),
        "{md}"
    );
    assert!(c.shutdown().success());
}

/// A bad profile is reported where it was set: the editor's setting by name, with no file
/// blamed; the project file's at its file:line:col.
#[test]
fn a_bad_profile_is_reported_where_it_was_set() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.txt");
    let uri = path_uri(&story);
    let mut c = Client::spawn();
    c.initialize(
        capabilities(Enc::Utf16, json!({})),
        json!({"copydesk": {"profile": "nope", "date": "2025-11-26"}}),
        Some(dir.path()),
    );
    c.open(&uri, "plaintext", 1, "The US team met Zelenskiy.\n");
    let shown = c.wait_for("the settings warning", |m| {
        m["method"] == "window/showMessage"
    });
    assert_eq!(shown["params"]["type"], 2);
    assert_eq!(
        shown["params"]["message"],
        "copydesk: editor setting `copydesk.profile`: unknown profile `nope`: not a built-in profile (ap, reuters) nor a folder; checking with `ap`"
    );
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(
        spans(&diags, &["ap.usage.us"]),
        vec![("ap.usage.us".into(), 0, 4, 0, 6)],
        "checked with ap"
    );
    let config_uri = path_uri(&dir.path().join("copydesk.toml"));
    let later = c.drain_for(Duration::from_millis(500));
    assert!(
        !later.iter().any(|m| m["params"]["uri"] == config_uri),
        "{later:?}"
    );
    assert!(c.shutdown().success());

    // In copydesk.toml: an error on that file, at the value.
    let config = dir.path().join("copydesk.toml");
    std::fs::write(&config, "# house\nprofile = \"nope\"\n").unwrap();
    let mut c = Client::spawn();
    c.initialize(
        capabilities(Enc::Utf16, json!({})),
        settings(),
        Some(dir.path()),
    );
    c.open(&uri, "plaintext", 1, "The US team met Zelenskiy.\n");
    let errors = c.diagnostics_where(&path_uri(&config), |d| !d.is_empty());
    assert_eq!(
        errors[0]["range"],
        json!({"start": {"line": 1, "character": 10}, "end": {"line": 1, "character": 16}})
    );
    assert_eq!(
        errors[0]["message"],
        "unknown profile `nope`: not a built-in profile (ap, reuters) nor a folder"
    );
    assert!(c.shutdown().success());
}

/// `datePolicy: "today"` checks the story as of today, over its dateline's day.
#[test]
fn date_policy_today_uses_today() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("washington-peace-talks-2025-11-26.txt");
    std::fs::write(&path, seed_text()).unwrap();
    let uri = path_uri(&path);
    let mut c = Client::spawn();
    c.initialize(
        capabilities(Enc::Utf16, json!({})),
        json!({"copydesk": {"profile": "ap", "datePolicy": "today"}}),
        Some(dir.path()),
    );
    c.open(&uri, "plaintext", 1, &seed_text());
    let status = c.wait_for("copydesk/status", |m| m["method"] == "copydesk/status");
    let today = jiff::ZonedDateTime::now().date().to_string();
    assert_eq!(status["params"]["date"], today.as_str());
    assert_eq!(
        status["params"]["dateSource"],
        "editor setting `copydesk.datePolicy`: today"
    );
    assert!(c.shutdown().success());
}
