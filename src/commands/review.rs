//! `qclean review`: go through the flagged pairs of a dataset and record decisions.
//!
//! Reads the dataset folder (`clusters.jsonl`, `records.jsonl`) written by `run`, as the model's
//! own types; every decision is appended to the decisions file at once. `run` applies the
//! decisions on its next run. On a terminal the review takes one key per answer and draws each
//! pair on a cleared screen; from a pipe it reads one answer per line, so scripts can drive it.

use super::decisions::{self, DecisionLine};
use super::Outcome;
use crate::error::{Error, Result};
use crate::model::Record;
use crate::stages::cluster::score::Evidence;
use crate::stages::cluster::Cluster;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

/// A flagged pair as `review --list` prints it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReviewItem {
    pub a: String,
    pub b: String,
    pub score: f64,
    pub a_question: String,
    pub b_question: String,
    pub a_source: String,
    pub b_source: String,
    pub evidence: Evidence,
}

struct DatasetView {
    records: BTreeMap<String, Record>,
    items: Vec<ReviewItem>,
}

/// The flagged pairs of the dataset not yet decided, most uncertain first.
fn load(dataset: &Path) -> Result<DatasetView> {
    let records: BTreeMap<String, Record> =
        super::dataset_rows::<Record>(dataset, "records.jsonl")?
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect();
    let clusters: Vec<Cluster> = super::dataset_rows(dataset, "clusters.jsonl")?;
    let mut seen = BTreeSet::new();
    let mut items = Vec::new();
    for pair in clusters.iter().flat_map(|c| &c.pairs) {
        if pair.decision.is_some() || !seen.insert((pair.a.clone(), pair.b.clone())) {
            continue;
        }
        let record = |id: &str| {
            records.get(id).ok_or_else(|| Error::BadConfig {
                path: dataset.join("clusters.jsonl"),
                message: format!("a pair names {id}, which records.jsonl does not hold"),
            })
        };
        let (a, b) = (record(&pair.a)?, record(&pair.b)?);
        items.push(ReviewItem {
            a: a.id.clone(),
            b: b.id.clone(),
            score: pair.evidence.score,
            a_question: a.question.clone(),
            b_question: b.question.clone(),
            a_source: format!("{}:{}", a.file, a.line),
            b_source: format!("{}:{}", b.file, b.line),
            evidence: pair.evidence.clone(),
        });
    }
    items.sort_by(|x, y| {
        crate::stages::cluster::most_uncertain_first((x.score, &x.a, &x.b), (y.score, &y.a, &y.b))
    });
    Ok(DatasetView { records, items })
}

fn stdout_error(cause: std::io::Error) -> Error {
    Error::Write {
        path: "<stdout>".into(),
        cause,
    }
}

/// `review --list`: the flagged pairs as JSON Lines on `out`.
pub fn list(dataset: &Path, out: &mut dyn Write) -> Result<Outcome> {
    let view = load(dataset)?;
    for item in &view.items {
        let line = serde_json::to_string(item).expect("an item serialises");
        writeln!(out, "{line}").map_err(stdout_error)?;
    }
    Ok(Outcome::Clean)
}

/// `review --decide A B same|different`: appends one decision.
pub fn decide(
    dataset: &Path,
    decisions_path: &Path,
    a: &str,
    b: &str,
    decision: &str,
    err: &mut dyn Write,
) -> Result<Outcome> {
    // Refuse here what `run` would refuse on reading the file: nothing is written.
    let same = decisions::check(a, b, decision).map_err(|message| Error::BadConfig {
        path: decisions_path.to_path_buf(),
        message,
    })?;
    let decision = if same { "same" } else { "different" };
    let view = load(dataset)?;
    let question = |id: &str| -> Result<String> {
        view.records
            .get(id)
            .map(|r| r.question.clone())
            .ok_or_else(|| Error::BadConfig {
                path: dataset.join("records.jsonl"),
                message: format!("no record {id}"),
            })
    };
    let line = DecisionLine {
        a: a.into(),
        b: b.into(),
        decision: decision.into(),
        a_question: Some(question(a)?),
        b_question: Some(question(b)?),
    };
    decisions::append(decisions_path, &line)?;
    writeln!(
        err,
        "qclean: {decision}: {a} / {b} -> {} (run `qclean run` to apply)",
        decisions_path.display()
    )
    .ok();
    Ok(Outcome::Clean)
}

/// The keys, as the prompt shows them.
const KEYS: &str = "[s]ame  [d]ifferent  s[k]ip  [u]ndo  [q]uit  [?] help";

/// What the evidence means, for the help screen and the legend.
const HELP: &str = "\
qclean review: is each pair one question asked twice?

  s  same: the two ask the same thing; the next run merges their clusters
  d  different: they ask different things; the next run keeps them apart
  k  skip: decide later
  u  undo: take back the last decision (its line leaves the decisions file)
  q  quit: the decisions so far are saved; run `qclean run` to apply them
  ?  this help

What the numbers say:
  probability same  the model's estimate, 0 to 1, that both ask the same thing;
                    pairs nearest one half come first
  only in A / B     subject words one question has and the other lacks: where
                    the meaning may differ
  cosine            how alike the two questions' letter triples are (0 to 1)
  overlap           share of subject words the two have in common
  containment       share of the shorter question's subject words the other has
  jaro-winkler      how alike the two strings are, letter by letter (0 to 1)
  rule              why the pair was flagged rather than merged";

/// Lines of an answer shown per side.
const ANSWER_LINES: usize = 12;

/// One pair as text: both questions with their sources and answers (code blocks kept as blocks,
/// long answers cut with a note), and the evidence. Lines end with `\n`.
fn pair_text(view: &DatasetView, item: &ReviewItem, k: usize, n: usize, width: usize) -> String {
    let cut = |line: &str, room: usize| -> String {
        if line.chars().count() <= room {
            line.to_string()
        } else {
            let mut s: String = line.chars().take(room.saturating_sub(1)).collect();
            s.push('…');
            s
        }
    };
    let mut out = format!(
        "pair {} of {}  ({} left)   probability same {:.3}\n",
        k + 1,
        n,
        n - k,
        item.score
    );
    for (label, id, source, question) in [
        ("A", &item.a, &item.a_source, &item.a_question),
        ("B", &item.b, &item.b_source, &item.b_question),
    ] {
        out.push_str(&format!("\n{label}  {id}  {source}\n"));
        out.push_str(&format!("   {}\n", cut(question, width.saturating_sub(3))));
        let answer = view
            .records
            .get(id.as_str())
            .and_then(|r| r.answer.as_deref())
            .unwrap_or("(no answer)");
        let lines: Vec<&str> = answer.lines().collect();
        for line in lines.iter().take(ANSWER_LINES) {
            out.push_str(&format!("   | {}\n", cut(line, width.saturating_sub(5))));
        }
        if lines.len() > ANSWER_LINES {
            out.push_str(&format!(
                "   | … {} more lines\n",
                lines.len() - ANSWER_LINES
            ));
        }
    }
    let e = &item.evidence;
    let words = |w: &[String]| {
        if w.is_empty() {
            "-".to_string()
        } else {
            w.join(", ")
        }
    };
    out.push_str(&format!(
        "\nonly in A: {}   only in B: {}\ncosine {:.2}  overlap {:.2}  containment {:.2}  jaro-winkler {:.2}  rule {}{}\n",
        words(&e.only_a),
        words(&e.only_b),
        e.cosine,
        e.overlap,
        e.containment,
        e.jaro_winkler,
        e.rule,
        e.contrast
            .as_ref()
            .map(|c| format!("  contrast {c}"))
            .unwrap_or_default()
    ));
    out.push_str(
        "(probability same: the model's estimate that both ask one thing; only in A/B: subject words the other question lacks; ? explains the rest)\n",
    );
    out
}

/// Where a review stands: the pairs to go through, the one shown, the decisions made.
struct Session<'a> {
    todo: Vec<&'a ReviewItem>,
    k: usize,
    done: Vec<(usize, DecisionLine)>,
    decisions_path: &'a Path,
}

/// What a key did.
enum Step {
    Next,
    /// A message to show before the same pair again.
    Say(String),
    Help,
    Quit,
}

impl Session<'_> {
    fn key(&mut self, key: char) -> Result<Step> {
        let item = self.todo[self.k];
        Ok(match key {
            's' | 'd' => {
                let line = DecisionLine {
                    a: item.a.clone(),
                    b: item.b.clone(),
                    decision: if key == 's' { "same" } else { "different" }.into(),
                    a_question: Some(item.a_question.clone()),
                    b_question: Some(item.b_question.clone()),
                };
                decisions::append(self.decisions_path, &line)?;
                self.done.push((self.k, line));
                self.k += 1;
                Step::Next
            }
            'k' => {
                self.k += 1;
                Step::Next
            }
            'u' => match self.done.pop() {
                Some((at, line)) => {
                    decisions::remove_last(self.decisions_path, &line)?;
                    self.k = at;
                    Step::Say(format!("undone: {} {} / {}", line.decision, line.a, line.b))
                }
                None => Step::Say("nothing to undo".into()),
            },
            'q' => Step::Quit,
            '?' | 'h' => Step::Help,
            other => Step::Say(format!("{other:?}: press s, d, k, u, q or ? for help")),
        })
    }
}

/// The interactive review: one pair at a time, most uncertain first; `s` same, `d` different,
/// `k` skip, `u` undo, `q` quit, `?` help. On a terminal, one key per answer; otherwise one
/// answer per line of stdin.
pub fn interactive(dataset: &Path, decisions_path: &Path, err: &mut dyn Write) -> Result<Outcome> {
    let view = load(dataset)?;
    let already: BTreeSet<(String, String)> = decisions::read(decisions_path)?
        .into_iter()
        .map(|d| (d.a, d.b))
        .collect();
    let mut session = Session {
        todo: view
            .items
            .iter()
            .filter(|i| !already.contains(&(i.a.clone(), i.b.clone())))
            .collect(),
        k: 0,
        done: Vec::new(),
        decisions_path,
    };
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if terminal {
        raw_review(&view, &mut session, &mut out)?;
    } else {
        let stdin = std::io::stdin();
        line_review(&view, &mut session, &mut stdin.lock(), &mut out)?;
    }
    writeln!(
        err,
        "qclean: {} decisions recorded in {}; run `qclean run` to apply them",
        session.done.len(),
        decisions_path.display()
    )
    .ok();
    Ok(Outcome::Clean)
}

/// The review from lines of `input` (a script, a pipe).
fn line_review(
    view: &DatasetView,
    session: &mut Session,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<()> {
    let n = session.todo.len();
    writeln!(
        out,
        "{n} flagged pairs to review (most uncertain first); decisions go to {}",
        session.decisions_path.display()
    )
    .map_err(stdout_error)?;
    while session.k < n {
        let text = pair_text(view, session.todo[session.k], session.k, n, 100);
        write!(out, "\n{text}{KEYS} > ").map_err(stdout_error)?;
        out.flush().map_err(stdout_error)?;
        let mut reply = String::new();
        let read = input.read_line(&mut reply).map_err(|cause| Error::Read {
            path: "<stdin>".into(),
            cause,
        })?;
        if read == 0 {
            break;
        }
        let key = reply.trim().chars().next().unwrap_or(' ');
        match session.key(key)? {
            Step::Next => {}
            Step::Say(message) => writeln!(out, "  {message}").map_err(stdout_error)?,
            Step::Help => writeln!(out, "{HELP}").map_err(stdout_error)?,
            Step::Quit => break,
        }
    }
    Ok(())
}

/// Leaves raw mode however the review ends.
struct RawMode;

impl RawMode {
    fn enter() -> std::io::Result<RawMode> {
        crossterm::terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
        let _ = crossterm::execute!(std::io::stdout(), crossterm::cursor::Show);
    }
}

/// Writes text in raw mode, where a line feed does not return the carriage.
fn raw_write(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    out.write_all(text.replace('\n', "\r\n").as_bytes())
}

/// The review on a terminal: the screen cleared for each pair, one key per answer.
fn raw_review(view: &DatasetView, session: &mut Session, out: &mut impl Write) -> Result<()> {
    use crossterm::event::{read, Event, KeyCode, KeyEventKind, KeyModifiers};
    use crossterm::terminal::{Clear, ClearType};
    let _raw = RawMode::enter().map_err(stdout_error)?;
    let n = session.todo.len();
    let mut message = String::new();
    let mut help = false;
    while session.k < n {
        let width = crossterm::terminal::size()
            .map(|(w, _)| w as usize)
            .unwrap_or(100)
            .max(40);
        crossterm::queue!(out, Clear(ClearType::All), crossterm::cursor::MoveTo(0, 0))
            .map_err(stdout_error)?;
        let screen = if help {
            format!(
                "{HELP}\n\npress any key to go back to pair {} of {n}\n",
                session.k + 1
            )
        } else {
            let text = pair_text(view, session.todo[session.k], session.k, n, width);
            format!("{text}\n{message}\n{KEYS} > ")
        };
        raw_write(out, &screen).map_err(stdout_error)?;
        out.flush().map_err(stdout_error)?;
        let key = loop {
            match read().map_err(stdout_error)? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
                        break 'q';
                    }
                    match k.code {
                        KeyCode::Char(c) => break c.to_ascii_lowercase(),
                        KeyCode::Esc => break 'q',
                        _ => continue,
                    }
                }
                Event::Resize(..) => break '\0',
                _ => continue,
            }
        };
        if help {
            help = false;
            continue;
        }
        if key == '\0' {
            continue;
        }
        message.clear();
        match session.key(key)? {
            Step::Next => {}
            Step::Say(m) => message = m,
            Step::Help => help = true,
            Step::Quit => break,
        }
    }
    crossterm::queue!(out, Clear(ClearType::All), crossterm::cursor::MoveTo(0, 0))
        .map_err(stdout_error)?;
    out.flush().map_err(stdout_error)?;
    Ok(())
}
