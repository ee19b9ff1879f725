//! The engine is protocol-free: it imports nothing from the LSP library, the async runtime,
//! the HTTP libraries, the command-line parser or the file system. (Unit-test modules,
//! `tests.rs`, may read fixtures.)

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
    files.push("src/finding.rs".into());
    files.push("src/lib.rs".into());
    let forbidden = [
        "tower_lsp",
        "ls_types",
        "lsp_types",
        "tokio",
        "axum",
        "hyper",
        "http::",
        "form_urlencoded",
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

/// No house is named in the code outside its tests: houses are packs of data, and the one place
/// the binary names a house is the choice of the default profile.
#[test]
fn no_house_name_in_the_code() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut bad = Vec::new();
    // Unit tests and their helpers check the built-in houses by name.
    files.retain(|f| f.file_name().is_some_and(|n| n != "test_support.rs"));
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or_default();
            for house in [
                "\"ap\"",
                "\"reuters\"",
                "\"AP\"",
                "\"Reuters\"",
                "::Ap",
                "::Reuters",
            ] {
                if line.contains(house) && !line.contains("DEFAULT_PROFILE: &str") {
                    bad.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
