//! `copydesk check`: walk the inputs, check each story, print, exit 0 / 1 / 2.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use copydesk::{Document, DocumentOptions, Finding, Format, Level};

use super::{CheckArgs, OutputFormat, output};
use crate::project::{self, EngineCache};

/// One checked story.
pub(crate) struct Checked {
    pub name: String,
    pub doc: Document,
    pub findings: Vec<Finding>,
}

/// Reads a story; the error message names the file.
fn read_story(path: &Path) -> Result<String, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: cannot read: {}", path.display(), e))?;
    decode(&path.display().to_string(), bytes)
}

fn decode(name: &str, bytes: Vec<u8>) -> Result<String, String> {
    let mut text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: not valid UTF-8 (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

fn is_story(path: &Path, exts: &[String]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The nearest project file above a story (or the working folder for standard input).
fn locate(
    path: Option<&Path>,
) -> Result<Option<(copydesk::config::Config, PathBuf)>, copydesk::RuleError> {
    let start = path.unwrap_or(Path::new("."));
    let Some(file) = project::find_config(start) else {
        return Ok(None);
    };
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Some((project::load_config(&file)?, dir)))
}

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    let cache = EngineCache::default();
    let explicit = match &args.config {
        Some(p) => match project::load_config(p) {
            Ok(c) => Some((c, p.parent().map(Path::to_path_buf).unwrap_or_default())),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let today = project::today();
    let mut errors = 0usize;
    let mut results = Vec::new();
    let mut inputs: Vec<(String, Option<PathBuf>)> = Vec::new();
    for p in &args.paths {
        if p.as_os_str() == "-" {
            inputs.push((
                args.stdin_filename.clone().unwrap_or_else(|| "-".into()),
                None,
            ));
        } else if p.is_dir() {
            let exts = explicit
                .as_ref()
                .map(|(c, _)| c.extensions.clone())
                .unwrap_or_else(|| vec!["txt".into(), "md".into(), "markdown".into()]);
            let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(p)
                .build()
                .filter_map(Result::ok)
                .map(|e| e.into_path())
                .filter(|f| f.is_file() && is_story(f, &exts))
                .collect();
            files.sort();
            inputs.extend(
                files
                    .into_iter()
                    .map(|f| (f.display().to_string(), Some(f))),
            );
        } else if p.exists() {
            inputs.push((p.display().to_string(), Some(p.clone())));
        } else {
            eprintln!("error: {}: no such file or folder", p.display());
            errors += 1;
        }
    }
    for (name, path) in inputs {
        let text = match &path {
            Some(p) => read_story(p),
            None => {
                let mut buf = Vec::new();
                match std::io::stdin().read_to_end(&mut buf) {
                    Ok(_) => decode(&name, buf),
                    Err(e) => Err(format!("{name}: cannot read standard input: {e}")),
                }
            }
        };
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                errors += 1;
                continue;
            }
        };
        // The project: --config, else the nearest copydesk.toml.
        let located = match &explicit {
            Some(c) => Some(c.clone()),
            None => match locate(path.as_deref()) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            },
        };
        let (cfg, cfg_dir) = located.unwrap_or_default();
        let rel = path
            .as_ref()
            .and_then(|p| std::path::absolute(p).ok())
            .and_then(|p| {
                p.strip_prefix(std::path::absolute(&cfg_dir).ok()?)
                    .ok()
                    .map(Path::to_path_buf)
            })
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| name.clone());
        let mut profile = cfg.profile.clone();
        let mut date = cfg.date;
        let mut levels: Vec<(String, Level)> = Vec::new();
        for o in cfg.overrides_for(&rel) {
            profile = o.profile.clone().or(profile);
            date = o.date.or(date);
            levels.extend(o.levels.iter().map(|(k, v)| (k.clone(), *v)));
        }
        let profile = args
            .profile
            .clone()
            .or(profile)
            .unwrap_or_else(|| "ap".to_string());
        let date = args.date.or(date);
        let extra: Vec<PathBuf> = cfg.rules.iter().map(|r| cfg_dir.join(r)).collect();
        let engine = match cache.get(&profile, &cfg_dir, &extra) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        let settings = project::settings(&cfg, &cfg_dir, &levels);
        let doc = Document::new(
            text,
            &DocumentOptions {
                format: Format::from_name(&name),
                date,
                today,
            },
        );
        let findings = engine.check(&doc, &settings);
        results.push(Checked {
            name,
            doc,
            findings,
        });
    }
    let failing = results
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity >= args.fail_on);
    let mut out = std::io::stdout().lock();
    let printed = match args.format {
        OutputFormat::Human => output::human(&mut out, &results),
        OutputFormat::Json => output::json(&mut out, &results),
    };
    let _ = printed.and_then(|_| out.flush());
    if errors > 0 {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
