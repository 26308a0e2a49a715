//! Writing results and messages so that the exit code tells the truth: a result that could not
//! be written (a full disk, a closed standard output) is an error, a reader that stopped
//! early (`| head`) ends the run quietly, and a message that cannot be written to stderr is
//! dropped rather than panicking.

use std::io::{ErrorKind, Write};

/// Why a result did not reach standard output.
#[derive(Debug)]
pub enum WriteFailure {
    /// The reader closed the pipe (`| head -1`): stop quietly, as `cat` and ripgrep do.
    BrokenPipe,
    /// Standard output was closed when radiculo started (`>&-`).
    Closed,
    /// Any other failure, e.g. no space left on the device.
    Failed(std::io::Error),
}

impl WriteFailure {
    /// Classifies a write error.
    pub fn from_io(e: std::io::Error) -> WriteFailure {
        if e.kind() == ErrorKind::BrokenPipe { WriteFailure::BrokenPipe } else { WriteFailure::Failed(e) }
    }

    /// The message for stderr, if the failure deserves one.
    pub fn message(&self) -> Option<String> {
        match self {
            WriteFailure::BrokenPipe => None,
            WriteFailure::Closed => Some("cannot write the result: standard output is closed".into()),
            WriteFailure::Failed(e) => Some(format!("cannot write the result to standard output: {e}")),
        }
    }
}

/// Whether standard output was closed when the process started.
///
/// The Rust runtime reopens a closed standard output on `/dev/null` (read-write) before `main`
/// runs, so writes "succeed" and the result is silently lost. A shell's `> /dev/null` opens it
/// write-only, so read-write `/dev/null` is the mark of a closed descriptor. (A caller that
/// deliberately opens `/dev/null` read-write for standard output, as Python's
/// `subprocess.DEVNULL` does, is read as closed too; it discards the output either way.)
/// Only Linux is checked; elsewhere this is always false.
pub fn stdout_is_closed() -> bool {
    #[cfg(target_os = "linux")]
    {
        let is_null = std::fs::read_link("/proc/self/fd/1").is_ok_and(|p| p == std::path::Path::new("/dev/null"));
        is_null
            && std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
                info.lines()
                    .find_map(|l| l.strip_prefix("flags:"))
                    .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
                    .is_some_and(|flags| flags & 0o3 == 0o2)
            })
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// Writes a whole result to standard output and flushes it.
pub fn write_stdout(bytes: &[u8]) -> Result<(), WriteFailure> {
    if stdout_is_closed() {
        return Err(WriteFailure::Closed);
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).and_then(|()| stdout.flush()).map_err(WriteFailure::from_io)
}

/// Writes one message line to stderr, with control characters escaped; a failure to write it
/// is ignored, since there is nowhere left to report it.
pub fn report(message: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", radiculo_kb::echo::printable(message));
}
