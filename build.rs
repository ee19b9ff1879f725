//! The built-in rule packs are embedded from `rules/`; rebuild when any of them changes.
//!
//! Each file is also parsed here, once, into a compact tree of its TOML values with their
//! places in the file (`$OUT_DIR/rules.bin`, read by `src/rules/compiled.rs`): the binary
//! deserializes its built-in rules from that tree instead of parsing their text at every start.
//! A file that does not parse is left out; the binary then parses its text and reports the
//! error as it would without the tree.
//!
//! The tree, all integers little-endian u32:
//!   file   = path (string), length of the rest (u32), span, table
//!   span   = start, end (bytes in the file)
//!   value  = span, tag (u8), then: 0 string | 1 integer (its TOML text) | 2 float (its TOML
//!            text) | 3 boolean (u8) | 4 date-time (its TOML text) | 5 array (count, values)
//!            | 6 table
//!   table  = count, then per key: span, string, value
//!   string = length, UTF-8 bytes

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut files = Vec::new();
    collect(Path::new("rules"), &mut files);
    files.sort();
    let mut buf = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(root) = DeTable::parse(&text) else {
            continue;
        };
        let rel: Vec<String> = path
            .strip_prefix("rules")
            .expect("under rules/")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let mut tree = Vec::new();
        span(&mut tree, &root.span());
        table(&mut tree, root.get_ref());
        string(&mut buf, &rel.join("/"));
        u32_(&mut buf, tree.len());
        buf.extend(tree);
    }
    std::fs::write(out.join("rules.bin"), buf).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

fn u32_(buf: &mut Vec<u8>, n: usize) {
    let n = u32::try_from(n).expect("rule files are far smaller than 4 GB");
    buf.extend(n.to_le_bytes());
}

fn span(buf: &mut Vec<u8>, s: &std::ops::Range<usize>) {
    u32_(buf, s.start);
    u32_(buf, s.end);
}

fn string(buf: &mut Vec<u8>, s: &str) {
    u32_(buf, s.len());
    buf.extend(s.as_bytes());
}

fn table(buf: &mut Vec<u8>, t: &DeTable<'_>) {
    u32_(buf, t.len());
    for (k, v) in t {
        span(buf, &k.span());
        string(buf, k.get_ref());
        value(buf, v);
    }
}

fn value(buf: &mut Vec<u8>, v: &Spanned<DeValue<'_>>) {
    span(buf, &v.span());
    match v.get_ref() {
        DeValue::String(s) => {
            buf.push(0);
            string(buf, s);
        }
        DeValue::Integer(i) => {
            buf.push(1);
            let prefix = match i.radix() {
                16 => "0x",
                8 => "0o",
                2 => "0b",
                _ => "",
            };
            string(buf, &format!("{prefix}{}", i.as_str()));
        }
        DeValue::Float(f) => {
            buf.push(2);
            string(buf, f.as_str());
        }
        DeValue::Boolean(b) => {
            buf.push(3);
            buf.push(u8::from(*b));
        }
        DeValue::Datetime(d) => {
            buf.push(4);
            string(buf, &d.to_string());
        }
        DeValue::Array(a) => {
            buf.push(5);
            u32_(buf, a.len());
            for x in a.iter() {
                value(buf, x);
            }
        }
        DeValue::Table(t) => {
            buf.push(6);
            table(buf, t);
        }
    }
}
