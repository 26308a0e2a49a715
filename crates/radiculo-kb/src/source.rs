//! Reading `knowledge/**/*.toml` into the model, keeping where each value was written so that
//! problems can be reported as `file:line:column`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::de::{DeTable, DeValue};

use crate::validate::{Diagnostic, Rule};
use crate::{
    Cause, ConditionRule, Dose, ImagingRule, KnowledgeBase, List, Mimic, Parameters, Pattern, Population, RedFlag,
    Reference, RootCard, Sign, Statement, Step, Study, Term, Text, Topic, ZoneRule,
};

/// What one knowledge file may hold. Any table may appear in any file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// The knowledge-base version (in `kb.toml`).
    #[serde(default)]
    pub version: Option<Text>,
    /// The disclaimer that ends every answer (in `kb.toml`).
    #[serde(default)]
    pub disclaimer: Option<Text>,
    /// `[[reference]]` tables.
    #[serde(default)]
    pub reference: Vec<Reference>,
    /// `[[statement]]` tables.
    #[serde(default)]
    pub statement: Vec<Statement>,
    /// `[[term]]` tables.
    #[serde(default)]
    pub term: Vec<Term>,
    /// `[[step]]` tables.
    #[serde(default)]
    pub step: Vec<Step>,
    /// `[[dose]]` tables.
    #[serde(default)]
    pub dose: Vec<Dose>,
    /// `[[topic]]` tables.
    #[serde(default)]
    pub topic: Vec<Topic>,
    /// `[[root]]` tables.
    #[serde(default)]
    pub root: Vec<RootCard>,
    /// `[[mimic]]` tables.
    #[serde(default)]
    pub mimic: Vec<Mimic>,
    /// `[[sign]]` tables.
    #[serde(default)]
    pub sign: Vec<Sign>,
    /// `[[red_flag]]` tables.
    #[serde(default)]
    pub red_flag: Vec<RedFlag>,
    /// `[[cause]]` tables.
    #[serde(default)]
    pub cause: Vec<Cause>,
    /// `[[population]]` tables.
    #[serde(default)]
    pub population: Vec<Population>,
    /// `[[study]]` tables.
    #[serde(default)]
    pub study: Vec<Study>,
    /// `[[imaging_rule]]` tables.
    #[serde(default)]
    pub imaging_rule: Vec<ImagingRule>,
    /// `[[pattern]]` tables.
    #[serde(default)]
    pub pattern: Vec<Pattern>,
    /// `[[zone]]` tables.
    #[serde(default)]
    pub zone: Vec<ZoneRule>,
    /// `[[condition_rule]]` tables.
    #[serde(default)]
    pub condition_rule: Vec<ConditionRule>,
    /// The `[parameters]` table (in one file only).
    #[serde(default)]
    pub parameters: Option<Parameters>,
}

/// One knowledge file, parsed.
pub struct SourceFile {
    /// Path relative to the knowledge root, with `/` separators.
    pub path: String,
    /// The file's text.
    pub text: &'static str,
    /// What it holds (empty if it did not parse).
    pub content: Content,
    tree: Option<DeTable<'static>>,
}

/// The knowledge files of one knowledge root.
pub struct Source {
    /// The directory that was read.
    pub root: PathBuf,
    /// Files in path order.
    pub files: Vec<SourceFile>,
    /// Files that could not be parsed, as diagnostics.
    pub parse_errors: Vec<Diagnostic>,
}

/// A step of a path into a TOML document: a key or an array index.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    /// A table key.
    Key(&'a str),
    /// An array index.
    Index(usize),
}

/// A place in a knowledge file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path relative to the knowledge root.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The whole line, for showing.
    pub line_text: String,
    /// How many characters to underline.
    pub width: usize,
}

/// Why a knowledge root could not be read at all.
#[derive(Debug)]
pub struct ReadError {
    /// The path that failed.
    pub path: PathBuf,
    /// The I/O error.
    pub error: std::io::Error,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for ReadError {}

/// A knowledge base from the text of one file and the given parameters: the tiny synthetic
/// knowledge bases that tests of the engines' semantics are written against.
pub fn synthetic(knowledge: &str, parameters: &Parameters) -> KnowledgeBase {
    #[derive(serde::Serialize)]
    struct File<'a> {
        parameters: &'a Parameters,
    }
    let parameters = toml::to_string(&File { parameters }).unwrap_or_default();
    let texts = vec![("kb.toml".to_string(), knowledge.to_string()), ("parameters.toml".to_string(), parameters)];
    Source::from_texts("synthetic".into(), texts).knowledge_base()
}

impl Source {
    /// Reads every `*.toml` under `root`, in path order.
    pub fn read(root: &Path) -> Result<Source, ReadError> {
        let mut paths = Vec::new();
        collect_toml(root, &mut paths)?;
        paths.sort();
        let mut files = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|error| ReadError { path: path.clone(), error })?;
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let name = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.push((name, text));
        }
        Ok(Source::from_texts(root.to_path_buf(), files))
    }

    /// Parses files given as `(relative path, text)`.
    pub fn from_texts(root: PathBuf, texts: Vec<(String, String)>) -> Source {
        let mut files = Vec::new();
        let mut parse_errors = Vec::new();
        for (path, text) in texts {
            let text: &'static str = Box::leak(text.into_boxed_str());
            let (content, tree) = match toml::from_str::<Content>(text) {
                Ok(content) => (content, DeTable::parse(text).ok().map(|t| t.into_inner())),
                Err(error) => {
                    let span = error.span().unwrap_or(0..0);
                    let location = locate_span(&path, text, span);
                    let message = error.message().trim().replace('\n', " ");
                    parse_errors.push(Diagnostic::new(Rule::Parse, location, message));
                    (Content::default(), None)
                }
            };
            files.push(SourceFile { path, text, content, tree });
        }
        Source { root, files, parse_errors }
    }

    /// A hash of every file's path and text: the same knowledge gives the same hash.
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        for file in &self.files {
            hasher.update(file.path.as_bytes());
            hasher.update([0]);
            hasher.update(file.text.as_bytes());
            hasher.update([0]);
        }
        let digest = hasher.finalize();
        let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }

    /// The knowledge base these files describe, each collection sorted by id.
    pub fn knowledge_base(&self) -> KnowledgeBase {
        let version = self.files.iter().find_map(|f| f.content.version).unwrap_or(Text(""));
        KnowledgeBase {
            version,
            disclaimer: self.files.iter().find_map(|f| f.content.disclaimer).unwrap_or(Text("")),
            content_hash: Text(Box::leak(self.content_hash().into_boxed_str())),
            references: sorted(self.files.iter().flat_map(|f| &f.content.reference), |r| r.id.0),
            statements: sorted(self.files.iter().flat_map(|f| &f.content.statement), |s| s.id.0),
            terms: sorted(self.files.iter().flat_map(|f| &f.content.term), |t| t.id.0),
            steps: sorted(self.files.iter().flat_map(|f| &f.content.step), |s| s.id.0),
            entries: List(Box::leak(
                self.files
                    .iter()
                    .flat_map(|f| &f.content.step)
                    .filter(|s| s.entry)
                    .map(|s| s.id)
                    .collect::<Vec<_>>()
                    .into_boxed_slice(),
            )),
            doses: sorted(self.files.iter().flat_map(|f| &f.content.dose), |d| d.id.0),
            topics: sorted(self.files.iter().flat_map(|f| &f.content.topic), |t| t.id.0),
            roots: sorted(self.files.iter().flat_map(|f| &f.content.root), |r| r.id.0),
            mimics: sorted(self.files.iter().flat_map(|f| &f.content.mimic), |m| m.id.0),
            signs: sorted_by(self.files.iter().flat_map(|f| &f.content.sign), |s| (s.candidate.0, s.finding.0)),
            signs_by_finding: sorted_by(self.files.iter().flat_map(|f| &f.content.sign), |s| {
                (s.finding.0, s.candidate.0)
            }),
            red_flags: sorted(self.files.iter().flat_map(|f| &f.content.red_flag), |r| r.term.0),
            causes: sorted(self.files.iter().flat_map(|f| &f.content.cause), |c| c.id.0),
            populations: sorted(self.files.iter().flat_map(|f| &f.content.population), |p| p.id.0),
            studies: sorted(self.files.iter().flat_map(|f| &f.content.study), |s| s.id.0),
            imaging_rules: sorted_by(self.files.iter().flat_map(|f| &f.content.imaging_rule), |r| (r.priority, r.id.0)),
            patterns: sorted(self.files.iter().flat_map(|f| &f.content.pattern), |p| p.id.0),
            zones: sorted_by(self.files.iter().flat_map(|f| &f.content.zone), |z| (z.region, z.zone)),
            condition_rules: List(Box::leak(
                self.files
                    .iter()
                    .flat_map(|f| f.content.condition_rule.iter().copied())
                    .collect::<Vec<_>>()
                    .into_boxed_slice(),
            )),
            parameters: self.files.iter().find_map(|f| f.content.parameters).unwrap_or_default(),
        }
    }

    /// Where the value at `path` in file number `file` was written (or its nearest parent).
    pub fn locate(&self, file: usize, path: &[Seg<'_>]) -> Location {
        let source = &self.files[file];
        let mut span = 0..0;
        if let Some(tree) = &source.tree {
            let mut table = Some(tree);
            let mut array: Option<&[toml::Spanned<DeValue<'static>>]> = None;
            for seg in path {
                let next = match (*seg, table, array) {
                    (Seg::Key(key), Some(t), _) => t.iter().find(|(k, _)| k.get_ref() == key).map(|(k, v)| {
                        // A table's own span may be empty; its key still shows where it is.
                        if v.span().is_empty() { (k.span(), v) } else { (v.span(), v) }
                    }),
                    (Seg::Index(i), _, Some(a)) => a.get(i).map(|v| (v.span(), v)),
                    _ => None,
                };
                let Some((found, value)) = next else { break };
                span = found;
                table = value.get_ref().as_table();
                array = match value.get_ref() {
                    DeValue::Array(a) => Some(&a[..]),
                    _ => None,
                };
            }
        }
        locate_span(&source.path, source.text, span)
    }
}

fn sorted<'a, T: Copy + 'static>(items: impl Iterator<Item = &'a T>, key: impl Fn(&T) -> &'static str) -> List<T> {
    sorted_by(items, key)
}

fn sorted_by<'a, T: Copy + 'static, K: Ord>(items: impl Iterator<Item = &'a T>, key: impl Fn(&T) -> K) -> List<T> {
    let mut items: Vec<T> = items.copied().collect();
    items.sort_by_key(|item| key(item));
    List(Box::leak(items.into_boxed_slice()))
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ReadError> {
    let entries = std::fs::read_dir(dir).map_err(|error| ReadError { path: dir.to_path_buf(), error })?;
    for entry in entries {
        let entry = entry.map_err(|error| ReadError { path: dir.to_path_buf(), error })?;
        let path = entry.path();
        if path.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Turns a byte span into a 1-based line and column with the line's text.
pub fn locate_span(file: &str, text: &str, span: std::ops::Range<usize>) -> Location {
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[..start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let end = span.end.clamp(start, line_end);
    let width = text[start..end].chars().count().max(1);
    Location { file: file.to_string(), line, column, line_text: text[line_start..line_end].to_string(), width }
}
