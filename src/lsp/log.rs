//! Logs as the editor's log: each event becomes a `window/logMessage` of the matching type
//! (an info line is `Info`, not an error), so Neovim, VS Code and eglot file it under its real
//! level. Standard error is written only when `COPYDESK_LOG` asks for logs there: many clients
//! log whatever a server writes to standard error as an error.

use std::fmt::Write as _;
use std::sync::OnceLock;

use tokio::sync::mpsc;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::MessageType;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::Context;

static SINK: OnceLock<mpsc::UnboundedSender<(MessageType, String)>> = OnceLock::new();

/// The message type of a log level.
pub fn message_type(level: &Level) -> MessageType {
    match *level {
        Level::ERROR => MessageType::ERROR,
        Level::WARN => MessageType::WARNING,
        Level::INFO => MessageType::INFO,
        _ => MessageType::LOG,
    }
}

/// Sends every log event from now on to `client` (once per process).
pub fn connect(client: Client) {
    let (tx, mut rx) = mpsc::unbounded_channel::<(MessageType, String)>();
    if SINK.set(tx).is_err() {
        return;
    }
    tokio::spawn(async move {
        while let Some((typ, message)) = rx.recv().await {
            client.log_message(typ, message).await;
        }
    });
}

/// The layer that hands events to the client.
pub struct ClientLog;

impl<S: Subscriber> Layer<S> for ClientLog {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let meta = event.metadata();
        // The protocol library's own complaints about sending are not sent again.
        if meta.target().starts_with("tower_lsp") {
            return;
        }
        let Some(sink) = SINK.get() else {
            return;
        };
        let mut text = Text::default();
        event.record(&mut text);
        let _ = sink.send((message_type(meta.level()), text.finish()));
    }
}

/// An event as one line: its message, then its fields as `key=value`.
#[derive(Default)]
struct Text {
    message: String,
    fields: String,
}

impl Text {
    fn finish(self) -> String {
        if self.fields.is_empty() {
            self.message
        } else {
            format!("{} ({})", self.message, self.fields.trim_start())
        }
    }
}

impl Visit for Text {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={value}", field.name());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={value:?}", field.name());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_map_to_message_types() {
        assert_eq!(message_type(&Level::ERROR), MessageType::ERROR);
        assert_eq!(message_type(&Level::WARN), MessageType::WARNING);
        assert_eq!(message_type(&Level::INFO), MessageType::INFO);
        assert_eq!(message_type(&Level::DEBUG), MessageType::LOG);
        assert_eq!(message_type(&Level::TRACE), MessageType::LOG);
    }
}
