//! The protocol handlers. Each is thin: it reads or updates the shared state in one short
//! lock and hands checking to a document's checker task, which runs the engine on a blocking
//! thread.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use copydesk::{Encoding, LineIndex, RuleError};
use serde_json::Value;
use tokio::sync::watch;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CodeActionResponse, ConfigurationItem, Diagnostic, DiagnosticOptions,
    DiagnosticServerCapabilities, DiagnosticSeverity, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentDiagnosticParams,
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, ExecuteCommandOptions,
    ExecuteCommandParams, FullDocumentDiagnosticReport, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, InitializedParams, MarkupContent,
    MarkupKind, MessageType, NumberOrString, PublishDiagnosticsParams, Registration,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport,
    ResourceOperationKind, SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, UnchangedDocumentDiagnosticReport, Uri,
};
use tower_lsp_server::{Client, LanguageServer};

use super::actions::{self, ADD_WORD, DictionaryEdit};
use super::analysis::{Analysis, Job, Status};
use super::convert;
use super::documents::{self, OpenDocument};
use super::hover;
use super::settings::ClientSettings;
use super::watch::{self as fswatch, FsWatcher};
use super::workspace::Workspace;
use crate::dictionary;

/// How long a request to the client is waited on before it is given up.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);

/// `copydesk/status`: the profile and story date a document is checked with, sent when they
/// change.
enum StatusNotification {}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct StatusParams {
    uri: Uri,
    #[serde(flatten)]
    status: Status,
}

impl lsp::notification::Notification for StatusNotification {
    type Params = StatusParams;
    const METHOD: &'static str = "copydesk/status";
}

/// How long a request waits for a document's checker before checking the text itself.
const CHECKER_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// What the client said it can do.
#[derive(Debug, Clone, Copy, Default)]
struct Caps {
    pull: bool,
    refresh: bool,
    watch_dynamic: bool,
    configuration: bool,
    apply_edit: bool,
    document_changes: bool,
    create_files: bool,
}

impl Caps {
    /// Diagnostics are offered for pulling only to a client that can also be asked to pull
    /// again (`workspace/diagnostic/refresh`): otherwise a change of settings, rules or
    /// dictionary could not reach it. Other clients get them pushed.
    fn pulls(&self) -> bool {
        self.pull && self.refresh
    }

    fn from(c: &lsp::ClientCapabilities) -> Caps {
        let ws = c.workspace.as_ref();
        let edit = ws.and_then(|w| w.workspace_edit.as_ref());
        Caps {
            pull: c
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            refresh: ws
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            watch_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            apply_edit: ws.and_then(|w| w.apply_edit).unwrap_or(false),
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            create_files: edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|r| r.contains(&ResourceOperationKind::Create)),
        }
    }
}

struct State {
    docs: HashMap<Uri, OpenDocument>,
    settings: ClientSettings,
    /// Problems in the editor's settings, shown once the client is ready.
    settings_problems: Vec<String>,
    /// Problems met in checking (an unknown profile in the editor's settings), each shown once.
    shown_problems: std::collections::HashSet<String>,
    settings_given: bool,
    encoding: Encoding,
    caps: Caps,
    /// Set once a client that was offered pulled diagnostics asks for them: from then on they
    /// are no longer pushed as well (an editor would show both), and a change of settings,
    /// rules or dictionary asks the client to pull again.
    pull_mode: bool,
}

/// State shared by the handlers and the checker tasks.
pub struct Shared {
    client: Client,
    state: Mutex<State>,
    workspace: Arc<Mutex<Workspace>>,
    /// Held while publishing, so a stale result can never be sent after a newer one or after
    /// a document's close.
    publishing: tokio::sync::Mutex<()>,
    generations: AtomicU64,
    shutdown: Arc<AtomicBool>,
    /// The server's own file watcher, when the client watches no files for it.
    watcher: Mutex<Option<FsWatcher>>,
    /// Where `textDocument/publishDiagnostics` notifications go, as bodies, straight to the
    /// writer of standard output (and the status and warnings sent with them): every one goes
    /// this way, so they keep their order.
    publish: tokio::sync::mpsc::Sender<super::transport::Body>,
}

pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    pub fn new(
        client: Client,
        shutdown: Arc<AtomicBool>,
        publish: tokio::sync::mpsc::Sender<super::transport::Body>,
    ) -> Backend {
        super::log::connect(client.clone());
        Backend {
            shared: Arc::new(Shared {
                client,
                state: Mutex::new(State {
                    docs: HashMap::new(),
                    settings: ClientSettings::default(),
                    settings_problems: Vec::new(),
                    shown_problems: std::collections::HashSet::new(),
                    settings_given: false,
                    encoding: Encoding::Utf16,
                    caps: Caps::default(),
                    pull_mode: false,
                }),
                workspace: Arc::new(Mutex::new(Workspace::default())),
                publishing: tokio::sync::Mutex::new(()),
                generations: AtomicU64::new(1),
                shutdown,
                publish,
                watcher: Mutex::new(None),
            }),
        }
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn next_generation(&self) -> u64 {
        self.generations.fetch_add(1, Ordering::Relaxed)
    }

    /// Marks a document changed and wakes its checker.
    fn touch(&self, doc: &mut OpenDocument) {
        doc.generation = self.next_generation();
        doc.trigger.send_replace(doc.generation);
    }

    /// Checks every open document again (settings, rules or dictionary changed).
    fn recheck_all(self: &Arc<Self>) {
        let refresh = {
            let mut st = self.state();
            let gens: Vec<u64> = (0..st.docs.len()).map(|_| self.next_generation()).collect();
            for (doc, g) in st.docs.values_mut().zip(gens) {
                doc.generation = g;
                doc.trigger.send_replace(g);
            }
            st.pull_mode
        };
        if refresh {
            let me = self.clone();
            tokio::spawn(async move {
                match tokio::time::timeout(CLIENT_TIMEOUT, me.client.workspace_diagnostic_refresh())
                    .await
                {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => tracing::debug!("diagnostic refresh: {e}"),
                    Err(_) => tracing::debug!("diagnostic refresh: no answer from the client"),
                }
            });
        }
    }

    /// A check of the document's current generation (or `None` if it is closed, or if
    /// `expected` is given and the document moved on).
    fn job(&self, uri: &Uri, expected: Option<u64>) -> Option<Job> {
        let st = self.state();
        let doc = st.docs.get(uri)?;
        if expected.is_some_and(|g| g != doc.generation) {
            return None;
        }
        Some(Job {
            rope: doc.rope.clone(),
            version: doc.version,
            generation: doc.generation,
            format: doc.format(uri),
            path: convert::file_path(uri),
            encoding: st.encoding,
            client: st.settings.clone(),
            workspace: self.workspace.clone(),
            pull: st.pull_mode,
            reuse: doc.reuse.clone(),
            written: doc.written.clone(),
        })
    }

    /// The check of the document's current text: the last one if still current, else the
    /// one its checker is running (waited for, not run twice); a check of its own only if the
    /// checker takes too long.
    async fn current_analysis(self: &Arc<Self>, uri: &Uri) -> Option<Arc<Analysis>> {
        let deadline = tokio::time::Instant::now() + CHECKER_WAIT;
        loop {
            let mut finished = {
                let st = self.state();
                let doc = st.docs.get(uri)?;
                if let Some(a) = &doc.analysis
                    && a.generation == doc.generation
                {
                    return Some(a.clone());
                }
                doc.finished.subscribe()
            };
            match tokio::time::timeout_at(deadline, finished.changed()).await {
                Ok(Ok(())) => continue,
                Ok(Err(_)) => return None,
                Err(_) => break,
            }
        }
        tracing::debug!(uri = uri.as_str(), "checker slow: checking here");
        let job = self.job(uri, None)?;
        let analysis = match super::analysis::on_checker(move || job.run()).await {
            Ok(a) => Arc::new(a),
            Err(e) => {
                tracing::error!("check failed: {e}");
                return None;
            }
        };
        {
            let mut st = self.state();
            if let Some(doc) = st.docs.get_mut(uri)
                && doc.generation == analysis.generation
            {
                doc.analysis = Some(analysis.clone());
                doc.finished.send_replace(analysis.generation);
            }
        }
        Some(analysis)
    }

    /// A document's checker: runs the newest generation whenever woken; older results are
    /// dropped. Bursts of edits coalesce, since only the newest generation is ever run.
    async fn checker(self: Arc<Self>, uri: Uri, mut wake: watch::Receiver<u64>) {
        while wake.changed().await.is_ok() {
            let generation = *wake.borrow_and_update();
            let Some(job) = self.job(&uri, Some(generation)) else {
                continue;
            };
            let me = self.clone();
            let at = uri.clone();
            let checked = super::analysis::on_checker(move || {
                let pushed = !job.pull;
                let a = job.run();
                // The notification is written here, on the checking thread, for a client
                // diagnostics are pushed to.
                let body = (pushed && a.is_story).then(|| a.publish_body(&at));
                // A project met for the first time gets its folders watched.
                me.watch_projects();
                (a, body)
            })
            .await;
            let (analysis, body) = match checked {
                Ok((a, body)) => (Arc::new(a), body),
                Err(e) => {
                    tracing::error!(uri = uri.as_str(), "check failed: {e}");
                    continue;
                }
            };
            let engine = analysis.engine.clone();
            self.finish(&uri, analysis, body).await;
            self.publish_load_errors().await;
            // Once its first diagnostics are out, a rule set compiles what it left for later, so
            // that memory settles at its working level and no later edit waits for a compile.
            if let Some(engine) = engine.filter(|e| !e.rules().is_prepared()) {
                tokio::spawn(super::analysis::on_checker(move || {
                    engine.rules().prepare()
                }));
            }
        }
    }

    /// Stores a finished check and publishes it (`body`, its notification, when written),
    /// unless the document moved on or closed; tells the editor the document's status when it
    /// changed.
    async fn finish(&self, uri: &Uri, analysis: Arc<Analysis>, body: Option<Vec<u8>>) {
        let _publishing = self.publishing.lock().await;
        let (push, status, problem) = {
            let mut st = self.state();
            let pull_mode = st.pull_mode;
            let problem = analysis
                .setting_problem
                .clone()
                .filter(|p| st.shown_problems.insert(p.clone()));
            let Some(doc) = st.docs.get_mut(uri) else {
                return;
            };
            if doc.generation != analysis.generation {
                tracing::trace!(version = analysis.version, "stale result dropped");
                return;
            }
            let old = doc.analysis.replace(analysis.clone());
            doc.finished.send_replace(analysis.generation);
            let status = (analysis.is_story
                && old.is_none_or(|o| !o.is_story || o.status != analysis.status))
            .then(|| analysis.status.clone());
            (!pull_mode && analysis.is_story, status, problem)
        };
        // Sent the way the diagnostics are, so the editor gets them first.
        if let Some(p) = problem {
            self.notify::<lsp::notification::ShowMessage>(ShowMessageParams {
                typ: MessageType::WARNING,
                message: format!("copydesk: {p}"),
            })
            .await;
        }
        if let Some(status) = status {
            self.notify::<StatusNotification>(StatusParams {
                uri: uri.clone(),
                status,
            })
            .await;
        }
        if push {
            let body = body.unwrap_or_else(|| analysis.publish_body(uri));
            self.send_published(body).await;
        }
    }

    /// Publishes `diagnostics` of `uri` (of no version in particular).
    async fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>) {
        self.notify::<lsp::notification::PublishDiagnostics>(PublishDiagnosticsParams::new(
            uri,
            diagnostics,
            None,
        ))
        .await;
    }

    /// Sends a notification the way diagnostics go, after those sent before it.
    async fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send_published(convert::notification_body(N::METHOD, &params))
            .await;
    }

    /// Sends the body of a notification (diagnostics, or one that goes with them) to the
    /// client; none once the server is shut down.
    async fn send_published(&self, body: Vec<u8>) {
        if self.shutdown.load(Ordering::SeqCst) || body.is_empty() {
            return;
        }
        let _ = self.publish.send(body).await;
    }

    /// Publishes errors in project and rule files as diagnostics on those files, and clears
    /// them once fixed.
    async fn publish_load_errors(&self) {
        let ws = self.workspace.clone();
        let enc = self.state().encoding;
        let (notices, changes) = tokio::task::spawn_blocking(move || {
            let (notices, changes) = {
                let mut ws = ws.lock().unwrap_or_else(|p| p.into_inner());
                (ws.take_notices(), ws.error_changes())
            };
            let changes = changes
                .into_iter()
                .filter_map(|(file, errors)| {
                    let uri = Uri::from_file_path(&file)?;
                    let limit = copydesk::rules::MAX_FILE_BYTES as u64;
                    let text = crate::files::read_text(&file, limit).unwrap_or_default();
                    let diags = errors.iter().map(|e| load_error(&text, e, enc)).collect();
                    Some((uri, diags))
                })
                .collect::<Vec<(Uri, Vec<Diagnostic>)>>();
            (notices, changes)
        })
        .await
        .unwrap_or_default();
        for n in notices {
            tracing::warn!("{n}");
            self.client
                .show_message(MessageType::WARNING, format!("copydesk: {n}"))
                .await;
        }
        if changes.is_empty() {
            return;
        }
        let _publishing = self.publishing.lock().await;
        for (uri, diags) in changes {
            if !diags.is_empty() {
                self.notify::<lsp::notification::ShowMessage>(ShowMessageParams {
                    typ: MessageType::WARNING,
                    message: format!(
                        "copydesk: {} has an error; the last good rules stay in use.",
                        convert::file_path(&uri)
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|| uri.as_str().to_string())
                    ),
                })
                .await;
            }
            self.publish(uri, diags).await;
        }
    }

    /// Starts the server's own file watcher; its events reload what they touch.
    async fn start_watcher(self: &Arc<Self>) {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let me = self.clone();
        let started = tokio::task::spawn_blocking(move || match FsWatcher::new(tx) {
            Ok(w) => {
                *me.watcher.lock().unwrap_or_else(|p| p.into_inner()) = Some(w);
                me.watch_projects();
                true
            }
            Err(e) => {
                tracing::warn!("cannot watch files: {e}");
                false
            }
        })
        .await
        .unwrap_or(false);
        if !started {
            return;
        }
        tracing::info!("watching project files (the client watches none)");
        let me = self.clone();
        tokio::spawn(async move {
            while let Some(paths) = fswatch::next_burst(&mut rx).await {
                tracing::debug!(?paths, "changed on disk");
                me.files_changed(paths).await;
                let w = me.clone();
                let _ = tokio::task::spawn_blocking(move || w.watch_projects()).await;
            }
        });
    }

    /// Watches the folders of every project met so far, if the server watches files itself.
    /// File I/O: call it on a blocking thread.
    fn watch_projects(&self) {
        let mut watcher = self.watcher.lock().unwrap_or_else(|p| p.into_inner());
        let Some(w) = watcher.as_mut() else {
            return;
        };
        let targets = self
            .workspace
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .watch_targets();
        w.watch(
            targets
                .into_iter()
                .map(|(path, recursive)| fswatch::Target { path, recursive })
                .collect(),
        );
    }

    /// Files changed on disk (or saved): reload what depends on them.
    async fn files_changed(self: &Arc<Self>, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let ws = self.workspace.clone();
        let affected = tokio::task::spawn_blocking(move || {
            ws.lock()
                .unwrap_or_else(|p| p.into_inner())
                .files_changed(&paths)
        })
        .await
        .unwrap_or(false);
        if affected {
            self.recheck_all();
        }
        self.publish_load_errors().await;
    }

    /// Asks the client for the editor's settings (`workspace/configuration`) from a task of
    /// its own, with a timeout: a handler that waited for the answer would hold one of the
    /// server's request slots for as long as the client takes, and a few of them wedge it.
    fn fetch_settings(self: &Arc<Self>) {
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("copydesk".to_string()),
        }];
        let me = self.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(CLIENT_TIMEOUT, me.client.configuration(items)).await {
                Ok(Ok(values)) => {
                    let v = values.into_iter().next().unwrap_or(Value::Null);
                    let parsed = ClientSettings::from_json(&serde_json::json!({ "copydesk": v }));
                    if let Some((s, problems)) = parsed {
                        me.apply_settings(s, problems).await;
                    }
                }
                Ok(Err(e)) => tracing::debug!("workspace/configuration: {e}"),
                Err(_) => tracing::warn!("workspace/configuration: no answer from the client"),
            }
        });
    }

    async fn apply_settings(self: &Arc<Self>, s: ClientSettings, problems: Vec<String>) {
        let changed = {
            let mut st = self.state();
            st.settings_given = true;
            let changed = st.settings != s;
            st.settings = s;
            changed
        };
        for p in problems {
            tracing::warn!("{p}");
            self.client
                .show_message(MessageType::WARNING, format!("copydesk: {p}"))
                .await;
        }
        if changed {
            self.recheck_all();
        }
    }

    async fn add_word(self: &Arc<Self>, args: actions::AddWord) -> Result<()> {
        let word = dictionary::check_word(&args.word)
            .map_err(Error::invalid_params)?
            .to_string();
        let Some(analysis) = self.current_analysis(&args.uri).await else {
            return Err(Error::invalid_params(format!(
                "{} is not an open document",
                args.uri.as_str()
            )));
        };
        let (caps, enc, stories) = {
            let st = self.state();
            let stories: Vec<PathBuf> = st.docs.keys().filter_map(convert::file_path).collect();
            (st.caps, st.encoding, stories)
        };
        let ws = self.workspace.clone();
        let project = analysis.project.clone();
        let path = analysis.dictionary.clone();
        let target = tokio::task::spawn_blocking(move || {
            let writable = ws
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .writes_dictionary(&project);
            let dir = project.parent().unwrap_or(Path::new("/"));
            if !writable {
                return Err(format!(
                    "no house dictionary for a story outside every workspace folder without a \
                     {} above it: open its folder as a workspace folder, or add a {} to it",
                    copydesk::config::FILE_NAME,
                    copydesk::config::FILE_NAME,
                ));
            }
            let forbidden = dictionary::Forbidden {
                config: &project,
                stories: &stories,
            };
            dictionary::Target::resolve(dir, &path, &forbidden)
        })
        .await
        .map_err(|e| Error::invalid_params(e.to_string()))?
        .map_err(|e| {
            tracing::warn!("add to dictionary: {e}");
            Error::invalid_params(e)
        })?;
        let plan = actions::dictionary_edit(
            &target.path,
            target.text.as_deref(),
            &word,
            enc,
            caps.document_changes,
            caps.create_files,
        );
        match plan {
            DictionaryEdit::Present => {}
            DictionaryEdit::Edit(edit) if caps.apply_edit => {
                // The editor applies the edit (so it can be undone there). Its answer is awaited
                // in a task of its own, never in this handler: a request slot held while the
                // client is busy could wedge the server.
                let me = self.clone();
                let project = analysis.project.clone();
                tokio::spawn(async move {
                    match tokio::time::timeout(CLIENT_TIMEOUT, me.client.apply_edit(edit)).await {
                        Ok(Ok(r)) if r.applied => me.accept(project, word).await,
                        Ok(Ok(r)) => tracing::warn!(
                            "the editor did not apply the dictionary edit: {:?}",
                            r.failure_reason
                        ),
                        Ok(Err(e)) => tracing::warn!("workspace/applyEdit failed: {e}"),
                        Err(_) => tracing::warn!("workspace/applyEdit: no answer from the editor"),
                    }
                });
                return Ok(());
            }
            DictionaryEdit::Edit(_) | DictionaryEdit::Write => {
                let w = word.clone();
                let shown = target.path.display().to_string();
                match tokio::task::spawn_blocking(move || target.append(&w)).await {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => {
                        return Err(Error::invalid_params(format!("cannot write {shown}: {e}")));
                    }
                    Err(e) => return Err(Error::invalid_params(e.to_string())),
                }
            }
        }
        self.accept(analysis.project.clone(), word).await;
        Ok(())
    }

    /// Accepts a word added to a project's dictionary and checks the open documents again.
    async fn accept(self: &Arc<Self>, project: PathBuf, word: String) {
        let ws = self.workspace.clone();
        let _ = tokio::task::spawn_blocking(move || {
            ws.lock()
                .unwrap_or_else(|p| p.into_inner())
                .accept(&project, &word);
        })
        .await;
        self.recheck_all();
    }
}

/// A load error as a diagnostic on its file (the column is counted in characters).
fn load_error(text: &str, e: &RuleError, enc: Encoding) -> Diagnostic {
    let index = LineIndex::new(text);
    let start = index
        .offset(
            text,
            copydesk::Position::new(e.line.saturating_sub(1), e.column.saturating_sub(1)),
            Encoding::Utf32,
        )
        .unwrap_or(text.len());
    let line_end = index
        .line_range(index.line_of(start))
        .map_or(start, |r| r.end);
    Diagnostic {
        range: convert::range(text, &index, &(start..line_end), enc),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("load-error".to_string())),
        source: Some(convert::SOURCE.to_string()),
        message: e.message.clone(),
        ..Diagnostic::default()
    }
}

fn log_change_notes(uri: &Uri, notes: &[documents::ChangeNote]) {
    for n in notes {
        tracing::warn!(uri = uri.as_str(), "didChange: {n:?}");
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = Caps::from(&params.capabilities);
        let encoding = convert::negotiate(
            params
                .capabilities
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| convert::file_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(p) = params.root_uri.as_ref().and_then(convert::file_path)
        {
            roots.push(p);
        }
        let settings = params
            .initialization_options
            .as_ref()
            .and_then(ClientSettings::from_json);
        let profile = {
            let mut st = self.shared.state();
            st.caps = caps;
            st.encoding = encoding;
            if let Some((s, problems)) = settings {
                st.settings = s;
                st.settings_problems = problems;
                st.settings_given = true;
            }
            st.settings
                .profile
                .clone()
                .unwrap_or_else(|| crate::project::DEFAULT_PROFILE.to_string())
        };
        // Compile the rules while the client finishes starting up.
        let ws = self.shared.workspace.clone();
        tokio::task::spawn_blocking(move || {
            let mut ws = ws.lock().unwrap_or_else(|p| p.into_inner());
            ws.set_roots(roots);
            ws.preload(&profile);
        });
        tracing::info!(?encoding, ?caps, "initialize");
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, actions::FIX_ALL]),
                        resolve_provider: Some(false),
                        ..CodeActionOptions::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![ADD_WORD.to_string()],
                    ..ExecuteCommandOptions::default()
                }),
                diagnostic_provider: caps.pulls().then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("copydesk".to_string()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "copydesk".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let (caps, given, problems) = {
            let mut st = self.shared.state();
            (
                st.caps,
                st.settings_given,
                std::mem::take(&mut st.settings_problems),
            )
        };
        for p in problems {
            tracing::warn!("{p}");
            self.shared
                .client
                .show_message(MessageType::WARNING, format!("copydesk: {p}"))
                .await;
        }
        if caps.watch_dynamic {
            let watchers = serde_json::json!({ "watchers": [
                { "globPattern": "**/copydesk.toml" },
                { "globPattern": "**/*.toml" },
                { "globPattern": "**/copydesk-words.txt" },
            ]});
            let reg = Registration {
                id: "copydesk-watched-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: Some(watchers),
            };
            // Asked from a task of its own, so that no handler waits on the client.
            let me = self.shared.clone();
            tokio::spawn(async move {
                let asked = me.client.register_capability(vec![reg]);
                match tokio::time::timeout(CLIENT_TIMEOUT, asked).await {
                    Ok(Ok(())) => return,
                    Ok(Err(e)) => tracing::warn!("could not register file watchers: {e}"),
                    Err(_) => tracing::warn!("could not register file watchers: no answer"),
                }
                me.start_watcher().await;
            });
        } else {
            self.shared.start_watcher().await;
        }
        if !given && caps.configuration {
            self.shared.fetch_settings();
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let (trigger, wake) = watch::channel(0);
        let mut doc = OpenDocument {
            rope: ropey::Rope::from_str(&item.text),
            version: item.version,
            language_id: item.language_id,
            generation: 0,
            trigger,
            finished: watch::channel(0).0,
            analysis: None,
            reuse: Default::default(),
            written: Default::default(),
        };
        self.shared.touch(&mut doc);
        let replaced = self.shared.state().docs.insert(item.uri.clone(), doc);
        if replaced.is_some() {
            tracing::warn!(
                uri = item.uri.as_str(),
                "didOpen of an open document: replaced"
            );
        }
        tokio::spawn(self.shared.clone().checker(item.uri, wake));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let mut st = self.shared.state();
        let enc = st.encoding;
        let Some(doc) = st.docs.get_mut(&uri) else {
            tracing::warn!(
                uri = uri.as_str(),
                "didChange for a document that is not open: ignored"
            );
            return;
        };
        for change in &params.content_changes {
            let notes = documents::apply_change(&mut doc.rope, change, enc);
            log_change_notes(&uri, &notes);
        }
        if params.text_document.version <= doc.version {
            tracing::warn!(
                uri = uri.as_str(),
                old = doc.version,
                new = params.text_document.version,
                "didChange: the version did not increase"
            );
        }
        doc.version = params.text_document.version;
        self.shared.touch(doc);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut st = self.shared.state();
            if let Some(doc) = st.docs.get_mut(&uri) {
                self.shared.touch(doc);
            }
        }
        if let Some(path) = convert::file_path(&uri) {
            self.shared.files_changed(vec![path]).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(doc) = self.shared.state().docs.remove(&uri) else {
            tracing::warn!(
                uri = uri.as_str(),
                "didClose for a document that is not open: ignored"
            );
            return;
        };
        // Its checker stops with the trigger dropped here; clear what was pushed for it.
        let was_story = match &doc.analysis {
            Some(a) => a.is_story,
            None => {
                convert::file_path(&uri).is_none_or(|p| p.extension().is_none_or(|e| e != "toml"))
            }
        };
        drop(doc);
        if was_story {
            let _publishing = self.shared.publishing.lock().await;
            self.shared.publish(uri, Vec::new()).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match ClientSettings::from_json(&params.settings) {
            Some((s, problems)) => self.shared.apply_settings(s, problems).await,
            None => {
                let caps = self.shared.state().caps;
                if caps.configuration {
                    self.shared.fetch_settings();
                } else {
                    tracing::info!("didChangeConfiguration without copydesk settings: ignored");
                }
            }
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let paths = params
            .changes
            .iter()
            .filter_map(|c| convert::file_path(&c.uri))
            .collect();
        self.shared.files_changed(paths).await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        // A client that pulls gets no pushed diagnostics from now on; clear those it has.
        let cleared: Vec<Uri> = {
            let mut st = self.shared.state();
            if st.caps.pulls() && !st.pull_mode {
                st.pull_mode = true;
                st.docs.keys().cloned().collect()
            } else {
                Vec::new()
            }
        };
        if !cleared.is_empty() {
            let _publishing = self.shared.publishing.lock().await;
            for u in cleared {
                self.shared.publish(u, Vec::new()).await;
            }
        }
        let Some(a) = self.shared.current_analysis(&uri).await else {
            tracing::warn!(
                uri = uri.as_str(),
                "diagnostics pulled for a document that is not open"
            );
            return Ok(full_report(None, Vec::new()));
        };
        let result_id = a.result_id().to_string();
        if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                }),
            ));
        }
        Ok(full_report(Some(result_id), a.diagnostics()))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let only = params.context.only.as_deref();
        // Only ours, and only those touching the range: a client may send a whole line's.
        let ours: Vec<Diagnostic> = params
            .context
            .diagnostics
            .iter()
            .filter(|d| {
                d.source.as_deref() == Some(convert::SOURCE)
                    && actions::overlaps(&d.range, &params.range)
            })
            .cloned()
            .collect();
        let need_analysis = ours.is_empty() || actions::wanted(only, &actions::FIX_ALL);
        let analysis = if need_analysis {
            self.shared.current_analysis(&uri).await
        } else {
            None
        };
        // "Fix all" re-checks the story until it settles: off the async runtime.
        if actions::wanted(only, &actions::FIX_ALL)
            && let Some(a) = analysis.clone()
        {
            let _ = super::analysis::on_checker(move || {
                a.fixed();
            })
            .await;
        }
        let st = self.shared.state();
        let Some(doc) = st.docs.get(&uri) else {
            tracing::warn!(
                uri = uri.as_str(),
                "code actions for a document that is not open"
            );
            return Ok(None);
        };
        // Without our diagnostics in the request, use the current ones in its range.
        let diagnostics = if ours.is_empty() {
            analysis
                .as_ref()
                .filter(|a| a.version == doc.version)
                .map(|a| a.diagnostics_in(&params.range))
                .unwrap_or_default()
        } else {
            ours
        };
        let line = |l: u32| doc.line_text(l);
        let req = actions::Request {
            uri: &uri,
            version: doc.version,
            format: doc.format(&uri),
            line_ending: doc.line_ending(),
            line: &line,
            encoding: st.encoding,
            versioned: st.caps.document_changes,
            only,
            range: params.range,
            diagnostics: &diagnostics,
            analysis: analysis.as_deref(),
        };
        Ok(Some(actions::actions(&req)))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command != ADD_WORD {
            return Err(Error::invalid_params(format!(
                "unknown command `{}`",
                params.command
            )));
        }
        let Some(args) = actions::add_word_args(&params.arguments) else {
            return Err(Error::invalid_params(format!(
                "{ADD_WORD} takes one argument: {{ \"uri\": ..., \"word\": ... }}"
            )));
        };
        self.shared.add_word(args).await?;
        Ok(None)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let pos = params.text_document_position_params.position;
        let Some(a) = self.shared.current_analysis(&uri).await else {
            tracing::warn!(uri = uri.as_str(), "hover in a document that is not open");
            return Ok(None);
        };
        let text = a.doc.text();
        let index = a.doc.line_index();
        let Some(offset) = convert::offset(text, index, pos, a.encoding) else {
            tracing::warn!(
                uri = uri.as_str(),
                ?pos,
                "hover past the end of the document"
            );
            return Ok(None);
        };
        Ok(hover::hover(
            &a.doc,
            &a.findings,
            a.engine.as_deref(),
            offset,
            &a.status.date_source,
        )
        .map(|(md, r)| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: md,
            }),
            range: Some(convert::range(text, index, &r, a.encoding)),
        }))
    }
}

fn full_report(
    result_id: Option<String>,
    items: Vec<Diagnostic>,
) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}
