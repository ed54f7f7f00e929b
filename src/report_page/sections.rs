//! The parts of the page written on the server: the counts, the charts, the per-source table
//! and the notes that say how much of the data the page leaves out.

use super::Selection;
use crate::model::FileReport;
use crate::pipeline::Report;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Rows of the per-source table at most.
const MAX_SOURCES: usize = 500;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The run's counts, one box each.
pub(super) fn stats(report: &Report) -> String {
    let totals = &report.totals;
    let counts = &report.clusters;
    let mut stats = String::new();
    for (label, value) in [
        ("files", totals.files),
        ("records", totals.records),
        ("fixes", totals.fixes.values().sum()),
        ("rejects", totals.rejects.values().sum()),
        ("clusters", counts.clusters),
        ("flagged pairs left to review", counts.flagged_pairs),
    ] {
        let _ = write!(
            stats,
            "<div class=\"stat\"><b>{value}</b><span>{}</span></div>",
            escape(label)
        );
    }
    stats
}

/// The four distributions: topics, levels, cluster statuses and fixes.
pub(super) fn charts(report: &Report) -> String {
    format!(
        "{}{}{}{}",
        bar_chart("records by topic", &largest_first(&report.tags.topics)),
        bar_chart("records by level", &levels(&report.tags.levels)),
        bar_chart("clusters by status", &statuses(&report.clusters.by_status)),
        bar_chart("fixes by kind", &largest_first(&report.totals.fixes))
    )
}

/// Counts from the largest, ties by name.
fn largest_first(m: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = m.iter().map(|(k, n)| (k.clone(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// Levels in band order; a name that is not a band comes after.
fn levels(counts: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let bands = ["beginner", "intermediate", "advanced", "expert", "none"];
    bands
        .iter()
        .filter_map(|b| counts.get(*b).map(|n| (b.to_string(), *n)))
        .chain(
            counts
                .iter()
                .filter(|(k, _)| !bands.contains(&k.as_str()))
                .map(|(k, n)| (k.clone(), *n)),
        )
        .collect()
}

/// Cluster statuses in the order a person deals with them.
fn statuses(by_status: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    ["flagged", "reviewed", "merged", "single"]
        .iter()
        .filter_map(|s| by_status.get(*s).map(|n| (s.to_string(), *n)))
        .collect()
}

/// A horizontal bar chart as inline SVG, bars in the given order.
fn bar_chart(title: &str, counts: &[(String, usize)]) -> String {
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let row = 22;
    let height = counts.len() * row + 10;
    let mut svg = format!("<figure><figcaption>{}</figcaption><svg role=\"img\" aria-label=\"{}\" width=\"460\" height=\"{height}\">", escape(title), escape(title));
    for (k, (label, n)) in counts.iter().enumerate() {
        let y = k * row + 4;
        let width = (*n as f64 / max * 250.0).round().max(1.0);
        let _ = write!(
            svg,
            "<text x=\"150\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"158\" y=\"{y}\" width=\"{width}\" height=\"16\" rx=\"2\"></rect><text x=\"{}\" y=\"{}\">{n}</text>",
            y + 13,
            escape(label),
            158.0 + width + 6.0,
            y + 13
        );
    }
    svg.push_str("</svg></figure>");
    svg
}

/// The per-source table, folded away when there are many sources.
pub(super) fn sources(files: &[FileReport]) -> String {
    let mut sources = String::from("<table><thead><tr><th>file</th><th>encoding</th><th>format</th><th>layout</th><th>records</th><th>question-like left out</th><th>fixes</th><th>findings</th></tr></thead><tbody>");
    for f in files.iter().take(MAX_SOURCES) {
        let findings: Vec<String> = f.findings.iter().map(|x| escape(&x.kind)).collect();
        let _ = write!(
            sources,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&f.file),
            escape(&f.encoding),
            escape(&f.format),
            escape(&f.layout),
            f.records,
            f.left_out,
            f.fixes.values().sum::<usize>(),
            findings.join(", ")
        );
    }
    sources.push_str("</tbody></table>");
    if files.len() > MAX_SOURCES {
        let _ = write!(
            sources,
            "<p class=\"meta\">The first {MAX_SOURCES} of {} files; every file is in report.json.</p>",
            files.len()
        );
    }
    if files.len() > 15 {
        format!(
            "<details><summary>{} files (show the table)</summary>{sources}</details>",
            files.len()
        )
    } else {
        sources
    }
}

/// How many of the flagged pairs the page holds. The run counted them; the selection kept only
/// the first of them.
pub(super) fn pairs_note(selection: &Selection, flagged_pairs: usize) -> String {
    if flagged_pairs > selection.pairs.len() {
        format!(
            "The {} most uncertain of {} flagged pairs are here; <code>qclean review</code> goes through all of them.",
            selection.pairs.len(),
            flagged_pairs
        )
    } else {
        format!("{} flagged pairs.", selection.pairs.len())
    }
}

/// How many of the clusters with more than one member the page holds.
pub(super) fn clusters_note(selection: &Selection, clusters: usize) -> String {
    if selection.multi > selection.clusters.len() {
        format!(
            "{} of the {} clusters with more than one member are here (half flagged and reviewed, half merged, the largest first); all {} clusters are in clusters.jsonl.",
            selection.clusters.len(),
            selection.multi,
            clusters
        )
    } else {
        format!(
            "The {} clusters with more than one member; all {} clusters are in clusters.jsonl.",
            selection.clusters.len(),
            clusters
        )
    }
}
