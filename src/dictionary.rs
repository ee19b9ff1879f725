//! The house dictionary on disk: the one file copydesk writes besides fixed stories. A word is
//! only ever appended, as UTF-8, to a text file of words inside the project: never through a
//! link that leaves the project, never to the project or a rule file, a story, a pipe or a
//! device, never to a file in another encoding, and the file is never rewritten.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The largest dictionary read or extended.
pub const MAX_BYTES: u64 = 8 << 20;

/// A line longer than this, or with more words, is prose: the file is a story, not a word list.
const MAX_ENTRY_CHARS: usize = 100;
const MAX_ENTRY_WORDS: usize = 8;

/// Checks a word before it is added: one line, not empty, no control characters, not a
/// comment. Returns it trimmed.
pub fn check_word(word: &str) -> Result<&str, String> {
    let w = word.trim();
    if w.is_empty() {
        return Err("the word to add is empty".to_string());
    }
    if let Some(c) = w
        .chars()
        .find(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
    {
        return Err(format!(
            "the word to add must be one line without control characters; it holds U+{:04X}",
            c as u32
        ));
    }
    if w.starts_with('#') {
        return Err(format!(
            "`{w}` starts with `#`, which makes a comment in the dictionary"
        ));
    }
    if w.chars().count() > MAX_ENTRY_CHARS || w.split_whitespace().count() > MAX_ENTRY_WORDS {
        return Err(format!(
            "`{w}` is too long for a dictionary entry (at most {MAX_ENTRY_WORDS} words and \
             {MAX_ENTRY_CHARS} characters)"
        ));
    }
    Ok(w)
}

/// A dictionary file that may be written: where it really is, and what it holds now.
#[derive(Debug)]
pub struct Target {
    /// The path as configured (for messages and for the editor).
    pub path: PathBuf,
    /// The file itself, every link resolved: inside the project.
    pub real: PathBuf,
    /// Its text, `None` when it does not exist yet.
    pub text: Option<String>,
    /// Device and inode of the file read, to write the same one.
    id: Option<(u64, u64)>,
}

/// What may not be the dictionary: the project file and the stories the editor has open.
pub struct Forbidden<'a> {
    pub config: &'a Path,
    pub stories: &'a [PathBuf],
}

impl Target {
    /// Checks the dictionary `path` of the project in `dir` and reads it.
    pub fn resolve(dir: &Path, path: &Path, forbidden: &Forbidden) -> Result<Target, String> {
        let shown = path.display();
        let root = std::fs::canonicalize(dir)
            .map_err(|e| format!("{}: cannot read the project folder: {e}", dir.display()))?;
        let exists = std::fs::symlink_metadata(path).is_ok();
        let real = if exists {
            std::fs::canonicalize(path).map_err(|e| format!("{shown}: cannot read: {e}"))?
        } else {
            let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
                return Err(format!("{shown}: not a file path"));
            };
            std::fs::canonicalize(parent)
                .map_err(|e| format!("{}: cannot use the folder: {e}", parent.display()))?
                .join(name)
        };
        if !real.starts_with(&root) {
            return Err(format!(
                "{shown} leads outside the project (to {}); the house dictionary is written only \
                 inside {}",
                real.display(),
                root.display()
            ));
        }
        if real.extension().is_some_and(|e| e == "toml")
            || std::fs::canonicalize(forbidden.config).is_ok_and(|c| c == real)
        {
            return Err(format!(
                "{shown} is a project or rule file, not a word list; set `dictionary` in \
                 copydesk.toml to a text file"
            ));
        }
        if forbidden
            .stories
            .iter()
            .any(|s| std::fs::canonicalize(s).is_ok_and(|s| s == real))
        {
            return Err(format!(
                "{shown} is a story open in the editor, not a word list"
            ));
        }
        if !exists {
            return Ok(Target {
                path: path.to_path_buf(),
                real,
                text: None,
                id: None,
            });
        }
        let bytes = crate::files::read_limited(&real, MAX_BYTES)
            .map_err(|e| format!("{shown}: cannot read: {e}"))?;
        let meta = std::fs::metadata(&real).map_err(|e| format!("{shown}: cannot read: {e}"))?;
        let text = decode(&bytes).map_err(|why| {
            format!("{shown}: {why}; save it as UTF-8 and copydesk will add words to it")
        })?;
        if let Some((n, line)) = text
            .strip_prefix('\u{feff}')
            .unwrap_or(&text)
            .lines()
            .map(str::trim)
            .enumerate()
            .find(|(_, l)| !l.starts_with('#') && check_word(l).is_err() && !l.is_empty())
        {
            return Err(format!(
                "{shown}:{}: `{}` is not a dictionary entry (one name or term a line); the file \
                 looks like a story, so no word is added to it",
                n + 1,
                line.chars().take(40).collect::<String>()
            ));
        }
        Ok(Target {
            path: path.to_path_buf(),
            real,
            text: Some(text),
            id: Some((meta.dev(), meta.ino())),
        })
    }

    /// Appends `word` on a line of its own (after a line break if the file lacks a final one).
    /// A file that exists is opened for appending, without following links, and must be the
    /// file read; a new one is created only if nothing has appeared there meanwhile.
    pub fn append(&self, word: &str) -> io::Result<()> {
        let mut open = OpenOptions::new();
        open.append(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        let (mut file, line) = match (&self.text, self.id) {
            (Some(text), Some(id)) => {
                let f = open.open(&self.real)?;
                let m = f.metadata()?;
                if !m.is_file() || (m.dev(), m.ino()) != id {
                    return Err(io::Error::other(
                        "the file changed while the word was being added; try again",
                    ));
                }
                let sep = if text.is_empty() || text.ends_with('\n') {
                    ""
                } else {
                    "\n"
                };
                (f, format!("{sep}{word}\n"))
            }
            _ => (
                open.create_new(true).mode(0o644).open(&self.real)?,
                format!("{word}\n"),
            ),
        };
        file.write_all(line.as_bytes())?;
        file.sync_all()
    }
}

/// The text of a dictionary file: UTF-8 (a byte-order mark allowed); anything else is named.
fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16 text".to_string());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "the file is not UTF-8 (byte 0x{:02X} on line {line}; Latin-1 or Windows-1252?)",
            bytes[at]
        )
    })?;
    if text.contains('\0') {
        return Err("the file holds NUL bytes (binary or UTF-16 without a mark)".to_string());
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forbidden<'a>(config: &'a Path, stories: &'a [PathBuf]) -> Forbidden<'a> {
        Forbidden { config, stories }
    }

    #[test]
    fn words_are_one_line_not_empty_and_without_control_characters() {
        assert_eq!(check_word("  Zelenskiy "), Ok("Zelenskiy"));
        assert_eq!(check_word("Marrowvale Township"), Ok("Marrowvale Township"));
        for bad in [
            "",
            "   ",
            "a\nb",
            "a\rb",
            "tab\there",
            "bell\u{7}",
            "a\u{2028}b",
            "#x",
        ] {
            assert!(check_word(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            check_word("a\nb").unwrap_err(),
            "the word to add must be one line without control characters; it holds U+000A"
        );
    }

    #[test]
    fn other_encodings_are_refused_and_never_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let cfg = d.join("copydesk.toml");
        let words = d.join("copydesk-words.txt");
        for (bytes, why) in [
            (
                &b"Ferriera\nJos\xe9\n"[..],
                "the file is not UTF-8 (byte 0xE9 on line 2; Latin-1 or Windows-1252?)",
            ),
            (&b"\xff\xfeF\0e\0"[..], "the file is UTF-16 text"),
        ] {
            std::fs::write(&words, bytes).unwrap();
            let e = Target::resolve(d, &words, &forbidden(&cfg, &[])).unwrap_err();
            assert_eq!(
                e,
                format!(
                    "{}: {why}; save it as UTF-8 and copydesk will add words to it",
                    words.display()
                )
            );
            assert_eq!(std::fs::read(&words).unwrap(), bytes);
        }
        // UTF-8 is extended in place: what was there stays byte for byte.
        std::fs::write(&words, "\u{feff}# house\r\nFerriera").unwrap();
        let t = Target::resolve(d, &words, &forbidden(&cfg, &[])).unwrap();
        t.append("Zelenskiy").unwrap();
        assert_eq!(
            std::fs::read_to_string(&words).unwrap(),
            "\u{feff}# house\r\nFerriera\nZelenskiy\n"
        );
    }

    #[test]
    fn links_never_leave_the_project_and_configs_and_stories_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let cfg = d.join("copydesk.toml");
        std::fs::write(&cfg, "").unwrap();
        let target = outside.path().join("file.txt");
        std::fs::write(&target, "Outside\n").unwrap();
        let link = d.join("copydesk-words.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = Target::resolve(d, &link, &forbidden(&cfg, &[])).unwrap_err();
        assert!(e.contains("leads outside the project"), "{e}");
        std::os::unix::fs::symlink(outside.path(), d.join("sub")).unwrap();
        let e = Target::resolve(d, &d.join("sub/words.txt"), &forbidden(&cfg, &[])).unwrap_err();
        assert!(e.contains("leads outside the project"), "{e}");
        assert!(!outside.path().join("words.txt").exists());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "Outside\n");

        let e = Target::resolve(d, &cfg, &forbidden(&cfg, &[])).unwrap_err();
        assert!(e.contains("is a project or rule file"), "{e}");
        let story = d.join("story.txt");
        std::fs::write(&story, "Short.\n").unwrap();
        let e =
            Target::resolve(d, &story, &forbidden(&cfg, std::slice::from_ref(&story))).unwrap_err();
        assert!(e.contains("is a story open in the editor"), "{e}");
        std::fs::write(
            &story,
            "Officials met in the capital on Monday to discuss the plan for the harbor.\n",
        )
        .unwrap();
        let e = Target::resolve(d, &story, &forbidden(&cfg, &[])).unwrap_err();
        assert!(e.contains("looks like a story"), "{e}");

        // A link inside the project is followed to the file it names.
        std::fs::write(d.join("real-words.txt"), "Ferriera\n").unwrap();
        std::os::unix::fs::symlink("real-words.txt", d.join("alias.txt")).unwrap();
        let t = Target::resolve(d, &d.join("alias.txt"), &forbidden(&cfg, &[])).unwrap();
        t.append("Zelenskiy").unwrap();
        assert_eq!(
            std::fs::read_to_string(d.join("real-words.txt")).unwrap(),
            "Ferriera\nZelenskiy\n"
        );
    }

    #[test]
    fn a_pipe_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let fifo = d.join("copydesk-words.txt");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let e = Target::resolve(d, &fifo, &forbidden(&d.join("copydesk.toml"), &[])).unwrap_err();
        assert!(e.ends_with("a named pipe, not a regular file"), "{e}");
    }
}
