//! The thin layer between the command line and the library: reads input, calls the stages,
//! writes output. Each command returns its exit status.

pub mod calibrate;
pub mod calibrate_code;
pub mod calibrate_repair;
pub mod decisions;
pub mod gen_corpus;
pub mod progress;
pub mod repair;
pub mod report;
pub mod review;
pub mod run;
pub mod score;

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

/// A file of the dataset folder written by `run`, its rows as the model's types. A missing folder
/// or file says to run `qclean run` first; a row that does not match its type names its line.
pub fn dataset_rows<T: serde::de::DeserializeOwned>(dataset: &Path, name: &str) -> Result<Vec<T>> {
    let mut rows = Vec::new();
    for_each_row(dataset, name, |row| rows.push(row))?;
    Ok(rows)
}

/// A file of the dataset folder, which must be there: else `run` has not made the dataset.
fn dataset_file(dataset: &Path, name: &str) -> Result<PathBuf> {
    let path = dataset.join(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(Error::NoDataset {
            path: dataset.to_path_buf(),
            missing: name.to_string(),
        })
    }
}

/// Each row of a file of the dataset folder, as the model's type, one at a time.
pub fn for_each_row<T: serde::de::DeserializeOwned>(
    dataset: &Path,
    name: &str,
    mut f: impl FnMut(T),
) -> Result<()> {
    use std::io::BufRead;
    let path = dataset_file(dataset, name)?;
    let file = std::fs::File::open(&path).map_err(|cause| Error::Read {
        path: path.clone(),
        cause,
    })?;
    for (i, line) in std::io::BufReader::with_capacity(1 << 20, file)
        .lines()
        .enumerate()
    {
        let line = line.map_err(|cause| Error::Read {
            path: path.clone(),
            cause,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        f(serde_json::from_str(&line).map_err(|e| Error::BadLine {
            path: path.clone(),
            line: i + 1,
            message: e.to_string(),
        })?);
    }
    Ok(())
}

/// `report.json` of the dataset folder, as the model's type.
pub fn dataset_report(dataset: &Path) -> Result<crate::pipeline::Report> {
    let path = dataset_file(dataset, "report.json")?;
    serde_json::from_slice(&read_file(&path)?).map_err(|e| Error::BadConfig {
        path,
        message: e.to_string(),
    })
}

/// Reads a whole configuration or dataset file, which must be UTF-8.
pub fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(read_file(path)?).map_err(|_| Error::BadConfig {
        path: path.to_path_buf(),
        message: "not UTF-8".into(),
    })
}
