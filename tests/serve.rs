//! End-to-end tests of `copydesk serve`: the real binary on 127.0.0.1, spoken to over plain
//! HTTP/1.1 sockets. The seed story's findings through `/v1` and `/v2` are those of
//! `copydesk check --format json` over the same project; bad requests get their exact errors
//! and the server goes on answering.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");

fn seed_text() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seed/washington-peace-talks-2025-11-26.txt");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A project folder whose copydesk.toml dates its stories 2025-11-26 (the seed's date), so
/// that requests without a date (LanguageTool's have none) are checked as the CLI checks.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("copydesk.toml");
    std::fs::write(&cfg, "date = \"2025-11-26\"\n").unwrap();
    (dir, cfg)
}

/// A running `copydesk serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(cfg: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--config"])
            .arg(cfg)
            .args(extra)
            .current_dir(cfg.parent().unwrap())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut addr = None;
        let mut line = String::new();
        let mut seen = String::new();
        while addr.is_none() {
            line.clear();
            if err.read_line(&mut line).unwrap() == 0 {
                panic!("copydesk serve stopped before listening: {seen}");
            }
            seen.push_str(&line);
            if let Some(a) = line
                .trim()
                .strip_prefix("copydesk serve: listening on http://")
            {
                addr = Some(a.to_string());
            }
        }
        // The log is read on, so that the server never waits on a full pipe.
        let log = Arc::new(Mutex::new(seen));
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Server {
            child,
            addr: addr.unwrap(),
            log,
        }
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        s
    }

    /// Sends raw bytes, reads the answer to its end: status, headers (lowercased names), body.
    fn raw(&self, request: &[u8]) -> (u16, Vec<(String, String)>, String) {
        let mut s = self.connect();
        s.write_all(request).unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        parse_response(&out)
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &[u8],
    ) -> (u16, Vec<(String, String)>, String) {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        self.raw(&req)
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (s, _, b) = self.request("GET", path, "text/plain", b"");
        (s, b)
    }

    fn json(&self, path: &str, body: &Value) -> (u16, Value) {
        let (s, _, b) = self.request(
            "POST",
            path,
            "application/json",
            body.to_string().as_bytes(),
        );
        (
            s,
            serde_json::from_str(&b).unwrap_or_else(|e| panic!("{e}: {b}")),
        )
    }

    fn form(&self, path: &str, pairs: &[(&str, &str)]) -> (u16, String) {
        let (s, _, b) = self.request(
            "POST",
            path,
            "application/x-www-form-urlencoded",
            form(pairs).as_bytes(),
        );
        (s, b)
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse_response(raw: &[u8]) -> (u16, Vec<(String, String)>, String) {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v == "chunked")
    {
        body = dechunk(&body);
    }
    (status, headers, String::from_utf8(body).unwrap())
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n = usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 4 + n..];
    }
}

/// `application/x-www-form-urlencoded`, written out here rather than by the server's crate.
fn form(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                    (b as char).to_string()
                }
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `copydesk check --format json` of the seed, read from standard input as `seed.txt`.
fn cli_json(cfg: &Path, extra: &[&str]) -> Value {
    let mut child = Command::new(BIN)
        .args(["check", "--format", "json", "--config"])
        .arg(cfg)
        .args(["--stdin-filename", "seed.txt"])
        .args(extra)
        .arg("-")
        .current_dir(cfg.parent().unwrap())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(seed_text().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A finding without the offsets only the server adds.
fn without_offsets(f: &Value) -> Value {
    let mut f = f.clone();
    let o = f.as_object_mut().unwrap();
    for k in ["start_byte", "end_byte", "start_utf16", "end_utf16"] {
        o.remove(k);
    }
    for fix in o["fixes"].as_array_mut().unwrap() {
        for e in fix["edits"].as_array_mut().unwrap() {
            let e = e.as_object_mut().unwrap();
            e.remove("start_utf16");
            e.remove("end_utf16");
        }
    }
    f
}

/// The UTF-16 offset of a 1-based line and column (in characters), counted here.
fn utf16_at(text: &str, line: u64, column: u64) -> usize {
    let mut units = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 + 1 == line {
            return units
                + l.chars()
                    .take(column as usize - 1)
                    .map(char::len_utf16)
                    .sum::<usize>();
        }
        units += l.encode_utf16().count();
    }
    panic!("no line {line}");
}

fn utf16_of_byte(text: &str, byte: usize) -> usize {
    text[..byte].encode_utf16().count()
}

#[test]
fn v1_check_gives_the_findings_of_check_json_with_their_offsets() {
    let (_dir, cfg) = project();
    let server = Server::start(&cfg, &[]);
    let text = seed_text();
    let (status, answer) = server.json(
        "/v1/check",
        &json!({ "text": text, "filename": "seed.txt" }),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["profile"], "ap");
    assert_eq!(answer["date"], "2025-11-26");
    assert_eq!(answer["date_source"], "project");
    assert_eq!(answer["file"], "seed.txt");
    assert_eq!(answer["warnings"], json!([]));
    let found = answer["findings"].as_array().unwrap();
    let cli = cli_json(&cfg, &[]);
    let cli = cli.as_array().unwrap();
    assert!(!cli.is_empty());
    let stripped: Vec<Value> = found.iter().map(without_offsets).collect();
    assert_eq!(&stripped, cli);
    for f in found {
        let (s, e) = (
            f["start_byte"].as_u64().unwrap() as usize,
            f["end_byte"].as_u64().unwrap() as usize,
        );
        assert_eq!(text[s..e], *f["text"].as_str().unwrap());
        assert_eq!(f["start_utf16"], utf16_of_byte(&text, s));
        assert_eq!(f["end_utf16"], utf16_of_byte(&text, e));
        for e in f["fixes"][0]["edits"].as_array().unwrap() {
            let b = e["start_byte"].as_u64().unwrap() as usize;
            assert_eq!(e["start_utf16"], utf16_of_byte(&text, b));
        }
    }
    // The four Zelenskiy findings, exactly: after the curly quotes of line 6 the byte and UTF-16
    // offsets part.
    let names: Vec<(u64, u64, u64, u64, &str)> = found
        .iter()
        .filter(|f| f["rule"] == "ap.names.spelling" && f["text"] == "Zelenskiy")
        .map(|f| {
            (
                f["start_byte"].as_u64().unwrap(),
                f["end_byte"].as_u64().unwrap(),
                f["start_utf16"].as_u64().unwrap(),
                f["end_utf16"].as_u64().unwrap(),
                f["replacement"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            (243, 252, 243, 252, "Zelenskyy"),
            (1109, 1118, 1105, 1114, "Zelenskyy"),
            (1667, 1676, 1657, 1666, "Zelenskyy"),
            (1828, 1837, 1818, 1827, "Zelenskyy"),
        ]
    );
    // A request's profile and levels are explicit choices, like --profile and the levels of
    // a project file.
    let (status, reuters) = server.json(
        "/v1/check",
        &json!({ "text": text, "filename": "seed.txt", "profile": "reuters", "date": "2025-11-26" }),
    );
    assert_eq!(status, 200);
    // The date given, like --date (the project's own date is its `date_source` otherwise).
    let cli_reuters = cli_json(&cfg, &["--profile", "reuters", "--date", "2025-11-26"]);
    let stripped: Vec<Value> = reuters["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(without_offsets)
        .collect();
    assert_eq!(stripped, *cli_reuters.as_array().unwrap());
    let (status, quiet) = server.json(
        "/v1/check",
        &json!({ "text": text, "levels": { "ap.names": "off", "ap.nmes.spelling": "off" } }),
    );
    assert_eq!(status, 200);
    let rules: Vec<&str> = quiet["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.is_empty() && rules.iter().all(|r| !r.starts_with("ap.names.")));
    assert_eq!(
        quiet["warnings"],
        json!([
            "the request's `levels`: no rule or category `ap.nmes.spelling` in profile `ap`; did you mean `ap.names.spelling`?"
        ])
    );
}

#[test]
fn v1_fix_applies_the_safe_fixes_as_check_fix_does() {
    let (_dir, cfg) = project();
    let server = Server::start(&cfg, &[]);
    let text = seed_text();
    let (status, answer) = server.json("/v1/fix", &json!({ "text": text, "filename": "seed.txt" }));
    assert_eq!(status, 200, "{answer}");
    let mut child = Command::new(BIN)
        .args(["check", "--fix", "--config"])
        .arg(&cfg)
        .args(["--stdin-filename", "seed.txt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let cli_fixed = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    let fixed = answer["text"].as_str().unwrap();
    assert_eq!(fixed, cli_fixed);
    assert_eq!(answer["settled"], true);
    assert!(!fixed.contains("Zelenskiy") && fixed.matches("Zelenskyy").count() == 4);
    // Quotations stay as written.
    assert!(fixed.contains("“tremendous progress”") && fixed.contains("“common understanding”"));
    let applied = answer["applied"].as_array().unwrap();
    assert_eq!(answer["fixed"], applied.len());
    assert!(applied.contains(&json!({
        "found": "Zelenskiy", "pass": 1, "replacement": "Zelenskyy", "rule": "ap.names.spelling"
    })));
    // What is left is what a check of the fixed text finds.
    let (_, again) = server.json(
        "/v1/check",
        &json!({ "text": fixed, "filename": "seed.txt" }),
    );
    assert_eq!(again["findings"], answer["findings"]);
}

#[test]
fn v2_check_speaks_languagetool() {
    let (_dir, cfg) = project();
    let server = Server::start(&cfg, &[]);
    let text = seed_text();
    let (status, body) = server.form("/v2/check", &[("text", &text), ("language", "en-US")]);
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["software"]["name"], "copydesk");
    assert_eq!(answer["language"]["code"], "en-US");
    let matches = answer["matches"].as_array().unwrap();
    let cli = cli_json(&cfg, &[]);
    let want: Vec<(String, String, usize, usize, Option<String>)> = cli
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let start = utf16_at(
                &text,
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            );
            let end = utf16_at(
                &text,
                f["end_line"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
            );
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                start,
                end - start,
                f["replacement"].as_str().map(str::to_string),
            )
        })
        .collect();
    let have: Vec<(String, String, usize, usize, Option<String>)> = matches
        .iter()
        .map(|m| {
            (
                m["rule"]["id"].as_str().unwrap().to_string(),
                m["message"].as_str().unwrap().to_string(),
                m["offset"].as_u64().unwrap() as usize,
                m["length"].as_u64().unwrap() as usize,
                m["replacements"][0]["value"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(have, want);
    // The third Zelenskiy, after the curly quotes: its match in full.
    let units: Vec<u16> = text.encode_utf16().collect();
    let m = matches
        .iter()
        .find(|m| m["offset"] == 1657)
        .expect("the Zelenskiy match at 1657");
    assert_eq!(String::from_utf16(&units[1657..1666]).unwrap(), "Zelenskiy");
    assert_eq!(m["length"], 9);
    assert_eq!(m["replacements"], json!([{ "value": "Zelenskyy" }]));
    assert_eq!(m["rule"]["id"], "ap.names.spelling");
    assert_eq!(m["rule"]["issueType"], "misspelling");
    assert_eq!(
        m["rule"]["category"],
        json!({ "id": "NAME", "name": "Names" })
    );
    assert_eq!(m["shortMessage"], "Names");
    assert_eq!(
        m["sentence"],
        "Ukrainian and US delegations reported reaching a “common understanding” on core terms, and plans for a Zelenskiy visit to the US are reportedly underway."
    );
    assert_eq!(
        m["context"],
        json!({
            "text": "tanding” on core terms, and plans for a Zelenskiy visit to the US are reportedly underway",
            "offset": 40,
            "length": 9,
        })
    );
    assert!(!m["rule"]["description"].as_str().unwrap().is_empty());

    // disabledRules, enabledOnly with enabledRules, and a category.
    let (_, body) = server.form(
        "/v2/check",
        &[
            ("text", &text),
            ("language", "en-US"),
            ("disabledRules", "ap.names.spelling,ap.usage"),
        ],
    );
    let ids = rule_ids(&body);
    assert!(!ids.is_empty());
    assert!(
        ids.iter()
            .all(|r| r != "ap.names.spelling" && !r.starts_with("ap.usage."))
    );
    let (_, body) = server.form(
        "/v2/check",
        &[
            ("text", &text),
            ("language", "en"),
            ("enabledOnly", "true"),
            ("enabledRules", "ap.names.spelling"),
        ],
    );
    let names = want.iter().filter(|w| w.0 == "ap.names.spelling").count();
    assert!(names >= 4);
    assert_eq!(rule_ids(&body), vec!["ap.names.spelling"; names]);
    let (_, body) = server.form(
        "/v2/check",
        &[
            ("text", &text),
            ("language", "auto"),
            ("enabledOnly", "true"),
            ("enabledCategories", "NAME"),
        ],
    );
    assert!(rule_ids(&body).iter().all(|r| r.starts_with("ap.names.")));
    // A house as a private-use language subtag.
    let (status, body) = server.form(
        "/v2/check",
        &[("text", &text), ("language", "en-US-x-reuters")],
    );
    assert_eq!(status, 200);
    let ids = rule_ids(&body);
    assert!(!ids.is_empty() && ids.iter().all(|r| r.starts_with("reuters.")));
    assert!(!ids.iter().any(|r| r == "reuters.names.spelling"));
    // The same story as GET parameters.
    let (status, body) = server.get(&format!(
        "/v2/check?{}",
        form(&[("text", &text), ("language", "en-US")])
    ));
    assert_eq!(status, 200);
    assert_eq!(rule_ids(&body).len(), want.len());
}

fn rule_ids(body: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["rule"]["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn v2_data_offsets_count_the_markup() {
    let (_dir, cfg) = project();
    let server = Server::start(&cfg, &[]);
    // `<p>` reads as nothing, `<br/>` as a line break; offsets are of the text as sent, with
    // its markup: "<p>Ukrainian President " is 23 units, the emoji two, "<br/>" five.
    let data = json!({ "annotation": [
        { "markup": "<p>" },
        { "text": "Ukrainian President " },
        { "text": "Zelenskiy 🙂 met the US envoy." },
        { "markup": "<br/>", "interpretAs": "\n" },
        { "text": "The US push." },
    ]});
    let (status, body) = server.form(
        "/v2/check",
        &[
            ("data", &data.to_string()),
            ("language", "en-US"),
            ("enabledOnly", "true"),
            ("enabledRules", "ap.names.spelling,ap.usage.us"),
        ],
    );
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    let got: Vec<(String, u64, u64)> = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["rule"]["id"].as_str().unwrap().to_string(),
                m["offset"].as_u64().unwrap(),
                m["length"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("ap.names.spelling".into(), 23, 9),
            ("ap.usage.us".into(), 44, 2),
            ("ap.usage.us".into(), 62, 2),
        ]
    );
}

#[test]
fn v2_languages_lists_english_and_each_house() {
    let (_dir, cfg) = project();
    let server = Server::start(&cfg, &[]);
    let (status, body) = server.get("/v2/languages");
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    let long: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["longCode"].as_str().unwrap())
        .collect();
    assert_eq!(
        long,
        ["en", "en-US", "en-GB", "en-US-x-ap", "en-US-x-reuters"]
    );
    assert!(v.as_array().unwrap().iter().all(|l| l["code"] == "en"));
}

#[test]
fn rules_explain_profiles_health_and_page() {
    let (_dir, cfg) = project();
    let server = Server::start(&cfg, &[]);
    assert_eq!(server.get("/healthz"), (200, r#"{"status":"ok"}"#.into()));
    let (status, body) = server.get("/v1/profiles");
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({ "default": "ap", "profiles": ["ap", "reuters"] })
    );
    let (status, body) = server.get("/v1/rules?profile=reuters");
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    let cli = Command::new(BIN)
        .args(["rules", "--profile", "reuters"])
        .output()
        .unwrap();
    let cli_ids: Vec<String> = String::from_utf8(cli.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let ids: Vec<String> = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(v["profile"], "reuters");
    assert_eq!(ids, cli_ids);
    let (status, body) = server.get("/v1/explain/ap.names.spelling");
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["rule"]["id"], "ap.names.spelling");
    assert_eq!(v["rule"]["category"], "name");
    let (status, body) = server.get("/v1/explain/Zelenskiy");
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["name"]["name"], "Volodymyr Zelenskyy");
    assert!(
        v["name"]["flagged"]
            .as_array()
            .unwrap()
            .contains(&json!("Volodymyr Zelenskiy"))
    );
    let (status, body) = server.get("/v1/explain/Zelenskiy?profile=reuters");
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["name"]["name"],
        "Volodymyr Zelenskiy"
    );
    let (status, headers, body) = server.request("GET", "/", "text/plain", b"");
    assert_eq!(status, 200);
    assert!(headers.contains(&("content-type".into(), "text/html; charset=utf-8".into())));
    assert!(body.contains("<label for=\"story\"") && body.contains("app.js"));
    assert_eq!(server.get("/app.js").0, 200);
    assert_eq!(server.get("/app.css").0, 200);
}

#[test]
fn bad_requests_get_their_exact_errors_and_the_server_goes_on() {
    let (_dir, cfg) = project();
    let server = Server::start(&cfg, &["--max-body", "65536"]);
    let err = |path: &str, body: &[u8]| {
        let (s, h, b) = server.request("POST", path, "application/json", body);
        assert!(
            h.contains(&("content-type".into(), "application/json".into())),
            "{h:?}"
        );
        (s, b)
    };
    let cases: Vec<(&[u8], u16, &str)> = vec![
        (
            b"{\"text\": ",
            400,
            r#"{"code":"bad_json","error":"the request body is not the JSON this endpoint takes: EOF while parsing a value at line 1 column 9"}"#,
        ),
        (
            b"[1, 2]",
            400,
            r#"{"code":"bad_json","error":"the request body is not the JSON this endpoint takes: invalid type: integer `1`, expected a string at line 1 column 2"}"#,
        ),
        (
            b"{\"txt\": \"x\"}",
            400,
            r#"{"code":"bad_json","error":"the request body is not the JSON this endpoint takes: unknown field `txt`, expected one of `text`, `filename`, `profile`, `date`, `levels` at line 1 column 6"}"#,
        ),
        (
            b"{\"text\": \"x\", \"profile\": \"../../etc\"}",
            400,
            r#"{"code":"unknown_profile","error":"the request's `profile`: unknown profile `../../etc`; this server has ap, reuters"}"#,
        ),
        (
            b"{\"text\": \"x\", \"date\": \"26 Nov\"}",
            400,
            r#"{"code":"bad_date","error":"the request's `date`: `26 Nov` is not a date (YYYY-MM-DD)"}"#,
        ),
        (
            b"{\"text\": \"x\", \"levels\": {\"usage\": \"loud\"}}",
            400,
            r#"{"code":"bad_level","error":"the request's `levels`: `loud` (for `usage`) is not a level (error, warning, info, hint, off)"}"#,
        ),
        (
            b"\xff\xfe{}",
            400,
            r#"{"code":"bad_json","error":"the request body is not the JSON this endpoint takes: expected value at line 1 column 1"}"#,
        ),
    ];
    for (body, status, want) in &cases {
        for path in ["/v1/check", "/v1/fix"] {
            assert_eq!(
                err(path, body),
                (*status, want.to_string()),
                "{path} {:?}",
                String::from_utf8_lossy(body)
            );
        }
    }
    let big = json!({ "text": "x".repeat(70_000) }).to_string();
    assert_eq!(
        err("/v1/check", big.as_bytes()),
        (
            413,
            r#"{"code":"too_large","error":"the request body is larger than this server's limit of 65536 bytes"}"#.into()
        )
    );
    let (s, _, b) = server.request(
        "POST",
        "/v2/check",
        "application/x-www-form-urlencoded",
        form(&[("text", &"x".repeat(70_000)), ("language", "en")]).as_bytes(),
    );
    assert_eq!(
        (s, b.as_str()),
        (
            413,
            "Error: the request body is larger than this server's limit of 65536 bytes\n"
        )
    );
    // LanguageTool's endpoints answer in plain text, as LanguageTool does.
    let v2 = [
        (vec![("text", "x")], "Error: missing 'language' parameter\n"),
        (
            vec![("language", "en-US")],
            "Error: missing 'text' or 'data' parameter\n",
        ),
        (
            vec![("text", "x"), ("language", "de-DE")],
            "Error: 'de-DE' is not a language code copydesk knows: it reads English (en, en-US, en-US-x-PROFILE for a house; see /v2/languages)\n",
        ),
        (
            vec![("text", "x"), ("language", "en-US-x-nowhere")],
            "Error: the language's house (`-x-PROFILE`): unknown profile `nowhere`; this server has ap, reuters\n",
        ),
        (
            vec![("text", "x"), ("language", "en"), ("enabledOnly", "true")],
            "Error: 'enabledOnly' needs 'enabledRules' or 'enabledCategories'\n",
        ),
        (
            vec![("data", "{\"annotation\": 3}"), ("language", "en")],
            "Error: the 'data' parameter is not valid: invalid type: integer `3`, expected a sequence at line 1 column 16\n",
        ),
    ];
    for (pairs, want) in &v2 {
        assert_eq!(server.form("/v2/check", pairs), (400, want.to_string()));
    }
    // Unknown paths and methods, a bad explain.
    assert_eq!(
        server.get("/v1/nothing"),
        (
            404,
            r#"{"code":"not_found","error":"no such endpoint; see docs/serve.md"}"#.into()
        )
    );
    assert_eq!(
        server.get("/v1/check"),
        (405, r#"{"code":"method_not_allowed","error":"this endpoint does not take that method; see docs/serve.md"}"#.into())
    );
    assert_eq!(
        server.get("/v1/explain/Nobody%20At%20All"),
        (404, r#"{"code":"not_found","error":"`Nobody At All` is neither a rule of profile `ap` nor a name copydesk knows"}"#.into())
    );
    assert_eq!(
        server.get("/v1/rules?profile=nowhere"),
        (400, r#"{"code":"unknown_profile","error":"the query's `profile`: unknown profile `nowhere`; this server has ap, reuters"}"#.into())
    );
    // Bytes that are not HTTP, and a connection closed mid-body.
    let (s, _, _) = server.raw(b"\x00\x01garbage\r\n\r\n");
    assert_eq!(s, 400);
    {
        let mut c = server.connect();
        c.write_all(
            b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"text\":",
        )
        .unwrap();
    }
    // Text the engine finds hard to read: control characters, lone marks, a long line.
    let odd = format!(
        "\u{0}\u{feff}\r\r\n\u{301}“{}\u{10ffff}",
        "US ".repeat(20_000)
    );
    let (s, v) = server.json("/v1/check", &json!({ "text": odd, "filename": "x.md" }));
    assert_eq!(s, 200, "{v}");
    // And the server answers as before.
    assert_eq!(server.get("/healthz"), (200, r#"{"status":"ok"}"#.into()));
    let (s, v) = server.json(
        "/v1/check",
        &json!({ "text": seed_text(), "filename": "seed.txt" }),
    );
    assert_eq!(s, 200);
    assert_eq!(
        v["findings"].as_array().unwrap().len(),
        cli_json(&cfg, &[]).as_array().unwrap().len()
    );
    // Each request is logged.
    let log = server.log();
    assert!(log.contains("POST /v1/check 413"), "{log}");
    assert!(log.contains("GET /healthz 200"), "{log}");
}

#[test]
fn requests_over_the_limit_are_refused_and_sigterm_stops_it_gracefully() {
    let (_dir, cfg) = project();
    let mut server = Server::start(&cfg, &["--max-requests", "1"]);
    // One request in hand, its body not yet sent: the next is refused at once. A probe sent
    // before the held request is admitted can race it and have it refused instead; then the
    // probe is let in, and the hold is tried again with a new connection.
    let deadline = Instant::now() + Duration::from_secs(20);
    let (mut held, (status, headers, body)) = loop {
        let mut held = server.connect();
        held.write_all(
            b"POST /v1/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n{\"text\":",
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(100));
        let r = server.request("GET", "/healthz", "text/plain", b"");
        if r.0 == 503 || Instant::now() > deadline {
            break (held, r);
        }
    };
    assert_eq!(status, 503, "{}", server.log());
    assert_eq!(
        body,
        r#"{"code":"busy","error":"the server is handling as many requests as it may"}"#
    );
    assert!(headers.contains(&("retry-after".into(), "1".into())));
    // SIGTERM while that request is in hand: it is finished, then the server stops with 0.
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    std::thread::sleep(Duration::from_millis(300));
    held.write_all(b"\"x\"}  ").unwrap();
    let mut out = Vec::new();
    held.read_to_end(&mut out).unwrap();
    let (status, _, body) = parse_response(&out);
    assert_eq!(status, 200, "{body}");
    let deadline = Instant::now() + Duration::from_secs(20);
    let code = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(code.code(), Some(0));
    std::thread::sleep(Duration::from_millis(100));
    let log = server.log();
    assert!(log.contains("shutting down"), "{log}");
    assert!(log.contains("POST /v1/check 200"), "{log}");
}

#[test]
fn a_project_that_does_not_load_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("copydesk.toml");
    std::fs::write(&cfg, "profile = \"nowhere\"\n").unwrap();
    let out = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.ends_with(&format!(
            "error: {}:1:11: unknown profile `nowhere`: not a built-in profile (ap, reuters) nor a folder\n",
            cfg.display()
        )),
        "{err}"
    );
}
