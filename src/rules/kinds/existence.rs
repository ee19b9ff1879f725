//! `existence`: terms or patterns that should not appear at all (a courtesy title, "per
//! cent"); a message, no replacement. Shares the matcher with `substitution`.

use super::BuildCtx;
use crate::rules::RuleError;
use crate::rules::matcher::Builder;
use crate::rules::spec::Entries;

pub(crate) fn build(cx: &BuildCtx, entries: &Entries, mb: &mut Builder) -> Result<(), RuleError> {
    super::substitution::add_entries(cx, entries, mb, false)
}
