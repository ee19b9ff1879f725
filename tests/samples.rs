//! The sample stories in ../shared/samples: every required expected finding is found (same
//! line, overlapping span, same category), and no trap is hit.

mod support;

use std::path::Path;

#[test]
fn samples_recall_and_traps() {
    let (problems, _) = support::expected::check(Path::new("../shared/samples"), &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
