//! The clustering machinery: distinct texts, candidate pairs, union-find with complete linkage,
//! and the clusters built from it.

use super::features::{Corpus, Features};
use super::score::{compare, compare_with_cosine, Evidence, Lexicon};
use super::{Cluster, ClusterParams, Clustering, Decision, DecisionReport, Pair, Status};
use crate::model::Record;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Posting lists longer than this are not paired all-to-all but by a window of neighbours.
fn posting_cap(n: usize) -> usize {
    (n / 20).clamp(50, 400)
}

/// Neighbours each text is paired with inside a long posting list (sorted by text).
const WINDOW: usize = 12;

/// Members of each group compared when checking that two groups may join.
const LINKAGE_SAMPLE: usize = 12;

/// The distinct normalised texts and which one each record has.
pub struct Distinct {
    /// For each distinct text, its features and the records that have it (in input order).
    pub features: Vec<Features>,
    pub holders: Vec<Vec<usize>>,
    /// For each record, the index of its distinct text.
    pub text_of: Vec<usize>,
}

impl Distinct {
    /// Features for every record (in parallel), then one entry per distinct text, numbered in
    /// text order so that any list of them built in index order is already sorted by text.
    pub fn of(records: &[Record], corpus: &Corpus, lexicon: &Lexicon) -> Distinct {
        // The normalised text of every distinct question (in parallel), then full features once
        // per normalised text.
        let mut raw_index: HashMap<&str, usize> = HashMap::new();
        let raw_of: Vec<usize> = records
            .iter()
            .map(|r| {
                let next = raw_index.len();
                *raw_index.entry(r.question.as_str()).or_insert(next)
            })
            .collect();
        let mut raws: Vec<&str> = vec![""; raw_index.len()];
        for (q, &k) in &raw_index {
            raws[k] = q;
        }
        let normalised: Vec<String> = raws
            .par_iter()
            .map(|q| lexicon.tokens(q).join(" "))
            .collect();
        let texts: Vec<&String> = raw_of.iter().map(|&k| &normalised[k]).collect();
        let mut first_of_text: HashMap<&str, usize> = HashMap::new();
        for (i, t) in texts.iter().enumerate() {
            first_of_text.entry(t.as_str()).or_insert(i);
        }
        let mut firsts: Vec<usize> = first_of_text.into_values().collect();
        firsts.sort_by(|&a, &b| texts[a].cmp(texts[b]));
        let number: HashMap<&str, usize> = firsts
            .iter()
            .enumerate()
            .map(|(k, &i)| (texts[i].as_str(), k))
            .collect();
        let text_of: Vec<usize> = texts.iter().map(|t| number[t.as_str()]).collect();
        let mut holders: Vec<Vec<usize>> = vec![Vec::new(); firsts.len()];
        for (i, &k) in text_of.iter().enumerate() {
            holders[k].push(i);
        }
        let features = firsts
            .par_iter()
            .map(|&i| Features::of(&records[i].question, corpus, lexicon))
            .collect();
        Distinct {
            features,
            holders,
            text_of,
        }
    }
}

pub struct UnionFind {
    parent: Vec<usize>,
    pub members: Vec<Vec<usize>>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
        }
    }
    pub fn find(&mut self, mut x: usize) -> usize {
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

/// Records, their distinct texts, the scored pairs between texts, and the groups so far.
pub struct Graph<'a> {
    distinct: &'a Distinct,
    params: &'a ClusterParams,
    uf: UnionFind,
    /// Pairs of distinct texts (smaller index first) scoring at least `flag`.
    scored: HashMap<(usize, usize), Evidence>,
    candidates: usize,
    apart: BTreeSet<(usize, usize)>,
}

impl<'a> Graph<'a> {
    pub fn new(n: usize, distinct: &'a Distinct, params: &'a ClusterParams) -> Graph<'a> {
        Graph {
            distinct,
            params,
            uf: UnionFind::new(n),
            scored: HashMap::new(),
            candidates: 0,
            apart: BTreeSet::new(),
        }
    }

    /// Pairs of distinct texts that share a content token: every pair in a short posting list, a
    /// window of neighbours (by text) in a long one. Only pairs whose cosine reaches `flag` are
    /// scored in full, since the penalties only lower a score.
    pub fn score_candidates(&mut self) {
        let features = &self.distinct.features;
        let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
        for (k, f) in features.iter().enumerate() {
            for t in &f.set {
                postings.entry(t.word.as_str()).or_default().push(k);
            }
        }
        let cap = posting_cap(features.len());
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        // Texts are numbered in text order, so every posting list is already sorted by text.
        for list in postings.values() {
            let reach = if list.len() <= cap {
                list.len()
            } else {
                WINDOW
            };
            for (x, &i) in list.iter().enumerate() {
                pairs.extend(
                    list[x + 1..]
                        .iter()
                        .take(reach)
                        .map(|&j| (i.min(j), i.max(j))),
                );
            }
        }
        pairs.par_sort_unstable();
        pairs.dedup();
        self.candidates = pairs.len();
        let params = self.params;
        let scored: Vec<((usize, usize), Evidence)> = pairs
            .par_iter()
            .filter_map(|&(i, j)| {
                // The penalties only lower a score: below `flag` on cosine, below for good.
                let cosine = features[i].cosine(&features[j]);
                if cosine < params.flag {
                    return None;
                }
                let evidence =
                    compare_with_cosine(&features[i], &features[j], cosine, &params.lexicon);
                (evidence.score >= params.flag).then_some(((i, j), evidence))
            })
            .collect();
        self.scored = scored.into_iter().collect();
    }

    /// Joins records: same text, then `same` decisions, then merge pairs by falling score under
    /// complete linkage. `different` decisions are never crossed.
    pub fn link(
        &mut self,
        decided: &BTreeMap<(usize, usize), &Decision>,
        mut report: DecisionReport,
    ) -> DecisionReport {
        self.apart = decided
            .iter()
            .filter(|(_, d)| !d.same)
            .map(|(&k, _)| k)
            .collect();
        let kept_apart: BTreeSet<usize> = self.apart.iter().flat_map(|&(a, b)| [a, b]).collect();
        for holders in &self.distinct.holders {
            // Two records of one text that a person said differ stay apart.
            let joinable: Vec<usize> = holders
                .iter()
                .copied()
                .filter(|h| !kept_apart.contains(h))
                .collect();
            for pair in joinable.windows(2) {
                self.uf.union(pair[0], pair[1]);
            }
        }
        for (&(i, j), d) in decided.iter().filter(|(_, d)| d.same) {
            if self.crosses_apart(i, j) {
                report.conflicting.push(d.line);
            } else {
                self.uf.union(i, j);
            }
        }
        // A substituted contrast (Flask / FastAPI) is never merged without a person's `same`.
        let mut edges: Vec<(usize, usize, f64)> = self
            .scored
            .iter()
            .filter(|(_, e)| e.score >= self.params.merge && e.contrast.is_none())
            .map(|(&(i, j), e)| (i, j, e.score))
            .collect();
        edges.sort_by(|a, b| b.2.total_cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
        for (ti, tj, _) in edges {
            let (i, j) = (self.distinct.holders[ti][0], self.distinct.holders[tj][0]);
            let (ri, rj) = (self.uf.find(i), self.uf.find(j));
            if ri == rj || self.crosses_apart(i, j) {
                continue;
            }
            let sample = |members: &[usize]| {
                members
                    .iter()
                    .copied()
                    .take(LINKAGE_SAMPLE)
                    .collect::<Vec<_>>()
            };
            let (a, b) = (sample(&self.uf.members[ri]), sample(&self.uf.members[rj]));
            if a.iter().all(|&x| b.iter().all(|&y| self.may_share(x, y))) {
                self.uf.union(i, j);
            }
        }
        report
    }

    /// Whether a `different` decision holds a record of `a`'s group and one of `b`'s.
    fn crosses_apart(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.uf.find(a), self.uf.find(b));
        let apart: Vec<(usize, usize)> = self.apart.iter().copied().collect();
        apart.into_iter().any(|(x, y)| {
            let (fx, fy) = (self.uf.find(x), self.uf.find(y));
            (fx == ra && fy == rb) || (fx == rb && fy == ra)
        })
    }

    /// The evidence for two records (by their texts).
    fn evidence(&self, x: usize, y: usize) -> Evidence {
        let (tx, ty) = (self.distinct.text_of[x], self.distinct.text_of[y]);
        let key = (tx.min(ty), tx.max(ty));
        match self.scored.get(&key) {
            Some(e) => e.clone(),
            None => compare(
                &self.distinct.features[tx],
                &self.distinct.features[ty],
                &self.params.lexicon,
            ),
        }
    }

    /// Two records may share a cluster when their score reaches `flag` and no contrast divides them.
    fn may_share(&self, x: usize, y: usize) -> bool {
        if self.distinct.text_of[x] == self.distinct.text_of[y] {
            return true;
        }
        let e = self.evidence(x, y);
        e.score >= self.params.flag && e.contrast.is_none()
    }

    /// The clusters, sorted by id; pending pairs attached to both their clusters.
    pub fn into_clustering(
        mut self,
        records: &[Record],
        decided: &BTreeMap<(usize, usize), &Decision>,
        decisions: DecisionReport,
    ) -> Clustering {
        let pair = |i: usize, j: usize, evidence: Evidence, decision: Option<&str>| Pair {
            a: records[i].id.clone(),
            b: records[j].id.clone(),
            evidence,
            decision: decision.map(str::to_string),
        };
        // Pending: scored pairs whose first holders sit in different clusters, undecided.
        let mut pending: Vec<(usize, usize, Evidence)> = Vec::new();
        let scored: Vec<((usize, usize), Evidence)> = self.scored.drain().collect();
        for ((ti, tj), e) in scored {
            let (i, j) = (self.distinct.holders[ti][0], self.distinct.holders[tj][0]);
            if decided.contains_key(&(i.min(j), i.max(j))) || self.uf.find(i) == self.uf.find(j) {
                continue;
            }
            pending.push((i.min(j), i.max(j), e));
        }
        let middle = (self.params.merge + self.params.flag) / 2.0;
        pending.sort_by(|a, b| {
            (a.2.score - middle)
                .abs()
                .total_cmp(&(b.2.score - middle).abs())
                .then(records[a.0].id.cmp(&records[b.0].id))
                .then(records[a.1].id.cmp(&records[b.1].id))
        });
        let mut roots: Vec<usize> = (0..records.len())
            .filter(|&i| self.uf.find(i) == i)
            .collect();
        for root in &roots {
            self.uf.members[*root].sort_by(|&a, &b| records[a].id.cmp(&records[b].id));
        }
        roots.sort_by(|&a, &b| {
            records[self.uf.members[a][0]]
                .id
                .cmp(&records[self.uf.members[b][0]].id)
        });
        let position: HashMap<usize, usize> =
            roots.iter().enumerate().map(|(k, &r)| (r, k)).collect();
        let mut cluster_of = vec![0; records.len()];
        for (k, &root) in roots.iter().enumerate() {
            for &m in &self.uf.members[root] {
                cluster_of[m] = k;
            }
        }
        let mut attached: Vec<Vec<Pair>> = vec![Vec::new(); roots.len()];
        for (i, j, e) in &pending {
            let p = pair(*i, *j, e.clone(), None);
            attached[cluster_of[*i]].push(p.clone());
            attached[cluster_of[*j]].push(p);
        }
        let flagged: BTreeSet<usize> = pending
            .iter()
            .flat_map(|(i, j, _)| [cluster_of[*i], cluster_of[*j]])
            .collect();
        for (&(i, j), d) in decided {
            let p = pair(
                i,
                j,
                self.evidence(i, j),
                Some(if d.same { "same" } else { "different" }),
            );
            attached[cluster_of[i]].push(p.clone());
            if cluster_of[j] != cluster_of[i] {
                attached[cluster_of[j]].push(p);
            }
        }
        let mut clusters = Vec::with_capacity(roots.len());
        for (k, &root) in roots.iter().enumerate() {
            let members = &self.uf.members[root];
            let canonical = *members
                .iter()
                .min_by(|&&a, &&b| completeness(&records[a]).cmp(&completeness(&records[b])))
                .expect("a cluster has members");
            let sample: Vec<usize> = members.iter().copied().take(LINKAGE_SAMPLE).collect();
            let mut score: f64 = 1.0;
            for (x, &a) in sample.iter().enumerate() {
                for &b in &sample[x + 1..] {
                    if self.distinct.text_of[a] != self.distinct.text_of[b] {
                        score = score.min(self.evidence(a, b).score);
                    }
                }
            }
            let pairs = std::mem::take(&mut attached[k]);
            let status = if flagged.contains(&k) {
                Status::Flagged
            } else if !pairs.is_empty() {
                Status::Reviewed
            } else if members.len() > 1 {
                Status::Merged
            } else {
                Status::Single
            };
            let ids: Vec<String> = members.iter().map(|&m| records[m].id.clone()).collect();
            debug_assert_eq!(position[&root], k);
            clusters.push(Cluster {
                id: format!("c{}", &ids[0][1..]),
                canonical: records[canonical].id.clone(),
                members: ids,
                status,
                score: (score * 10_000.0).round() / 10_000.0,
                pairs,
            });
        }
        let flagged_pairs = pending
            .into_iter()
            .map(|(i, j, e)| pair(i, j, e, None))
            .collect();
        Clustering {
            clusters,
            cluster_of,
            flagged: flagged_pairs,
            decisions,
            candidate_pairs: self.candidates,
        }
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
