//! Number words and figures: one to ninety-nine in words and back, figures grouped in
//! thousands, and round amounts in millions ("38 million").

pub(super) const UNITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];
const TEENS: [&str; 10] = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
pub(super) const ORDINALS: [&str; 10] = [
    "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
];

/// A whole number from 0 to 99 in words ("twenty-five").
pub(crate) fn spell(n: u64) -> Option<String> {
    Some(match n {
        0..=9 => UNITS[n as usize].to_string(),
        10..=19 => TEENS[n as usize - 10].to_string(),
        20..=99 if n.is_multiple_of(10) => TENS[n as usize / 10].to_string(),
        20..=99 => format!("{}-{}", TENS[n as usize / 10], UNITS[n as usize % 10]),
        _ => return None,
    })
}

/// The value of a number word from one to ninety-nine ("nine", "Fifteen", "twenty-five").
pub(crate) fn word_value(w: &str) -> Option<u64> {
    let w = w.to_ascii_lowercase();
    let find = |list: &[&str], w: &str| list.iter().position(|x| !x.is_empty() && *x == w);
    if let Some(i) = find(&UNITS, &w) {
        return (i > 0).then_some(i as u64);
    }
    if let Some(i) = find(&TEENS, &w) {
        return Some(10 + i as u64);
    }
    if let Some(i) = find(&TENS, &w) {
        return Some(10 * i as u64);
    }
    let (t, u) = w.split_once(['-', ' '])?;
    let t = find(&TENS, t)?;
    let u = find(&UNITS, u).filter(|&u| u > 0)?;
    Some(10 * t as u64 + u as u64)
}

/// A regex alternation of the number words from `from` (at most 20) to ninety-nine. It
/// matches what the list of all of them, longest first, would: the tens with an optional unit
/// ("twenty-five" before "twenty"), then the teens, then the units ("seventeen" and "seventy"
/// before "seven"); no other word of the list starts another. Written this way it compiles to
/// a fraction of the list's automaton.
pub(super) fn number_words_pattern(from: u64) -> String {
    assert!(from <= 20, "number words from {from}");
    let units = UNITS[1..].join("|");
    let tens = TENS[2..].join("|");
    let mut alts = vec![format!("(?:{tens})(?:-(?:{units}))?")];
    alts.extend((from.max(10)..20).map(|n| TEENS[n as usize - 10].to_string()));
    alts.extend((from.max(1)..10).map(|n| UNITS[n as usize].to_string()));
    alts.join("|")
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// 7500 → "7,500".
pub(super) fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `digits` (no commas) as "38 million", "4.5 million", "2 billion" when it is a round
/// amount of a million or more (at most two decimals in its unit).
pub(super) fn round_amount(digits: &str) -> Option<String> {
    let v: u128 = digits.parse().ok()?;
    let (unit, name) = [
        (1_000_000_000_000u128, "trillion"),
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
    ]
    .into_iter()
    .find(|(u, _)| v >= *u)?;
    let (q, r) = (v / unit, v % unit);
    let step = unit / 100;
    if !r.is_multiple_of(step) {
        return None;
    }
    let hundredths = r / step;
    Some(match hundredths {
        0 => format!("{q} {name}"),
        h if h.is_multiple_of(10) => format!("{q}.{} {name}", h / 10),
        h => format!("{q}.{h:02} {name}"),
    })
}

#[cfg(test)]
mod tests {
    use super::{group_thousands, number_words_pattern, round_amount, spell, word_value};

    #[test]
    fn words_and_values() {
        assert_eq!(spell(3).as_deref(), Some("three"));
        assert_eq!(spell(15).as_deref(), Some("fifteen"));
        assert_eq!(spell(40).as_deref(), Some("forty"));
        assert_eq!(spell(99).as_deref(), Some("ninety-nine"));
        assert_eq!(spell(100), None);
        assert_eq!(word_value("Fifteen"), Some(15));
        assert_eq!(word_value("twenty-five"), Some(25));
        assert_eq!(word_value("zero"), None);
        assert_eq!(word_value("twenty-zero"), None);
        assert_eq!(group_thousands("7500"), "7,500");
        assert_eq!(group_thousands("38000000"), "38,000,000");
        assert_eq!(group_thousands("123456"), "123,456");
    }

    #[test]
    fn round_amounts() {
        assert_eq!(round_amount("38000000").as_deref(), Some("38 million"));
        assert_eq!(round_amount("4500000").as_deref(), Some("4.5 million"));
        assert_eq!(round_amount("4250000").as_deref(), Some("4.25 million"));
        assert_eq!(round_amount("2000000000").as_deref(), Some("2 billion"));
        assert_eq!(round_amount("4567890"), None);
        assert_eq!(round_amount("999999"), None);
    }

    /// The short pattern matches exactly the words from `from` to ninety-nine, each as a whole
    /// and the longest at its start, as the list of them longest first does.
    #[test]
    fn number_words_pattern_matches_the_list() {
        for from in [1, 10] {
            let re = regex::Regex::new(&format!("^(?:{})", number_words_pattern(from))).unwrap();
            let mut words: Vec<String> = (from..=99).filter_map(spell).collect();
            words.sort_by_key(|w| std::cmp::Reverse(w.len()));
            let list = regex::Regex::new(&format!("^(?:{})", words.join("|"))).unwrap();
            for n in 0..=100 {
                let w = spell(n).unwrap_or_else(|| "hundred".into());
                for tail in ["", "-year", " people", "teen", "ty", "-one"] {
                    let s = format!("{w}{tail}");
                    assert_eq!(
                        re.find(&s).map(|m| m.as_str()),
                        list.find(&s).map(|m| m.as_str()),
                        "{s:?} from {from}"
                    );
                }
            }
        }
    }
}
