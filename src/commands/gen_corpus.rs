//! `qclean gen-corpus`: a synthetic corpus for scale tests, in `DIR/raw/`, with its truth in
//! `DIR/truth.jsonl` (one line per question: file, line, base) and the base questions, by index,
//! in `DIR/bases.jsonl`.

use super::Outcome;
use crate::error::{Error, Result};
use crate::stages::split::cues::is_question_like;
use crate::synth::corpus::{Base, Corpus};
use std::io::Write;
use std::path::Path;

/// Builds the corpus from the questions of the documents in `seeds` (by default `raw/`).
pub fn run(
    questions: usize,
    out: &Path,
    seed: u64,
    seeds: &Path,
    schema: &Path,
    err: &mut dyn Write,
) -> Result<Outcome> {
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
            question_like: is_question_like(&r.question),
        })
        .collect();
    if bases.is_empty() {
        return Err(Error::BadConfig {
            path: seeds.to_path_buf(),
            message: "no questions to build a corpus from".into(),
        });
    }
    let bases_path = out.join("bases.jsonl");
    std::fs::create_dir_all(out).map_err(|cause| Error::Write {
        path: out.to_path_buf(),
        cause,
    })?;
    let listing: String = bases
        .iter()
        .map(|b| serde_json::to_string(&b.question).expect("a string serialises") + "\n")
        .collect();
    std::fs::write(&bases_path, listing).map_err(|cause| Error::Write {
        path: bases_path.clone(),
        cause,
    })?;
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
    for doc in Corpus::new(&bases, questions, seed) {
        let path = raw.join(&doc.name);
        std::fs::write(&path, &doc.bytes).map_err(|cause| Error::Write {
            path: path.clone(),
            cause,
        })?;
        for (line, base) in &doc.questions {
            writeln!(
                truth,
                "{{\"file\":\"{}\",\"line\":{line},\"base\":{base}}}",
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
