//! The command-line adapter: `copydesk check | rules | explain | lsp`.

mod check;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// A copy desk for news copy: house-style checks (AP, Reuters) for the command line and editors.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check stories (files, folders, or `-` for standard input).
    Check(CheckArgs),
    /// List the rules of a profile.
    Rules(RulesArgs),
    /// Show a rule with its examples, or what copydesk knows about a person or place.
    Explain(ExplainArgs),
    /// Run the language server on standard input and output.
    Lsp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Files or folders to check; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// House style: `ap`, `reuters`, or a folder holding a rule pack.
    #[arg(long)]
    pub profile: Option<String>,
    /// The stories' date (YYYY-MM-DD) when they do not give one.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// Use this project file instead of the nearest `copydesk.toml`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// The lowest severity that makes the exit code 1.
    #[arg(long, default_value = "warning", value_parser = parse_level)]
    pub fail_on: copydesk::Level,
    /// The file name to report for standard input.
    #[arg(long)]
    pub stdin_filename: Option<String>,
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    /// House style: `ap`, `reuters`, or a folder holding a rule pack.
    #[arg(long, default_value = "ap")]
    profile: String,
    /// Print counts of rules and knowledge entries instead of the list.
    #[arg(long)]
    stats: bool,
}

#[derive(Debug, clap::Args)]
struct ExplainArgs {
    /// A rule id, or a name copydesk knows.
    what: String,
    /// House style: `ap`, `reuters`, or a folder holding a rule pack.
    #[arg(long, default_value = "ap")]
    profile: String,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

fn parse_level(s: &str) -> Result<copydesk::Level, String> {
    copydesk::Level::parse(s)
        .ok_or_else(|| format!("`{s}` is not a level (error, warning, info, hint)"))
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => output::rules(&args.profile, args.stats),
        Command::Explain(args) => output::explain(&args.profile, &args.what),
        Command::Lsp => crate::lsp::run(),
    }
}
