//! Running the `radiculo` binary the way a user does: from a directory with no repository.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Snapshots name the knowledge-base version but not its hash, which changes with every edit.
#[macro_export]
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({filters => vec![(r"sha256:[0-9a-f]{12}", "sha256:[hash]")]}, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

/// What one run of `radiculo` produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `radiculo` with `args` from the system temporary directory, so a passing test proves
/// the binary needs no files beside it.
pub fn radiculo(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_radiculo"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .env("NO_COLOR", "1")
        .output()
        .expect("the radiculo binary runs");
    Run::from(output)
}

impl From<std::process::Output> for Run {
    fn from(output: std::process::Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// The `radiculo` binary, for tests that set up the process themselves.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_radiculo"));
    command.current_dir(std::env::temp_dir()).env("NO_COLOR", "1");
    command
}

/// Runs `radiculo` with `input` on standard input.
pub fn radiculo_with_input(args: &[&str], input: &[u8]) -> Run {
    let mut child = command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the radiculo binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    // Written from a thread so that a large input cannot deadlock against a full stdout pipe;
    // radiculo may stop reading early, so a write error is expected and ignored.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("radiculo finishes");
    let _ = writer.join();
    Run::from(output)
}

/// Runs `radiculo` through `sh -c`, with `redirect` applied first (e.g. `exec 1>&-` to close
/// standard output, which Rust's `Stdio` cannot express).
pub fn radiculo_sh(redirect: &str, args: &[&str]) -> Run {
    let script = format!("{redirect}; exec \"$0\" \"$@\"");
    let output = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_radiculo"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    Run::from(output)
}

/// A file in the system temporary directory with a name no other test or test run uses,
/// removed when dropped.
pub struct TempFile {
    pub path: PathBuf,
}

impl TempFile {
    /// Writes `contents` to a new file whose name ends with `name`.
    pub fn new(name: &str, contents: impl AsRef<[u8]>) -> TempFile {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = format!("radiculo-test-{}-{}-{name}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(unique);
        std::fs::write(&path, contents).expect("write a temporary file");
        TempFile { path }
    }

    /// The path as an argument.
    pub fn arg(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
