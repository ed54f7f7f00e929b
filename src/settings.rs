//! Everything a run reads besides its documents, built once and passed to the stages: the row
//! schemas, the split cues, the taxonomy, the clustering lexicon and model, the code layout model
//! and the repair plausibility model.
//!
//! All of them are files of one folder (`schema/`, or the run's `--schema`), read the same way.
//! The binary carries a copy of that folder ([`BUILT_IN`]) for callers that name none; nothing
//! is installed globally, so two callers with two schema folders each get their own.

use crate::error::{Error, Result};
use crate::stages::cluster::{self, ClusterParams};
use crate::stages::code::layout;
use crate::stages::repair::plausibility;
use crate::stages::split::Cues;
use crate::stages::tag::TagRules;
use crate::stages::validate::{Row, Validators};
use std::path::{Path, PathBuf};

pub use crate::built_in::{built_in_file, BUILT_IN};

/// What a run needs besides the sources.
pub struct Settings {
    pub validators: Validators,
    pub cues: Cues,
    pub tags: TagRules,
    pub cluster: ClusterParams,
    pub indent: layout::Model,
    pub plausibility: plausibility::Model,
}

impl Settings {
    /// The settings of the schema folder `dir`; an error names the file that is missing or wrong.
    pub fn read(dir: &Path) -> Result<Settings> {
        Settings::build(|name| {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).map_err(|cause| Error::Read {
                path: path.clone(),
                cause,
            })?;
            let text = String::from_utf8(bytes).map_err(|_| Error::BadConfig {
                path: path.clone(),
                message: "not UTF-8".into(),
            })?;
            Ok((path, text))
        })
    }

    /// The settings of the schema folder the binary was built with.
    pub fn built_in() -> Settings {
        Settings::build(|name| {
            Ok((
                PathBuf::from("schema").join(name),
                built_in_file(name).to_string(),
            ))
        })
        .expect("the built-in schema folder is valid")
    }

    fn build(read: impl Fn(&str) -> Result<(PathBuf, String)>) -> Result<Settings> {
        // Each file is parsed by its own reader; a failure names the file.
        fn parse<T>(
            read: &impl Fn(&str) -> Result<(PathBuf, String)>,
            name: &str,
            from: impl FnOnce(&str) -> std::result::Result<T, String>,
        ) -> Result<T> {
            let (path, text) = read(name)?;
            from(&text).map_err(|message| Error::BadConfig { path, message })
        }
        let mut schemas = Vec::new();
        for row in Row::ALL {
            let value = parse(&read, &row.schema_file(), |t| {
                serde_json::from_str(t).map_err(|e| e.to_string())
            })?;
            schemas.push((row, value));
        }
        let validators = Validators::build(&schemas).map_err(|message| Error::BadConfig {
            path: PathBuf::from("schema"),
            message,
        })?;
        let lexicon = parse(&read, "contrasts.json", cluster::lexicon_from_json)?;
        let model = parse(
            &read,
            "cluster-model.json",
            cluster::score::Model::from_json,
        )?;
        Ok(Settings {
            validators,
            cues: parse(&read, "cues.json", Cues::from_json)?,
            tags: parse(&read, "topics.json", TagRules::from_json)?,
            cluster: ClusterParams::new(lexicon, model),
            indent: parse(&read, "indent-model.json", layout::parse_model)?,
            plausibility: parse(
                &read,
                "plausibility-model.json",
                plausibility::Model::from_json,
            )?,
        })
    }
}

/// The built-in settings for unit tests, built once per test binary.
#[cfg(test)]
pub(crate) fn for_tests() -> &'static Settings {
    static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
    SETTINGS.get_or_init(Settings::built_in)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in copy is the whole schema folder: a file added there and not here would be
    /// read from disk by `run` but missing for library callers.
    #[test]
    fn the_built_in_copy_is_the_schema_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
        built_in.sort();
        assert_eq!(built_in, on_disk);
        for (name, text) in BUILT_IN {
            assert_eq!(
                std::fs::read_to_string(dir.join(name)).unwrap(),
                *text,
                "{name}"
            );
        }
        let read = Settings::read(&dir).unwrap();
        assert_eq!(read.indent.cache_key, Settings::built_in().indent.cache_key);
    }

    /// Two callers with two schema folders each get their own cues, in either order: an Italian
    /// question label counts only for the caller whose `cues.json` has it.
    #[test]
    fn each_caller_reads_with_its_own_cues() {
        use crate::stages::split::{split, Document};
        let mut cues: serde_json::Value = serde_json::from_str(built_in_file("cues.json")).unwrap();
        cues["languages"]["it"] =
            serde_json::json!({"question_labels": ["domanda"], "answer_labels": ["risposta"]});
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in BUILT_IN {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        std::fs::write(dir.path().join("cues.json"), cues.to_string()).unwrap();
        let italian = Settings::read(dir.path()).unwrap();
        let text = "# Python\n\n**Domanda 1:** Liste e tuple\n\n**Risposta:** Le liste sono mutabili.\n\n**Domanda 2:** Decoratori\n\n**Risposta:** Avvolgono le funzioni.\n";
        let questions = |cues: &Cues| -> Vec<String> {
            let doc = Document {
                file: "it.md",
                text,
                mojibake_lines: &Default::default(),
            };
            split(&doc, cues)
                .records
                .into_iter()
                .map(|r| r.question)
                .collect()
        };
        let built_in = Settings::built_in();
        let before = questions(&built_in.cues);
        assert_eq!(
            questions(&italian.cues),
            ["Liste e tuple", "Decoratori"],
            "with `Domanda` as a label"
        );
        assert_eq!(
            questions(&built_in.cues),
            before,
            "the built-in cues are untouched"
        );
        assert!(before.is_empty(), "{before:?}");
    }

    /// A broken file is named.
    #[test]
    fn a_broken_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in BUILT_IN {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        std::fs::write(dir.path().join("cues.json"), "{\"question_marks\": 3}").unwrap();
        let err = Settings::read(dir.path()).err().unwrap().to_string();
        assert!(err.contains("cues.json"), "{err}");
    }
}
