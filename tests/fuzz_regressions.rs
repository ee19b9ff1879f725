//! Every input saved under `tests/fuzz_corpus/<target>/` (crashes the fuzz targets found, once
//! fixed, and a few seeds) runs through the same checks the fuzz targets make.

mod fuzz_support;
#[path = "fuzz_support/protocol.rs"]
mod protocol;

use std::path::Path;

fn run(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    for f in files {
        let data = std::fs::read(&f).expect("readable input");
        let name = f.display().to_string();
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("{name} fails");
        }
    }
}

#[test]
fn document_inputs() {
    run("document", fuzz_support::document);
}

#[test]
fn line_index_inputs() {
    run("line_index", fuzz_support::line_index);
}

#[test]
fn rule_and_config_inputs() {
    run("rules", fuzz_support::rules);
}

#[test]
fn fix_inputs() {
    run("fixes", fuzz_support::fixes);
}

#[test]
fn protocol_inputs() {
    run("protocol", protocol::protocol);
}
