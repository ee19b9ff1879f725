//! `usage`: word choices that a pattern cannot judge, because they depend on the sense in
//! which the word is used. Each rule picks one check:
//!
//! - `attribution`: a verb that implies doubt or endorsement ("claimed", "maintained") used as
//!   a verb of saying, not in its other senses ("claimed the award", "maintained their start").
//!
//! Each check is one file.

mod attribution;

use serde::Deserialize;

use super::{BuildCtx, Check};
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::spec::WithParams;
use attribution::{Attribution, AttributionParams};

/// The checks of the kind, as `check = "…"` selects them.
#[derive(Debug, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub(crate) enum UsageCheck {
    Attribution(WithParams<AttributionParams>),
}

pub(crate) fn build(cx: &BuildCtx, check: &UsageCheck) -> Result<Box<dyn Check>, RuleError> {
    let safety = cx.spec.fix.unwrap_or(Safety::Review);
    Ok(match check {
        UsageCheck::Attribution(p) => Box::new(Attribution::new(cx, safety, &p.params)?),
    })
}
