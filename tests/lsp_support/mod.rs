//! A minimal LSP client for end-to-end tests: spawns the real `copydesk lsp`, speaks JSON-RPC
//! over its standard input and output, answers the server's requests, and keeps its own copy
//! of a document's text (with its own position arithmetic, independent of the engine's).

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long to wait for anything from the server (debug builds are slow).
pub const WAIT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received and not yet consumed.
    pub notifications: VecDeque<Value>,
    /// Every request the server sent us, in order.
    pub server_requests: Vec<Value>,
    /// The answer to `workspace/configuration`.
    pub configuration: Value,
    /// Whether `workspace/applyEdit` reports success.
    pub apply_edits: bool,
    /// How long to wait for an answer or a notification.
    pub timeout: Duration,
    /// Whether the server's requests are answered (a stalled client never answers).
    pub answer_requests: bool,
}

pub fn path_uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

impl Client {
    pub fn spawn() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .arg("lsp")
            .env("COPYDESK_LOG", "copydesk=debug")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn copydesk lsp");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    match r.read_line(&mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length:") {
                        len = v.trim().parse::<usize>().ok();
                    }
                }
                let Some(len) = len else { return };
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("server sent JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 1,
            notifications: VecDeque::new(),
            server_requests: Vec::new(),
            configuration: json!([null]),
            apply_edits: true,
            timeout: WAIT,
            answer_requests: true,
        }
    }

    pub fn send_raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(body).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, v: &Value) {
        self.send_raw(v.to_string().as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (the whole message: `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + self.timeout;
        loop {
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response to {method}"));
            if m.get("method").is_none() && m["id"] == json!(id) {
                return m;
            }
            if m.get("id").is_none() {
                self.notifications.push_back(m);
            }
        }
    }

    /// A request's `result`, failing on an error.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let m = self.request(method, params);
        assert!(m.get("error").is_none(), "{method} failed: {m}");
        m["result"].clone()
    }

    /// The next message, answering server requests on the way (they are recorded).
    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = match self.rx.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None;
                }
            };
            if let (Some(method), Some(id)) = (m.get("method").and_then(Value::as_str), m.get("id"))
            {
                let result = match method {
                    "workspace/applyEdit" => json!({"applied": self.apply_edits}),
                    "workspace/configuration" => self.configuration.clone(),
                    _ => Value::Null,
                };
                let answer = json!({"jsonrpc": "2.0", "id": id, "result": result});
                self.server_requests.push(m.clone());
                if self.answer_requests {
                    self.send(&answer);
                }
                continue;
            }
            return Some(m);
        }
    }

    /// Waits for a notification that satisfies `pred` (earlier ones are consumed).
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + self.timeout;
        while let Some(n) = self.notifications.pop_front() {
            if pred(&n) {
                return n;
            }
        }
        loop {
            match self.recv(deadline) {
                Some(m) if pred(&m) => return m,
                Some(_) => {}
                None => panic!("timed out waiting for {what}"),
            }
        }
    }

    /// Waits until the server has sent a request of `method` beyond the first `seen` of them
    /// (answering it, as every server request is); returns it.
    pub fn wait_for_request(&mut self, method: &str, seen: usize) -> Value {
        let deadline = Instant::now() + self.timeout;
        loop {
            let sent: Vec<&Value> = self
                .server_requests
                .iter()
                .filter(|m| m["method"] == method)
                .collect();
            if sent.len() > seen {
                return sent[seen].clone();
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for a {method} request"
            );
            // Server requests are answered inside `recv`, which goes on waiting: look often.
            if let Some(m) = self.recv(Instant::now() + Duration::from_millis(50))
                && m.get("id").is_none()
            {
                self.notifications.push_back(m);
            }
        }
    }

    /// How many requests of `method` the server has sent so far.
    pub fn requests_of(&self, method: &str) -> usize {
        self.server_requests
            .iter()
            .filter(|m| m["method"] == method)
            .count()
    }

    /// Every notification that arrives within `d` (for checking that nothing more comes).
    pub fn drain_for(&mut self, d: Duration) -> Vec<Value> {
        let deadline = Instant::now() + d;
        let mut out: Vec<Value> = self.notifications.drain(..).collect();
        while let Some(m) = self.recv(deadline) {
            if m.get("method").is_some() {
                out.push(m);
            }
        }
        out
    }

    /// Waits for diagnostics of `uri` at `version`; returns them.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let n = self.wait_for(&format!("diagnostics for {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        n["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits for any diagnostics of `uri` that satisfy `pred`.
    pub fn diagnostics_where(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let n = self.wait_for(&format!("diagnostics for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && pred(m["params"]["diagnostics"].as_array().map_or(&[], |v| v))
        });
        n["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn initialize(
        &mut self,
        capabilities: Value,
        options: Value,
        root: Option<&Path>,
    ) -> Value {
        let (root_uri, folders) = match root {
            Some(r) => (
                json!(path_uri(r)),
                json!([{"uri": path_uri(r), "name": "root"}]),
            ),
            None => (Value::Null, Value::Null),
        };
        let r = self.call(
            "initialize",
            json!({"processId": null, "rootUri": root_uri, "workspaceFolders": folders,
                   "capabilities": capabilities, "initializationOptions": options}),
        );
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
    }

    /// Sends `shutdown` and `exit`; returns how the server exited.
    pub fn shutdown(mut self) -> ExitStatus {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "shutdown failed: {r}");
        self.notify("exit", Value::Null);
        self.stdin.take();
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                return s;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Client capabilities: position encodings offered, plus whatever `extra` adds.
pub fn capabilities(enc: Enc, extra: Value) -> Value {
    let encodings = match enc {
        Enc::Utf8 => json!(["utf-8", "utf-16"]),
        Enc::Utf16 => json!(["utf-16"]),
    };
    let mut caps = json!({
        "general": {"positionEncodings": encodings},
        "workspace": {"applyEdit": true,
                      "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
    });
    merge(&mut caps, extra);
    caps
}

fn merge(a: &mut Value, b: Value) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (a, b) => *a = b,
    }
}

/// Line starts of `text` (a line ends at `\n`, `\r\n` or `\r`), with each line's content end.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, i));
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// The byte offset of an LSP position.
pub fn offset(text: &str, line: u64, col: u64, enc: Enc) -> usize {
    let ls = lines(text);
    let (start, end) = ls[line as usize];
    let mut units = 0u64;
    for (i, c) in text[start..end].char_indices() {
        if units >= col {
            return start + i;
        }
        units += match enc {
            Enc::Utf8 => c.len_utf8() as u64,
            Enc::Utf16 => c.len_utf16() as u64,
        };
    }
    end
}

/// The LSP position of a byte offset.
pub fn position(text: &str, off: usize, enc: Enc) -> (u64, u64) {
    let ls = lines(text);
    let line = ls.iter().rposition(|(s, _)| *s <= off).unwrap_or(0);
    let s = &text[ls[line].0..off];
    let col = match enc {
        Enc::Utf8 => s.len(),
        Enc::Utf16 => s.encode_utf16().count(),
    };
    (line as u64, col as u64)
}

pub fn range_json(text: &str, r: std::ops::Range<usize>, enc: Enc) -> Value {
    let (sl, sc) = position(text, r.start, enc);
    let (el, ec) = position(text, r.end, enc);
    json!({"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}})
}

/// The text an LSP range covers.
pub fn slice<'a>(text: &'a str, range: &Value, enc: Enc) -> &'a str {
    let s = offset(
        text,
        as_u64(&range["start"]["line"]),
        as_u64(&range["start"]["character"]),
        enc,
    );
    let e = offset(
        text,
        as_u64(&range["end"]["line"]),
        as_u64(&range["end"]["character"]),
        enc,
    );
    &text[s..e]
}

fn as_u64(v: &Value) -> u64 {
    v.as_u64().expect("a number")
}

/// Applies LSP text edits (non-overlapping, positions in the original text).
pub fn apply_edits(text: &str, edits: &[Value], enc: Enc) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            (
                offset(
                    text,
                    as_u64(&r["start"]["line"]),
                    as_u64(&r["start"]["character"]),
                    enc,
                ),
                offset(
                    text,
                    as_u64(&r["end"]["line"]),
                    as_u64(&r["end"]["character"]),
                    enc,
                ),
                e["newText"].as_str().expect("newText").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

/// The text edits of a workspace edit for one document (`changes` or `documentChanges`).
pub fn edits_for(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(c) = edit["changes"].get(uri) {
        return c.as_array().cloned().unwrap_or_default();
    }
    let mut out = Vec::new();
    for dc in edit["documentChanges"].as_array().into_iter().flatten() {
        if dc["textDocument"]["uri"] == uri {
            out.extend(dc["edits"].as_array().cloned().unwrap_or_default());
        }
    }
    out
}

/// `(rule, start line, start column, end line, end column)` of diagnostics of some rules,
/// sorted.
pub fn spans(diags: &[Value], rules: &[&str]) -> Vec<(String, u64, u64, u64, u64)> {
    let mut v: Vec<_> = diags
        .iter()
        .filter(|d| rules.iter().any(|r| d["code"] == *r))
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                as_u64(&r["start"]["line"]),
                as_u64(&r["start"]["character"]),
                as_u64(&r["end"]["line"]),
                as_u64(&r["end"]["character"]),
            )
        })
        .collect();
    v.sort();
    v
}
