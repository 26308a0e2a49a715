//! Reading the case in a free-text question: who the patient is (age, sex, pregnancy,
//! weight), how long the symptoms have lasted, the levels, roots and discs named, examination
//! findings (weakness with its MRC grade, reflex changes, numbness, pain, signs), red flags,
//! medicines, clinical context, prior surgery and MRI findings. The result is the same
//! [`Case`] that `radiculo consult` reads from a file, plus what each word was read as.
//!
//! Words are read against the vocabulary of the knowledge base (every term's label and
//! synonyms, matched as whole-word phrases, the longest first). A word that names no term but
//! lies within one edit of a vocabulary word (two for long words), with the same first letter
//! and a unique nearest word, is read as a typo of it, and only if the corrected word completes
//! a phrase. Numbers are read with their units (`45 yo`, `3 wks`, `80 kg`, `2/5`, `6/52`), and
//! findings take the qualifiers beside them (`weak`, `absent`, `brisk`, `numb`, a side).
//! Negated facts (`no fever`) are not recorded. What is neither a function word nor read is
//! listed as not used.
//!
//! The only words held here are English function words, number words, units and the
//! qualifiers of the examination notation: nothing clinical is said in Rust.

use radiculo_anatomy::vocab::TermKind;
use radiculo_anatomy::{Level, NotationError, Region, Side};
use radiculo_kb::{KnowledgeBase, SpineRegion, Term};
use serde::Serialize;

use crate::case::{Case, Imaging};

/// English function words and general fillers (`symptoms`, `advice`, `gp`): never
/// typo-corrected, never listed as not used.
/// Sorted, for binary search.
pub const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "advice",
    "affected",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anyone",
    "anything",
    "approach",
    "appropriate",
    "are",
    "around",
    "as",
    "ask",
    "asked",
    "at",
    "bad",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "best",
    "better",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "care",
    "case",
    "clinic",
    "continue",
    "could",
    "course",
    "currently",
    "despite",
    "did",
    "do",
    "doc",
    "doctor",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "effective",
    "effectiveness",
    "efficacy",
    "else",
    "etc",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "give",
    "given",
    "gives",
    "giving",
    "go",
    "going",
    "good",
    "got",
    "gp",
    "guidance",
    "had",
    "has",
    "have",
    "having",
    "he",
    "hello",
    "help",
    "her",
    "here",
    "hers",
    "hi",
    "him",
    "his",
    "hold",
    "holding",
    "how",
    "i",
    "i'd",
    "i'm",
    "if",
    "im",
    "in",
    "indicated",
    "indication",
    "info",
    "information",
    "into",
    "is",
    "issue",
    "issues",
    "it",
    "it's",
    "its",
    "just",
    "know",
    "last",
    "let",
    "like",
    "likely",
    "lot",
    "lots",
    "make",
    "may",
    "me",
    "mean",
    "meaning",
    "means",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "need",
    "needed",
    "needing",
    "needs",
    "new",
    "next",
    "now",
    "of",
    "off",
    "ok",
    "okay",
    "on",
    "once",
    "one's",
    "only",
    "onset",
    "option",
    "options",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "plan",
    "planning",
    "please",
    "pls",
    "plz",
    "possible",
    "prescribe",
    "prescribing",
    "primary",
    "probably",
    "problem",
    "problems",
    "q",
    "question",
    "questions",
    "quite",
    "re",
    "really",
    "reasonable",
    "regarding",
    "role",
    "said",
    "same",
    "say",
    "says",
    "see",
    "seen",
    "several",
    "she",
    "short",
    "should",
    "show",
    "shows",
    "so",
    "some",
    "someone",
    "something",
    "start",
    "started",
    "still",
    "stop",
    "stopped",
    "such",
    "sure",
    "symptom",
    "symptoms",
    "take",
    "taking",
    "tell",
    "than",
    "thank",
    "thanks",
    "that",
    "that's",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "through",
    "thx",
    "to",
    "today",
    "too",
    "touching",
    "tried",
    "try",
    "trying",
    "typical",
    "u",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "use",
    "used",
    "useful",
    "using",
    "usual",
    "usually",
    "very",
    "via",
    "w",
    "want",
    "wants",
    "was",
    "way",
    "we",
    "well",
    "were",
    "what",
    "what's",
    "whats",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "work",
    "working",
    "works",
    "worth",
    "worthwhile",
    "would",
    "yes",
    "yesterday",
    "yet",
    "you",
    "your",
];

/// Words that negate the fact after them, up to the end of the clause.
const NEGATORS: &[&str] = &["denied", "denies", "negative", "never", "nil", "no", "none", "not", "without"];

/// Words that mark a past event (a procedure done, surgery had).
const PAST_CUES: &[&str] = &[
    "after",
    "ago",
    "following",
    "had",
    "history",
    "hx",
    "post",
    "postop",
    "previous",
    "previously",
    "prior",
    "recent",
    "recently",
    "since",
    "status",
];

const WEAK_WORDS: &[&str] =
    &["cannot", "drop", "paresis", "palsy", "paretic", "reduced", "unable", "weak", "weakened", "weaker", "weakness"];
const NORMAL_WORDS: &[&str] = &["full", "intact", "normal", "preserved", "spared", "strong"];
const PROGRESSING_WORDS: &[&str] = &["increasing", "progressing", "progressive", "worse", "worsening"];
const NUMB_WORDS: &[&str] = &[
    "anaesthesia",
    "anesthesia",
    "hypoaesthesia",
    "hypoesthesia",
    "needles",
    "numb",
    "numbness",
    "paraesthesia",
    "paraesthesiae",
    "paresthesia",
    "paresthesias",
    "pins",
    "sensation",
    "sensory",
    "tingling",
    "tingly",
];
const PAIN_WORDS: &[&str] = &[
    "ache",
    "aches",
    "aching",
    "burning",
    "hurt",
    "hurting",
    "hurts",
    "pain",
    "painful",
    "pains",
    "radiates",
    "radiating",
    "shooting",
];
/// Reflex changes, beyond those the notation reads (`absent`, `reduced`, `brisk`, ...).
const REFLEX_WORDS: &[(&str, &str)] = &[
    ("absent", "absent"),
    ("areflexic", "absent"),
    ("brisk", "brisk"),
    ("decreased", "reduced"),
    ("depressed", "reduced"),
    ("diminished", "reduced"),
    ("exaggerated", "brisk"),
    ("gone", "absent"),
    ("hyperactive", "brisk"),
    ("hypoactive", "reduced"),
    ("increased", "brisk"),
    ("lost", "absent"),
    ("missing", "absent"),
    ("normal", "normal"),
    ("present", "normal"),
    ("reduced", "reduced"),
    ("sluggish", "reduced"),
];
const MALE_WORDS: &[&str] = &["boy", "gentleman", "guy", "he", "him", "his", "m", "male", "man"];
const FEMALE_WORDS: &[&str] = &["f", "female", "girl", "her", "lady", "she", "woman"];
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("a", 1),
    ("an", 1),
    ("eight", 8),
    ("eleven", 11),
    ("five", 5),
    ("four", 4),
    ("nine", 9),
    ("one", 1),
    ("seven", 7),
    ("six", 6),
    ("ten", 10),
    ("three", 3),
    ("twelve", 12),
    ("two", 2),
];
/// Words naming a spinal region, and the region.
const REGION_WORDS: &[(&str, SpineRegion)] = &[
    ("cervical", SpineRegion::Cervical),
    ("lumbar", SpineRegion::Lumbosacral),
    ("lumbosacral", SpineRegion::Lumbosacral),
    ("neck", SpineRegion::Cervical),
    ("sacral", SpineRegion::Lumbosacral),
    ("thoracic", SpineRegion::Thoracic),
];
/// Words that hint at a region without naming it (arm symptoms are cervical, leg symptoms
/// lumbosacral): used for the patient's region only when nothing else gives it.
const REGION_HINTS: &[(&str, SpineRegion)] = &[
    ("arm", SpineRegion::Cervical),
    ("arms", SpineRegion::Cervical),
    ("brachialgia", SpineRegion::Cervical),
    ("buttock", SpineRegion::Lumbosacral),
    ("hand", SpineRegion::Cervical),
    ("hands", SpineRegion::Cervical),
    ("leg", SpineRegion::Lumbosacral),
    ("legs", SpineRegion::Lumbosacral),
    ("sciatic", SpineRegion::Lumbosacral),
    ("sciatica", SpineRegion::Lumbosacral),
];
/// Words that name surgery, for reading "3 months after surgery".
const SURGERY_WORDS: &[&str] = &[
    "acdf",
    "decompression",
    "discectomy",
    "fusion",
    "laminectomy",
    "laminotomy",
    "microdiscectomy",
    "op",
    "operated",
    "operation",
    "postop",
    "postoperative",
    "surgery",
];
const UNITS_YEARS: &[&str] = &["y", "year", "years", "yo", "yr", "yrs"];
const UNITS_MONTHS: &[&str] = &["month", "months", "mo", "mos", "mth", "mths"];
const UNITS_WEEKS: &[&str] = &["w", "week", "weeks", "wk", "wks"];
const UNITS_DAYS: &[&str] = &["d", "day", "days"];
const UNITS_KG: &[&str] = &["kg", "kgs", "kilo", "kilograms", "kilos"];
const UNITS_LB: &[&str] = &["lb", "lbs", "pounds"];
const PERSON_WORDS: &[&str] =
    &["boy", "child", "female", "girl", "guy", "kid", "lady", "male", "man", "patient", "pt", "woman", "f", "m"];
const PREGNANCY_WORDS: &[&str] = &["gestation", "pregnancy", "pregnant"];

fn has(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// Whether `word` is an English function word.
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.binary_search(&word).is_ok()
}

/// One word of the question: lowercase, with where it stands.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    start: usize,
    end: usize,
    /// The characters between the previous word and this one, spaces removed.
    sep: String,
    /// A clause boundary (`,`, `;`, `.`, `?`, `(`, "but") lies before this word.
    boundary: bool,
    used: bool,
}

/// Splits text into lowercase words of letters and digits (a `.` between digits and a `'`
/// between letters stay inside a word).
fn tokenize(text: &str) -> Vec<Word> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut words = Vec::new();
    let mut i = 0;
    let mut sep = String::new();
    while i < chars.len() {
        let (start, c) = chars[i];
        if !c.is_alphanumeric() {
            if !c.is_whitespace() {
                sep.push(c);
            }
            i += 1;
            continue;
        }
        let mut j = i;
        let mut word = String::new();
        while j < chars.len() {
            let c = chars[j].1;
            let inner =
                |pred: fn(char) -> bool| j + 1 < chars.len() && pred(chars[j + 1].1) && j > i && pred(chars[j - 1].1);
            if c.is_alphanumeric()
                || (c == '.' && inner(|c| c.is_ascii_digit()))
                || (c == '\'' && inner(char::is_alphabetic))
            {
                word.extend(c.to_lowercase());
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |(at, _)| *at);
        let boundary = sep.chars().any(|c| matches!(c, ',' | ';' | '.' | '?' | '!' | ':' | '(' | ')' | '[' | ']'))
            || word == "but";
        words.push(Word { text: word, start, end, sep: std::mem::take(&mut sep), boundary, used: false });
        i = j;
    }
    words
}

/// The words of a vocabulary name (case kept; compared case-insensitively), split on ASCII
/// punctuation and spaces by bytes, without allocation.
fn name_words(name: &str) -> NameWords<'_> {
    NameWords { rest: name }
}

/// The iterator of [`name_words`].
struct NameWords<'a> {
    rest: &'a str,
}

impl<'a> Iterator for NameWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let word_byte = |b: u8| !b.is_ascii() || b.is_ascii_alphanumeric() || b == b'\'' || b == b'.';
        let bytes = self.rest.as_bytes();
        let start = bytes.iter().position(|b| word_byte(*b))?;
        let len = bytes[start..].iter().position(|b| !word_byte(*b)).unwrap_or(bytes.len() - start);
        // Both ends are ASCII bytes or the ends of the string, so they are char boundaries.
        let word = &self.rest[start..start + len];
        self.rest = &self.rest[start + len..];
        let word = word.trim_end_matches('.');
        if word.is_empty() { self.next() } else { Some(word) }
    }
}

/// Whether a question word is a vocabulary word (case-insensitive), or its plural in `s`
/// (`discs` for `disc`, `jerks` for `jerk`).
fn eq_lower(name_word: &str, word: &str) -> bool {
    let same = |w: &str| name_word.chars().flat_map(char::to_lowercase).eq(w.chars());
    same(word) || (word.len() > 3 && word.strip_suffix('s').is_some_and(same))
}

/// Every name a term is read by from free text: its label and its synonyms.
fn names(term: &'static Term) -> impl Iterator<Item = &'static str> {
    std::iter::once(term.label.0).chain(term.synonyms.iter().map(|s| s.0))
}

/// Optimal-string-alignment distance (transpositions count one), or `None` above `max`.
/// Words longer than 31 characters are not compared. No allocation: three rows on the stack.
fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    const N: usize = 32;
    let mut ac = ['\0'; N];
    let mut bc = ['\0'; N];
    let (mut la, mut lb) = (0, 0);
    for c in a.chars() {
        *ac.get_mut(la)? = c;
        la += 1;
    }
    for c in b.chars() {
        *bc.get_mut(lb)? = c;
        lb += 1;
    }
    if la.abs_diff(lb) > max {
        return None;
    }
    let mut prev2 = [0usize; N + 1];
    let mut prev = [0usize; N + 1];
    let mut cur = [0usize; N + 1];
    for (j, p) in prev.iter_mut().enumerate().take(lb + 1) {
        *p = j;
    }
    for i in 1..=la {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=lb {
            let cost = usize::from(ac[i - 1] != bc[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && ac[i - 1] == bc[j - 2] && ac[i - 2] == bc[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        prev2 = prev;
        prev = cur;
    }
    (prev[lb] <= max).then_some(prev[lb])
}

/// How far a word may be from a vocabulary word to be read as its typo.
fn typo_budget(word: &str) -> usize {
    match word.chars().count() {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

/// A vocabulary term found in the question.
#[derive(Debug, Clone, Copy)]
struct Match {
    term: &'static Term,
    name: &'static str,
    start: usize,
    end: usize,
}

/// The patient's sex, when the question says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
}

/// What a piece of the question was read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// Where the words start in the question, in bytes (for ordering).
    #[serde(skip)]
    pub at: usize,
    /// The words as written.
    pub text: String,
    /// What they were read as.
    pub read_as: String,
}

/// A word read as a misspelling of a vocabulary word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// The word as written.
    pub written: String,
    /// The vocabulary word it was read as.
    pub read_as: String,
}

/// Everything read from a question.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Extraction {
    /// The case, in the format `radiculo consult` reads (in JSON, the answer's `case`).
    #[serde(skip)]
    pub case: Case,
    /// The patient's sex, when stated (the case format has no field for it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Weeks of pregnancy, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gestation_weeks: Option<u32>,
    /// The question calls the patient a child or adolescent without an age.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub child: bool,
    /// Every vocabulary term recognised, with what they imply (sorted).
    pub terms: Vec<&'static str>,
    /// Terms named directly in the question (not implied), for deciding scope.
    #[serde(skip)]
    pub named: Vec<&'static str>,
    /// Levels named, in the order written.
    #[serde(serialize_with = "levels")]
    pub levels: Vec<Level>,
    /// Notation that is not a spinal level, explained.
    pub clarifications: Vec<String>,
    /// Spinal regions named in words (`cervical`, `neck`).
    pub regions: Vec<SpineRegion>,
    /// Herniation zones named (`paracentral`, `far lateral`).
    pub zones: Vec<&'static str>,
    /// The region arm or leg words point to, when they agree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_hint: Option<SpineRegion>,
    /// Peripheral mimics named (`peroneal`, `ulnar`), as mimic ids.
    pub mimics: Vec<&'static str>,
    /// What each piece of the question was read as, in order.
    pub readings: Vec<Reading>,
    /// Words read as typos of vocabulary words.
    pub corrections: Vec<Correction>,
    /// Facts named but negated (`no fever`), not recorded.
    pub negated: Vec<String>,
    /// Words that look meaningful but were not read.
    pub not_used: Vec<String>,
}

fn levels<S: serde::Serializer>(levels: &[Level], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(levels.iter().map(ToString::to_string))
}

impl Extraction {
    /// Whether the question carries facts about a patient (beyond the words of its topic):
    /// age, weight, duration, pregnancy, examination findings, red flags, medicines, context,
    /// surgery, an MRI with a herniation or a pattern.
    pub fn has_case_facts(&self) -> bool {
        let c = &self.case;
        let h = &c.history;
        let e = &c.exam;
        let imaging_facts = c.imaging.as_ref().is_some_and(|i| {
            !i.herniations.is_empty()
                || i.distribution.is_some()
                || i.morphology.is_some()
                || i.thickening
                || i.mass
                || i.leptomeningeal_elsewhere
                || i.cord_involvement
                || i.displacement
        });
        c.patient.age.is_some()
            || c.patient.weight_kg.is_some()
            || c.patient.pregnant
            || self.child
            || h.weeks.is_some()
            || !h.red_flags.is_empty()
            || h.prior_surgery.is_some()
            || !h.context.is_empty()
            || !h.candidate.is_empty()
            || h.pain.is_some()
            || h.function.is_some()
            || !h.deficits.is_empty()
            || !h.yellow_flags.is_empty()
            || h.grade.is_some()
            || !h.contraindications.is_empty()
            || !e.weak.is_empty()
            || !e.strong.is_empty()
            || !e.reflex.is_empty()
            || !e.numb.is_empty()
            || !e.pain.is_empty()
            || !e.sign.is_empty()
            || imaging_facts
    }

    /// Whether a term was recognised (directly or implied).
    pub fn has(&self, term: &str) -> bool {
        self.terms.binary_search(&term).is_ok()
    }
}

/// Whether `t` is shaped like level notation: 1-2 letters and 1-2 digits, optionally a
/// separator and 0-2 letters and 1-2 digits (`L4`, `L4-5`, `L4/L5`, `T12-L1`, `M4-5`).
pub fn looks_like_level(t: &str) -> bool {
    fn part(s: &str, min_letters: usize) -> Option<&str> {
        let letters = s.chars().take_while(char::is_ascii_alphabetic).count();
        let digits = s[letters..].chars().take_while(char::is_ascii_digit).count();
        ((min_letters..=2).contains(&letters) && (1..=2).contains(&digits)).then(|| &s[letters + digits..])
    }
    let Some(rest) = part(t, 1) else { return false };
    if rest.is_empty() {
        return true;
    }
    let Some(sep) = rest.chars().next().filter(|c| matches!(c, '-' | '/' | '–')) else { return false };
    part(&rest[sep.len_utf8()..], 0).is_some_and(str::is_empty)
}

/// Tokens that look like level notation, with their byte offsets.
pub fn level_tokens(text: &str) -> Vec<(usize, &str)> {
    let base = text.as_ptr() as usize;
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '?' | '!' | '(' | ')' | '"' | '\''))
        .map(|t| t.trim_end_matches(['.', ':']))
        .filter(|t| looks_like_level(t))
        .map(|t| (t.as_ptr() as usize - base, t))
        .collect()
}

/// The discs the digits of `token` would name under each real region prefix.
pub fn readings_of_prefix(token: &str, prefix: &str) -> Vec<String> {
    let digits = &token[prefix.len()..];
    [Region::Cervical, Region::Thoracic, Region::Lumbar]
        .iter()
        .filter_map(|region| {
            let candidate = format!("{}{digits}", region.prefix());
            candidate.parse::<Level>().ok().map(|l| format!("{l} ({})", region.name()))
        })
        .collect()
}

fn region_of(level: Level) -> Region {
    match level {
        Level::Segment(root) => root.region(),
        Level::Disc(disc) => disc.region(),
    }
}

/// The state of one reading pass.
struct Reader<'a> {
    kb: &'a KnowledgeBase,
    question: &'a str,
    words: Vec<Word>,
    out: Extraction,
}

impl<'a> Reader<'a> {
    /// Whether `value` can be an age in years (up to the knowledge base's plausibility bound).
    fn plausible_age(&self, value: f64) -> bool {
        (1.0..=f64::from(self.kb.parameters.age_max_years.whole())).contains(&value)
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.question[self.words[from].start..self.words[to - 1].end].to_string()
    }

    fn read(&mut self, from: usize, to: usize, read_as: impl Into<String>) {
        let text = self.text(from, to);
        for w in &mut self.words[from..to] {
            w.used = true;
        }
        let at = self.words[from].start;
        self.out.readings.push(Reading { at, text, read_as: read_as.into() });
    }

    fn word(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.text.as_str())
    }

    fn number(&self, i: usize) -> Option<f64> {
        let w = self.word(i);
        if let Some((_, n)) = NUMBER_WORDS.iter().find(|(name, _)| *name == w) {
            return Some(f64::from(*n));
        }
        w.parse::<f64>().ok().filter(|n| n.is_finite() && *n >= 0.0)
    }

    /// Levels and notation clarifications.
    fn levels(&mut self) {
        let question = self.question;
        for (at, token) in level_tokens(question) {
            let (from, to) = self.span_of(at, at + token.len());
            match token.parse::<Level>() {
                Ok(level) => {
                    if !self.out.levels.contains(&level) {
                        self.out.levels.push(level);
                    }
                    // `C5-6 disc`, `L5 root`, `L4 level`: the noun belongs to the level.
                    let noun = matches!(self.word(to), "disc" | "disk" | "discs" | "level" | "levels" | "vertebra");
                    let to = if noun { to + 1 } else { to };
                    if from < to {
                        self.read(from, to, format!("level {level}"));
                    }
                }
                Err(NotationError::UnknownPrefix { prefix, .. }) if token.contains(['-', '/', '–']) => {
                    let readings = readings_of_prefix(token, &prefix);
                    let mut message = format!("`{token}` names no spinal level: `{prefix}` is not C, T, L or S");
                    if let Some((last, rest)) = readings.split_last() {
                        let list =
                            if rest.is_empty() { last.clone() } else { format!("{} or {last}", rest.join(", ")) };
                        message.push_str(&format!("; the same numbers name {list}"));
                    }
                    if from < to {
                        self.read(from, to, "notation that names no spinal level");
                    }
                    self.out.clarifications.push(message);
                }
                Err(e @ (NotationError::NoSuchLevel { .. } | NotationError::NotAdjacent { .. })) => {
                    if from < to {
                        self.read(from, to, "notation that names no spinal level");
                    }
                    self.out.clarifications.push(e.to_string());
                }
                Err(_) => {}
            }
        }
    }

    /// The words covering bytes `start..end`.
    fn span_of(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.words.iter().position(|w| w.end > start).unwrap_or(self.words.len());
        let to = self.words.iter().rposition(|w| w.start < end).map_or(from, |i| i + 1);
        (from, to.max(from))
    }

    /// Region words (`cervical`, `neck`).
    fn regions(&mut self) {
        for i in 0..self.words.len() {
            if let Some((_, region)) = REGION_WORDS.iter().find(|(w, _)| *w == self.words[i].text) {
                if !self.out.regions.contains(region) {
                    self.out.regions.push(*region);
                }
                self.words[i].used = true;
                let (at, text) = (self.words[i].start, self.words[i].text.clone());
                self.out.readings.push(Reading { at, text, read_as: format!("region: {}", region.name()) });
            }
        }
        // A region word that disagrees with a level named is clarified.
        let levels = self.out.levels.clone();
        for level in &levels {
            let region = region_of(*level).scope();
            for stated in self.out.regions.iter().filter(|s| **s != region) {
                let e = NotationError::RegionMismatch { level: *level, stated: region_named(*stated) };
                self.out.clarifications.push(e.to_string());
            }
        }
        if !self.out.clarifications.is_empty() && levels.is_empty() {
            for stated in &self.out.regions {
                self.out.clarifications.push(format!("the question names the {} region", stated.name()));
            }
        }
    }

    /// Numbers with units: age, duration, gestation, weight, pain, time since surgery.
    fn numbers(&mut self) {
        let n = self.words.len();
        let mut i = 0;
        while i < n {
            if self.words[i].used {
                i += 1;
                continue;
            }
            let w = self.words[i].text.clone();
            // `45yo`, `45y`, `80kg`, `3wks`, `45m`, `45f`: number and unit in one word.
            let digits: String = w.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            if !digits.is_empty() && digits.len() < w.len() {
                let unit = &w[digits.len()..];
                if let Ok(value) = digits.parse::<f64>()
                    && self.unit(i, i + 1, value, unit)
                {
                    i += 1;
                    continue;
                }
            }
            let Some(value) = self.number(i) else {
                i += 1;
                continue;
            };
            let next = self.word(i + 1).to_string();
            let sep = self.words.get(i + 1).map_or(String::new(), |w| w.sep.clone());
            // `2/5` (MRC), `7/10` (pain), `6/52` (weeks), `3/12` (months), `28/40` (gestation).
            if sep == "/" {
                let denominator = next.as_str();
                let handled = match denominator {
                    "10" if value <= 10.0 => {
                        self.out.case.history.pain = Some(value as u8);
                        self.read(i, i + 2, format!("pain {value}/10"));
                        true
                    }
                    "52" => self.duration(i, i + 2, value),
                    "12" if value <= 12.0 => self.duration(i, i + 2, value * 52.0 / 12.0),
                    "40" if value <= 42.0 => {
                        self.gestation(i, i + 2, value);
                        true
                    }
                    _ => false,
                };
                if handled {
                    i += 2;
                    continue;
                }
            }
            if !next.is_empty() && self.unit(i, i + 2, value, &next) {
                i += 2;
                continue;
            }
            // `aged 45`, `age 45`, `i'm 45`.
            if i > 0 && matches!(self.word(i - 1), "aged" | "age" | "i'm" | "im") && self.plausible_age(value) {
                self.out.case.patient.age = Some(value as u32);
                self.read(i - 1, i + 1, format!("age {value} years"));
                i += 1;
                continue;
            }
            i += 1;
        }
    }

    /// A number `value` at word `i` with `unit` (ending at word `to`): true when read.
    fn unit(&mut self, i: usize, to: usize, value: f64, unit: &str) -> bool {
        let unit = unit.trim_end_matches('.');
        let after = self.word(to).to_string();
        // Sex written after an age: `45M`, `45 F`.
        if (unit == "m" || unit == "f") && self.plausible_age(value) && to == i + 1 {
            self.out.case.patient.age = Some(value as u32);
            self.out.sex = Some(if unit == "m" { Sex::Male } else { Sex::Female });
            self.read(i, to, format!("age {value} years, {}", if unit == "m" { "male" } else { "female" }));
            return true;
        }
        if has(UNITS_KG, unit) {
            self.out.case.patient.weight_kg = Some(value);
            self.read(i, to, format!("weight {value} kg"));
            return true;
        }
        if has(UNITS_LB, unit) {
            let kg = (value * 0.453_592_37 * 10.0).round() / 10.0;
            self.out.case.patient.weight_kg = Some(kg);
            self.read(i, to, format!("weight {kg} kg ({value} lb)"));
            return true;
        }
        if has(UNITS_YEARS, unit) || unit == "yom" || unit == "yof" || (unit == "y" && after == "o") {
            let mut end = to;
            if unit == "y" && after == "o" {
                end += 1;
            }
            if self.word(end) == "old" {
                end += 1;
            }
            let aged = end > to
                || matches!(unit, "yo" | "yom" | "yof")
                || (i > 0 && matches!(self.word(i - 1), "aged" | "age"))
                || has(PERSON_WORDS, self.word(end))
                || (i > 0 && has(PERSON_WORDS, self.word(i - 1)));
            let duration = !aged
                && ((i > 0 && matches!(self.word(i - 1), "for" | "since" | "x" | "past" | "last" | "over"))
                    || matches!(self.word(end), "ago" | "history" | "hx" | "of")
                    || value <= 5.0);
            if unit == "yom" {
                self.out.sex = Some(Sex::Male);
            } else if unit == "yof" {
                self.out.sex = Some(Sex::Female);
            }
            if duration {
                return self.duration(i, end, value * 52.0);
            }
            if self.plausible_age(value) {
                self.out.case.patient.age = Some(value as u32);
                self.read(i, end, format!("age {value} years"));
                return true;
            }
            return false;
        }
        if has(UNITS_WEEKS, unit) {
            if has(PREGNANCY_WORDS, &after) || (after == "of" && has(PREGNANCY_WORDS, self.word(to + 1))) {
                let end = if after == "of" { to + 2 } else { to + 1 };
                self.gestation(i, end, value);
                return true;
            }
            let before_pregnant = (i >= 1 && has(PREGNANCY_WORDS, self.word(i - 1)))
                || (i >= 2 && has(PREGNANCY_WORDS, self.word(i - 2)) && self.word(i - 1) == "at");
            // In a question about a pregnancy, `at 32 weeks`, or weeks beyond 12 with no sign of
            // a duration (`for`, `since`, `x`), are weeks of gestation.
            let pregnancy_named = self.words.iter().any(|w| has(PREGNANCY_WORDS, &w.text) || w.text == "pregnant");
            let duration_cue = i > 0 && matches!(self.word(i - 1), "for" | "since" | "x" | "past" | "last" | "over");
            let at = i > 0 && self.word(i - 1) == "at";
            if value <= 42.0 && (before_pregnant || (pregnancy_named && !duration_cue && (at || value > 12.0))) {
                self.gestation(i, to, value);
                return true;
            }
            return self.duration(i, to, value);
        }
        if unit == "fortnight" || unit == "fortnights" {
            return self.duration(i, to, value * 2.0);
        }
        if has(UNITS_MONTHS, unit) {
            return self.duration(i, to, value * 52.0 / 12.0);
        }
        if has(UNITS_DAYS, unit) && to > i + 1 {
            return self.duration(i, to, value / 7.0);
        }
        false
    }

    fn gestation(&mut self, from: usize, to: usize, weeks: f64) {
        self.out.gestation_weeks = Some(weeks as u32);
        self.out.case.patient.pregnant = true;
        self.read(from, to, format!("pregnant, {weeks} weeks"));
    }

    /// A duration in weeks: time since surgery when surgery words stand beside it, otherwise
    /// time since onset.
    fn duration(&mut self, from: usize, to: usize, weeks: f64) -> bool {
        let near = |r: &Reader<'_>, range: std::ops::Range<usize>| {
            range.filter(|&k| k < r.words.len()).any(|k| has(SURGERY_WORDS, r.word(k)) || r.word(k) == "postoperative")
        };
        let surgery = near(self, from.saturating_sub(4)..from) || near(self, to..to + 3);
        if surgery {
            let months = (weeks * 12.0 / 52.0).round() as u32;
            self.out.case.history.prior_surgery = Some(true);
            self.out.case.history.months_since_surgery = Some(months);
            self.read(from, to, format!("{months} months since surgery"));
        } else {
            let whole = weeks.floor() as u32;
            self.out.case.history.weeks = Some(whole);
            self.read(from, to, format!("{whole} weeks since onset"));
        }
        true
    }

    /// Sex words.
    fn sex(&mut self) {
        for i in 0..self.words.len() {
            let w = self.words[i].text.as_str();
            if w.len() == 1 {
                continue;
            }
            let sex = if has(MALE_WORDS, w) {
                Sex::Male
            } else if has(FEMALE_WORDS, w) {
                Sex::Female
            } else {
                continue;
            };
            if self.out.sex.is_none() {
                self.out.sex = Some(sex);
                let (at, text) = (self.words[i].start, self.words[i].text.clone());
                self.out.readings.push(Reading {
                    at,
                    text,
                    read_as: format!("sex: {}", if sex == Sex::Male { "male" } else { "female" }),
                });
            }
        }
    }

    /// Typos: each unknown word of five letters or more that lies within its budget of
    /// exactly one nearest vocabulary word with the same first letter.
    fn corrections(&self, matched: &[bool]) -> Vec<Option<String>> {
        let mut candidates: Vec<(usize, usize, Option<&'static str>, bool)> = Vec::new(); // (word, best, name word, ambiguous)
        for (i, w) in self.words.iter().enumerate() {
            let budget = typo_budget(&w.text);
            let plural = w.text.len() >= 4 && w.text.ends_with('s');
            if w.used
                || matched[i]
                || (budget == 0 && !plural)
                || !w.text.chars().all(char::is_alphabetic)
                || self.known(&w.text)
            {
                continue;
            }
            candidates.push((i, usize::MAX, None, false));
        }
        if candidates.is_empty() {
            return vec![None; self.words.len()];
        }
        let terms: &'static [Term] = self.kb.terms.0;
        let mut exact = vec![false; candidates.len()];
        let mut plurals: Vec<Option<&'static str>> = vec![None; candidates.len()];
        for term in terms {
            for name in names(term) {
                for nw in name_words(name) {
                    let Some(head) = nw.bytes().next().map(|b| b.to_ascii_lowercase()) else { continue };
                    for (k, (i, best, found, ambiguous)) in candidates.iter_mut().enumerate() {
                        let word = &self.words[*i].text;
                        // Cheap rejections first: the first letter, then the length.
                        if exact[k] || word.as_bytes().first() != Some(&head) || nw.len().abs_diff(word.len()) > 2 {
                            continue;
                        }
                        let lower: std::borrow::Cow<'_, str> =
                            if nw.bytes().any(|b| b.is_ascii_uppercase()) || !nw.is_ascii() {
                                nw.to_lowercase().into()
                            } else {
                                nw.into()
                            };
                        if *lower == **word {
                            exact[k] = true;
                            continue;
                        }
                        if word.strip_suffix('s') == Some(&*lower) {
                            plurals[k] = Some(nw);
                        }
                        let Some(d) = distance(word, &lower, typo_budget(word)) else { continue };
                        match d.cmp(best) {
                            std::cmp::Ordering::Less => {
                                *best = d;
                                *found = Some(nw);
                                *ambiguous = false;
                            }
                            std::cmp::Ordering::Equal if found.is_some_and(|f| !f.eq_ignore_ascii_case(nw)) => {
                                *ambiguous = true;
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        let mut out = vec![None; self.words.len()];
        for (k, (i, _, found, ambiguous)) in candidates.into_iter().enumerate() {
            if exact[k] {
                continue;
            }
            if let Some(stem) = plurals[k] {
                out[i] = Some(stem.to_lowercase());
            } else if let (false, Some(found)) = (ambiguous, found) {
                out[i] = Some(found.to_lowercase());
            }
        }
        out
    }

    /// Whether a word is one of the words read by rule (function words, qualifiers, units).
    fn known(&self, w: &str) -> bool {
        is_function_word(w)
            || [
                NEGATORS,
                PAST_CUES,
                WEAK_WORDS,
                NORMAL_WORDS,
                NUMB_WORDS,
                PAIN_WORDS,
                MALE_WORDS,
                FEMALE_WORDS,
                SURGERY_WORDS,
                UNITS_YEARS,
                UNITS_MONTHS,
                UNITS_WEEKS,
                UNITS_DAYS,
                UNITS_KG,
                UNITS_LB,
                PERSON_WORDS,
                PREGNANCY_WORDS,
            ]
            .iter()
            .any(|list| has(list, w))
            || REFLEX_WORDS.iter().any(|(x, _)| *x == w)
            || REGION_WORDS.iter().any(|(x, _)| *x == w)
            || matches!(
                w,
                "left" | "right" | "bilateral" | "bilat" | "both" | "sided" | "side" | "sides" | "old" | "aged" | "age"
            )
    }

    /// Every occurrence of every vocabulary name in the (corrected) words.
    fn matches(&self, words: &[String]) -> Vec<Match> {
        let mut out = Vec::new();
        // The question's words by first byte, so each name is compared only where it can start.
        let mut starts: Vec<(u8, usize)> =
            words.iter().enumerate().filter_map(|(i, w)| Some((*w.as_bytes().first()?, i))).collect();
        starts.sort_unstable();
        let mut heads = [false; 256];
        for (b, _) in &starts {
            heads[usize::from(*b)] = true;
        }
        let terms: &'static [Term] = self.kb.terms.0;
        for term in terms {
            for name in names(term) {
                // Most names start with a letter no word of the question starts with.
                if name
                    .as_bytes()
                    .first()
                    .is_some_and(|b| b.is_ascii_alphanumeric() && !heads[usize::from(b.to_ascii_lowercase())])
                {
                    continue;
                }
                let Some(first) = name_words(name).next() else { continue };
                let Some(head) = first.bytes().next().map(|b| b.to_ascii_lowercase()) else { continue };
                let from = starts.partition_point(|(b, _)| *b < head);
                for &(_, start) in starts[from..].iter().take_while(|(b, _)| *b == head) {
                    if !eq_lower(first, &words[start]) {
                        continue;
                    }
                    let mut end = start;
                    let mut all = true;
                    for nw in name_words(name) {
                        if end >= words.len() || !eq_lower(nw, &words[end]) {
                            all = false;
                            break;
                        }
                        end += 1;
                    }
                    if all {
                        out.push(Match { term, name, start, end });
                    }
                }
            }
        }
        out
    }

    /// Whether a negator stands before word `start` in its clause.
    fn negated(&self, start: usize) -> bool {
        let mut k = start;
        let mut steps = 0;
        while k > 0 && steps < 4 {
            if self.words[k].boundary {
                return false;
            }
            k -= 1;
            let w = self.word(k);
            if has(NEGATORS, w) || (w == "o" && k > 0 && self.word(k - 1) == "w") {
                return true;
            }
            if !is_function_word(w) && !has(NEGATORS, w) {
                steps += 1;
            }
        }
        false
    }

    /// Whether a past cue stands within three words of `start..end` in the same clause.
    fn past_cue(&self, start: usize, end: usize) -> bool {
        let lo = start.saturating_sub(4);
        let hi = (end + 4).min(self.words.len());
        (lo..hi).any(|k| has(PAST_CUES, self.word(k)) || (self.word(k) == "s" && self.word(k + 1) == "p"))
    }

    /// The qualifier words around a finding at `start..end`: up to three content words each
    /// side, stopping at a clause boundary or another finding.
    fn window(&self, start: usize, end: usize, claimed: &[bool]) -> (Vec<usize>, Vec<usize>) {
        let mut after = Vec::new();
        let mut k = end;
        while k < self.words.len() && after.len() < 3 && !self.words[k].boundary && !claimed[k] {
            if !is_function_word(self.word(k)) || self.word(k) == "cannot" {
                after.push(k);
            }
            k += 1;
        }
        let mut before = Vec::new();
        let mut k = start;
        while k > 0 && before.len() < 3 && !self.words[k].boundary {
            k -= 1;
            if claimed[k] {
                break;
            }
            if !is_function_word(self.word(k)) {
                before.push(k);
            }
        }
        (before, after)
    }

    /// The side written nearest a finding, else the only side the question names.
    fn side(&self, before: &[usize], after: &[usize], only: Option<Side>) -> Option<Side> {
        let side_at = |k: usize| match self.word(k) {
            "left" | "lt" => Some(Side::Left),
            "right" | "rt" => Some(Side::Right),
            "bilateral" | "bilaterally" | "bilat" | "both" => Some(Side::Bilateral),
            _ => None,
        };
        nearest_first(before, after).find_map(side_at).or(only)
    }
}

fn region_named(region: SpineRegion) -> Region {
    match region {
        SpineRegion::Cervical => Region::Cervical,
        SpineRegion::Thoracic => Region::Thoracic,
        SpineRegion::Lumbosacral | SpineRegion::Any => Region::Lumbar,
    }
}

/// The short name of a term id (`red-flag.fever` -> `fever`).
fn short(id: &'static str) -> &'static str {
    id.split_once('.').map_or(id, |(_, rest)| rest)
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// Reads the case in `question`.
pub fn extract(kb: &KnowledgeBase, question: &str) -> Extraction {
    let mut r = Reader { kb, question, words: tokenize(question), out: Extraction::default() };
    r.levels();
    r.regions();
    r.numbers();
    r.sex();

    // Typos first, then the vocabulary on the corrected words.
    // The vocabulary on the words as written; then typos among the words no name covered,
    // and the vocabulary again only if one was found.
    let plain: Vec<String> = r.words.iter().map(|w| w.text.clone()).collect();
    let mut all = r.matches(&plain);
    let mut matched = vec![false; r.words.len()];
    for m in &all {
        matched[m.start..m.end].iter_mut().for_each(|c| *c = true);
    }
    let corrections = r.corrections(&matched);
    if corrections.iter().any(Option::is_some) {
        let effective: Vec<String> =
            plain.iter().zip(&corrections).map(|(w, c)| c.clone().unwrap_or_else(|| w.clone())).collect();
        all = r.matches(&effective);
    }

    // Question terms: every match, overlaps allowed (they name what is asked).
    let mut named: Vec<&'static str> = Vec::new();
    let mut covered = vec![false; r.words.len()];
    let question_matches: Vec<&Match> = all.iter().filter(|m| m.term.id.0.starts_with("question.")).collect();
    // A question word inside a longer question phrase of another term is that phrase's
    // ("steroid" in "steroid injection"), and an uncovered intent inside any longer phrase
    // is not named ("work" in "work up").
    let inside = |m: &Match, o: &Match| {
        o.term.id != m.term.id && o.start <= m.start && o.end >= m.end && (o.end - o.start) > (m.end - m.start)
    };
    let kept: Vec<&Match> = question_matches
        .iter()
        .copied()
        .filter(|m| !question_matches.iter().any(|o| inside(m, o)))
        .filter(|m| !m.term.id.0.starts_with("question.uncovered.") || !all.iter().any(|o| inside(m, o)))
        .collect();
    for m in kept {
        if !named.contains(&m.term.id.0) {
            named.push(m.term.id.0);
            let (at, text) = (r.words[m.start].start, r.text(m.start, m.end));
            r.out.readings.push(Reading { at, text, read_as: format!("question: {}", m.term.label) });
        }
        covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
    }
    // Facts: the longest match first, no two sharing a word, not over words already read.
    let mut facts: Vec<Match> = all
        .iter()
        .copied()
        .filter(|m| !m.term.id.0.starts_with("question.") && !r.words[m.start..m.end].iter().any(|w| w.used))
        .collect();
    facts.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
            .then(b.term.id.0.starts_with("red-flag.").cmp(&a.term.id.0.starts_with("red-flag.")))
            .then(a.term.id.0.cmp(b.term.id.0))
    });
    let mut claimed = vec![false; r.words.len()];
    let mut chosen: Vec<Match> = Vec::new();
    for m in facts {
        if claimed[m.start..m.end].iter().any(|c| *c) {
            continue;
        }
        claimed[m.start..m.end].iter_mut().for_each(|c| *c = true);
        chosen.push(m);
    }
    chosen.sort_by_key(|m| m.start);

    // Corrections that a match used are kept; the others are undone.
    for (i, c) in corrections.iter().enumerate() {
        if let Some(c) = c {
            let plural = r.words[i].text.strip_suffix('s') == Some(c.as_str());
            if (covered[i] || claimed[i]) && !plural {
                r.out.corrections.push(Correction { written: r.words[i].text.clone(), read_as: c.clone() });
                r.out.readings.push(Reading {
                    at: r.words[i].start,
                    text: r.words[i].text.clone(),
                    read_as: format!("typo for `{c}`"),
                });
            }
        }
    }

    let sides: Vec<Side> = r
        .words
        .iter()
        .filter_map(|w| match w.text.as_str() {
            "left" | "lt" => Some(Side::Left),
            "right" | "rt" => Some(Side::Right),
            "bilateral" | "bilaterally" | "bilat" | "both" => Some(Side::Bilateral),
            _ => None,
        })
        .collect();
    let only_side = match sides.as_slice() {
        [first, rest @ ..] if rest.iter().all(|s| s == first) => Some(*first),
        _ => None,
    };

    let mut imaging = Imaging::default();
    let mut imaging_named = named.contains(&"question.mri") || named.contains(&"question.enhancement");
    let mut zones: Vec<&'static str> = Vec::new();
    let mut herniation_type: Option<&'static str> = None;
    // What stands beside each fact, then qualifiers shared by findings joined with "and",
    // "or" or a comma ("weak EHL and hip abduction").
    let mut quals: Vec<Option<Qualifiers>> = chosen
        .iter()
        .map(|m| {
            if r.negated(m.start) {
                return None;
            }
            let (before, after) = r.window(m.start, m.end, &claimed);
            let near = |list: &[&str]| before.iter().chain(&after).any(|&k| has(list, r.word(k)));
            Some(Qualifiers {
                side: r.side(&before, &after, only_side),
                grade: mrc_near(&r, &before, &after, m.end).map(|(g, _)| g),
                grade_words: mrc_near(&r, &before, &after, m.end).map(|(_, at)| at),
                normal: near(NORMAL_WORDS),
                weak: near(WEAK_WORDS),
                numb: near(NUMB_WORDS),
                pain: near(PAIN_WORDS),
                past: r.past_cue(m.start, m.end),
                progressing: near(PROGRESSING_WORDS),
                change: nearest_first(&before, &after)
                    .find_map(|k| REFLEX_WORDS.iter().find(|(w, _)| *w == r.word(k)).map(|(_, c)| *c))
                    .or_else(|| {
                        // `0`, `1+`, `3+` right after the reflex.
                        after.first().and_then(|&k| match r.word(k) {
                            "0" => Some("absent"),
                            "1" => Some("reduced"),
                            "2" => Some("normal"),
                            "3" | "4" => Some("brisk"),
                            _ => None,
                        })
                    }),
            })
        })
        .collect();
    let joined = |a: &Match, b: &Match| {
        TermKind::of(a.term.id.0) == TermKind::of(b.term.id.0)
            && (a.end..b.start).all(|k| matches!(r.word(k), "and" | "or" | "&" | "nor"))
            && !r.words[a.end..b.start.max(a.end)].iter().skip(1).any(|w| w.boundary && !w.sep.contains(','))
    };
    for _ in 0..2 {
        for i in 1..chosen.len() {
            if !joined(&chosen[i - 1], &chosen[i]) {
                continue;
            }
            let (head, tail) = quals.split_at_mut(i);
            if let (Some(prev), Some(cur)) = (head[i - 1].as_mut(), tail[0].as_mut()) {
                if cur.is_bare() && !prev.is_bare() {
                    cur.inherit(prev);
                } else if prev.is_bare() && !cur.is_bare() {
                    prev.inherit(cur);
                }
            }
        }
    }
    for (m, q) in chosen.iter().zip(quals) {
        let id = m.term.id.0;
        let label = m.term.label.0;
        let kind = TermKind::of(id);
        let Some(q) = q else {
            r.out.negated.push(label.to_string());
            r.read(m.start, m.end, format!("negated: {label}"));
            continue;
        };
        let read_as = record(&mut r.out, m, kind, &q, &mut imaging, &mut zones, &mut herniation_type);
        if let Some(at) = q.grade_words.clone().filter(|_| kind == Some(TermKind::Action)) {
            for w in &mut r.words[at] {
                w.used = true;
            }
        }
        if kind == Some(TermKind::Imaging) {
            imaging_named = true;
        }
        named.push(id);
        r.read(m.start, m.end, read_as);
    }
    for w in r.words.iter_mut().zip(&covered) {
        if *w.1 {
            w.0.used = true;
        }
    }

    // Zone words the vocabulary does not phrase (`far lateral`, `central`), and herniation types.
    for i in 0..r.words.len() {
        let w = r.word(i).to_string();
        let two = format!("{w} {}", r.word(i + 1));
        let zone = match (w.as_str(), two.as_str()) {
            (_, "far lateral") | ("extraforaminal", _) => {
                Some(("extraforaminal", 2usize.min(if w == "far" { 2 } else { 1 })))
            }
            ("foraminal", _) => Some(("foraminal", 1)),
            ("paracentral", _) | ("subarticular", _) => Some(("paracentral", 1)),
            ("central", _) if !r.words[i].used => Some(("central", 1)),
            _ => None,
        };
        if let Some((zone, len)) = zone {
            let shadowed = zone == "foraminal" && zones.contains(&"extraforaminal");
            if !zones.contains(&zone) && !shadowed {
                zones.push(zone);
            }
            for k in i..(i + len).min(r.words.len()) {
                r.words[k].used = true;
            }
        }
        if let Some(kind) =
            ["bulge", "protrusion", "extrusion", "sequestration", "sequestered"].iter().find(|k| **k == w)
        {
            herniation_type = Some(match *kind {
                "sequestered" => "sequestration",
                k => k,
            });
            r.words[i].used = true;
        }
        if matches!(w.as_str(), "mri" | "scan" | "mr") {
            imaging_named = true;
        }
    }
    // "far lateral" is read as extraforaminal, not also foraminal.
    if zones.contains(&"extraforaminal") {
        zones.retain(|z| *z != "foraminal");
    }

    // Impingement grade.
    let impinged = named.contains(&"question.impingement") || named.contains(&"imaging.impingement");
    if impinged {
        let grade = r.words.iter().find_map(|w| match w.text.as_str() {
            "mild" | "minimal" | "slight" | "minor" | "subtle" => Some("mild"),
            "moderate" => Some("moderate"),
            "severe" | "marked" | "significant" => Some("severe"),
            _ => None,
        });
        if let Some(grade) = grade {
            imaging.impingement = Some(grade.to_string());
            imaging_named = true;
        }
    }

    // Levels in the MRI: enhancing roots, herniated discs.
    let discs: Vec<Level> = r.out.levels.iter().copied().filter(|l| matches!(l, Level::Disc(_))).collect();
    let roots: Vec<Level> = r.out.levels.iter().copied().filter(|l| matches!(l, Level::Segment(_))).collect();
    if imaging.enhancement || named.contains(&"question.enhancement") {
        imaging.enhancement = true;
        imaging.roots = roots.iter().map(ToString::to_string).collect();
        imaging.levels = discs.iter().map(ToString::to_string).collect();
    }
    let herniated =
        named.contains(&"question.herniation") || named.contains(&"imaging.herniation") || herniation_type.is_some();
    if herniated && let (Some(kind), Some(zone)) = (herniation_type, zones.first()) {
        for disc in &discs {
            imaging.herniations.push(format!("{disc}:{zone}:{kind}"));
        }
        imaging_named = true;
    }
    if imaging_named && imaging != Imaging::default() {
        if imaging.side.is_none() && imaging.enhancement {
            imaging.side = only_side.map(|s| s.to_string());
        }
        r.out.case.imaging = Some(imaging);
    }
    r.out.zones = zones.clone();

    // The region of the case, when no level names it.
    if r.out.levels.is_empty() && r.out.regions.len() == 1 {
        r.out.case.patient.region = Some(r.out.regions[0].name().to_string());
    }
    // An age under the adult guideline's bound counts as a child for routing.
    if let Some(age) = r.out.case.patient.age
        && age < r.kb.parameters.adult_age_years.whole()
    {
        named.push("age.child");
    }
    if r.out.child && r.out.case.patient.age.is_none() {
        named.push("age.child");
    }
    if r.out.case.patient.pregnant {
        named.push("context.pregnant");
    }

    // Arm or leg words.
    let mut hints: Vec<SpineRegion> = Vec::new();
    for w in &mut r.words {
        if let Some((_, region)) = REGION_HINTS.iter().find(|(h, _)| *h == w.text) {
            hints.push(*region);
            w.used = true;
        }
    }
    if let [first, rest @ ..] = hints.as_slice()
        && rest.iter().all(|g| g == first)
    {
        r.out.region_hint = Some(*first);
    }

    // Mimics named.
    for id in &named {
        if let Some(mimic) = id.strip_prefix("question.mimic.")
            && let Some(m) = kb.mimic(mimic)
            && !r.out.mimics.contains(&m.id.0)
        {
            r.out.mimics.push(m.id.0);
        }
    }

    r.out.readings.sort_by_key(|reading| reading.at);
    named.sort_unstable();
    named.dedup();
    r.out.terms = kb.with_implied(named.iter().copied());
    r.out.named = named;

    // What was not read.
    for w in &r.words {
        let t = w.text.as_str();
        if w.used || is_function_word(t) || r.known(t) || t.chars().all(|c| c.is_ascii_digit() || c == '.') {
            continue;
        }
        if t.chars().count() < 2
            || (t.chars().count() == 2 && t.chars().all(|c| c.is_ascii_lowercase()) && !w.sep.is_empty())
        {
            continue;
        }
        let shown = question[w.start..w.end].to_string();
        if !r.out.not_used.contains(&shown) {
            r.out.not_used.push(shown);
        }
    }
    r.out
}

/// The words of a window, nearest first: the word just after, the word just before, and so on.
fn nearest_first<'w>(before: &'w [usize], after: &'w [usize]) -> impl Iterator<Item = usize> + 'w {
    (0..before.len().max(after.len())).flat_map(move |i| after.get(i).into_iter().chain(before.get(i)).copied())
}

/// What stands beside a fact in the question.
struct Qualifiers {
    side: Option<Side>,
    grade: Option<u8>,
    /// The words that wrote the grade (`MRC 3`, `2/5`).
    grade_words: Option<std::ops::Range<usize>>,
    normal: bool,
    weak: bool,
    numb: bool,
    pain: bool,
    past: bool,
    progressing: bool,
    change: Option<&'static str>,
}

impl Qualifiers {
    /// Whether nothing says what was found.
    fn is_bare(&self) -> bool {
        self.grade.is_none() && !self.normal && !self.weak && !self.numb && !self.pain && self.change.is_none()
    }

    /// Takes what was found from a finding joined to this one.
    fn inherit(&mut self, other: &Qualifiers) {
        self.grade = other.grade;
        self.normal = other.normal;
        self.weak = other.weak;
        self.numb = other.numb;
        self.pain = other.pain;
        self.change = other.change;
        self.progressing = other.progressing;
        self.side = self.side.or(other.side);
    }
}

/// Records one vocabulary fact into the case; returns what it was read as.
fn record(
    out: &mut Extraction,
    m: &Match,
    kind: Option<TermKind>,
    q: &Qualifiers,
    imaging: &mut Imaging,
    zones: &mut Vec<&'static str>,
    herniation_type: &mut Option<&'static str>,
) -> String {
    let id = m.term.id.0;
    let label = m.term.label.0;
    let name = m.name.to_lowercase();
    let h = &mut out.case.history;
    let e = &mut out.case.exam;
    let sided = |entry: &str| q.side.map_or_else(|| entry.to_string(), |s| format!("{entry}:{s}"));
    match kind {
        Some(TermKind::RedFlag) => {
            push_unique(&mut h.red_flags, short(id).to_string());
            format!("red flag: {label}")
        }
        Some(TermKind::Drug | TermKind::Contraindication) => {
            push_unique(&mut h.contraindications, short(id).to_string());
            format!("medicine or contraindication: {label}")
        }
        Some(TermKind::YellowFlag) => {
            push_unique(&mut h.yellow_flags, short(id).to_string());
            format!("yellow flag: {label}")
        }
        Some(TermKind::Context) => match id {
            "context.pregnant" => {
                out.case.patient.pregnant = true;
                "pregnant".to_string()
            }
            "context.prior-surgery" => {
                let explicit = ["prior", "previous", "post", "operated"].iter().any(|w| name.contains(w));
                if explicit || q.past {
                    h.prior_surgery = Some(true);
                    format!("context: {label}")
                } else {
                    format!("mentioned: {label} (not read as done)")
                }
            }
            "context.recent-root-block" | "context.recent-lumbar-puncture" | "context.recent-myelogram" => {
                if name.contains("recent") || q.past {
                    push_unique(&mut h.context, short(id).to_string());
                    format!("context: {label}")
                } else {
                    format!("mentioned: {label} (not read as done)")
                }
            }
            "context.onset-under-4-weeks" | "context.course-over-8-weeks" | "context.root-enhancement" => {
                format!("context word: {label}")
            }
            _ => {
                push_unique(&mut h.context, short(id).to_string());
                format!("context: {label}")
            }
        },
        Some(TermKind::Sign) => {
            push_unique(&mut e.sign, sided(label));
            format!("sign: {label}")
        }
        Some(TermKind::Action) => {
            let intrinsically_weak = ["drop", "weak", "palsy"].iter().any(|w| name.contains(w));
            let normal = q.normal || q.grade == Some(5);
            let weak = !normal && (intrinsically_weak || q.weak || q.grade.is_some_and(|g| g < 5));
            if weak {
                let mut entry = label.to_string();
                match (q.side, q.grade) {
                    (Some(s), Some(g)) if !q.progressing => entry.push_str(&format!(":{s}:{g}")),
                    (Some(s), _) => entry.push_str(&format!(":{s}")),
                    (None, _) => {}
                }
                if let Some(g) = q.grade.filter(|_| q.progressing || q.side.is_none()) {
                    let progressing = if q.progressing { ":progressing" } else { "" };
                    push_unique(&mut h.deficits, format!("{label}:{g}{progressing}"));
                }
                push_unique(&mut e.weak, entry);
                let grade_words = q.grade.map_or(String::new(), |g| format!(", MRC {g}"));
                let side_words = q.side.map_or(String::new(), |s| format!(", {s}"));
                let progressing = if q.progressing { ", progressing" } else { "" };
                format!("weakness: {label}{side_words}{grade_words}{progressing}")
            } else if normal {
                push_unique(&mut e.strong, sided(label));
                format!("normal strength: {label}")
            } else {
                format!("mentioned: {label} (no finding given)")
            }
        }
        Some(TermKind::Reflex) => match q.change {
            Some(change) => {
                let entry = match q.side {
                    Some(s) => format!("{label}:{change}:{s}"),
                    None => format!("{label}:{change}"),
                };
                push_unique(&mut e.reflex, entry);
                format!("reflex: {label} {change}")
            }
            None => format!("mentioned: {label} (no change given)"),
        },
        Some(TermKind::Area) => {
            if q.numb {
                push_unique(&mut e.numb, sided(label));
                format!("numbness: {label}")
            } else if q.pain {
                push_unique(&mut e.pain, sided(label));
                format!("pain: {label}")
            } else {
                format!("mentioned: {label} (no finding given)")
            }
        }
        Some(TermKind::Imaging) => {
            match id {
                "imaging.enhancement" => imaging.enhancement = true,
                "imaging.side.bilateral" => imaging.side = Some("bilateral".into()),
                "imaging.distribution.single-level" => imaging.distribution = Some("single-level".into()),
                "imaging.distribution.multi-level" => imaging.distribution = Some("multi-level".into()),
                "imaging.distribution.diffuse" => imaging.distribution = Some("diffuse".into()),
                "imaging.morphology.smooth" => imaging.morphology = Some("smooth".into()),
                "imaging.morphology.nodular" => imaging.morphology = Some("nodular".into()),
                "imaging.morphology.clumped" => imaging.morphology = Some("clumped".into()),
                "imaging.thickening" => imaging.thickening = true,
                "imaging.displacement" => imaging.displacement = true,
                "imaging.mass" => imaging.mass = true,
                "imaging.leptomeningeal-elsewhere" => imaging.leptomeningeal_elsewhere = true,
                "imaging.cord-involvement" => imaging.cord_involvement = true,
                "imaging.herniation.paracentral" => zones.push("paracentral"),
                "imaging.herniation.foraminal" => zones.push("foraminal"),
                "imaging.herniation.extrusion" => *herniation_type = Some("extrusion"),
                "imaging.herniation" if name.contains("protrusion") => *herniation_type = Some("protrusion"),
                "imaging.postop.under-6-months" | "imaging.postop.over-6-months" => h.prior_surgery = Some(true),
                _ => {}
            }
            format!("MRI finding: {label}")
        }
        _ => match id {
            "age.child" => {
                out.child = true;
                "a child or adolescent".to_string()
            }
            id if id.starts_with("grade.") => {
                if let Ok(g) = short(id).parse::<u8>() {
                    h.grade = Some(g);
                }
                format!("grade: {label}")
            }
            id if id.starts_with("candidate.") => {
                push_unique(&mut h.candidate, short(id).to_string());
                format!("candidacy: {label}")
            }
            id if id.starts_with("function.") => {
                h.function = Some(short(id).to_string());
                format!("function: {label}")
            }
            _ => format!("{}: {label}", id.split('.').next().unwrap_or(id)),
        },
    }
}

/// The MRC grade written beside a weakness: `2/5`, `MRC 3`, `power 4`, or a bare 0-5 right
/// after the action.
fn mrc_near(r: &Reader<'_>, before: &[usize], after: &[usize], end: usize) -> Option<(u8, std::ops::Range<usize>)> {
    let grade = |k: usize| r.word(k).parse::<u8>().ok().filter(|g| *g <= 5);
    for &k in after.iter().chain(before) {
        let w = r.word(k);
        if matches!(w, "mrc" | "power" | "strength")
            && let Some(g) = grade(k + 1)
        {
            return Some((g, k..k + 2));
        }
        if let Some(g) = grade(k) {
            let next_is_five = r.word(k + 1) == "5" && r.words.get(k + 1).is_some_and(|x| x.sep == "/");
            if next_is_five {
                return Some((g, k..k + 2));
            }
            if k == end {
                return Some((g, k..k + 1));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> &'static KnowledgeBase {
        radiculo_knowledge::baked()
    }

    #[test]
    fn function_words_are_sorted() {
        assert!(
            FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]),
            "{:?}",
            FUNCTION_WORDS.windows(2).find(|w| w[0] >= w[1])
        );
    }

    #[test]
    fn distance_counts_transpositions_once() {
        assert_eq!(distance("sciatca", "sciatica", 1), Some(1));
        assert_eq!(distance("sicatica", "sciatica", 1), Some(1));
        assert_eq!(distance("never", "nerve", 1), None);
    }

    #[test]
    fn tokens_keep_decimals_and_split_notation() {
        let words: Vec<String> = tokenize("0.4 g/kg, L4-5; pt's 2/5").into_iter().map(|w| w.text).collect();
        assert_eq!(words, ["0.4", "g", "kg", "l4", "5", "pt's", "2", "5"]);
    }

    #[test]
    fn reads_age_duration_weight_and_sex() {
        let e = extract(kb(), "45 yo man, sciatica for 3 wks, 80 kg");
        assert_eq!(e.case.patient.age, Some(45));
        assert_eq!(e.case.history.weeks, Some(3));
        assert_eq!(e.case.patient.weight_kg, Some(80.0));
        assert_eq!(e.sex, Some(Sex::Male));
        let e = extract(kb(), "child 12 years old with sciatica for 2 months");
        assert_eq!(e.case.patient.age, Some(12));
        assert_eq!(e.case.history.weeks, Some(8));
        assert!(e.has("age.child"));
    }

    #[test]
    fn gestation_is_not_onset() {
        let e = extract(kb(), "radiculopathy pregnant 28 weeks MRI gadolinium safe?");
        assert!(e.case.patient.pregnant);
        assert_eq!(e.gestation_weeks, Some(28));
        assert_eq!(e.case.history.weeks, None);
        let e = extract(kb(), "28 weeks pregnant with sciatica for 2 weeks");
        assert_eq!(e.gestation_weeks, Some(28));
        assert_eq!(e.case.history.weeks, Some(2));
    }

    #[test]
    fn findings_take_their_qualifiers() {
        let e = extract(kb(), "left foot drop 2/5, knee jerk gone, brisk reflexes, numb top of the foot");
        assert_eq!(e.case.exam.weak, ["ankle dorsiflexion:left:2"]);
        assert_eq!(e.case.exam.reflex, ["patellar reflex:absent:left"]);
        assert!(e.case.exam.sign.iter().any(|s| s.starts_with("brisk reflexes")), "{:?}", e.case.exam.sign);
        assert_eq!(e.case.exam.numb, ["dorsum of the foot:left"]);
    }

    #[test]
    fn typos_are_read_only_when_they_complete_a_term() {
        let e = extract(kb(), "sciatca w/ fever and IVDU hx");
        assert!(e.has("question.radiculopathy"), "{:?}", e.terms);
        assert_eq!(e.case.history.red_flags, ["fever", "iv-drug-use"]);
        assert_eq!(e.corrections[0].read_as, "sciatica");
        let e = extract(kb(), "can my patient frobnicate with sciatica?");
        assert!(e.corrections.is_empty(), "{:?}", e.corrections);
        assert_eq!(e.not_used, ["frobnicate"]);
    }

    #[test]
    fn negated_flags_are_not_recorded() {
        let e = extract(kb(), "sciatica 3 wks, no fever, no saddle anaesthesia");
        assert!(e.case.history.red_flags.is_empty(), "{:?}", e.case.history.red_flags);
        assert_eq!(e.negated.len(), 2);
    }

    #[test]
    fn drugs_and_checkpoint_inhibitors_are_read() {
        let e = extract(kb(), "Should I stop apixaban before a transforaminal epidural injection?");
        assert_eq!(e.case.history.contraindications, ["apixaban"]);
        assert!(e.has("contraindication.antithrombotic"));
        let e = extract(kb(), "pembrolizumab patient with new polyradiculopathy grade 3 what to do");
        assert_eq!(e.case.history.context, ["checkpoint-inhibitor"]);
        assert_eq!(e.case.history.grade, Some(3));
    }

    #[test]
    fn herniation_level_and_zone() {
        let e = extract(kb(), "L4-5 paracentral extrusion with left foot drop");
        let imaging = e.case.imaging.expect("imaging");
        assert_eq!(imaging.herniations, ["L4-5:paracentral:extrusion"]);
    }
}
