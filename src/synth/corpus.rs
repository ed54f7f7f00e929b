//! A corpus of documents for scale tests, in the layouts of the seed documents, with the damage
//! real scrapes have, and the truth of which question each one is a variant of.
//!
//! Deterministic for a seed. Documents are made one at a time (`Corpus` is an iterator), so a
//! million questions never sit in memory at once.

use super::web::Web;
use super::{variant, Rng};

/// A question the corpus is built from.
#[derive(Debug, Clone)]
pub struct Base {
    pub question: String,
    pub answer: Option<String>,
    /// Reads as a question (usable in bullet lists, which carry no answers).
    pub question_like: bool,
}

/// One generated document.
#[derive(Debug, Clone)]
pub struct Document {
    pub name: String,
    pub bytes: Vec<u8>,
    /// (1-based line of the question, its truth label) for every question in it: the base index
    /// for a corpus of seed variants, the group for a web-shaped one.
    pub questions: Vec<(usize, usize)>,
}

const TITLES: &[&str] = &[
    "Python Interview Questions for Freshers",
    "Python Interview Questions (3+ Years Experience)",
    "Top Python Interview Questions for 4&5 Years Experience",
    "Python Interview Questions For 10 Years Experience",
    "Python Technical Questions & Answers",
    "Senior Python Developer Interview Questions",
    "Python Medium Level Questions",
];

const SECTIONS: &[&str] = &[
    "Core Python Concepts",
    "Object-Oriented Programming",
    "Concurrency & Parallelism",
    "Web Frameworks",
    "Testing and Debugging",
    "Data Structures",
];

#[derive(Debug, Clone, Copy)]
enum Layout {
    QaMarkers,
    Numbered,
    AnswerLabels,
    Bullets,
    Doubled,
}

const LAYOUTS: [Layout; 5] = [
    Layout::QaMarkers,
    Layout::Numbered,
    Layout::AnswerLabels,
    Layout::Bullets,
    Layout::Doubled,
];

/// Where the questions come from.
enum Source<'b> {
    /// Reworded variants of the seed questions: few distinct questions, many rewordings.
    Seeds {
        bases: &'b [Base],
        answered: Vec<usize>,
        question_like: Vec<usize>,
    },
    /// Distinct questions from frames, vocabulary and contexts, a share asked again reworded.
    Web(Web),
}

/// Generates documents until `questions` questions have been written.
pub struct Corpus<'b> {
    source: Source<'b>,
    remaining: usize,
    rng: Rng,
    next_doc: usize,
}

impl<'b> Corpus<'b> {
    /// A corpus of variants of `bases`.
    pub fn new(bases: &'b [Base], questions: usize, seed: u64) -> Corpus<'b> {
        let answered = (0..bases.len())
            .filter(|&i| bases[i].answer.is_some())
            .collect();
        let question_like = (0..bases.len())
            .filter(|&i| bases[i].question_like)
            .collect();
        let remaining = if bases.is_empty() { 0 } else { questions };
        Corpus {
            source: Source::Seeds {
                bases,
                answered,
                question_like,
            },
            remaining,
            rng: Rng::new(seed),
            next_doc: 0,
        }
    }

    /// A web-shaped corpus (see [`super::web`]).
    pub fn web(questions: usize, seed: u64) -> Corpus<'static> {
        Corpus {
            source: Source::Web(Web::default()),
            remaining: questions,
            rng: Rng::new(seed),
            next_doc: 0,
        }
    }

    /// The next question of a document: its text, its answer and its truth label. `bullets`: it
    /// goes in a bullet list (no answer, so it must read as a question).
    fn draw(
        &mut self,
        bullets: bool,
        used: &mut std::collections::HashSet<usize>,
    ) -> (String, String, usize) {
        let rng = &mut self.rng;
        let (question, answer, label) = match &mut self.source {
            Source::Web(web) => {
                let d = web.draw(rng);
                (d.question, d.answer, d.group)
            }
            Source::Seeds {
                bases,
                answered,
                question_like,
            } => {
                let pool = if bullets { question_like } else { answered };
                let base = pick(bases.len(), pool, rng, used);
                (
                    variant(&bases[base].question, rng),
                    bases[base].answer.clone(),
                    base,
                )
            }
        };
        let answer = answer.unwrap_or_else(|| "See the documentation.".into());
        (question, answer, label)
    }
}

/// A base not yet used in this document (a block pasted twice is one question, so the truth must
/// not hold it twice), from `pool` when it has any.
fn pick(
    bases: usize,
    pool: &[usize],
    rng: &mut Rng,
    used: &mut std::collections::HashSet<usize>,
) -> usize {
    for _ in 0..64 {
        let b = if pool.is_empty() {
            rng.below(bases)
        } else {
            pool[rng.below(pool.len())]
        };
        if used.insert(b) {
            return b;
        }
    }
    let b = rng.below(bases);
    used.insert(b);
    b
}

impl Corpus<'_> {
    /// How many questions a document may hold without repeating one.
    fn capacity(&self) -> usize {
        match &self.source {
            Source::Seeds { bases, .. } => bases.len(),
            Source::Web(_) => usize::MAX,
        }
    }
}

impl Iterator for Corpus<'_> {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        if self.remaining == 0 {
            return None;
        }
        let layout = LAYOUTS[self.rng.below(LAYOUTS.len())];
        let count = (40 + self.rng.below(120))
            .min(self.remaining)
            .min(self.capacity());
        self.remaining -= count;
        let mut draft = Draft::new(layout, TITLES[self.rng.below(TITLES.len())], count);
        let mut used = std::collections::HashSet::new();
        for k in 0..count {
            if k % 25 == 0 && !matches!(layout, Layout::QaMarkers | Layout::Doubled) {
                draft.heading(SECTIONS[self.rng.below(SECTIONS.len())]);
            }
            let (q, answer, base) = self.draw(matches!(layout, Layout::Bullets), &mut used);
            draft.question(&upper_first(q), &answer, base, &mut self.rng);
        }
        self.next_doc += 1;
        let name = format!("doc_{:06}.txt", self.next_doc);
        Some(Document {
            name,
            bytes: self.damage(draft.lines),
            questions: draft.questions,
        })
    }
}

fn upper_first(q: String) -> String {
    match q.chars().next() {
        Some(first) => first.to_uppercase().chain(q.chars().skip(1)).collect(),
        None => q,
    }
}

/// A document being written in one layout: its lines, the line and truth label of each of its
/// questions, and where the numbering is.
struct Draft {
    layout: Layout,
    lines: Vec<String>,
    questions: Vec<(usize, usize)>,
    section: usize,
    number: usize,
}

impl Draft {
    fn new(layout: Layout, title: &str, count: usize) -> Draft {
        let title = if matches!(layout, Layout::QaMarkers) {
            format!("# {title}")
        } else {
            title.to_string()
        };
        Draft {
            layout,
            lines: vec![title, String::new()],
            questions: Vec::with_capacity(count),
            section: 0,
            number: 0,
        }
    }

    /// A section heading; the questions after it are numbered from 1.
    fn heading(&mut self, name: &str) {
        self.section += 1;
        self.number = 0;
        self.lines.push(if matches!(self.layout, Layout::Bullets) {
            format!("{}. {name}", self.section)
        } else {
            name.to_string()
        });
    }

    /// One question with its answer, as the layout writes them.
    fn question(&mut self, q: &str, answer: &str, base: usize, rng: &mut Rng) {
        self.number += 1;
        let number = self.number;
        let lines = &mut self.lines;
        match self.layout {
            Layout::QaMarkers => {
                self.questions.push((lines.len() + 1, base));
                lines.extend([
                    format!("**Q: {q}**"),
                    String::new(),
                    format!("A: {}", answer.replace('\n', " ")),
                    String::new(),
                ]);
            }
            Layout::Numbered => {
                self.questions.push((lines.len() + 1, base));
                lines.push(format!("{number}. {q}"));
                lines.extend(answer.lines().map(str::to_string));
            }
            Layout::AnswerLabels => {
                self.questions.push((lines.len() + 1, base));
                lines.extend([
                    format!("{number} {q}"),
                    String::new(),
                    "Answer:".into(),
                    String::new(),
                ]);
                lines.extend(answer.lines().map(str::to_string));
                lines.push(String::new());
            }
            Layout::Bullets => {
                self.questions.push((lines.len() + 1, base));
                lines.push(format!("\t•\t{q}"));
            }
            Layout::Doubled => {
                let title = format!("{number}. {q}");
                // One copy of the title glued to the answer line before, as HTML flattening does.
                let glue =
                    number > 1 && rng.chance(0.3) && lines.last().is_some_and(|l| l.ends_with('.'));
                if glue {
                    let last = lines.len() - 1;
                    lines[last].push_str(&title);
                    self.questions.push((lines.len() + 1, base));
                    lines.push(title);
                } else {
                    self.questions.push((lines.len() + 1, base));
                    lines.extend([title.clone(), title]);
                }
                lines.extend(answer.lines().map(|l| l.to_string()));
                if lines.last().is_some_and(|l| !l.ends_with('.')) {
                    lines.push("See above.".into());
                }
            }
        }
    }
}

impl Corpus<'_> {
    /// The damage of real scrapes: mojibake on some lines, curly quotes in code, CRLF line ends,
    /// a BOM, or the whole document in Windows-1252.
    fn damage(&mut self, mut lines: Vec<String>) -> Vec<u8> {
        for line in lines.iter_mut() {
            if self.rng.chance(0.05) && !line.is_ascii() {
                let (misread, _, _) = encoding_rs::WINDOWS_1252.decode(line.as_bytes());
                *line = misread.into_owned();
            } else if self.rng.chance(0.05) && line.contains('"') {
                let mut open = true;
                *line = line
                    .chars()
                    .map(|c| {
                        if c == '"' {
                            open = !open;
                            if open {
                                '”'
                            } else {
                                '“'
                            }
                        } else {
                            c
                        }
                    })
                    .collect();
            }
        }
        let crlf = self.rng.chance(0.2);
        let text = lines.join(if crlf { "\r\n" } else { "\n" }) + if crlf { "\r\n" } else { "\n" };
        if self.rng.chance(0.1) {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
            if !unmappable {
                return bytes.into_owned();
            }
        }
        if self.rng.chance(0.1) {
            return [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
        }
        text.into_bytes()
    }
}
