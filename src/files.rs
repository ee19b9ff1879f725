//! Reading the files copydesk is pointed at (stories, project files, rule files, the house
//! dictionary) without trusting what they are: only regular files are read, a named pipe is
//! opened without waiting for a writer, and the size limit holds while reading, so a device
//! such as `/dev/zero` or a file that grows under us never fills memory.

use std::fs::{File, FileType, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// The largest story read (the language server's message limit is the same).
pub const MAX_STORY_BYTES: u64 = 64 << 20;

/// What a file that is not a regular file is, as a phrase ("a named pipe").
pub fn kind(t: &FileType) -> &'static str {
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else if t.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// The error for a path that is not a regular file.
pub fn not_regular(t: &FileType) -> io::Error {
    io::Error::other(format!("{}, not a regular file", kind(t)))
}

/// Opens a regular file for reading, following symbolic links. Anything else is refused
/// without blocking: the file is opened non-blocking (a named pipe with no writer opens at
/// once) and its type is checked on the open handle, so nothing can be swapped in between.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let t = file.metadata()?.file_type();
    if !t.is_file() {
        return Err(not_regular(&t));
    }
    Ok(file)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(io::Error::other(format!(
            "{size} bytes; files read are limited to {limit}"
        )));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The size can change while reading: the limit holds whatever the file does.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::other(format!(
            "more than {limit} bytes; files read are limited to {limit}"
        )));
    }
    Ok(bytes)
}

/// Reads a regular file of at most `limit` bytes as UTF-8 text.
pub fn read_text(path: &Path, limit: u64) -> io::Result<String> {
    let bytes = read_limited(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not valid UTF-8 (byte 0x{:02X} at offset {})",
                e.as_bytes()[e.utf8_error().valid_up_to()],
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn pipes_and_devices_are_refused_at_once_and_limits_hold_while_reading() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.toml");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let t = Instant::now();
        let e = read_limited(&fifo, 100).unwrap_err();
        assert_eq!(e.to_string(), "a named pipe, not a regular file");
        let e = read_limited(Path::new("/dev/zero"), 100).unwrap_err();
        assert_eq!(e.to_string(), "a device, not a regular file");
        let e = read_limited(dir.path(), 100).unwrap_err();
        assert!(
            e.kind() == io::ErrorKind::IsADirectory || e.to_string().contains("a folder"),
            "{e}"
        );
        assert!(t.elapsed() < Duration::from_secs(5));

        let big = dir.path().join("big.txt");
        std::fs::write(&big, vec![b'a'; 101]).unwrap();
        let e = read_limited(&big, 100).unwrap_err();
        assert_eq!(e.to_string(), "101 bytes; files read are limited to 100");
        std::fs::write(&big, vec![b'a'; 100]).unwrap();
        assert_eq!(read_limited(&big, 100).unwrap().len(), 100);
        std::fs::write(&big, b"caf\xe9").unwrap();
        assert_eq!(
            read_text(&big, 100).unwrap_err().to_string(),
            "not valid UTF-8 (byte 0xE9 at offset 3)"
        );
    }
}
