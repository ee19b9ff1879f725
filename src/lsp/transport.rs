//! A guard in front of the protocol library's framing. The library stops reading after the
//! first message it cannot decode, so every frame is checked here first: a well-formed one
//! goes on to the server; a body that is not JSON gets a parse error (id null), and a JSON
//! body that is not a JSON-RPC message gets "invalid request" with its id; the server keeps
//! running either way. Replies from the guard and from the server are written to standard
//! output whole, one frame at a time.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// One framed message: `Content-Length` header and body.
pub type Frame = Vec<u8>;

pub fn frame(body: &[u8]) -> Frame {
    let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    f.extend_from_slice(body);
    f
}

/// Reads one frame's body. `Ok(None)` at the end of input; `Err` carries a description of a
/// header that could not be read (the frame is skipped).
async fn read_body<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    let mut len: Option<Result<usize, String>> = None;
    let mut seen_any = false;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            if seen_any {
                break;
            }
            continue;
        }
        seen_any = true;
        if let Some((name, value)) = l.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                len = Some(
                    value
                        .trim()
                        .parse()
                        .map_err(|_| format!("bad Content-Length `{}`", value.trim())),
                );
            }
        } else {
            tracing::warn!("skipped input that is not a header: {:.80}", l);
        }
    }
    match len {
        Some(Ok(n)) => {
            let mut body = vec![0; n];
            r.read_exact(&mut body).await?;
            Ok(Some(Ok(body)))
        }
        Some(Err(e)) => Ok(Some(Err(e))),
        None => Ok(Some(Err("a message without Content-Length".to_string()))),
    }
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

/// Copies well-formed messages from `input` to the server; answers the others on `replies`.
pub async fn guard_input<R, W>(input: R, mut server: W, replies: mpsc::Sender<Frame>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = BufReader::new(input);
    loop {
        let body = match read_body(&mut r).await {
            Ok(None) => break,
            Ok(Some(Ok(b))) => b,
            Ok(Some(Err(e))) => {
                tracing::warn!("unreadable message header: {e}");
                let err = json!({"jsonrpc": "2.0", "id": null,
                    "error": {"code": -32700, "message": format!("Parse error: {e}")}});
                let _ = replies.send(frame(err.to_string().as_bytes())).await;
                continue;
            }
            Err(e) => {
                tracing::warn!("reading standard input: {e}");
                break;
            }
        };
        if let Some(err) = reject(&body) {
            tracing::warn!(
                "rejected a malformed message: {:.120}",
                String::from_utf8_lossy(&body)
            );
            let _ = replies.send(frame(err.to_string().as_bytes())).await;
            continue;
        }
        if server.write_all(&frame(&body)).await.is_err() || server.flush().await.is_err() {
            break;
        }
    }
    // End of input: the server sees it too and stops.
    let _ = server.shutdown().await;
}

/// Splits the server's output into whole frames.
pub async fn read_frames<R: AsyncRead + Unpin>(output: R, frames: mpsc::Sender<Frame>) {
    let mut r = BufReader::new(output);
    loop {
        match read_body(&mut r).await {
            Ok(Some(Ok(body))) => {
                if frames.send(frame(&body)).await.is_err() {
                    return;
                }
            }
            Ok(Some(Err(e))) => tracing::error!("unframed server output: {e}"),
            Ok(None) | Err(_) => return,
        }
    }
}

/// Writes frames from the server and from the guard until the server's output ends.
pub async fn write_output<W: AsyncWrite + Unpin>(
    mut out: W,
    mut server: mpsc::Receiver<Frame>,
    mut guard: mpsc::Receiver<Frame>,
) {
    loop {
        let f = tokio::select! {
            biased;
            f = server.recv() => match f {
                Some(f) => f,
                None => break,
            },
            Some(f) = guard.recv() => f,
        };
        if out.write_all(&f).await.is_err() || out.flush().await.is_err() {
            return;
        }
    }
    let _ = out.flush().await;
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

    #[tokio::test]
    async fn frames_survive_garbage_between_them() {
        let input = b"Content-Length: 5\r\n\r\n{nopeContent-Length: 2\r\n\r\n{}\r\nnot a header\r\nContent-Length: 2\r\n\r\n[]".to_vec();
        let mut r = BufReader::new(&input[..]);
        assert_eq!(
            read_body(&mut r).await.unwrap(),
            Some(Ok(b"{nope".to_vec()))
        );
        assert_eq!(read_body(&mut r).await.unwrap(), Some(Ok(b"{}".to_vec())));
        assert_eq!(read_body(&mut r).await.unwrap(), Some(Ok(b"[]".to_vec())));
        assert_eq!(read_body(&mut r).await.unwrap(), None);
    }
}
