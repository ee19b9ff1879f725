//! `--format concise`: one `file:line:col: severity rule: message` line per finding, for
//! editors' quickfix lists.

use std::io::{self, Write};

use super::line_col;
use crate::cli::check::Checked;

pub(crate) fn print(out: &mut impl Write, results: &[Checked]) -> io::Result<()> {
    for c in results {
        for f in &c.findings {
            let (line, col) = line_col(c, f.range.start);
            writeln!(
                out,
                "{}:{line}:{col}: {} {}: {}",
                c.name, f.severity, f.rule, f.message
            )?;
        }
    }
    Ok(())
}
