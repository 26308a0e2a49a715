//! The minimum supported Rust version is true: every crate of the workspace inherits the
//! workspace's `rust-version`, and no dependency in the lock file needs a newer compiler.
//! (Clippy's `incompatible_msrv` lint checks the code itself against the same version.)

use std::process::Command;

use serde_json::Value;

/// `(major, minor, patch)` of a version such as `1.88` or `1.88.0`.
fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let mut parts = version.split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next().flatten().unwrap_or(0), parts.next().flatten().unwrap_or(0)))
}

/// Every problem with the declared minimum Rust version, from `cargo metadata`.
pub fn check() -> Result<String, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(crate::repo_root())
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    problems(&metadata)
}

fn problems(metadata: &Value) -> Result<String, String> {
    let packages = metadata["packages"].as_array().ok_or("cargo metadata lists no packages")?;
    let members: Vec<&str> =
        metadata["workspace_members"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let is_member = |p: &Value| p["id"].as_str().is_some_and(|id| members.contains(&id));
    let root = packages
        .iter()
        .find(|p| p["name"] == "radiculo-kb")
        .and_then(|p| p["rust_version"].as_str())
        .ok_or("radiculo-kb declares no rust-version")?;
    let msrv = parse(root).ok_or_else(|| format!("rust-version `{root}` is not a version"))?;
    let mut problems = Vec::new();
    for p in packages {
        let name = p["name"].as_str().unwrap_or("?");
        let declared = p["rust_version"].as_str();
        if is_member(p) {
            if declared != Some(root) {
                problems.push(format!("{name}: rust-version {declared:?}, not the workspace's {root}"));
            }
        } else if let Some(v) = declared.and_then(|d| parse(d).map(|v| (d, v)))
            && v.1 > msrv
        {
            problems.push(format!("dependency {name} {} needs Rust {}, above {root}", p["version"], v.0));
        }
    }
    if problems.is_empty() {
        Ok(format!("rust-version {root}: every crate inherits it and no dependency needs more"))
    } else {
        Err(problems.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_number() {
        assert!(parse("1.88").is_some_and(|v| v < (1, 100, 0)));
        assert_eq!(parse("1.88.1"), Some((1, 88, 1)));
        assert_eq!(parse("x"), None);
    }

    #[test]
    fn a_dependency_above_the_floor_is_named() {
        let metadata = serde_json::json!({
            "workspace_members": ["kb"],
            "packages": [
                {"id": "kb", "name": "radiculo-kb", "version": "0.1.0", "rust_version": "1.88"},
                {"id": "old", "name": "old", "version": "1.0.0", "rust_version": "1.70"},
                {"id": "new", "name": "new", "version": "2.0.0", "rust_version": "1.90"}
            ]
        });
        let e = problems(&metadata).expect_err("new needs 1.90");
        assert!(e.contains("new") && !e.contains("old"), "{e}");
    }
}
