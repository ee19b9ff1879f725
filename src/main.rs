//! The `copydesk` binary: the command-line checker, the language server and the HTTP server,
//! thin adapters over the engine.

mod cli;
mod dictionary;
mod files;
mod lsp;
mod project;
mod serve;

fn main() -> std::process::ExitCode {
    cli::main()
}
