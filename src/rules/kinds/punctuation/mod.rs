//! `punctuation`: checks of punctuation that a pattern cannot see. Each rule picks one check:
//!
//! - `quote-style`: double quotation marks of the other kind than the story's (or the
//!   house's): a straight `"` among curly `“ ”`, or the reverse;
//! - `quote-pairs`: a quotation mark left unpaired in its paragraph.
//!
//! Each check is one file.

mod quote_marks;

use serde::Deserialize;

use super::{BuildCtx, Check};
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::spec::WithParams;
use quote_marks::{QuotePairs, QuoteStyleCheck, QuoteStyleParams};

/// The checks of the kind, as `check = "…"` selects them.
#[derive(Debug, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub(crate) enum PunctuationCheck {
    QuoteStyle(WithParams<QuoteStyleParams>),
    QuotePairs(WithParams<NoParams>),
}

/// A check that takes no parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoParams {}

pub(crate) fn build(cx: &BuildCtx, check: &PunctuationCheck) -> Result<Box<dyn Check>, RuleError> {
    let rule = cx.index;
    let safety = cx.spec.fix.unwrap_or(Safety::Safe);
    Ok(match check {
        PunctuationCheck::QuoteStyle(p) => Box::new(QuoteStyleCheck::new(rule, safety, &p.params)),
        PunctuationCheck::QuotePairs(_) => Box::new(QuotePairs::new(rule)),
    })
}
