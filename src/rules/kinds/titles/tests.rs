//! Tests of the titles kind as a whole: a seed story, and odd input through every check.

use crate::rules::Level;
use crate::rules::kinds::test_support::{NOV_26, graded, one_at};

#[test]
fn seed_story_former_sitting_president() {
    let text = std::fs::read_to_string("../shared/seed/washington-peace-talks-2025-11-26.txt")
        .unwrap_or_else(|_| {
            "Daijiworld Media Network - Washington\nWashington, Nov 26: Former US President Donald Trump has dispatched senior negotiators.\n".to_string()
        });
    assert_eq!(
        graded("ap", "ap.titles.current", &text, NOV_26),
        one_at(
            "Former US President Donald Trump",
            "US President Donald Trump",
            Level::Error
        )
    );
}

#[test]
fn bad_input_never_panics() {
    for text in [
        "",
        "President",
        "Former",
        "the",
        "Mr.",
        "President-elect",
        "then-",
        "Sgt. A.",
        "Former US President",
        "“President” “Donald Trump”",
        "Presidents and",
        "a, , President of",
        "Gov. 🙂 Jane",
        "President Donald Trump's",
    ] {
        for rule in [
            "ap.titles.current",
            "ap.titles.capitalize",
            "ap.titles.lowercase-after",
            "ap.titles.courtesy",
        ] {
            let _ = graded("ap", rule, text, NOV_26);
        }
    }
}

#[test]
fn a_portfolio_before_a_bare_title_names_another_office() {
    let date = jiff::civil::date(2024, 6, 1);
    let current = |t: &str| graded("ap", "ap.titles.current", t, date);
    // Foreign minister until 2023: "Minister" alone is that office, "Welfare Minister" is not.
    assert_eq!(
        current("Minister Mevlut Cavusoglu said so."),
        one_at(
            "Minister Mevlut Cavusoglu",
            "Former Minister Mevlut Cavusoglu",
            Level::Error
        )
    );
    for text in [
        "Welfare Minister Mevlut Cavusoglu said so.",
        "Welfare Minister Kang Kyung-wha said so.",
    ] {
        assert_eq!(current(text), vec![], "{text}");
    }
    // The office named in full still counts.
    assert_eq!(
        current("Foreign Minister Mevlut Cavusoglu said so."),
        one_at(
            "Foreign Minister Mevlut Cavusoglu",
            "Former Foreign Minister Mevlut Cavusoglu",
            Level::Error
        )
    );
}
