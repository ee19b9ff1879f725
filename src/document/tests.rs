use super::*;

fn doc(text: &str) -> Document {
    Document::new(
        text,
        &DocumentOptions {
            format: Format::Plain,
            date: None,
            today: Date::constant(2026, 11, 25),
            committed: None,
        },
    )
}

fn slice(d: &Document, r: &Range<usize>) -> String {
    d.text()[r.clone()].to_string()
}

#[test]
fn seed_headline_and_dateline() {
    let d = doc(
        "Daijiworld Media Network - Washington\nWashington, Nov 26: Former US President Donald Trump said.\n",
    );
    let dl = d.dateline().expect("dateline");
    assert_eq!(slice(&d, &dl.range), "Washington, Nov 26:");
    assert_eq!(slice(&d, &dl.city), "Washington");
    assert_eq!(dl.month_day, Some((11, 26)));
    assert_eq!(d.date(), Date::constant(2025, 11, 26));
    assert_eq!(d.date_source(), DateSource::Dateline);
    assert!(d.overlaps(&(0..5), RegionKind::Headline));
    assert!(d.is_sentence_start(d.text().find("Former").unwrap()));
}

#[test]
fn datelines_of_each_shape() {
    for (text, want, credit) in [
        (
            "Boston, Mass. - City councilors approved",
            "Boston, Mass. -",
            None,
        ),
        (
            "DENVER, CO (AP) — A storm",
            "DENVER, CO (AP) —",
            Some("(AP)"),
        ),
        (
            "TOKYO, Japan (AP) — Kanto",
            "TOKYO, Japan (AP) —",
            Some("(AP)"),
        ),
        (
            "KYIV, Nov 18 (Reuters) - Ukraine's",
            "KYIV, Nov 18 (Reuters) -",
            Some("(Reuters)"),
        ),
        ("ST. LOUIS (AP) — The", "ST. LOUIS (AP) —", Some("(AP)")),
        (
            "LAHAINA, Maui (AP) Residents returned.",
            "LAHAINA, Maui (AP)",
            Some("(AP)"),
        ),
        (
            "BRUSSELS, Sept. 12 (Reuters) EU ministers met.",
            "BRUSSELS, Sept. 12 (Reuters)",
            Some("(Reuters)"),
        ),
        ("KYIV, 18th Nov - Blackouts.", "KYIV, 18th Nov -", None),
        (
            "WASHINGTON, Nov. 26, 2025 (AP) — The Senate met.",
            "WASHINGTON, Nov. 26, 2025 (AP) —",
            Some("(AP)"),
        ),
    ] {
        let d = doc(text);
        let dl = d
            .dateline()
            .unwrap_or_else(|| panic!("no dateline in {text}"));
        assert_eq!(slice(&d, &dl.range), want);
        assert_eq!(
            dl.credit.as_ref().map(|c| slice(&d, c)),
            credit.map(str::to_string)
        );
    }
    for text in [
        "Shares in UK drinks firm Allied Domecq have risen.",
        "Mr Smith: the man who knew too much",
        "The president (who spoke) - said it",
        "The Trades Union Congress (TUC) is calling on the government to act.",
        "General Motors (GM) saw its net profits fall 37% in the last quarter.",
        "The Open Society Institute (OSI), financed by George Soros, said.",
        "Q&A: Malcolm Glazer and Man Utd",
    ] {
        assert!(doc(text).dateline().is_none(), "{text}");
    }
}

#[test]
fn quotations_straight_curly_and_multi_paragraph() {
    let d = doc(
        "KYIV (AP) — He said “tremendous progress” and \"more.\"\n“First part.\n“Second part,” she said.\nAfter.",
    );
    let quotes: Vec<String> = d
        .regions()
        .iter()
        .filter(|r| r.kind == RegionKind::Quote)
        .map(|r| slice(&d, &r.range))
        .collect();
    assert_eq!(
        quotes,
        [
            "“tremendous progress”",
            "\"more.\"",
            "“First part.",
            "“Second part,”"
        ]
    );
    assert!(!d.in_quote(&(d.text().find("After").unwrap()..d.text().len())));
}

#[test]
fn quotations_with_unbalanced_straight_marks() {
    // Two paragraphs of one quotation run into one line: the second opens without the first
    // closing. A closing mark with nothing open ends a quotation begun in an earlier paragraph.
    let d = doc(
        "Headline\n\nHe said: \"We were caught. \"They were wrong,\" Mr Boyd said. Mr Weiss agreed.\nIt is over,\" Mr Boyd added.\nA \"word\" and an open \"quote to the end",
    );
    let quotes: Vec<String> = d
        .regions()
        .iter()
        .filter(|r| r.kind == RegionKind::Quote)
        .map(|r| slice(&d, &r.range))
        .collect();
    assert_eq!(
        quotes,
        [
            "\"We were caught. \"They were wrong,\"",
            "It is over,\"",
            "\"word\"",
            "\"quote to the end",
        ]
    );
    let at = |s: &str| {
        let i = d.text().find(s).unwrap();
        i..i + s.len()
    };
    assert!(!d.in_quote(&at("Mr Weiss")));
    assert!(!d.in_quote(&at("Mr Boyd added")));
}

#[test]
fn skipped_text_and_front_matter() {
    let text = "---\ndate: 2025-11-03\n---\n# US talks\n\nSee https://example.com/US/page and `US code` or a@b.com.\n\n> US letter\n";
    let d = Document::new(
        text,
        &DocumentOptions {
            format: Format::Markdown,
            date: Some(Date::constant(2020, 1, 1)),
            today: Date::constant(2026, 11, 25),
            committed: None,
        },
    );
    assert_eq!(d.date(), Date::constant(2025, 11, 3));
    let at = |s: &str| {
        let i = text.find(s).unwrap();
        i..i + s.len()
    };
    assert!(d.in_skipped(&at("/US/")));
    assert!(d.in_skipped(&at("US code")));
    assert!(d.in_skipped(&at("a@b.com")));
    assert!(d.in_skipped(&at("date:")));
    assert!(d.overlaps(&at("US talks"), RegionKind::Headline));
    assert!(d.in_quote(&at("US letter")));
    assert!(!d.in_skipped(&at("See")));
}

#[test]
fn suppression_comments() {
    let text = "Line one US.\n<!-- copydesk-disable-next-line ap.usage -->\nLine two US.\ncopydesk-disable-next-line\nLine three.\nLine four <!-- copydesk-disable-line number -->\n";
    let d = doc(text);
    let at = |s: &str| text.find(s).unwrap();
    assert!(!d.suppressed(at("one"), "ap.usage.us", "usage"));
    assert!(d.suppressed(at("two"), "ap.usage.us", "usage"));
    assert!(!d.suppressed(at("two"), "ap.usagex", "usage"));
    assert!(d.suppressed(at("three"), "anything", "title"));
    assert!(d.suppressed(at("four"), "ap.numbers.x", "number"));
    assert!(!d.suppressed(at("four"), "ap.numbers.x", "title"));
}

#[test]
fn year_of_a_month_and_day() {
    let today = Date::constant(2026, 11, 25);
    assert_eq!(
        most_recent(11, 26, today),
        Some(Date::constant(2025, 11, 26))
    );
    assert_eq!(
        most_recent(11, 25, today),
        Some(Date::constant(2026, 11, 25))
    );
    assert_eq!(most_recent(2, 29, today), Some(Date::constant(2024, 2, 29)));
    assert_eq!(most_recent(2, 31, today), None);
}

#[test]
fn digest_items_each_with_headline_and_dateline() {
    let text = "AP News Digest\n___\nStorm hits Denver\nDENVER (AP) — Snow fell.\nCrews worked.\n\n____\nUK leader in US\nWASHINGTON (AP) — Keir Starmer met Trump.\n___\n";
    let d = doc(text);
    let at = |s: &str| {
        let i = text.find(s).unwrap();
        i..i + s.len()
    };
    let items: Vec<String> = d.items().iter().map(|i| slice(&d, &i.range)).collect();
    assert_eq!(
        items,
        [
            "AP News Digest",
            "Storm hits Denver\nDENVER (AP) — Snow fell.\nCrews worked.",
            "UK leader in US\nWASHINGTON (AP) — Keir Starmer met Trump.",
        ]
    );
    let datelines: Vec<Option<String>> = d
        .items()
        .iter()
        .map(|i| i.dateline.as_ref().map(|dl| slice(&d, &dl.range)))
        .collect();
    assert_eq!(
        datelines,
        [
            None,
            Some("DENVER (AP) —".to_string()),
            Some("WASHINGTON (AP) —".to_string())
        ]
    );
    // The story's dateline is the first item's that has one.
    assert_eq!(slice(&d, &d.dateline().unwrap().range), "DENVER (AP) —");
    // Every item's headline is a headline, the digest's own title too.
    for h in ["AP News Digest", "Storm hits Denver", "UK leader in US"] {
        assert!(d.overlaps(&at(h), RegionKind::Headline), "{h}");
        assert!(!d.in_body(&at(h)), "{h}");
    }
    assert!(d.overlaps(&at("WASHINGTON (AP) —"), RegionKind::Dateline));
    // The separators are skipped and are no paragraphs.
    assert!(d.in_skipped(&at("____")));
    assert!(d.overlaps(&at("____"), RegionKind::Separator));
    assert!(
        !d.paragraphs()
            .iter()
            .any(|p| d.text()[p.clone()].contains('_'))
    );
    // Each item's body starts after its dateline.
    assert!(d.in_body(&at("Snow fell")));
    assert!(d.in_body(&at("Keir Starmer")));
    assert!(d.is_sentence_start(text.find("Keir").unwrap()));
    assert_eq!(d.item_index(text.find("Crews").unwrap()), 1);
    assert_eq!(d.item_index(text.find("Keir").unwrap()), 2);
}

#[test]
fn a_story_without_separators_is_one_item() {
    let text =
        "Storm hits Denver\nDENVER (AP) — Snow fell.\nA short line\nCrews --- worked __ hard.\n";
    let d = doc(text);
    assert_eq!(d.items().len(), 1);
    let item = &d.items()[0];
    assert_eq!(item.range, 0..text.trim_end().len());
    assert_eq!(item.body_start, d.body_start());
    assert_eq!(
        slice(&d, &item.dateline.as_ref().unwrap().range),
        "DENVER (AP) —"
    );
    // A short line in the body is no headline outside a digest.
    assert!(!d.overlaps(
        &(text.find("A short").unwrap()..text.find("A short").unwrap() + 7),
        RegionKind::Headline
    ));
    assert_eq!(doc("").items(), []);
}

#[test]
fn quoted_fragments() {
    let d = doc(
        "LONDON (Reuters) - He called the plan “a good start”. She said: “We will win.” He said \"It is over\". It was \"A Good Start\", they said.\n“Run on,” he said.\n",
    );
    let kinds = |kind: RegionKind| -> Vec<String> {
        d.regions()
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| slice(&d, &r.range))
            .collect()
    };
    assert_eq!(
        kinds(RegionKind::Fragment),
        ["“a good start”", "\"A Good Start\""]
    );
    assert_eq!(
        kinds(RegionKind::Quote),
        [
            "“a good start”",
            "“We will win.”",
            "\"It is over\"",
            "\"A Good Start\"",
            "“Run on,”"
        ]
    );
}
