//! The built-in rule files as build.rs parsed them: a tree of TOML values with their places in
//! the file, read back here into the values the TOML parser gives, so that starting up
//! deserializes the built-in rules without parsing their text again. The tree's layout is
//! described in build.rs.
//!
//! A file counts as built-in only when its text is the embedded text (a templated copy is
//! parsed as text); anything unexpected in the tree gives `None`, and the caller parses the
//! text instead, with the same result and the same errors.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

static TREES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rules.bin"));

/// The parsed tree of the built-in file at `path` (under `rules/`, with `/` between folders),
/// when `text` is that file's text; with `fill`, the tree of that text with each placeholder
/// `(from, to)` written as `to` (as [`super::template`] writes it: its strings and places are
/// those of the filled-in text).
pub(crate) fn tree(
    path: &str,
    text: &str,
    fill: &[(&str, &str)],
) -> Option<Spanned<DeTable<'static>>> {
    let rel = path.strip_prefix("rules/")?.replace('\\', "/");
    let embedded = super::packs::builtin_text(&rel)?;
    if embedded != text {
        return None;
    }
    let fill = Fill::new(embedded, fill)?;
    // Most files hold no placeholder: their strings and places are read as they are.
    let fill = (!fill.shifts.is_empty()).then_some(&fill);
    let mut r = Reader { bytes: TREES, fill };
    while !r.bytes.is_empty() {
        let name = r.str()?;
        let len = r.u32()?;
        let (this, rest) = r.bytes.split_at_checked(len)?;
        if name == rel {
            let mut t = Reader { bytes: this, fill };
            let span = t.span()?;
            let table = t.table()?;
            return t.bytes.is_empty().then(|| Spanned::new(span, table));
        }
        r.bytes = rest;
    }
    None
}

/// Placeholders filled in: what each becomes, and where they are in the file written.
struct Fill<'a> {
    with: &'a [(&'a str, &'a str)],
    /// Per placeholder in the file, in order: where it ends there, and how much longer the
    /// file is from there on once it and those before it are filled in.
    shifts: Vec<(usize, isize)>,
}

impl<'a> Fill<'a> {
    /// `None` when filling in one placeholder could write another: the text is then parsed.
    fn new(text: &str, with: &'a [(&'a str, &'a str)]) -> Option<Self> {
        if with.iter().any(|(_, to)| to.contains('{')) {
            return None;
        }
        let mut at: Vec<(usize, usize, usize)> = with
            .iter()
            .flat_map(|(from, to)| {
                text.match_indices(from)
                    .map(|(i, _)| (i + from.len(), from.len(), to.len()))
            })
            .collect();
        at.sort_unstable();
        let mut shift = 0isize;
        let shifts = at
            .into_iter()
            .map(|(end, from, to)| {
                shift += to as isize - from as isize;
                (end, shift)
            })
            .collect();
        Some(Fill { with, shifts })
    }

    /// A place in the file written, in the filled-in file.
    fn place(&self, at: usize) -> usize {
        let i = self.shifts.partition_point(|&(end, _)| end <= at);
        match i.checked_sub(1) {
            Some(j) => at.saturating_add_signed(self.shifts[j].1),
            None => at,
        }
    }

    fn string(&self, s: &'static str) -> Cow<'static, str> {
        if !s.contains('{') || !self.with.iter().any(|(from, _)| s.contains(from)) {
            return Cow::Borrowed(s);
        }
        let mut out = s.to_string();
        for (from, to) in self.with {
            out = out.replace(from, to);
        }
        Cow::Owned(out)
    }
}

struct Reader<'f> {
    bytes: &'static [u8],
    fill: Option<&'f Fill<'f>>,
}

impl Reader<'_> {
    fn u32(&mut self) -> Option<usize> {
        let (n, rest) = self.bytes.split_first_chunk::<4>()?;
        self.bytes = rest;
        Some(u32::from_le_bytes(*n) as usize)
    }

    fn u8(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }

    fn span(&mut self) -> Option<Range<usize>> {
        let (start, end) = (self.u32()?, self.u32()?);
        Some(match self.fill {
            Some(f) => f.place(start)..f.place(end),
            None => start..end,
        })
    }

    fn str(&mut self) -> Option<&'static str> {
        let len = self.u32()?;
        let (s, rest) = self.bytes.split_at_checked(len)?;
        self.bytes = rest;
        std::str::from_utf8(s).ok()
    }

    /// A string, filled in.
    fn string(&mut self) -> Option<Cow<'static, str>> {
        let s = self.str()?;
        Some(match self.fill {
            Some(f) => f.string(s),
            None => Cow::Borrowed(s),
        })
    }

    fn table(&mut self) -> Option<DeTable<'static>> {
        // The keys come sorted (build.rs wrote a sorted map): collected, the map is built at
        // once instead of searched at every key.
        let n = self.u32()?;
        let mut entries = Vec::with_capacity(n.min(self.bytes.len()));
        for _ in 0..n {
            let span = self.span()?;
            let key = Spanned::new(span, self.string()?);
            entries.push((key, self.value()?));
        }
        Some(entries.into_iter().collect())
    }

    fn value(&mut self) -> Option<Spanned<DeValue<'static>>> {
        let span = self.span()?;
        // Numbers and dates are kept as their TOML text, read by the TOML parser.
        let scalar = |text: &'static str| {
            DeValue::parse(text)
                .ok()
                .map(Spanned::into_inner)
                .filter(|v| {
                    !matches!(
                        v,
                        DeValue::String(_) | DeValue::Array(_) | DeValue::Table(_)
                    )
                })
        };
        let v = match self.u8()? {
            0 => DeValue::String(self.string()?),
            1..=2 | 4 => scalar(self.str()?)?,
            3 => DeValue::Boolean(self.u8()? != 0),
            5 => {
                let mut a = DeArray::new();
                for _ in 0..self.u32()? {
                    a.push(self.value()?);
                }
                DeValue::Array(a)
            }
            6 => DeValue::Table(self.table()?),
            _ => return None,
        };
        Some(Spanned::new(span, v))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use toml::Spanned;
    use toml::de::{DeTable, DeValue};

    use crate::rules::spec::RuleFile;

    /// The same values at the same places, key by key in the same order.
    fn same_table(a: &DeTable, b: &DeTable, at: &str) {
        assert_eq!(a.len(), b.len(), "{at}: keys");
        for ((ka, va), (kb, vb)) in a.iter().zip(b.iter()) {
            assert_eq!(ka.span(), kb.span(), "{at}: key span");
            assert_eq!(ka.get_ref(), kb.get_ref(), "{at}: key");
            same_value(va, vb, &format!("{at}.{}", ka.get_ref()));
        }
    }

    fn same_value(a: &Spanned<DeValue>, b: &Spanned<DeValue>, at: &str) {
        assert_eq!(a.span(), b.span(), "{at}: span");
        match (a.get_ref(), b.get_ref()) {
            (DeValue::String(x), DeValue::String(y)) => assert_eq!(x, y, "{at}"),
            (DeValue::Integer(x), DeValue::Integer(y)) => {
                assert_eq!((x.as_str(), x.radix()), (y.as_str(), y.radix()), "{at}")
            }
            (DeValue::Float(x), DeValue::Float(y)) => assert_eq!(x.as_str(), y.as_str(), "{at}"),
            (DeValue::Boolean(x), DeValue::Boolean(y)) => assert_eq!(x, y, "{at}"),
            (DeValue::Datetime(x), DeValue::Datetime(y)) => assert_eq!(x, y, "{at}"),
            (DeValue::Array(x), DeValue::Array(y)) => {
                assert_eq!(x.len(), y.len(), "{at}: items");
                for (i, (p, q)) in x.iter().zip(y.iter()).enumerate() {
                    same_value(p, q, &format!("{at}[{i}]"));
                }
            }
            (DeValue::Table(x), DeValue::Table(y)) => same_table(x, y, at),
            (x, y) => panic!("{at}: {} against {}", x.type_str(), y.type_str()),
        }
    }

    /// Every built-in file has a tree, the tree the TOML parser gives its text, and its rules
    /// deserialize from it.
    #[test]
    fn every_built_in_file_has_the_tree_its_text_parses_to() {
        let mut n = 0;
        for pack in crate::rules::packs::builtin_names() {
            for src in crate::rules::packs::builtin_pack(pack)
                .expect("listed")
                .files
            {
                // As written, and filled in as each house fills it in.
                for fill in [
                    &[][..],
                    &[("{prefix}", "ap"), ("{house}", "AP")][..],
                    &[("{prefix}", "reuters")][..],
                ] {
                    let tree = super::tree(&src.path, &src.text, fill)
                        .unwrap_or_else(|| panic!("{}: no tree", src.path));
                    let mut text = src.text.clone();
                    for (from, to) in fill {
                        text = text.replace(from, to);
                    }
                    let parsed = DeTable::parse(&text).expect("parses");
                    assert_eq!(tree.span(), parsed.span(), "{}", src.path);
                    same_table(tree.get_ref(), parsed.get_ref(), &src.path);
                    RuleFile::deserialize(toml::de::Deserializer::from(tree))
                        .unwrap_or_else(|e| panic!("{}: {e}", src.path));
                }
                n += 1;
            }
        }
        assert!(n > 30, "{n} files");
    }

    #[test]
    fn a_changed_text_has_no_tree() {
        let src = &crate::rules::packs::builtin_pack("ap").expect("ap").files[0];
        assert!(super::tree(&src.path, &src.text, &[]).is_some());
        assert!(super::tree(&src.path, &format!("{}\n", src.text), &[]).is_none());
        assert!(super::tree("rules/ap/none.toml", "", &[]).is_none());
        assert!(super::tree("elsewhere/pack.toml", &src.text, &[]).is_none());
        // A filling that writes a placeholder is left to the text.
        assert!(super::tree(&src.path, &src.text, &[("{prefix}", "{house}")]).is_none());
    }
}
