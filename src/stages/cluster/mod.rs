//! Stage 4, cluster: near-duplicate questions within and across documents.
//!
//! Input: every record, the parameters (thresholds, contrast groups) and the reviewers'
//! decisions. Output: [`Clustering`], one cluster per distinct question, the pairs left for review,
//! and what became of each decision.
//!
//! How: records with the same normalised text join at once; among the distinct texts, candidate
//! pairs come from an inverted index over content tokens (all pairs in a short posting list, a
//! window of neighbours in a long one: never all pairs); a candidate whose 3-gram cosine reaches
//! `flag` is scored in full ([`score::compare`]); pairs at or above `merge` join, largest score
//! first, only when the pairs across the two groups score at least `flag` and cross no contrast
//! (complete linkage over up to 12 members of each group: no chaining a topic into one cluster);
//! pairs between `flag` and `merge`, and merge pairs that linkage kept apart, are flagged for
//! review and stay apart until a person decides. `same` decisions join first, `different`
//! decisions are never crossed.
//!
//! Guarantees: every record is in exactly one cluster; the output does not depend on the order of
//! the records; a decision whose records are gone is reported, never dropped.
//! Never does: read or write files, change a record's text.

pub mod features;
mod linkage;
pub mod score;

#[cfg(test)]
pub mod eval_tests;

use crate::model::Record;
use features::Corpus;
use score::{Evidence, Lexicon};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Thresholds calibrated on the hand-labelled seed duplicates (`tests/data/truth/
/// seed-duplicates.json`, 57 labelled pairs found among the records, 24,696 pairs judged different):
/// at `merge` = 0.78 the merge band's pairwise precision is 0.95 or more (recall 0.44); at `flag`
/// = 0.57 merge and flag together reach recall 0.90 with 45 different pairs flagged. The test
/// `eval_tests::seed_duplicates_precision_and_recall` measures them on every run.
pub const MERGE_THRESHOLD: f64 = 0.78;
pub const FLAG_THRESHOLD: f64 = 0.57;

/// Settings of the cluster stage, built once per run.
#[derive(Debug, Clone)]
pub struct ClusterParams {
    pub merge: f64,
    pub flag: f64,
    pub lexicon: Lexicon,
}

impl ClusterParams {
    pub fn new(lexicon: Lexicon) -> ClusterParams {
        ClusterParams {
            merge: MERGE_THRESHOLD,
            flag: FLAG_THRESHOLD,
            lexicon,
        }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// A pair of records with its evidence, and the decision taken on it if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub a: String,
    pub b: String,
    #[serde(flatten)]
    pub evidence: Evidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

/// One cluster: a line of `clusters.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

/// Clusters the records. See the module header.
pub fn cluster(records: &[Record], params: &ClusterParams, decisions: &[Decision]) -> Clustering {
    let corpus = Corpus::build(
        records
            .iter()
            .map(|r| (r.question.as_str(), r.answer.as_deref())),
        &params.lexicon,
    );
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

/// Reads the lexicon file (`schema/contrasts.json`): `compounds` maps phrases to one token,
/// `groups` maps a name to members, each a word or a list of synonyms. The error says what is wrong.
pub fn lexicon_from_json(text: &str) -> Result<Lexicon, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut compounds = Vec::new();
    if let Some(map) = value.get("compounds") {
        let map = map
            .as_object()
            .ok_or("\"compounds\" must be an object of phrase: token")?;
        for (phrase, token) in map {
            let token = token
                .as_str()
                .ok_or_else(|| format!("compound {phrase:?}: the token must be a string"))?;
            compounds.push((phrase.clone(), token.to_string()));
        }
    }
    let mut groups = Vec::new();
    let map = value
        .get("groups")
        .and_then(|g| g.as_object())
        .ok_or("\"groups\" must be an object of name: members")?;
    for (name, members) in map {
        let members = members
            .as_array()
            .ok_or_else(|| format!("group {name:?}: members must be a list"))?;
        let mut parsed = Vec::with_capacity(members.len());
        for member in members {
            let synonyms: Vec<String> = match member {
                serde_json::Value::String(w) => vec![w.clone()],
                serde_json::Value::Array(ws) => ws
                    .iter()
                    .filter_map(|w| w.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            };
            if synonyms.is_empty() {
                return Err(format!(
                    "group {name:?}: a member must be a word or a list of words"
                ));
            }
            parsed.push(synonyms);
        }
        groups.push((name.clone(), parsed));
    }
    Lexicon::new(&compounds, &groups)
}
