//! The language server adapter: `copydesk lsp` over standard input and output.
//!
//! - `server`: the protocol handlers, thin; the shared state and each document's checker task
//! - `documents`: open documents in ropes, incremental changes
//! - `analysis`: one check of one document version (run on a blocking thread)
//! - `convert`: byte ranges ↔ LSP positions through the engine's `LineIndex`; diagnostics
//! - `actions`: quick fixes, fix all, ignore-this-rule, add-to-dictionary
//! - `hover`: rule explanations and who a known name is
//! - `log`: logs as `window/logMessage` of their level
//! - `settings`: the editor's settings object
//! - `transport`: a guard that keeps malformed input from stopping the server
//! - `workspace`: projects on disk (`copydesk.toml`, rule folders, dictionary), hot reload
//! - `watch`: the server's own file watcher, for clients that watch no files for it
//!
//! Every LSP-library import of the crate lives under this module.

mod actions;
mod analysis;
mod convert;
mod documents;
mod hover;
mod log;
mod server;
mod settings;
mod transport;
mod watch;
mod workspace;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tower_lsp_server::{LspService, Server};

/// Logs go to the editor as `window/logMessage` of their level (standard output carries the
/// protocol). `COPYDESK_LOG` sets the filter, e.g. `COPYDESK_LOG=copydesk=debug`, and sends
/// the logs to standard error as well.
fn init_logging() {
    use tracing_subscriber::prelude::*;
    let explicit = std::env::var_os("COPYDESK_LOG").is_some();
    let filter = tracing_subscriber::EnvFilter::try_from_env("COPYDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,copydesk=info"));
    let stderr = explicit.then(|| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(false)
    });
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(log::ClientLog)
        .with(stderr)
        .try_init();
}

/// Runs the server until the client sends `exit` or closes its end. The exit code is 0 after
/// an orderly `shutdown`, 1 otherwise (as the protocol asks).
pub fn run() -> ExitCode {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // One blocking thread reads stdin for good; the other runs checks (CPU-bound, one at a
        // time is enough) and writes. More threads only multiply per-thread allocator arenas
        // and regex caches: resident memory after 1,000 documents grew 56% with eight, 24% with two.
        .max_blocking_threads(2)
        .thread_name("copydesk-lsp")
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("copydesk lsp: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    runtime.block_on(async move {
        let backend_flag = flag.clone();
        let (published_tx, published) = tokio::sync::mpsc::channel(64);
        let (service, socket) = LspService::new(move |client| {
            server::Backend::new(client, backend_flag.clone(), published_tx.clone())
        });
        let (to_server, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, from_server) = tokio::io::duplex(1 << 16);
        let (replies_tx, replies) = tokio::sync::mpsc::channel(16);
        let (frames_tx, frames) = tokio::sync::mpsc::channel(64);
        let limits = transport::Limits::from_env();
        let ended = flag.clone();
        tokio::spawn(async move {
            transport::guard_input(tokio::io::stdin(), to_server, replies_tx, limits).await;
            // The client has gone or said `exit`: whatever the server still waits for (a reply
            // the client will never send, a check in progress), the process ends within a
            // second.
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_secs(1));
                std::process::exit(if ended.load(Ordering::SeqCst) { 0 } else { 1 });
            });
        });
        tokio::spawn(transport::read_frames(from_server, frames_tx));
        let writer = tokio::spawn(transport::write_output(
            transport::stdout(),
            frames,
            published,
            replies,
        ));
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
        // Everything the server wrote goes out before the process ends.
        let _ = writer.await;
    });
    // Standard input is read on a blocking thread that cannot be interrupted: do not wait
    // for it.
    runtime.shutdown_timeout(Duration::from_millis(100));
    if shutdown.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
