use jiff::civil::Date;

use crate::document::{Document, DocumentOptions, Format};
use crate::engine::{Engine, Settings};
use crate::rules::{Level, RuleSet, Safety};

fn engine(profile: &str) -> Engine {
    Engine::new(RuleSet::builtin(profile).expect("pack loads"))
}

fn doc(text: &str, date: Option<Date>) -> Document {
    Document::new(
        text,
        &DocumentOptions {
            format: Format::Plain,
            date,
            today: Date::constant(2025, 11, 26),
        },
    )
}

/// (rule, found text, preferred replacement) of every finding of the dateline kind's rules.
fn findings(profile: &str, text: &str, date: Option<Date>) -> Vec<(String, String, String)> {
    let d = doc(text, date);
    engine(profile)
        .check(&d, &Settings::default())
        .into_iter()
        .filter(|f| {
            f.rule.contains(".dateline.")
                || f.rule.ends_with("usage.states")
                || f.rule.ends_with("postal-codes")
                || f.rule.ends_with("state-abbreviations")
        })
        .map(|f| {
            (
                f.rule.clone(),
                text[f.range.clone()].to_string(),
                f.replacement(text).unwrap_or_default(),
            )
        })
        .collect()
}

fn one(profile: &str, text: &str) -> (String, String) {
    let f = findings(profile, text, None);
    assert_eq!(f.len(), 1, "{text}: {f:?}");
    (f[0].1.clone(), f[0].2.clone())
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn ap_dateline_rewrites() {
    for (text, found, want) in [
        (
            "Washington, Nov 26: Former officials met.",
            "Washington, Nov 26:",
            "WASHINGTON (AP) —",
        ),
        (
            "Boston, Mass. - City councilors voted.",
            "Boston, Mass. -",
            "BOSTON (AP) —",
        ),
        (
            "DENVER, CO (AP) — A storm hit.",
            "DENVER, CO (AP) —",
            "DENVER (AP) —",
        ),
        (
            "TOKYO, Japan (AP) — Kanto said.",
            "TOKYO, Japan (AP) —",
            "TOKYO (AP) —",
        ),
        (
            "SACRAMENTO (AP) — Lawmakers met.",
            "SACRAMENTO (AP) —",
            "SACRAMENTO, Calif. (AP) —",
        ),
        (
            "AUSTIN, TX (AP) — The bill passed.",
            "AUSTIN, TX (AP) —",
            "AUSTIN, Texas (AP) —",
        ),
        (
            "KYIV (AP) — Drones struck.",
            "KYIV (AP) —",
            "KYIV, Ukraine (AP) —",
        ),
        (
            "Chicago (AP) — The council met.",
            "Chicago (AP) —",
            "CHICAGO (AP) —",
        ),
        (
            "WASHINGTON, Nov. 26 (AP) — The Senate met.",
            "WASHINGTON, Nov. 26 (AP) —",
            "WASHINGTON (AP) —",
        ),
        (
            "BOSTON (AP) - The mayor spoke.",
            "BOSTON (AP) -",
            "BOSTON (AP) —",
        ),
        (
            "LAHAINA, Maui (AP) Residents returned.",
            "LAHAINA, Maui (AP)",
            "LAHAINA, Hawaii (AP) —",
        ),
        (
            "WASHINGTON, D.C. (AP) — The Senate met.",
            "WASHINGTON, D.C. (AP) —",
            "WASHINGTON (AP) —",
        ),
        (
            "MIAMI, Fla. (AP) — A storm hit.",
            "MIAMI, Fla. (AP) —",
            "MIAMI (AP) —",
        ),
        (
            "KANSAS CITY, Missouri (AP) — The Chiefs won.",
            "KANSAS CITY, Missouri (AP) —",
            "KANSAS CITY, Mo. (AP) —",
        ),
        (
            "OTTAWA (AP) — Parliament met.",
            "OTTAWA (AP) —",
            "OTTAWA, Ontario (AP) —",
        ),
        // Unknown cities keep their place; a state takes the AP abbreviation.
        (
            "SMALLVILLE, KS (AP) — A tornado hit.",
            "SMALLVILLE, KS (AP) —",
            "SMALLVILLE, Kan. (AP) —",
        ),
        (
            "SMALLVILLE, Kansas (AP) — A tornado hit.",
            "SMALLVILLE, Kansas (AP) —",
            "SMALLVILLE, Kan. (AP) —",
        ),
        (
            "Smallville, Kan. — A tornado hit.",
            "Smallville, Kan. —",
            "SMALLVILLE, Kan. (AP) —",
        ),
        (
            "WASHINGTON, Nov. 26, 2025 (AP) — The Senate met.",
            "WASHINGTON, Nov. 26, 2025 (AP) —",
            "WASHINGTON (AP) —",
        ),
        // A Reuters dateline under AP.
        (
            "KYIV, Nov 18 (Reuters) - Blackouts.",
            "KYIV, Nov 18 (Reuters) -",
            "KYIV, Ukraine (AP) —",
        ),
        // No space after the dash: the rewrite adds one.
        (
            "BOSTON (AP)—The mayor spoke.",
            "BOSTON (AP)—",
            "BOSTON (AP) — ",
        ),
    ] {
        assert_eq!(one("ap", text), pair(found, want), "{text}");
    }
}

#[test]
fn ap_correct_datelines_are_left_alone() {
    for text in [
        "WASHINGTON (AP) — The Senate met.",
        "SACRAMENTO, Calif. (AP) — Lawmakers met.",
        "KANSAS CITY, Kan. (AP) — The council met.",
        "ST. LOUIS (AP) — The Cardinals won.",
        "PARIS, Texas (AP) — The town voted.",
        "LONDON (AP) — Britain's economy grew.",
        "LONDON, Ontario (AP) — The city voted.",
        "MOSCOW, Idaho (AP) — Police said.",
        "HONOLULU (AP) — A storm hit.",
        "KYIV, Ukraine (AP) — Drones struck.",
        "SMALLVILLE (AP) — A tornado hit.",
        "SMALLVILLE, Kan. (AP) — A tornado hit.",
    ] {
        assert_eq!(findings("ap", text, None), [], "{text}");
    }
}

#[test]
fn ap_city_in_two_states_without_one_is_flagged_without_a_fix() {
    let text = "PORTLAND (AP) — Police said.";
    let d = doc(text, None);
    let f: Vec<_> = engine("ap")
        .check(&d, &Settings::default())
        .into_iter()
        .filter(|f| f.rule == "ap.dateline.format")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(&text[f[0].range.clone()], "PORTLAND (AP) —");
    assert!(f[0].fixes.is_empty());
    assert!(f[0].message.contains("Ore."), "{}", f[0].message);
}

#[test]
fn fix_safety_depends_on_what_changes() {
    let safety = |profile: &str, text: &str| {
        let d = doc(text, None);
        engine(profile)
            .check(&d, &Settings::default())
            .into_iter()
            .find(|f| f.rule.ends_with(".dateline.format"))
            .map(|f| f.fixes[0].safety)
    };
    assert_eq!(
        safety("ap", "Chicago (AP) — The council met."),
        Some(Safety::Safe)
    );
    assert_eq!(
        safety("ap", "BOSTON (AP) - The mayor spoke."),
        Some(Safety::Safe)
    );
    assert_eq!(
        safety("ap", "DENVER, CO (AP) — A storm hit."),
        Some(Safety::Review)
    );
    assert_eq!(
        safety("reuters", "BRUSSELS, Sept. 12 (Reuters) - Ministers met."),
        Some(Safety::Review)
    );
}

#[test]
fn reuters_dateline_rewrites() {
    for (text, found, want) in [
        (
            "BRUSSELS, Sept. 12 (Reuters) Ministers met.",
            "BRUSSELS, Sept. 12 (Reuters)",
            "BRUSSELS, Sept 12 (Reuters) -",
        ),
        (
            "KYIV, 18th Nov - Blackouts.",
            "KYIV, 18th Nov -",
            "KYIV, Nov 18 (Reuters) -",
        ),
        (
            "LONDON, Oct 14 (Reuters): Britain's economy grew.",
            "LONDON, Oct 14 (Reuters):",
            "LONDON, Oct 14 (Reuters) -",
        ),
        (
            "LONDON, October 14 (Reuters) - Britain's economy grew.",
            "LONDON, October 14 (Reuters) -",
            "LONDON, Oct 14 (Reuters) -",
        ),
        (
            "DENVER, CO (AP) — A storm hit.",
            "DENVER, CO (AP) —",
            "DENVER, Colorado, Nov 26 (Reuters) -",
        ),
        (
            "TOKYO (AP) — Kanto said.",
            "TOKYO (AP) —",
            "TOKYO, Nov 26 (Reuters) -",
        ),
        (
            "Washington, Nov 26: Officials met.",
            "Washington, Nov 26:",
            "WASHINGTON, Nov 26 (Reuters) -",
        ),
    ] {
        assert_eq!(one("reuters", text), pair(found, want), "{text}");
    }
}

#[test]
fn reuters_correct_datelines_are_left_alone() {
    for text in [
        "KYIV, Nov 18 (Reuters) - Ukraine's state grid operator imposed blackouts.",
        "ARNHEM, Netherlands, May 16 (Reuters) - Police said.",
        "LONDON, Oct 14 (Reuters) – Britain's economy grew.",
        "BRUSSELS, Sept 12 (Reuters) — Ministers met.",
        "WASHINGTON, March 3 (Reuters) - The Senate met.",
    ] {
        assert_eq!(findings("reuters", text, None), [], "{text}");
    }
}

#[test]
fn reuters_dateline_date_against_the_story_date() {
    let text = "KYIV, Nov 17 (Reuters) - Officials said.";
    let at = |y, m, d| Some(Date::constant(y, m, d));
    // The dateline gives the story's date: nothing to compare.
    assert_eq!(findings("reuters", text, None), []);
    // Front matter gives the date.
    let fm = "---\ndate: 2025-11-26\n---\nKYIV, Nov 17 (Reuters) - Officials said.\n";
    let f = findings("reuters", fm, None);
    assert_eq!(
        f,
        [(
            "reuters.dateline.date".to_string(),
            "Nov 17".to_string(),
            "Nov 26".to_string()
        )]
    );
    let ok = "---\ndate: 2025-11-18\n---\nKYIV, Nov 17 (Reuters) - Officials said.\n";
    assert_eq!(findings("reuters", ok, at(2025, 11, 18)), []);
    let d = doc(fm, None);
    let sev: Vec<Level> = engine("reuters")
        .check(&d, &Settings::default())
        .into_iter()
        .filter(|f| f.rule == "reuters.dateline.date")
        .map(|f| f.severity)
        .collect();
    assert_eq!(sev, [Level::Info]);
}

#[test]
fn ap_body_states() {
    for (text, found, want) in [
        (
            "TOKYO (AP) — The plant near Savannah, Ga., will open.",
            "Savannah, Ga.",
            "Savannah, Georgia",
        ),
        (
            "DENVER (AP) — The University of Colorado in Boulder, Colo., canceled classes.",
            "Boulder, Colo.,",
            "Boulder",
        ),
        (
            "TOKYO (AP) — It has offices in Denver, Colo., and Tokyo.",
            "Denver, Colo.,",
            "Denver",
        ),
        (
            "TOKYO (AP) — The plant is in Toledo, OH and employs 300.",
            "Toledo, OH",
            "Toledo, Ohio",
        ),
        (
            "BOSTON (AP) — She grew up in Kansas City, Mo.",
            "Kansas City, Mo.",
            "Kansas City, Missouri.",
        ),
        (
            "BOSTON (AP) — She grew up in Kansas City, Mo. Then she moved.",
            "Kansas City, Mo.",
            "Kansas City, Missouri.",
        ),
        (
            "BOSTON (AP) — She moved to Plainsboro, NJ, last year.",
            "Plainsboro, NJ",
            "Plainsboro, New Jersey",
        ),
        (
            "COLUMBUS, Ohio (AP) — He was born in Cleveland, Ohio, in 1950.",
            "Cleveland, Ohio,",
            "Cleveland",
        ),
        (
            "TOKYO (AP) — It opened an office in Seattle, Washington, in May.",
            "Seattle, Washington,",
            "Seattle",
        ),
        (
            "TOKYO (AP) — It opened an office in Washington, DC, in May.",
            "Washington, DC,",
            "Washington",
        ),
        (
            "TOKYO (AP) — The plant in Rio de Janeiro, N.M., closed.",
            "Rio de Janeiro, N.M.",
            "Rio de Janeiro, New Mexico",
        ),
    ] {
        assert_eq!(one("ap", text), pair(found, want), "{text}");
    }
}

#[test]
fn ap_body_states_traps() {
    for text in [
        "BOSTON (AP) — Similar conversions are under way in New York and Chicago.",
        "BOSTON (AP) — The festival in Paris, Texas, drew thousands.",
        "BOSTON (AP) — She moved to Washington, D.C., in 2019.",
        "BOSTON (AP) — The plant in Reno, Nevada, employs 300.",
        "BOSTON (AP) — Plants in Tennessee, Kentucky and Ohio closed.",
        "BOSTON (AP) — Talks in Tbilisi, Georgia, stalled.",
        "ATLANTA (AP) — Talks in Tbilisi, Georgia, stalled.",
        "BOSTON (AP) — Sen. John Cornyn, Texas's senior senator, spoke.",
        "BOSTON (AP) — Rep. Jane Doe, D-Ga., spoke.",
        "BOSTON (AP) — “I love Savannah, Ga.,” she said.",
        // Postal codes that are words need a known city.
        "BOSTON (AP) — Then Smith said, OK, we go.",
        "BOSTON (AP) — Files from Jones, IN and OUT, were lost.",
        "BOSTON (AP) — Everyone was there, ME included.",
    ] {
        assert_eq!(findings("ap", text, None), [], "{text}");
    }
}

#[test]
fn no_body_state_findings_inside_the_dateline_or_headline() {
    let text = "Storm hits Boulder, Colo., schools\nBOULDER, Colo. (AP) — Snow fell.\n";
    assert_eq!(findings("ap", text, None), []);
    // The dateline's state counts even when the dateline itself is flagged.
    let text = "DENVER, CO (AP) — The University of Colorado in Boulder, Colo., canceled classes.";
    let f = findings("ap", text, None);
    assert_eq!(f.len(), 2);
    assert_eq!(
        (f[1].1.as_str(), f[1].2.as_str()),
        ("Boulder, Colo.,", "Boulder")
    );
}

#[test]
fn reuters_body_states() {
    let f = findings(
        "reuters",
        "HOUSTON, Nov 26 (Reuters) - Plants in Austin, TX, and Savannah, Ga., closed.",
        None,
    );
    assert_eq!(
        f,
        [
            (
                "reuters.usage.postal-codes".to_string(),
                "Austin, TX".to_string(),
                "Austin, Texas".to_string()
            ),
            (
                "reuters.usage.state-abbreviations".to_string(),
                "Savannah, Ga.".to_string(),
                "Savannah, Georgia".to_string()
            ),
        ]
    );
}

#[test]
fn no_dateline_no_finding() {
    let text = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76%.\n";
    assert_eq!(findings("ap", text, None), []);
    assert_eq!(findings("reuters", text, None), []);
}

#[test]
fn odd_input_never_panics() {
    let text = "SÃO PAULO,\u{a0}Brazil (AP)—“Quote” in Savannah,\u{a0}Ga., and\u{2003}Boulder, Colo. 🙂 Toledo, OH\nÉCOLE, 31st Feb (Reuters) :\u{a0}Kyiv, Nov 18, 2025 (\n";
    let mut ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    ends.push(text.len());
    for profile in ["ap", "reuters"] {
        let e = engine(profile);
        for &end in &ends {
            for start in [0, 1, 2].into_iter().filter(|s| text.is_char_boundary(*s)) {
                if start <= end {
                    let d = doc(&text[start..end], None);
                    let _ = e.check(&d, &Settings::default());
                }
            }
        }
    }
}
