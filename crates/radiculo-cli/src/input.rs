//! Reading what the user gives, within the limits of `radiculo_consult::limits`: arguments,
//! case files and standard input. Every failure is a message for an exit-2 error that names
//! the path (or argument) and, for text that is not UTF-8, the line and column.

use radiculo_consult::case::position;
use std::ffi::OsString;
use std::io::Read;

use radiculo_consult::limits::{ARGUMENT_MAX_BYTES, CASE_MAX_BYTES, bytes};
use radiculo_kb::echo::echo;

/// Refuses any command-line argument longer than [`ARGUMENT_MAX_BYTES`], before it is parsed.
pub fn check_arguments(args: impl IntoIterator<Item = OsString>) -> Result<(), String> {
    for (i, arg) in args.into_iter().enumerate().skip(1) {
        if arg.len() > ARGUMENT_MAX_BYTES {
            let shown = arg.to_string_lossy();
            return Err(format!(
                "argument {i} (`{}`) is {} bytes long; the limit is {}",
                echo(&shown),
                arg.len(),
                bytes(ARGUMENT_MAX_BYTES)
            ));
        }
    }
    Ok(())
}

/// What to call `path` in a message.
pub fn shown(path: &str) -> String {
    if path == "-" { "standard input".to_string() } else { format!("`{}`", echo(path)) }
}

/// The text of a case file, or of standard input for `-`: at most [`CASE_MAX_BYTES`], and
/// UTF-8 (a UTF-8 byte-order mark is dropped).
pub fn read_case_text(path: &str) -> Result<String, String> {
    let name = shown(path);
    let cannot = |e: std::io::Error| format!("cannot read {name}: {e}");
    let mut data = Vec::new();
    let limit = u64::try_from(CASE_MAX_BYTES).unwrap_or(u64::MAX).saturating_add(1);
    if path == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut data).map_err(cannot)?;
    } else {
        let file = std::fs::File::open(path).map_err(cannot)?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(format!("{name} is a directory, not a case file"));
        }
        file.take(limit).read_to_end(&mut data).map_err(cannot)?;
    }
    if data.len() > CASE_MAX_BYTES {
        return Err(format!("{name} is larger than the {} limit for a case", bytes(CASE_MAX_BYTES)));
    }
    text(&name, data)
}

/// `data` as UTF-8 text without a byte-order mark, or a message naming where it is not text.
pub fn text(name: &str, mut data: Vec<u8>) -> Result<String, String> {
    if data.starts_with(b"\xef\xbb\xbf") {
        data.drain(..3);
    }
    String::from_utf8(data).map_err(|e| {
        let bytes = e.as_bytes();
        if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
            return format!("{name} is UTF-16 text; save it as UTF-8");
        }
        let at = e.utf8_error().valid_up_to();
        let (line, column) = position(bytes, at);
        let byte = bytes.get(at).map_or(String::new(), |b| format!(" (byte 0x{b:02x})"));
        format!("{name} is not UTF-8 text: line {line}, column {column}{byte}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located_by_line_and_character() {
        let e = text("`x`", b"a = 1\n\xc3\xa9\xc3\xa9\xff\n".to_vec()).expect_err("not UTF-8");
        assert_eq!(e, "`x` is not UTF-8 text: line 2, column 3 (byte 0xff)");
        let e = text("`x`", b"\xff\xfe[\x00".to_vec()).expect_err("UTF-16");
        assert!(e.contains("UTF-16"), "{e}");
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        assert_eq!(text("x", b"\xef\xbb\xbf{}".to_vec()), Ok("{}".to_string()));
    }

    #[test]
    fn long_arguments_are_refused() {
        let long = OsString::from("x".repeat(ARGUMENT_MAX_BYTES + 1));
        let e = check_arguments([OsString::from("radiculo"), OsString::from("root"), long]).expect_err("too long");
        assert!(e.starts_with("argument 2 (`xxx") && e.ends_with("the limit is 4 KiB"), "{e}");
        assert!(check_arguments([OsString::from("radiculo"), OsString::from("x".repeat(100))]).is_ok());
    }
}
