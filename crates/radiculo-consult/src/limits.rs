//! Size limits on everything radiculo reads, in one place. A real case is a few kilobytes
//! with a handful of findings; these limits are far above that and exist so that a wrong file
//! (`/dev/zero`, a log, a binary) or a hostile one fails at once with a clear message instead
//! of exhausting memory or time. The numbers that describe a patient have their own
//! plausibility bounds in `radiculo_kb::plausible`.

/// The largest case file or standard input `consult` and `--case` read, in bytes (1 MiB).
pub const CASE_MAX_BYTES: usize = 1 << 20;

/// The longest line `batch` reads, in bytes (1 MiB, the same as a case file).
pub const LINE_MAX_BYTES: usize = CASE_MAX_BYTES;

/// How far `batch` reads past [`LINE_MAX_BYTES`] looking for the end of an overlong line
/// before it decides the input is not JSON Lines at all and stops (64 MiB).
pub const LINE_SKIP_MAX_BYTES: usize = 64 << 20;

/// The longest command-line argument, in bytes (a question, a finding, a path).
pub const ARGUMENT_MAX_BYTES: usize = 4096;

/// The longest text value in a case (a finding, a red flag, a level), in characters.
pub const TEXT_MAX_CHARS: usize = 200;

/// The most items in one list of a case (findings of one kind, red flags, contexts).
pub const LIST_MAX_ITEMS: usize = 100;

/// A byte count as a message shows it: `1 MiB`, `4096 bytes`.
pub fn bytes(count: usize) -> String {
    const MIB: usize = 1 << 20;
    const KIB: usize = 1 << 10;
    if count >= MIB && count.is_multiple_of(MIB) {
        format!("{} MiB", count / MIB)
    } else if count >= KIB && count.is_multiple_of(KIB) {
        format!("{} KiB", count / KIB)
    } else {
        format!("{count} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_read_naturally() {
        assert_eq!(bytes(CASE_MAX_BYTES), "1 MiB");
        assert_eq!(bytes(ARGUMENT_MAX_BYTES), "4 KiB");
        assert_eq!(bytes(100), "100 bytes");
    }
}
