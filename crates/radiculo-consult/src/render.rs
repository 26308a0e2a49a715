//! Writing a [`Document`] as terminal text, markdown or JSON, with citations numbered in order
//! of first use and a reference list, the knowledge-base stamp and the disclaimer at the end.

use std::fmt::Write;

use radiculo_kb::{KnowledgeBase, Reference, Statement, StatementId};
use serde::Serialize;
use serde_json::{Map, Value, json};

/// An answer laid out as headed sections of items.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The title.
    pub title: String,
    /// Sections in order.
    pub sections: Vec<Section>,
}

/// A headed list of items.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading.
    pub heading: String,
    /// The items, each a bullet.
    pub items: Vec<Item>,
    /// Whether the section is a warning (shown in colour on a terminal).
    pub alert: bool,
}

/// One bullet: an optional computed lead (a candidate and its score, a dose) and the
/// statements that follow it.
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// Computed text that leads the bullet, e.g. `L5 (0.82)`. Never clinical prose.
    pub lead: Option<String>,
    /// The statements of the bullet, each printed with its citation numbers.
    pub statements: Vec<StatementId>,
    /// Computed sub-points, e.g. the findings that support a candidate.
    pub details: Vec<String>,
}

impl Section {
    /// A section of items.
    pub fn new(heading: impl Into<String>, items: Vec<Item>) -> Section {
        Section { heading: heading.into(), items, alert: false }
    }

    /// A section shown as a warning.
    pub fn alert(heading: impl Into<String>, items: Vec<Item>) -> Section {
        Section { heading: heading.into(), items, alert: true }
    }
}

impl Item {
    /// A bullet of statements.
    pub fn statements(statements: impl IntoIterator<Item = StatementId>) -> Item {
        Item { lead: None, statements: statements.into_iter().collect(), details: Vec::new() }
    }

    /// A bullet led by computed text.
    pub fn led(lead: impl Into<String>, statements: impl IntoIterator<Item = StatementId>) -> Item {
        Item { lead: Some(lead.into()), statements: statements.into_iter().collect(), details: Vec::new() }
    }

    /// Adds computed sub-points.
    pub fn with_details(mut self, details: Vec<String>) -> Item {
        self.details = details;
        self
    }
}

/// How to write a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Terminal text; `color` adds ANSI bold and red.
    Text {
        /// Whether to use colour.
        color: bool,
    },
    /// Markdown.
    Markdown,
}

/// The statements a document prints and the references they cite, numbered by first use.
pub struct Citations {
    statements: Vec<&'static Statement>,
    references: Vec<&'static Reference>,
}

impl Citations {
    /// Collects the statements of `doc`, in order, and numbers their references.
    pub fn of(kb: &KnowledgeBase, doc: &Document) -> Citations {
        let mut statements: Vec<&'static Statement> = Vec::new();
        let mut references: Vec<&'static Reference> = Vec::new();
        for id in doc.sections.iter().flat_map(|s| &s.items).flat_map(|i| &i.statements) {
            let Some(statement) = kb.statement(id.0) else { continue };
            if statements.iter().any(|s| s.id == statement.id) {
                continue;
            }
            statements.push(statement);
            for cite in statement.cites.iter() {
                if let Some(r) = kb.reference(cite.0).filter(|r| !references.iter().any(|x| x.id == r.id)) {
                    references.push(r);
                }
            }
        }
        Citations { statements, references }
    }

    fn number(&self, reference: &str) -> usize {
        self.references.iter().position(|r| r.id.0 == reference).map_or(0, |i| i + 1)
    }

    /// `text [1][2]` for a statement.
    fn cited(&self, kb: &KnowledgeBase, id: StatementId) -> String {
        let Some(statement) = kb.statement(id.0) else { return String::new() };
        let marks: String = statement.cites.iter().map(|c| format!("[{}]", self.number(c.0))).collect();
        format!("{} {marks}", statement.text)
    }
}

const WIDTH: usize = 100;

/// Wraps `text` to `WIDTH`, the first line after `first`, later lines after `rest`.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

fn item_text(kb: &KnowledgeBase, citations: &Citations, item: &Item) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(lead) = &item.lead {
        parts.push(if item.statements.is_empty() { lead.clone() } else { format!("{lead}:") });
    }
    parts.extend(item.statements.iter().map(|id| citations.cited(kb, *id)));
    parts.join(" ")
}

/// The document as text or markdown.
pub fn render(kb: &KnowledgeBase, doc: &Document, style: Style) -> String {
    let citations = Citations::of(kb, doc);
    let (bold, red, reset) = match style {
        Style::Text { color: true } => ("\x1b[1m", "\x1b[1;31m", "\x1b[0m"),
        _ => ("", "", ""),
    };
    let md = style == Style::Markdown;
    let mut out = String::new();
    if md {
        let _ = writeln!(out, "# {}\n", doc.title);
    } else {
        let _ = writeln!(out, "{bold}{}{reset}\n{}\n", doc.title, "=".repeat(doc.title.chars().count()));
    }
    for section in doc.sections.iter().filter(|s| !s.items.is_empty()) {
        let colour = if section.alert { red } else { bold };
        if md {
            let _ = writeln!(out, "## {}\n", section.heading);
        } else {
            let _ = writeln!(out, "{colour}{}{reset}", section.heading);
        }
        for item in &section.items {
            let text = item_text(kb, &citations, item);
            out.push_str(&if md { wrap(&text, "- ", "  ") } else { wrap(&text, "  - ", "    ") });
            for detail in &item.details {
                out.push_str(&if md { wrap(detail, "  - ", "    ") } else { wrap(detail, "      · ", "        ") });
            }
        }
        out.push('\n');
    }
    if !citations.references.is_empty() {
        if md {
            let _ = writeln!(out, "## References\n");
        } else {
            let _ = writeln!(out, "{bold}References{reset}");
        }
        for (i, r) in citations.references.iter().enumerate() {
            let mark = format!("[{}] ", i + 1);
            let text = format!("{}{}", if md { format!("{}. ", i + 1) } else { mark }, r.citation());
            out.push_str(&if md { wrap(&text, "", "   ") } else { wrap(&text, "  ", "      ") });
        }
        out.push('\n');
    }
    let _ = writeln!(out, "Knowledge base {}. {}", kb.stamp(), kb.disclaimer);
    out
}

/// The document as JSON: the command's own `result` fields, then `statements` (id, text,
/// cites), `references` (id, pmid, doi, url, title, year) and `knowledge_base`.
pub fn render_json<T: Serialize>(kb: &KnowledgeBase, doc: &Document, result: &T) -> String {
    // Empty, not a lone newline, if serialization fails, so that a caller can tell.
    serde_json::to_string_pretty(&Value::Object(json_object(kb, doc, result))).map(|out| out + "\n").unwrap_or_default()
}

/// The JSON of [`render_json`] as an object, for callers that add fields (e.g. `batch`).
pub fn json_object<T: Serialize>(kb: &KnowledgeBase, doc: &Document, result: &T) -> Map<String, Value> {
    let citations = Citations::of(kb, doc);
    let mut object = match serde_json::to_value(result) {
        Ok(Value::Object(map)) => map,
        Ok(other) => {
            let mut map = Map::new();
            map.insert("result".into(), other);
            map
        }
        Err(e) => {
            let mut map = Map::new();
            map.insert("error".into(), Value::String(e.to_string()));
            map
        }
    };
    object.insert("title".into(), Value::String(doc.title.clone()));
    object.insert("statements".into(), Value::Array(citations.statements.iter().map(|s| statement_json(s)).collect()));
    object.insert("references".into(), Value::Array(citations.references.iter().map(|r| reference_json(r)).collect()));
    object.insert("knowledge_base".into(), json!({"version": kb.version, "content_hash": kb.content_hash}));
    object.insert("disclaimer".into(), json!(kb.disclaimer));
    object
}

/// A statement as JSON output lists it: id, text, cites and the figures it prints.
pub fn statement_json(s: &Statement) -> Value {
    // Every number the sentence prints, as data: its value and how it is written.
    let figures: Vec<Value> = radiculo_kb::numbers::in_statement(&s.text)
        .into_iter()
        .map(|n| json!({"value": n.value, "text": s.text.get(n.span).unwrap_or_default()}))
        .collect();
    json!({"id": s.id, "text": s.text, "cites": s.cites, "figures": figures})
}

/// A reference as JSON output lists it: id, PMID, DOI, URL, title, year and citation.
pub fn reference_json(r: &Reference) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(r.id));
    for (key, value) in [("pmid", r.pmid), ("doi", r.doi), ("url", r.url)] {
        if let Some(v) = value {
            m.insert(key.into(), json!(v));
        }
    }
    m.insert("title".into(), json!(r.title));
    m.insert("year".into(), json!(r.year));
    m.insert("citation".into(), json!(r.citation()));
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_a_hanging_indent() {
        let text = "word ".repeat(40);
        let wrapped = wrap(&text, "  - ", "    ");
        assert!(wrapped.lines().all(|l| l.chars().count() <= WIDTH));
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    ")));
    }

    #[test]
    fn citations_are_numbered_by_first_use_and_deduplicated() {
        let kb = radiculo_knowledge::baked();
        let mut with_two = kb.statements.iter().filter(|s| s.cites.len() >= 2);
        let (Some(a), Some(b)) = (with_two.next(), kb.statements.iter().find(|s| s.cites.len() == 1)) else {
            return;
        };
        let doc = Document {
            title: "t".into(),
            sections: vec![Section::new("s", vec![Item::statements([a.id, b.id, a.id])])],
        };
        let citations = Citations::of(kb, &doc);
        assert_eq!(citations.statements.len(), 2);
        assert_eq!(citations.number(a.cites[0].0), 1);
        assert_eq!(citations.number(a.cites[1].0), 2);
        let text = render(kb, &doc, Style::Text { color: false });
        assert!(text.contains("[1][2]"));
        assert!(text.ends_with(&format!("{}\n", kb.disclaimer)));
        assert!(!text.contains('\x1b'), "no colour unless asked");
    }
}
