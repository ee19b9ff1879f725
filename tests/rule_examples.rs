//! Every rule's documented examples, executed through the same library function as
//! `copydesk rules --test`: a rule can't ship broken or undocumented.

use copydesk::engine::examples::test_examples;
use copydesk::{Engine, RuleSet};

#[test]
fn every_rule_example_holds() {
    let mut failures = Vec::new();
    let mut examples = 0;
    for pack in copydesk::rules::builtin_packs() {
        let report = test_examples(&Engine::new(RuleSet::builtin(pack).expect("pack loads")));
        examples += report.examples;
        failures.extend(report.failures.iter().map(|f| format!("{pack}: {f}")));
    }
    assert!(examples > 200, "only {examples} examples ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
