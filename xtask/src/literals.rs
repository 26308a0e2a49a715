//! Clinical numbers belong in `knowledge/`, not in engine code: this scan lists the numeric
//! literals of the engine crates' source (tests and comments excluded) that are neither
//! structural (0, 1, 2 and their float forms) nor on the allow-list below with a reason.

use std::path::{Path, PathBuf};

/// The crates whose code must hold no clinical numbers.
const ENGINES: &[&str] = &["radiculo-anatomy", "radiculo-imaging", "radiculo-pathways", "radiculo-consult"];

/// Literals that count things or index, not clinical values.
const STRUCTURAL: &[&str] = &["0", "1", "2", "0.0", "1.0"];

/// Numbers that are definitions or presentation, not clinical thresholds: (file, literal, why);
/// `*` covers a whole file whose numbers are all of one non-clinical kind.
const ALLOWED: &[(&str, &str, &str)] = &[
    ("radiculo-anatomy/src/findings.rs", "5", "the MRC scale runs from 0 to 5 by definition"),
    ("radiculo-anatomy/src/findings.rs", "3", "MRC grade names (definitions of the scale)"),
    ("radiculo-anatomy/src/findings.rs", "4", "MRC grade names (definitions of the scale)"),
    ("radiculo-anatomy/src/findings.rs", "40", "bytes reserved for writing a finding (capacity, not clinical)"),
    ("radiculo-anatomy/src/level.rs", "3", "vertebra counts and numbering (anatomy, not thresholds)"),
    ("radiculo-anatomy/src/level.rs", "4", "vertebra counts and numbering"),
    ("radiculo-anatomy/src/level.rs", "5", "vertebra counts and numbering"),
    ("radiculo-anatomy/src/level.rs", "6", "vertebra counts and numbering"),
    ("radiculo-anatomy/src/level.rs", "7", "vertebra counts and numbering"),
    ("radiculo-anatomy/src/level.rs", "8", "vertebra counts and numbering"),
    ("radiculo-anatomy/src/level.rs", "9", "vertebra counts and numbering"),
    ("radiculo-anatomy/src/level.rs", "10", "vertebra counts and numbering"),
    ("radiculo-anatomy/src/level.rs", "11", "vertebra counts and numbering"),
    ("radiculo-anatomy/src/level.rs", "12", "vertebra counts and numbering"),
    (
        "radiculo-anatomy/src/localize.rs",
        "3",
        "MRC 3 is the band boundary of the scale (against gravity); at most 3 next tests",
    ),
    ("radiculo-anatomy/src/localize.rs", "4", "root order: regions C, T, L, S, other"),
    ("radiculo-anatomy/src/localize.rs", "0.5", "next-test choice: a secondary sign predicts half as strongly"),
    ("radiculo-anatomy/src/localize.rs", "-1.0", "next-test choice: a spared sign predicts the opposite"),
    ("radiculo-anatomy/src/localize.rs", "10.0", "next-test choice: differences compared in tenths"),
    ("radiculo-anatomy/src/vocab.rs", "11", "the number of term kinds"),
    ("radiculo-anatomy/src/vocab.rs", "3", "at most 3 \"did you mean\" suggestions"),
    ("radiculo-imaging/src/differential.rs", "1e6", "stands for an unbounded lead in a finite number"),
    ("radiculo-imaging/src/differential.rs", "4", "at most 4 findings that would change the ranking"),
    (
        "radiculo-imaging/src/findings.rs",
        "3",
        "one disc level meets at most 2 roots on a side: 3 roots cannot be single-level",
    ),
    ("radiculo-pathways/src/plan.rs", "3", "CTCAE grade names (definitions of the scale)"),
    ("radiculo-pathways/src/plan.rs", "5", "the CTCAE grade terms and scale (1-4 for this toxicity)"),
    ("radiculo-pathways/src/state.rs", "10", "the pain scale runs from 0 to 10 by definition"),
    ("radiculo-pathways/src/state.rs", "12", "months in a year"),
    ("radiculo-pathways/src/state.rs", "4", "CTCAE grades run from 1 to 4 for this toxicity"),
    ("radiculo-pathways/src/state.rs", "5", "MRC 5 is normal strength by definition"),
    ("radiculo-consult/src/anatomy.rs", "3", "at most 3 runners-up on one screen"),
    ("radiculo-consult/src/ask.rs", "5", "topic routing weights: a region term"),
    (
        "radiculo-consult/src/ask.rs",
        "10",
        "topic routing weights: a question term outweighs any number of preferred ones",
    ),
    ("radiculo-consult/src/ask.rs", "20", "topic routing weights: a patient fact names guidance written for them"),
    ("radiculo-consult/src/ask.rs", "3", "ordering of discriminating tests; at most 3 lines of an answer part"),
    ("radiculo-consult/src/ask.rs", "4", "at most 4 section lines on one screen"),
    (
        "radiculo-consult/src/extract.rs",
        "*",
        "reading free text: number words, unit conversions (weeks in a year and a month, kg in a pound), gestation up to 42 weeks, word windows and typo distances; ages and the adult bound come from parameters",
    ),
    ("radiculo-consult/src/case.rs", "5", "MRC 5 is normal strength by definition"),
    ("radiculo-consult/src/consult.rs", "3", "at most 3 steps on one screen"),
    ("radiculo-consult/src/pathway.rs", "3", "at most 3 steps on one screen"),
    ("radiculo-consult/src/imaging.rs", "3", "at most 3 runners-up on one screen"),
    ("radiculo-consult/src/document.rs", "250", "word budget of an ask answer (issue 11)"),
    ("radiculo-consult/src/document.rs", "300", "word budget of a command's answer (issue 11)"),
    ("radiculo-consult/src/document.rs", "400", "word budget of a consultation (issue 11)"),
    ("radiculo-consult/src/notation.rs", "4", "MRC grades 0-4 are weakness by definition"),
    ("radiculo-consult/src/notation.rs", "5", "MRC 5 is normal strength by definition"),
    ("radiculo-consult/src/render.rs", "100", "line width of text output"),
    ("radiculo-consult/src/limits.rs", "20", "size limits of input (1 MiB = 1 << 20 bytes), not clinical"),
    ("radiculo-consult/src/limits.rs", "10", "size limits of input (1 KiB = 1 << 10 bytes), not clinical"),
    ("radiculo-consult/src/limits.rs", "64", "size limits of input (64 MiB skipped at most), not clinical"),
    ("radiculo-consult/src/limits.rs", "4096", "size limits of input (4 KiB per argument), not clinical"),
    ("radiculo-consult/src/limits.rs", "200", "size limits of input (characters per value), not clinical"),
    ("radiculo-consult/src/limits.rs", "100", "size limits of input (items per list), not clinical"),
    ("radiculo-pathways/src/rules.rs", "64", "bits in a u64 word of a compiled rule's bit set"),
];

/// `file:line: literal` for every unexplained numeric literal under `root`.
pub fn scan(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for engine in ENGINES {
        let mut files = Vec::new();
        collect(&root.join("crates").join(engine).join("src"), &mut files);
        files.sort();
        for file in files {
            let name =
                format!("{engine}/{}", file.strip_prefix(root.join("crates").join(engine)).unwrap_or(&file).display());
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for (number, line) in
                text.lines().enumerate().take_while(|(_, l)| !l.trim_start().starts_with("#[cfg(test)]"))
            {
                for literal in literals(&code_of(line)) {
                    let allowed = STRUCTURAL.contains(&literal.as_str())
                        || ALLOWED.iter().any(|(f, l, _)| *f == name && (*l == literal || *l == "*"));
                    if !allowed {
                        out.push(format!("crates/{name}:{}: {literal}: {}", number + 1, line.trim()));
                    }
                }
            }
        }
    }
    out
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The line without comments and without the contents of string and char literals.
fn code_of(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (true, '\\') => {
                chars.next();
            }
            (true, '"') => {
                in_string = false;
                out.push('"');
            }
            (true, _) => {}
            (false, '"') => {
                in_string = true;
                out.push('"');
            }
            (false, '/') if chars.peek() == Some(&'/') => break,
            (false, '\'') => {
                // A char literal ('x', '\n') is skipped; a lifetime ('a) is kept as code.
                let rest: String = chars.clone().take(3).collect();
                if rest.chars().nth(1) == Some('\'') || rest.starts_with('\\') {
                    for n in chars.by_ref() {
                        if n == '\'' {
                            break;
                        }
                    }
                } else {
                    out.push(c);
                }
            }
            (false, _) => out.push(c),
        }
    }
    out
}

/// Numeric literals of a line of code: digits not part of an identifier, with an optional
/// fraction and exponent, and a leading minus when it cannot be a subtraction.
fn literals(code: &str) -> Vec<String> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b'.'));
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
            i += 1;
        }
        if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
        if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
            i += 1;
            if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
                i += 1;
            }
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
        let mut literal = code[start..i].to_string();
        // Type suffixes (1u8, 0usize) are part of the literal, not of its value.
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        let before = code[..start].trim_end();
        if before.ends_with('-') && before[..before.len() - 1].trim_end().ends_with(['(', ',', '=', '[', '>', '|']) {
            literal.insert(0, '-');
        }
        out.push(literal);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_literals_but_not_identifiers_strings_or_comments() {
        assert_eq!(literals(&code_of(r#"let x = f(3, -1.5, v2, 1e-9u8) // 42"#)), ["3", "-1.5", "1e-9"]);
        assert_eq!(literals(&code_of(r#"let s = "MRC 4"; let c = '7';"#)), Vec::<String>::new());
        assert_eq!(literals(&code_of("a - 7")), ["7"]);
    }

    #[test]
    fn engine_code_holds_no_clinical_numbers() {
        let found = scan(&crate::repo_root());
        assert!(
            found.is_empty(),
            "numeric literals in engine code; move clinical values to knowledge/engine/parameters.toml or explain them in xtask/src/literals.rs:\n{}",
            found.join("\n")
        );
    }
}
