//! Numbers in knowledge text, for the rule that every number a statement prints is one a
//! cited source reported.
//!
//! Text is split into words: runs of letters, digits and `. - / –` that start with a letter or
//! digit. A word that starts with a letter (`L4`, `C5-6`, `T1-weighted`, `IgG4`) is a name,
//! not a figure, so statements skip it; figures keep every number, so a statement's `2` may
//! match a figure's `G2`.

use core::ops::Range;

/// A number found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// Its value.
    pub value: f64,
    /// Where it is, in bytes.
    pub span: Range<usize>,
}

/// The numbers of a statement's text that must be backed by a figure (names skipped).
pub fn in_statement(text: &str) -> Vec<Number> {
    scan(text, true)
}

/// Every number in a figure.
pub fn in_figure(text: &str) -> Vec<Number> {
    scan(text, false)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '/' | '–')
}

fn scan(text: &str, skip_names: bool) -> Vec<Number> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if !c.is_alphanumeric() {
            chars.next();
            continue;
        }
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if !is_word_char(c) {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        if !(skip_names && c.is_alphabetic()) {
            numbers_in_word(text, start, end, &mut out);
        }
    }
    out
}

fn numbers_in_word(text: &str, start: usize, end: usize, out: &mut Vec<Number>) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let begin = i;
        while i < end && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < end && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            i += 1;
            while i < end && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
        if let Ok(value) = text[begin..i].parse::<f64>() {
            out.push(Number { value, span: begin..i });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(numbers: Vec<Number>) -> Vec<f64> {
        numbers.into_iter().map(|n| n.value).collect()
    }

    #[test]
    fn statements_skip_names_but_keep_figures() {
        let text = "At L4-5, 0.5-1 mg/kg/day for 5 days (71.4%; p<0.004) on T1-weighted MRI.";
        assert_eq!(values(in_statement(text)), [0.5, 1.0, 5.0, 71.4, 0.004]);
    }

    #[test]
    fn figures_keep_numbers_inside_names() {
        assert_eq!(values(in_figure("G2: hold ICPi; IgG4")), [2.0, 4.0]);
    }

    #[test]
    fn a_full_stop_after_a_number_is_not_a_decimal_point() {
        assert_eq!(values(in_statement("It was 2019. Then 3.")), [2019.0, 3.0]);
    }

    #[test]
    fn spans_point_at_the_digits() {
        let text = "about 65.7% of levels";
        let n = &in_statement(text)[0];
        assert_eq!(&text[n.span.clone()], "65.7");
    }
}
