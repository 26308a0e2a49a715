//! Writing a [`Document`] as terminal text, markdown or JSON: alerts and the direct answer
//! first, citations numbered in order of first use, the kind of evidence beside every
//! statement, a reference list of what was printed, the knowledge-base stamp and the
//! disclaimer.
//!
//! Text and markdown come at two levels: the summary (one screen, within the document's word
//! budget: lines are dropped from the end of the last sections until it fits, and stay in
//! `--detail`) and the detail (every section, with supporting statements and notes). JSON
//! always carries everything.

use std::fmt::Write;

use radiculo_kb::{KnowledgeBase, Reference, Statement, StatementId};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::document::{Document, Heading, Lead, Line};

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// The one-screen answer.
    #[default]
    Summary,
    /// Everything, with the evidence behind each line.
    Detail,
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
struct Citations {
    statements: Vec<&'static Statement>,
    references: Vec<&'static Reference>,
}

impl Citations {
    fn of<'a>(kb: &KnowledgeBase, ids: impl IntoIterator<Item = &'a StatementId>) -> Citations {
        let mut statements: Vec<&'static Statement> = Vec::new();
        let mut references: Vec<&'static Reference> = Vec::new();
        for id in ids {
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

    /// `text [1][2] (guideline, moderate)`.
    fn cited(&self, statement: &Statement) -> String {
        format!("{} {}", statement.text, self.marks(statement))
    }

    /// `[1][2] (guideline, moderate)`: where a statement comes from, without its text.
    fn marks(&self, statement: &Statement) -> String {
        let marks: String = statement.cites.iter().map(|c| format!("[{}]", self.number(c.0))).collect();
        match evidence_tag(statement) {
            Some(tag) => format!("{marks} ({tag})"),
            None => marks,
        }
    }
}

/// The kind of evidence and, where the source grades it, its strength: `guideline, moderate`.
pub fn evidence_tag(statement: &Statement) -> Option<String> {
    let evidence = statement.evidence?;
    if statement.audience == radiculo_kb::Audience::Patient {
        return None;
    }
    Some(match statement.strength.map(radiculo_kb::Strength::as_str) {
        Some(strength) if strength != evidence.label() => format!("{}, {strength}", evidence.label()),
        _ => evidence.label().to_string(),
    })
}

/// The statement ids an answer prints at `level`, each once, in the order first printed.
pub fn statement_ids(doc: &Document, level: Level) -> Vec<StatementId> {
    let mut ids = printed_ids(doc, level);
    let mut seen = std::collections::BTreeSet::new();
    ids.retain(|id| seen.insert(id.0));
    ids
}

/// The statement ids a level prints, in order.
fn printed_ids(doc: &Document, level: Level) -> Vec<StatementId> {
    let mut out = Vec::new();
    let mut line = |l: &Line| {
        out.extend(l.statement);
        if level == Level::Detail {
            out.extend(l.support.iter().copied());
        }
    };
    doc.alerts.iter().chain(&doc.answer).for_each(&mut line);
    for section in &doc.summary {
        section.lines.iter().for_each(&mut line);
    }
    if level == Level::Detail {
        for section in &doc.detail {
            section.lines.iter().for_each(&mut line);
        }
    }
    doc.notices.iter().for_each(&mut line);
    out
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

/// A line as printed. On one screen a dose prints its computed regimen with the marks of its
/// source; the source's sentence, which restates the regimen, waits for `--detail`.
fn line_text(kb: &KnowledgeBase, citations: &Citations, line: &Line, level: Level) -> String {
    let brief = level == Level::Summary && matches!(line.lead, Some(Lead::Dose(_)));
    let statement = line
        .statement
        .and_then(|id| kb.statement(id.0))
        .map(|s| if brief { citations.marks(s) } else { citations.cited(s) });
    if brief && let (Some(lead), Some(marks)) = (&line.lead, &statement) {
        return format!("{} {marks}", lead.text());
    }
    match (&line.lead, statement) {
        (Some(lead), Some(text)) => format!("{}: {text}", lead.text()),
        (Some(lead), None) => lead.text().to_string(),
        (None, Some(text)) => text,
        (None, None) => String::new(),
    }
}

/// Words of the body of a rendered text or markdown answer: everything before the reference
/// list, the line that states the knowledge base excepted. The measure of the word budgets.
pub fn word_count(rendered: &str) -> usize {
    rendered
        .lines()
        .take_while(|l| !matches!(l.trim().trim_start_matches("## "), "References"))
        .filter(|l| !l.starts_with("Knowledge base "))
        .map(|l| l.split_whitespace().count())
        .sum()
}

/// The document as text or markdown at `level`.
pub fn render(kb: &KnowledgeBase, doc: &Document, style: Style, level: Level) -> String {
    let doc = &doc.without_repeats();
    if level == Level::Summary
        && let Some(budget) = doc.kind.budget()
    {
        let mut trimmed = doc.clone();
        let mut dropped = 0usize;
        loop {
            let text = write(kb, &trimmed, style, level, dropped);
            if word_count(&text) <= budget || !drop_last_line(&mut trimmed) {
                return text;
            }
            dropped += 1;
        }
    }
    write(kb, doc, style, level, 0)
}

/// Drops the last line of the lowest-priority part that has one: summary sections from the
/// end, then extra notices, then answer lines after the first. Alerts are never dropped.
fn drop_last_line(doc: &mut Document) -> bool {
    if let Some(section) = doc.summary.iter_mut().rev().find(|s| !s.lines.is_empty()) {
        section.lines.pop();
        doc.summary.retain(|s| !s.lines.is_empty());
        return true;
    }
    if doc.notices.len() > 1 {
        doc.notices.pop();
        return true;
    }
    if doc.answer.len() > 1 {
        doc.answer.pop();
        return true;
    }
    false
}

fn write(kb: &KnowledgeBase, doc: &Document, style: Style, level: Level, dropped: usize) -> String {
    let ids = printed_ids(doc, level);
    let citations = Citations::of(kb, &ids);
    let (bold, red, reset) = match style {
        Style::Text { color: true } => ("\x1b[1m", "\x1b[1;31m", "\x1b[0m"),
        _ => ("", "", ""),
    };
    let md = style == Style::Markdown;
    let bullet = |text: &str| if md { wrap(text, "- ", "  ") } else { wrap(text, "  - ", "    ") };
    let sub = |text: &str| if md { wrap(text, "  - ", "    ") } else { wrap(text, "      · ", "        ") };
    let mut out = String::new();
    if md {
        let _ = writeln!(out, "# {}\n", doc.title);
    } else {
        let _ = writeln!(out, "{bold}{}{reset}\n{}", doc.title, "=".repeat(doc.title.chars().count()));
    }
    for line in &doc.alerts {
        let text = line_text(kb, &citations, line, level);
        out.push_str(&if md {
            wrap(&format!("**{text}**"), "", "")
        } else {
            format!("{red}{}{reset}", wrap(&text, "", "  "))
        });
    }
    for (i, line) in doc.answer.iter().enumerate() {
        let text = line_text(kb, &citations, line, level);
        let head = if i == 0 { "Bottom line: " } else { "" };
        if md {
            let bold = if i == 0 { format!("**{}** {text}", head.trim_end()) } else { text };
            out.push_str(&wrap(&bold, "", ""));
        } else {
            out.push_str(&wrap(&format!("{head}{text}"), "", "  "));
        }
    }
    out.push('\n');
    // With --detail, the rest of a one-screen section prints under the same heading.
    let mut sections: Vec<(&Heading, Vec<&Line>)> = Vec::new();
    let detail = if level == Level::Detail { doc.detail.as_slice() } else { &[] };
    for section in doc.summary.iter().chain(detail) {
        match sections.iter_mut().find(|(h, _)| **h == section.heading) {
            Some((_, lines)) => lines.extend(&section.lines),
            None => sections.push((&section.heading, section.lines.iter().collect())),
        }
    }
    for (heading, lines) in sections.into_iter().filter(|(_, l)| !l.is_empty()) {
        if md {
            let _ = writeln!(out, "## {}\n", heading.text());
        } else {
            let _ = writeln!(out, "{bold}{}{reset}", heading.text());
        }
        for line in lines {
            out.push_str(&bullet(&line_text(kb, &citations, line, level)));
            if level == Level::Detail {
                for id in &line.support {
                    if let Some(s) = kb.statement(id.0) {
                        out.push_str(&sub(&citations.cited(s)));
                    }
                }
                for note in &line.notes {
                    out.push_str(&sub(note));
                }
            }
        }
        out.push('\n');
    }
    if !doc.notices.is_empty() {
        if md {
            let _ = writeln!(out, "## Not covered\n");
        } else {
            let _ = writeln!(out, "{bold}Not covered{reset}");
        }
        for line in &doc.notices {
            out.push_str(&bullet(&line_text(kb, &citations, line, level)));
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
            let text = format!("{}{}", if md { format!("{}. ", i + 1) } else { format!("[{}] ", i + 1) }, r.citation());
            out.push_str(&if md { wrap(&text, "", "   ") } else { wrap(&text, "  ", "      ") });
        }
        out.push('\n');
    }
    let more = match (level, dropped) {
        (Level::Summary, 0) if doc.detail.is_empty() => String::new(),
        (Level::Summary, 0) => " The evidence behind each line: --detail.".to_string(),
        (Level::Summary, n) => format!(" {n} more line{} and the evidence: --detail.", if n == 1 { "" } else { "s" }),
        (Level::Detail, _) => String::new(),
    };
    let _ = writeln!(out, "Knowledge base {}. {}{more}", kb.stamp(), kb.disclaimer);
    out
}

fn lines_json(kb: &KnowledgeBase, lines: &[Line]) -> Value {
    Value::Array(
        lines
            .iter()
            .map(|l| {
                let mut m = Map::new();
                if let Some(lead) = &l.lead {
                    m.insert("lead".into(), json!(lead.text()));
                }
                if let Some(id) = l.statement {
                    m.insert("statement".into(), json!(id));
                    if let Some(tag) = kb.statement(id.0).and_then(evidence_tag) {
                        m.insert("evidence".into(), json!(tag));
                    }
                }
                if !l.support.is_empty() {
                    m.insert("support".into(), json!(l.support));
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// The document as JSON: the command's own `result` fields, then `summary` (the one-screen
/// lines as data), `statements` (id, text, cites, evidence), `references` (id, pmid, doi, url,
/// title, year), `knowledge_base` and `disclaimer`.
pub fn render_json<T: Serialize>(kb: &KnowledgeBase, doc: &Document, result: &T) -> String {
    // Empty, not a lone newline, if serialization fails, so that a caller can tell.
    serde_json::to_string_pretty(&Value::Object(json_object(kb, doc, result))).map(|out| out + "\n").unwrap_or_default()
}

/// The JSON of [`render_json`] as an object, for callers that add fields (e.g. `batch`).
pub fn json_object<T: Serialize>(kb: &KnowledgeBase, doc: &Document, result: &T) -> Map<String, Value> {
    let parts = json_parts(kb, doc);
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
    object.insert("title".into(), Value::String(parts.title));
    object.insert("summary".into(), parts.summary);
    object.insert("statements".into(), Value::Array(parts.statements.iter().map(|s| statement_json(s)).collect()));
    object.insert("references".into(), Value::Array(parts.references.iter().map(|r| reference_json(r)).collect()));
    object.insert("knowledge_base".into(), json!({"version": kb.version, "content_hash": kb.content_hash}));
    object.insert("disclaimer".into(), json!(kb.disclaimer));
    object
}

/// The parts of an answer's JSON that come from its document rather than the command's
/// result: the title, the one-screen lines as data, and the statements and references
/// printed with `--detail`, in citation order.
pub struct JsonParts {
    /// The title.
    pub title: String,
    /// `alerts`, `answer`, `sections` and `notices`, each line with its lead, statement id,
    /// evidence and support.
    pub summary: Value,
    /// The statements printed.
    pub statements: Vec<&'static Statement>,
    /// The references they cite, numbered by first use.
    pub references: Vec<&'static Reference>,
}

/// See [`JsonParts`].
pub fn json_parts(kb: &KnowledgeBase, doc: &Document) -> JsonParts {
    let doc = &doc.without_repeats();
    let ids = printed_ids(doc, Level::Detail);
    let citations = Citations::of(kb, &ids);
    let mut summary = Map::new();
    summary.insert("alerts".into(), lines_json(kb, &doc.alerts));
    summary.insert("answer".into(), lines_json(kb, &doc.answer));
    summary.insert(
        "sections".into(),
        Value::Array(
            doc.summary
                .iter()
                .map(|s| json!({"heading": s.heading.text(), "lines": lines_json(kb, &s.lines)}))
                .collect(),
        ),
    );
    summary.insert("notices".into(), lines_json(kb, &doc.notices));
    JsonParts {
        title: doc.title.clone(),
        summary: Value::Object(summary),
        statements: citations.statements,
        references: citations.references,
    }
}

/// A statement as JSON: id, text, cites, the kind and strength of evidence, whether it is
/// contested, and every number it prints (value and how it is written).
pub fn statement_json(s: &Statement) -> Value {
    let figures: Vec<Value> = radiculo_kb::numbers::in_statement(&s.text)
        .into_iter()
        .map(|n| json!({"value": n.value, "text": s.text.get(n.span).unwrap_or_default()}))
        .collect();
    let mut m = Map::new();
    m.insert("id".into(), json!(s.id));
    m.insert("text".into(), json!(s.text));
    m.insert("cites".into(), json!(s.cites));
    if let Some(evidence) = s.evidence {
        m.insert("evidence".into(), json!(evidence));
    }
    if let Some(strength) = s.strength {
        m.insert("strength".into(), json!(strength));
    }
    if s.contested {
        m.insert("contested".into(), json!(true));
    }
    m.insert("figures".into(), Value::Array(figures));
    Value::Object(m)
}

/// A reference as JSON: id, identifiers present, title, year, the formatted citation.
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
    m.insert("kind".into(), json!(r.kind));
    m.insert("citation".into(), json!(r.citation()));
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Kind, Section};

    #[test]
    fn wraps_with_a_hanging_indent() {
        let text = "word ".repeat(40);
        let wrapped = wrap(&text, "  - ", "    ");
        assert!(wrapped.lines().all(|l| l.chars().count() <= WIDTH));
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    ")));
    }

    #[test]
    fn citations_are_numbered_by_first_use_with_the_kind_of_evidence() {
        let kb = radiculo_knowledge::baked();
        let mut with_two = kb.statements.iter().filter(|s| s.cites.len() >= 2 && s.cites[0] != s.cites[1]);
        let (Some(a), Some(b)) = (with_two.next(), kb.statements.iter().find(|s| s.cites.len() == 1)) else {
            return;
        };
        let mut doc = Document::new(Kind::Reference, "t");
        doc.summary(Section::new(
            Heading::DoNow,
            vec![Line::statement(a.id), Line::statement(b.id), Line::statement(a.id)],
        ));
        let text = render(kb, &doc, Style::Text { color: false }, Level::Summary);
        assert!(text.contains("[1][2]"), "{text}");
        assert!(text.contains(&format!("({})", evidence_tag(a).unwrap_or_default())), "{text}");
        assert!(text.trim_end().ends_with(kb.disclaimer.trim_end()), "{text}");
        assert!(!text.contains('\x1b'), "no colour unless asked");
        assert_eq!(text.matches("\n  - ").count(), 2, "a statement repeated without a lead prints once: {text}");
    }

    #[test]
    fn the_summary_keeps_to_its_budget_by_dropping_the_last_lines() {
        let kb = radiculo_knowledge::baked();
        let mut doc = Document::new(Kind::Ask, "t");
        let lines: Vec<Line> = kb.statements.iter().take(60).map(|s| Line::statement(s.id)).collect();
        doc.summary(Section::new(Heading::DoNow, lines));
        let text = render(kb, &doc, Style::Text { color: false }, Level::Summary);
        assert!(word_count(&text) <= 250, "{} words", word_count(&text));
        assert!(text.contains("--detail"));
        let full = render(kb, &doc, Style::Text { color: false }, Level::Detail);
        assert!(word_count(&full) > 250);
    }
}
