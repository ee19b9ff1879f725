//! One check of one document version, run on a blocking thread.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, TryLockError};

use copydesk::{
    Document, DocumentOptions, Encoding, Engine, Finding, FixMode, Fixed, Format, Reuse, Settings,
};
use ropey::Rope;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{self as lsp, Diagnostic};

use super::convert;
use super::settings::ClientSettings;
use super::workspace::Workspace;

/// Everything a check needs, taken from the server's state in one short lock.
pub struct Job {
    pub rope: Rope,
    pub version: i32,
    pub generation: u64,
    pub format: Format,
    pub path: Option<PathBuf>,
    pub encoding: Encoding,
    pub client: ClientSettings,
    pub workspace: Arc<Mutex<Workspace>>,
    /// The client pulls diagnostics: the check names them (`result_id`) while on the checking
    /// thread. A client they are pushed to never asks for the name.
    pub pull: bool,
    /// What the document's last check kept for this one, and what its last publish wrote.
    pub reuse: Arc<Mutex<Reuse>>,
    pub written: Arc<Mutex<convert::Written>>,
}

/// The result of a check: the document as checked and its findings. Their diagnostics are
/// built each time they are sent, not kept: a diagnostic costs several times its finding (its
/// `data` is a JSON tree).
pub struct Analysis {
    pub version: i32,
    pub generation: u64,
    pub encoding: Encoding,
    pub doc: Document,
    /// The findings shown: at most the editor's cap.
    pub findings: Vec<Finding>,
    /// How many findings the check made, and the cap, when there were more than it.
    hidden: Option<(usize, usize)>,
    /// Names the diagnostics (a hash of them, the document version included): a pull whose
    /// previous result has this id gets "unchanged". Worked out on first use, or by the
    /// check itself for a client that pulls.
    result_id: OnceLock<String>,
    /// False for word lists and rule files, which are not checked.
    pub is_story: bool,
    pub engine: Option<Arc<Engine>>,
    /// What the document was read and checked with, for "fix all".
    pub options: DocumentOptions,
    pub settings: Settings,
    /// Every safe fix applied to a fixed point, worked out on first use.
    fixed: OnceLock<Option<Fixed>>,
    /// The project's key and its house dictionary file.
    pub project: PathBuf,
    pub dictionary: PathBuf,
    /// What the story was checked with, for the editor (`copydesk/status`).
    pub status: Status,
    /// A problem with the editor's settings met in this check.
    pub setting_problem: Option<String>,
    /// What the document's last publish wrote, for this one's to copy from.
    written: Arc<Mutex<convert::Written>>,
}

/// The effective profile and story date of a document, and where each came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub profile: String,
    /// `copydesk.toml` (path:line:column), the editor setting `copydesk.profile`, or "the default
    /// profile".
    pub profile_source: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// Where the date came from, for people: "front matter", "dateline" (with where its year
    /// came from), where a given date was set, or "the machine's clock (no date found or
    /// given)".
    pub date_source: String,
    /// The same as a code: `front_matter`, `dateline`, `project`, `given` or `clock`.
    pub date_kind: String,
    /// The project file, if there is one.
    pub project: Option<String>,
}

impl Job {
    pub fn run(self) -> Analysis {
        let started = std::time::Instant::now();
        let today = crate::project::today();
        let resolved = {
            let mut ws = self.workspace.lock().unwrap_or_else(|p| p.into_inner());
            ws.resolve(self.path.as_deref(), &self.client, today)
        };
        let options = DocumentOptions {
            format: self.format,
            date: resolved.date,
            today,
            committed: None,
        };
        // The rope's text copied chunk by chunk into one string of its size.
        let mut text = String::with_capacity(self.rope.len_bytes());
        for chunk in self.rope.chunks() {
            text.push_str(chunk);
        }
        let doc = Document::new(text, &options);
        // Word lists and rule files are not stories.
        let is_story = self
            .path
            .as_ref()
            .is_none_or(|p| *p != resolved.dictionary && p.extension().is_none_or(|e| e != "toml"));
        let parsed = started.elapsed();
        let mut findings = match &resolved.engine {
            Some(engine) if is_story => match self.reuse.try_lock() {
                Ok(mut reuse) => engine.check_reusing(&doc, &resolved.settings, &mut reuse),
                // A check that panicked left it half written: it starts afresh.
                Err(TryLockError::Poisoned(p)) => {
                    let mut reuse = p.into_inner();
                    *reuse = Reuse::default();
                    self.reuse.clear_poison();
                    engine.check_reusing(&doc, &resolved.settings, &mut reuse)
                }
                // Another check of the document holds it: this one reads the whole story.
                Err(TryLockError::WouldBlock) => engine.check(&doc, &resolved.settings),
            },
            _ => Vec::new(),
        };
        let checked = started.elapsed();
        // Past the cap, the rest are dropped and one diagnostic says so.
        let total = findings.len();
        let cap = self.client.findings_cap().filter(|&c| total > c);
        if let Some(cap) = cap {
            findings.truncate(cap);
            findings.shrink_to_fit();
        }
        let hidden = cap.map(|cap| (total, cap));
        let result_id = OnceLock::new();
        if self.pull {
            let _ = result_id.set(name(&doc, &findings, hidden, self.version, self.encoding));
        }
        let story_date = crate::project::StoryDate::of(
            &doc,
            resolved.date_source.as_deref(),
            resolved.date_in_project,
            false,
        );
        let status = Status {
            profile: resolved.profile.clone(),
            profile_source: resolved.profile_source.clone(),
            date: doc.date().to_string(),
            date_source: story_date.label,
            date_kind: story_date.source.to_string(),
            project: resolved
                .project
                .is_file()
                .then(|| resolved.project.display().to_string()),
        };
        tracing::debug!(
            version = self.version,
            profile = resolved.profile,
            findings = findings.len(),
            elapsed = ?started.elapsed(),
            ?parsed,
            ?checked,
            "checked"
        );
        Analysis {
            version: self.version,
            generation: self.generation,
            encoding: self.encoding,
            doc,
            findings,
            hidden,
            result_id,
            is_story,
            engine: resolved.engine,
            options,
            settings: resolved.settings,
            fixed: OnceLock::new(),
            project: resolved.project,
            dictionary: resolved.dictionary,
            status,
            setting_problem: resolved.setting_problem,
            written: self.written,
        }
    }
}

impl Analysis {
    /// The name of this check's diagnostics: equal lists get equal names.
    pub fn result_id(&self) -> &str {
        self.result_id.get_or_init(|| {
            name(
                &self.doc,
                &self.findings,
                self.hidden,
                self.version,
                self.encoding,
            )
        })
    }

    /// The findings shown as diagnostics, with the one that announces the rest past the cap.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        diagnostics(
            &self.doc,
            &self.findings,
            self.hidden,
            self.version,
            self.encoding,
        )
        .collect()
    }

    /// The `textDocument/publishDiagnostics` notification of these diagnostics, as JSON.
    pub fn publish_body(&self, uri: &lsp::Uri) -> Vec<u8> {
        let more = self.hidden.map(|(total, cap)| {
            convert::too_many(&self.doc, &self.findings, cap, total, self.encoding)
        });
        // Another publish of the document holds what the last one wrote: this one writes all.
        let mut written = self.written.try_lock().ok();
        convert::publish_body(
            uri,
            &self.doc,
            &self.findings,
            more,
            self.version,
            self.encoding,
            written.as_deref_mut(),
        )
    }

    /// The diagnostics that touch `range`: only those findings are turned into diagnostics
    /// (code actions ask for a range on every move of the cursor).
    pub fn diagnostics_in(&self, range: &lsp::Range) -> Vec<Diagnostic> {
        let (text, index) = (self.doc.text(), self.doc.line_index());
        let touches = |f: &&Finding| {
            super::actions::overlaps(&convert::range(text, index, &f.range, self.encoding), range)
        };
        let shown = self
            .findings
            .iter()
            .filter(touches)
            .map(|f| convert::diagnostic(&self.doc, f, self.version, self.encoding));
        let rest = self
            .hidden
            .map(|(total, cap)| {
                convert::too_many(&self.doc, &self.findings, cap, total, self.encoding)
            })
            .filter(|d| super::actions::overlaps(&d.range, range));
        shown.chain(rest).collect()
    }

    /// The story with every safe fix applied to a fixed point (`Engine::fix`, as
    /// `check --fix` does); `None` for files that are not stories. The first call does the
    /// work: run it on a blocking thread.
    pub fn fixed(&self) -> Option<&Fixed> {
        self.fixed
            .get_or_init(|| {
                let engine = self.engine.as_ref().filter(|_| self.is_story)?;
                Some(engine.fix(&self.doc, &self.options, &self.settings, FixMode::Safe))
            })
            .as_ref()
    }
}

/// The diagnostics of `findings` one by one, then the one that announces those `hidden` past
/// the cap.
fn diagnostics<'a>(
    doc: &'a Document,
    findings: &'a [Finding],
    hidden: Option<(usize, usize)>,
    version: i32,
    encoding: Encoding,
) -> impl Iterator<Item = Diagnostic> + 'a {
    let shown = findings
        .iter()
        .map(move |f| convert::diagnostic(doc, f, version, encoding));
    let rest = hidden.map(|(total, cap)| convert::too_many(doc, findings, cap, total, encoding));
    shown.chain(rest)
}

/// A name for the diagnostics of a check: equal lists get equal names. Each is hashed as its
/// JSON is written, so neither the list nor its JSON is ever held.
fn name(
    doc: &Document,
    findings: &[Finding],
    hidden: Option<(usize, usize)>,
    version: i32,
    encoding: Encoding,
) -> String {
    use std::hash::Hasher;
    /// Hashes the JSON as it is written, so no copy of it is ever held.
    struct Hashing(std::collections::hash_map::DefaultHasher);
    impl std::io::Write for Hashing {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.write(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hashing(std::collections::hash_map::DefaultHasher::new());
    for d in diagnostics(doc, findings, hidden, version, encoding) {
        let _ = serde_json::to_writer(&mut h, &d);
    }
    format!("{:016x}", h.0.finish())
}

/// A check that did not finish (it panicked).
#[derive(Debug)]
pub struct CheckFailed;

impl std::fmt::Display for CheckFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the check panicked")
    }
}

type Task = Box<dyn FnOnce() + Send>;

/// Runs `f` on the checking thread, one task at a time, and waits for its result.
///
/// Checks run on one thread of their own, not on the runtime's blocking threads (which also
/// read standard input): each thread allocates from an allocator arena of its own and keeps
/// what it freed, so big checks spread over several threads left their memory behind in each
/// (a story with 100,000 findings, opened and closed four times: 100 MB after the first close,
/// 190 MB after the fourth). On one thread every check reuses the same memory.
pub async fn on_checker<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, CheckFailed> {
    static CHECKER: OnceLock<std::sync::mpsc::Sender<Task>> = OnceLock::new();
    let sender = CHECKER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Task>();
        let spawned = std::thread::Builder::new()
            .name("copydesk-check".to_string())
            .spawn(move || {
                while let Ok(task) = rx.recv() {
                    task();
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start the checking thread: {e}");
        }
        tx
    });
    let (done, result) = tokio::sync::oneshot::channel();
    let task: Task = Box::new(move || {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        if let Ok(r) = r {
            let _ = done.send(r);
        }
    });
    if sender.send(task).is_err() {
        return Err(CheckFailed);
    }
    result.await.map_err(|_| CheckFailed)
}
