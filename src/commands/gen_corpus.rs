//! `qclean gen-corpus`: a synthetic corpus for scale tests, in `DIR/raw/`, with its truth in
//! `DIR/truth.jsonl`. Seed shape: one line per question (file, line, base) and the base
//! questions, by index, in `DIR/bases.jsonl`. Web shape: one line per question (file, line,
//! group); two questions of one group ask the same thing.

use super::Outcome;
use crate::cli::Shape;
use crate::error::{Error, Result};
use crate::synth::corpus::{Base, Corpus};
use std::io::Write;
use std::path::Path;

/// What to generate.
pub struct Plan<'a> {
    pub questions: usize,
    pub out: &'a Path,
    pub seed: u64,
    pub shape: Shape,
    /// The documents whose questions a seed-shaped corpus rewords.
    pub seeds: &'a Path,
    pub schema: &'a Path,
    /// Delete what the folder holds first.
    pub replace: bool,
}

/// Builds the corpus.
pub fn run(plan: &Plan, err: &mut dyn Write) -> Result<Outcome> {
    let out = plan.out;
    // Two corpora in one folder would mix their documents and contradict each other's truth.
    let used = std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
    if used && !plan.replace {
        return Err(Error::FolderInUse {
            path: out.to_path_buf(),
        });
    }
    if used {
        std::fs::remove_dir_all(out).map_err(|cause| Error::Write {
            path: out.to_path_buf(),
            cause,
        })?;
    }
    std::fs::create_dir_all(out).map_err(|cause| Error::Write {
        path: out.to_path_buf(),
        cause,
    })?;
    match plan.shape {
        Shape::Web => write_corpus(Corpus::web(plan.questions, plan.seed), "group", out, err),
        Shape::Seeds => {
            let bases = seed_bases(plan.seeds, plan.schema)?;
            let bases_path = out.join("bases.jsonl");
            let listing: String = bases
                .iter()
                .map(|b| serde_json::to_string(&b.question).expect("a string serialises") + "\n")
                .collect();
            std::fs::write(&bases_path, listing).map_err(|cause| Error::Write {
                path: bases_path.clone(),
                cause,
            })?;
            write_corpus(
                Corpus::new(&bases, plan.questions, plan.seed),
                "base",
                out,
                err,
            )
        }
    }
}

/// One base per distinct question of the documents in `seeds`.
fn seed_bases(seeds: &Path, schema: &Path) -> Result<Vec<Base>> {
    let settings = super::run::load_settings(schema)?;
    let (sources, _) = super::run::read_sources(seeds)?;
    let dataset = crate::pipeline::run(&sources, &settings, &[], &crate::pipeline::Silent)
        .map_err(|e| Error::InvalidRow {
            message: e.to_string(),
        })?;
    // One base per distinct question: a seed that asks the same thing twice would make the truth
    // count a block pasted twice as two questions.
    let mut seen = std::collections::HashSet::new();
    let bases: Vec<Base> = dataset
        .records
        .iter()
        .filter(|r| seen.insert(crate::stages::split::normalise(&r.question)))
        .map(|r| Base {
            question: r.question.clone(),
            answer: r.answer.clone(),
            question_like: settings.cues.is_question_like(&r.question),
        })
        .collect();
    if bases.is_empty() {
        return Err(Error::BadConfig {
            path: seeds.to_path_buf(),
            message: "no questions to build a corpus from".into(),
        });
    }
    Ok(bases)
}

/// Writes the documents to `out/raw/` and the truth, each question's `label` (base or group),
/// to `out/truth.jsonl`.
fn write_corpus(corpus: Corpus, label: &str, out: &Path, err: &mut dyn Write) -> Result<Outcome> {
    let raw = out.join("raw");
    std::fs::create_dir_all(&raw).map_err(|cause| Error::Write {
        path: raw.clone(),
        cause,
    })?;
    let truth_path = out.join("truth.jsonl");
    let mut truth =
        std::io::BufWriter::new(std::fs::File::create(&truth_path).map_err(|cause| {
            Error::Write {
                path: truth_path.clone(),
                cause,
            }
        })?);
    let (mut documents, mut bytes, mut written) = (0usize, 0usize, 0usize);
    for doc in corpus {
        let path = raw.join(&doc.name);
        std::fs::write(&path, &doc.bytes).map_err(|cause| Error::Write {
            path: path.clone(),
            cause,
        })?;
        for (line, base) in &doc.questions {
            writeln!(
                truth,
                "{{\"file\":\"{}\",\"line\":{line},\"{label}\":{base}}}",
                doc.name
            )
            .map_err(|cause| Error::Write {
                path: truth_path.clone(),
                cause,
            })?;
        }
        documents += 1;
        bytes += doc.bytes.len();
        written += doc.questions.len();
    }
    truth.flush().map_err(|cause| Error::Write {
        path: truth_path.clone(),
        cause,
    })?;
    writeln!(
        err,
        "qclean: {written} questions in {documents} documents ({bytes} bytes) -> {}; truth in {}",
        raw.display(),
        truth_path.display()
    )
    .ok();
    Ok(Outcome::Clean)
}
