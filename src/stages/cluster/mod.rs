//! Stage 4, cluster: near-duplicate questions within and across documents.
//!
//! Input: every record, the parameters (lexicon and scorer) and the reviewers' decisions.
//! Output: [`Clustering`], one cluster per distinct question, the pairs left for review, and what
//! became of each decision.
//!
//! How: records with the same normalised text join at once. Among the distinct texts, candidates
//! come from keys on the subject words (not the frame words of `schema/contrasts.json`): the set
//! of them, and the set less one word; a key few texts share pairs them all, a key a whole family
//! of look-alikes shares pairs only misspelt neighbours ([`linkage::candidates`]): the work grows
//! with the texts. Each candidate is scored by a small logistic model over similarity signals
//! ([`score`], weights in `schema/cluster-model.json`, fitted by `qclean calibrate`). Pairs at or
//! above the model's `merge` probability join, most likely first, when no pair across the two
//! groups is one the model is sure of as different (below half of `flag`) or crosses a contrast
//! (up to 12 members of each group are checked); pairs from `flag` to `merge` are flagged for
//! review, most uncertain first, at most 3 per cluster. `different` decisions are never crossed;
//! `same` decisions then join whole clusters, so a decision only ever joins.
//!
//! Guarantees: every record is in exactly one cluster; the output does not depend on the order of
//! the records; a decision whose records are gone is reported, never dropped; the words only one
//! side of a pair has are reported on that side.
//! Never does: read or write files, change a record's text.

pub mod features;
mod lexicon;
pub mod linkage;
pub mod questions;
pub mod score;

#[cfg(test)]
pub mod eval_tests;

use crate::model::Record;
use features::Corpus;
use features::Lexicon;
use score::{Evidence, Model};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

// The quality the near-duplicate scorer must reach, stated once: the fit aims at it (with
// `fit::cluster::FIT_HEADROOM` to spare) and the tests hold the shipped model to it.

/// Merge precision on every labelled source.
pub const MERGE_PRECISION: f64 = 0.97;
/// Recall of the seeds' duplicate pairs, merged or flagged for review.
pub const MERGE_OR_FLAG_RECALL: f64 = 0.95;
/// Pairs flagged for review on the seed documents, at most.
pub const SEED_FLAGGED_PAIRS: usize = 52;

/// Settings of the cluster stage, built once per run.
#[derive(Debug, Clone)]
pub struct ClusterParams {
    pub lexicon: Lexicon,
    /// The scorer's weights and thresholds (`schema/cluster-model.json`).
    pub model: Model,
}

impl ClusterParams {
    pub fn new(lexicon: Lexicon, model: Model) -> ClusterParams {
        ClusterParams { lexicon, model }
    }
}

/// A reviewer's decision about two records, as read from the decisions file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub a: String,
    pub b: String,
    pub same: bool,
    /// Line in the decisions file, for reports.
    pub line: usize,
}

/// Where a cluster stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Single,
    Merged,
    Flagged,
    Reviewed,
}

impl Status {
    /// The name the rows and the report use.
    pub fn name(self) -> &'static str {
        match self {
            Status::Single => "single",
            Status::Merged => "merged",
            Status::Flagged => "flagged",
            Status::Reviewed => "reviewed",
        }
    }
}

/// The order pairs go to a person in: the most uncertain first (the score is a probability, so
/// closest to one half), then by the two record ids. Each side is (score, id a, id b).
pub fn most_uncertain_first(x: (f64, &str, &str), y: (f64, &str, &str)) -> std::cmp::Ordering {
    (x.0 - 0.5)
        .abs()
        .total_cmp(&(y.0 - 0.5).abs())
        .then_with(|| x.1.cmp(y.1))
        .then_with(|| x.2.cmp(y.2))
}

/// A pair of records with its evidence, and the decision taken on it if any.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Pair {
    pub a: String,
    pub b: String,
    #[serde(flatten)]
    pub evidence: Evidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

/// One cluster: a line of `clusters.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Cluster {
    pub id: String,
    pub canonical: String,
    pub members: Vec<String>,
    pub status: Status,
    /// The lowest pairwise score inside the cluster (1 for a single record).
    pub score: f64,
    /// Flagged pairs that touch this cluster, and pairs a decision settled.
    pub pairs: Vec<Pair>,
}

/// What the decisions did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct DecisionReport {
    pub applied: usize,
    /// Lines whose records are not in this run (kept in the file, reported here).
    pub orphaned: Vec<usize>,
    /// Lines of `same` decisions that would join two records a `different` decision keeps apart.
    pub conflicting: Vec<usize>,
}

/// The outcome of clustering.
#[derive(Debug, Clone)]
pub struct Clustering {
    /// Sorted by id.
    pub clusters: Vec<Cluster>,
    /// For each record (same order as the input), the index of its cluster.
    pub cluster_of: Vec<usize>,
    /// Pairs left for review, most uncertain first.
    pub flagged: Vec<Pair>,
    pub decisions: DecisionReport,
    pub candidate_pairs: usize,
}

/// Writes the clustering into the records: each one's cluster, whether it is the canonical one,
/// and `needs-review` on the two records of every flagged pair.
pub fn label(records: &mut [Record], clustering: &Clustering) {
    let needs_review: std::collections::BTreeSet<&str> = clustering
        .flagged
        .iter()
        .flat_map(|p| [p.a.as_str(), p.b.as_str()])
        .collect();
    for (record, &c) in records.iter_mut().zip(&clustering.cluster_of) {
        let cluster = &clustering.clusters[c];
        record.cluster = Some(cluster.id.clone());
        record.canonical = Some(cluster.canonical == record.id);
        if needs_review.contains(record.id.as_str()) {
            record.flags.push(crate::model::Flag::NeedsReview);
            record.flags.sort();
        }
    }
}

/// Clusters the records. See the module header.
///
/// The records are taken in document order (file, line, id) whatever order they come in, so that
/// which record stands for a repeated text and which side of a pair each record is on never
/// depend on the caller's order; `cluster_of` is given back in the caller's order.
pub fn cluster(records: &[Record], params: &ClusterParams, decisions: &[Decision]) -> Clustering {
    if records.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
        return cluster_in_document_order(records, params, decisions);
    }
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by(|&a, &b| key(&records[a]).cmp(&key(&records[b])));
    let sorted: Vec<Record> = order.iter().map(|&i| records[i].clone()).collect();
    let mut clustering = cluster_in_document_order(&sorted, params, decisions);
    let mut cluster_of = vec![0; records.len()];
    for (k, &i) in order.iter().enumerate() {
        cluster_of[i] = clustering.cluster_of[k];
    }
    clustering.cluster_of = cluster_of;
    clustering
}

/// Where a record stands in document order.
fn key(r: &Record) -> (&str, usize, &str) {
    (r.file.as_str(), r.line, r.id.as_str())
}

fn cluster_in_document_order(
    records: &[Record],
    params: &ClusterParams,
    decisions: &[Decision],
) -> Clustering {
    let corpus = Corpus::build(records.iter().map(|r| r.question.as_str()), &params.lexicon);
    let index: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let (decided, report) = resolve_decisions(decisions, &index);
    // Records with the same normalised text are one question from the start and share features.
    let distinct = linkage::Distinct::of(records, &corpus, &params.lexicon);
    let mut graph = linkage::Graph::new(records.len(), &distinct, params);
    graph.score_candidates();
    let report = graph.link(&decided, report);
    graph.into_clustering(records, &decided, report)
}

/// Decisions keyed by record pairs (the last decision on a pair wins); the report lists the
/// lines whose records are not here.
fn resolve_decisions<'d>(
    decisions: &'d [Decision],
    index: &HashMap<&str, usize>,
) -> (BTreeMap<(usize, usize), &'d Decision>, DecisionReport) {
    let mut report = DecisionReport::default();
    let mut decided = BTreeMap::new();
    for d in decisions {
        match (index.get(d.a.as_str()), index.get(d.b.as_str())) {
            (Some(&i), Some(&j)) if i != j => {
                decided.insert((i.min(j), i.max(j)), d);
            }
            _ => report.orphaned.push(d.line),
        }
    }
    report.applied = decided.len();
    (decided, report)
}

/// The lexicon file as written: serde refuses a field it does not know.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default, rename = "about")]
    _about: Option<serde_json::Value>,
    #[serde(default)]
    compounds: indexmap::IndexMap<String, String>,
    groups: indexmap::IndexMap<String, Vec<Member>>,
    #[serde(default)]
    frame_words: Vec<String>,
}

/// A member of a group: a word, or a list of synonyms.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Member {
    Word(String),
    Synonyms(Vec<String>),
}

/// Reads the lexicon file (`schema/contrasts.json`): `compounds` maps phrases to one token,
/// `groups` maps a name to members, each a word or a list of synonyms. The error says what is wrong.
pub fn lexicon_from_json(text: &str) -> Result<Lexicon, String> {
    let file: LexiconFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let compounds: Vec<(String, String)> = file.compounds.into_iter().collect();
    let mut groups = Vec::with_capacity(file.groups.len());
    for (name, members) in file.groups {
        let parsed: Vec<Vec<String>> = members
            .into_iter()
            .map(|m| match m {
                Member::Word(w) => vec![w],
                Member::Synonyms(ws) => ws,
            })
            .collect();
        if parsed.iter().any(Vec::is_empty) {
            return Err(format!(
                "group {name:?}: a member must be a word or a list of words"
            ));
        }
        groups.push((name, parsed));
    }
    Lexicon::new(&compounds, &groups, &file.frame_words)
}
