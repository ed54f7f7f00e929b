//! `qclean report`: writes `report.html` into the dataset folder, from the folder's own files,
//! read one row at a time so that a dataset of any size fits.

use super::Outcome;
use crate::error::Result;
use crate::model::Record;
use crate::report_page::{command_flags, report_html, Selection};
use crate::stages::cluster::Cluster;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Builds the page and writes it atomically. `decisions` is the file the page's copied commands
/// name.
pub fn run(dataset: &Path, decisions: &Path, quiet: bool, err: &mut dyn Write) -> Result<Outcome> {
    let report = super::dataset_report(dataset)?;
    let mut selection = Selection::default();
    let mut clusters = 0;
    super::for_each_row::<Cluster>(dataset, "clusters.jsonl", |c| {
        clusters += 1;
        selection.add(&c);
    })?;
    let needed = selection.finish();
    let mut records: BTreeMap<String, Record> = BTreeMap::new();
    let mut all = 0;
    super::for_each_row::<Record>(dataset, "records.jsonl", |r| {
        all += 1;
        if needed.contains(&r.id) {
            records.insert(r.id.clone(), r);
        }
    })?;
    let page = report_html(
        &report,
        &selection,
        &records,
        &command_flags(dataset, decisions),
    );
    let target = dataset.join("report.html");
    crate::output::write_file(&target, page.as_bytes())?;
    if !quiet {
        writeln!(
            err,
            "qclean: {clusters} clusters, {all} records -> {} ({} bytes)",
            target.display(),
            page.len()
        )
        .ok();
    }
    Ok(Outcome::Clean)
}
