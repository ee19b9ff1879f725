//! The reader the title and reference checks share: a story read once as words, known people
//! and title phrases, whatever rules of a set ask for it.
//!
//! - [`words`]: tokens, capitals and the words of a person's name;
//! - [`people`]: every spelling of every known person in one automaton;
//! - [`lexicon`]: the titles a rule knows, and where a title of any lexicon may start;
//! - [`scan`]: the story as tokens, people and phrases (`former U.S. President Joe Biden`);
//! - [`pieces`]: that reading kept paragraph by paragraph, for the story's next version.

mod lexicon;
mod people;
mod pieces;
mod scan;
mod words;

pub(crate) use lexicon::{Lexicon, Modifier, Starts};
pub(crate) use people::People;
pub(crate) use pieces::{Parts, Pieces, Readers};
pub(crate) use scan::{Phrase, Scan, namesakes};
pub(crate) use words::{
    MAX_TOKENIZED, Name, capitalise, lower_initial, name_word, strip_possessive, upper_initial,
};
