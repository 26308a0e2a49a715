//! Showing user input inside messages. Every error that repeats what the user typed goes
//! through [`echo`], so that a message stays short however long the input was, and so that
//! input cannot send escape sequences to the terminal that shows the message.

use core::fmt;
use std::borrow::Cow;

/// The most characters of user input a message repeats (an escape counting as the characters
/// it is written with); longer input is cut with `…`.
pub const ECHO_MAX_CHARS: usize = 80;

/// `input` as a message may show it: control characters (ESC, CR, NUL, DEL, C1 controls) and
/// bidirectional-text overrides written as escapes (`\u{1b}`), and the whole cut with `…` once
/// it would be longer than [`ECHO_MAX_CHARS`] characters.
pub fn echo(input: &str) -> Echo<'_> {
    Echo(input)
}

/// [`echo`] as an owned string, for error values that keep the input they name.
pub fn shown(input: &str) -> String {
    echo(input).to_string()
}

/// User input prepared for a message; see [`echo`].
#[derive(Debug, Clone, Copy)]
pub struct Echo<'a>(&'a str);

impl fmt::Display for Echo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = 0;
        for c in self.0.chars() {
            let width = if unsafe_to_show(c) { c.escape_unicode().count() } else { 1 };
            shown += width;
            if shown > ECHO_MAX_CHARS {
                return f.write_str("…");
            }
            write_char(f, c)?;
        }
        Ok(())
    }
}

/// Whether `c` could change how a terminal shows what follows: a control character, or an
/// invisible character that reorders or hides text.
fn unsafe_to_show(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || c == '\u{feff}'
}

fn write_char(f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
    if unsafe_to_show(c) { write!(f, "{}", c.escape_unicode()) } else { fmt::Write::write_char(f, c) }
}

/// A whole message made safe for a terminal: like [`echo`] it escapes control characters,
/// but keeps line breaks and tabs and does not shorten. The last line of defence for
/// messages printed on stderr, in case some path echoed input without [`echo`].
pub fn printable(message: &str) -> Cow<'_, str> {
    let keep = |c: char| c == '\n' || c == '\t' || !unsafe_to_show(c);
    if message.chars().all(keep) {
        return Cow::Borrowed(message);
    }
    let mut out = String::with_capacity(message.len() + 16);
    for c in message.chars() {
        if keep(c) {
            out.push(c);
        } else {
            out.extend(c.escape_unicode());
        }
    }
    Cow::Owned(out)
}

/// A message from a parser (serde, TOML) that quotes input between backticks, with every
/// quoted part (and any other overlong part) shown through [`echo`]: such messages repeat
/// unknown keys and values however long they are.
pub fn quoted(message: &str) -> String {
    let parts: Vec<String> = message.split('`').map(|part| echo(part).to_string()).collect();
    parts.join("`")
}

/// A number from user input as a message may show it: short forms for the very large and
/// very small (`1e308`, not 309 digits).
pub fn number(value: f64) -> String {
    let magnitude = value.abs();
    if value.is_finite() && magnitude != 0.0 && !(1e-4..1e9).contains(&magnitude) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_input_is_shown_as_is() {
        assert_eq!(echo("foot drop:left:3").to_string(), "foot drop:left:3");
        assert_eq!(echo("ééé").to_string(), "ééé");
    }

    #[test]
    fn long_input_is_cut_with_an_ellipsis() {
        let long = "L".repeat(100_000);
        let shown = echo(&long).to_string();
        assert_eq!(shown.chars().count(), ECHO_MAX_CHARS + 1);
        assert!(shown.ends_with('…'));
        let exact = "x".repeat(ECHO_MAX_CHARS);
        assert_eq!(echo(&exact).to_string(), exact);
    }

    #[test]
    fn escapes_count_toward_the_length() {
        let shown = echo(&"\u{202d}".repeat(100)).to_string();
        assert!(shown.chars().count() <= ECHO_MAX_CHARS + 1, "{shown}");
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(echo("\x1b[2Jboom").to_string(), "\\u{1b}[2Jboom");
        assert_eq!(echo("a\nb\r\0").to_string(), "a\\u{a}b\\u{d}\\u{0}");
        assert_eq!(echo("\u{202e}txt").to_string(), "\\u{202e}txt");
        assert!(!echo("\u{9b}31m").to_string().contains('\u{9b}'));
    }

    #[test]
    fn printable_keeps_line_breaks_only() {
        assert_eq!(printable("a\nb\tc"), "a\nb\tc");
        assert_eq!(printable("a\x1b[31m"), "a\\u{1b}[31m");
    }

    #[test]
    fn quoted_parts_of_parser_messages_are_cut() {
        let key = "k".repeat(1_000_000);
        let message = format!("unknown field `{key}`, expected `age` or `weight_kg`");
        let shown = quoted(&message);
        assert!(shown.len() < 200, "{shown}");
        assert!(shown.ends_with("…`, expected `age` or `weight_kg`"), "{shown}");
        assert_eq!(quoted("duplicate key"), "duplicate key");
    }

    #[test]
    fn numbers_stay_short() {
        assert_eq!(number(1e308), "1e308");
        assert_eq!(number(1e-308), "1e-308");
        assert_eq!(number(72.5), "72.5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(f64::NAN), "NaN");
    }
}
