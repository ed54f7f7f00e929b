//! The data that flows between stages and into `clean/`.
//!
//! Field names of [`Record`], [`Reject`] and the cluster types are a contract with other tools
//! (see `schema/*.schema.json`): add fields freely, never rename or drop one.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One line-preserving fix made by the repair stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// 1-based line in the decoded text.
    pub line: usize,
    pub kind: FixKind,
    pub before: String,
    pub after: String,
}

/// What kind of damage a [`Fix`] undid. The names are the keys of `report.json`'s fix counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixKind {
    /// UTF-8 bytes that had been read in a single-byte code page (`Pythonâ€™s`).
    Mojibake,
    /// A lone C1 control that stands for a Windows-1252 character (`\u{85}` for `…`).
    C1Control,
    HtmlEntity,
    /// Zero-width characters, soft hyphens, a BOM inside the text.
    Invisible,
    /// No-break and other fixed-width spaces turned into plain spaces.
    Space,
    /// Curly quotes and primes turned into ASCII quotes.
    Quote,
    /// En/em dashes and minus signs in code or commands turned into ASCII.
    Dash,
    /// Composed to Unicode NFC.
    Normalization,
    /// Markdown and layout debris dropped from a record's text (`CopyEdit`, `\_`).
    Artifact,
    /// Control characters dropped from a record's text.
    Control,
}

impl FixKind {
    pub fn name(self) -> &'static str {
        match self {
            FixKind::Mojibake => "mojibake",
            FixKind::C1Control => "c1-control",
            FixKind::HtmlEntity => "html-entity",
            FixKind::Invisible => "invisible",
            FixKind::Space => "space",
            FixKind::Quote => "quote",
            FixKind::Dash => "dash",
            FixKind::Normalization => "normalization",
            FixKind::Artifact => "artifact",
            FixKind::Control => "control",
        }
    }
}

/// Something odd about the input that is worth telling the user but did not stop the work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// 1-based line, when the finding is about one place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub kind: String,
    pub detail: String,
}

impl Finding {
    /// The kinds that say a document's questions were not read (none found, or many left out):
    /// `run` prints them and exits 1.
    pub const UNREAD: [&'static str; 2] = ["no-questions", "questions-left-out"];

    pub fn is_unread(&self) -> bool {
        Self::UNREAD.contains(&self.kind.as_str())
    }
}

/// Experience band of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
    Expert,
}

/// Where a record's level came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LevelSource {
    Marker,
    Heading,
    Title,
    Path,
    Inferred,
}

/// Where a record's topic came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TopicSource {
    /// Keyword matches in the question (and answer).
    Keywords,
    /// A tie-break rule of the taxonomy (behavioural cue, coding task, cross-cutting concern).
    Rule,
    /// Only the section heading named it.
    Heading,
    /// Nothing matched: the taxonomy's fallback topic.
    Fallback,
    /// The topic most members of the cluster have (canonical questions only).
    Votes,
}

/// A property of a record that a user may want to filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// The source gives no answer.
    NoAnswer,
    /// The answer stops mid-word or mid-code.
    TruncatedAnswer,
    /// An answer block whose question line is missing in the source.
    OrphanAnswer,
    /// The question's number was damaged in the source (`Thow` for `7 How`).
    NumberRepaired,
    /// The question is a noun-phrase title rather than a question.
    QuestionFromTitle,
    /// Mojibake was repaired inside the record's text.
    MojibakeRepaired,
    /// The record is in a cluster that a person should look at.
    NeedsReview,
    /// Python in the answer had lost its indentation; it was restored and now parses.
    CodeReindented,
    /// Python in the answer does not parse, and no restored indentation made it parse.
    CodeUnparsed,
}

/// One question as found in one source document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub question: String,
    pub answer: Option<String>,
    pub file: String,
    pub line: usize,
    pub line_end: usize,
    /// The document's title, when it has one.
    pub title: Option<String>,
    /// Headings above the record, outermost first (the title is not repeated here).
    pub section: Vec<String>,
    pub level: Option<Level>,
    /// `None` exactly when `level` is `None`.
    pub level_source: Option<LevelSource>,
    /// The difficulty the source states for the question (a bank's or a table's column), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    /// The notebook cell (0-based) the question stands in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<usize>,
    /// A topic id from `schema/topics.json`; absent until the tag stage has run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic_source: Option<TopicSource>,
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<bool>,
    pub flags: Vec<Flag>,
}

impl Record {
    /// A record as split makes it: its text and source, nothing tagged or clustered yet.
    pub fn new(
        id: String,
        question: String,
        answer: Option<String>,
        file: String,
        lines: (usize, usize),
        flags: Vec<Flag>,
    ) -> Record {
        Record {
            id,
            question,
            answer,
            file,
            line: lines.0,
            line_end: lines.1,
            title: None,
            section: Vec::new(),
            level: None,
            level_source: None,
            difficulty: None,
            cell: None,
            topic: None,
            topic_source: None,
            topics: Vec::new(),
            cluster: None,
            canonical: None,
            flags,
        }
    }
}

/// Why a raw line was taken into no record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RejectReason {
    /// The document title or a section heading: kept as a record's context, not as a record.
    Heading,
    /// Page chrome, intros, summaries and other prose that is not part of a question.
    Boilerplate,
    /// Layout debris: `CopyEdit`, a stray language label, a separator rule.
    Artifact,
    /// A block or heading that repeats an earlier one of the same document word for word.
    VerbatimRepeat,
    /// An answer block whose question line is missing in the source.
    OrphanAnswer,
    /// The whole file could not be read as text.
    NotText,
    /// Page chrome: navigation, a contents list of anchor links, share buttons, reader comments,
    /// a chat assistant's remarks around the list.
    Chrome,
    /// A line that holds only markup: tags, JSON or notebook syntax, a directive.
    Markup,
}

impl RejectReason {
    pub fn name(self) -> &'static str {
        match self {
            RejectReason::Heading => "heading",
            RejectReason::Boilerplate => "boilerplate",
            RejectReason::Artifact => "artifact",
            RejectReason::VerbatimRepeat => "verbatim-repeat",
            RejectReason::OrphanAnswer => "orphan-answer",
            RejectReason::NotText => "not-text",
            RejectReason::Chrome => "chrome",
            RejectReason::Markup => "markup",
        }
    }
}

/// A raw line, or a run of lines, that is in no record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    pub file: String,
    pub line: usize,
    pub line_end: usize,
    pub text: String,
    pub reason: RejectReason,
}

/// What the run saw of one input file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub file: String,
    pub bytes: u64,
    pub encoding: String,
    pub lines: usize,
    pub layout: String,
    /// The format read from the content: `markdown`, `html`, `rst`, `notebook`, `json`, `jsonl`,
    /// `csv` or `text`.
    pub format: String,
    /// Per section, the role that held its questions and how sure the finder was.
    pub roles: Vec<SectionRole>,
    /// Question-like blocks that ended in no record.
    pub left_out: usize,
    pub fixes: BTreeMap<String, usize>,
    pub records: usize,
    pub rejects: BTreeMap<String, usize>,
    pub findings: Vec<Finding>,
    /// Code blocks of the answers, by what became of them.
    pub code: CodeCounts,
}

/// Where one member of a cluster was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub file: String,
    pub line: usize,
}

/// The canonical record of a cluster: a line of `questions.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub question: String,
    pub answer: Option<String>,
    pub level: Option<Level>,
    pub level_source: Option<LevelSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic_source: Option<TopicSource>,
    pub topics: Vec<String>,
    pub flags: Vec<Flag>,
    pub cluster: String,
    /// Every member's source, canonical first.
    pub sources: Vec<SourceRef>,
    /// The other members' ids.
    pub duplicates: Vec<String>,
}

/// The role chosen for one section, as `report.json` gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionRole {
    /// The section path, outermost first, joined with ` > ` (empty for the top of the document).
    pub section: String,
    pub role: String,
    pub questions: usize,
    /// Share of the role's blocks that read as questions, against the runner-up: 1.0 when no other
    /// role had any.
    pub confidence: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runner_up: Option<String>,
}

/// Code blocks of one text or file, by what became of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCounts {
    /// Python blocks (labelled so, or recognised).
    pub python: usize,
    /// Python blocks that parsed as they were.
    pub parsed: usize,
    pub reindented: usize,
    /// Python blocks that still do not parse.
    pub unparsed: usize,
    /// Blocks fenced as Python that are sentences about code (`import bisect.`): labelled text.
    pub prose: usize,
    pub other: usize,
}

impl CodeCounts {
    /// Counts one Python block by what became of it.
    pub fn count(&mut self, outcome: CodeOutcome) {
        self.python += 1;
        match outcome {
            CodeOutcome::Parsed => self.parsed += 1,
            CodeOutcome::Reindented => self.reindented += 1,
            CodeOutcome::Unparsed => self.unparsed += 1,
        }
    }

    pub fn add(&mut self, other: &CodeCounts) {
        self.python += other.python;
        self.parsed += other.parsed;
        self.reindented += other.reindented;
        self.unparsed += other.unparsed;
        self.prose += other.prose;
        self.other += other.other;
    }
}

/// What became of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeOutcome {
    /// It parsed as it was: unchanged.
    Parsed,
    /// Its indentation was restored; the result parses.
    Reindented,
    /// Nothing that parses was found: unchanged.
    Unparsed,
}

/// A replacement made inside a line: kind, before, after.
pub type Change = (FixKind, String, String);

/// The enums' spellings are serde's, and the schemas in `schema/` name exactly those: a variant
/// added, renamed or dropped on one side fails here, not in a user's pipeline.
#[cfg(test)]
mod schema_spellings {
    use super::*;
    use serde::Serialize;

    fn spelled<T: Serialize>(values: &[T]) -> Vec<String> {
        let mut names: Vec<String> = values
            .iter()
            .map(|v| {
                serde_json::to_value(v)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        names.sort();
        names
    }

    /// The non-null names of an `enum` in a schema, found by a path of property names.
    fn schema_enum(file: &str, path: &[&str]) -> Vec<String> {
        let text = std::fs::read_to_string(format!("{}/schema/{file}", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
        let mut node: serde_json::Value = serde_json::from_str(&text).unwrap();
        for key in path {
            node = node[key].clone();
        }
        let list = node
            .get("enum")
            .or_else(|| node["items"].get("enum"))
            .unwrap_or_else(|| panic!("{file} {path:?}: no enum"));
        let mut names: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        names.sort();
        names
    }

    /// Every variant of an enum, checked whole by an exhaustive match: a new variant does not
    /// compile until it is listed here.
    macro_rules! every {
        ($enum:ident: $($variant:ident),+ $(,)?) => {{
            let all = vec![$($enum::$variant),+];
            for v in &all {
                match v {
                    $($enum::$variant)|+ => {}
                }
            }
            all
        }};
    }

    fn fix_kinds() -> Vec<FixKind> {
        every!(FixKind: Mojibake, C1Control, HtmlEntity, Invisible, Space, Quote, Dash, Normalization, Artifact, Control)
    }

    fn reject_reasons() -> Vec<RejectReason> {
        every!(RejectReason: Heading, Boilerplate, Artifact, VerbatimRepeat, OrphanAnswer, NotText, Chrome, Markup)
    }

    #[test]
    fn names_are_serde_spellings() {
        for k in fix_kinds() {
            assert_eq!(spelled(&[k]), [k.name()], "{k:?}");
        }
        for r in reject_reasons() {
            assert_eq!(spelled(&[r]), [r.name()], "{r:?}");
        }
    }

    #[test]
    fn schemas_name_exactly_the_model_spellings() {
        let flags = every!(Flag: NoAnswer, TruncatedAnswer, OrphanAnswer, NumberRepaired, QuestionFromTitle, MojibakeRepaired, NeedsReview, CodeReindented, CodeUnparsed);
        let cases: [(&str, &[&str], Vec<String>); 6] = [
            (
                "record.schema.json",
                &["properties", "flags"],
                spelled(&flags),
            ),
            (
                "record.schema.json",
                &["properties", "level"],
                spelled(&[
                    Level::Beginner,
                    Level::Intermediate,
                    Level::Advanced,
                    Level::Expert,
                ]),
            ),
            (
                "record.schema.json",
                &["properties", "level_source"],
                spelled(&[
                    LevelSource::Marker,
                    LevelSource::Heading,
                    LevelSource::Title,
                    LevelSource::Path,
                    LevelSource::Inferred,
                ]),
            ),
            (
                "record.schema.json",
                &["properties", "topic_source"],
                spelled(&[
                    TopicSource::Keywords,
                    TopicSource::Rule,
                    TopicSource::Heading,
                    TopicSource::Fallback,
                    TopicSource::Votes,
                ]),
            ),
            (
                "reject.schema.json",
                &["properties", "reason"],
                spelled(&reject_reasons()),
            ),
            (
                "cluster.schema.json",
                &["properties", "status"],
                spelled(&[
                    crate::stages::cluster::Status::Single,
                    crate::stages::cluster::Status::Merged,
                    crate::stages::cluster::Status::Flagged,
                    crate::stages::cluster::Status::Reviewed,
                ]),
            ),
        ];
        for (file, path, want) in cases {
            assert_eq!(schema_enum(file, path), want, "{file} {path:?}");
        }
    }
}
