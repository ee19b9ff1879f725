//! The `copydesk` binary: the command-line checker and the language server, both thin adapters
//! over the engine.

mod cli;
mod dictionary;
mod files;
mod lsp;
mod project;

fn main() -> std::process::ExitCode {
    cli::main()
}
