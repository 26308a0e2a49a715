//! Running the `radiculo` binary the way a user does: from a directory with no repository.

#![allow(dead_code)]

use std::process::Command;

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
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}
