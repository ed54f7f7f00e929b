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
fn enum_text<T: Serialize>(value: &Option<T>) -> String {
    value
        .as_ref()
        .and_then(|v| serde_json::to_value(v).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `questions.csv`: the canonical questions, flat; lists joined with `;`, sources as `file:line`.
pub fn questions_csv(questions: &[Question]) -> Writer<'_> {
    Box::new(move |w| {
        let mut writer = csv::Writer::from_writer(w);
        let header = [
            "id",
            "question",
            "answer",
            "level",
            "level_source",
            "topic",
            "topic_source",
            "topics",
            "flags",
            "cluster",
            "sources",
            "duplicates",
        ];
        writer.write_record(header)?;
        for q in questions {
            let flags: Vec<String> = q.flags.iter().map(|f| enum_text(&Some(f))).collect();
            let sources: Vec<String> = q
                .sources
                .iter()
                .map(|s| format!("{}:{}", s.file, s.line))
                .collect();
            writer.write_record([
                q.id.as_str(),
                q.question.as_str(),
                q.answer.as_deref().unwrap_or(""),
                &enum_text(&q.level),
                &enum_text(&q.level_source),
                q.topic.as_deref().unwrap_or(""),
                &enum_text(&q.topic_source),
                &q.topics.join(";"),
                &flags.join(";"),
                q.cluster.as_str(),
                &sources.join(";"),
                &q.duplicates.join(";"),
            ])?;
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

/// Writes all files to temporary files, then renames them into place.
pub fn write_all(dir: &Path, files: &[OutputFile]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|cause| Error::Write {
        path: dir.to_path_buf(),
        cause,
    })?;
    let mut written: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    for file in files {
        let tmp = temporary_path(&file.path);
        let result = (|| -> io::Result<()> {
            let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
            (file.write)(&mut out)?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
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
            path: path.to_path_buf(),
            cause,
        })?;
    }
    Ok(())
}
