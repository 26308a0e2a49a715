//! `radiculo refs [ID]`: the references behind the knowledge base.

use std::fmt::Write;

use radiculo_kb::suggest::{nearest, or_list};
use radiculo_kb::{KnowledgeBase, Reference};
use serde::Serialize;

use crate::Failure;
use crate::format::{Format, Stamp, json};

/// Lists every reference, or shows the one named by `id`.
pub fn run(id: Option<&str>, format: Format) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    match id {
        None => Ok(list(kb, format)),
        Some(id) => {
            let reference = kb.reference(id).ok_or_else(|| unknown(kb, id))?;
            Ok(show(kb, reference, format))
        }
    }
}

fn unknown(kb: &KnowledgeBase, id: &str) -> Failure {
    let ids = kb.references.iter().map(|r| r.id.0);
    let near = nearest(id, ids, 3);
    let hint = if near.is_empty() {
        "run `radiculo refs` to list them".to_string()
    } else {
        format!("did you mean {}?", or_list(&near))
    };
    Failure::Input(format!("no reference has the id `{}`; {hint}", radiculo_kb::echo::echo(id)))
}

#[derive(Serialize)]
struct Summary {
    id: &'static str,
    kind: radiculo_kb::ReferenceKind,
    title: &'static str,
    first_author: Option<&'static str>,
    year: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pmid: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doi: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'static str>,
}

fn summary(r: &Reference) -> Summary {
    Summary {
        id: r.id.0,
        kind: r.kind,
        title: r.title.0,
        first_author: r.authors.first().map(|a| a.0),
        year: r.year,
        pmid: r.pmid.map(|t| t.0),
        doi: r.doi.map(|t| t.0),
        url: r.url.map(|t| t.0),
    }
}

fn first_author(r: &Reference) -> String {
    match r.authors.0 {
        [] => String::new(),
        [one] => one.to_string(),
        [first, ..] => format!("{first} et al."),
    }
}

fn list(kb: &KnowledgeBase, format: Format) -> String {
    if format == Format::Json {
        #[derive(Serialize)]
        struct Out {
            knowledge_base: Stamp,
            references: Vec<Summary>,
        }
        return json(&Out { knowledge_base: Stamp::baked(), references: kb.references.iter().map(summary).collect() });
    }
    let mut out = String::new();
    let md = format == Format::Markdown;
    let _ = writeln!(
        out,
        "{}References ({}), knowledge base {}\n",
        if md { "# " } else { "" },
        kb.references.len(),
        kb.stamp()
    );
    let width = kb.references.iter().map(|r| r.id.0.len()).max().unwrap_or(0);
    for r in kb.references.iter() {
        if md {
            let _ = writeln!(out, "- `{}` {} {}. {}", r.id, first_author(r), r.year, r.title);
        } else {
            let _ = writeln!(out, "{:width$}  {} {}. {}", r.id.0, first_author(r), r.year, r.title);
        }
    }
    out
}

fn show(kb: &KnowledgeBase, r: &Reference, format: Format) -> String {
    let cited_by: Vec<&str> =
        kb.statements.iter().filter(|s| s.cites.iter().any(|c| c.0 == r.id.0)).map(|s| s.id.0).collect();
    if format == Format::Json {
        #[derive(Serialize)]
        struct Out<'a> {
            knowledge_base: Stamp,
            reference: &'a Reference,
            link: String,
            cited_by: Vec<&'static str>,
        }
        return json(&Out { knowledge_base: Stamp::baked(), reference: r, link: r.link(), cited_by });
    }
    let md = format == Format::Markdown;
    let mut out = String::new();
    let (h1, h2, bullet) = if md { ("# ", "\n## ", "- ") } else { ("", "\n", "  ") };
    let _ = writeln!(out, "{h1}{} ({})", r.id, r.kind.as_str());
    let _ = writeln!(out, "\n{}\n", r.citation());
    let mut field = |name: &str, value: &str| {
        let _ = writeln!(out, "{bullet}{name}: {value}");
    };
    field("Authors", &r.authors.iter().map(|a| a.0).collect::<Vec<_>>().join(", "));
    field("Title", &r.title);
    if let Some(journal) = r.journal {
        field("Journal", &journal);
    }
    field("Year", &r.year.to_string());
    for (name, value) in
        [("Volume", r.volume), ("Issue", r.issue), ("Pages", r.pages), ("PMID", r.pmid), ("DOI", r.doi), ("URL", r.url)]
    {
        if let Some(value) = value {
            field(name, &value);
        }
    }
    field("Link", &r.link());
    field("Record seen at", &r.seen_at);
    if !r.unverified.is_empty() {
        field("Not confirmed on a record", &r.unverified.iter().map(|u| u.0).collect::<Vec<_>>().join(", "));
    }
    let _ = writeln!(out, "{h2}Figures recorded ({})", r.finding.len());
    for (i, f) in r.finding.iter().enumerate() {
        let _ = writeln!(out, "{}{}. {}", if md { "" } else { "  " }, i + 1, f.figure);
    }
    let _ = writeln!(out, "{h2}Cited by ({})", cited_by.len());
    for id in cited_by {
        let _ = writeln!(out, "{bullet}{id}");
    }
    out
}
