//! The thin layer between the command line and the library: reads input, calls the stages,
//! writes output. Each command returns its exit status.

pub mod calibrate;
pub mod decisions;
pub mod gen_corpus;
pub mod progress;
pub mod repair;
pub mod report;
pub mod review;
pub mod run;

use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// How a finished command went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything went through.
    Clean,
    /// Finished, but found problems the user must see.
    Problems,
}

/// Reads a named file or, for `-`/nothing, stdin; `label` is what messages call it.
pub fn read_input(file: Option<&Path>) -> Result<(Vec<u8>, PathBuf)> {
    match file {
        None => read_stdin(),
        Some(p) if p == Path::new("-") => read_stdin(),
        Some(path) => read_file(path).map(|bytes| (bytes, path.to_path_buf())),
    }
}

fn read_stdin() -> Result<(Vec<u8>, PathBuf)> {
    let label = PathBuf::from("<stdin>");
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|cause| Error::Read {
            path: label.clone(),
            cause,
        })?;
    Ok((bytes, label))
}

/// Reads a whole file, saying clearly when it is a directory.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    std::fs::read(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })
}

/// Reads a JSON Lines file of the dataset; a bad line is reported with its number.
pub fn read_jsonl(path: &Path) -> Result<Vec<serde_json::Value>> {
    read_text(path)?
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| Error::BadLine {
                path: path.to_path_buf(),
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}

/// Reads a whole configuration or dataset file, which must be UTF-8.
pub fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(read_file(path)?).map_err(|_| Error::BadConfig {
        path: path.to_path_buf(),
        message: "not UTF-8".into(),
    })
}
