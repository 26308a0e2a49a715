//! `radiculo batch`: one JSON line out for every line in, in input order, across cores.
//!
//! The pipeline: a reader splits the input into chunks of lines (each line read as bytes with
//! a cap, so one huge or endless line cannot exhaust memory); chunk `i` goes to worker
//! `i % jobs`, each worker consults its chunks in order and formats every result line into a
//! buffer; the writer takes the chunks back round-robin, so results come out in input order,
//! and writes each line whole with one `write_all`, so a killed run never leaves half a line.
//! Channels are bounded, so memory stays flat however long the input is.
//!
//! A full line has the fields of `consult --format json`, with `line` first; the JSON of
//! every statement and reference is built once per run and copied into each line. `--compact`
//! leaves the statements and references out and builds only the one-screen answer.

use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use radiculo_consult::case::{Case, json_error_at};
use radiculo_consult::consult::{Consultation, consult_at};
use radiculo_consult::document::Document;
use radiculo_consult::limits::{LINE_MAX_BYTES, LINE_SKIP_MAX_BYTES, bytes};
use radiculo_consult::render::{Level, json_parts, reference_json, statement_ids, statement_json};
use radiculo_kb::KnowledgeBase;
use radiculo_kb::ranking::{Rank, Tier};
use serde::Serialize;

/// Lines per chunk handed to a worker.
const CHUNK_LINES: usize = 32;
/// Input bytes per chunk, so that a chunk of long lines stays small.
const CHUNK_BYTES: usize = 1 << 20;
/// Chunks waiting in each channel.
const CHANNEL_CHUNKS: usize = 4;
/// How many localization candidates and differential causes a compact line gives.
const COMPACT_TOP: usize = 3;

/// How to run a batch.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// One small JSON object per line: triage, top candidates and causes, doses, statement ids.
    pub compact: bool,
    /// Show a count of cases done on stderr.
    pub progress: bool,
}

/// What a finished batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Lines read (each gave one output line).
    pub lines: u64,
    /// Lines that gave an error object.
    pub failed: u64,
}

/// Why a batch stopped before the end of its input.
#[derive(Debug)]
pub enum Stop {
    /// The input could not be read, or is not JSON Lines at all: exit 2, with the message.
    Input(String),
    /// Standard output could not be written.
    Output(std::io::Error),
}

/// The worker count to use when none is given: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// What every line of a run shares: the knowledge base, and the JSON of each statement and
/// reference, built once (they are the same in every result).
pub struct Context {
    kb: &'static KnowledgeBase,
    compact: bool,
    statements: HashMap<&'static str, String>,
    references: HashMap<&'static str, String>,
    /// `,"knowledge_base":{..},"disclaimer":".."}` and the newline, which end every full line.
    tail: String,
}

impl Context {
    /// Prepares a run over `kb`.
    pub fn new(kb: &'static KnowledgeBase, compact: bool) -> Context {
        let (statements, references, tail) = if compact {
            (HashMap::new(), HashMap::new(), String::new())
        } else {
            let statements = kb.statements.iter().map(|s| (s.id.0, statement_json(s).to_string())).collect();
            let references = kb.references.iter().map(|r| (r.id.0, reference_json(r).to_string())).collect();
            let stamp = serde_json::json!({"version": kb.version, "content_hash": kb.content_hash});
            let disclaimer = serde_json::Value::from(kb.disclaimer.0);
            (statements, references, format!(",\"knowledge_base\":{stamp},\"disclaimer\":{disclaimer}}}\n"))
        };
        Context { kb, compact, statements, references, tail }
    }
}

/// Scratch space one worker reuses from line to line.
#[derive(Default)]
pub struct Scratch {
    json: Vec<u8>,
}

/// One input line as read.
enum Raw {
    /// The bytes, without the line ending.
    Line(Vec<u8>),
    /// Longer than [`LINE_MAX_BYTES`]; its bytes were skipped.
    TooLong,
}

/// Consecutive input lines, numbered from `first`.
struct Chunk {
    first: u64,
    lines: Vec<Raw>,
}

/// The output of a chunk: its lines, each ending at one of `ends`, and how many failed.
#[derive(Default)]
struct Done {
    text: Vec<u8>,
    ends: Vec<usize>,
    failed: u64,
}

/// Writes the result line for input line `number` (1-based) into `out`, ending with a newline;
/// returns whether the line succeeded (otherwise the line is an error object).
pub fn line(context: &Context, scratch: &mut Scratch, number: u64, raw: &[u8], out: &mut Vec<u8>) -> bool {
    match consult_line(context, scratch, number, raw, out) {
        Ok(()) => true,
        Err(error) => {
            error_line(number, &error, out);
            false
        }
    }
}

fn error_line(number: u64, error: &str, out: &mut Vec<u8>) {
    #[derive(Serialize)]
    struct ErrorLine<'a> {
        line: u64,
        error: &'a str,
    }
    // Serializing a number and a string into memory cannot fail.
    let _ = serde_json::to_writer(&mut *out, &ErrorLine { line: number, error });
    out.push(b'\n');
}

fn consult_line(
    context: &Context,
    scratch: &mut Scratch,
    number: u64,
    raw: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let raw = if number == 1 { raw.strip_prefix(b"\xef\xbb\xbf").unwrap_or(raw) } else { raw };
    let text = std::str::from_utf8(raw).map_err(|e| {
        let at = e.valid_up_to();
        let (_, column) = radiculo_consult::case::position(raw, at);
        let byte = raw.get(at).map_or(String::new(), |b| format!(" (byte 0x{b:02x})"));
        format!("line {number} is not UTF-8 text: column {column}{byte}")
    })?;
    if text.trim().is_empty() {
        return Err(format!("line {number} is blank; give one JSON case per line"));
    }
    let case: Case = serde_json::from_str(text).map_err(|e| match json_error_at(text, &e) {
        (Some((_, column)), message) => format!("line {number}, column {column}: {message}"),
        (None, message) => format!("line {number}: {message}"),
    })?;
    let level = if context.compact { Level::Summary } else { Level::Detail };
    let (doc, result) = consult_at(context.kb, &case, false, level).map_err(|e| e.to_string())?;
    if context.compact {
        compact_line(number, &doc, &result, out);
    } else {
        full_line(context, scratch, number, &doc, &result, out);
    }
    Ok(())
}

/// The full result: the same fields as `consult --format json`, with `line` first. The
/// statements and references are copied from JSON built once per run.
fn full_line(
    context: &Context,
    scratch: &mut Scratch,
    number: u64,
    doc: &Document,
    result: &Consultation,
    out: &mut Vec<u8>,
) {
    let parts = json_parts(context.kb, doc);
    scratch.json.clear();
    let _ = serde_json::to_writer(&mut scratch.json, result);
    out.extend_from_slice(b"{\"line\":");
    let _ = write!(out, "{number}");
    // The consultation's own fields, without its braces.
    if let Some(fields) = scratch.json.get(1..scratch.json.len().saturating_sub(1)).filter(|f| !f.is_empty()) {
        out.push(b',');
        out.extend_from_slice(fields);
    }
    out.extend_from_slice(b",\"title\":");
    let _ = serde_json::to_writer(&mut *out, &parts.title);
    out.extend_from_slice(b",\"summary\":");
    let _ = serde_json::to_writer(&mut *out, &parts.summary);
    let statements = parts.statements.iter().map(|s| context.statements.get(s.id.0));
    let references = parts.references.iter().map(|r| context.references.get(r.id.0));
    for (key, fragments) in [
        (&b",\"statements\":["[..], statements.collect::<Vec<_>>()),
        (&b"],\"references\":["[..], references.collect::<Vec<_>>()),
    ] {
        out.extend_from_slice(key);
        for (n, fragment) in fragments.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend_from_slice(fragment.map_or(&b"null"[..], |f| f.as_bytes()));
        }
    }
    out.push(b']');
    out.extend_from_slice(context.tail.as_bytes());
}

/// The compact result, for population runs.
fn compact_line(number: u64, doc: &Document, result: &Consultation, out: &mut Vec<u8>) {
    #[derive(Serialize)]
    struct Ranked<'a> {
        rank: usize,
        tied: bool,
        tier: Tier,
        relative_weight: f64,
        id: &'a str,
    }
    #[derive(Serialize)]
    struct Dose<'a> {
        id: &'a str,
        per_day: [f64; 2],
        unit: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        total: Option<[f64; 2]>,
        capped: bool,
    }
    #[derive(Serialize)]
    struct Compact<'a> {
        line: u64,
        triage: radiculo_kb::Triage,
        localization: Vec<Ranked<'a>>,
        differential: Vec<Ranked<'a>>,
        doses: Vec<Dose<'a>>,
        statements: Vec<&'a str>,
    }
    fn ranked<'a>(items: impl Iterator<Item = (&'a str, Rank)>) -> Vec<Ranked<'a>> {
        items
            .take(COMPACT_TOP)
            .map(|(id, r)| Ranked { rank: r.rank, tied: r.tied, tier: r.tier, relative_weight: r.relative_weight, id })
            .collect()
    }
    let seen = statement_ids(doc, Level::Summary).into_iter().map(|id| id.0).collect();
    let line = Compact {
        line: number,
        triage: result.triage,
        localization: result
            .localization
            .as_ref()
            .map(|l| ranked(l.candidates.iter().map(|c| (c.id.0, c.rank))))
            .unwrap_or_default(),
        differential: result
            .differential
            .as_ref()
            .map(|d| ranked(d.differential.iter().map(|c| (c.cause.0, c.rank))))
            .unwrap_or_default(),
        doses: result
            .pathway
            .doses
            .iter()
            .filter_map(|d| {
                Some(Dose { id: d.id, per_day: d.per_day?, unit: d.unit, total: d.total, capped: d.capped })
            })
            .collect(),
        statements: seen,
    };
    let _ = serde_json::to_writer(&mut *out, &line);
    out.push(b'\n');
}

/// Runs a batch: reads JSON Lines from `input`, writes one result line per input line to
/// `output`, in order.
pub fn run(input: impl BufRead + Send, output: &mut impl Write, options: Options) -> Result<Summary, Stop> {
    let context = Context::new(radiculo_knowledge::baked(), options.compact);
    let mut summary = Summary::default();
    let mut progress = Progress::new(options.progress);
    if options.jobs <= 1 {
        let mut scratch = Scratch::default();
        let mut done = Done::default();
        let read = read_chunks(input, |chunk| {
            done = process(&context, &mut scratch, chunk, std::mem::take(&mut done));
            write_done(output, &done, &mut summary).map_err(|e| Ended::Output(Err(e)))?;
            progress.show(summary.lines);
            Ok(())
        });
        progress.end();
        return match read {
            Ok(()) => Ok(summary),
            Err(Ended::Input(message)) => Err(Stop::Input(message)),
            Err(Ended::Output(Err(e))) => Err(Stop::Output(e)),
            Err(Ended::Output(Ok(()))) => Ok(summary),
        };
    }
    let jobs = options.jobs;
    let (mut to_workers, mut from_workers) = (Vec::new(), Vec::new());
    let mut workers_in = Vec::new();
    for _ in 0..jobs {
        let (send, receive) = sync_channel::<Chunk>(CHANNEL_CHUNKS);
        to_workers.push(send);
        workers_in.push(receive);
    }
    let mut workers_out: Vec<SyncSender<Done>> = Vec::new();
    for _ in 0..jobs {
        let (send, receive) = sync_channel::<Done>(CHANNEL_CHUNKS);
        workers_out.push(send);
        from_workers.push(receive);
    }
    // Written buffers go back to the worker that filled them, to be filled again: a worker
    // then allocates its buffers once, not once per chunk.
    let (mut spares_back, mut spares) = (Vec::new(), Vec::new());
    for _ in 0..jobs {
        let (send, receive) = sync_channel::<Done>(CHANNEL_CHUNKS);
        spares_back.push(send);
        spares.push(receive);
    }
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut next = 0;
            read_chunks(input, |chunk| {
                let sent = to_workers.get(next % jobs).map(|w| w.send(chunk).is_ok());
                next += 1;
                // A worker gone means the writer stopped: stop reading.
                if sent == Some(true) { Ok(()) } else { Err(Ended::Output(Ok(()))) }
            })
        });
        for ((receive, send), spare) in workers_in.into_iter().zip(workers_out).zip(spares) {
            let context = &context;
            scope.spawn(move || worker(context, &receive, &send, &spare));
        }
        let written = write_in_order(output, &from_workers, &spares_back, &mut summary, &mut progress);
        // Dropping the receivers stops the workers, then the reader, if the writer stopped early.
        drop(from_workers);
        progress.end();
        let read = reader.join().unwrap_or_else(|_| Err(Ended::Input("the input reader failed".into())));
        match (written, read) {
            (Err(e), _) => Err(Stop::Output(e)),
            (Ok(()), Err(Ended::Input(message))) => Err(Stop::Input(message)),
            (Ok(()), _) => Ok(summary),
        }
    })
}

fn worker(context: &Context, chunks: &Receiver<Chunk>, results: &SyncSender<Done>, spare: &Receiver<Done>) {
    let mut scratch = Scratch::default();
    for chunk in chunks {
        let done = spare.try_recv().unwrap_or_default();
        if results.send(process(context, &mut scratch, chunk, done)).is_err() {
            return;
        }
    }
}

fn process(context: &Context, scratch: &mut Scratch, chunk: Chunk, mut done: Done) -> Done {
    done.text.clear();
    done.ends.clear();
    done.failed = 0;
    for (number, raw) in (chunk.first..).zip(&chunk.lines) {
        let ok = match raw {
            Raw::Line(bytes) => line(context, scratch, number, bytes, &mut done.text),
            Raw::TooLong => {
                let message = format!("line {number} is longer than the {} limit", bytes(LINE_MAX_BYTES));
                error_line(number, &message, &mut done.text);
                false
            }
        };
        done.failed += u64::from(!ok);
        done.ends.push(done.text.len());
    }
    done
}

/// Writes each line of a chunk with one `write_all`.
fn write_done(output: &mut impl Write, done: &Done, summary: &mut Summary) -> std::io::Result<()> {
    let mut start = 0;
    for &end in &done.ends {
        output.write_all(done.text.get(start..end).unwrap_or_default())?;
        start = end;
        summary.lines += 1;
    }
    summary.failed += done.failed;
    output.flush()
}

fn write_in_order(
    output: &mut impl Write,
    from_workers: &[Receiver<Done>],
    spares_back: &[SyncSender<Done>],
    summary: &mut Summary,
    progress: &mut Progress,
) -> std::io::Result<()> {
    for i in 0.. {
        let Some(Ok(done)) = from_workers.get(i % from_workers.len()).map(Receiver::recv) else { break };
        write_done(output, &done, summary)?;
        progress.show(summary.lines);
        // A worker with spares enough, or gone, does without this one.
        if let Some(back) = spares_back.get(i % spares_back.len()) {
            let _ = back.try_send(done);
        }
    }
    Ok(())
}

/// Why reading stopped early.
enum Ended {
    Input(String),
    /// The consumer stopped (with its write result, in the sequential case).
    Output(std::io::Result<()>),
}

/// Reads `input` as lines of at most [`LINE_MAX_BYTES`] and hands them on in chunks.
fn read_chunks(mut input: impl BufRead, mut hand_on: impl FnMut(Chunk) -> Result<(), Ended>) -> Result<(), Ended> {
    let limit = u64::try_from(LINE_MAX_BYTES).unwrap_or(u64::MAX).saturating_add(1);
    let mut chunk = Chunk { first: 1, lines: Vec::new() };
    let mut chunk_bytes = 0;
    let mut number: u64 = 0;
    loop {
        let mut bytes = Vec::new();
        let read = (&mut input).take(limit).read_until(b'\n', &mut bytes);
        let n = read.map_err(|e| Ended::Input(format!("cannot read line {}: {e}", number + 1)))?;
        if n == 0 {
            break;
        }
        number += 1;
        let raw = if bytes.last() != Some(&b'\n') && bytes.len() > LINE_MAX_BYTES {
            skip_line(&mut input, number)?;
            Raw::TooLong
        } else {
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
            }
            Raw::Line(bytes)
        };
        chunk_bytes += match &raw {
            Raw::Line(b) => b.len(),
            Raw::TooLong => LINE_MAX_BYTES,
        };
        chunk.lines.push(raw);
        if chunk.lines.len() == CHUNK_LINES || chunk_bytes >= CHUNK_BYTES {
            let next = Chunk { first: number + 1, lines: Vec::with_capacity(CHUNK_LINES) };
            hand_on(std::mem::replace(&mut chunk, next))?;
            chunk_bytes = 0;
        }
    }
    if !chunk.lines.is_empty() {
        hand_on(chunk)?;
    }
    if number == 0 {
        return Err(Ended::Input("nothing to consult on: the input has no lines".into()));
    }
    Ok(())
}

/// Skips the rest of an overlong line, up to [`LINE_SKIP_MAX_BYTES`].
fn skip_line(input: &mut impl BufRead, number: u64) -> Result<(), Ended> {
    let mut skipped = 0;
    loop {
        let available = input.fill_buf().map_err(|e| Ended::Input(format!("cannot read line {number}: {e}")))?;
        if available.is_empty() {
            return Ok(());
        }
        if let Some(end) = available.iter().position(|b| *b == b'\n') {
            input.consume(end + 1);
            return Ok(());
        }
        let n = available.len();
        input.consume(n);
        skipped += n;
        if skipped > LINE_SKIP_MAX_BYTES {
            return Err(Ended::Input(format!(
                "line {number} has no line break within {}; the input is not JSON Lines",
                bytes(LINE_SKIP_MAX_BYTES)
            )));
        }
    }
}

/// A count of cases done, on stderr when it is a terminal.
struct Progress {
    on: bool,
    shown: u64,
}

impl Progress {
    fn new(on: bool) -> Progress {
        Progress { on, shown: 0 }
    }

    fn show(&mut self, lines: u64) {
        if self.on && lines >= self.shown + 1000 {
            self.shown = lines;
            let _ = write!(std::io::stderr(), "\r{lines} cases");
        }
    }

    fn end(&mut self) {
        if self.on && self.shown > 0 {
            let _ = writeln!(std::io::stderr());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records every `write` call, to check that each is one whole line.
    #[derive(Default)]
    struct Writes(Vec<Vec<u8>>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn input() -> String {
        let good = r#"{"history":{"weeks":2},"exam":{"weak":["EHL:left:3"]}}"#;
        (0..100).map(|i| if i % 3 == 0 { "oops\n".to_string() } else { format!("{good}\n") }).collect()
    }

    #[test]
    fn each_line_is_written_whole_with_one_write() {
        for jobs in [1, 3] {
            let mut out = Writes::default();
            let options = Options { jobs, compact: false, progress: false };
            let summary = run(input().as_bytes(), &mut out, options).expect("runs");
            assert_eq!(summary, Summary { lines: 100, failed: 34 });
            assert_eq!(out.0.len(), 100, "one write per line");
            for (i, write) in out.0.iter().enumerate() {
                assert_eq!(write.iter().filter(|b| **b == b'\n').count(), 1);
                assert_eq!(write.last(), Some(&b'\n'));
                let line: serde_json::Value = serde_json::from_slice(write).expect("JSON");
                assert_eq!(line["line"], i + 1);
            }
        }
    }

    #[test]
    fn a_failing_writer_stops_the_batch() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        for jobs in [1, 2] {
            let options = Options { jobs, compact: true, progress: false };
            let big: String = input().repeat(50);
            assert!(matches!(run(big.as_bytes(), &mut Full, options), Err(Stop::Output(_))));
        }
    }
}
