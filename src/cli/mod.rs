//! The command-line adapter: `copydesk check | rules | explain | lsp | serve | completions | man`.

mod check;
mod fix;
mod info;
mod inputs;
pub(crate) mod output;
mod progress;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

pub(crate) use info::find_entity;

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
    ///
    /// Exit status: 0 when nothing at or above `--fail-on` was found, 1 when something was,
    /// 2 for a usage or configuration error or an input that could not be read (the other
    /// inputs are still checked).
    Check(CheckArgs),
    /// List the rules of a profile.
    Rules(RulesArgs),
    /// Show a rule with its examples, or what copydesk knows about a person or place.
    Explain(ExplainArgs),
    /// Run the language server on standard input and output.
    Lsp {
        /// Speak over standard input and output (the only transport; accepted because
        /// editors' clients pass it).
        #[arg(long)]
        stdio: bool,
    },
    /// Serve the checker over HTTP: copydesk's API, LanguageTool's `/v2/check`, and a page
    /// to check a story in a browser (docs/serve.md).
    Serve(crate::serve::ServeArgs),
    /// Print a completion script for a shell.
    ///
    /// bash: `copydesk completions bash > ~/.local/share/bash-completion/completions/copydesk`;
    /// zsh: `copydesk completions zsh > ~/.zfunc/_copydesk` (with `~/.zfunc` on `fpath`);
    /// fish: `copydesk completions fish > ~/.config/fish/completions/copydesk.fish`.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one per command into a folder.
    ///
    /// `copydesk man | man -l -` reads it; `copydesk man --out-dir ~/.local/share/man/man1`
    /// installs copydesk.1, copydesk-check.1 and the others.
    Man {
        /// Write copydesk.1 and a page for each command into this folder.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Findings with the line they are on; colour on a terminal.
    Human,
    /// A JSON array of findings (the contract in docs/ci.md).
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding.
    Github,
    /// One `file:line:col: severity rule: message` line per finding.
    Concise,
}

/// Where `--date-from` looks for a story's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DateFrom {
    /// The date of the file's last Git commit.
    Git,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Files or folders to check; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// House style: `ap`, `reuters`, or a folder holding a rule pack.
    #[arg(long)]
    pub profile: Option<String>,
    /// The stories' date (YYYY-MM-DD) unless their front matter gives one; it wins over a
    /// dateline's day (a dateline that disagrees is reported).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// Where to find each story's date when its front matter gives none: `git`, the date of
    /// the file's last commit (a dateline's day is placed on or before it; a file with no
    /// commit falls back to the project's date, the dateline or today, with a warning).
    #[arg(long, value_enum, value_name = "SOURCE", conflicts_with = "date")]
    pub date_from: Option<DateFrom>,
    /// Use this project file instead of the nearest `copydesk.toml`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// The lowest severity that makes the exit status 1.
    #[arg(long, default_value = "warning", value_parser = parse_level)]
    pub fail_on: copydesk::Level,
    /// Report only findings of this severity or above.
    #[arg(long, default_value = "hint", value_parser = parse_level)]
    pub min_severity: copydesk::Level,
    /// Exit 0 even when there are findings (errors reading inputs still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Apply safe fixes to the files in place, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Print a unified diff of the fixes instead of writing them; exit 1 if any file would change.
    #[arg(long)]
    pub diff: bool,
    /// With `--fix` or `--diff`, also apply fixes that need review (they may edit quotations).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the number of findings per rule.
    #[arg(long)]
    pub statistics: bool,
    /// Print findings only: no summary, no progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Apply the project's include/exclude globs to files named on the command line too (as
    /// pre-commit and `git diff --name-only` name them).
    #[arg(long)]
    pub force_exclude: bool,
    /// The file name to report for standard input (it also picks the project file and format).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Number of files checked at once (default: one per core).
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    /// House style: `ap`, `reuters`, or a folder holding a rule pack (default: the profile and
    /// rule folders of the nearest `copydesk.toml`, else `ap`).
    #[arg(long)]
    profile: Option<String>,
    /// Print counts of rules and knowledge entries instead of the list.
    #[arg(long)]
    stats: bool,
    /// Print the rules' documentation as Markdown (how docs/rules.md is made).
    #[arg(long, conflicts_with = "stats")]
    markdown: bool,
    /// Run every example of every rule of the loaded packs (a newsroom's own included); exit 1
    /// when one does not hold.
    #[arg(long, conflicts_with_all = ["stats", "markdown"])]
    test: bool,
}

#[derive(Debug, clap::Args)]
struct ExplainArgs {
    /// A rule id, or a name copydesk knows.
    what: String,
    /// House style: `ap`, `reuters`, or a folder holding a rule pack (default: the profile and
    /// rule folders of the nearest `copydesk.toml`, else `ap`).
    #[arg(long)]
    profile: Option<String>,
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
        Command::Rules(args) if args.markdown => info::rules_markdown(args.profile.as_deref()),
        Command::Rules(args) if args.test => info::test(args.profile.as_deref()),
        Command::Rules(args) => info::rules(args.profile.as_deref(), args.stats),
        Command::Explain(args) => info::explain(args.profile.as_deref(), &args.what),
        Command::Lsp { stdio: _ } => crate::lsp::run(),
        Command::Serve(args) => crate::serve::run(&args),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "copydesk", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man { out_dir } => man(out_dir.as_deref()),
    }
}

fn man(out_dir: Option<&std::path::Path>) -> ExitCode {
    let cmd = Cli::command();
    let result = match out_dir {
        Some(dir) => std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(cmd, dir)),
        None => clap_mangen::Man::new(cmd).render(&mut std::io::stdout()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`copydesk man | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("copydesk man: {e}");
            ExitCode::from(2)
        }
    }
}
