//! The language server's framing against hostile and careless clients, over the real binary's
//! standard input and output: sizes that cannot be allocated, header bytes that are not UTF-8,
//! header lines with no end, bodies shorter than their `Content-Length`, lone surrogates,
//! unknown `$/` requests, and a client that goes away while the server waits on it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(60);

struct Raw {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
}

impl Raw {
    fn spawn() -> Raw {
        Raw::spawn_with(&["lsp"])
    }

    fn spawn_with(args: &[&str]) -> Raw {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn copydesk lsp");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            loop {
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if out.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length:") {
                        len = v.trim().parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                if out.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Raw {
            stdin: child.stdin.take(),
            child,
            rx,
        }
    }

    fn bytes(&mut self, b: &[u8]) {
        let w = self.stdin.as_mut().unwrap();
        w.write_all(b).unwrap();
        w.flush().unwrap();
    }

    fn send(&mut self, v: &Value) {
        let body = v.to_string();
        self.bytes(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    /// The next message that satisfies `pred`, failing after `WAIT`.
    fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) if pred(&m) => return m,
                Ok(_) => {}
                Err(_) => panic!("no {what} from the server"),
            }
        }
    }

    fn response(&mut self, id: i64) -> Value {
        self.wait(&format!("response {id}"), |m| {
            m["id"] == json!(id) && m.get("method").is_none()
        })
    }

    fn initialize(&mut self, capabilities: Value) {
        self.send(&json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"processId": null, "rootUri": null, "capabilities": capabilities}}));
        self.response(0);
        self.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    fn hover_request(&mut self, id: i64) {
        self.send(
            &json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": "file:///none.txt"},
                       "position": {"line": 0, "character": 0}}}),
        );
    }

    /// The server still answers.
    fn alive(&mut self, id: i64) {
        self.hover_request(id);
        let r = self.response(id);
        assert!(
            r.get("error").is_none() || r["error"]["code"] != json!(-32700),
            "{r}"
        );
    }

    fn peak_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// Closes standard input and waits for the process to end; its exit status and how long
    /// that took.
    fn close(mut self) -> (Option<i32>, Duration) {
        drop(self.stdin.take());
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return (s.code(), start.elapsed());
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                return (None, start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn sizes_that_cannot_be_allocated_are_refused_and_the_server_lives() {
    let mut c = Raw::spawn();
    c.initialize(json!({}));
    for len in [
        "1000000000000",
        "18446744073709551615",
        "99999999999999999999999",
    ] {
        c.bytes(format!("Content-Length: {len}\r\n\r\n").as_bytes());
        let e = c.wait("a parse error", |m| m["error"]["code"] == json!(-32700));
        assert!(e["id"].is_null(), "{e}");
    }
    c.alive(1);
    let (code, took) = c.close();
    assert_eq!(code, Some(1));
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn header_bytes_that_are_not_utf8_and_lines_without_end() {
    let mut c = Raw::spawn();
    c.initialize(json!({}));
    c.bytes(b"X-Junk: \xff\xfe\xc3\r\n");
    c.hover_request(1);
    // The junk header joined the hover's header block; the hover itself is read.
    c.response(1);
    // 64 MB without a newline, then a real message.
    let junk = vec![b'x'; 1 << 20];
    for _ in 0..64 {
        c.bytes(&junk);
    }
    c.bytes(b"\r\n\r\n");
    c.alive(2);
    let peak = c.peak_kib();
    assert!(peak > 0 && peak < 200 * 1024, "peak {peak} KiB");
}

#[test]
fn a_body_counted_in_characters_loses_that_message_only() {
    let mut c = Raw::spawn();
    c.initialize(json!({}));
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": "file:///“quoted”.txt"},
                   "position": {"line": 0, "character": 0}}})
    .to_string();
    c.bytes(format!("Content-Length: {}\r\n\r\n{body}", body.chars().count()).as_bytes());
    for id in 2..32 {
        c.hover_request(id);
    }
    for id in 2..32 {
        c.response(id);
    }
}

#[test]
fn a_lone_surrogate_is_read_as_a_replacement_character() {
    let mut c = Raw::spawn();
    c.initialize(json!({"general": {"positionEncodings": ["utf-16"]}}));
    let uri = "file:///tmp/copydesk-surrogate.txt";
    c.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
                                    "text": "The vote was on Nov 3.\n"}}}));
    c.wait("diagnostics", |m| m["params"]["version"] == json!(1));
    // An edit whose text holds a lone surrogate, then "US" after it: the server's text keeps
    // the client's positions (one UTF-16 unit for the surrogate) and is still checked.
    let edit = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/copydesk-surrogate.txt","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"\ud800 US "}]}}"#;
    c.bytes(format!("Content-Length: {}\r\n\r\n{edit}", edit.len()).as_bytes());
    let warn = c.wait("a warning", |m| m["method"] == "window/logMessage");
    assert!(
        warn["params"]["message"]
            .as_str()
            .unwrap()
            .contains("lone UTF-16 surrogate"),
        "{warn}"
    );
    let d = c.wait("diagnostics of version 2", |m| {
        m["params"]["version"] == json!(2)
    });
    let us = d["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ap.usage.us")
        .unwrap_or_else(|| panic!("{d}"))
        .clone();
    assert_eq!(
        us["range"],
        json!({"start": {"line": 0, "character": 2}, "end": {"line": 0, "character": 4}})
    );
}

#[test]
fn unknown_dollar_requests_get_method_not_found() {
    let mut c = Raw::spawn();
    c.initialize(json!({}));
    c.send(&json!({"jsonrpc": "2.0", "id": 7, "method": "$/unknown", "params": {}}));
    assert_eq!(c.response(7)["error"]["code"], -32601);
    c.send(&json!({"jsonrpc": "2.0", "method": "$/unknown", "params": {}}));
    c.alive(8);
}

#[test]
fn a_client_that_never_answers_still_sees_the_server_end() {
    let mut c = Raw::spawn();
    // Offers dynamic registration and configuration, then never answers the server's requests.
    c.initialize(json!({"workspace": {
        "configuration": true,
        "didChangeWatchedFiles": {"dynamicRegistration": true},
        "didChangeConfiguration": {"dynamicRegistration": true}}}));
    c.wait("a request to the client", |m| {
        m.get("method").is_some() && m.get("id").is_some()
    });
    let (code, took) = c.close();
    assert_eq!(code, Some(1));
    assert!(took < Duration::from_secs(5), "{took:?}");

    let mut c = Raw::spawn();
    c.initialize(json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}));
    c.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "shutdown"}));
    c.response(1);
    c.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = c.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "no exit after `exit`"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
}

#[test]
fn the_stdio_flag_that_editor_clients_pass_is_accepted() {
    let mut c = Raw::spawn_with(&["lsp", "--stdio"]);
    c.initialize(json!({}));
    c.alive(1);
}
