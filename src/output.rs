//! Writing the dataset: every file goes to a temporary file in the same folder, and only when all
//! of them are written and synced are they renamed into place. A run that dies leaves the
//! previous files as they were.

use crate::error::{Error, Result};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One file to write: its final path and its bytes.
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// JSON Lines: one compact JSON value per line, `\n` after each.
pub fn jsonl<T: Serialize>(rows: &[T]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.len() * 256);
    for row in rows {
        serde_json::to_writer(&mut out, row).expect("rows serialise");
        out.push(b'\n');
    }
    out
}

/// `questions.csv`: the canonical questions, flat; lists joined with `;`, sources as `file:line`.
pub fn questions_csv(questions: &[crate::model::Question]) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "question",
        "answer",
        "level",
        "level_source",
        "topic",
        "topics",
        "flags",
        "cluster",
        "sources",
        "duplicates",
    ];
    let to_error = |e: csv::Error| Error::Write {
        path: "questions.csv".into(),
        cause: std::io::Error::other(e.to_string()),
    };
    writer.write_record(header).map_err(to_error)?;
    for q in questions {
        let flags: Vec<String> = q
            .flags
            .iter()
            .map(|f| {
                serde_json::to_value(f)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            })
            .collect();
        let sources: Vec<String> = q
            .sources
            .iter()
            .map(|s| format!("{}:{}", s.file, s.line))
            .collect();
        writer
            .write_record([
                q.id.as_str(),
                q.question.as_str(),
                q.answer.as_deref().unwrap_or(""),
                &enum_text(&q.level),
                &enum_text(&q.level_source),
                q.topic.as_deref().unwrap_or(""),
                &q.topics.join(";"),
                &flags.join(";"),
                q.cluster.as_str(),
                &sources.join(";"),
                &q.duplicates.join(";"),
            ])
            .map_err(to_error)?;
    }
    writer.into_inner().map_err(|e| Error::Write {
        path: "questions.csv".into(),
        cause: std::io::Error::other(e.to_string()),
    })
}

/// The JSON spelling of an optional enum (`beginner`), or nothing.
fn enum_text<T: Serialize>(value: &Option<T>) -> String {
    value
        .as_ref()
        .and_then(|v| serde_json::to_value(v).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("value serialises");
    out.push(b'\n');
    out
}

fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes all files, then renames them into place.
pub fn write_all(dir: &Path, files: &[OutputFile]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|cause| Error::Write {
        path: dir.to_path_buf(),
        cause,
    })?;
    let mut written = Vec::with_capacity(files.len());
    for file in files {
        let tmp = temporary_path(&file.path);
        let result = (|| -> std::io::Result<()> {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&file.bytes)?;
            f.sync_all()
        })();
        if let Err(cause) = result {
            let _ = std::fs::remove_file(&tmp);
            for (t, _) in &written {
                let _ = std::fs::remove_file(t);
            }
            return Err(Error::Write {
                path: file.path.clone(),
                cause,
            });
        }
        written.push((tmp, &file.path));
    }
    for (tmp, path) in &written {
        std::fs::rename(tmp, path).map_err(|cause| Error::Write {
            path: (*path).clone(),
            cause,
        })?;
    }
    Ok(())
}
