//! The `copydesk check` command line. The declarative cases live in `tests/cli/*.toml` (each
//! with its `.stdout`, `.stderr` and, for `--fix`, an `.out` folder of expected files; run with
//! `TRYCMD=overwrite` to rewrite them after an intended change). The tests below cover what
//! needs exact bytes, file modes or a freshly made file: line endings and byte-order marks
//! under `--fix`, idempotence, unreadable files, colour, parallel order and the SARIF schema.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin("copydesk", PathBuf::from(BIN))
        .env("NO_COLOR", "1")
        .case("tests/cli/*.toml");
}

/// The project file of the fixtures: only the rules these tests are about are on.
fn newsroom_config() -> String {
    std::fs::read_to_string("tests/cli/newsroom/copydesk.toml").expect("fixture config")
}

/// A scratch newsroom: a temporary folder holding the fixtures' project file.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("copydesk.toml"), newsroom_config()).expect("write config");
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .output()
        .expect("run copydesk")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn fix_keeps_crlf_bom_and_mode_never_touches_quotations_and_is_idempotent() {
    let dir = scratch();
    let story = dir.path().join("story.txt");
    let original = "\u{feff}The US push came by the Summer.\r\n\"The US and Zelenskiy agree,\" she said.\r\nOfficials met Zelenskiy.\r\n";
    std::fs::write(&story, original).unwrap();
    std::fs::set_permissions(&story, std::fs::Permissions::from_mode(0o640)).unwrap();

    let out = run(
        dir.path(),
        &["check", "--fix", "--format", "concise", "story.txt"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "story.txt:2:13: warning ap.names.spelling: AP spells this name “Zelenskyy”, not “Zelenskiy”.\n"
    );
    assert_eq!(text(&out.stderr), "Fixed 3 findings in 1 file.\n");
    let fixed = std::fs::read(&story).unwrap();
    assert_eq!(
        text(&fixed),
        "\u{feff}The U.S. push came by the summer.\r\n\"The US and Zelenskiy agree,\" she said.\r\nOfficials met Zelenskyy.\r\n"
    );
    let mode = std::fs::metadata(&story).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);

    // A second run finds nothing more to fix and leaves the bytes alone.
    let again = run(
        dir.path(),
        &["check", "--fix", "--format", "concise", "story.txt"],
    );
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(text(&again.stderr), "Fixed 0 findings in 0 files.\n");
    assert_eq!(std::fs::read(&story).unwrap(), fixed);
    // No temporary file is left beside the story.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn unsafe_fixes_also_apply_review_fixes() {
    let dir = scratch();
    let story = dir.path().join("story.txt");
    std::fs::write(
        &story,
        "\"Zelenskiy will come,\" the mayor claimed.\nThe mayor claimed that the US would pay.\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "story.txt"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&story).unwrap(),
        "\"Zelenskyy will come,\" the mayor said.\nThe mayor said that the U.S. would pay.\n"
    );
}

#[test]
fn fix_through_a_symbolic_link_keeps_the_link() {
    let dir = scratch();
    std::fs::write(dir.path().join("real.txt"), "The US push.\n").unwrap();
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.txt")).unwrap();
    let out = run(dir.path(), &["check", "--fix", "link.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real.txt")).unwrap(),
        "The U.S. push.\n"
    );
}

#[test]
fn unreadable_files_are_reported_and_the_others_still_checked() {
    let dir = scratch();
    std::fs::write(dir.path().join("good.txt"), "The US team won.\n").unwrap();
    // A symbolic link to itself cannot be read, even by root.
    std::os::unix::fs::symlink("loop.txt", dir.path().join("loop.txt")).unwrap();
    let out = run(
        dir.path(),
        &["check", "--format", "concise", "loop.txt", "good.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: loop.txt: cannot read: too many levels of symbolic links\n"
    );
    assert_eq!(
        text(&out.stdout),
        "good.txt:1:5: warning ap.usage.us: AP writes “U.S.” with periods in body text.\n"
    );

    // A file without read permission; root reads it anyway, so the case is skipped there.
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, "The US team lost.\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&locked).is_ok() {
        eprintln!("skipped the permission case: this user can read a mode-000 file (root)");
        return;
    }
    let out = run(
        dir.path(),
        &["check", "--format", "concise", "locked.txt", "good.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: locked.txt: cannot read: permission denied\n"
    );
    assert_eq!(
        text(&out.stdout),
        "good.txt:1:5: warning ap.usage.us: AP writes “U.S.” with periods in body text.\n"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = scratch();
    std::fs::write(dir.path().join("s.txt"), "The US push.\n").unwrap();
    let piped = run(dir.path(), &["check", "s.txt"]);
    assert!(!text(&piped.stdout).contains('\u{1b}'));
    let forced = run(dir.path(), &["check", "--color", "always", "s.txt"]);
    assert!(text(&forced.stdout).contains("\u{1b}["));
    let out = Command::new(BIN)
        .args(["check", "s.txt"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!text(&out.stdout).contains('\u{1b}'));
    // No progress bar when standard error is not a terminal.
    assert_eq!(text(&piped.stderr), "");
}

#[test]
fn parallel_runs_print_in_a_stable_order() {
    let dir = scratch();
    for i in 0..60 {
        let body = format!("Story {i}: the US push.\n").repeat(i % 7 + 1);
        std::fs::write(dir.path().join(format!("s{i:02}.txt")), body).unwrap();
    }
    let one = run(dir.path(), &["check", "-j1", "--format", "concise", "."]);
    let two = run(dir.path(), &["check", "-j2", "--format", "concise", "."]);
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(one.stdout, two.stdout);
    let lines: Vec<String> = text(&one.stdout).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), (0..60).map(|i| i % 7 + 1).sum::<usize>());
    assert!(lines[0].starts_with("s00.txt:1:"));
    assert!(lines[lines.len() - 1].starts_with("s59.txt:"));
}

fn sarif_schema() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/schemas/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
}

#[test]
fn sarif_for_the_seed_story_is_valid() {
    let seed = Path::new("../shared/seed/washington-peace-talks-2025-11-26.txt");
    let seed = std::fs::canonicalize(seed).expect("the seed story is beside the repo");
    let out = Command::new(BIN)
        .args(["check", "--format", "sarif", "--date", "2025-11-26"])
        .arg(&seed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_valid(&sarif_schema(), &log);
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "ap.usage.us"));
    assert!(results.iter().any(|r| r["ruleId"] == "ap.names.spelling"));
}

#[test]
fn sarif_results_have_regions_rules_and_fixes() {
    let out = run(
        Path::new("tests/cli/newsroom"),
        &[
            "check",
            "--format",
            "sarif",
            "stories/harbor.txt",
            "missing.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&sarif_schema(), &log);
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    let us = &results[0];
    assert_eq!(us["ruleId"], "ap.usage.us");
    assert_eq!(us["level"], "warning");
    let loc = &us["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "stories/harbor.txt");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(
        loc["region"],
        serde_json::json!({"startLine": 1, "startColumn": 5, "endLine": 1, "endColumn": 7,
                           "snippet": {"text": "US"}})
    );
    let fix = &us["fixes"][0];
    assert_eq!(fix["description"]["text"], "Replace with “U.S.”");
    assert_eq!(fix["properties"]["safety"], "safe");
    assert_eq!(
        fix["artifactChanges"][0]["replacements"][0],
        serde_json::json!({"deletedRegion": {"startLine": 1, "startColumn": 5, "endLine": 1, "endColumn": 7},
                           "insertedContent": {"text": "U.S."}})
    );
    // The rule a result names is the one at its index, with help text and a link.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let idx = us["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[idx]["id"], "ap.usage.us");
    assert!(
        rules[idx]["help"]["text"]
            .as_str()
            .unwrap()
            .contains("Source: AP Stylebook")
    );
    assert!(
        rules[idx]["helpUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    // The info finding is a note; the unreadable input is a notification.
    assert_eq!(results[5]["level"], "note");
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"][0]["message"]["text"],
        "missing.txt: no such file or folder"
    );
}

/// `copydesk completions bash` is a script bash runs: it completes the commands and the
/// options of `check`. `copydesk man` is a page `man` reads; `--out-dir` writes one per
/// command.
#[test]
fn completions_and_man_pages() {
    let dir = scratch();
    let out = run(dir.path(), &["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let script = dir.path().join("copydesk.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    // As bash calls a completion function: the words so far, the index of the current one,
    // and the command, the current word and the one before as arguments.
    let complete = |words: &str, cword: usize| {
        let w: Vec<&str> = words.split(' ').collect();
        let o = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source {}; COMP_WORDS=({words}); COMP_CWORD={cword}; _copydesk copydesk {} {}; echo \"${{COMPREPLY[*]}}\"",
                script.display(),
                w[cword],
                w[cword - 1]
            ))
            .output()
            .unwrap();
        text(&o.stdout).trim().to_string()
    };
    assert_eq!(complete("copydesk ch", 1), "check");
    assert_eq!(complete("copydesk co", 1), "completions");
    assert_eq!(
        complete("copydesk check --fo", 2),
        "--format --force-exclude"
    );
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = run(dir.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(text(&out.stdout).contains("copydesk"), "{shell}");
    }
    assert_eq!(
        run(dir.path(), &["completions", "tcsh"]).status.code(),
        Some(2)
    );

    let out = run(dir.path(), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.contains(".TH copydesk 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH SUBCOMMANDS", ".SH VERSION"] {
        assert!(page.contains(section), "{section} in {page}");
    }
    assert!(page.contains("copydesk\\-check(1)"), "{page}");
    let pages = dir.path().join("man1");
    let out = run(dir.path(), &["man", "--out-dir", pages.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "copydesk-check.1",
            "copydesk-completions.1",
            "copydesk-explain.1",
            "copydesk-lsp.1",
            "copydesk-man.1",
            "copydesk-rules.1",
            "copydesk-serve.1",
            "copydesk.1"
        ]
    );
    let check = std::fs::read_to_string(pages.join("copydesk-check.1")).unwrap();
    assert!(check.contains("\\-\\-min\\-severity"), "{check}");
}

/// Runs `git` in `dir` with a fixed identity and commit date, and no user configuration.
fn git(dir: &Path, date: &str, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Desk")
        .env("GIT_AUTHOR_EMAIL", "desk@example.com")
        .env("GIT_COMMITTER_NAME", "Desk")
        .env("GIT_COMMITTER_EMAIL", "desk@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

/// Each story's date and where it came from, as the SARIF artifacts give them.
fn artifact_dates(log: &Value) -> Vec<(String, String, String)> {
    log["runs"][0]["artifacts"]
        .as_array()
        .expect("artifacts")
        .iter()
        .map(|a| {
            let p = &a["properties"];
            (
                a["location"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                p["storyDate"].as_str().unwrap_or_default().to_string(),
                p["dateSource"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn date_from_git_dates_stories_by_their_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("archive")).unwrap();
    std::fs::create_dir_all(dir.path().join("outside")).unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "profile = \"reuters\"\n").unwrap();
    // Oct. 14 was a Tuesday in 2008, a Wednesday in 2026.
    let undated = "Officials met on Tuesday, Oct. 14, to talk.\n";
    let datelined = "KYIV, Oct 14 (Reuters) - Officials met to talk.\n";
    std::fs::write(repo.join("archive/undated.txt"), undated).unwrap();
    std::fs::write(repo.join("archive/datelined.txt"), datelined).unwrap();
    git(&repo, "2008-10-15T12:00:00Z", &["init", "-q"]);
    git(&repo, "2008-10-15T12:00:00Z", &["add", "archive"]);
    git(
        &repo,
        "2008-10-15T12:00:00Z",
        &["commit", "-q", "-m", "Archive"],
    );
    std::fs::write(repo.join("archive/new.txt"), undated).unwrap();
    std::fs::write(dir.path().join("outside/loose.txt"), undated).unwrap();
    let files = [
        "repo/archive/datelined.txt",
        "repo/archive/new.txt",
        "repo/archive/undated.txt",
        "outside/loose.txt",
    ];

    let sarif = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "sarif"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&files);
        let out = run(dir.path(), &args);
        let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF");
        assert_valid(&sarif_schema(), &log);
        (log, text(&out.stderr))
    };
    let today = jiff::ZonedDateTime::now().date();
    let row = |f: &str, d: &str, s: &str| (f.to_string(), d.to_string(), s.to_string());

    // Without --date-from: the dateline's day in the latest year not after today, else today.
    let (log, _) = sarif(&[]);
    let latest = copydesk::document::most_recent(10, 14, today).unwrap();
    let t = today.to_string();
    assert_eq!(
        artifact_dates(&log),
        [
            row(files[0], &latest.to_string(), "dateline"),
            row(files[1], &t, "clock"),
            row(files[2], &t, "clock"),
            row(files[3], &t, "clock"),
        ]
    );

    // With it: the last commit's date, and the dateline's day placed on or before it; a file
    // with no commit, in Git or not, keeps the clock and says so.
    let (log, stderr) = sarif(&["--date-from", "git"]);
    assert_eq!(
        artifact_dates(&log),
        [
            row(files[0], "2008-10-14", "dateline"),
            row(files[1], &t, "clock"),
            row(files[2], "2008-10-15", "git"),
            row(files[3], &t, "clock"),
        ]
    );
    assert_eq!(
        stderr,
        "warning: repo/archive/new.txt: --date-from git: the file has no commit; the story is dated without it\n\
         warning: outside/loose.txt: --date-from git: the file is not in a Git repository; the story is dated without it\n"
    );
    let results = log["runs"][0]["results"].as_array().unwrap();
    let weekday: Vec<(&str, &str)> = results
        .iter()
        .filter(|r| r["ruleId"] == "reuters.dates.weekday")
        .map(|r| {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap(),
                r["level"].as_str().unwrap(),
            )
        })
        .collect();
    // The committed story's Tuesday is right for 2008; the others are judged by today's date
    // only, as advice (when Oct. 14 is not a Tuesday this year).
    assert!(
        weekday.iter().all(|(f, l)| *f != files[2] && *l == "note"),
        "{weekday:?}"
    );

    // The human summary names each source.
    let out = run(
        dir.path(),
        &["check", "--date-from", "git", files[0], files[2]],
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.ends_with(
            "Story dates from the dateline for 1 story; the file's last Git commit for 1 story.\n"
        ),
        "{stdout}"
    );
    let out = run(dir.path(), &["check", "--date-from", "git", files[2]]);
    assert!(
        text(&out.stdout).ends_with("Story date: 2008-10-15, from the file's last Git commit.\n"),
        "{}",
        text(&out.stdout)
    );
    // --date and --date-from are one choice.
    let out = run(
        dir.path(),
        &[
            "check",
            "--date",
            "2008-10-15",
            "--date-from",
            "git",
            files[2],
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
