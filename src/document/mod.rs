//! A story as a copy editor reads it: its text, line index, regions and date.

mod regions;

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use regex::Regex;

pub use regions::{Dateline, Item, Region, RegionKind};
pub(crate) use regions::{Mark, quote_marks, straight_mark};

use crate::text::LineIndex;

/// What kind of file a story is; decides how paragraphs and markup are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain text: every line is a paragraph.
    #[default]
    Plain,
    /// Markdown: paragraphs end at blank lines; code, block quotes and headings are recognised.
    Markdown,
}

impl Format {
    /// The format for a file name or an editor's language id.
    pub fn from_name(name: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        if lower == "markdown" || lower.ends_with(".md") || lower.ends_with(".markdown") {
            Format::Markdown
        } else {
            Format::Plain
        }
    }
}

/// Where the story's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The story's front matter (`date:`).
    FrontMatter,
    /// The dateline's date (see [`DatelineYear`] for its year).
    Dateline,
    /// A date the caller was given on purpose (`--date`, an editor setting, the project's
    /// `date`).
    Given,
    /// The date of the story file's last commit.
    Commit,
    /// Today's date: nothing gave one.
    Today,
}

impl DateSource {
    /// Whether the story's date is only today's, found nowhere and given by no one: findings
    /// that rest on it are advice.
    pub fn is_today(self) -> bool {
        self == DateSource::Today
    }
}

/// Where the year of a dateline's month and day came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatelineYear {
    /// The dateline writes it (`Nov. 26, 2005`).
    Written,
    /// The latest year, on or before the reference date, in which the day falls on the
    /// weekday the story gives it (`Wednesday, Nov. 26`).
    Weekday,
    /// The latest year that puts the day on or before the reference date.
    Latest,
}

/// The inputs a document needs besides its text.
#[derive(Debug, Clone)]
pub struct DocumentOptions {
    pub format: Format,
    /// A date the caller was told (`--date`, an editor setting, the project's `date`): the
    /// story's date unless front matter gives one; it wins over a dateline's month and day.
    pub date: Option<Date>,
    /// Today's date, used when nothing else gives one and to place a dateline's month and day
    /// in a year.
    pub today: Date,
    /// The date of the story file's last commit, when the caller looked it up: a dateline's
    /// month and day are placed on or before it instead of today, and it is the story's date
    /// when neither the story nor the caller gives one.
    pub committed: Option<Date>,
}

/// A parsed story. Immutable; cheap to query.
#[derive(Debug, Clone)]
pub struct Document {
    text: String,
    index: LineIndex,
    format: Format,
    regions: regions::Regions,
    date: Date,
    date_source: DateSource,
    dateline_year: Option<DatelineYear>,
}

impl Document {
    pub fn new(text: impl Into<String>, opts: &DocumentOptions) -> Self {
        let text = text.into();
        let index = LineIndex::new(&text);
        let regions = regions::Regions::parse(&text, &index, opts.format);
        // Front matter is the story's own date; a date the caller was given comes next (the
        // dateline's month and day carry no year, and a date set on purpose is not overruled
        // by them: the dateline checks report a dateline that disagrees); then the dateline's
        // day, in its own year or in the latest year that puts it on or before the reference
        // date (the file's last commit, else today); then that commit; then today.
        let reference = opts.committed.unwrap_or(opts.today);
        let (date, date_source, dateline_year) = if let Some(d) = regions.front_matter_date {
            (d, DateSource::FrontMatter, None)
        } else if let Some(d) = opts.date {
            (d, DateSource::Given, None)
        } else if let Some((d, y)) = regions
            .dateline
            .as_ref()
            .and_then(|dl| dateline_date(&text, dl, reference))
        {
            (d, DateSource::Dateline, Some(y))
        } else if let Some(d) = opts.committed {
            (d, DateSource::Commit, None)
        } else {
            (opts.today, DateSource::Today, None)
        };
        Self {
            text,
            index,
            format: opts.format,
            regions,
            date,
            date_source,
            dateline_year,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn line_index(&self) -> &LineIndex {
        &self.index
    }
    pub fn format(&self) -> Format {
        self.format
    }
    /// The story's date (see [`DateSource`] for where it came from).
    pub fn date(&self) -> Date {
        self.date
    }
    pub fn date_source(&self) -> DateSource {
        self.date_source
    }
    /// Where the year of the story's date came from, when the dateline gave the date.
    pub fn dateline_year(&self) -> Option<DatelineYear> {
        self.dateline_year
    }
    /// The story's first dateline (in a digest, that of the first item that has one).
    pub fn dateline(&self) -> Option<&Dateline> {
        self.regions.dateline.as_ref()
    }
    /// The items of a news digest, in order (a story that is not a digest is one item; an
    /// empty one has none).
    pub fn items(&self) -> &[Item] {
        &self.regions.items
    }
    /// The index of the item `offset` belongs to: the last that starts at or before it (the
    /// first item for text before any).
    pub fn item_index(&self, offset: usize) -> usize {
        self.regions
            .items
            .partition_point(|i| i.range.start <= offset)
            .saturating_sub(1)
    }
    /// The item `offset` belongs to (see [`Document::item_index`]).
    pub fn item_of(&self, offset: usize) -> Option<&Item> {
        self.regions.items.get(self.item_index(offset))
    }
    /// Whether `range` is body text: after its item's headline and dateline, and in no
    /// headline.
    pub fn in_body(&self, range: &Range<usize>) -> bool {
        self.item_of(range.start)
            .is_some_and(|i| range.start >= i.body_start)
            && !self.overlaps(range, RegionKind::Headline)
    }
    /// Every region, sorted by start.
    pub fn regions(&self) -> &[Region] {
        &self.regions.all
    }
    /// Paragraph ranges, in order.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.regions.paragraphs
    }
    /// Where the body (after any headline and the dateline) of the first item starts; see
    /// [`Document::in_body`] for the body of every item.
    pub fn body_start(&self) -> usize {
        self.regions.body_start
    }

    /// Whether any part of `range` lies in a region of `kind`.
    pub fn overlaps(&self, range: &Range<usize>, kind: RegionKind) -> bool {
        self.regions.overlaps(range, kind)
    }

    /// Whether `range` touches a quoted fragment (a quotation that is part of the writer's
    /// sentence, not a sentence of its own).
    pub fn in_fragment(&self, range: &Range<usize>) -> bool {
        self.overlaps(range, RegionKind::Fragment)
    }

    /// Whether `range` touches a list item or a table row (cells and items, not sentences).
    pub fn in_list(&self, range: &Range<usize>) -> bool {
        self.overlaps(range, RegionKind::List)
    }

    /// Whether `range` lies inside a direct quotation (or a block quote).
    pub fn in_quote(&self, range: &Range<usize>) -> bool {
        self.overlaps(range, RegionKind::Quote) || self.overlaps(range, RegionKind::BlockQuote)
    }

    /// Whether `range` touches text that is never checked (code, URLs, e-mail, front matter,
    /// comments).
    pub fn in_skipped(&self, range: &Range<usize>) -> bool {
        self.overlaps(range, RegionKind::Skip)
    }

    /// Rule ids (or prefixes, or categories; empty means every rule) suppressed at `offset`.
    pub fn suppressed(&self, offset: usize, rule: &str, category: &str) -> bool {
        self.regions.suppressed(&self.index, offset, rule, category)
    }

    /// The rule ids, prefixes and categories named by suppression comments, with their ranges.
    pub fn suppression_keys(&self) -> &[(Range<usize>, String)] {
        &self.regions.suppression_keys
    }

    /// The paragraph containing `offset`.
    pub fn paragraph_of(&self, offset: usize) -> Option<Range<usize>> {
        let i = self.regions.paragraphs.partition_point(|p| p.end < offset);
        self.regions
            .paragraphs
            .get(i)
            .filter(|p| p.start <= offset)
            .cloned()
    }

    /// Whether a word starting at `offset` begins a sentence: the start of a paragraph, the
    /// text right after the dateline, or after a sentence-ending mark (not an abbreviation).
    pub fn is_sentence_start(&self, offset: usize) -> bool {
        let Some(para) = self.paragraph_of(offset) else {
            return true;
        };
        if let Some(dl) = self.item_of(offset).and_then(|i| i.dateline.as_ref())
            && offset >= dl.range.end
            && self.text[dl.range.end..offset].trim().is_empty()
        {
            return true;
        }
        let before = &self.text[para.start..offset];
        let trimmed = before.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '—' | '-' | '–')
        });
        if trimmed.is_empty() {
            return true;
        }
        let t = trimmed.trim_end_matches(['"', '”', '’', '\'', ')']);
        if t.ends_with(['!', '?']) {
            return true;
        }
        if !t.ends_with('.') {
            return false;
        }
        let word = t[..t.len() - 1]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        !is_abbreviation(word)
    }
}

/// Words that end with a full stop without ending a sentence.
fn is_abbreviation(word: &str) -> bool {
    const ABBR: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Gov", "Sen", "Rep", "Sgt", "Lt", "Gen", "Col", "Capt", "Cpl",
        "Pvt", "Adm", "Maj", "Rev", "St", "Jr", "Sr", "No", "Jan", "Feb", "Aug", "Sept", "Sep",
        "Oct", "Nov", "Dec", "Co", "Corp", "Inc", "Ltd", "Mass", "Calif", "Fla", "Ga", "Ill", "vs",
        "a.m", "p.m", "Ariz", "Ark", "Colo", "Conn", "Del", "Ind", "Kan", "Ky", "La", "Md", "Mich",
        "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Vt", "Va",
        "Wash", "Wis", "Wyo", "Ft", "Mt", "Supt", "Prof", "Gens", "Sens", "Reps", "approx", "U.S",
        "U.N", "U.K", "D.C", "etc",
    ];
    if ABBR.contains(&word) {
        return true;
    }
    // Initials: "J." or "N.Y." style.
    let letters: Vec<&str> = word.split('.').collect();
    letters
        .iter()
        .all(|p| p.chars().count() == 1 && p.chars().all(|c| c.is_uppercase()))
}

/// The most recent date with this month and day that is not after `reference`.
pub fn most_recent(month: i8, day: i8, reference: Date) -> Option<Date> {
    for back in 0..8 {
        let year = reference.year() - back;
        if let Ok(d) = Date::new(year, month, day)
            && d <= reference
        {
            return Some(d);
        }
    }
    None
}

/// The most recent date with this month and day, not after `reference`, that falls on
/// `weekday` (looked for over 28 years, a whole turn of the calendar).
pub fn most_recent_on(month: i8, day: i8, weekday: Weekday, reference: Date) -> Option<Date> {
    (0..=28)
        .filter_map(|back| Date::new(reference.year() - back, month, day).ok())
        .find(|d| *d <= reference && d.weekday() == weekday)
}

/// A weekday with a month and day and no year: "Wednesday, Nov. 26", "Wednesday 26 November".
static WEEKDAY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let wd = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
    let m = "(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?";
    Regex::new(&format!(
        r"\b(?P<wd>{wd}),?\s+(?:the\s+)?(?:(?P<m1>{m})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{m}))(?P<y>,?\s+\d{{4}}\b)?"
    ))
    .unwrap()
});

/// The date a dateline gives the story, and where its year came from: the year it writes; or
/// the latest year, on or before `reference`, in which its day falls on the weekday the story
/// gives that day ("Wednesday, Nov. 26"; one weekday, when the story names the day more than
/// once); or the latest year that puts the day on or before `reference`.
fn dateline_date(text: &str, dl: &Dateline, reference: Date) -> Option<(Date, DatelineYear)> {
    let (month, day) = dl.month_day?;
    if let Some(y) = dl.year {
        return Date::new(y, month, day)
            .ok()
            .map(|d| (d, DatelineYear::Written));
    }
    let mut named: Option<Weekday> = None;
    for c in WEEKDAY_DATE.captures_iter(text) {
        let (Some(wd), Some(m), Some(d)) = (
            c.name("wd"),
            c.name("m1").or_else(|| c.name("m2")),
            c.name("d1").or_else(|| c.name("d2")),
        ) else {
            continue;
        };
        if c.name("y").is_some()
            || regions::parse_month_day(&format!("{} {}", m.as_str(), d.as_str()))
                != Some((month, day))
        {
            continue;
        }
        let w = match wd.as_str() {
            "Monday" => Weekday::Monday,
            "Tuesday" => Weekday::Tuesday,
            "Wednesday" => Weekday::Wednesday,
            "Thursday" => Weekday::Thursday,
            "Friday" => Weekday::Friday,
            "Saturday" => Weekday::Saturday,
            _ => Weekday::Sunday,
        };
        match named {
            Some(n) if n != w => {
                named = None;
                break;
            }
            _ => named = Some(w),
        }
    }
    if let Some(d) = named.and_then(|w| most_recent_on(month, day, w, reference)) {
        return Some((d, DatelineYear::Weekday));
    }
    most_recent(month, day, reference).map(|d| (d, DatelineYear::Latest))
}

#[cfg(test)]
mod tests;
