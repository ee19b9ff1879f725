//! A guard in front of the protocol library's framing. The library stops reading after the
//! first message it cannot decode, so every frame is checked here first: a well-formed one
//! goes on to the server; a body that is not JSON gets a parse error (id null), and a JSON
//! body that is not a JSON-RPC message gets "invalid request" with its id; the server keeps
//! running either way. Replies from the guard and from the server are written to standard
//! output whole, one frame at a time, by one thread.

use std::io::Write;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// The body of one message to the client; the writer puts its `Content-Length` header before
/// it, so a long one (a long story's diagnostics) is never copied to be framed.
pub type Body = Vec<u8>;

/// One framed message: `Content-Length` header and body.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    f.extend_from_slice(body);
    f
}

/// Limits on what one message may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest body accepted; a larger `Content-Length` is answered with an error and its
    /// bytes are skipped as unframed input.
    pub max_message: usize,
    /// How much of one header line is kept; the rest of a longer line is read and dropped.
    pub max_header_line: usize,
}

/// `COPYDESK_MAX_MESSAGE_BYTES` sets the largest message accepted.
pub const MAX_MESSAGE_ENV: &str = "COPYDESK_MAX_MESSAGE_BYTES";

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message: 64 << 20,
            max_header_line: 8 << 10,
        }
    }
}

impl Limits {
    /// The defaults, with the message limit from the environment when it is set.
    pub fn from_env() -> Limits {
        let mut l = Limits::default();
        if let Some(v) = std::env::var_os(MAX_MESSAGE_ENV) {
            match v.to_str().and_then(|s| s.trim().parse::<usize>().ok()) {
                Some(n) if n > 0 => l.max_message = n,
                _ => tracing::warn!(
                    "{MAX_MESSAGE_ENV}={v:?} is not a positive number of bytes; using {}",
                    l.max_message
                ),
            }
        }
        l
    }
}

/// What one read of the input gives.
#[derive(Debug, PartialEq, Eq)]
enum Read {
    /// The input has ended.
    End,
    Body(Vec<u8>),
    /// A header that could not be used; the reader has resynchronised after it.
    Bad(String),
}

/// Reads one line (up to `\n`), keeping at most the last `2 * max` bytes of it, so a line with
/// no end costs bounded memory and a `Content-Length:` at the end of a long run of junk is
/// still seen. `None` at the end of input.
async fn read_line<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
    max: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let mut any = false;
    loop {
        let buf = r.fill_buf().await?;
        if buf.is_empty() {
            return Ok(any.then_some(line));
        }
        any = true;
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        line.extend_from_slice(&buf[..take]);
        r.consume(take);
        if line.len() > 2 * max {
            line.drain(..line.len() - max);
        }
        if done {
            return Ok(Some(line));
        }
    }
}

/// The value of the last `Content-Length:` in a header line, wherever it starts: a client
/// whose previous body was shorter than its `Content-Length` leaves the rest of that body in
/// front of the next header.
fn content_length(line: &[u8]) -> Option<Result<usize, String>> {
    const NAME: &[u8] = b"content-length:";
    let lower = line.to_ascii_lowercase();
    let at = lower.windows(NAME.len()).rposition(|w| w == NAME)?;
    let value = String::from_utf8_lossy(&line[at + NAME.len()..]);
    let value = value.trim();
    Some(
        value
            .parse::<usize>()
            .map_err(|_| format!("bad Content-Length `{value:.40}`")),
    )
}

/// Reads one frame's body.
async fn read_body<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
    limits: Limits,
) -> std::io::Result<Read> {
    let mut len: Option<Result<usize, String>> = None;
    let mut seen_any = false;
    loop {
        let Some(line) = read_line(r, limits.max_header_line).await? else {
            return Ok(Read::End);
        };
        let l = line.trim_ascii_end();
        if l.is_empty() {
            if seen_any {
                break;
            }
            continue;
        }
        seen_any = true;
        if let Some(n) = content_length(l) {
            len = Some(n);
        } else if !l.contains(&b':') {
            tracing::warn!(
                "skipped input that is not a header: {:.80}",
                String::from_utf8_lossy(l)
            );
        }
    }
    match len {
        Some(Ok(n)) if n > limits.max_message => Ok(Read::Bad(format!(
            "a message of {n} bytes is over the limit of {} bytes ({MAX_MESSAGE_ENV})",
            limits.max_message
        ))),
        Some(Ok(n)) => {
            let mut body = vec![0; n];
            r.read_exact(&mut body).await?;
            Ok(Read::Body(body))
        }
        Some(Err(e)) => Ok(Read::Bad(e)),
        None => Ok(Read::Bad("a message without Content-Length".to_string())),
    }
}

/// Replaces every `\u` escape of a lone surrogate in a JSON text with `\uFFFD` (one UTF-16
/// unit for one, so positions after it stay where the client counts them). `None` when there
/// is none.
fn replace_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    fn unit(b: &[u8], i: usize) -> Option<u16> {
        if b.get(i) != Some(&b'\\') || b.get(i + 1) != Some(&b'u') {
            return None;
        }
        let hex = std::str::from_utf8(b.get(i + 2..i + 6)?).ok()?;
        u16::from_str_radix(hex, 16).ok()
    }
    let mut out = body.to_vec();
    let mut changed = false;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            i += 1;
            continue;
        }
        match unit(body, i) {
            Some(0xD800..=0xDBFF) => {
                if unit(body, i + 6).is_some_and(|v| (0xDC00..=0xDFFF).contains(&v)) {
                    i += 12;
                    continue;
                }
                out[i + 2..i + 6].copy_from_slice(b"FFFD");
                changed = true;
                i += 6;
            }
            Some(0xDC00..=0xDFFF) => {
                out[i + 2..i + 6].copy_from_slice(b"FFFD");
                changed = true;
                i += 6;
            }
            // Any other escape, `\\` included, is two bytes (a `\u` one six).
            Some(_) => i += 6,
            None => i += 2,
        }
    }
    changed.then_some(out)
}

/// The guard's answer to a body the library could not decode, if it deserves one.
fn reject(body: &[u8]) -> Option<Value> {
    let parsed: Result<Value, _> = serde_json::from_slice(body);
    let Ok(v) = parsed else {
        return Some(json!({"jsonrpc": "2.0", "id": null,
            "error": {"code": -32700, "message": "Parse error: the message is not JSON"}}));
    };
    if serde_json::from_value::<Request>(v.clone()).is_ok()
        || serde_json::from_value::<Response>(v.clone()).is_ok()
    {
        return None;
    }
    let id = v
        .get("id")
        .filter(|id| id.is_string() || id.is_number())
        .cloned();
    Some(json!({"jsonrpc": "2.0", "id": id.unwrap_or(Value::Null),
        "error": {"code": -32600, "message": "Invalid request: not a JSON-RPC 2.0 message"}}))
}

/// A notification to the client from the guard itself.
fn log_message(kind: u8, message: &str) -> Body {
    let m = json!({"jsonrpc": "2.0", "method": "window/logMessage",
        "params": {"type": kind, "message": message}});
    m.to_string().into_bytes()
}

/// What the guard does with one well-framed body.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// Passes to the server as it is.
    Forward,
    /// Passes to the server rewritten (lone surrogates replaced), with a warning to the client.
    Rewrite(Vec<u8>),
    /// Answered here; the server never sees it.
    Answer(Value),
}

fn judge(body: &[u8]) -> Verdict {
    if let Some(fixed) = replace_lone_surrogates(body)
        && serde_json::from_slice::<Value>(body).is_err()
        && reject(&fixed).is_none()
    {
        return Verdict::Rewrite(fixed);
    }
    if let Some(err) = reject(body) {
        return Verdict::Answer(err);
    }
    // A `$/` request the server does not know is answered as the protocol asks; `$/`
    // notifications may be ignored, and the server does.
    if let Ok(v) = serde_json::from_slice::<Value>(body)
        && let Some(method) = v.get("method").and_then(Value::as_str)
        && method.starts_with("$/")
        && let Some(id) = v.get("id")
    {
        return Verdict::Answer(json!({"jsonrpc": "2.0", "id": id,
            "error": {"code": -32601, "message": format!("Method not found: {method}")}}));
    }
    Verdict::Forward
}

/// Whether a body is the `exit` notification.
fn is_exit(body: &[u8]) -> bool {
    body.windows(6).any(|w| w == b"\"exit\"")
        && serde_json::from_slice::<Value>(body)
            .is_ok_and(|v| v.get("method").and_then(Value::as_str) == Some("exit"))
}

/// Copies well-formed messages from `input` to the server; answers the others on `replies`.
/// Returns when the input ends or after the client's `exit`.
pub async fn guard_input<R, W>(input: R, mut server: W, replies: mpsc::Sender<Body>, limits: Limits)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = BufReader::new(input);
    loop {
        let mut body = match read_body(&mut r, limits).await {
            Ok(Read::End) => break,
            Ok(Read::Body(b)) => b,
            Ok(Read::Bad(e)) => {
                tracing::warn!("unreadable message header: {e}");
                let err = json!({"jsonrpc": "2.0", "id": null,
                    "error": {"code": -32700, "message": format!("Parse error: {e}")}});
                let _ = replies.send(err.to_string().into_bytes()).await;
                continue;
            }
            Err(e) => {
                tracing::warn!("reading standard input: {e}");
                break;
            }
        };
        match judge(&body) {
            Verdict::Forward => {}
            Verdict::Rewrite(fixed) => {
                let m = "a message held a lone UTF-16 surrogate; it was read as U+FFFD";
                tracing::warn!("{m}");
                let _ = replies.send(log_message(2, m)).await;
                body = fixed;
            }
            Verdict::Answer(err) => {
                tracing::warn!(
                    "answered a message the server cannot take: {:.120}",
                    String::from_utf8_lossy(&body)
                );
                let _ = replies.send(err.to_string().into_bytes()).await;
                continue;
            }
        }
        let exit = is_exit(&body);
        if server.write_all(&frame(&body)).await.is_err() || server.flush().await.is_err() {
            break;
        }
        if exit {
            break;
        }
    }
    // End of input: the server sees it too and stops.
    let _ = server.shutdown().await;
}

/// The server's own output is trusted: no size limit.
const SERVER_OUTPUT: Limits = Limits {
    max_message: usize::MAX,
    max_header_line: 8 << 10,
};

/// Splits the server's output into whole messages.
pub async fn read_frames<R: AsyncRead + Unpin>(output: R, frames: mpsc::Sender<Body>) {
    let mut r = BufReader::new(output);
    loop {
        match read_body(&mut r, SERVER_OUTPUT).await {
            Ok(Read::Body(body)) => {
                if frames.send(body).await.is_err() {
                    return;
                }
            }
            Ok(Read::Bad(e)) => tracing::error!("unframed server output: {e}"),
            Ok(Read::End) | Err(_) => return,
        }
    }
}

/// Standard output written straight to its descriptor: `std::io::Stdout` keeps a line
/// buffer, which searches every write for its last line break (all of a long story's
/// diagnostics, which hold none).
pub fn stdout() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    #[cfg(windows)]
    {
        use std::os::windows::io::AsHandle;
        if let Ok(h) = std::io::stdout().as_handle().try_clone_to_owned() {
            return Box::new(std::fs::File::from(h));
        }
    }
    Box::new(std::io::stdout())
}

/// Writes the messages of the server, the diagnostics it publishes and the guard, each framed,
/// until the server's output ends. The writing is done on a thread of its own, so the runtime
/// never waits on the client reading its pipe, and a message is written as it is, not first
/// copied into a buffer of the runtime's.
pub async fn write_output<W: Write + Send + 'static>(
    out: W,
    mut server: mpsc::Receiver<Body>,
    mut published: mpsc::Receiver<Body>,
    mut guard: mpsc::Receiver<Body>,
) {
    let (to_writer, mut bodies) = mpsc::channel::<Body>(4);
    let writer = std::thread::Builder::new()
        .name("copydesk-stdout".to_string())
        .spawn(move || {
            let mut out = out;
            while let Some(body) = bodies.blocking_recv() {
                let head = format!("Content-Length: {}\r\n\r\n", body.len());
                let wrote = out
                    .write_all(head.as_bytes())
                    .and_then(|()| out.write_all(&body))
                    .and_then(|()| out.flush());
                if wrote.is_err() {
                    return;
                }
            }
        });
    let Ok(writer) = writer else {
        tracing::error!("cannot start the thread that writes standard output");
        return;
    };
    loop {
        let body = tokio::select! {
            biased;
            b = server.recv() => match b {
                Some(b) => b,
                None => {
                    // The server's output has ended: what is still waiting goes out too.
                    let mut rest = Vec::new();
                    while let Ok(b) = published.try_recv() {
                        rest.push(b);
                    }
                    while let Ok(b) = guard.try_recv() {
                        rest.push(b);
                    }
                    for b in rest {
                        if to_writer.send(b).await.is_err() {
                            break;
                        }
                    }
                    break;
                }
            },
            Some(b) = published.recv() => b,
            Some(b) = guard.recv() => b,
        };
        if to_writer.send(body).await.is_err() {
            break;
        }
    }
    // Everything sent is written before this returns.
    drop(to_writer);
    let _ = tokio::task::spawn_blocking(move || writer.join()).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_the_library_cannot_read() {
        assert_eq!(reject(b"{nope").unwrap()["error"]["code"], -32700);
        let e = reject(br#"{"jsonrpc":"2.0","id":4,"method":7}"#).unwrap();
        assert_eq!(
            (e["id"].clone(), e["error"]["code"].clone()),
            (json!(4), json!(-32600))
        );
        assert!(reject(br#"{"jsonrpc":"2.0","id":4,"method":"shutdown"}"#).is_none());
        assert!(reject(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#).is_none());
        assert!(reject(br#"{"jsonrpc":"2.0","id":4,"result":null}"#).is_none());
    }

    /// A writer that keeps what it is given, to read after the writing thread is done.
    #[derive(Clone, Default)]
    struct Kept(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Kept {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writes_every_message_framed_and_in_order_before_it_returns() {
        let out = Kept::default();
        let (server_tx, server) = mpsc::channel(4);
        let (published_tx, published) = mpsc::channel(4);
        let (_guard_tx, guard) = mpsc::channel::<Body>(4);
        let long = format!(r#"{{"d":"{}"}}"#, "x".repeat(200_000));
        let writing = tokio::spawn(write_output(out.clone(), server, published, guard));
        server_tx.send(br#"{"id":1}"#.to_vec()).await.unwrap();
        published_tx.send(long.clone().into_bytes()).await.unwrap();
        server_tx.send(br#"{"id":2}"#.to_vec()).await.unwrap();
        drop(server_tx);
        writing.await.unwrap();
        let written = out.0.lock().unwrap().clone();
        // Every message whole, each after its own header; the server's in their order (the
        // writer takes the server's first when both wait).
        let mut rest = written.as_slice();
        let mut bodies = Vec::new();
        while !rest.is_empty() {
            let end = rest.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
            let head = std::str::from_utf8(&rest[..end]).unwrap();
            let n: usize = head
                .strip_prefix("Content-Length: ")
                .unwrap()
                .parse()
                .unwrap();
            bodies.push(rest[end + 4..end + 4 + n].to_vec());
            rest = &rest[end + 4 + n..];
        }
        assert_eq!(bodies.len(), 3);
        let servers: Vec<&Vec<u8>> = bodies.iter().filter(|b| b.len() == 8).collect();
        assert_eq!(
            servers,
            [&br#"{"id":1}"#.to_vec(), &br#"{"id":2}"#.to_vec()]
        );
        assert!(
            bodies.iter().any(|b| *b == long.as_bytes()),
            "the long body whole"
        );
    }

    async fn reads(input: &[u8], limits: Limits) -> Vec<Read> {
        let mut r = BufReader::new(input);
        let mut out = Vec::new();
        loop {
            match read_body(&mut r, limits).await.unwrap() {
                Read::End => return out,
                x => out.push(x),
            }
        }
    }

    fn body(s: &str) -> Read {
        Read::Body(s.as_bytes().to_vec())
    }

    #[tokio::test]
    async fn frames_survive_garbage_between_them() {
        let input = b"Content-Length: 5\r\n\r\n{nopeContent-Length: 2\r\n\r\n{}\r\nnot a header\r\nContent-Length: 2\r\n\r\n[]";
        assert_eq!(
            reads(input, Limits::default()).await,
            [body("{nope"), body("{}"), body("[]")]
        );
    }

    #[tokio::test]
    async fn a_short_content_length_loses_one_message_only() {
        // Counted in characters, not bytes: the body's last bytes run into the next header.
        let first = "{\"a\":\"\u{201c}x\u{201d}\"}";
        let input = format!(
            "Content-Length: {}\r\n\r\n{first}Content-Length: 2\r\n\r\n{{}}Content-Length: 2\r\n\r\n[]",
            first.chars().count()
        );
        let got = reads(input.as_bytes(), Limits::default()).await;
        assert_eq!(got[1..], [body("{}"), body("[]")]);
    }

    #[tokio::test]
    async fn oversized_and_unparsable_lengths_are_skipped() {
        let input = b"Content-Length: 1000000000000\r\n\r\n{\"x\":1}Content-Length: 2\r\n\r\n{}\
Content-Length: 18446744073709551615\r\n\r\nContent-Length: 99999999999999999999999\r\n\r\nContent-Length: 2\r\n\r\n[]";
        let got = reads(input, Limits::default()).await;
        assert!(
            matches!(&got[0], Read::Bad(m) if m.contains("1000000000000 bytes is over the limit")),
            "{got:?}"
        );
        assert_eq!(got[1], body("{}"));
        assert!(
            matches!(&got[2], Read::Bad(m) if m.contains("over the limit")),
            "{got:?}"
        );
        assert!(
            matches!(&got[3], Read::Bad(m) if m.contains("bad Content-Length")),
            "{got:?}"
        );
        assert_eq!(got[4], body("[]"));
    }

    #[tokio::test]
    async fn header_lines_cost_bounded_memory_and_may_hold_any_byte() {
        let limits = Limits {
            max_message: 1 << 10,
            max_header_line: 64,
        };
        let mut r = BufReader::new(&[b'x'; 100_000][..]);
        let line = read_line(&mut r, limits.max_header_line)
            .await
            .unwrap()
            .unwrap();
        assert!(line.len() <= 128, "{}", line.len());
        let mut input = vec![b'y'; 50_000];
        input.extend_from_slice(b"\xff\xfe: \xc3\r\nContent-Length: 2\r\n\r\n{}");
        assert_eq!(reads(&input, limits).await, [body("{}")]);
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let fix =
            |s: &str| replace_lone_surrogates(s.as_bytes()).map(|b| String::from_utf8(b).unwrap());
        assert_eq!(
            fix(r#"{"t":"a\ud800b"}"#).as_deref(),
            Some(r#"{"t":"a\uFFFDb"}"#)
        );
        assert_eq!(
            fix(r#"{"t":"\udc00"}"#).as_deref(),
            Some(r#"{"t":"\uFFFD"}"#)
        );
        assert_eq!(fix(r#"{"t":"\ud83d\ude00 \\ud800 \n"}"#), None);
        assert_eq!(
            judge(br#"{"jsonrpc":"2.0","method":"x","params":{"t":"\ud800"}}"#),
            Verdict::Rewrite(br#"{"jsonrpc":"2.0","method":"x","params":{"t":"\uFFFD"}}"#.to_vec())
        );
    }

    #[test]
    fn unknown_dollar_requests_are_answered_and_notifications_pass() {
        let Verdict::Answer(a) = judge(br#"{"jsonrpc":"2.0","id":3,"method":"$/nothing"}"#) else {
            panic!("not answered");
        };
        assert_eq!(
            (a["id"].clone(), a["error"]["code"].clone()),
            (json!(3), json!(-32601))
        );
        assert_eq!(
            judge(br#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#),
            Verdict::Forward
        );
        assert!(is_exit(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        assert!(!is_exit(
            br#"{"jsonrpc":"2.0","method":"x","params":"exit"}"#
        ));
    }
}
