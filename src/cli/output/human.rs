//! `--format human`: each finding with the line it is on and a caret under it; colour on a
//! terminal (the stream drops it when piped or when `NO_COLOR` is set).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use copydesk::{Level, Safety};

use super::line_col;
use crate::cli::check::{Checked, plural};

fn severity_style(level: Level) -> Style {
    let c = match level {
        Level::Error => AnsiColor::Red,
        Level::Warning => AnsiColor::Yellow,
        Level::Info => AnsiColor::Blue,
        Level::Hint | Level::Off => AnsiColor::Cyan,
    };
    Style::new().bold().fg_color(Some(c.into()))
}

/// A window of at most `width` characters of a line around a range, with the range's
/// start and end columns in that window.
fn excerpt(line: &str, start: usize, end: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let (s, e) = (
        start.min(chars.len()),
        end.min(chars.len()).max(start.min(chars.len())),
    );
    if chars.len() <= width {
        return (line.to_string(), s, e);
    }
    let lo = s.saturating_sub(width / 3);
    let hi = (lo + width).min(chars.len()).max(e);
    let mut out = String::new();
    let mut shift = lo;
    if lo > 0 {
        out.push('…');
        shift -= 1;
    }
    out.extend(&chars[lo..hi]);
    if hi < chars.len() {
        out.push('…');
    }
    (out, s - shift, e - shift)
}

pub(crate) fn print(
    out: &mut impl Write,
    results: &[Checked],
    errors: usize,
    quiet: bool,
) -> io::Result<()> {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let blue = Style::new().bold().fg_color(Some(AnsiColor::Blue.into()));
    let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let mut total = 0;
    let mut files = 0;
    let mut fixable = 0;
    for c in results {
        if !c.findings.is_empty() {
            files += 1;
        }
        let text = c.doc.text();
        let idx = c.doc.line_index();
        for f in &c.findings {
            total += 1;
            let (line, col) = line_col(c, f.range.start);
            let sev = severity_style(f.severity);
            writeln!(
                out,
                "{bold}{}:{line}:{col}:{bold:#} {sev}{}{sev:#}{dim}[{}]{dim:#} {bold}{}{bold:#}",
                c.name, f.severity, f.rule, f.message
            )?;
            let lr = idx.line_range(line - 1).unwrap_or(0..0);
            let line_text = &text[lr.clone()];
            let start_col = text[lr.start..f.range.start.max(lr.start)].chars().count();
            let end = f.range.end.min(lr.end).max(f.range.start);
            let end_col = text[lr.start..end].chars().count();
            let (shown, s, e) = excerpt(line_text, start_col, end_col, 100);
            let gutter = " ".repeat(line.to_string().len());
            writeln!(out, "{blue}{gutter} |{blue:#}")?;
            writeln!(out, "{blue}{line} |{blue:#} {shown}")?;
            writeln!(
                out,
                "{blue}{gutter} |{blue:#} {}{sev}{}{sev:#}",
                " ".repeat(s),
                "^".repeat((e - s).max(1))
            )?;
            if let Some(fix) = f.fixes.first() {
                if fix.safety == Safety::Safe {
                    fixable += 1;
                }
                writeln!(
                    out,
                    "{blue}{gutter} ={blue:#} {green}fix ({}){green:#}: {}",
                    fix.safety.as_str(),
                    fix.title
                )?;
            }
            writeln!(out)?;
        }
    }
    if quiet {
        return Ok(());
    }
    let mut summary = if total == 0 {
        format!(
            "No findings in {} file{}",
            results.len(),
            plural(results.len())
        )
    } else {
        format!(
            "{total} finding{} in {files} file{}",
            plural(total),
            plural(files)
        )
    };
    if fixable > 0 {
        summary.push_str(&format!(" ({fixable} fixable with --fix)"));
    }
    if errors > 0 {
        summary.push_str(&format!("; {errors} error{}", plural(errors)));
    }
    writeln!(out, "{summary}.")?;
    if let Some(dates) = super::dates_summary(results) {
        writeln!(out, "{dates}")?;
    }
    Ok(())
}
