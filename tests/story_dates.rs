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
