//! The vocabularies the name and title readers use — words that are never names, name
//! particles and suffixes, honorifics and courtesy titles, the function words before a lowercase
//! title, words that are no surname — read from the `[[set]]` tables of the packs
//! (`rules/common/vocabulary.toml`), so a newsroom can tune them as data.

use std::collections::HashMap;

use crate::text::FxHashSet;

/// The sets by the names the readers look for.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Capitalised words that are never part of a person's name (`Monday`, `The`, `Inc.`).
    pub(crate) not_name: FxHashSet<String>,
    /// Lowercase particles inside a name (`von`, `da`).
    pub(crate) particles: FxHashSet<String>,
    /// Suffixes after a name (`Jr.`, `III`).
    pub(crate) suffixes: FxHashSet<String>,
    /// Words before a name that are not part of it (`Mr.`, `Lord`, `Sir`).
    pub(crate) honorifics: FxHashSet<String>,
    /// Courtesy titles (`Mr.`, `Mrs.`, `Ms.`, `Miss`, `Messrs.`).
    pub(crate) courtesy: FxHashSet<String>,
    /// Words after which a lowercase title is not part of a longer description (`said`).
    pub(crate) title_function_words: FxHashSet<String>,
    /// Words after a courtesy title that are not surnames (`Bean` of "Mr. Bean").
    pub(crate) not_surnames: FxHashSet<String>,
    /// Nouns after a surname that make it a modifier ("the Blair government"), lowercase.
    pub(crate) attributive: FxHashSet<String>,
    /// Lowercase words before a title that belong to a longer description ("shadow
    /// chancellor", "team captain").
    pub(crate) title_descriptors: FxHashSet<String>,
}

impl Vocabulary {
    /// The vocabulary from the sets of a rule set; a set no pack gives is empty.
    pub(crate) fn from_sets(sets: &HashMap<String, Vec<String>>) -> Self {
        let set = |name: &str| -> FxHashSet<String> {
            sets.get(name)
                .map(|w| w.iter().cloned().collect())
                .unwrap_or_default()
        };
        Vocabulary {
            not_name: set("not-name"),
            particles: set("name-particle"),
            suffixes: set("name-suffix"),
            honorifics: set("honorific"),
            courtesy: set("courtesy-title"),
            title_function_words: set("title-function-word"),
            not_surnames: set("not-surname"),
            attributive: set("attributive-noun"),
            title_descriptors: set("title-descriptor"),
        }
    }
}
