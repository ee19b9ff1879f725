//! The language server against data loss and clients that stall it, over the real binary's
//! standard input and output: "add to the house dictionary" with dictionaries in other
//! encodings, behind links, pointed at the project file or a story, for a story outside every
//! workspace folder, with words that are not one line; handlers that wait on the client.

mod lsp_support;

use std::path::Path;

use lsp_support::{Client, Enc, capabilities, path_uri};
use serde_json::{Value, json};

const ADD_WORD: &str = "copydesk.addToDictionary";
const STORY: &str = "Officials met Zelenskiy in Kyiv.\n";

/// A client that cannot apply workspace edits, so the server writes the dictionary itself.
fn no_apply_edit() -> Value {
    capabilities(Enc::Utf16, json!({"workspace": {"applyEdit": false}}))
}

/// Starts a server on `root`, opens `story` and waits for its first diagnostics.
fn open(root: &Path, story: &Path, caps: Value) -> (Client, String) {
    let mut c = Client::spawn();
    c.initialize(caps, json!({}), Some(root));
    let uri = path_uri(story);
    let text = std::fs::read_to_string(story).unwrap_or_else(|_| STORY.to_string());
    c.open(&uri, "plaintext", 1, &text);
    c.diagnostics(&uri, 1);
    (c, uri)
}

fn add(c: &mut Client, uri: &str, word: &str) -> Value {
    c.request(
        "workspace/executeCommand",
        json!({"command": ADD_WORD, "arguments": [{"uri": uri, "word": word}]}),
    )
}

fn error_of(r: &Value) -> String {
    r["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error: {r}"))
        .to_string()
}

#[test]
fn a_dictionary_in_another_encoding_is_refused_not_rewritten() {
    for (bytes, why) in [
        (&b"# house words\nJos\xe9\n"[..], "is not UTF-8"),
        (&b"\xff\xfe#\0 \0h\0\n\0"[..], "is UTF-16 text"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let words = dir.path().join("copydesk-words.txt");
        std::fs::write(&words, bytes).unwrap();
        std::fs::write(dir.path().join("copydesk.toml"), "").unwrap();
        let story = dir.path().join("story.txt");
        std::fs::write(&story, STORY).unwrap();
        let (mut c, uri) = open(dir.path(), &story, no_apply_edit());
        let e = error_of(&add(&mut c, &uri, "Zelenskiy"));
        assert!(e.contains(why) && e.contains("save it as UTF-8"), "{e}");
        assert_eq!(std::fs::read(&words).unwrap(), bytes);
        assert!(c.shutdown().success());
    }
}

#[test]
fn the_dictionary_never_leaves_the_project_nor_overwrites_config_or_stories() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("file.txt");
    std::fs::write(&target, "Outside\n").unwrap();

    // A link to a file outside the project.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("copydesk.toml"), "").unwrap();
    std::os::unix::fs::symlink(&target, d.join("copydesk-words.txt")).unwrap();
    std::fs::write(d.join("story.txt"), STORY).unwrap();
    let (mut c, uri) = open(d, &d.join("story.txt"), no_apply_edit());
    let e = error_of(&add(&mut c, &uri, "Zelenskiy"));
    assert!(e.contains("leads outside the project"), "{e}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "Outside\n");
    assert!(c.shutdown().success());

    // A dictionary in a folder that is a link to one outside.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("copydesk.toml"), "dictionary = \"sub/words.txt\"\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), d.join("sub")).unwrap();
    std::fs::write(d.join("story.txt"), STORY).unwrap();
    let (mut c, uri) = open(d, &d.join("story.txt"), no_apply_edit());
    let e = error_of(&add(&mut c, &uri, "Zelenskiy"));
    assert!(e.contains("leads outside the project"), "{e}");
    assert!(!outside.path().join("words.txt").exists());
    assert!(c.shutdown().success());

    // A dictionary that is a story: refused whether it is open or only reads like one.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("copydesk.toml"), "dictionary = \"other.txt\"\n").unwrap();
    let other = "Officials in the capital said on Monday that the harbor plan would go ahead.\n";
    std::fs::write(d.join("other.txt"), other).unwrap();
    std::fs::write(d.join("story.txt"), STORY).unwrap();
    let (mut c, uri) = open(d, &d.join("story.txt"), no_apply_edit());
    let e = error_of(&add(&mut c, &uri, "Zelenskiy"));
    assert!(e.contains("looks like a story"), "{e}");
    assert_eq!(std::fs::read_to_string(d.join("other.txt")).unwrap(), other);
    std::fs::write(d.join("copydesk.toml"), "dictionary = \"story.txt\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": path_uri(&d.join("copydesk.toml")), "type": 2}]}),
    );
    // The project is read again (in its own time: ask until the new setting is in use).
    let mut e = String::new();
    for _ in 0..100 {
        e = error_of(&add(&mut c, &uri, "Zelenskiy"));
        if !e.contains("other.txt") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(e.contains("is a story open in the editor"), "{e}");
    assert_eq!(std::fs::read_to_string(d.join("story.txt")).unwrap(), STORY);
    assert!(c.shutdown().success());

    // `dictionary = "copydesk.toml"` is an error in the project file, which stays as it was.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cfg = "dictionary = \"copydesk.toml\"\n";
    std::fs::write(d.join("copydesk.toml"), cfg).unwrap();
    std::fs::write(d.join("story.txt"), STORY).unwrap();
    let (mut c, uri) = open(d, &d.join("story.txt"), no_apply_edit());
    let _ = add(&mut c, &uri, "Zelenskiy");
    assert_eq!(
        std::fs::read_to_string(d.join("copydesk.toml")).unwrap(),
        cfg
    );
    assert!(c.shutdown().success());
}

#[test]
fn a_story_outside_every_workspace_folder_gets_no_dictionary_beside_it() {
    let root = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let story = elsewhere.path().join("story.txt");
    std::fs::write(&story, STORY).unwrap();
    let (mut c, uri) = open(root.path(), &story, no_apply_edit());
    let e = error_of(&add(&mut c, &uri, "Zelenskiy"));
    assert!(e.contains("outside every workspace folder"), "{e}");
    assert!(!elsewhere.path().join("copydesk-words.txt").exists());
    assert!(!root.path().join("copydesk-words.txt").exists());
    assert!(c.shutdown().success());
}

#[test]
fn words_are_one_line_and_appended_to_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let words = d.join("copydesk-words.txt");
    std::fs::write(&words, "# house words\r\nFerriera").unwrap();
    std::fs::write(d.join("story.txt"), STORY).unwrap();
    let (mut c, uri) = open(d, &d.join("story.txt"), no_apply_edit());
    for bad in ["", "  ", "Zelenskiy\nrm -rf /", "Zelen\u{7}skiy"] {
        let r = add(&mut c, &uri, bad);
        assert!(r.get("error").is_some(), "{bad:?}: {r}");
    }
    assert_eq!(
        std::fs::read_to_string(&words).unwrap(),
        "# house words\r\nFerriera"
    );
    let r = add(&mut c, &uri, "Zelenskiy");
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(
        std::fs::read_to_string(&words).unwrap(),
        "# house words\r\nFerriera\nZelenskiy\n"
    );
    c.diagnostics_where(&uri, |d| {
        !d.iter().any(|d| d["data"]["found"] == "Zelenskiy")
    });
    assert!(c.shutdown().success());
}

#[test]
fn a_client_that_never_answers_cannot_wedge_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("copydesk.toml"), "").unwrap();
    let story = d.join("story.txt");
    std::fs::write(&story, STORY).unwrap();
    let mut c = Client::spawn();
    c.answer_requests = false;
    // Long enough for a loaded machine, short enough that a wedged server fails soon.
    c.timeout = std::time::Duration::from_secs(30);
    let caps = capabilities(
        Enc::Utf16,
        json!({"workspace": {"configuration": true,
                             "didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    c.initialize(caps, json!({}), Some(d));
    let uri = path_uri(&story);
    c.open(&uri, "plaintext", 1, STORY);
    c.diagnostics(&uri, 1);
    // Four commands whose edits the client never applies, four settings changes that make the
    // server ask for settings it never gets...
    for i in 0..4 {
        c.send(
            &json!({"jsonrpc": "2.0", "id": 1000 + i, "method": "workspace/executeCommand",
                       "params": {"command": ADD_WORD,
                                  "arguments": [{"uri": uri, "word": format!("Word{i}")}]}}),
        );
        c.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": null}),
        );
    }
    // ... then a burst of edits: every one is taken, and the server still answers.
    let mut text = STORY.to_string();
    for v in 2..=60 {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v},
                   "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                                 "end": {"line": 0, "character": 0}},
                                       "text": "The US "}]}),
        );
        text.insert_str(0, "The US ");
    }
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 5}}),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    let diags = c.diagnostics(&uri, 60);
    let us = diags.iter().filter(|d| d["code"] == "ap.usage.us").count();
    assert_eq!(us, 59, "{text}");
    assert!(
        c.server_requests
            .iter()
            .any(|m| m["method"] == "workspace/configuration")
    );
    assert!(c.shutdown().success());
}

#[test]
fn a_pipe_as_the_dictionary_never_blocks_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("copydesk.toml"), "").unwrap();
    let fifo = d.join("copydesk-words.txt");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let story = d.join("story.txt");
    std::fs::write(&story, STORY).unwrap();
    let (mut c, uri) = open(d, &story, no_apply_edit());
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 16}}),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    let e = error_of(&add(&mut c, &uri, "Zelenskiy"));
    assert!(e.contains("a named pipe, not a regular file"), "{e}");
    assert!(c.shutdown().success());
}

#[test]
fn findings_past_the_cap_are_one_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.txt");
    std::fs::write(&story, "The US push.\n".repeat(30)).unwrap();
    let mut c = Client::spawn();
    c.initialize(
        capabilities(Enc::Utf16, json!({})),
        json!({"copydesk": {"maxFindings": 10}}),
        Some(dir.path()),
    );
    let uri = path_uri(&story);
    c.open(&uri, "plaintext", 1, &"The US push.\n".repeat(30));
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(diags.len(), 11);
    let last = &diags[10];
    assert_eq!(last["code"], "too-many-findings");
    assert_eq!(
        last["range"],
        json!({"start": {"line": 9, "character": 6}, "end": {"line": 9, "character": 6}})
    );
    assert_eq!(
        last["message"],
        "20 more findings after this point are not shown (30 in all; the editor shows the first \
         10: raise the setting copydesk.maxFindings, or 0 for no limit, to see them)"
    );
    // Code actions pass it by; the others still have their fixes.
    let actions = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": last["range"],
               "context": {"diagnostics": [last]}}),
    );
    assert!(
        actions
            .as_array()
            .is_none_or(|a| a.iter().all(|a| a["kind"] != "quickfix")),
        "{actions}"
    );
    assert!(c.shutdown().success());
}
