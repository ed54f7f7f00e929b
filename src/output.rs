//! Writing the dataset: every file is streamed to a temporary file in the same folder, and only
//! when all of them are written and synced are they renamed into place. A run that dies leaves the
//! previous files as they were; nothing is built whole in memory first.

use crate::error::{Error, Result};
use crate::model::Question;
use serde::Serialize;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes one file's content.
pub type Writer<'a> = Box<dyn Fn(&mut dyn Write) -> io::Result<()> + 'a>;

/// One file to write: its final path and what to write into it.
pub struct OutputFile<'a> {
    pub path: PathBuf,
    pub write: Writer<'a>,
}

impl<'a> OutputFile<'a> {
    pub fn bytes(path: PathBuf, bytes: Vec<u8>) -> OutputFile<'a> {
        OutputFile {
            path,
            write: Box::new(move |w| w.write_all(&bytes)),
        }
    }
}

/// JSON Lines: one compact JSON value per line, `\n` after each.
pub fn jsonl<T: Serialize>(rows: &[T]) -> Writer<'_> {
    Box::new(move |w| {
        for row in rows {
            serde_json::to_writer(&mut *w, row).map_err(io::Error::other)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    })
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("value serialises");
    out.push(b'\n');
    out
}

/// The JSON spelling of an optional enum (`beginner`), or nothing.
/// `questions.csv`: the canonical questions, flat, in the columns of [`crate::columns`].
pub fn questions_csv(questions: &[Question]) -> Writer<'_> {
    Box::new(move |w| {
        use crate::columns::COLUMNS;
        let mut writer = csv::Writer::from_writer(w);
        writer.write_record(COLUMNS.iter().map(|c| c.name))?;
        for q in questions {
            writer.write_record(COLUMNS.iter().map(|c| (c.value)(q)))?;
        }
        writer.flush()
    })
}

fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes one file atomically: a temporary file beside it, synced, then renamed over it.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temporary_path(path);
    let result = (|| -> io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|cause| {
        let _ = std::fs::remove_file(&tmp);
        Error::Write {
            path: path.to_path_buf(),
            cause,
        }
    })
}

/// Writes a whole dataset folder so that a run killed at any moment leaves either the previous
/// folder or the new one, never a mix: every file goes into a staging folder beside `dir` (with
/// any other files already in `dir`), and the staging folder is then exchanged with `dir` in one
/// atomic step (`renameat2` with `RENAME_EXCHANGE` on Linux; elsewhere, file by file).
pub fn write_all(dir: &Path, files: &[OutputFile]) -> Result<()> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".into());
    std::fs::create_dir_all(parent).map_err(|cause| Error::Write {
        path: parent.to_path_buf(),
        cause,
    })?;
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = stage(dir, &staging, files).and_then(|()| swap_in(&staging, dir));
    let _ = std::fs::remove_dir_all(&staging);
    result
}

/// Fills the staging folder: the new files, and hard links (or copies) of the other files of `dir`.
fn stage(dir: &Path, staging: &Path, files: &[OutputFile]) -> Result<()> {
    std::fs::create_dir(staging).map_err(|cause| Error::Write {
        path: staging.to_path_buf(),
        cause,
    })?;
    for file in files {
        let name = file.path.file_name().expect("output files have names");
        let target = staging.join(name);
        let result = (|| -> io::Result<()> {
            let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&target)?);
            (file.write)(&mut out)?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
        })();
        result.map_err(|cause| Error::Write {
            path: file.path.clone(),
            cause,
        })?;
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let target = staging.join(entry.file_name());
            let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if is_file
                && !hidden
                && !target.exists()
                && std::fs::hard_link(entry.path(), &target).is_err()
            {
                std::fs::copy(entry.path(), &target).map_err(|cause| Error::Write {
                    path: target.clone(),
                    cause,
                })?;
            }
        }
    }
    Ok(())
}

/// Puts the staging folder in `dir`'s place.
fn swap_in(staging: &Path, dir: &Path) -> Result<()> {
    let write_error = |cause| Error::Write {
        path: dir.to_path_buf(),
        cause,
    };
    if !dir.exists() {
        return std::fs::rename(staging, dir).map_err(write_error);
    }
    if !dir.is_dir() {
        return Err(write_error(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "exists and is not a folder",
        )));
    }
    #[cfg(target_os = "linux")]
    {
        exchange(staging, dir).map_err(write_error)
    }
    #[cfg(not(target_os = "linux"))]
    {
        for entry in std::fs::read_dir(staging).map_err(write_error)?.flatten() {
            std::fs::rename(entry.path(), dir.join(entry.file_name())).map_err(write_error)?;
        }
        Ok(())
    }
}

/// Atomically exchanges two paths (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))
    };
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}
