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
