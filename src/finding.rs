//! The ground floor: what a check reports and how loudly — [`Finding`], [`Fix`], [`Edit`],
//! [`Level`], [`Category`] and [`Safety`]. Rules, kinds and the engine all build on this module;
//! it imports nothing of theirs.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// How loudly a rule speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Hint,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Hint => "hint",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s.to_ascii_lowercase().as_str() {
            "off" | "none" => Level::Off,
            "hint" => Level::Hint,
            "info" | "information" => Level::Info,
            "warning" | "warn" => Level::Warning,
            "error" => Level::Error,
            _ => return None,
        })
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What part of house style a rule keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Title,
    Name,
    Dateline,
    Date,
    Number,
    Usage,
    Punctuation,
    Reference,
    /// copydesk's own directives in a story: a suppression comment naming no rule.
    Directive,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Title => "title",
            Category::Name => "name",
            Category::Dateline => "dateline",
            Category::Date => "date",
            Category::Number => "number",
            Category::Usage => "usage",
            Category::Punctuation => "punctuation",
            Category::Reference => "reference",
            Category::Directive => "directive",
        }
    }
}

/// How safe a fix is to apply without a human looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Mechanical; `--fix` and "fix all" apply it.
    Safe,
    /// Needs an editor's eye; applied only on request.
    Review,
}

impl Safety {
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Review => "review",
        }
    }
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A labelled set of edits that corrects a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub safety: Safety,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix that replaces `range` with `replacement`, titled after what it writes.
    pub fn replace(
        range: Range<usize>,
        replacement: String,
        safety: Safety,
        title: Option<String>,
    ) -> Fix {
        let title = title.unwrap_or_else(|| {
            if replacement.is_empty() {
                "Remove it".to_string()
            } else {
                // Written out rather than formatted: a check makes one for most findings.
                let mut t = String::with_capacity(replacement.len() + 20);
                t.push_str("Replace with “");
                t.push_str(&replacement);
                t.push('”');
                t
            }
        });
        Fix {
            title,
            safety,
            edits: vec![Edit { range, replacement }],
        }
    }
}

/// A string shared by every finding that carries it — a rule's id, its documentation's address
/// — rather than copied into each: a finding costs its own message and fixes, little more.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shared(Arc<str>);

impl Shared {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Shared {
        Shared(s.into())
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Shared {
        Shared(s.into())
    }
}

impl From<Shared> for String {
    fn from(s: Shared) -> String {
        s.0.to_string()
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Shared> for str {
    fn eq(&self, other: &Shared) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Shared> for &str {
    fn eq(&self, other: &Shared) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Shared> for String {
    fn eq(&self, other: &Shared) -> bool {
        **self == *other.0
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Shared, D::Error> {
        String::deserialize(d).map(Shared::from)
    }
}

/// A problem found in a document: plain data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Shared,
    pub category: Category,
    pub severity: Level,
    /// Byte range in the document text.
    pub range: Range<usize>,
    pub message: String,
    /// The first fix is the preferred one.
    pub fixes: Vec<Fix>,
    /// Where the rule's documentation lives.
    pub url: Option<Shared>,
}

impl Finding {
    /// What the preferred fix writes in place of exactly this finding's range, if its edits
    /// all fall inside the range.
    pub fn replacement(&self, text: &str) -> Option<String> {
        let fix = self.fixes.first()?;
        let r = &self.range;
        if fix
            .edits
            .iter()
            .any(|e| e.range.start < r.start || e.range.end > r.end)
        {
            return None;
        }
        let mut out = String::new();
        let mut at = r.start;
        let mut edits: Vec<&Edit> = fix.edits.iter().collect();
        edits.sort_by_key(|e| e.range.start);
        for e in edits {
            if e.range.start < at {
                return None;
            }
            out.push_str(&text[at..e.range.start]);
            out.push_str(&e.replacement);
            at = e.range.end;
        }
        out.push_str(&text[at..r.end]);
        Some(out)
    }
}
