//! `copydesk check` against inputs that could lose words or run away: rules whose fixes feed
//! themselves, fixes next to a full stop, stories owned by another user or with several names,
//! profiles that load nothing, and inputs that are not regular files (symbolic links in a
//! walked folder, named pipes, devices). Each case builds its files in a scratch folder.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");

fn run(dir: &Path, args: &[&str]) -> Output {
    let child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run copydesk");
    // Nothing here may hang: a run that blocks on a pipe or a device is killed and fails.
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(out) => out.expect("output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("copydesk {args:?} did not finish within 60 s");
        }
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write(dir: &Path, name: &str, body: &str) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, body).unwrap();
}

/// A project whose only rules are the given rule file (beside the AP pack, switched off).
fn house(rules: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "copydesk.toml",
        "rules = [\"house\"]\n[levels]\nap = \"off\"\n",
    );
    write(dir.path(), "house/usage.toml", rules);
    dir
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

#[test]
fn a_pattern_that_can_match_nothing_is_a_load_error() {
    for find in ["x*", r"\b", "(?:cat)?", "a|"] {
        let dir = house(&format!(
            "[[rule]]\nid = \"house.usage.x\"\nkind = \"substitution\"\ncategory = \"usage\"\n\
             message = \"m\"\npatterns = [{{ find = '{find}', replace = \"xx\" }}]\n"
        ));
        write(dir.path(), "s.txt", "The x went to town.\n");
        let out = run(dir.path(), &["check", "--fix", "s.txt"]);
        assert_eq!(out.status.code(), Some(2), "{find}: {}", text(&out.stderr));
        assert_eq!(
            text(&out.stderr),
            format!(
                "error: house/usage.toml:6:22: rule `house.usage.x`: pattern `{find}` can match \
                 the empty string; make it match at least one character\nFixed 0 findings in 0 files.\n"
            )
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("s.txt")).unwrap(),
            "The x went to town.\n"
        );
    }
}

#[test]
fn a_fix_that_feeds_its_own_rule_is_not_safe() {
    let dir = house(
        "[[rule]]\nid = \"house.usage.cat\"\nkind = \"substitution\"\ncategory = \"usage\"\n\
         message = \"m\"\npatterns = [{ find = 'cat', replace = \"cats\" }]\n\
         terms = [{ find = \"dog\", replace = \"dog dog\" }]\n",
    );
    write(dir.path(), "s.txt", "The cat and the dog went to town.\n");
    let out = run(dir.path(), &["check", "--fix", "--format", "json", "s.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.txt")).unwrap(),
        "The cat and the dog went to town.\n"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let safety: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fixes"][0]["safety"].as_str().unwrap())
        .collect();
    assert_eq!(safety, ["review", "review"], "{v}");
    assert_eq!(text(&out.stderr), "Fixed 0 findings in 0 files.\n");
}

#[test]
fn fixes_that_never_settle_stop_at_the_pass_limit_and_say_so() {
    let dir = house(
        "[[rule]]\nid = \"house.usage.a\"\nkind = \"substitution\"\ncategory = \"usage\"\n\
         message = \"m\"\nterms = [{ find = \"foo\", replace = \"bar\" }]\n\n\
         [[rule]]\nid = \"house.usage.b\"\nkind = \"substitution\"\ncategory = \"usage\"\n\
         message = \"m\"\nterms = [{ find = \"bar\", replace = \"foo\" }]\n",
    );
    write(dir.path(), "s.txt", "A foo here.\n");
    let out = run(dir.path(), &["check", "--fix", "s.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "warning: s.txt: fixes were still changing the story after 10 passes; check the result\n\
         Fixed 10 findings in 1 file.\n"
    );
    let after = std::fs::read_to_string(dir.path().join("s.txt")).unwrap();
    assert!(after.len() < 20, "{after:?}");
}

#[test]
fn a_fix_ending_in_a_full_stop_never_doubles_the_one_after_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "s.txt",
        "Officials met in the US. Then the US? Yes, the US.\n",
    );
    let diff = run(dir.path(), &["check", "--diff", "s.txt"]);
    assert!(
        text(&diff.stdout).contains("+Officials met in the U.S. Then the U.S.? Yes, the U.S.\n"),
        "{}",
        text(&diff.stdout)
    );
    let out = run(dir.path(), &["check", "--fix", "s.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.txt")).unwrap(),
        "Officials met in the U.S. Then the U.S.? Yes, the U.S.\n"
    );
    // The finding still says what the fix writes.
    write(dir.path(), "t.txt", "Officials met in the US.\n");
    let out = run(dir.path(), &["check", "--format", "concise", "t.txt"]);
    assert_eq!(
        text(&out.stdout),
        "t.txt:1:22: warning ap.usage.us: AP writes “U.S.” with periods in body text.\n"
    );
}

#[test]
fn fix_keeps_the_owner_and_group() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("s.txt");
    write(dir.path(), "s.txt", "The US push.\n");
    std::fs::set_permissions(&story, std::fs::Permissions::from_mode(0o664)).unwrap();
    // Only root can give a file away; other users check that their own ownership stays.
    let (uid, gid) = match std::os::unix::fs::chown(&story, Some(4321), Some(8765)) {
        Ok(()) => (4321, 8765),
        Err(_) => {
            let m = std::fs::metadata(&story).unwrap();
            (m.uid(), m.gid())
        }
    };
    let out = run(dir.path(), &["check", "--fix", "s.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let m = std::fs::metadata(&story).unwrap();
    assert_eq!(std::fs::read_to_string(&story).unwrap(), "The U.S. push.\n");
    assert_eq!((m.uid(), m.gid()), (uid, gid));
    assert_eq!(m.permissions().mode() & 0o7777, 0o664);
}

#[test]
fn fix_refuses_a_story_with_several_hard_links() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "The US push.\n");
    write(dir.path(), "other.txt", "The US team.\n");
    std::fs::hard_link(dir.path().join("a.txt"), dir.path().join("b.txt")).unwrap();
    let out = run(dir.path(), &["check", "--fix", "a.txt", "other.txt"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "error: a.txt: cannot write: the file has 2 hard links, and writing the fixed text would \
         leave the other names with the old one\nFixed 1 finding in 1 file.\n"
    );
    for n in ["a.txt", "b.txt"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(n)).unwrap(),
            "The US push.\n"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("other.txt")).unwrap(),
        "The U.S. team.\n"
    );
}

#[test]
fn a_profile_that_loads_no_rules_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    write(dir.path(), "s.txt", "The US push.\n");
    let out = run(dir.path(), &["check", "--profile", "empty", "s.txt"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).starts_with("error: --profile: profile `empty` loads no rules"),
        "{}",
        text(&out.stderr)
    );
    // The same through a project's [[override]].
    write(
        dir.path(),
        "copydesk.toml",
        "[[override]]\npaths = [\"*.txt\"]\nprofile = \"empty\"\n",
    );
    let out = run(dir.path(), &["check", "s.txt"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("copydesk.toml:3:11: profile `empty` loads no rules"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn inputs_that_are_not_followed_or_not_regular_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "real/r.txt", "The US push.\n");
    write(d, "desk/own.txt", "The US team.\n");
    std::os::unix::fs::symlink("../real/r.txt", d.join("desk/link.txt")).unwrap();
    std::os::unix::fs::symlink("../real", d.join("desk/sub")).unwrap();
    mkfifo(&d.join("desk/pipe.txt"));
    mkfifo(&d.join("named.txt"));
    let out = run(
        d,
        &[
            "check",
            "--format",
            "concise",
            "desk",
            "named.txt",
            "/dev/zero",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "desk/own.txt:1:5: warning ap.usage.us: AP writes “U.S.” with periods in body text.\n"
    );
    assert_eq!(
        text(&out.stderr),
        "error: desk/link.txt: skipped: a symbolic link (links inside a folder are not followed; name it to check it)\n\
         error: desk/pipe.txt: skipped: a named pipe, not a regular file\n\
         error: desk/sub: skipped: a symbolic link (links inside a folder are not followed; name it to check it)\n\
         error: named.txt: skipped: a named pipe, not a regular file\n\
         error: /dev/zero: skipped: a device, not a regular file\n"
    );
}

#[test]
fn one_file_named_several_ways_is_checked_and_fixed_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", "The US push.\n");
    std::os::unix::fs::symlink("a.txt", d.join("alias.txt")).unwrap();
    let abs = d.join("a.txt").display().to_string();
    let out = run(
        d,
        &[
            "check",
            "--format",
            "concise",
            "a.txt",
            "./a.txt",
            &abs,
            "alias.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "a.txt:1:5: warning ap.usage.us: AP writes “U.S.” with periods in body text.\n"
    );
    let out = run(
        d,
        &["check", "--fix", "a.txt", "./a.txt", &abs, "alias.txt"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "Fixed 1 finding in 1 file.\n");
}

#[test]
fn pipes_and_devices_as_dictionary_or_rule_files_never_block() {
    // A named pipe or a device as the house dictionary: the words are not read, the story is.
    for dict in ["pipe", "device"] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "copydesk.toml", "");
        let words = d.join("copydesk-words.txt");
        if dict == "pipe" {
            mkfifo(&words);
        } else {
            std::os::unix::fs::symlink("/dev/zero", &words).unwrap();
        }
        write(d, "s.txt", "The US push.\n");
        let out = run(d, &["check", "--format", "concise", "s.txt"]);
        assert_eq!(out.status.code(), Some(1), "{dict}: {}", text(&out.stderr));
    }
    // A pipe or a device among a rule folder's files is an error at that file.
    for (name, why) in [("pipe", "a named pipe"), ("zero", "a device")] {
        let dir = house(
            "[[rule]]\nid = \"house.usage.x\"\nkind = \"substitution\"\ncategory = \"usage\"\n\
             message = \"m\"\nterms = [{ find = \"foo\", replace = \"bar\" }]\n",
        );
        let d = dir.path();
        let file = d.join(format!("house/{name}.toml"));
        if name == "pipe" {
            mkfifo(&file);
        } else {
            std::os::unix::fs::symlink("/dev/zero", &file).unwrap();
        }
        write(d, "s.txt", "A foo here.\n");
        let out = run(d, &["check", "s.txt"]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(&format!("{name}.toml:1:1: {why}, not a regular file")),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn paths_that_are_not_utf8_keep_their_bytes_in_json_and_sarif() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9 100%.txt");
    std::fs::write(dir.path().join(name), "The US push.\n").unwrap();
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["file"], "caf\u{fffd} 100%.txt");
    assert_eq!(v[0]["file_escaped"], "caf%E9%20100%25.txt");
    let out = run(dir.path(), &["check", "--format", "sarif", "."]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let loc = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "caf%E9%20100%25.txt");
    // A UTF-8 path has no escaped form: the JSON stays as it was.
    std::fs::remove_file(dir.path().join(name)).unwrap();
    std::fs::write(dir.path().join("café.txt"), "The US push.\n").unwrap();
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["file"], "café.txt");
    assert!(v[0].get("file_escaped").is_none(), "{v}");
}
