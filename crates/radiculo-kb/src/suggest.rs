//! "Did you mean" suggestions: the valid names nearest to a misspelt one.

/// Up to `n` candidates nearest to `input`, closest first, ties in the candidates' order.
/// Candidates too unlike the input to be a plausible misspelling are left out.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let mut ranked: Vec<&'a str> = scored(input, &candidates, NEAR).into_iter().map(|(_, i)| candidates[i]).collect();
    // A name given twice with the same score is suggested once.
    ranked.dedup();
    ranked.truncate(n);
    ranked
}

/// The positions of `candidates` from nearest to `input` to farthest, however far, ties in the
/// candidates' order: for callers that rank names but report something else (a term's
/// label). Like [`nearest`], it gives nothing for input much longer than every candidate.
pub fn order(input: &str, candidates: &[&str]) -> Vec<usize> {
    scored(input, candidates, f64::NEG_INFINITY).into_iter().map(|(_, i)| i).collect()
}

/// How many characters longer than the longest candidate an input may be and still be read as
/// a misspelling of one (a doubled letter, a stray word ending).
pub const SLACK_CHARS: usize = 4;

/// The similarity [`nearest`] asks for (Jaro-Winkler, 0 to 1).
const NEAR: f64 = 0.8;

/// The similarity of a name one edit from the input, whatever Jaro-Winkler says.
const ONE_EDIT: f64 = 0.85;

/// Each candidate at least `floor` alike, with its position, nearest first.
fn scored(input: &str, candidates: &[&str], floor: f64) -> Vec<(f64, usize)> {
    // Input much longer than every name is no misspelling of one; skipping it also keeps the
    // cost of a huge input (a pasted file) from growing with its length.
    let longest = candidates.iter().map(|c| c.chars().count()).max().unwrap_or(0);
    if input.chars().nth(longest + SLACK_CHARS).is_some() {
        return Vec::new();
    }
    let input = input.to_lowercase();
    let input_chars = input.chars().count();
    let one_edit = (input.len() / 4).max(1);
    let mut scored: Vec<(f64, usize)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let lower = lowercase(c);
            let mut score = jaro_winkler(&input, &lower);
            if lower.contains(&input) || (input.len() > 2 && input.contains(&*lower)) {
                score = score.max(0.9);
            }
            // Short names (`l6` for `l5`) are near by one edit even when Jaro-Winkler says not.
            // The edit distance is at least the difference in length, so most names need no count.
            let near_in_length = lower.chars().count().abs_diff(input_chars) <= one_edit;
            if score < ONE_EDIT && near_in_length && within_edits(&input, &lower, one_edit) {
                score = ONE_EDIT;
            }
            (score, i)
        })
        .filter(|(score, _)| *score >= floor)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
}

/// Jaro-Winkler similarity of `a` and `b`, over bytes when both are ASCII (the same value,
/// and stepping through bytes costs less than decoding characters).
fn jaro_winkler(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        strsim::generic_jaro_winkler(&Bytes(a), &Bytes(b))
    } else {
        strsim::jaro_winkler(a, b)
    }
}

/// Levenshtein distance of `a` and `b` in characters, over bytes when both are ASCII.
fn levenshtein(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() {
        strsim::generic_levenshtein(&Bytes(a), &Bytes(b))
    } else {
        strsim::levenshtein(a, b)
    }
}

/// Whether the Levenshtein distance of `a` and `b` is at most `most`. Most names differ from
/// the input in more letters than that, which counting letters shows without the full
/// distance: each edit changes the count of at most one letter each way, so the distance is
/// at least the larger of the letters `a` has beyond `b` and `b` beyond `a`.
fn within_edits(a: &str, b: &str, most: usize) -> bool {
    if a.is_ascii() && b.is_ascii() {
        let mut counts = [0i32; 128];
        for byte in a.bytes() {
            counts[usize::from(byte)] += 1;
        }
        for byte in b.bytes() {
            counts[usize::from(byte)] -= 1;
        }
        let (extra, missing) = counts.iter().fold((0, 0), |(e, m), &c| (e + c.max(0), m + (-c).max(0)));
        if usize::try_from(extra.max(missing)).unwrap_or(usize::MAX) > most {
            return false;
        }
    }
    levenshtein(a, b) <= most
}

/// A string read as its bytes, for strsim's generic measures.
struct Bytes<'s>(&'s str);

impl<'s> IntoIterator for &Bytes<'s> {
    type Item = u8;
    type IntoIter = std::iter::Copied<std::slice::Iter<'s, u8>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.as_bytes().iter().copied()
    }
}

/// `name` in lower case, copied only when lowercasing changes it (vocabulary names are
/// rarely anything but lower-case ASCII).
fn lowercase(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_ascii() && !name.bytes().any(|b| b.is_ascii_uppercase()) {
        name.into()
    } else {
        name.to_lowercase().into()
    }
}

/// `"a", "b" or "c"`, for messages.
pub fn or_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_misspelt_id_first() {
        let ids = ["riew2000", "riew2006", "lee2009", "kim2009"];
        assert_eq!(nearest("riew200", ids, 3)[0], "riew2000");
    }

    #[test]
    fn short_names_one_edit_apart_are_near() {
        assert_eq!(nearest("l6", ["fake-neuropathy", "l5", "s1"], 3), ["l5"]);
    }

    #[test]
    fn order_ranks_every_name_however_far() {
        assert_eq!(order("zzzz", &["riew2000", "lee2009", "kim2009"]).len(), 3);
    }

    #[test]
    fn leaves_out_unrelated_names() {
        assert!(nearest("zzzz", ["riew2000", "lee2009"], 3).is_empty());
    }

    #[test]
    fn input_longer_than_every_name_gets_no_suggestion() {
        let names = ["riew2000", "lee2009"];
        assert!(order(&"r".repeat(100_000), &names).is_empty());
        assert_eq!(order("riew2000xxxx", &names)[0], 0, "a few stray characters are still a typo");
        assert!(order("riew2000xxxxx", &names).is_empty());
    }

    #[test]
    fn byte_measures_agree_with_character_measures() {
        let words = ["sadle anesthesia", "saddle anaesthesia", "l5", "l6", "", "knee jerk", "ankle-jerk", "ünter"];
        for a in words {
            for b in words {
                assert_eq!(jaro_winkler(a, b).to_bits(), strsim::jaro_winkler(a, b).to_bits(), "{a} {b}");
                assert_eq!(levenshtein(a, b), strsim::levenshtein(a, b), "{a} {b}");
            }
        }
    }

    #[test]
    fn counting_letters_never_rules_out_a_near_name() {
        let words = ["sadle anesthesia", "saddle anaesthesia", "l5", "l6", "", "knee jerk", "jerk knee", "ab", "ba"];
        for a in words {
            for b in words {
                for most in 0..6 {
                    assert_eq!(within_edits(a, b, most), levenshtein(a, b) <= most, "{a} {b} {most}");
                }
            }
        }
    }

    #[test]
    fn or_list_reads_naturally() {
        assert_eq!(or_list(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(or_list(&["a"]), "`a`");
    }
}

/// A word that is none of a fixed set of keywords, with the valid ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// What was expected, e.g. `zone`.
    pub noun: &'static str,
    /// The word as given (shortened for display).
    pub input: String,
    /// The valid keywords.
    pub valid: Vec<&'static str>,
}

impl Unknown {
    /// An unknown `noun` `input`, one of `valid` expected.
    pub fn new(noun: &'static str, input: &str, valid: impl IntoIterator<Item = &'static str>) -> Unknown {
        Unknown { noun, input: crate::shown(input), valid: valid.into_iter().collect() }
    }
}

impl core::fmt::Display for Unknown {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "unknown {} `{}`; use {}", self.noun, self.input, or_list(&self.valid))
    }
}

impl std::error::Error for Unknown {}
