//! `--format github`: GitHub Actions workflow commands, one annotation per finding:
//! `::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message`.

use std::io::{self, Write};

use copydesk::Level;

use super::line_col;
use crate::cli::check::Checked;

/// Escapes a command's message (`%`, carriage return, line feed).
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value: as a message, plus `:` and `,`.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info | Level::Hint | Level::Off => "notice",
    }
}

pub(crate) fn print(out: &mut impl Write, results: &[Checked]) -> io::Result<()> {
    for c in results {
        let file = escape_property(&c.name);
        for f in &c.findings {
            let (line, col) = line_col(c, f.range.start);
            let (end_line, end_col) = line_col(c, f.range.end);
            writeln!(
                out,
                "::{} file={file},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                command(f.severity),
                escape_property(&f.rule),
                escape_data(&f.message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(
            escape_data("50% off\r\nnow: a, b"),
            "50%25 off%0D%0Anow: a, b"
        );
        assert_eq!(
            escape_property("dir,1/a:b%.txt\n"),
            "dir%2C1/a%3Ab%25.txt%0A"
        );
    }
}
