//! How the adapters report a story's date and where it came from: one short code for machines
//! (JSON, SARIF, the editor's status) and one phrase for people.

use copydesk::Document;
use copydesk::document::{DateSource, DatelineYear};
use jiff::civil::Date;

/// A story's date and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryDate {
    pub date: Date,
    /// `front_matter`, `dateline`, `project` (the project file's `date`), `given` (`--date`, an
    /// editor setting, a request's date), `git` (the file's last commit) or `clock` (nothing
    /// gave one: today's date).
    pub source: &'static str,
    /// For people: "the front matter", "the dateline" (with where its year came from),
    /// "--date", "the project's date (copydesk.toml:4:8)", "the file's last Git commit", "the machine's clock (no
    /// date found or given)".
    pub label: String,
}

impl StoryDate {
    /// The date `doc` was read with. `given` is where a date given to it was set (a project
    /// file's place, or a face's origin such as "--date"), `in_project` whether that was a
    /// project file, and `committed` whether the file's last commit was looked up.
    pub fn of(doc: &Document, given: Option<&str>, in_project: bool, committed: bool) -> Self {
        let (source, label) = match doc.date_source() {
            DateSource::FrontMatter => ("front_matter", "the front matter".to_string()),
            DateSource::Dateline => {
                let reference = if committed {
                    "the file's last Git commit"
                } else {
                    "today"
                };
                let label = match doc.dateline_year() {
                    Some(DatelineYear::Weekday) => format!(
                        "the dateline (the year: the latest, on or before {reference}, in which the day is the weekday the story names)"
                    ),
                    Some(DatelineYear::Latest) => {
                        format!(
                            "the dateline (the year: the latest that puts the day on or before {reference})"
                        )
                    }
                    _ => "the dateline".to_string(),
                };
                ("dateline", label)
            }
            DateSource::Given if in_project => (
                "project",
                format!("the project's date ({})", given.unwrap_or("copydesk.toml")),
            ),
            DateSource::Given => (
                "given",
                given.map_or_else(|| "given".to_string(), str::to_string),
            ),
            DateSource::Commit => ("git", "the file's last Git commit".to_string()),
            DateSource::Today => (
                "clock",
                "the machine's clock (no date found or given)".to_string(),
            ),
        };
        StoryDate {
            date: doc.date(),
            source,
            label,
        }
    }
}
