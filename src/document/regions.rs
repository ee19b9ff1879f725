//! Finds the parts of a story: front matter, headline, dateline, paragraphs, quotations, and
//! the text that is never checked (code, URLs, e-mail addresses, handles, comments).

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use super::Format;
use crate::text::LineIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionKind {
    /// Front matter (also counted as [`RegionKind::Skip`]).
    FrontMatter,
    /// A headline, heading or byline line above the dateline.
    Headline,
    /// The dateline at the start of the first body paragraph.
    Dateline,
    /// A direct quotation, marks included.
    Quote,
    /// A Markdown block quote: quoted written material.
    BlockQuote,
    /// Never checked: code, URLs, e-mail addresses, handles, comments, front matter.
    Skip,
    /// A quotation that is a fragment of the writer's sentence, not a sentence of its own
    /// ("called the plan “a good start”"): it starts with a lowercase letter, or follows a word
    /// that is not a verb of saying. Also a [`RegionKind::Quote`].
    Fragment,
    /// A line that separates the items of a news digest (`___`; also [`RegionKind::Skip`]).
    Separator,
    /// A list item or a table row (`- 3 goals`, `1. Leeds`, `| Leeds | 3 |`): cells and items,
    /// not sentences of the story.
    List,
}

const KINDS: usize = 9;

impl RegionKind {
    fn slot(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub kind: RegionKind,
    pub range: Range<usize>,
}

/// The parts of a dateline, as found (whatever house it follows, if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// From the city to the end of the separator (or of the credit when there is none).
    pub range: Range<usize>,
    pub city: Range<usize>,
    /// Comma-separated parts after the city: a state, a country, a date.
    pub parts: Vec<Range<usize>>,
    /// The part that is a date, if any, as an index into `parts`.
    pub date_part: Option<usize>,
    /// Month and day of that date.
    pub month_day: Option<(i8, i8)>,
    /// Its year, when the dateline writes one (`Nov. 26, 2005`).
    pub year: Option<i16>,
    /// The credit with its parentheses, e.g. `(AP)`.
    pub credit: Option<Range<usize>>,
    /// The separator after the credit: a dash, a hyphen or a colon.
    pub separator: Option<Range<usize>>,
}

/// One story of a news digest, or the whole story when it is not a digest: the items are
/// separated by lines of underscores (`___`), and each has its own headline, dateline and
/// first references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// From the item's first paragraph to its last (separator lines excluded).
    pub range: Range<usize>,
    /// The item's dateline, if it has one.
    pub dateline: Option<Dateline>,
    /// Where the item's body (after its headline and dateline) starts.
    pub body_start: usize,
}

#[derive(Debug, Clone)]
struct Suppression {
    /// The line it applies to, or the byte range for disable/enable blocks.
    lines: Range<u32>,
    /// Rule ids, prefixes or categories; empty means all.
    rules: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Regions {
    pub all: Vec<Region>,
    by_kind: [Vec<Range<usize>>; KINDS],
    pub paragraphs: Vec<Range<usize>>,
    /// The items of a digest, in order; one item for a story that is not a digest.
    pub items: Vec<Item>,
    /// The first dateline of the story (of its first item that has one).
    pub dateline: Option<Dateline>,
    pub front_matter_date: Option<Date>,
    pub body_start: usize,
    suppressions: Vec<Suppression>,
    /// Every rule id, prefix or category a suppression comment names, with where.
    pub suppression_keys: Vec<(Range<usize>, String)>,
}

static INLINE_SKIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        (?:https?|ftp)://[^\s<>"“”)\]]+          # URLs with a scheme
        | (?-u:\b)www\.[^\s<>"“”)\]]+            # www. addresses
        | [\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+        # e-mail addresses
        | (?:^|[\s(])@(?-u:\w){1,30}             # handles (ASCII, as the platforms allow)
        | (?-u:\b)[\w\-]+\.(?:com|org|net|gov|edu|co\.uk|io)(?:/[^\s<>"“”)\]]*)?(?-u:\b)  # bare domains
        "#,
    )
    .unwrap()
});

/// The quotation marks in `range` of `text` (`"`, `'`, `“`, `”`, `‘`, `’`), with where each
/// stands, found a machine word at a time: the curly ones are the three bytes E2 80 98-9D.
pub(crate) fn quote_marks(
    text: &str,
    range: Range<usize>,
) -> impl Iterator<Item = (usize, char)> + '_ {
    let b = &text.as_bytes()[range.clone()];
    memchr::memchr3_iter(b'"', b'\'', 0xE2, b).filter_map(move |i| {
        let ch = match b[i] {
            b'"' => '"',
            b'\'' => '\'',
            _ => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(0x9C)) => '“',
                (Some(0x80), Some(0x9D)) => '”',
                (Some(0x80), Some(0x98)) => '‘',
                (Some(0x80), Some(0x99)) => '’',
                _ => return None,
            },
        };
        Some((range.start + i, ch))
    })
}

/// Whether [`INLINE_SKIP`] can match in `s`: every match has a scheme's `://`, `www.`, an `@`
/// or a listed domain ending.
fn may_skip(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr(b'@', b).is_some()
        || SCHEME.find(b).is_some()
        || WWW.find(b).is_some()
        || memchr::memchr_iter(b'.', b).any(|i| {
            let t = &b[i + 1..];
            [&b"com"[..], b"org", b"net", b"gov", b"edu", b"co.uk", b"io"]
                .iter()
                .any(|d| t.starts_with(d))
        })
}

/// Searchers built once: every line and paragraph of every story is searched for these, and a
/// one-off search builds its searcher each time.
static SCHEME: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("://"));
static WWW: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("www."));
static SUPPRESSION: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("copydesk-"));
static COMMENT: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("<!--"));

static DATELINE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?P<credit>[^()\n]{1,30})\)[ \t]*(?P<sep1>—|–|--|-|:)?|[ \t](?P<sep2>—|–|--|-)(?:[ \t]|$)|(?P<sep3>:)[ \t]").unwrap()
});

static MISPLACED_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*\((?P<credit>[A-Z][^()\n]{0,29})\)[ \t]*(?P<sep>—|–|--|-)").unwrap()
});

static DATE_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)(?:,\s*(?P<y>\d{4}))?$").unwrap()
});

static SUPPRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"copydesk-(?P<what>disable-next-line|disable-line|disable|enable)(?P<rules>[ \t]+[^\n>]*?)?[ \t]*(?:-->|$)").unwrap()
});

fn month_number(abbr: &str) -> Option<i8> {
    let m = abbr.get(..3)?.to_ascii_lowercase();
    let i = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|x| *x == m)?;
    Some(i as i8 + 1)
}

/// Reads a dateline part such as `Nov 26`, `Sept. 12`, `18th Nov` into (month, day).
pub(crate) fn parse_month_day(s: &str) -> Option<(i8, i8)> {
    parse_date_part(s).map(|(m, d, _)| (m, d))
}

/// Reads a dateline part into (month, day, the year when one is written: `Nov. 26, 2005`).
fn parse_date_part(s: &str) -> Option<(i8, i8, Option<i16>)> {
    let c = DATE_PART.captures(s.trim())?;
    let year = c.name("y").and_then(|y| y.as_str().parse().ok());
    let (m, d) = match (c.name("m1"), c.name("d1")) {
        (Some(m), Some(d)) => (m, d),
        _ => (c.name("m2")?, c.name("d2")?),
    };
    let day: i8 = d.as_str().parse().ok()?;
    (1..=31).contains(&day).then_some(())?;
    Some((month_number(m.as_str())?, day, year))
}

/// What a straight double quotation mark does, read from its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// After a space or the paragraph start, before a word: `said: "We`.
    Open,
    /// After a word or punctuation, before a space, punctuation or the end: `wrong."`.
    Close,
    /// Both or neither: take it as the opposite of the current state.
    Either,
}

pub(crate) fn straight_mark(text: &str, para_start: usize, at: usize) -> Mark {
    let prev = text[para_start..at].chars().next_back();
    let next = text[at + 1..].chars().next();
    let opens = prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–'))
        && next.is_some_and(|c| !c.is_whitespace());
    let closes = prev.is_some_and(|c| !c.is_whitespace() && !matches!(c, '(' | '['))
        && next.is_none_or(|c| {
            c.is_whitespace()
                || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '—' | '–')
        });
    match (opens, closes) {
        (true, false) => Mark::Open,
        (false, true) => Mark::Close,
        _ => Mark::Either,
    }
}

impl Regions {
    pub fn parse(text: &str, index: &LineIndex, format: Format) -> Self {
        let mut r = Regions::default();
        let mut line = 0u32;
        let lines = index.line_count();

        // Front matter.
        if let Some(first) = index.line_range(0) {
            let fence = text[first.clone()].trim_end();
            if fence == "---" || fence == "+++" {
                let mut l = 1;
                while let Some(lr) = index.line_range(l) {
                    let content = text[lr.clone()].trim_end();
                    if content == fence || (fence == "---" && content == "...") {
                        let end = index.line_range(l + 1).map_or(text.len(), |n| n.start);
                        r.push(RegionKind::FrontMatter, 0..end);
                        r.push(RegionKind::Skip, 0..end);
                        line = l + 1;
                        break;
                    }
                    if let Some(v) = content
                        .strip_prefix("date:")
                        .or_else(|| content.strip_prefix("date ="))
                    {
                        let v = v.trim().trim_matches(['"', '\'']);
                        r.front_matter_date = v.get(..10).and_then(|d| d.parse().ok());
                    }
                    l += 1;
                }
            }
        }

        // Lines: code fences, comments, suppressions, block quotes, headings, paragraphs.
        let mut para: Option<Range<usize>> = None;
        let mut headings: Vec<Range<usize>> = Vec::new();
        let mut separators: Vec<Range<usize>> = Vec::new();
        let mut in_fence: Option<(usize, &str)> = None;
        let mut in_comment: Option<usize> = None;
        let mut open_block: Vec<(usize, Vec<String>)> = Vec::new();
        while line < lines {
            let lr = index.line_range(line).unwrap();
            let content = &text[lr.clone()];
            let trimmed = content.trim();
            let full_end = index.line_range(line + 1).map_or(text.len(), |n| n.start);
            line += 1;

            if let Some((start, fence)) = in_fence {
                if trimmed.starts_with(fence) {
                    r.push(RegionKind::Skip, start..lr.end);
                    in_fence = None;
                }
                continue;
            }
            if let Some(start) = in_comment {
                if let Some(p) = content.find("-->") {
                    r.push(RegionKind::Skip, start..lr.start + p + 3);
                    in_comment = None;
                }
                continue;
            }
            if format == Format::Markdown
                && (trimmed.starts_with("```") || trimmed.starts_with("~~~"))
            {
                close(&mut para, &mut r.paragraphs);
                in_fence = Some((lr.start, &trimmed[..3]));
                continue;
            }
            // Suppression comments, in an HTML comment or on a line of their own (a line
            // without the word is not searched).
            let suppressing = SUPPRESSION.find(content.as_bytes()).is_some();
            let found = suppressing.then(|| SUPPRESS.captures_iter(content));
            for c in found.into_iter().flatten() {
                let mut rules: Vec<String> = Vec::new();
                if let Some(m) = c.name("rules") {
                    let mut at = lr.start + m.start();
                    for key in m.as_str().split([',', ' ', '\t']) {
                        if !key.is_empty() {
                            r.suppression_keys
                                .push((at..at + key.len(), key.to_string()));
                            rules.push(key.to_string());
                        }
                        at += key.len() + 1;
                    }
                }
                let this = line - 1;
                match &c["what"] {
                    "disable-next-line" => {
                        // The next line that has text.
                        let mut next = this + 1;
                        while index
                            .line_range(next)
                            .is_some_and(|nr| text[nr].trim().is_empty())
                        {
                            next += 1;
                        }
                        r.suppressions.push(Suppression {
                            lines: next..next + 1,
                            rules,
                        });
                    }
                    "disable-line" => r.suppressions.push(Suppression {
                        lines: this..this + 1,
                        rules,
                    }),
                    "disable" => open_block.push((this as usize, rules)),
                    _ => {
                        if let Some((from, rules)) = open_block.pop() {
                            r.suppressions.push(Suppression {
                                lines: from as u32..this + 1,
                                rules,
                            });
                        }
                    }
                }
            }
            let bare_suppression = trimmed.starts_with("copydesk-");
            if bare_suppression {
                close(&mut para, &mut r.paragraphs);
                r.push(RegionKind::Skip, lr.clone());
                continue;
            }
            // HTML comments (all kinds).
            let mut search = 0;
            let mut comment_only = false;
            while let Some(p) = COMMENT.find(&content.as_bytes()[search..]) {
                let s = search + p;
                match content[s..].find("-->") {
                    Some(e) => {
                        r.push(RegionKind::Skip, lr.start + s..lr.start + s + e + 3);
                        if content[..s].trim().is_empty() && content[s + e + 3..].trim().is_empty()
                        {
                            comment_only = true;
                        }
                        search = s + e + 3;
                    }
                    None => {
                        in_comment = Some(lr.start + s);
                        comment_only = content[..s].trim().is_empty();
                        break;
                    }
                }
            }
            if comment_only {
                continue;
            }
            if is_separator(trimmed) {
                close(&mut para, &mut r.paragraphs);
                separators.push(lr.clone());
                r.push(RegionKind::Separator, lr.clone());
                r.push(RegionKind::Skip, lr.clone());
                continue;
            }
            if trimmed.is_empty() {
                close(&mut para, &mut r.paragraphs);
                continue;
            }
            if is_list_line(trimmed) {
                r.push(RegionKind::List, lr.clone());
            }
            if format == Format::Markdown {
                if trimmed.starts_with('>') {
                    close(&mut para, &mut r.paragraphs);
                    r.push(RegionKind::BlockQuote, lr.clone());
                    continue;
                }
                if trimmed.starts_with('#') {
                    close(&mut para, &mut r.paragraphs);
                    headings.push(lr.clone());
                    r.paragraphs.push(lr.clone());
                    continue;
                }
                match &mut para {
                    Some(p) => p.end = lr.end,
                    None => para = Some(lr.clone()),
                }
            } else {
                r.paragraphs.push(lr.clone());
            }
            let _ = full_end;
        }
        close(&mut para, &mut r.paragraphs);
        if let Some((start, _)) = in_fence {
            r.push(RegionKind::Skip, start..text.len());
        }
        if let Some(start) = in_comment {
            r.push(RegionKind::Skip, start..text.len());
        }

        // Inline skips: code spans (Markdown), URLs, e-mail addresses, handles.
        for p in r.paragraphs.clone() {
            let s = &text[p.clone()];
            if format == Format::Markdown {
                let mut i = 0;
                while let Some(a) = s[i..].find('`') {
                    let a = i + a;
                    let ticks = s[a..].chars().take_while(|&c| c == '`').count();
                    let fence = &s[a..a + ticks];
                    match s[a + ticks..].find(fence) {
                        Some(b) => {
                            let end = a + ticks + b + ticks;
                            r.push(RegionKind::Skip, p.start + a..p.start + end);
                            i = end;
                        }
                        None => break,
                    }
                }
            }
            let found = may_skip(s).then(|| INLINE_SKIP.find_iter(s));
            for m in found.into_iter().flatten() {
                let mut start = m.start();
                let ms = m.as_str();
                if let Some(off) = ms
                    .find('@')
                    .filter(|_| !ms.contains('.') || ms.starts_with([' ', '(', '@']))
                {
                    start += off.min(ms.len());
                }
                let trimmed = text[p.start + start..p.start + m.end()]
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '’']);
                r.push(
                    RegionKind::Skip,
                    p.start + start..p.start + start + trimmed.len(),
                );
            }
        }
        r.sort();

        // The items of a digest: the paragraphs between separator lines. Each has its own
        // headline and dateline among its first paragraphs.
        let mut groups: Vec<Vec<Range<usize>>> = vec![Vec::new()];
        let mut seps = separators.iter().peekable();
        for p in &r.paragraphs {
            while seps.next_if(|s| s.start < p.start).is_some() {
                if groups.last().is_some_and(|g| !g.is_empty()) {
                    groups.push(Vec::new());
                }
            }
            if let Some(g) = groups.last_mut() {
                g.push(p.clone());
            }
        }
        groups.retain(|g| !g.is_empty());
        let digest = groups.len() > 1;
        for paras in &groups {
            let item = r.item(text, paras, &headings, digest);
            if r.dateline.is_none() {
                r.dateline = item.dateline.clone();
            }
            r.items.push(item);
        }
        r.body_start = r.items.first().map_or(0, |i| i.body_start);
        for h in headings {
            r.push(RegionKind::Headline, h);
        }
        for dl in r.items.iter().filter_map(|i| i.dateline.as_ref()) {
            let range = dl.range.clone();
            r.all.push(Region {
                kind: RegionKind::Dateline,
                range,
            });
        }

        // Quotations, paragraph by paragraph; an unclosed quotation runs to the paragraph's end
        // (a multi-paragraph quotation reopens with a mark at the next paragraph's start).
        for p in r.paragraphs.clone() {
            let headline = r.overlaps(&p, RegionKind::Headline);
            let mut open: Option<usize> = None;
            let bytes = text.as_bytes();
            for (at, ch) in quote_marks(text, p.clone()) {
                let skip_here = r.overlaps(&(at..at + ch.len_utf8()), RegionKind::Skip);
                if skip_here {
                    continue;
                }
                let mark = if ch == '"' {
                    straight_mark(text, p.start, at)
                } else {
                    Mark::Either
                };
                match (ch, open) {
                    // A closing mark with no quotation open: the quotation runs on from an
                    // earlier paragraph that did not close it.
                    ('"', None) if mark == Mark::Close => r.all.push(Region {
                        kind: RegionKind::Quote,
                        range: p.start..at + ch.len_utf8(),
                    }),
                    ('”', None) => r.all.push(Region {
                        kind: RegionKind::Quote,
                        range: p.start..at + ch.len_utf8(),
                    }),
                    ('“', None) | ('"', None) => open = Some(at),
                    // An opening mark inside an open quotation: a new paragraph of the same
                    // quotation, run into this one without its closing mark.
                    ('"', Some(_)) if mark == Mark::Open => {}
                    ('”', Some(s)) | ('"', Some(s)) => {
                        r.all.push(Region {
                            kind: RegionKind::Quote,
                            range: s..at + ch.len_utf8(),
                        });
                        open = None;
                    }
                    ('‘' | '\'', None) if headline => {
                        let prev_alnum = at > 0 && (bytes[at - 1] as char).is_alphanumeric();
                        if !prev_alnum {
                            open = Some(at);
                        }
                    }
                    ('’' | '\'', Some(s))
                        if headline && matches!(text[s..].chars().next(), Some('‘' | '\'')) =>
                    {
                        let next_alpha = text[at + ch.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphabetic);
                        if !next_alpha {
                            r.all.push(Region {
                                kind: RegionKind::Quote,
                                range: s..at + ch.len_utf8(),
                            });
                            open = None;
                        }
                    }
                    _ => {}
                }
            }
            if let Some(s) = open
                && matches!(text[s..].chars().next(), Some('“' | '"'))
            {
                r.all.push(Region {
                    kind: RegionKind::Quote,
                    range: s..p.end,
                });
            }
        }
        let fragments: Vec<Range<usize>> = r
            .all
            .iter()
            .filter(|q| q.kind == RegionKind::Quote)
            .filter(|q| {
                let i = r.paragraphs.partition_point(|p| p.end <= q.range.start);
                r.paragraphs
                    .get(i)
                    .is_some_and(|p| is_fragment(text, p.start, &q.range))
            })
            .map(|q| q.range.clone())
            .collect();
        for f in fragments {
            r.push(RegionKind::Fragment, f);
        }
        r.sort();
        r
    }

    /// The headline and dateline of one item (its paragraphs given), pushing its headline
    /// regions. In a digest an item of short lines alone (the digest's own title) is a
    /// headline.
    fn item(
        &mut self,
        text: &str,
        paras: &[Range<usize>],
        headings: &[Range<usize>],
        digest: bool,
    ) -> Item {
        let range = paras[0].start..paras[paras.len() - 1].end;
        let mut dateline = None;
        let mut body_start = range.start;
        let mut headline_candidates = Vec::new();
        for p in paras.iter().take(4) {
            if self.overlaps(p, RegionKind::Skip)
                && text[p.clone()].trim_start().starts_with("<!--")
            {
                continue;
            }
            if let Some(dl) = find_dateline(text, p.clone()) {
                body_start = dl.range.end;
                dateline = Some(dl);
                break;
            }
            // Markdown joins a byline and the dateline line under it into one paragraph: the
            // dateline then starts a later line, after short lines that end no sentence.
            if let Some((byline, dl)) = dateline_after_byline(text, p.clone()) {
                headline_candidates.push(byline);
                body_start = dl.range.end;
                dateline = Some(dl);
                break;
            }
            let s = text[p.clone()].trim();
            let short = s.split_whitespace().count() <= 20;
            let ends_sentence = s.ends_with(['.', '!', '?', '"', '”', ':', ',', ';']);
            let heading = headings.contains(p);
            if heading || (short && !ends_sentence) {
                headline_candidates.push(p.clone());
            } else {
                break;
            }
        }
        let heads: Vec<Range<usize>> = match &dateline {
            Some(dl) => headline_candidates
                .into_iter()
                .filter(|h| h.end <= dl.range.start)
                .collect(),
            None if digest && headline_candidates.len() == paras.len() => headline_candidates,
            None => headline_candidates
                .into_iter()
                .take(1)
                .filter(|h| paras.len() > 1 || headings.contains(h))
                .collect(),
        };
        for h in heads {
            body_start = body_start.max(h.end);
            self.push(RegionKind::Headline, h);
        }
        Item {
            range,
            dateline,
            body_start,
        }
    }

    fn push(&mut self, kind: RegionKind, range: Range<usize>) {
        if range.start < range.end {
            self.all.push(Region { kind, range });
        }
    }

    fn sort(&mut self) {
        self.all.sort_by_key(|r| (r.range.start, r.range.end));
        self.all.dedup();
        for v in &mut self.by_kind {
            v.clear();
        }
        for reg in &self.all {
            self.by_kind[reg.kind.slot()].push(reg.range.clone());
        }
        for v in &mut self.by_kind {
            // Merge overlaps so a binary search answers each query.
            let mut merged: Vec<Range<usize>> = Vec::with_capacity(v.len());
            for r in v.drain(..) {
                match merged.last_mut() {
                    Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                    _ => merged.push(r),
                }
            }
            *v = merged;
        }
    }

    pub fn overlaps(&self, range: &Range<usize>, kind: RegionKind) -> bool {
        let v = &self.by_kind[kind.slot()];
        let i = v.partition_point(|r| r.end <= range.start);
        v.get(i).is_some_and(|r| {
            r.start < range.end
                || (range.is_empty() && r.start <= range.start && range.start < r.end)
        })
    }

    pub fn suppressed(&self, index: &LineIndex, offset: usize, rule: &str, category: &str) -> bool {
        if self.suppressions.is_empty() {
            return false;
        }
        let line = index.line_of(offset);
        self.suppressions.iter().any(|s| {
            s.lines.contains(&line)
                && (s.rules.is_empty()
                    || s.rules.iter().any(|r| {
                        r == rule
                            || r == category
                            || (rule.starts_with(r.as_str())
                                && rule.as_bytes().get(r.len()) == Some(&b'.'))
                    }))
        })
    }
}

/// Verbs of saying: a quotation with a capital right after one is a sentence of its own
/// (`said "We are ready."`), not a fragment of the writer's sentence.
const SAYING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "asked",
    "asks",
    "added",
    "adds",
    "wrote",
    "writes",
    "stated",
    "states",
    "declared",
    "declares",
    "replied",
    "replies",
    "tweeted",
    "posted",
    "read",
    "reads",
    "saying",
    "announced",
    "announces",
];

/// Whether the quotation at `q` (in the paragraph starting at `para_start`) is a fragment of the
/// writer's sentence: its words start with a lowercase letter, or it follows a word that is not
/// a verb of saying. One that opens the paragraph, follows a colon, comma or dash, or runs on
/// from an earlier paragraph is a sentence of its own.
fn is_fragment(text: &str, para_start: usize, q: &Range<usize>) -> bool {
    let Some(mark) = text[q.clone()].chars().next() else {
        return false;
    };
    if !matches!(mark, '"' | '“' | '‘' | '\'') {
        return false;
    }
    let inner = &text[q.start + mark.len_utf8()..q.end];
    let Some(first) = inner
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '…' | '‘' | '\''))
        .chars()
        .next()
    else {
        return false;
    };
    if first.is_lowercase() {
        return true;
    }
    let before = text[para_start..q.start].trim_end();
    match before.chars().next_back() {
        Some(c) if c.is_alphanumeric() => {
            let word = before
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("")
                .to_lowercase();
            !SAYING.contains(&word.as_str())
        }
        _ => false,
    }
}

/// A line that is a list item (`- `, `* `, `+ `, `• ` or `1.`/`1)` and a space before its text)
/// or a table row (it starts with `|`, or is a row of a table without outer pipes: cells
/// between `|`, or the `---|---` line under its header).
fn is_list_line(trimmed: &str) -> bool {
    if trimmed.starts_with('|') {
        return true;
    }
    if let Some(rest) = trimmed.strip_prefix(['-', '*', '+', '•'])
        && rest.starts_with(' ')
        && !rest.trim().is_empty()
    {
        return true;
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits)
        && matches!(trimmed.as_bytes().get(digits), Some(b'.' | b')'))
        && trimmed.as_bytes().get(digits + 1) == Some(&b' ')
    {
        return true;
    }
    // A delimiter row: `---|:---:|---`.
    trimmed.contains('|')
        && trimmed.contains("---")
        && trimmed
            .chars()
            .all(|c| matches!(c, '-' | '|' | ':' | ' ' | '\t'))
}

/// A line that separates the items of a news digest: three or more underscores.
fn is_separator(trimmed: &str) -> bool {
    trimmed.len() >= 3 && trimmed.bytes().all(|b| b == b'_')
}

fn close(para: &mut Option<Range<usize>>, out: &mut Vec<Range<usize>>) {
    if let Some(p) = para.take() {
        out.push(p);
    }
}

/// A dateline at the start of the second or third line of a paragraph whose lines before it
/// are short and end no sentence (a byline, a credit line); returns those lines and the
/// dateline.
fn dateline_after_byline(text: &str, para: Range<usize>) -> Option<(Range<usize>, Dateline)> {
    let mut line_start = para.start;
    for _ in 0..2 {
        let nl = text[line_start..para.end].find('\n')? + line_start;
        let line = text[line_start..nl].trim();
        let words = line.split_whitespace().count();
        if line.is_empty() || words > 12 || line.ends_with(['.', '!', '?', ':', ';']) {
            return None;
        }
        line_start = nl + 1;
        if let Some(dl) = find_dateline(text, line_start..para.end) {
            let before = text[para.start..line_start].trim_end().len();
            return Some((para.start..para.start + before, dl));
        }
    }
    None
}

fn find_dateline(text: &str, para: Range<usize>) -> Option<Dateline> {
    let s = &text[para.clone()];
    let lead = s.len() - s.trim_start().len();
    let window_end = s
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= 100)
        .unwrap_or(s.len());
    let m = DATELINE_END.captures(&s[..window_end])?;
    let whole = m.get(0)?;
    // A dateline's end that starts inside the leading blanks (" — …") has no head.
    let head = s.get(lead..whole.start())?;
    let head_trim = head.trim_end();
    if head_trim.is_empty() {
        return None;
    }
    // Split the head into comma-separated parts.
    let mut parts: Vec<Range<usize>> = Vec::new();
    let mut start = lead;
    for (i, ch) in head_trim.char_indices() {
        if ch == ',' {
            parts.push(start..lead + i);
            start = lead + i + 1;
        }
    }
    parts.push(start..lead + head_trim.len());
    let parts: Vec<Range<usize>> = parts
        .into_iter()
        .map(|r| {
            let t = &s[r.clone()];
            let l = t.len() - t.trim_start().len();
            r.start + l..r.start + l + t.trim().len()
        })
        .collect();
    let city = parts[0].clone();
    let city_text = &s[city.clone()];
    let city_words: Vec<&str> = city_text
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    if city_words.is_empty() || city_words.len() > 4 {
        return None;
    }
    let joiners = [
        "de", "del", "la", "da", "do", "al", "el", "es", "of", "upon", "on",
    ];
    if !city_words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase) || joiners.contains(w))
    {
        return None;
    }
    if city_text.contains(['.', '\'', '’'])
        && !city_text.starts_with("ST.")
        && !city_text.starts_with("St.")
    {
        return None;
    }
    // Place names are letters, spaces, hyphens and those marks (no `Q&A`, no figures).
    if !city_text
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '.' | '\'' | '’'))
    {
        return None;
    }
    // A year after a date joins it: `Nov. 26, 2025`.
    let mut parts = parts;
    let mut i = 2;
    while i < parts.len() {
        let t = &s[parts[i].clone()];
        let year = t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit());
        if year && parse_month_day(&s[parts[i - 1].clone()]).is_some() {
            parts[i - 1].end = parts[i].end;
            parts.remove(i);
        } else {
            i += 1;
        }
    }
    let rest = &parts[1..];
    if rest.len() > 3 {
        return None;
    }
    let mut date_part = None;
    let mut month_day = None;
    let mut year = None;
    for (i, p) in rest.iter().enumerate() {
        let t = &s[p.clone()];
        if t.is_empty() || t.split_whitespace().count() > 4 {
            return None;
        }
        if let Some((m, d, y)) = parse_date_part(t) {
            date_part = Some(i + 1);
            month_day = Some((m, d));
            year = y;
        } else if !t.chars().next().is_some_and(char::is_uppercase) || t.contains(['!', '?', ';']) {
            return None;
        }
    }
    let mut credit = m.name("credit").map(|c| c.start() - 1..c.end() + 1);
    let mut sep = m
        .name("sep1")
        .or_else(|| m.name("sep2"))
        .or_else(|| m.name("sep3"))
        .map(|x| x.range());
    // A credit after the dash ("VATICAN CITY — (AP) —"): misplaced, but the dateline's, and
    // the dateline runs to the dash after it.
    if let (None, Some(first)) = (&credit, m.name("sep2"))
        && let Some(c) = MISPLACED_CREDIT.captures(&s[first.end()..])
        && let (Some(cr), Some(sp)) = (c.name("credit"), c.name("sep"))
    {
        let at = first.end();
        credit = Some(at + cr.start() - 1..at + cr.end() + 1);
        sep = Some(at + sp.start()..at + sp.end());
    }
    let all_caps = city_text
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let credible = credit.is_some() || (sep.is_some() && (!rest.is_empty() || all_caps));
    if !credible {
        return None;
    }
    if let Some(c) = &credit {
        // A credit names a news organisation, not a parenthetical remark.
        let inner = &s[c.start + 1..c.end - 1];
        if inner.split_whitespace().count() > 3
            || !inner.chars().next().is_some_and(char::is_uppercase)
        {
            return None;
        }
        // Without a separator, the lead must follow as a new sentence: "General Motors (GM)
        // saw its profits fall" is a sentence, not a dateline.
        if sep.is_none() {
            let after = &s[c.end..];
            let lead = after.trim_start_matches([' ', '\t']);
            let spaced = lead.len() < after.len();
            let starts_sentence = lead
                .chars()
                .next()
                .is_some_and(|ch| ch.is_uppercase() || matches!(ch, '"' | '“' | '‘' | '\''));
            if !spaced || !starts_sentence || (rest.is_empty() && !all_caps) {
                return None;
            }
        }
    }
    let end = sep
        .clone()
        .or(credit.clone())
        .map_or(head_trim.len() + lead, |r| r.end);
    let off = para.start;
    let shift = |r: Range<usize>| off + r.start..off + r.end;
    Some(Dateline {
        range: off + lead..off + end,
        city: shift(city),
        parts: rest.iter().cloned().map(shift).collect(),
        date_part: date_part.map(|i| i - 1),
        month_day,
        year,
        credit: credit.map(shift),
        separator: sep.map(shift),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn quote_marks_are_the_marks_a_character_scan_finds() {
        let text = "He said “it’s ‘done’” — and \"no\" it's 5′ – “x”—é€";
        let want: Vec<(usize, char)> = text
            .char_indices()
            .filter(|(_, c)| matches!(c, '"' | '“' | '”' | '‘' | '’' | '\''))
            .collect();
        assert_eq!(
            super::quote_marks(text, 0..text.len()).collect::<Vec<_>>(),
            want
        );
        let from = text.find('—').unwrap();
        let tail: Vec<_> = want.iter().copied().filter(|&(i, _)| i >= from).collect();
        assert_eq!(
            super::quote_marks(text, from..text.len()).collect::<Vec<_>>(),
            tail
        );
    }

    #[test]
    fn a_text_the_skip_pattern_can_match_in_is_searched() {
        for s in [
            "see https://example.org/x",
            "at www.example today",
            "write to desk@example.com",
            "follow @copydesk",
            "on example.com now",
            "the bbc.co.uk site",
        ] {
            assert!(super::may_skip(s), "{s}");
            assert!(super::INLINE_SKIP.is_match(s), "{s}");
        }
        for s in ["He said. She left.", "U.S. officials met on Nov. 3.", ""] {
            assert!(!super::may_skip(s), "{s}");
            assert!(!super::INLINE_SKIP.is_match(s), "{s}");
        }
    }
}
