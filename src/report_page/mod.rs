//! `report.html`: one self-contained page (no network, no external assets) to look at a dataset
//! and its flagged duplicates, at any size.
//!
//! The page holds what a person can look at: every count and chart, the most uncertain flagged
//! pairs side by side, the largest clusters with more than one member, and the records those
//! show; in pages of 20, filtered in the browser. The full data stays in the dataset files, and
//! the page says how much it leaves there. Pure: the command layer reads and writes; the
//! [`Selection`] is fed one cluster at a time, so a million clusters need not sit in memory.

mod answer;
mod flags;
mod sections;
mod selection;
mod template;

pub use answer::answer_html;
pub use flags::command_flags;
pub use selection::Selection;

use crate::model::{Level, Record};
use crate::pipeline::Report;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use template::TEMPLATE;

/// Flagged pairs the page holds at most (the most uncertain).
pub const MAX_PAIRS: usize = 400;
/// Clusters with more than one member the page holds at most (flagged and reviewed first, then
/// the largest).
pub const MAX_CLUSTERS: usize = 800;

/// The part of a record the page shows; the answer as safe HTML.
#[derive(Serialize)]
struct RecordView<'a> {
    question: &'a str,
    answer: String,
    file: &'a str,
    line: usize,
    topic: &'a str,
    level: &'a str,
}

fn level_name(level: Option<Level>) -> &'static str {
    match level {
        Some(Level::Beginner) => "beginner",
        Some(Level::Intermediate) => "intermediate",
        Some(Level::Advanced) => "advanced",
        Some(Level::Expert) => "expert",
        None => "",
    }
}

/// The page. `records` holds (at least) the records the selection names.
pub fn report_html(
    report: &Report,
    selection: &Selection,
    records: &BTreeMap<String, Record>,
    flags: &str,
) -> String {
    let data_json = page_data(selection, records, flags);
    let counts = &report.clusters;
    TEMPLATE
        .replace("{{stats}}", &sections::stats(report))
        .replace("{{charts}}", &sections::charts(report))
        .replace("{{sources}}", &sections::sources(&report.files))
        .replace(
            "{{pairs_note}}",
            &sections::pairs_note(selection, counts.flagged_pairs),
        )
        .replace(
            "{{clusters_note}}",
            &sections::clusters_note(selection, counts.clusters),
        )
        .replace("{{data}}", &data_json)
}

/// The JSON the page's script reads: the selection, the records it names and the flags of the
/// copied commands.
fn page_data(selection: &Selection, records: &BTreeMap<String, Record>, flags: &str) -> String {
    let data = serde_json::json!({
        "pairs": selection.pairs,
        "clusters": selection.clusters,
        "records": record_views(selection, records),
        "flags": flags,
    });
    // `</` must not end the script element early.
    serde_json::to_string(&data)
        .expect("the page data serialises")
        .replace("</", "<\\/")
}

/// Each record as the page shows it; only the records a cluster or a pair shows first carry
/// their answer.
fn record_views<'a>(
    selection: &Selection,
    records: &'a BTreeMap<String, Record>,
) -> BTreeMap<&'a str, RecordView<'a>> {
    let canonical: BTreeSet<&str> = selection
        .clusters
        .iter()
        .map(|c| c.canonical.as_str())
        .chain(
            selection
                .pairs
                .iter()
                .flat_map(|p| [p.a.as_str(), p.b.as_str()]),
        )
        .collect();
    records
        .iter()
        .map(|(id, r)| {
            let answer = if canonical.contains(id.as_str()) {
                answer_html(r.answer.as_deref().unwrap_or(""))
            } else {
                String::new()
            };
            (
                id.as_str(),
                RecordView {
                    question: &r.question,
                    answer,
                    file: &r.file,
                    line: r.line,
                    topic: r.topic.as_deref().unwrap_or(""),
                    level: level_name(r.level),
                },
            )
        })
        .collect()
}
