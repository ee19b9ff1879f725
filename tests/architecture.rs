//! The engine is protocol-free: it imports nothing from the LSP library, the async runtime,
//! the command-line parser or the file system. (Unit-test modules, `tests.rs`, may read fixtures.)

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs")
            && p.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(p);
        }
    }
}

#[test]
fn engine_imports_no_adapter_crate() {
    let mut files = Vec::new();
    for d in ["src/text", "src/document", "src/rules", "src/engine"] {
        rust_files(Path::new(d), &mut files);
    }
    files.push("src/config.rs".into());
    files.push("src/lib.rs".into());
    let forbidden = [
        "tower_lsp",
        "ls_types",
        "lsp_types",
        "tokio",
        "clap",
        "std::fs",
        "std::net",
        "std::process",
        "ignore::",
        "rayon",
    ];
    let mut bad = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for word in forbidden {
            if text.contains(word) {
                bad.push(format!("{} uses {word}", f.display()));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
