//! `qclean report`: writes `report.html` into the dataset folder, from the folder's own files.

use super::Outcome;
use crate::error::{Error, Result};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// Builds the page and writes it atomically.
pub fn run(dataset: &Path, quiet: bool, err: &mut dyn Write) -> Result<Outcome> {
    let report_path = dataset.join("report.json");
    let report: Value =
        serde_json::from_slice(&super::read_file(&report_path)?).map_err(|e| Error::BadConfig {
            path: report_path.clone(),
            message: e.to_string(),
        })?;
    let records = super::read_jsonl(&dataset.join("records.jsonl"))?;
    let clusters = super::read_jsonl(&dataset.join("clusters.jsonl"))?;
    let page = crate::report_page::report_html(&report, &records, &clusters);
    let target = dataset.join("report.html");
    crate::output::write_file(&target, page.as_bytes())?;
    if !quiet {
        writeln!(
            err,
            "qclean: {} clusters, {} records -> {}",
            clusters.len(),
            records.len(),
            target.display()
        )
        .ok();
    }
    Ok(Outcome::Clean)
}
