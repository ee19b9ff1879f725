//! `--fix` and `--diff`: writing a story back atomically, and unified diffs. The fixing
//! itself is `Engine::fix`, the same as the editor's "Fix all".

use std::io::{self, Write};
use std::path::Path;

/// Replaces a file's contents atomically: the bytes go to a temporary file in the same folder,
/// which takes the original's owner, group and permissions and is then renamed over it. A
/// symbolic link is followed, so the link stays and its target changes. A file with several
/// hard links is refused: the rename would leave its other names with the old text.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    if meta.nlink() > 1 {
        return Err(io::Error::other(format!(
            "the file has {} hard links, and writing the fixed text would leave the other names \
             with the old one",
            meta.nlink()
        )));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".copydesk-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    let made = tmp.as_file().metadata()?;
    if (made.uid(), made.gid()) != (meta.uid(), meta.gid()) {
        // Before the permissions: a change of owner clears set-user-id and set-group-id bits.
        std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid())).map_err(
            |e| {
                io::Error::other(format!(
                    "cannot give the fixed file the owner and group of the story ({}:{}): {}",
                    meta.uid(),
                    meta.gid(),
                    super::inputs::describe(&e)
                ))
            },
        )?;
    }
    tmp.as_file().set_permissions(meta.permissions())?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// The bytes to write for a story: its text, after a byte-order mark if it had one.
pub(crate) fn story_bytes(text: &str, bom: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 3);
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    out.extend_from_slice(text.as_bytes());
    out
}

/// A unified diff (three lines of context) between a story and its fixed text.
pub(crate) fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_has_headers_and_hunks() {
        let d = unified_diff("s.txt", "The US push.\nMore.\n", "The U.S. push.\nMore.\n");
        assert_eq!(
            d,
            "--- a/s.txt\n+++ b/s.txt\n@@ -1,2 +1,2 @@\n-The US push.\n+The U.S. push.\n More.\n"
        );
    }

    #[test]
    fn bom_is_written_back() {
        assert_eq!(story_bytes("a", true), b"\xEF\xBB\xBFa".to_vec());
        assert_eq!(story_bytes("a", false), b"a".to_vec());
    }
}
