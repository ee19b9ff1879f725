//! The HTTP adapter: `copydesk serve`, the copy desk for a newsroom's CMS and browsers.
//!
//! - `desk`: the project the server was started in, and one request's profile, date and
//!   levels layered by the project service, as `copydesk check` layers them
//! - `v1`: copydesk's own API (`/v1/check`, `/v1/fix`, `/v1/rules`, `/v1/explain/…`)
//! - `lt`: LanguageTool's `/v2/check` and `/v2/languages`, for LanguageTool clients
//! - `error`: 4xx and 5xx answers with a body that says what was wrong
//! - `page`: the page at `/`, embedded in the binary
//!
//! Every request stands alone: what it is checked with comes from the project file read at
//! start and the request itself. Checks run on blocking threads, a few at a time. Every
//! HTTP-library import of the crate lives under this module. docs/serve.md is the contract.

mod desk;
mod error;
mod lt;
mod page;
mod v1;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::Semaphore;

pub(crate) use desk::Desk;
use error::HttpError;

/// `copydesk serve`'s options.
#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8081")]
    pub listen: SocketAddr,
    /// Use this project file instead of the nearest `copydesk.toml` above the working folder.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The largest request body accepted, in bytes; a larger one is answered 413.
    #[arg(long, default_value_t = 2 * 1024 * 1024, value_name = "BYTES")]
    pub max_body: usize,
    /// Requests handled at once; one more is answered 503 at once.
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub max_requests: usize,
    /// Stories checked at once (default: one per core); other requests wait their turn.
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
}

/// What every handler shares: the project, and the limits.
pub(crate) struct AppState {
    pub desk: Desk,
    /// One permit a story being checked.
    pub checks: Semaphore,
    /// One permit a request being handled.
    pub requests: Arc<Semaphore>,
    pub max_body: usize,
}

pub(crate) type Shared = Arc<AppState>;

impl AppState {
    /// Runs `work` on a blocking thread once a check permit is free. A panic in it is an
    /// internal error, not the end of the server.
    pub async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, HttpError> + Send + 'static,
    ) -> Result<T, HttpError> {
        let _permit = self
            .checks
            .acquire()
            .await
            .map_err(|_| HttpError::unavailable("the server is shutting down"))?;
        match tokio::task::spawn_blocking(work).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!("a check failed: {e}");
                Err(HttpError::internal())
            }
        }
    }
}

/// Logs as lines on standard error; `COPYDESK_LOG` sets the filter (default: warnings, and
/// copydesk's own information, one line a request).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("COPYDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,copydesk=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// The routes, over `state`.
pub(crate) fn router(state: Shared) -> Router {
    let max_body = state.max_body;
    Router::new()
        .route("/", get(page::index))
        .route("/app.css", get(page::css))
        .route("/app.js", get(page::js))
        .route("/healthz", get(v1::healthz))
        .route("/v1/check", post(v1::check))
        .route("/v1/fix", post(v1::fix))
        .route("/v1/rules", get(v1::rules))
        .route("/v1/profiles", get(v1::profiles))
        .route("/v1/explain/{what}", get(v1::explain))
        .route("/v2/check", post(lt::check).get(lt::check))
        .route("/v2/languages", get(lt::languages))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn_with_state(state.clone(), admit))
        .with_state(state)
}

async fn not_found() -> HttpError {
    HttpError::not_found("no such endpoint; see docs/serve.md")
}

async fn method_not_allowed() -> HttpError {
    HttpError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not take that method; see docs/serve.md",
    )
}

/// Admits a request while fewer than `--max-requests` are being handled (else 503), and logs
/// it when it is answered.
async fn admit(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let response = match state.requests.clone().try_acquire_owned() {
        Ok(permit) => {
            let r = next.run(req).await;
            drop(permit);
            r
        }
        Err(_) => HttpError::unavailable("the server is handling as many requests as it may")
            .into_response(),
    };
    tracing::info!(
        "{method} {path} {} {:.1} ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// Resolves when the process is asked to stop: SIGTERM or ctrl-c.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    tracing::info!("shutting down: finishing the requests in hand");
}

/// Runs the server until SIGTERM or ctrl-c, then finishes the requests in hand. Exit status 0
/// after an orderly stop, 2 when the project or the address is unusable.
pub(crate) fn run(args: &ServeArgs) -> ExitCode {
    init_logging();
    let desk = match Desk::open(args.config.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(jobs + 2)
        .thread_name("copydesk-serve")
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let state = Arc::new(AppState {
        desk,
        checks: Semaphore::new(jobs),
        requests: Arc::new(Semaphore::new(args.max_requests.max(1))),
        max_body: args.max_body,
    });
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(args.listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot listen on {}: {e}", args.listen);
                return ExitCode::from(2);
            }
        };
        let addr = listener.local_addr().unwrap_or(args.listen);
        eprintln!("copydesk serve: listening on http://{addr}");
        tracing::info!(
            "profile {} from {}, {jobs} checks at once, bodies up to {} bytes",
            state.desk.default_profile(),
            state.desk.origin(),
            state.max_body
        );
        let app = router(state);
        match axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await
        {
            Ok(()) => {
                tracing::info!("stopped");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        }
    })
}
