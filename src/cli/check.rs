//! `copydesk check`: collect the inputs, check (and fix) each story in parallel, print the
//! findings in a stable order, exit 0 / 1 / 2.

use std::collections::{HashMap, HashSet};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use copydesk::{Document, DocumentOptions, Engine, Finding, FixMode, Format, Level, Settings};
use rayon::prelude::*;

use super::inputs::{self, Input, Origin, Problems, Projects, Story};
use super::progress::Progress;
use super::{CheckArgs, ColorChoice, DateFrom, OutputFormat, fix, output};
use crate::project::{self, EngineCache, StoryDate};

/// One checked story.
pub(crate) struct Checked {
    pub name: String,
    /// The file's path as given or found (its bytes may not be UTF-8); `None` for standard input.
    pub path: Option<PathBuf>,
    pub doc: Document,
    /// The story's date and where it came from.
    pub date: StoryDate,
    /// Warnings about the story, printed in input order before the report.
    pub warnings: Vec<String>,
    /// Findings at or above `--min-severity`, sorted by position.
    pub findings: Vec<Finding>,
    pub engine: Arc<Engine>,
    /// Fixes applied (or, with `--diff`, that would be).
    pub fixed: usize,
    /// With `--diff`: the diff, empty when nothing changes.
    pub diff: String,
    /// With `--fix` on standard input: the fixed story, to print.
    pub fixed_stdin: Option<Vec<u8>>,
}

/// A story ready to check: where its text comes from and what to check it with.
struct Job {
    input: Input,
    /// Standard input, read before the parallel part.
    stdin: Option<Result<Story, String>>,
    engine: Arc<Engine>,
    settings: Arc<Settings>,
    opts: DocumentOptions,
    /// Where the date in `opts` was set, and whether in a project file.
    date_origin: Option<String>,
    date_in_project: bool,
}

/// What `--fix`/`--diff` do, if given.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FixAction {
    None,
    Write,
    Diff,
}

/// A project folder and the levels its overrides add for a story.
type SettingsKey = (PathBuf, Vec<(String, Level)>);

/// Resolves each story's profile, date and levels from its project file and the command line,
/// compiling each engine once. A project whose rules do not load is reported once.
struct Resolver<'a> {
    args: &'a CheckArgs,
    engines: EngineCache,
    settings: HashMap<SettingsKey, Arc<Settings>>,
    failed: HashSet<String>,
    /// Warnings about level keys already given.
    warned: HashSet<String>,
    today: jiff::civil::Date,
}

impl Resolver<'_> {
    fn job(&mut self, input: Input, errors: &mut Problems) -> Option<Job> {
        let default = copydesk::config::Config::default();
        let (cfg, dir) = match &input.project {
            Some(p) => (&p.cfg, p.dir.clone()),
            None => (&default, std::env::current_dir().unwrap_or_default()),
        };
        let rel = match &input.origin {
            Origin::File(path) => input.project.as_ref().and_then(|p| p.relative(path)),
            Origin::Stdin => None,
        }
        .unwrap_or_else(|| input.name.clone());
        let face = project::FaceChoices {
            profile: self.args.profile.clone(),
            profile_origin: "--profile".into(),
            date: self.args.date,
            date_origin: "--date".into(),
            ..project::FaceChoices::default()
        };
        let layered = project::layer(cfg, &dir, &rel, &face, self.today);
        let engine = match self.engines.for_layered(&layered) {
            Ok(e) => e,
            Err(e) => {
                let msg = layered.describe(&e);
                if self.failed.insert(msg.clone()) {
                    errors.push_at(input.place, msg);
                }
                return None;
            }
        };
        for w in layered.level_warnings(engine.rules()) {
            if self.warned.insert(w.clone()) {
                eprintln!("warning: {w}");
            }
        }
        let settings = self
            .settings
            .entry((dir.clone(), layered.level_pairs()))
            .or_insert_with(|| Arc::new(project::settings(cfg, &dir, &layered)))
            .clone();
        let opts = DocumentOptions {
            format: Format::from_name(&input.name),
            date: layered.date,
            today: self.today,
            committed: None,
        };
        Some(Job {
            input,
            stdin: None,
            engine,
            settings,
            opts,
            date_origin: layered.date_origin,
            date_in_project: layered.date_in_project,
        })
    }
}

/// Reads, checks and (with `--fix`/`--diff`) fixes one story.
fn process(job: Job, args: &CheckArgs, action: FixAction) -> Result<Checked, String> {
    let Job {
        input,
        stdin,
        engine,
        settings,
        mut opts,
        date_origin,
        date_in_project,
    } = job;
    let mut warnings = Vec::new();
    if args.date_from == Some(DateFrom::Git) {
        let file = match &input.origin {
            Origin::File(path) => Some(path.clone()),
            Origin::Stdin => args.stdin_filename.as_ref().map(PathBuf::from),
        };
        match file.as_deref().map(last_commit) {
            Some(Ok(d)) => {
                // The commit asked for on the command line wins over the project's date.
                opts.committed = Some(d);
                opts.date = None;
            }
            Some(Err(why)) => warnings.push(format!(
                "{}: --date-from git: {why}; the story is dated without it",
                input.name
            )),
            None => warnings.push(format!(
                "{}: --date-from git: standard input has no file (name one with --stdin-filename); the story is dated without it",
                input.name
            )),
        }
    }
    let story_date = |doc: &Document| {
        StoryDate::of(
            doc,
            date_origin.as_deref(),
            date_in_project,
            opts.committed.is_some(),
        )
    };
    let story = match (&input.origin, stdin) {
        (_, Some(s)) => s?,
        (Origin::File(path), None) => inputs::read(&input.name, path)?,
        (Origin::Stdin, None) => {
            return Err(format!("{}: standard input was not read", input.name));
        }
    };
    let keep = |f: &Finding| f.severity >= args.min_severity;
    if action == FixAction::None {
        let doc = Document::new(story.text, &opts);
        let mut findings = engine.check(&doc, &settings);
        findings.retain(keep);
        return Ok(Checked {
            path: input.path().map(Path::to_path_buf),
            name: input.name,
            date: story_date(&doc),
            warnings,
            doc,
            findings,
            engine,
            fixed: 0,
            diff: String::new(),
            fixed_stdin: None,
        });
    }
    let mode = if args.unsafe_fixes {
        FixMode::Unsafe
    } else {
        FixMode::Safe
    };
    let original = if action == FixAction::Diff {
        Some(story.text.clone())
    } else {
        None
    };
    let bom = story.bom;
    let s = engine.fix(&Document::new(story.text, &opts), &opts, &settings, mode);
    if !s.settled {
        eprintln!(
            "warning: {}: fixes were still changing the story after {} passes; check the result",
            input.name,
            copydesk::FIX_PASSES
        );
    }
    let mut out = Checked {
        path: input.path().map(Path::to_path_buf),
        name: input.name,
        fixed: s.applied.len(),
        findings: s.findings.into_iter().filter(keep).collect(),
        date: story_date(&s.doc),
        warnings,
        doc: s.doc,
        engine,
        diff: String::new(),
        fixed_stdin: None,
    };
    let new = out.doc.text();
    match (action, &input.origin) {
        (FixAction::Diff, _) => {
            if let Some(old) = original
                && old != new
            {
                out.diff = fix::unified_diff(&out.name, &old, new);
            }
        }
        (FixAction::Write, Origin::Stdin) => {
            out.fixed_stdin = Some(fix::story_bytes(new, bom));
        }
        (FixAction::Write, Origin::File(path)) => {
            if out.fixed > 0 {
                fix::write_atomic(path, &fix::story_bytes(new, bom))
                    .map_err(|e| format!("{}: cannot write: {}", out.name, inputs::describe(&e)))?;
            }
        }
        (FixAction::None, _) => {}
    }
    Ok(out)
}

/// The date of the last Git commit that touched `path` (`git log -1 --format=%cs`), or why
/// there is none.
fn last_commit(path: &Path) -> Result<jiff::civil::Date, String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or(path.as_os_str());
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["log", "-1", "--format=%cs", "--"])
        .arg(name)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {}", inputs::describe(&e)))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(if err.contains("not a git repository") {
            "the file is not in a Git repository".to_string()
        } else {
            format!("git log failed: {}", err.trim())
        });
    }
    let date = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if date.is_empty() {
        return Err("the file has no commit".to_string());
    }
    date.parse()
        .map_err(|_| format!("git gave `{date}`, not a date"))
}

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    match args.color {
        ColorChoice::Auto => {}
        ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
    }
    if args.unsafe_fixes && !args.fix && !args.diff {
        eprintln!("error: --unsafe-fixes needs --fix or --diff");
        return ExitCode::from(2);
    }
    let action = if args.diff {
        FixAction::Diff
    } else if args.fix {
        FixAction::Write
    } else {
        FixAction::None
    };
    if let Some(n) = args.jobs {
        // Fails only when a pool already exists, which is then used as it is.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let mut projects = match Projects::new(args.config.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut errors = Problems::default();
    let inputs = inputs::collect(
        &args.paths,
        args.stdin_filename.as_deref(),
        args.force_exclude,
        &mut projects,
        &mut errors,
    );
    let mut resolver = Resolver {
        args,
        engines: EngineCache::default(),
        settings: HashMap::new(),
        failed: HashSet::new(),
        warned: HashSet::new(),
        today: project::today(),
    };
    let mut jobs: Vec<Job> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let is_stdin = matches!(input.origin, Origin::Stdin);
        if let Some(mut job) = resolver.job(input, &mut errors) {
            if is_stdin {
                let mut buf = Vec::new();
                job.stdin = Some(match std::io::stdin().read_to_end(&mut buf) {
                    Ok(_) => inputs::decode(&job.input.name, buf),
                    Err(e) => Err(format!(
                        "{}: cannot read standard input: {}",
                        job.input.name,
                        inputs::describe(&e)
                    )),
                });
            }
            jobs.push(job);
        }
    }
    let progress = Progress::new(jobs.len(), !args.quiet);
    let outcomes: Vec<(usize, Result<Checked, String>)> = jobs
        .into_par_iter()
        .map(|job| {
            let place = job.input.place;
            let r = process(job, args, action);
            progress.inc();
            (place, r)
        })
        .collect();
    progress.finish();
    let mut results = Vec::with_capacity(outcomes.len());
    for (place, o) in outcomes {
        match o {
            Ok(c) => results.push(c),
            Err(e) => errors.push_at(place, e),
        }
    }
    for w in results.iter().flat_map(|r| &r.warnings) {
        eprintln!("warning: {w}");
    }
    let errors = errors.into_sorted();
    for e in &errors {
        eprintln!("error: {e}");
    }
    let failing = report(args, action, &results, &errors);
    if !errors.is_empty() {
        ExitCode::from(2)
    } else if failing && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints the report; true when the run should fail (findings at or above `--fail-on`, or with
/// `--diff`, a file that would change).
fn report(args: &CheckArgs, action: FixAction, results: &[Checked], errors: &[String]) -> bool {
    let fixed: usize = results.iter().map(|r| r.fixed).sum();
    let fixed_files = results.iter().filter(|r| r.fixed > 0).count();
    if action == FixAction::Diff {
        let mut out = BufWriter::new(std::io::stdout().lock());
        for r in results {
            let _ = out.write_all(r.diff.as_bytes());
        }
        let _ = out.flush();
        if !args.quiet {
            eprintln!(
                "{} fix{} would change {fixed_files} file{}.",
                fixed,
                if fixed == 1 { "" } else { "es" },
                plural(fixed_files)
            );
        }
        return results.iter().any(|r| !r.diff.is_empty());
    }
    // With `--fix` on standard input the fixed story goes to standard output, the report to
    // standard error.
    let stdin_fixed: Vec<&Vec<u8>> = results
        .iter()
        .filter_map(|r| r.fixed_stdin.as_ref())
        .collect();
    let to_stderr = !stdin_fixed.is_empty();
    if to_stderr {
        let mut out = std::io::stdout().lock();
        for b in stdin_fixed {
            let _ = out.write_all(b);
        }
        let _ = out.flush();
    }
    let machine = matches!(
        args.format,
        OutputFormat::Json | OutputFormat::Sarif | OutputFormat::Github
    );
    // Buffered: the standard streams flush at every line otherwise.
    let mut out: Box<dyn Write> = match (to_stderr, machine) {
        (true, false) => coloured(std::io::stderr().lock(), &std::io::stderr()),
        (true, true) => Box::new(BufWriter::new(std::io::stderr().lock())),
        (false, false) => coloured(std::io::stdout().lock(), &std::io::stdout()),
        (false, true) => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    // `--statistics` replaces the list in the human and concise formats; beside a
    // machine-readable report it goes to standard error.
    let listing = !args.statistics || machine;
    let printed = match args.format {
        _ if !listing => output::statistics(&mut out, results),
        OutputFormat::Human => output::human::print(&mut out, results, errors.len(), args.quiet),
        OutputFormat::Concise => output::concise::print(&mut out, results),
        OutputFormat::Json => output::json::print(&mut out, results),
        OutputFormat::Sarif => output::sarif::print(&mut out, results, errors),
        OutputFormat::Github => output::github::print(&mut out, results),
    };
    let _ = printed.and_then(|_| out.flush());
    drop(out);
    if args.statistics && machine {
        let mut err = anstream::stderr().lock();
        let _ = output::statistics(&mut err, results).and_then(|_| err.flush());
    }
    if action == FixAction::Write && !args.quiet {
        eprintln!(
            "Fixed {fixed} finding{} in {fixed_files} file{}.",
            plural(fixed),
            plural(fixed_files)
        );
    }
    results
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity >= args.fail_on)
}

/// A buffered writer that keeps colour codes when the stream should be coloured (a terminal,
/// `--color always`, `CLICOLOR_FORCE`) and strips them otherwise (piped, `NO_COLOR`).
fn coloured<W: Write + 'static, S: anstream::stream::RawStream>(
    lock: W,
    stream: &S,
) -> Box<dyn Write> {
    let buffered: Box<dyn Write> = Box::new(BufWriter::new(lock));
    match anstream::AutoStream::choice(stream) {
        anstream::ColorChoice::Never => Box::new(anstream::StripStream::new(buffered)),
        _ => buffered,
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
