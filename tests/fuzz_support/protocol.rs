//! The property the `protocol` fuzz target checks: the language server's input guard
//! (`src/lsp/transport.rs`, compiled in here by path) against arbitrary bytes on standard input.
//! Whatever arrives, it ends when the input does, never panics, passes on to the protocol
//! library only whole frames of JSON-RPC messages within the size limit, and answers or logs
//! everything else in well-formed messages.

#![allow(dead_code)]

#[path = "../../src/lsp/transport.rs"]
mod transport;

use serde_json::Value;
use tokio::io::AsyncReadExt;

/// Small limits, so that the fuzzer meets them.
const LIMITS: transport::Limits = transport::Limits {
    max_message: 4096,
    max_header_line: 256,
};

/// Splits `bytes` into frames written as `Content-Length: N\r\n\r\n` and N bytes.
fn frames(mut bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let head = b"Content-Length: ";
        assert!(
            bytes.starts_with(head),
            "not a frame: {:?}",
            &bytes[..bytes.len().min(40)]
        );
        let end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header ends");
        let n: usize = std::str::from_utf8(&bytes[head.len()..end])
            .expect("an ASCII length")
            .parse()
            .expect("a length");
        let body = &bytes[end + 4..];
        assert!(body.len() >= n, "a frame shorter than its length");
        out.push(&body[..n]);
        bytes = &body[n..];
    }
    out
}

pub fn protocol(data: &[u8]) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (forwarded, replies) = rt.block_on(async {
        let (to_server, mut server) = tokio::io::duplex(1 << 16);
        let (tx, mut rx) = tokio::sync::mpsc::channel(16);
        let guard = transport::guard_input(data, to_server, tx, LIMITS);
        let read_server = async {
            let mut out = Vec::new();
            let _ = server.read_to_end(&mut out).await;
            out
        };
        let read_replies = async {
            let mut out = Vec::new();
            while let Some(f) = rx.recv().await {
                out.push(f);
            }
            out
        };
        let ((), forwarded, replies) = tokio::join!(guard, read_server, read_replies);
        (forwarded, replies)
    });
    let mut total = 0;
    for body in frames(&forwarded) {
        assert!(
            body.len() <= LIMITS.max_message,
            "a message over the limit went on"
        );
        let v: Value = serde_json::from_slice(body).expect("what goes on is JSON");
        assert_eq!(v["jsonrpc"], "2.0", "what goes on is JSON-RPC: {v}");
        total += body.len();
    }
    // The guard adds nothing to what it passes on (a rewritten surrogate keeps its length).
    assert!(
        total <= data.len(),
        "{total} bytes passed on from {}",
        data.len()
    );
    // Replies are bodies, framed by the writer of standard output.
    for body in &replies {
        let v: Value = serde_json::from_slice(body).expect("a reply is one JSON message");
        assert_eq!(v["jsonrpc"], "2.0");
        assert!(
            v.get("error").is_some() || v["method"] == "window/logMessage",
            "a reply is an error or a log message: {v}"
        );
    }
}
