//! Where a story's date comes from, and its dateline when a byline shares its paragraph:
//! front matter first, then a date given on purpose (`--date`, the editor), then the
//! dateline's day; a dateline that disagrees with the date given is reported.

use copydesk::document::DateSource;
use copydesk::{Document, DocumentOptions, Engine, Format, RuleSet, Settings};
use jiff::civil::Date;

fn findings(
    profile: &str,
    text: &str,
    format: Format,
    date: Option<Date>,
) -> (Document, Vec<(String, String)>) {
    let engine = Engine::new(RuleSet::builtin(profile).unwrap());
    let doc = Document::new(
        text,
        &DocumentOptions {
            format,
            date,
            today: Date::constant(2026, 11, 25),
            committed: None,
        },
    );
    let f = engine
        .check(&doc, &Settings::default())
        .into_iter()
        .filter(|f| f.rule.contains(".dateline."))
        .map(|f| (f.rule.to_string(), text[f.range.clone()].to_string()))
        .collect();
    (doc, f)
}

const BODY: &str = "WASHINGTON, Nov. 26 (AP) — Senators met on Wednesday.\n";

#[test]
fn a_byline_in_the_dateline_paragraph_keeps_the_dateline() {
    let head = "---\ndate: 2025-11-26\n---\n# Senate talks\n\n";
    let apart = format!("{head}By Jane Doe\n\n{BODY}");
    let joined = format!("{head}By Jane Doe\n{BODY}");
    let credit = format!("{head}By Jane Doe\nAssociated Press\n{BODY}");
    let (_, want) = findings("ap", &apart, Format::Markdown, None);
    assert_eq!(
        want,
        [(
            "ap.dateline.format".to_string(),
            "WASHINGTON, Nov. 26 (AP) —".to_string()
        )]
    );
    for text in [&joined, &credit] {
        let (doc, got) = findings("ap", text, Format::Markdown, None);
        assert_eq!(got, want, "{text:?}");
        let dl = doc.dateline().expect("a dateline");
        assert_eq!(&text[dl.range.clone()], "WASHINGTON, Nov. 26 (AP) —");
        assert_eq!(doc.date_source(), DateSource::FrontMatter);
    }
    // A sentence above the dateline line is not a byline.
    let sentence = format!("{head}Senators met again.\n{BODY}");
    let (doc, _) = findings("ap", &sentence, Format::Markdown, None);
    assert!(doc.dateline().is_none());
}

#[test]
fn a_date_given_wins_over_the_dateline_and_a_disagreement_is_reported() {
    let text = "KYIV, Nov 17 (Reuters) - Officials said.\n";
    let (doc, f) = findings("reuters", text, Format::Plain, None);
    assert_eq!(
        (doc.date(), doc.date_source()),
        (Date::constant(2026, 11, 17), DateSource::Dateline)
    );
    assert_eq!(f, []);
    let (doc, f) = findings(
        "reuters",
        text,
        Format::Plain,
        Some(Date::constant(2025, 11, 26)),
    );
    assert_eq!(
        (doc.date(), doc.date_source()),
        (Date::constant(2025, 11, 26), DateSource::Given)
    );
    assert_eq!(
        f,
        [("reuters.dateline.date".to_string(), "Nov 17".to_string())]
    );
    // The day before is overnight copy, not a disagreement.
    let (_, f) = findings(
        "reuters",
        text,
        Format::Plain,
        Some(Date::constant(2025, 11, 18)),
    );
    assert_eq!(f, []);
    // Front matter still comes first, and the given date does not count then.
    let fm = "---\ndate: 2025-11-17\n---\nKYIV, Nov 17 (Reuters) - Officials said.\n";
    let (doc, f) = findings(
        "reuters",
        fm,
        Format::Markdown,
        Some(Date::constant(2025, 11, 26)),
    );
    assert_eq!(
        (doc.date(), doc.date_source()),
        (Date::constant(2025, 11, 17), DateSource::FrontMatter)
    );
    assert_eq!(f, []);

    // The seed's dateline (Nov 26) checked with another date: the date given is the story's,
    // and the dateline is reported beside the AP format finding.
    let seed =
        std::fs::read_to_string("../shared/seed/washington-peace-talks-2025-11-26.txt").unwrap();
    let (doc, f) = findings("ap", &seed, Format::Plain, Some(Date::constant(2024, 6, 1)));
    assert_eq!(doc.date(), Date::constant(2024, 6, 1));
    assert_eq!(
        f,
        [
            (
                "ap.dateline.format".to_string(),
                "Washington, Nov 26:".to_string()
            ),
            ("ap.dateline.date".to_string(), "Nov 26".to_string()),
        ]
    );
}

fn doc_with(text: &str, date: Option<Date>, committed: Option<Date>, today: Date) -> Document {
    Document::new(
        text,
        &DocumentOptions {
            format: Format::Plain,
            date,
            today,
            committed,
        },
    )
}

/// (rule, text) of every finding of `rule_part` rules.
fn found(profile: &str, doc: &Document, rule_part: &str) -> Vec<(String, String)> {
    Engine::new(RuleSet::builtin(profile).unwrap())
        .check(doc, &Settings::default())
        .into_iter()
        .filter(|f| f.rule.contains(rule_part))
        .map(|f| (f.rule.to_string(), doc.text()[f.range.clone()].to_string()))
        .collect()
}

#[test]
fn a_year_less_dateline_takes_the_latest_year_its_weekday_fits() {
    use copydesk::document::DatelineYear;
    let today = Date::constant(2026, 11, 25);
    // Oct. 14 is a Wednesday in 2026 and was a Tuesday in 2025.
    let text = "KYIV, Oct 14 (Reuters) - Officials met on Tuesday, Oct. 14, and again on Friday, Oct. 17.\n";
    let doc = doc_with(text, None, None, today);
    assert_eq!(
        (doc.date(), doc.date_source(), doc.dateline_year()),
        (
            Date::constant(2025, 10, 14),
            DateSource::Dateline,
            Some(DatelineYear::Weekday)
        )
    );
    assert_eq!(found("reuters", &doc, ".dates.weekday"), []);
    // No weekday for the day: the latest year that puts it on or before today.
    let plain = "KYIV, Oct 14 (Reuters) - Officials met on Friday, Oct. 17.\n";
    let doc = doc_with(plain, None, None, today);
    assert_eq!(
        (doc.date(), doc.dateline_year()),
        (Date::constant(2026, 10, 14), Some(DatelineYear::Latest))
    );
    assert_eq!(
        found("reuters", &doc, ".dates.weekday"),
        [("reuters.dates.weekday".to_string(), "Friday".to_string())]
    );
    // Two weekdays for the day tell nothing.
    let torn =
        "KYIV, Oct 14 (Reuters) - Officials met on Tuesday, Oct. 14 (or Wednesday, Oct. 14).\n";
    let doc = doc_with(torn, None, None, today);
    assert_eq!(doc.date(), Date::constant(2026, 10, 14));
    // A year the dateline writes is its own.
    let archive = "LONDON, March 3, 2009 (Reuters) - Ministers met on Tuesday, March 3.\n";
    let doc = doc_with(archive, None, None, today);
    assert_eq!(
        (doc.date(), doc.dateline_year()),
        (Date::constant(2009, 3, 3), Some(DatelineYear::Written))
    );
    assert_eq!(found("reuters", &doc, ".dates.weekday"), []);
    // A date given still wins, and a dateline of another year disagrees with it.
    let doc = doc_with(archive, Some(Date::constant(2026, 3, 3)), None, today);
    assert_eq!(doc.date_source(), DateSource::Given);
    assert_eq!(
        found("reuters", &doc, ".dateline.date"),
        [(
            "reuters.dateline.date".to_string(),
            "March 3, 2009".to_string()
        )]
    );
}

#[test]
fn the_last_commit_places_the_dateline_and_dates_an_undated_story() {
    use copydesk::document::DatelineYear;
    let today = Date::constant(2026, 11, 25);
    let commit = Some(Date::constant(2008, 10, 15));
    let datelined = "KYIV, Oct 14 (Reuters) - Officials met.\n";
    let doc = doc_with(datelined, None, commit, today);
    assert_eq!(
        (doc.date(), doc.date_source(), doc.dateline_year()),
        (
            Date::constant(2008, 10, 14),
            DateSource::Dateline,
            Some(DatelineYear::Latest)
        )
    );
    let undated = "Officials met on Tuesday, Oct. 14.\n";
    let doc = doc_with(undated, None, commit, today);
    assert_eq!(
        (doc.date(), doc.date_source()),
        (Date::constant(2008, 10, 15), DateSource::Commit)
    );
    assert_eq!(found("reuters", &doc, ".dates.weekday"), []);
    // Front matter and a date given come first.
    let doc = doc_with(undated, Some(Date::constant(2025, 1, 1)), commit, today);
    assert_eq!(doc.date_source(), DateSource::Given);
}

#[test]
fn findings_that_rest_on_the_clock_alone_are_advice_and_say_so() {
    let text = "The plan was backed by President Joe Biden.\nThe council voted today.\nThe hearing is Monday, Dec. 2, and it opened Friday, Jan. 3, 2024.\n";
    let today = Date::constant(2026, 11, 25);
    let engine = Engine::new(RuleSet::builtin("ap").unwrap());
    let run = |date: Option<Date>| {
        let doc = doc_with(text, date, None, today);
        engine
            .check(&doc, &Settings::default())
            .into_iter()
            .filter(|f| f.category.as_str() == "date" || f.category.as_str() == "title")
            .map(|f| {
                (
                    f.rule.to_string(),
                    text[f.range.clone()].to_string(),
                    f.severity.as_str(),
                    f.message.ends_with(
                        " (This assumes the story is dated today, 2026-11-25: it gives no date and none was given.)",
                    ),
                    f.fixes.first().map(|x| x.safety.as_str()),
                )
            })
            .collect::<Vec<_>>()
    };
    let s = |x: &str| x.to_string();
    assert_eq!(
        run(None),
        [
            (
                s("ap.titles.current"),
                s("President Joe Biden"),
                "info",
                true,
                Some("review")
            ),
            (
                s("ap.dates.relative"),
                s("today"),
                "info",
                true,
                Some("review")
            ),
            (
                s("ap.dates.weekday"),
                s("Monday"),
                "info",
                true,
                Some("review")
            ),
            // A date with its year does not rest on the story's.
            (
                s("ap.dates.weekday"),
                s("Friday"),
                "warning",
                false,
                Some("review")
            ),
        ]
    );
    assert_eq!(
        run(Some(today)),
        [
            (
                s("ap.titles.current"),
                s("President Joe Biden"),
                "error",
                false,
                Some("review")
            ),
            (
                s("ap.dates.relative"),
                s("today"),
                "info",
                false,
                Some("review")
            ),
            (
                s("ap.dates.weekday"),
                s("Monday"),
                "warning",
                false,
                Some("review")
            ),
            (
                s("ap.dates.weekday"),
                s("Friday"),
                "warning",
                false,
                Some("review")
            ),
        ]
    );
}
