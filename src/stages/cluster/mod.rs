//! Stage 4, cluster: near-duplicate questions within and across documents.
//!
//! Input: every record, the parameters (thresholds, contrast groups) and the reviewers'
//! decisions. Output: [`Clustering`], one cluster per distinct question, the pairs left for review,
//! and what became of each decision.
//!
//! How: candidate pairs come from an inverted index over the rarer content tokens (never all
//! pairs); each candidate is scored ([`score::compare`]); pairs at or above `merge` join, largest
//! score first, only when every pair across the two groups scores at least `flag` (complete
//! linkage: no chaining a topic into one cluster); pairs between `flag` and `merge`, and merge
//! pairs that linkage kept apart, are flagged for review and stay apart until a person decides.
//! `same` decisions join first, `different` decisions are never crossed.
//!
//! Guarantees: every record is in exactly one cluster; the output does not depend on the order of
//! the records; a decision whose records are gone is reported, never dropped.
//! Never does: read or write files, change a record's text.

pub mod features;
pub mod score;

#[cfg(test)]
mod eval_tests;

use crate::model::Record;
use features::{Corpus, Features};
use score::{compare, Evidence, Lexicon};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

struct UnionFind {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
        }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (keep, gone) = if self.members[ra].len() >= self.members[rb].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[gone] = keep;
        let moved = std::mem::take(&mut self.members[gone]);
        self.members[keep].extend(moved);
    }
}

/// Tokens in more questions than this are too common to propose candidates.
fn posting_cap(n: usize) -> usize {
    (n / 20).clamp(50, 1000)
}

/// Record pairs that share at least one rarer token, or the same normalised text.
fn candidates(features: &[Features]) -> Vec<(usize, usize)> {
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in features.iter().enumerate() {
        let unique: BTreeSet<&str> = f.tokens.iter().map(String::as_str).collect();
        for t in unique {
            postings.entry(t).or_default().push(i);
        }
        by_text.entry(f.text.as_str()).or_default().push(i);
    }
    let cap = posting_cap(features.len());
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for list in postings
        .values()
        .filter(|l| l.len() <= cap)
        .chain(by_text.values())
    {
        for (k, &i) in list.iter().enumerate() {
            for &j in &list[k + 1..] {
                pairs.push((i, j));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Clusters the records. See the module header.
pub fn cluster(records: &[Record], params: &ClusterParams, decisions: &[Decision]) -> Clustering {
    let corpus = Corpus::build(
        records
            .iter()
            .map(|r| (r.question.as_str(), r.answer.as_deref())),
        &params.lexicon,
    );
    let features: Vec<Features> = records
        .iter()
        .map(|r| Features::of(&r.question, &corpus, &params.lexicon))
        .collect();
    let candidate_list = candidates(&features);
    let mut scored: HashMap<(usize, usize), Evidence> = HashMap::new();
    for &(i, j) in &candidate_list {
        let evidence = compare(&features[i], &features[j], &corpus, &params.lexicon);
        if evidence.score >= params.flag {
            scored.insert((i, j), evidence);
        }
    }
    let index: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut report = DecisionReport::default();
    let mut same_links = Vec::new();
    let mut apart: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut decided: BTreeMap<(usize, usize), &Decision> = BTreeMap::new();
    for d in decisions {
        match (index.get(d.a.as_str()), index.get(d.b.as_str())) {
            (Some(&i), Some(&j)) if i != j => {
                let key = (i.min(j), i.max(j));
                // The last decision on a pair wins.
                decided.insert(key, d);
            }
            _ => report.orphaned.push(d.line),
        }
    }
    for (&key, d) in &decided {
        report.applied += 1;
        if d.same {
            same_links.push((key, d.line));
        } else {
            apart.insert(key);
        }
    }
    let mut uf = UnionFind::new(records.len());
    let crosses_apart = |uf: &mut UnionFind, a: usize, b: usize| {
        let (ra, rb) = (uf.find(a), uf.find(b));
        uf.members[ra].iter().any(|&x| {
            uf.members[rb]
                .iter()
                .any(|&y| apart.contains(&(x.min(y), x.max(y))))
        })
    };
    for ((i, j), line) in same_links {
        if crosses_apart(&mut uf, i, j) {
            report.conflicting.push(line);
        } else {
            uf.union(i, j);
        }
    }
    // A substituted contrast (Flask / FastAPI) is never merged without a person's `same`.
    let mut merge_edges: Vec<(&(usize, usize), &Evidence)> = scored
        .iter()
        .filter(|(_, e)| e.score >= params.merge && e.contrast.is_none())
        .collect();
    merge_edges.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(b.0)));
    // Two records may share a cluster when their score reaches `flag` and no contrast divides them.
    let may_share = |x: usize, y: usize| -> bool {
        let key = (x.min(y), x.max(y));
        match scored.get(&key) {
            Some(e) => e.contrast.is_none(),
            None => {
                let e = compare(&features[x], &features[y], &corpus, &params.lexicon);
                e.score >= params.flag && e.contrast.is_none()
            }
        }
    };
    for (&(i, j), _) in merge_edges {
        let (ri, rj) = (uf.find(i), uf.find(j));
        if ri == rj || crosses_apart(&mut uf, i, j) {
            continue;
        }
        let linked = uf.members[ri]
            .iter()
            .all(|&x| uf.members[rj].iter().all(|&y| may_share(x, y)));
        if linked {
            uf.union(i, j);
        }
    }
    build(
        records,
        &features,
        &corpus,
        params,
        uf,
        scored,
        decided,
        report,
        candidate_list.len(),
    )
}

#[allow(clippy::too_many_arguments)]
fn build(
    records: &[Record],
    features: &[Features],
    corpus: &Corpus,
    params: &ClusterParams,
    mut uf: UnionFind,
    scored: HashMap<(usize, usize), Evidence>,
    decided: BTreeMap<(usize, usize), &Decision>,
    decisions: DecisionReport,
    candidate_pairs: usize,
) -> Clustering {
    let pair = |i: usize, j: usize, evidence: Evidence, decision: Option<String>| Pair {
        a: records[i].id.clone(),
        b: records[j].id.clone(),
        evidence,
        decision,
    };
    // Pending: scored pairs in different clusters that nobody has decided on.
    let mut pending: Vec<(usize, usize, Evidence)> = scored
        .into_iter()
        .filter(|((i, j), _)| !decided.contains_key(&(*i, *j)))
        .filter_map(|((i, j), e)| (uf.find(i) != uf.find(j)).then_some((i, j, e)))
        .collect();
    let middle = (params.merge + params.flag) / 2.0;
    pending.sort_by(|a, b| {
        (a.2.score - middle)
            .abs()
            .total_cmp(&(b.2.score - middle).abs())
            .then(records[a.0].id.cmp(&records[b.0].id))
            .then(records[a.1].id.cmp(&records[b.1].id))
    });
    let mut roots: Vec<usize> = (0..records.len())
        .map(|i| uf.find(i))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    roots.sort_by_key(|&r| uf.members[r].iter().map(|&m| records[m].id.clone()).min());
    let mut clusters = Vec::with_capacity(roots.len());
    let mut cluster_of = vec![0; records.len()];
    for (ci, &root) in roots.iter().enumerate() {
        let mut members = uf.members[root].clone();
        members.sort_by(|&a, &b| records[a].id.cmp(&records[b].id));
        for &m in &members {
            cluster_of[m] = ci;
        }
        let canonical = *members
            .iter()
            .min_by(|&&a, &&b| completeness(&records[a]).cmp(&completeness(&records[b])))
            .expect("a cluster has members");
        let mut score: f64 = 1.0;
        for (k, &x) in members.iter().enumerate() {
            for &y in &members[k + 1..] {
                score =
                    score.min(compare(&features[x], &features[y], corpus, &params.lexicon).score);
            }
        }
        let member_set: BTreeSet<usize> = members.iter().copied().collect();
        let mut pairs: Vec<Pair> = pending
            .iter()
            .filter(|(i, j, _)| member_set.contains(i) || member_set.contains(j))
            .map(|(i, j, e)| pair(*i, *j, e.clone(), None))
            .collect();
        let flagged = !pairs.is_empty();
        for (&(i, j), d) in &decided {
            if member_set.contains(&i) || member_set.contains(&j) {
                let evidence = compare(&features[i], &features[j], corpus, &params.lexicon);
                pairs.push(pair(
                    i,
                    j,
                    evidence,
                    Some(if d.same { "same" } else { "different" }.to_string()),
                ));
            }
        }
        let status = if flagged {
            Status::Flagged
        } else if !pairs.is_empty() {
            Status::Reviewed
        } else if members.len() > 1 {
            Status::Merged
        } else {
            Status::Single
        };
        let ids: Vec<String> = members.iter().map(|&m| records[m].id.clone()).collect();
        clusters.push(Cluster {
            id: format!("c{}", &ids[0][1..]),
            canonical: records[canonical].id.clone(),
            members: ids,
            status,
            score: (score * 10_000.0).round() / 10_000.0,
            pairs,
        });
    }
    let flagged = pending
        .into_iter()
        .map(|(i, j, e)| pair(i, j, e, None))
        .collect();
    Clustering {
        clusters,
        cluster_of,
        flagged,
        decisions,
        candidate_pairs,
    }
}

/// Orders records from most to least complete: an answer, a longer answer, the earliest source.
fn completeness(r: &Record) -> (bool, std::cmp::Reverse<usize>, &str, usize, &str) {
    let answer_len = r.answer.as_ref().map_or(0, |a| a.chars().count());
    (
        r.answer.is_none(),
        std::cmp::Reverse(answer_len),
        r.file.as_str(),
        r.line,
        r.id.as_str(),
    )
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
