//! Text model: byte ranges and the one place where offsets become lines and columns.
//!
//! Everything inside the engine is a UTF-8 byte range into the document text. [`LineIndex`]
//! converts between byte offsets and `(line, column)` positions in any of the three encodings
//! editors and tools use. No other code does column arithmetic.

use std::ops::Range;

/// How a column is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Unicode scalar values (characters).
    Utf32,
}

/// A zero-based line and column; the column is counted in some [`Encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    pub fn new(line: u32, column: u32) -> Self {
        Self { line, column }
    }
}

/// A position that names a line past the end of the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("position {line}:{column} is outside the document, which has {lines} lines")]
pub struct PositionError {
    pub line: u32,
    pub column: u32,
    pub lines: u32,
}

/// Line starts of a text, CRLF-aware (`\n`, `\r\n` and a lone `\r` all end a line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the first character of every line; `starts[0] == 0`.
    starts: Vec<usize>,
    /// Byte offset where every line's content ends (before its terminator).
    ends: Vec<usize>,
    /// Whether the text is pure ASCII (columns are then bytes in every encoding).
    ascii: bool,
    /// In a text that is not, the lines that are not either, one bit each.
    wide: Vec<u64>,
    /// Checkpoints inside long lines of a non-ASCII text, in text order, so a column is
    /// counted from the nearest one instead of from the line's start: converting every position
    /// of a 5 MB line stays linear.
    marks: Vec<Mark>,
}

/// A character boundary inside a long line and its columns from the line's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    byte: usize,
    utf16: usize,
    utf32: usize,
}

impl Mark {
    fn column(&self, start: usize, enc: Encoding) -> usize {
        match enc {
            Encoding::Utf8 => self.byte - start,
            Encoding::Utf16 => self.utf16,
            Encoding::Utf32 => self.utf32,
        }
    }
}

/// Bytes between checkpoints of a long line.
const MARK_EVERY: usize = 1024;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut ends = Vec::new();
        // Line breaks found a machine word at a time; "\r\n" is one break.
        let mut skip = None;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if skip == Some(i) {
                continue;
            }
            ends.push(i);
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                skip = Some(i + 1);
                starts.push(i + 2);
            } else {
                starts.push(i + 1);
            }
        }
        ends.push(bytes.len());
        let ascii = text.is_ascii();
        let mut marks = Vec::new();
        let mut wide = Vec::new();
        if !ascii {
            wide = vec![0u64; starts.len().div_ceil(64)];
            for (i, (&start, &end)) in starts.iter().zip(&ends).enumerate() {
                if !text.as_bytes()[start..end].is_ascii() {
                    wide[i / 64] |= 1 << (i % 64);
                }
            }
            for (&start, &end) in starts.iter().zip(&ends) {
                if end - start <= MARK_EVERY {
                    continue;
                }
                let (mut utf16, mut utf32, mut last) = (0, 0, start);
                for (i, ch) in text[start..end].char_indices() {
                    let at = start + i;
                    if at - last >= MARK_EVERY {
                        marks.push(Mark {
                            byte: at,
                            utf16,
                            utf32,
                        });
                        last = at;
                    }
                    utf16 += ch.len_utf16();
                    utf32 += 1;
                }
            }
        }
        Self {
            starts,
            ends,
            ascii,
            wide,
            marks,
        }
    }

    /// Whether line `i` has a character outside ASCII.
    fn is_wide(&self, i: usize) -> bool {
        self.wide
            .get(i / 64)
            .is_none_or(|w| w & (1 << (i % 64)) != 0)
    }

    /// The checkpoints of the line that starts at `start` and ends at `end`.
    fn marks_in(&self, start: usize, end: usize) -> &[Mark] {
        let from = self.marks.partition_point(|m| m.byte < start);
        let to = self.marks.partition_point(|m| m.byte < end);
        &self.marks[from..to]
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn line_count(&self) -> u32 {
        self.starts.len() as u32
    }

    /// Byte range of a line's content, without its terminator.
    pub fn line_range(&self, line: u32) -> Option<Range<usize>> {
        let l = line as usize;
        Some(*self.starts.get(l)?..*self.ends.get(l)?)
    }

    /// The zero-based line containing a byte offset (offsets in a terminator belong to its line).
    pub fn line_of(&self, offset: usize) -> u32 {
        (self.starts.partition_point(|&s| s <= offset) - 1) as u32
    }

    /// Converts a byte offset to a position. Offsets past the end clamp to the end; an offset
    /// inside a character counts as that character's start.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line as usize];
        let end = self.ends[line as usize];
        let upto = offset.min(end);
        let column = if self.ascii || enc == Encoding::Utf8 || !self.is_wide(line as usize) {
            upto - start
        } else {
            let marks = self.marks_in(start, end);
            match marks[..marks.partition_point(|m| m.byte <= upto)].last() {
                Some(m) => m.column(start, enc) + width(&text[m.byte..upto], enc),
                None => width(&text[start..upto], enc),
            }
        };
        Position::new(line, column as u32)
    }

    /// Converts a position to a byte offset. A column past the end of its line clamps to the
    /// line's end (as the LSP specification asks); a column inside a character (the middle of
    /// a surrogate pair, say) rounds down to its start. A line past the last is an error.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> Result<usize, PositionError> {
        let Some(range) = self.line_range(pos.line) else {
            return Err(PositionError {
                line: pos.line,
                column: pos.column,
                lines: self.line_count(),
            });
        };
        let want = pos.column as usize;
        if self.ascii || enc == Encoding::Utf8 || !self.is_wide(pos.line as usize) {
            let off = (range.start + want).min(range.end);
            return Ok(floor_char_boundary(text, off));
        }
        let marks = self.marks_in(range.start, range.end);
        let (from, mut col) =
            match marks[..marks.partition_point(|m| m.column(range.start, enc) <= want)].last() {
                Some(m) => (m.byte, m.column(range.start, enc)),
                None => (range.start, 0),
            };
        for (i, ch) in text[from..range.end].char_indices() {
            let w = char_width(ch, enc);
            if col + w > want {
                return Ok(from + i);
            }
            col += w;
        }
        Ok(range.end)
    }

    /// Converts a byte range to a pair of positions.
    pub fn range(&self, text: &str, range: Range<usize>, enc: Encoding) -> (Position, Position) {
        (
            self.position(text, range.start, enc),
            self.position(text, range.end, enc),
        )
    }
}

/// Positions of offsets asked for mostly in text order (a publish's diagnostics): a column on
/// the line of the one before, and after it, is counted on from there instead of from the
/// line's start or its nearest checkpoint. Gives what [`LineIndex::position`] gives.
pub struct Columns<'a> {
    index: &'a LineIndex,
    text: &'a str,
    enc: Encoding,
    /// The last position counted: its line, its byte (clamped to the line's end), its column.
    last: Option<(u32, usize, usize)>,
}

impl<'a> Columns<'a> {
    pub fn new(index: &'a LineIndex, text: &'a str, enc: Encoding) -> Self {
        Columns {
            index,
            text,
            enc,
            last: None,
        }
    }

    pub fn position(&mut self, offset: usize) -> Position {
        let idx = self.index;
        if idx.ascii || self.enc == Encoding::Utf8 {
            return idx.position(self.text, offset, self.enc);
        }
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = idx.line_of(offset);
        let upto = offset.min(idx.ends[line as usize]);
        let column = match self.last {
            Some((l, at, col)) if l == line && at <= upto && idx.is_wide(line as usize) => {
                col + width(&self.text[at..upto], self.enc)
            }
            _ => idx.position(self.text, offset, self.enc).column as usize,
        };
        self.last = Some((line, upto, column));
        Position::new(line, column as u32)
    }
}

fn char_width(ch: char, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => ch.len_utf8(),
        Encoding::Utf16 => ch.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// Width of a string in the given encoding.
pub fn width(s: &str, enc: Encoding) -> usize {
    // A character is one unit per byte that is not a continuation byte (`10xxxxxx`), and a
    // second UTF-16 unit for a four-byte one (`11110xxx`).
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => {
            let (cont, four) = count_bytes(s.as_bytes());
            s.len() - cont + four
        }
        Encoding::Utf32 => s.len() - count_bytes(s.as_bytes()).0,
    }
}

/// The continuation bytes and the leading bytes of four-byte characters in `bytes`, counted
/// eight bytes at a time: converting a position counts the columns before it, so this runs
/// over a line's text for every diagnostic.
fn count_bytes(bytes: &[u8]) -> (usize, usize) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let (mut cont, mut four) = (0usize, 0usize);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().expect("chunks of eight"));
        // Within each byte, bit 7 of `x << k` is bit 7 - k of the byte: bits from the byte
        // below land in bits 0..k, which HIGH masks off.
        cont += (x & !(x << 1) & HIGH).count_ones() as usize;
        four += (x & (x << 1) & (x << 2) & (x << 3) & !(x << 4) & HIGH).count_ones() as usize;
    }
    for &b in chunks.remainder() {
        cont += usize::from(b & 0xC0 == 0x80);
        four += usize::from(b & 0xF8 == 0xF0);
    }
    (cont, four)
}

/// The largest char boundary not after `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The last `max` bytes (or fewer, to a char boundary) of `text` before `at`: what a check
/// looks back at, so that looking back costs the same anywhere in a long text.
pub fn tail(text: &str, at: usize, max: usize) -> &str {
    let at = floor_char_boundary(text, at);
    &text[floor_char_boundary(text, at.saturating_sub(max))..at]
}

/// The runs of alphabetic characters (`char::is_alphabetic`) in `text`, in order, as byte
/// ranges: `text.split(|c: char| !c.is_alphabetic())` without its empty pieces, read a byte at
/// a time where the text is ASCII.
pub(crate) fn alphabetic_runs(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    // Whether the character at `i` is alphabetic, and its length.
    let at = move |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b < 0x80 {
            (b.is_ascii_alphabetic(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphabetic(), c.len_utf8())
        }
    };
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let (alpha, len) = at(i);
            if alpha {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let (alpha, len) = at(i);
            if !alpha {
                break;
            }
            i += len;
        }
        Some(start..i)
    })
}

/// Calls `f` with `s` in lowercase (as [`str::to_lowercase`] writes it), without allocating
/// for short ASCII text.
pub(crate) fn with_lowercase<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    if s.len() <= buf.len() && s.is_ascii() {
        let b = &mut buf[..s.len()];
        b.copy_from_slice(s.as_bytes());
        b.make_ascii_lowercase();
        // ASCII stays ASCII, so this is valid UTF-8; the fallback never runs.
        match std::str::from_utf8(b) {
            Ok(l) => f(l),
            Err(_) => f(&s.to_lowercase()),
        }
    } else {
        f(&s.to_lowercase())
    }
}

/// A fast hasher for small keys (the multiply-rotate hash rustc uses). Not resistant to
/// chosen collisions: for tables of rule packs' keys and of one check's words, names and rule
/// ids, where a story written to collide costs only that story's check time.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Builds [`FxHasher`]s.
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
pub type FxHashSet<K> = std::collections::HashSet<K, FxBuild>;

/// Values kept by the text they were worked out from (a paragraph), for a later version of a
/// story to take again where that text is unchanged. Each text is hashed once; a value is given
/// only for the very text it was kept with.
#[derive(Debug)]
pub(crate) struct ByText<V> {
    map: FxHashMap<u64, (Box<str>, V)>,
}

impl<V> Default for ByText<V> {
    fn default() -> Self {
        ByText {
            map: FxHashMap::default(),
        }
    }
}

/// The hash a text is kept under in a [`ByText`].
pub(crate) fn text_key(text: &str) -> u64 {
    use std::hash::Hasher as _;
    let mut h = FxHasher::default();
    h.write(text.as_bytes());
    h.write_usize(text.len());
    h.finish()
}

impl<V> ByText<V> {
    /// Takes out the value kept for `text` (whose [`text_key`] is `key`), with the text.
    pub fn take(&mut self, text: &str, key: u64) -> Option<(Box<str>, V)> {
        match self.map.remove(&key) {
            Some((t, v)) if *t == *text => Some((t, v)),
            _ => None,
        }
    }

    /// Keeps `value` for `text`.
    pub fn keep(&mut self, key: u64, text: Box<str>, value: V) {
        self.map.insert(key, (text, value));
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

    #[test]
    fn columns_in_each_encoding() {
        let text = "“Zelenskyy” 👍 é\r\nKyiv — end\rlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let k = text.find("Kyiv").unwrap();
        for enc in ALL {
            assert_eq!(idx.position(text, k, enc), Position::new(1, 0));
        }
        let e = text.find('é').unwrap();
        assert_eq!(idx.position(text, e, Encoding::Utf8), Position::new(0, 21));
        assert_eq!(idx.position(text, e, Encoding::Utf16), Position::new(0, 15));
        assert_eq!(idx.position(text, e, Encoding::Utf32), Position::new(0, 14));
        let l = text.find("last").unwrap();
        assert_eq!(idx.position(text, l, Encoding::Utf16), Position::new(2, 0));
        // A column past the end clamps to the line end (before the CRLF).
        assert_eq!(
            idx.offset(text, Position::new(0, 999), Encoding::Utf16),
            Ok(text.find('\r').unwrap())
        );
        // Inside a surrogate pair rounds down to the emoji's start.
        let emoji = text.find('👍').unwrap();
        assert_eq!(
            idx.offset(text, Position::new(0, 13), Encoding::Utf16),
            Ok(emoji)
        );
        assert!(
            idx.offset(text, Position::new(3, 0), Encoding::Utf16)
                .is_err()
        );
    }

    #[test]
    fn ascii_lines_of_a_wide_text_count_bytes() {
        let text = "plain line\n“wide” line\r\nplain again — no, wide\nlast plain";
        let idx = LineIndex::new(text);
        let at = |s: &str| text.find(s).unwrap();
        let last = text.rfind("plain").unwrap();
        for enc in ALL {
            assert_eq!(idx.position(text, at("line"), enc), Position::new(0, 6));
            assert_eq!(idx.position(text, last, enc), Position::new(3, 5));
            assert_eq!(idx.offset(text, Position::new(3, 5), enc), Ok(last));
        }
        // After the dash: 15 bytes into its line, 13 UTF-16 units.
        let dash = at("again") + 9;
        assert_eq!(
            idx.position(text, at("wide”"), Encoding::Utf8),
            Position::new(1, 3)
        );
        assert_eq!(
            idx.position(text, at("wide”"), Encoding::Utf16),
            Position::new(1, 1)
        );
        assert_eq!(
            idx.position(text, dash, Encoding::Utf16),
            Position::new(2, 13)
        );
        assert_eq!(
            idx.position(text, dash, Encoding::Utf8),
            Position::new(2, 15)
        );
        assert_eq!(
            idx.offset(text, Position::new(2, 13), Encoding::Utf16),
            Ok(dash)
        );
    }

    fn story() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Zelenskyy",
            " ",
            "“",
            "”",
            "’",
            "—",
            "–",
            "é",
            "Ł",
            "👍",
            "🇺🇦",
            "\n",
            "\r\n",
            "\r",
            "US",
            "\t",
            "日本",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn lines_break_at_lf_crlf_and_cr(text in story()) {
            // The lines as a byte-at-a-time reading finds them: "\r\n" is one break.
            let mut expected = Vec::new();
            let (b, mut start, mut i) = (text.as_bytes(), 0, 0);
            while i < b.len() {
                if b[i] == b'\n' || b[i] == b'\r' {
                    expected.push(start..i);
                    if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    start = i + 1;
                }
                i += 1;
            }
            expected.push(start..b.len());
            let idx = LineIndex::new(&text);
            let got: Vec<_> = (0..idx.line_count()).filter_map(|l| idx.line_range(l)).collect();
            prop_assert_eq!(got, expected);
        }
    }

    proptest! {
        #[test]
        fn alphabetic_runs_are_the_pieces_of_a_split(text in story()) {
            let runs: Vec<&str> = alphabetic_runs(&text).map(|r| &text[r]).collect();
            let split: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            prop_assert_eq!(runs, split);
        }

        #[test]
        fn widths_counted_by_bytes_are_widths_counted_by_characters(text in story()) {
            prop_assert_eq!(width(&text, Encoding::Utf8), text.len());
            prop_assert_eq!(width(&text, Encoding::Utf16), text.chars().map(char::len_utf16).sum::<usize>());
            prop_assert_eq!(width(&text, Encoding::Utf32), text.chars().count());
        }

        #[test]
        fn columns_counted_on_are_positions(text in story(), picks in prop::collection::vec(0usize..10_000, 0..40)) {
            let idx = LineIndex::new(&text);
            for enc in ALL {
                let mut cols = Columns::new(&idx, &text, enc);
                // In text order, then out of it.
                let mut offsets: Vec<usize> = picks.iter().map(|p| p % (text.len() + 2)).collect();
                offsets.sort_unstable();
                offsets.extend(picks.iter().rev().map(|p| p % (text.len() + 2)));
                for off in offsets {
                    prop_assert_eq!(cols.position(off), idx.position(&text, off, enc));
                }
            }
        }

        #[test]
        fn every_boundary_round_trips(text in story()) {
            let idx = LineIndex::new(&text);
            for (off, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                for enc in ALL {
                    let pos = idx.position(&text, off, enc);
                    let back = idx.offset(&text, pos, enc).unwrap();
                    // A boundary inside a line terminator maps to the line's end.
                    let line_end = idx.line_range(pos.line).unwrap().end;
                    if off <= line_end {
                        prop_assert_eq!(back, off);
                    } else {
                        prop_assert_eq!(back, line_end);
                    }
                }
            }
        }

        #[test]
        fn long_lines_count_from_checkpoints_as_from_the_start(
            pieces in prop::collection::vec(prop::sample::select(vec!["a", " ", "“", "—", "é", "👍", "日本", "\n"]), 1000..4000),
            picks in prop::collection::vec(0usize..20_000, 20),
        ) {
            let text: String = pieces.iter().map(|p| if *p == "\n" { "a" } else { p }).collect::<String>()
                + &pieces.concat();
            let idx = LineIndex::new(&text);
            for pick in picks {
                let off = floor_char_boundary(&text, pick % (text.len() + 1));
                for enc in ALL {
                    let pos = idx.position(&text, off, enc);
                    let start = idx.line_range(pos.line).unwrap().start;
                    prop_assert_eq!(pos.column as usize, width(&text[start..off], enc));
                    prop_assert_eq!(idx.offset(&text, pos, enc).unwrap(), off);
                }
            }
        }

        #[test]
        fn encodings_agree_on_lines(text in story(), off in 0usize..400) {
            let idx = LineIndex::new(&text);
            let lines: Vec<u32> = ALL.iter().map(|&e| idx.position(&text, off, e).line).collect();
            prop_assert!(lines.iter().all(|&l| l == lines[0]));
            let terminators = text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count();
            prop_assert_eq!(idx.line_count() as usize, 1 + terminators);
        }

        #[test]
        fn arbitrary_positions_never_panic(text in story(), line in 0u32..10, col in 0u32..200) {
            let idx = LineIndex::new(&text);
            for enc in ALL {
                if let Ok(off) = idx.offset(&text, Position::new(line, col), enc) {
                    prop_assert!(text.is_char_boundary(off));
                }
            }
        }
    }
}
