//! Hostile rule and config files: each is rejected with an error naming the file, line and
//! column, or loads with its cost bounded; none hangs (every case is timed) and none allocates
//! without bound (files, entries, patterns and compiled regexes all have limits). A project's
//! config can only name rule folders, words and globs: nothing in it runs, and the one file
//! copydesk writes (the house dictionary) must lie inside the project.

use std::time::{Duration, Instant};

use copydesk::config::Config;
use copydesk::rules::{MAX_ENTRIES, MAX_FILE_BYTES};
use copydesk::{Document, DocumentOptions, Engine, Format, RuleSet, Settings, Source};

const PATH: &str = "house/rules.toml";
/// Generous for a debug build on a loaded machine (the figures in docs/reliability.md are a
/// fraction of it); a hang would take far longer.
const BUDGET: Duration = Duration::from_secs(15);

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    assert!(t.elapsed() < BUDGET, "{what} took {:?}", t.elapsed());
    out
}

fn load(text: &str) -> Result<RuleSet, String> {
    timed("loading", || {
        RuleSet::load(&[Source {
            path: PATH.into(),
            text: text.into(),
        }])
    })
    .map_err(|e| e.to_string())
}

fn load_err(text: &str) -> String {
    match load(text) {
        Ok(_) => panic!("a hostile file loaded"),
        Err(e) => e,
    }
}

/// A complete substitution rule with the given extra lines (from line 9).
fn rule(body: &str) -> String {
    format!(
        "[[rule]]\nid = \"house.x\"\nkind = \"substitution\"\ncategory = \"usage\"\n\
         level = \"warning\"\nmessage = \"m\"\nexplanation = \"e\"\nsource = \"s\"\n{body}\n"
    )
}

fn pattern(find: &str) -> String {
    rule(&format!(
        "patterns = [ {{ find = '''{find}''', replace = \"x\" }} ]"
    ))
}

#[test]
fn an_enormous_alternation_is_rejected() {
    let words: Vec<String> = (0..400).map(|i| format!("word{i}")).collect();
    assert_eq!(
        load_err(&pattern(&words.join("|"))),
        "house/rules.toml:9:25: rule `house.x`: pattern is 3089 bytes; patterns are limited to 2000"
    );
}

#[test]
fn a_pattern_that_compiles_too_big_is_rejected() {
    assert_eq!(
        load_err(&pattern(r"(?:\w{100}){100}")),
        "house/rules.toml:9:25: rule `house.x`: pattern is too costly to compile: it weighs \
         about 27050000, and the patterns of a rule set may weigh 2000000 in all (a class such as \
         `\\w` weighs about 2,700, `\\w{60}` sixty times that); use fewer patterns, or ASCII \
         classes such as `[A-Za-z]` or `(?-u:\\w)`"
    );
}

#[test]
fn many_costly_patterns_are_rejected_before_compiling_at_their_place() {
    // A thousand `\w{60}` patterns, each compiling to megabytes: the rule file is named at the
    // pattern that goes over the budget, before any more are compiled.
    let mut text = rule("patterns = [");
    for i in 0..1000 {
        text.push_str(&format!(
            "  {{ find = 'x{i}\\w{{60}}', replace = \"x\" }},\n"
        ));
    }
    text.push_str("]\n");
    let started = Instant::now();
    let e = load_err(&text);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(
        e.starts_with(
            "house/rules.toml:22:12: rule `house.x`: pattern is too costly to compile with the \
             patterns before it (they weigh 1947650)"
        ),
        "{e}"
    );
}

#[test]
fn huge_counted_repetitions_are_rejected() {
    for find in [r"a{20000}", r"[a-z]{5,1001}", r"(?:ab){0,99999}x"] {
        let n = find
            .trim_end_matches('x')
            .rsplit([',', '{'])
            .next()
            .unwrap_or("")
            .trim_end_matches('}');
        assert_eq!(
            load_err(&pattern(find)),
            format!(
                "house/rules.toml:9:25: rule `house.x`: counted repetition {{{n}}} is over 1000; a search costs the pattern's size times the text's"
            )
        );
    }
    // Braces in escapes and classes are not repetitions.
    load(&pattern(r"\x{2014}[{]\p{Lu}{2}")).expect("loads");
}

#[test]
fn deeply_nested_groups_are_rejected() {
    let nested = format!("{}a{}", "(".repeat(100), ")".repeat(100));
    assert_eq!(
        load_err(&pattern(&nested)),
        "house/rules.toml:9:25: rule `house.x`: bad pattern: exceed the maximum number of nested parentheses/brackets (64)"
    );
}

#[test]
fn deeply_nested_toml_is_rejected() {
    let arrays = format!("x = {}1{}", "[".repeat(5000), "]".repeat(5000));
    assert_eq!(
        load_err(&arrays),
        "house/rules.toml:1:85: cannot recurse further; max recursion depth met"
    );
    let tables = format!("x = {}1{}", "{a=".repeat(5000), "}".repeat(5000));
    assert_eq!(
        load_err(&tables),
        "house/rules.toml:1:245: cannot recurse further; max recursion depth met"
    );
}

/// Patterns that backtracking engines take exponential time on run in linear time here.
#[test]
fn pathological_patterns_run_in_linear_time() {
    for find in [r"(a*)*b", r"(a|aa)*c", r"(?:a+)+$", r"a{1000}"] {
        let set = load(&pattern(find)).unwrap_or_else(|e| panic!("{find}: {e}"));
        let engine = Engine::new(set);
        let story = format!("{}!", "a".repeat(20_000));
        let opts = DocumentOptions {
            format: Format::Plain,
            date: None,
            today: jiff::civil::date(2025, 11, 26),
            committed: None,
        };
        let doc = Document::new(story, &opts);
        let t = Instant::now();
        let n = timed(find, || engine.check(&doc, &Settings::default()).len());
        eprintln!("{find}: {:?}", t.elapsed());
        assert_eq!(n, usize::from(find == "a{1000}") * 20, "{find}");
    }
}

#[test]
fn a_huge_file_is_rejected_before_it_is_parsed() {
    let huge = format!("# {}\n", "x".repeat(MAX_FILE_BYTES));
    assert_eq!(
        load_err(&huge),
        "house/rules.toml:1:1: file is 8388611 bytes; rule files are limited to 8388608"
    );
}

#[test]
fn too_many_entries_are_rejected() {
    let entries: Vec<String> = (0..=MAX_ENTRIES)
        .map(|i| format!("{{ find = \"t{i}\", replace = \"x\" }}"))
        .collect();
    assert_eq!(
        load_err(&rule(&format!("terms = [ {} ]", entries.join(",")))),
        "house/rules.toml:1:1: too many entries (more than 200000) in the rule files"
    );
    // Strings of one term's `find` list count one by one.
    let finds: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("\"t{i}\"")).collect();
    assert_eq!(
        load_err(&rule(&format!(
            "terms = [ {{ find = [{}], replace = \"x\" }} ]",
            finds.join(",")
        ))),
        "house/rules.toml:1:1: too many entries (more than 200000) in the rule files"
    );
}

#[test]
fn unknown_keys_are_rejected() {
    assert_eq!(
        load_err(&rule("colour = \"red\"")),
        "house/rules.toml:1:1: unknown field `colour`, expected `terms` or `patterns`"
    );
    assert_eq!(
        load_err("[[script]]\nrun = \"rm -rf /\"\n"),
        "house/rules.toml:1:3: unknown field `script`, expected one of `pack`, `rule`, `entity`, \
         `term`, `state`, `city`, `title`, `spelling`, `amend`, `set`"
    );
    // An amendment of a rule that no earlier file defines, or of a field it cannot change.
    assert_eq!(
        load_err("\n[[amend]]\nid = \"house.nothing\"\nsource = \"x\"\n"),
        "house/rules.toml:3:6: amend: no rule `house.nothing` is loaded before this file"
    );
    assert_eq!(
        load_err("[[amend]]\nid = \"ap.usage.us\"\nterms = []\n"),
        "house/rules.toml:3:1: unknown field `terms`, expected one of `id`, `level`, `explanation`, \
         `source`, `unverified`"
    );
}

#[test]
fn wrong_types_are_rejected() {
    assert_eq!(
        load_err(&rule("terms = 3")),
        "house/rules.toml:1:1: invalid type: integer `3`, expected a sequence"
    );
    assert_eq!(
        load_err(&rule("").replace("\"warning\"", "\"loud\"")),
        "house/rules.toml:5:9: unknown variant `loud`, expected one of `off`, `hint`, `info`, `warning`, `error`"
    );
}

/// A rule whose kind lines are given, as a second `[[rule]]` table (line 10), so that an error
/// is located at that table.
fn kind_rule(kind: &str) -> String {
    format!(
        "{}[[rule]]\n{kind}\nid = \"house.y\"\ncategory = \"number\"\nmessage = \"m\"\n",
        rule("terms = [{ find = \"a\", replace = \"b\" }]")
    )
}

#[test]
fn kinds_and_checks_are_typed() {
    let at = "house/rules.toml:10:1:";
    assert_eq!(
        load_err(&kind_rule("kind = \"number\"\ncheck = \"ages\"")),
        format!(
            "{at} unknown variant `number`, expected one of `substitution`, `existence`, \
             `names`, `titles`, `dateline`, `dates`, `numbers`, `reference`, `punctuation`, \
             `usage`"
        )
    );
    assert_eq!(
        load_err(&kind_rule("kind = \"numbers\"\ncheck = \"age\"")),
        format!(
            "{at} unknown variant `age`, expected one of `spell-out`, `figures`, \
             `sentence-start`, `ages`, `money`, `thousands`, `ordinals`, `measures`"
        )
    );
    assert_eq!(
        load_err(&kind_rule("kind = \"numbers\"")),
        format!("{at} missing field `check`")
    );
    // A key another kind reads is a stray key here.
    assert_eq!(
        load_err(&kind_rule(
            "kind = \"numbers\"\ncheck = \"ages\"\nterms = [{ find = \"x\" }]"
        )),
        format!("{at} unknown field `terms`, expected `params`")
    );
    assert_eq!(
        load_err(&kind_rule(
            "kind = \"dateline\"\ncheck = \"date\"\ndateline = { credit = \"(X)\", separator = \"-\" }"
        )),
        format!("{at} unknown field `dateline`, expected `params`")
    );
    assert_eq!(
        load_err(&kind_rule("kind = \"dateline\"\ncheck = \"format\"")),
        format!("{at} missing field `dateline`")
    );
    assert_eq!(
        load_err(&kind_rule("kind = \"names\"\ncheck = \"consistency\"")),
        format!("{at} unknown field `check`, expected `params`")
    );
}

#[test]
fn check_parameters_are_typed() {
    let at = "house/rules.toml:10:1:";
    assert_eq!(
        load_err(&kind_rule(
            "kind = \"dateline\"\ncheck = \"date\"\nparams = { days_before = \"one\" }"
        )),
        format!("{at} invalid type: string \"one\", expected u8")
    );
    assert_eq!(
        load_err(&kind_rule(
            "kind = \"numbers\"\ncheck = \"spell-out\"\nparams = { befor = [\"No.\"] }"
        ))
        .split(", expected")
        .next()
        .unwrap(),
        format!("{at} unknown field `befor`")
    );
    assert_eq!(
        load_err(&kind_rule(
            "kind = \"titles\"\ncheck = \"courtesy\"\nparams = { courtesy = \"Mr.\" }"
        )),
        format!("{at} invalid type: string \"Mr.\", expected a sequence")
    );
    // The same rules with good parameters load.
    for good in [
        "kind = \"dateline\"\ncheck = \"date\"\nparams = { days_before = 2 }",
        "kind = \"numbers\"\ncheck = \"spell-out\"\nparams = { before = [\"No.\"] }",
        "kind = \"titles\"\ncheck = \"courtesy\"\nparams = { courtesy = [\"Mr.\"] }",
        "kind = \"names\"",
    ] {
        assert!(load(&kind_rule(good)).is_ok(), "{good}");
    }
}

fn config_err(text: &str) -> String {
    match Config::parse("copydesk.toml", text) {
        Ok(_) => panic!("{text:?} parsed"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_config_names_only_folders_words_and_globs() {
    assert_eq!(
        config_err("command = \"rm -rf /\""),
        "copydesk.toml:1:1: unknown field `command`, expected one of `profile`, `rules`, \
         `accept`, `dictionary`, `date`, `include`, `exclude`, `extensions`, `levels`, `override`"
    );
    assert_eq!(
        config_err("profile = 3"),
        "copydesk.toml:1:11: invalid type: integer `3`, expected a string"
    );
    // The dictionary is the one file copydesk writes: it must be inside the project.
    assert_eq!(
        config_err("dictionary = \"/home/me/.bashrc\""),
        "copydesk.toml:1:14: dictionary: `/home/me/.bashrc` must be a path inside the project \
         (relative, without `..`)"
    );
    assert_eq!(
        config_err("\ndictionary = \"words/../../x.txt\""),
        "copydesk.toml:2:14: dictionary: `words/../../x.txt` must be a path inside the project \
         (relative, without `..`)"
    );
    // ... and a word list, not the project file or a rule file.
    assert_eq!(
        config_err("dictionary = \"copydesk.toml\""),
        "copydesk.toml:1:14: dictionary: `copydesk.toml` is a TOML file (the project's or a rule \
         file); the dictionary is a text file of words, one a line"
    );
    let ok = Config::parse("copydesk.toml", "dictionary = \"./desk/words.txt\"").expect("parses");
    assert_eq!(ok.dictionary.as_deref(), Some("./desk/words.txt"));
}
