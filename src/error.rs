//! Errors that stop a command: broken I/O, unusable input or configuration. Problems found *in*
//! the data are not errors; they are findings and rejects.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // The cause follows on its own line: "error: raw/x.txt: cannot read" then
    // "caused by: Permission denied (os error 13)".
    #[error("{}: cannot read", path.display())]
    Read {
        path: PathBuf,
        #[source]
        cause: std::io::Error,
    },
    #[error("{}: cannot write", path.display())]
    Write {
        path: PathBuf,
        #[source]
        cause: std::io::Error,
    },
    #[error("{}: {reason}", path.display())]
    NotText { path: PathBuf, reason: String },
    #[error("{}: is a directory, not a file", path.display())]
    IsDirectory { path: PathBuf },
    #[error("{}:{line}: {message}", path.display())]
    BadLine {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    BadConfig { path: PathBuf, message: String },
    #[error("{}: the folder is not empty; pass --replace to delete what it holds and write the corpus there", path.display())]
    FolderInUse { path: PathBuf },
    #[error("{}: no documents found; the dataset in {} ({records} records) is left as it was (pass --allow-empty to replace it with an empty one)", input.display(), output.display())]
    EmptyInput {
        input: PathBuf,
        output: PathBuf,
        records: usize,
    },
    #[error("{}: no dataset here ({missing} is missing); run `qclean run` first", path.display())]
    NoDataset { path: PathBuf, missing: String },
    /// A row the pipeline built does not match its schema: nothing is written.
    #[error("{message}; nothing was written")]
    InvalidRow { message: String },
}

pub type Result<T> = std::result::Result<T, Error>;
