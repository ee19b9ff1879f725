//! `existence`: terms or patterns that should not appear at all (a courtesy title, "per
//! cent"); a message, no replacement. Shares the matcher with `substitution`.

use super::BuildCtx;
use crate::rules::RuleError;
use crate::rules::matcher::Builder;

pub(crate) fn build(cx: &BuildCtx, mb: &mut Builder) -> Result<(), RuleError> {
    cx.reject_fields(true, true, false, false, false)?;
    super::substitution::add_entries(cx, mb, false)
}
