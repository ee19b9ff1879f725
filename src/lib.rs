//! copydesk: a copy desk for news copy.
//!
//! This library is the engine, and it is protocol-free: text, documents, rules, matching,
//! findings and fixes. It imports nothing from the language-server library, the async runtime,
//! the HTTP libraries, the command-line parser or the file system; the `copydesk` binary's
//! `lsp`, `cli` and `serve` modules are thin adapters that convert at the edge (a test keeps
//! this true).
//!
//! Data flows one way: text → [`Document`] (line index, regions, date) →
//! [`Engine::check`] → [`Finding`]s, each with zero or more [`Fix`]es.

pub mod config;
pub mod document;
pub mod engine;
pub mod finding;
pub mod rules;
pub mod text;

pub use document::{Document, DocumentOptions, Format};
pub use engine::{
    Applied, Edit, Engine, FIX_PASSES, Finding, Fix, FixMode, Fixed, Reuse, Settings, apply_fixes,
};
pub use rules::{Category, Level, Rule, RuleError, RuleSet, Safety, Source};
pub use text::{Encoding, LineIndex, Position};
