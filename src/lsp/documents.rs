//! Open documents: the text in a rope, edited in place by incremental changes.

use std::sync::{Arc, Mutex};

use copydesk::{Encoding, Format, LineIndex, Reuse};
use ropey::Rope;
use tokio::sync::watch;
use tower_lsp_server::ls_types::{self as lsp, TextDocumentContentChangeEvent};

use super::analysis::Analysis;

/// An open document.
pub struct OpenDocument {
    pub rope: Rope,
    pub version: i32,
    pub language_id: String,
    /// Bumped on every change of the text or of what it is checked with; a result for an older
    /// generation is stale.
    pub generation: u64,
    /// Wakes the document's checker with the newest generation.
    pub trigger: watch::Sender<u64>,
    /// The generation of the newest finished check, for requests waiting on the checker.
    pub finished: watch::Sender<u64>,
    /// The newest finished check.
    pub analysis: Option<Arc<Analysis>>,
    /// What the last check kept for the next one, so that it reads again only what changed.
    pub reuse: Arc<Mutex<Reuse>>,
    /// What the last publish of its diagnostics wrote, so that the next copies what is unchanged.
    pub written: Arc<Mutex<super::convert::Written>>,
}

impl OpenDocument {
    pub fn format(&self, uri: &lsp::Uri) -> Format {
        if self.language_id.eq_ignore_ascii_case("markdown") {
            Format::Markdown
        } else {
            Format::from_name(uri.path().as_str())
        }
    }

    /// The line terminator the document uses (its first one; `\n` if it has none).
    pub fn line_ending(&self) -> &'static str {
        let Some(first) = self.rope.get_line(0) else {
            return "\n";
        };
        let len = first.len_chars();
        match (
            len.checked_sub(2).and_then(|i| first.get_char(i)),
            len.checked_sub(1).and_then(|i| first.get_char(i)),
        ) {
            (Some('\r'), Some('\n')) => "\r\n",
            (_, Some('\r')) => "\r",
            _ => "\n",
        }
    }

    /// The text of a line without its terminator (`None` past the end).
    pub fn line_text(&self, line: u32) -> Option<String> {
        let l = self.rope.get_line(line as usize)?;
        let s = l.to_string();
        Some(s.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// Why a change could not be applied exactly.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeNote {
    /// A position past the last line was read as the end of the document.
    Clamped(lsp::Position),
    /// The range's end came before its start; the two were swapped.
    Reversed,
}

/// The character index of an LSP position in the rope. The column is converted by the
/// engine's `LineIndex` over a snapshot of that one line; a line past the end clamps to the
/// end of the document.
fn char_index(rope: &Rope, pos: lsp::Position, enc: Encoding) -> (usize, bool) {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return (rope.len_chars(), true);
    }
    let text = rope.line(line).to_string();
    let index = LineIndex::new(&text);
    let within = index
        .offset(&text, copydesk::Position::new(0, pos.character), enc)
        .unwrap_or(0);
    (rope.byte_to_char(rope.line_to_byte(line) + within), false)
}

/// Applies one content change (a range edit, or the whole text when it has no range).
pub fn apply_change(
    rope: &mut Rope,
    change: &TextDocumentContentChangeEvent,
    enc: Encoding,
) -> Vec<ChangeNote> {
    let mut notes = Vec::new();
    let Some(range) = change.range else {
        *rope = Rope::from_str(&change.text);
        return notes;
    };
    let (mut start, clamped_start) = char_index(rope, range.start, enc);
    let (mut end, clamped_end) = char_index(rope, range.end, enc);
    if clamped_start {
        notes.push(ChangeNote::Clamped(range.start));
    }
    if clamped_end {
        notes.push(ChangeNote::Clamped(range.end));
    }
    if end < start {
        std::mem::swap(&mut start, &mut end);
        notes.push(ChangeNote::Reversed);
    }
    if end > start {
        rope.remove(start..end);
    }
    if !change.text.is_empty() {
        rope.insert(start, &change.text);
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(sl: u32, sc: u32, el: u32, ec: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(lsp::Range::new(
                lsp::Position::new(sl, sc),
                lsp::Position::new(el, ec),
            )),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn changes_apply_in_order_in_either_encoding() {
        let mut rope = Rope::from_str("“US” said\r\nnext 👍 line\n");
        // After the emoji: UTF-16 column 7 (surrogate pair), UTF-8 column 9.
        apply_change(&mut rope, &change(1, 7, 1, 7, "!"), Encoding::Utf16);
        assert_eq!(rope.to_string(), "“US” said\r\nnext 👍! line\n");
        apply_change(&mut rope, &change(1, 9, 1, 10, "?"), Encoding::Utf8);
        assert_eq!(rope.to_string(), "“US” said\r\nnext 👍? line\n");
        // The curly quote is one UTF-16 unit and three bytes.
        apply_change(&mut rope, &change(0, 1, 0, 3, "U.S."), Encoding::Utf16);
        assert_eq!(rope.to_string(), "“U.S.” said\r\nnext 👍? line\n");
        // Joining lines across the CRLF.
        apply_change(&mut rope, &change(0, 11, 1, 0, " "), Encoding::Utf16);
        assert_eq!(rope.to_string(), "“U.S.” said next 👍? line\n");
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let mut rope = Rope::from_str("ab\ncd");
        let notes = apply_change(&mut rope, &change(1, 99, 7, 0, "!"), Encoding::Utf16);
        assert_eq!(rope.to_string(), "ab\ncd!");
        assert_eq!(notes, vec![ChangeNote::Clamped(lsp::Position::new(7, 0))]);
        let notes = apply_change(&mut rope, &change(0, 2, 0, 0, ""), Encoding::Utf16);
        assert_eq!(rope.to_string(), "\ncd!");
        assert_eq!(notes, vec![ChangeNote::Reversed]);
        // Inside a surrogate pair rounds down to the character's start.
        let mut rope = Rope::from_str("a👍b");
        apply_change(&mut rope, &change(0, 2, 0, 2, "x"), Encoding::Utf16);
        assert_eq!(rope.to_string(), "ax👍b");
    }

    #[test]
    fn full_replacement() {
        let mut rope = Rope::from_str("old");
        let c = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "new\r\ntext".into(),
        };
        apply_change(&mut rope, &c, Encoding::Utf16);
        assert_eq!(rope.to_string(), "new\r\ntext");
    }
}
