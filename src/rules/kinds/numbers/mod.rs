//! `numbers`: how figures and number words are written. Each rule picks one check:
//!
//! - `spell-out`: one to nine written as figures ("3 towers" → "three towers"), except where
//!   house style keeps figures (units, labels, ratios, dates, lists with larger figures…);
//! - `figures`: ten and above written as words ("fifteen employees" → "15 employees");
//! - `sentence-start`: a figure (not a year) beginning a sentence is spelled out;
//! - `ages`: ages in figures ("a nine-year-old" → "a 9-year-old");
//! - `money`: "$38,000,000" → "$38 million", "$10,000.00" → "$10,000", "$5 dollars" → "$5",
//!   "$1.2bn" → "$1.2 billion";
//! - `thousands`: a comma in figures of 1,000 and more ("$7500" → "$7,500");
//! - `ordinals`: first to ninth spelled out ("3rd straight" → "third straight");
//! - `measures`: one to nine in words before a unit of speed or size in figures ("five mph" →
//!   "5 mph").
//!
//! The words that make a figure an exception (units, labels, street words…) are the rule's
//! `params`, so a newsroom can edit them:
//!
//! ```toml
//! [[rule]]
//! id = "ap.numbers.spell-out"
//! kind = "numbers"
//! check = "spell-out"
//! params = { before = ["No.", "page"], after = ["inches", "mph", "percent"] }
//! ```
//!
//! Each check is one file; [`words`] holds the number words and [`around`] what a check reads
//! around a figure.

mod ages;
mod around;
mod figures;
mod measures;
mod money;
mod ordinals;
mod sentence_start;
mod spell_out;
mod thousands;
mod words;

use serde::Deserialize;

use super::{BuildCtx, Check};
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::spec::WithParams;
use ages::{Ages, AgesParams};
use figures::{Figures, FiguresParams};
use measures::{Measures, MeasuresParams};
use money::{Money, MoneyParams};
use ordinals::{Ordinals, OrdinalsParams};
use sentence_start::{SentenceStart, SentenceStartParams};
use spell_out::{SpellOut, SpellOutParams};
use thousands::{Thousands, ThousandsParams};

/// The checks of the kind, as `check = "…"` selects them.
#[derive(Debug, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub(crate) enum NumbersCheck {
    SpellOut(WithParams<SpellOutParams>),
    Figures(WithParams<FiguresParams>),
    SentenceStart(WithParams<SentenceStartParams>),
    Ages(WithParams<AgesParams>),
    Money(WithParams<MoneyParams>),
    Thousands(WithParams<ThousandsParams>),
    Ordinals(WithParams<OrdinalsParams>),
    Measures(WithParams<MeasuresParams>),
}

pub(crate) fn build(cx: &BuildCtx, check: &NumbersCheck) -> Result<Box<dyn Check>, RuleError> {
    let rule = cx.index;
    let safety = cx.spec.fix.unwrap_or(Safety::Safe);
    Ok(match check {
        NumbersCheck::SpellOut(p) => Box::new(SpellOut::new(rule, safety, p.params.clone())),
        NumbersCheck::Figures(p) => Box::new(Figures::new(rule, safety, p.params.clone())),
        NumbersCheck::SentenceStart(p) => {
            let mut params = p.params.clone();
            params.names = params.names.iter().map(|n| n.lowered()).collect();
            Box::new(SentenceStart {
                rule,
                safety,
                params,
            })
        }
        NumbersCheck::Ages(p) => Box::new(Ages::new(cx, rule, safety, p.params.clone())?),
        NumbersCheck::Money(p) => Box::new(Money::new(cx, rule, safety, p.params.clone())?),
        NumbersCheck::Thousands(p) => Box::new(Thousands::new(rule, safety, p.params.clone())),
        NumbersCheck::Measures(p) => Box::new(Measures::new(rule, safety, p.params.clone())),
        NumbersCheck::Ordinals(p) => Box::new(Ordinals::new(rule, safety, p.params.clone())),
    })
}

/// The first year a four-digit figure is read as, unless a rule says otherwise.
fn min_year() -> u64 {
    1000
}

/// The last year a four-digit figure is read as, unless a rule says otherwise.
fn max_year() -> u64 {
    2199
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, found, none, one};

    #[test]
    fn percent_sign() {
        assert_eq!(
            ap("numbers.percent", "It will rent 20 percent of units."),
            one("20 percent", "20%")
        );
        assert_eq!(
            ap("numbers.percent", "Use fell by 12 % last week."),
            one("12 %", "12%")
        );
        assert_eq!(
            found("ap", "ap.usage.per-cent", "Prices rose 5 per cent."),
            one("5 per cent", "5%")
        );
        none(
            "numbers.percent",
            &[
                "Prices rose 5 per cent.",
                "A small percent of voters.",
                "A 75% tax break, up 3 percentage points.",
            ],
        );
    }
}
