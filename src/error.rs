//! Errors that stop a command: broken I/O, unusable input or configuration. Problems found *in*
//! the data are not errors; they are findings and rejects.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // The cause is part of the one line: "raw/x.txt: cannot read: Permission denied".
    #[error("{}: cannot read: {cause}", path.display())]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{}: cannot write: {cause}", path.display())]
    Write {
        path: PathBuf,
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
    /// A row the pipeline built does not match its schema: nothing is written.
    #[error("{message}; nothing was written")]
    InvalidRow { message: String },
}

pub type Result<T> = std::result::Result<T, Error>;
