//! The one pass over a document that serves every literal and pattern entry of every loaded
//! substitution, existence and names rule: one Aho-Corasick automaton, one regex set.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_automata::{Anchored, Input, meta};

use super::spec::CaseMode;
use super::{Level, Safety};
use crate::text::ByText;

/// Regex size limits: a hostile pattern fails to compile instead of eating memory.
const REGEX_SIZE_LIMIT: usize = 4 << 20;
const REGEX_SET_SIZE_LIMIT: usize = 64 << 20;
/// The largest counted repetition a pattern may use.
const MAX_REPETITION: u64 = 1_000;

#[derive(Debug, Clone)]
pub(crate) struct Literal {
    pub rule: usize,
    pub pattern: String,
    pub case: CaseMode,
    pub replace: Option<String>,
    pub message: Option<String>,
    pub safety: Option<Safety>,
    pub keep: Vec<String>,
    pub entity: Option<usize>,
    pub cap: Option<Level>,
}

#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub rule: usize,
    pub regex: LazyRegex,
    pub replace: Option<String>,
    pub report: Option<String>,
    /// Anchored at the end of the match: no finding when it matches.
    pub not_next: Option<LazyRegex>,
    /// Anchored at the start of the match (looking back): no finding when it matches.
    pub not_prev: Option<LazyRegex>,
    /// Searched inside the match: no finding when it matches.
    pub not_inside: Option<LazyRegex>,
    pub message: Option<String>,
    pub safety: Option<Safety>,
}

/// The literals every match of `hir` starts with, in lowercase, when there are at most
/// [`MAX_TRIGGERS`] of at least two bytes each; else none.
fn triggers(hir: &regex_syntax::hir::Hir) -> Vec<Vec<u8>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Prefix)
        .limit_class(8)
        .limit_repeat(4)
        .limit_literal_len(8)
        .limit_total(4 * MAX_TRIGGERS);
    let seq = ex.extract(hir);
    let Some(lits) = seq.literals() else {
        return Vec::new();
    };
    let mut out: Vec<Vec<u8>> = lits
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    if out.is_empty() || out.len() > MAX_TRIGGERS || out.iter().any(|l| l.len() < 2) {
        return Vec::new();
    }
    out
}

/// The most trigger literals a pattern may have to be tried only where they stand.
const MAX_TRIGGERS: usize = 64;

/// A rule pattern checked when its rules load and compiled when a story first needs it: most
/// patterns of a house never match a given story, and compiling them all was most of the
/// start-up time. A pattern is parsed at load, so a bad one is a load error at its place in the
/// rule file; one heavy enough to come near the compiled-size limit ([`EAGER_WEIGHT`]) is
/// compiled at load too, so that the limit is also a load error.
#[derive(Debug, Clone)]
pub(crate) struct LazyRegex {
    /// The pattern as compiled (word boundaries made ASCII).
    source: String,
    /// How many groups the pattern has, the whole match included.
    groups: usize,
    /// The names of its named groups.
    names: Vec<String>,
    compiled: OnceLock<Regex>,
    /// The same pattern for the search anchored at a trigger (only a `find` pattern's).
    meta: OnceLock<meta::Regex>,
    /// Literals one of which every match starts with (ASCII letters in lowercase, matched
    /// without regard to their case), when a `find` pattern has few enough: it is then tried
    /// only where one stands, anchored there, instead of searched for over the whole text.
    pub triggers: Vec<Vec<u8>>,
}

/// A pattern of at least this [`weight`] is compiled at load: `\w{60}` (about 160,000)
/// compiles to about 3.6 MB, near [`REGEX_SIZE_LIMIT`]; anything lighter fits well within it.
const EAGER_WEIGHT: u64 = 50_000;

impl LazyRegex {
    fn new(find: &str, hir: &regex_syntax::hir::Hir) -> Result<Self, String> {
        let source = ascii_word_boundaries(find);
        let mut names = Vec::new();
        group_names(hir, &mut names);
        let lazy = LazyRegex {
            groups: hir.properties().explicit_captures_len() + 1,
            names,
            compiled: OnceLock::new(),
            meta: OnceLock::new(),
            triggers: Vec::new(),
            source,
        };
        if weight(hir) >= EAGER_WEIGHT {
            let re = compile(&lazy.source)?;
            let _ = lazy.compiled.set(re);
        }
        Ok(lazy)
    }

    /// The pattern as compiled.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The pattern for searches over the whole text, or (with triggers) for searches anchored
    /// where a trigger stands.
    pub fn meta(&self) -> &meta::Regex {
        self.meta.get_or_init(|| {
            meta::Regex::builder()
                .syntax(regex_automata::util::syntax::Config::new().nest_limit(64))
                .configure(
                    meta::Regex::config()
                        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                        .hybrid_cache_capacity(2 << 20),
                )
                .build(&self.source)
                // Parsed at load and lighter than `EAGER_WEIGHT`, so within the size limit.
                .unwrap_or_else(|_| meta::Regex::new("[^\\s\\S]").expect("valid"))
        })
    }

    /// Whether group `g` (a number or a name) is one of the pattern's.
    pub fn has_group(&self, g: &str) -> bool {
        g.parse::<usize>()
            .map_or_else(|_| self.names.iter().any(|n| n == g), |n| n < self.groups)
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // Parsed at load and lighter than `EAGER_WEIGHT`, so within the size limit.
            compile(&self.source).unwrap_or_else(|_| Regex::new("[^\\s\\S]").expect("valid"))
        })
    }
}

fn group_names(h: &regex_syntax::hir::Hir, out: &mut Vec<String>) {
    use regex_syntax::hir::HirKind;
    match h.kind() {
        HirKind::Capture(c) => {
            if let Some(n) = &c.name {
                out.push(n.to_string());
            }
            group_names(&c.sub, out);
        }
        HirKind::Repetition(r) => group_names(&r.sub, out),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => {
            hs.iter().for_each(|h| group_names(h, out));
        }
        _ => {}
    }
}

/// Compiles a pattern (its word boundaries already ASCII) within the size limits.
fn compile(source: &str) -> Result<Regex, String> {
    RegexBuilder::new(source)
        .size_limit(REGEX_SIZE_LIMIT)
        .nest_limit(64)
        .build()
        .map_err(|e| {
            let detail = e.to_string();
            let last = detail.lines().last().unwrap_or("").trim();
            format!("bad pattern: {}", last.trim_start_matches("error:").trim())
        })
}

/// A match before context filtering.
#[derive(Debug, Clone)]
#[allow(dead_code)]
pub(crate) struct Hit {
    pub rule: usize,
    pub range: Range<usize>,
    pub replacement: Option<String>,
    pub message: Option<String>,
    pub safety: Option<Safety>,
    pub entity: Option<usize>,
    /// A cap on the rule's level (an unverified fact is at most `info`).
    pub cap: Option<Level>,
}

#[derive(Default)]
pub(crate) struct Builder {
    pub literals: Vec<Literal>,
    pub patterns: Vec<Pattern>,
    /// The estimated compiled size of the `find` patterns so far ([`weight`]).
    weight: u64,
}

/// The most the `find` patterns of a rule set may weigh together ([`weight`]). The built-in
/// packs weigh about 16,000 (AP) and 6,000 (Reuters); a thousand patterns of `\w{60}` weigh
/// 160 million and took gigabytes to compile.
const MAX_PATTERN_WEIGHT: u64 = 2_000_000;

/// An estimate of what a pattern costs compiled, from its parsed form: a literal counts its
/// bytes, a class its ranges (times their UTF-8 length: `\w` is about 2,700), a repetition its
/// part times its largest count. It takes microseconds, where compiling `\w{60}` takes
/// megabytes.
fn weight(h: &regex_syntax::hir::Hir) -> u64 {
    use regex_syntax::hir::{Class, HirKind};
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(l) => l.0.len() as u64,
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .map(|r| r.end().len_utf8() as u64)
            .sum::<u64>()
            .max(1),
        HirKind::Class(Class::Bytes(c)) => c.ranges().len().max(1) as u64,
        HirKind::Repetition(r) => {
            let times = u64::from(r.max.unwrap_or(r.min.saturating_add(1)).max(1));
            weight(&r.sub).saturating_mul(times)
        }
        HirKind::Capture(c) => weight(&c.sub).saturating_add(2),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs
            .iter()
            .map(weight)
            .fold(hs.len() as u64, u64::saturating_add),
    }
}

impl Builder {
    /// Compiles a pattern with the size limits every rule pattern gets.
    pub fn regex(find: &str) -> Result<Regex, String> {
        Self::check(find)?;
        compile(&ascii_word_boundaries(find))
    }

    /// The limits on a pattern's source that hold before it is parsed.
    fn check(find: &str) -> Result<(), String> {
        if find.len() > super::MAX_PATTERN_BYTES {
            return Err(format!(
                "pattern is {} bytes; patterns are limited to {}",
                find.len(),
                super::MAX_PATTERN_BYTES
            ));
        }
        if let Some(n) = largest_repetition(find).filter(|&n| n > MAX_REPETITION) {
            return Err(format!(
                "counted repetition {{{n}}} is over {MAX_REPETITION}; a search costs the pattern's size times the text's"
            ));
        }
        Ok(())
    }

    /// Parses a pattern as it will be compiled; a pattern that does not parse gets the
    /// compiler's own message.
    fn parse(find: &str) -> Result<regex_syntax::hir::Hir, String> {
        Self::check(find)?;
        regex_syntax::ParserBuilder::new()
            .nest_limit(64)
            .build()
            .parse(&ascii_word_boundaries(find))
            .map_err(|_| match Self::regex(find) {
                Err(m) => m,
                Ok(_) => format!("bad pattern `{find}`"),
            })
    }

    /// A pattern of a rule (an `unless_…` context), checked now and compiled at first use.
    pub fn lazy(find: &str) -> Result<LazyRegex, String> {
        LazyRegex::new(find, &Self::parse(find)?)
    }

    /// A rule's `find` pattern: as [`Builder::lazy`], and it must match at least one
    /// character. A match of nothing is a finding at every position, and a fix that inserts
    /// text there finds new places on every pass.
    /// The patterns of a rule set together may weigh at most [`MAX_PATTERN_WEIGHT`], which is
    /// checked before the pattern is compiled.
    pub fn find_regex(&mut self, find: &str) -> Result<LazyRegex, String> {
        let hir = Self::parse(find)?;
        if hir.properties().minimum_len() == Some(0) {
            return Err(format!(
                "pattern `{find}` can match the empty string; make it match at least one character"
            ));
        }
        let w = weight(&hir);
        if self.weight.saturating_add(w) > MAX_PATTERN_WEIGHT {
            let before = if self.weight == 0 {
                String::new()
            } else {
                format!(" with the patterns before it (they weigh {})", self.weight)
            };
            return Err(format!(
                "pattern is too costly to compile{before}: it weighs about {w}, and the \
                 patterns of a rule set may weigh {MAX_PATTERN_WEIGHT} in all (a class such as \
                 `\\w` weighs about 2,700, `\\w{{60}}` sixty times that); use fewer patterns, \
                 or ASCII classes such as `[A-Za-z]` or `(?-u:\\w)`"
            ));
        }
        self.weight += w;
        let mut re = LazyRegex::new(find, &hir)?;
        re.triggers = triggers(&hir);
        Ok(re)
    }

    pub fn finish(self) -> Result<Matcher, String> {
        let ac = if self.literals.is_empty() {
            None
        } else {
            let mut b = AhoCorasickBuilder::new();
            b.match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true);
            let pats: Vec<&str> = self.literals.iter().map(|l| l.pattern.as_str()).collect();
            Some(
                Automaton::new(&b, &pats)
                    .map_err(|e| format!("cannot compile the term automaton: {e}"))?,
            )
        };
        let (triggered, searched): (Vec<usize>, Vec<usize>) =
            (0..self.patterns.len()).partition(|&i| !self.patterns[i].regex.triggers.is_empty());
        let set = RegexSetBuilder::new(searched.iter().map(|&i| self.patterns[i].regex.as_str()))
            .size_limit(REGEX_SET_SIZE_LIMIT)
            .build()
            .map_err(|e| format!("cannot compile the pattern set: {e}"))?;
        let mut owners = Vec::new();
        let mut lits: Vec<&[u8]> = Vec::new();
        for &i in &triggered {
            for t in &self.patterns[i].regex.triggers {
                owners.push(i);
                lits.push(t);
            }
        }
        let triggers = if lits.is_empty() {
            None
        } else {
            let mut b = AhoCorasickBuilder::new();
            b.match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true);
            Some(
                Automaton::new(&b, &lits)
                    .map_err(|e| format!("cannot compile the trigger automaton: {e}"))?,
            )
        };
        Ok(Matcher {
            ac,
            literals: self.literals,
            set,
            searched,
            triggers,
            owners,
            patterns: self.patterns,
        })
    }
}

/// A literal automaton that starts small and grows fast when a text is long: a contiguous NFA
/// at load, which builds in a tenth of the time a DFA takes (the DFA of the names authority
/// alone was a quarter of start-up), and the DFA, built for the first text of
/// [`DFA_TEXT`] bytes or more. Both find the same matches.
#[derive(Debug)]
pub(crate) struct Automaton {
    nfa: AhoCorasick,
    dfa: OnceLock<Option<AhoCorasick>>,
    builder: AhoCorasickBuilder,
    /// What the DFA is built from; `None` when the set is too big to get one.
    patterns: Option<Vec<Vec<u8>>>,
}

/// How long a text must be for its search to be worth the DFA. The DFA searches a long text
/// faster, not a short one: a 10 MB story took 1.6 s with it, 1.9 s without; the 2,225 stories of
/// the BBC corpus (5 MB, 2 KB each) took 1.04 s with it (its build included) and 0.96 s
/// without, and 6 MB less memory.
const DFA_TEXT: usize = 1 << 20;

/// Patterns up to this many bytes in all get a DFA; a larger set (a newsroom's big
/// dictionary) stays an NFA, which stays small.
const DFA_PATTERN_BYTES: usize = 64 << 10;

impl Automaton {
    pub fn new<P: AsRef<[u8]>>(
        b: &AhoCorasickBuilder,
        patterns: &[P],
    ) -> Result<Self, aho_corasick::BuildError> {
        let patterns: Vec<Vec<u8>> = patterns.iter().map(|p| p.as_ref().to_vec()).collect();
        let mut nfa = b.clone();
        nfa.kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA));
        let nfa = nfa.build(&patterns).or_else(|_| b.build(&patterns))?;
        let bytes: usize = patterns.iter().map(Vec::len).sum();
        Ok(Automaton {
            nfa,
            dfa: OnceLock::new(),
            builder: b.clone(),
            patterns: (bytes <= DFA_PATTERN_BYTES).then_some(patterns),
        })
    }

    /// The automaton to search a text `len` bytes long with.
    pub fn get(&self, len: usize) -> &AhoCorasick {
        let Some(patterns) = self.patterns.as_ref().filter(|_| len >= DFA_TEXT) else {
            return &self.nfa;
        };
        let dfa = self.dfa.get_or_init(|| {
            let mut b = self.builder.clone();
            b.kind(Some(aho_corasick::AhoCorasickKind::DFA));
            b.build(patterns).ok()
        });
        dfa.as_ref().unwrap_or(&self.nfa)
    }
}

/// The largest bound of a counted repetition (`{n}`, `{n,}`, `{n,m}`) in a pattern, outside
/// character classes and escapes such as `\x{a0}` or `\p{L}`.
fn largest_repetition(pattern: &str) -> Option<u64> {
    let b = pattern.as_bytes();
    let (mut i, mut class, mut best) = (0, 0usize, None);
    while i < b.len() {
        match b[i] {
            b'\\' => {
                i += 2;
                if b.get(i) == Some(&b'{') {
                    while i < b.len() && b[i] != b'}' {
                        i += 1;
                    }
                }
            }
            b'[' => class += 1,
            b']' if class > 0 => class -= 1,
            b'{' if class == 0 => {
                let end = b[i..].iter().position(|&c| c == b'}').map(|e| i + e);
                if let Some(e) = end {
                    for n in pattern[i + 1..e].split(',') {
                        if let Ok(n) = n.trim().parse::<u64>() {
                            best = best.max(Some(n));
                        } else if !n.trim().is_empty() {
                            break;
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    best
}

/// Rewrites `\b` and `\B` as ASCII word boundaries. A Unicode word boundary stops the fast
/// regex engines at the first non-ASCII byte (a curly quote, an em dash), and news copy is full
/// of them; names and words in rule patterns are ASCII at their edges.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(b @ ('b' | 'B')) if !in_class => {
                    out.push_str("(?-u:\\");
                    out.push(b);
                    out.push(')');
                }
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The hits of the pieces of a text checked before, by the piece's text (relative to it), for a
/// later version of the text to take again where a piece is unchanged.
#[derive(Debug, Default)]
pub(crate) struct PieceHits {
    hits: ByText<Arc<Vec<Hit>>>,
    /// Of the last text: how many pieces were taken from before, how many were read.
    pub reused: usize,
    pub read: usize,
}

/// The pieces the matcher reads a text in, its paragraphs: each ends after a line break (when
/// `lines`, as in plain text, where every line is a paragraph) or else after a blank line (a
/// run of line breaks with two `\n` or more in it, as in Markdown); the last ends at the end of
/// the text.
pub(crate) fn pieces(text: &str, lines: bool) -> impl Iterator<Item = Range<usize>> + '_ {
    let least = if lines { 1 } else { 2 };
    let b = text.as_bytes();
    let mut start = 0;
    let mut at = 0;
    std::iter::from_fn(move || {
        if start >= b.len() {
            return None;
        }
        while let Some(i) = text[at..].find('\n').map(|i| at + i) {
            // The run of line breaks from `i`.
            let mut end = i;
            let mut newlines = 0;
            while end < b.len() && (b[end] == b'\n' || b[end] == b'\r') {
                newlines += usize::from(b[end] == b'\n');
                end += 1;
            }
            at = end;
            if newlines >= least && end < b.len() {
                let piece = start..end;
                start = end;
                return Some(piece);
            }
        }
        at = b.len();
        let piece = start..b.len();
        start = b.len();
        Some(piece)
    })
}

pub(crate) struct Matcher {
    ac: Option<Automaton>,
    literals: Vec<Literal>,
    /// The patterns with no trigger literals, searched for over the whole text (`searched`
    /// gives their indexes in `patterns`).
    set: RegexSet,
    searched: Vec<usize>,
    /// The trigger literals of the other patterns, and the pattern each belongs to.
    triggers: Option<Automaton>,
    owners: Vec<usize>,
    patterns: Vec<Pattern>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `range` stands as whole words in `text`.
pub(crate) fn whole_word(text: &str, range: &Range<usize>) -> bool {
    let first = text[range.clone()].chars().next();
    let last = text[range.clone()].chars().next_back();
    let before_ok = !first.is_some_and(is_word)
        || !text[..range.start].chars().next_back().is_some_and(is_word);
    let after_ok =
        !last.is_some_and(is_word) || !text[range.end..].chars().next().is_some_and(is_word);
    before_ok && after_ok
}

/// Keeps a leading capital of `found` on `replacement`.
pub(crate) fn preserve_case(found: &str, replacement: &str) -> String {
    let f = found.chars().next();
    let mut chars = replacement.chars();
    match (f, chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => {
            b.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_string(),
    }
}

#[allow(dead_code)]
impl Matcher {
    /// Compiles now what is otherwise compiled when first needed: every pattern (the automata's
    /// DFAs wait for a long text). A long-running check (the language server) does this once,
    /// after its first check, so that no later check waits for a compile.
    pub fn prepare(&self) {
        for p in &self.patterns {
            p.regex.meta();
            for re in [&p.not_next, &p.not_prev, &p.not_inside]
                .into_iter()
                .flatten()
            {
                let _: &Regex = re;
            }
        }
    }

    pub fn literal_count(&self) -> usize {
        self.literals.len()
    }
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Every hit in `text`, per rule leftmost-longest and non-overlapping. The text is read
    /// paragraph by paragraph ([`pieces`]; `lines`: every line is one), and nothing the matcher
    /// looks at crosses into another: a match, the context that rules one out, a fix that
    /// would feed itself. So a paragraph's hits depend on its text alone, and `reuse` (the
    /// paragraphs of a text checked before) gives them again where its text is unchanged.
    pub fn run(
        &self,
        text: &str,
        lines: bool,
        mut reuse: Option<&mut PieceHits>,
        out: &mut Vec<Hit>,
    ) {
        let mut kept = ByText::default();
        let (mut reused, mut read) = (0, 0);
        let start = out.len();
        for range in pieces(text, lines) {
            let piece = &text[range.clone()];
            let key = reuse.as_ref().map_or(0, |_| crate::text::text_key(piece));
            let (owned, hits) = match reuse.as_deref_mut().and_then(|r| r.hits.take(piece, key)) {
                Some((owned, hits)) => {
                    reused += 1;
                    (Some(owned), hits)
                }
                None => {
                    read += 1;
                    let mut hits = Vec::new();
                    self.run_piece(piece, text.len(), &mut hits);
                    (None, Arc::new(hits))
                }
            };
            out.extend(hits.iter().map(|h| Hit {
                range: h.range.start + range.start..h.range.end + range.start,
                ..h.clone()
            }));
            if reuse.is_some() {
                kept.keep(key, owned.unwrap_or_else(|| Box::from(piece)), hits);
            }
        }
        if let Some(r) = reuse {
            *r = PieceHits {
                hits: kept,
                reused,
                read,
            };
        }
        out[start..].sort_by(|a, b| {
            (a.rule, a.range.start, b.range.end).cmp(&(b.rule, b.range.start, a.range.end))
        });
    }

    /// The hits in one piece of a text `total` bytes long (which decides the automata used).
    fn run_piece(&self, text: &str, total: usize, out: &mut Vec<Hit>) {
        let mut hits = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.get(total).find_overlapping_iter(text) {
                let lit = &self.literals[m.pattern().as_usize()];
                let range = m.start()..m.end();
                let found = &text[range.clone()];
                if lit.case == CaseMode::Exact && found != lit.pattern {
                    continue;
                }
                if !whole_word(text, &range) {
                    continue;
                }
                if lit.keep.iter().any(|k| kept(text, &range, k)) {
                    continue;
                }
                let mut replacement = lit.replace.as_ref().map(|r| match lit.case {
                    CaseMode::Preserve => preserve_case(found, r),
                    CaseMode::Exact => r.clone(),
                });
                let mut range = range;
                if lit.entity.is_some()
                    && let Some(r) = &replacement
                {
                    // Report only the words that differ: "Volodymyr Zelenskiy" → "Zelenskiy".
                    let (skip, trim, new) = narrow(found, r);
                    range = range.start + skip..range.end - trim;
                    replacement = Some(new);
                }
                let feeds = replacement.as_ref().is_some_and(|r| {
                    refeeds(text, &range, r, |s, span| {
                        literal_matches(s, lit).any(|m| overlaps(&m, span))
                    })
                });
                hits.push(Hit {
                    rule: lit.rule,
                    range,
                    replacement,
                    message: lit.message.clone(),
                    safety: if feeds {
                        Some(Safety::Review)
                    } else {
                        lit.safety
                    },
                    entity: lit.entity,
                    cap: lit.cap,
                });
            }
        }
        if !self.patterns.is_empty() {
            // Where each triggered pattern may start, in order.
            let mut starts: Vec<(usize, usize)> = Vec::new();
            if let Some(ac) = &self.triggers {
                for m in ac.get(total).find_overlapping_iter(text) {
                    starts.push((self.owners[m.pattern().as_usize()], m.start()));
                }
            }
            starts.sort_unstable();
            starts.dedup();
            let mut at = 0;
            while at < starts.len() {
                let pi = starts[at].0;
                let re = self.patterns[pi].regex.meta();
                let mut caps = re.create_captures();
                let mut end = 0;
                while at < starts.len() && starts[at].0 == pi {
                    let start = starts[at].1;
                    at += 1;
                    if start < end {
                        continue;
                    }
                    let input = Input::new(text)
                        .span(start..text.len())
                        .anchored(Anchored::Yes);
                    re.search_captures(&input, &mut caps);
                    if let Some(m) = caps.get_match() {
                        end = m.end();
                        self.pattern_hit(text, pi, &caps, &mut hits);
                    }
                }
            }
            for si in self.set.matches(text).iter() {
                let pi = self.searched[si];
                let re = self.patterns[pi].regex.meta();
                for caps in re.captures_iter(text) {
                    self.pattern_hit(text, pi, &caps, &mut hits);
                }
            }
        }
        hits.sort_by(|a, b| {
            (a.rule, a.range.start, b.range.end).cmp(&(b.rule, b.range.start, a.range.end))
        });
        let mut last: Option<(usize, usize)> = None;
        for h in hits {
            if let Some((rule, end)) = last
                && rule == h.rule
                && h.range.start < end
            {
                continue;
            }
            last = Some((h.rule, h.range.end));
            out.push(h);
        }
    }
}

impl Matcher {
    /// The hit of pattern `pi` at its match `c`, unless a context of the pattern rules it out.
    fn pattern_hit(
        &self,
        text: &str,
        pi: usize,
        c: &regex_automata::util::captures::Captures,
        hits: &mut Vec<Hit>,
    ) {
        let p = &self.patterns[pi];
        let Some(whole) = c.get_match() else { return };
        let whole = whole.range();
        let target = match &p.report {
            Some(g) => match g.parse::<usize>() {
                Ok(n) => c.get_group(n),
                Err(_) => c.get_group_by_name(g),
            },
            None => c.get_group(0),
        };
        let Some(target) = target.map(|s| s.range()) else {
            return;
        };
        if let Some(n) = &p.not_next
            && n.is_match(&text[whole.end..])
        {
            return;
        }
        if p.not_inside
            .as_ref()
            .is_some_and(|n| n.is_match(&text[whole.clone()]))
        {
            return;
        }
        if let Some(n) = &p.not_prev {
            let lo = crate::text::floor_char_boundary(text, whole.start.saturating_sub(120));
            if n.is_match(&text[lo..whole.start]) {
                return;
            }
        }
        let replacement = p.replace.as_ref().map(|r| {
            let mut s = String::new();
            c.interpolate_string_into(text, r, &mut s);
            s
        });
        let feeds = replacement.as_ref().is_some_and(|r| {
            refeeds(text, &target, r, |s, span| {
                p.regex.meta().find_iter(s).any(|m| {
                    overlaps(&m.range(), span)
                        && !p
                            .not_next
                            .as_ref()
                            .is_some_and(|n| n.is_match(&s[m.end()..]))
                        && !p
                            .not_inside
                            .as_ref()
                            .is_some_and(|n| n.is_match(&s[m.range()]))
                })
            })
        });
        hits.push(Hit {
            rule: p.rule,
            range: target,
            replacement,
            message: p.message.clone(),
            safety: if feeds {
                Some(Safety::Review)
            } else {
                p.safety
            },
            entity: None,
            cap: None,
        });
    }
}

/// Whether replacing `range` of `text` with `replacement` makes text that the same entry
/// matches again (`matches` is asked about a window of the new text and the replaced span in
/// it). Such a fix feeds itself: applied to a fixed point it would grow the story on every
/// pass, so it is never safe.
fn refeeds(
    text: &str,
    range: &Range<usize>,
    replacement: &str,
    matches: impl Fn(&str, &Range<usize>) -> bool,
) -> bool {
    const CONTEXT: usize = 120;
    let lo = crate::text::floor_char_boundary(text, range.start.saturating_sub(CONTEXT));
    let mut hi = (range.end + CONTEXT).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let window = format!(
        "{}{replacement}{}",
        &text[lo..range.start],
        &text[range.end..hi]
    );
    let start = range.start - lo;
    matches(&window, &(start..start + replacement.len()))
}

/// Whether a match overlaps a replaced span (or, for an empty span, straddles it).
fn overlaps(m: &Range<usize>, span: &Range<usize>) -> bool {
    if span.is_empty() {
        m.start < span.start && span.start < m.end
    } else {
        m.start < span.end && span.start < m.end
    }
}

/// The places `lit` matches in `s`, as the automaton and the filters of [`Matcher::run`] see
/// them.
fn literal_matches<'a>(s: &'a str, lit: &'a Literal) -> impl Iterator<Item = Range<usize>> + 'a {
    let hay = s.to_ascii_lowercase();
    let needle = lit.pattern.to_ascii_lowercase();
    let starts: Vec<usize> = hay.match_indices(&needle).map(|(i, _)| i).collect();
    starts.into_iter().filter_map(move |i| {
        let range = i..i + lit.pattern.len();
        let exact_ok = lit.case != CaseMode::Exact || s.get(range.clone()) == Some(&lit.pattern);
        (exact_ok && whole_word(s, &range)).then_some(range)
    })
}

/// Drops the words `found` and `replacement` share at either end. Returns the bytes dropped
/// from the start and end of `found`, and the narrowed replacement.
fn narrow(found: &str, replacement: &str) -> (usize, usize, String) {
    let fw: Vec<&str> = found.split(' ').collect();
    let rw: Vec<&str> = replacement.split(' ').collect();
    let mut pre = fw.iter().zip(&rw).take_while(|(a, b)| a == b).count();
    pre = pre.min(fw.len() - 1).min(rw.len() - 1);
    let mut suf = fw[pre..]
        .iter()
        .rev()
        .zip(rw[pre..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    suf = suf.min(fw.len() - pre - 1).min(rw.len() - pre - 1);
    let skip: usize = fw[..pre].iter().map(|w| w.len() + 1).sum();
    let trim: usize = fw[fw.len() - suf..].iter().map(|w| w.len() + 1).sum();
    (skip, trim, rw[pre..rw.len() - suf].join(" "))
}

/// Whether the match at `range` lies inside an occurrence of the fixed expression `keep`.
fn kept(text: &str, range: &Range<usize>, keep: &str) -> bool {
    let lo = range.start.saturating_sub(keep.len());
    let hi = (range.end + keep.len()).min(text.len());
    let lo = crate::text::floor_char_boundary(text, lo);
    let hi = {
        let mut h = hi;
        while h < text.len() && !text.is_char_boundary(h) {
            h += 1;
        }
        h
    };
    let window = &text[lo..hi];
    window.match_indices(keep).any(|(i, k)| {
        let s = lo + i;
        s <= range.start && range.end <= s + k.len()
    })
}

#[cfg(test)]
mod tests {
    use super::narrow;

    #[test]
    fn weights_count_classes_and_repetitions() {
        let w = |p: &str| super::weight(&regex_syntax::Parser::new().parse(p).unwrap());
        assert_eq!(w("US"), 2);
        assert!((2_000..3_000).contains(&w(r"\w")), "{}", w(r"\w"));
        assert_eq!(w(r"\w{60}"), 60 * w(r"\w"));
        assert_eq!(w(r"(?-u:\w)"), 4);
    }

    #[test]
    fn every_built_in_pattern_compiles_when_first_used() {
        for house in crate::rules::builtin_packs() {
            let Ok(rules) = crate::rules::RuleSet::builtin(house) else {
                continue;
            };
            for p in &rules.matcher.patterns {
                let contexts = [&p.not_next, &p.not_prev, &p.not_inside];
                for re in std::iter::once(&p.regex).chain(contexts.into_iter().flatten()) {
                    super::compile(re.as_str()).unwrap_or_else(|e| panic!("{house}: {e}"));
                }
            }
        }
    }

    #[test]
    fn a_long_text_gets_the_dfa_and_the_same_matches() {
        let mut b = aho_corasick::AhoCorasickBuilder::new();
        b.match_kind(aho_corasick::MatchKind::Standard)
            .ascii_case_insensitive(true);
        let a = super::Automaton::new(&b, &["US", "Kiev", "per cent", "U.S."]).unwrap();
        let short = "The US and kiev, 5 per cent. U.S. aid. ";
        let long = short.repeat(super::DFA_TEXT / short.len() + 1);
        let matches = |ac: &aho_corasick::AhoCorasick, t: &str| {
            ac.find_overlapping_iter(t)
                .map(|m| (m.pattern().as_usize(), m.span()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            a.get(short.len()).kind(),
            aho_corasick::AhoCorasickKind::ContiguousNFA
        );
        assert!(a.dfa.get().is_none());
        let dfa = a.get(long.len());
        assert_eq!(dfa.kind(), aho_corasick::AhoCorasickKind::DFA);
        assert_eq!(matches(dfa, &long), matches(&a.nfa, &long));
        assert_eq!(matches(&a.nfa, &long).len(), 4 * (long.len() / short.len()));
        // Once built, a short text still gets the automaton that is quicker to start.
        assert_eq!(
            a.get(short.len()).kind(),
            aho_corasick::AhoCorasickKind::ContiguousNFA
        );
    }

    #[test]
    fn pieces_are_lines_or_blank_line_blocks() {
        let p = |t: &str, lines| super::pieces(t, lines).collect::<Vec<_>>();
        let t = "One.\nTwo.\r\n\r\nThree.\n\n\nFour.\n";
        assert_eq!(p(t, true), [0..5, 5..13, 13..22, 22..28]);
        assert_eq!(p(t, false), [0..13, 13..22, 22..28]);
        assert_eq!(p("No break", true), vec![0..8]);
        assert_eq!(p("Old Mac\rlines\r\r", false), vec![0..15]);
        assert!(p("", true).is_empty());
    }

    #[test]
    fn a_lazy_pattern_knows_its_groups_before_it_compiles() {
        let re = super::Builder::lazy(r"\b(?P<r>a)(b)\b").unwrap();
        assert!(re.compiled.get().is_none());
        assert!(re.has_group("r") && re.has_group("2") && re.has_group("0"));
        assert!(!re.has_group("3") && !re.has_group("s"));
        assert!(re.is_match("ab"));
        // Heavy enough to come near the compiled-size limit: compiled, and refused, at load.
        assert!(super::Builder::lazy(r"\w{200}").is_err());
    }

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(
            super::ascii_word_boundaries(r"\bUS\b"),
            r"(?-u:\b)US(?-u:\b)"
        );
        assert_eq!(
            super::ascii_word_boundaries(r"\\b[\b]\B"),
            r"\\b[\b](?-u:\B)"
        );
    }

    #[test]
    fn narrows_to_the_differing_words() {
        assert_eq!(
            narrow("Volodymyr Zelenskiy", "Volodymyr Zelenskyy"),
            (10, 0, "Zelenskyy".into())
        );
        assert_eq!(
            narrow("Kier Starmer", "Keir Starmer"),
            (0, 8, "Keir".into())
        );
        assert_eq!(narrow("Kiev", "Kyiv"), (0, 0, "Kyiv".into()));
        assert_eq!(
            narrow("Muammar Gaddafi", "Moammar Gadhafi"),
            (0, 0, "Moammar Gadhafi".into())
        );
        assert_eq!(narrow("al Qaeda", "al-Qaida"), (0, 0, "al-Qaida".into()));
    }
}
