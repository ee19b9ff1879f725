//! The language server adapter.

use std::process::ExitCode;

pub fn run() -> ExitCode {
    eprintln!("copydesk lsp: not built yet");
    ExitCode::from(2)
}
