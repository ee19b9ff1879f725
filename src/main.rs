//! The `copydesk` binary: the command-line checker, the language server and the HTTP server,
//! thin adapters over the engine.

mod cli;
mod dictionary;
mod files;
mod lsp;
mod project;
mod serve;

#[cfg(all(unix, not(target_env = "musl")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
