//! The clustering machinery: distinct texts, candidate pairs, union-find with a linkage check,
//! and the clusters built from it.

use super::features::Lexicon;
use super::features::{Corpus, Features};
use super::score::{compare, Evidence};
use super::{Cluster, ClusterParams, Clustering, Decision, DecisionReport, Pair, Status};
use crate::model::Record;
use crate::text::words::misspelt;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A candidate key shared by at most this many texts pairs them all.
const KEY_CAP: usize = 24;

/// In a longer key, each text is compared with this many neighbours (by the word it left out),
/// and only when the two left-out words are one word misspelt or one is a stray word.
const KEY_WINDOW: usize = 4;

/// A stray word: seen in at most this many questions (a typo, a word added in passing).
const STRAY_DF: u32 = 3;

/// Flagged pairs that may touch one cluster.
const FLAGS_PER_CLUSTER: usize = 3;

/// Members of each group compared when checking that two groups may join.
const LINKAGE_SAMPLE: usize = 12;

/// A single subject word shared by at most this many texts pairs them all: in a small corpus,
/// the words that tell questions apart; in a large one, only rare words.
fn rare_word_cap(n: usize) -> usize {
    if n <= 5_000 {
        (n / 20).clamp(50, 250)
    } else {
        16
    }
}

/// Pairs of distinct texts worth comparing, smaller index first, sorted, without repeats.
///
/// A rewording keeps its subject words; so texts are keyed by their set of subject words, and by
/// that set less one word (a word misspelt, swapped or added in passing). A key few texts share
/// pairs them all. A key many texts share is a family of look-alikes (one frame, one context, many
/// concepts): there, only neighbours whose left-out words are one word misspelt, or a stray word
/// beside none, are paired, so the work grows with the texts, not with the families' squares.
/// Besides, texts sharing a rare subject word are paired (in a small corpus, any subject word a
/// twentieth of the texts or fewer share).
pub fn candidates(features: &[Features], df: &HashMap<String, u32>) -> Vec<(u32, u32)> {
    // (key, left-out word, text) for every text and key.
    let mut keyed: Vec<(u64, &str, u32)> = features
        .par_iter()
        .enumerate()
        .flat_map_iter(|(k, f)| {
            let words: Vec<&str> = f.subject().collect();
            let mut keys = Vec::with_capacity(words.len() + 1);
            if !words.is_empty() {
                keys.push((key_of(&words, usize::MAX), "", k as u32));
            }
            if words.len() >= 2 {
                for (x, w) in words.iter().enumerate() {
                    keys.push((key_of(&words, x), *w, k as u32));
                }
            }
            keys
        })
        .collect();
    keyed.par_sort_unstable();
    let groups: Vec<&[(u64, &str, u32)]> = keyed.chunk_by(|a, b| a.0 == b.0).collect();
    let stray = |w: &str| df.get(w).copied().unwrap_or(0) <= STRAY_DF;
    let mut pairs: Vec<(u32, u32)> = groups
        .par_iter()
        .flat_map_iter(|group| {
            let mut out = Vec::new();
            if group.len() <= KEY_CAP {
                for (x, a) in group.iter().enumerate() {
                    out.extend(group[x + 1..].iter().map(|b| (a.2.min(b.2), a.2.max(b.2))));
                }
            } else {
                for (x, a) in group.iter().enumerate() {
                    for b in group[x + 1..].iter().take(KEY_WINDOW) {
                        let near = if a.1.is_empty() || b.1.is_empty() {
                            stray(a.1) || stray(b.1)
                        } else {
                            misspelt(a.1, b.1)
                        };
                        if near {
                            out.push((a.2.min(b.2), a.2.max(b.2)));
                        }
                    }
                }
            }
            out
        })
        .collect();
    // Rare subject words.
    let cap = rare_word_cap(features.len());
    let mut postings: HashMap<&str, Vec<u32>> = HashMap::new();
    for (k, f) in features.iter().enumerate() {
        for t in f.set.iter().filter(|t| t.distinctive) {
            if df.get(t.word.as_str()).is_none_or(|&d| d as usize <= cap) {
                postings.entry(t.word.as_str()).or_default().push(k as u32);
            }
        }
    }
    for list in postings.values().filter(|l| l.len() <= cap) {
        for (x, &i) in list.iter().enumerate() {
            pairs.extend(list[x + 1..].iter().map(|&j| (i.min(j), i.max(j))));
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs.retain(|(i, j)| i != j);
    pairs
}

/// A hash of the sorted `words` less the one at `skip`.
fn key_of(words: &[&str], skip: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (x, w) in words.iter().enumerate() {
        if x != skip {
            w.hash(&mut h);
        }
    }
    h.finish()
}

/// The distinct normalised texts and which one each record has.
pub struct Distinct {
    /// For each distinct text, its features and the records that have it (in input order).
    pub features: Vec<Features>,
    pub holders: Vec<Vec<usize>>,
    /// For each record, the index of its distinct text.
    pub text_of: Vec<usize>,
    /// In how many distinct texts each subject word appears.
    pub df: HashMap<String, u32>,
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
        // A text held by several records is read from the holder whose question sorts first:
        // chosen by content, so neither the records' order nor the files' names decide it.
        let mut first_of_text: HashMap<&str, usize> = HashMap::new();
        for (i, t) in texts.iter().enumerate() {
            let first = first_of_text.entry(t.as_str()).or_insert(i);
            if records[i].question < records[*first].question {
                *first = i;
            }
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
        for (k, &first) in firsts.iter().enumerate() {
            holders[k].push(first);
        }
        for (i, &k) in text_of.iter().enumerate() {
            if i != firsts[k] {
                holders[k].push(i);
            }
        }
        let features: Vec<Features> = firsts
            .par_iter()
            .map(|&i| Features::of(&records[i].question, corpus, lexicon))
            .collect();
        let mut df: HashMap<String, u32> = HashMap::new();
        for f in &features {
            for t in f.set.iter().filter(|t| t.distinctive) {
                match df.get_mut(t.word.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        df.insert(t.word.clone(), 1);
                    }
                }
            }
        }
        Distinct {
            features,
            holders,
            text_of,
            df,
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

    /// Candidate pairs, then the evidence of each (kept only from `flag` up): see [`candidates`].
    pub fn score_candidates(&mut self) {
        let features = &self.distinct.features;
        let pairs = candidates(features, &self.distinct.df);
        self.candidates = pairs.len();
        let params = self.params;
        let scored: Vec<((usize, usize), Evidence)> = pairs
            .par_iter()
            .filter_map(|&(i, j)| {
                let (i, j) = (i as usize, j as usize);
                let evidence = compare(&features[i], &features[j], &params.lexicon, &params.model);
                (evidence.score >= params.model.flag).then_some(((i, j), evidence))
            })
            .collect();
        self.scored = scored.into_iter().collect();
    }

    /// Joins records: same text, then merge pairs by falling score under the linkage check, then
    /// `same` decisions (whole clusters join). `different` decisions are never crossed.
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
            // Records of one text join, except two that a person said differ (a `different`
            // with a third record does not split them).
            for &h in &holders[1..] {
                let touched = kept_apart.contains(&h) || kept_apart.contains(&holders[0]);
                if !touched || !self.crosses_apart(holders[0], h) {
                    self.uf.union(holders[0], h);
                }
            }
        }
        // A substituted contrast (Flask / FastAPI) is never merged without a person's `same`.
        let mut edges: Vec<(usize, usize, f64)> = self
            .scored
            .iter()
            .filter(|(_, e)| e.score >= self.params.model.merge && e.contrast.is_none())
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
        // A person's `same` joins the two clusters as they stand: it only ever joins.
        for (&(i, j), d) in decided.iter().filter(|(_, d)| d.same) {
            if self.crosses_apart(i, j) {
                report.conflicting.push(d.line);
            } else {
                self.uf.union(i, j);
            }
        }
        report.applied -= report.conflicting.len();
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

    /// The evidence for two records (by their texts), `x` on side a.
    fn evidence(&self, x: usize, y: usize) -> Evidence {
        let (tx, ty) = (self.distinct.text_of[x], self.distinct.text_of[y]);
        match self.scored.get(&(tx.min(ty), tx.max(ty))) {
            Some(e) if tx <= ty => e.clone(),
            Some(e) => e.clone().flipped(),
            None => compare(
                &self.distinct.features[tx],
                &self.distinct.features[ty],
                &self.params.lexicon,
                &self.params.model,
            ),
        }
    }

    /// Two records may share a cluster unless the model is sure they differ (below half of
    /// `flag`) or a contrast divides them: a cluster of `Shallow vs Deep Copy` and `What is the
    /// difference between deepcopy() and copy()?` is one question asked two ways, a cluster of
    /// `X in Y` and `X in Z` is not.
    fn may_share(&self, x: usize, y: usize) -> bool {
        if self.distinct.text_of[x] == self.distinct.text_of[y] {
            return true;
        }
        let e = self.evidence(x, y);
        e.score >= self.params.model.flag / 2.0 && e.contrast.is_none()
    }

    /// The clusters, sorted by id; pending pairs attached to both their clusters.
    pub fn into_clustering(
        mut self,
        records: &[Record],
        decided: &BTreeMap<(usize, usize), &Decision>,
        decisions: DecisionReport,
    ) -> Clustering {
        let pending = self.pending(records, decided);
        let (roots, cluster_of) = self.roots(records);
        let position: HashMap<usize, usize> =
            roots.iter().enumerate().map(|(k, &r)| (r, k)).collect();
        let mut attached: Vec<Vec<Pair>> = vec![Vec::new(); roots.len()];
        for (i, j, e) in &pending {
            let p = pair(records, *i, *j, e.clone(), None);
            attached[cluster_of[*i]].push(p.clone());
            attached[cluster_of[*j]].push(p);
        }
        let flagged: BTreeSet<usize> = pending
            .iter()
            .flat_map(|(i, j, _)| [cluster_of[*i], cluster_of[*j]])
            .collect();
        let reviewed: BTreeSet<usize> = decided
            .keys()
            .flat_map(|&(i, j)| [cluster_of[i], cluster_of[j]])
            .collect();
        for (&(i, j), d) in decided {
            let decision = if d.same { "same" } else { "different" };
            let p = pair(records, i, j, self.evidence(i, j), Some(decision));
            attached[cluster_of[i]].push(p.clone());
            if cluster_of[j] != cluster_of[i] {
                attached[cluster_of[j]].push(p);
            }
        }
        let mut clusters = Vec::with_capacity(roots.len());
        for (k, &root) in roots.iter().enumerate() {
            let members = &self.uf.members[root];
            let status = if reviewed.contains(&k) {
                Status::Reviewed
            } else if flagged.contains(&k) {
                Status::Flagged
            } else if members.len() > 1 {
                Status::Merged
            } else {
                Status::Single
            };
            debug_assert_eq!(position[&root], k);
            let pairs = std::mem::take(&mut attached[k]);
            clusters.push(self.cluster(records, members, status, pairs));
        }
        let flagged_pairs = pending
            .into_iter()
            .map(|(i, j, e)| pair(records, i, j, e, None))
            .collect();
        Clustering {
            clusters,
            cluster_of,
            flagged: flagged_pairs,
            decisions,
            candidate_pairs: self.candidates,
        }
    }

    /// The pairs to ask a person about: scored pairs whose first holders sit in different
    /// clusters, undecided, smaller record first, most informative first, within each cluster's
    /// budget. The scored pairs are spent.
    fn pending(
        &mut self,
        records: &[Record],
        decided: &BTreeMap<(usize, usize), &Decision>,
    ) -> Vec<(usize, usize, Evidence)> {
        let mut pending: Vec<(usize, usize, Evidence)> = Vec::new();
        let scored: Vec<((usize, usize), Evidence)> = self.scored.drain().collect();
        for ((ti, tj), e) in scored {
            let (i, j) = (self.distinct.holders[ti][0], self.distinct.holders[tj][0]);
            if decided.contains_key(&(i.min(j), i.max(j))) || self.uf.find(i) == self.uf.find(j) {
                continue;
            }
            // The evidence reads text ti as side a: keep it on the side of its record.
            pending.push(if i < j {
                (i, j, e)
            } else {
                (j, i, e.flipped())
            });
        }
        // Most informative first: the pairs whose answer the model knows least.
        pending.sort_by(|a, b| {
            super::most_uncertain_first(
                (a.2.score, &records[a.0].id, &records[a.1].id),
                (b.2.score, &records[b.0].id, &records[b.1].id),
            )
        });
        // A budget per cluster: a family of look-alikes asks a person about its most uncertain
        // pairs, not about all of them.
        let mut asked: HashMap<usize, usize> = HashMap::new();
        pending.retain(|(i, j, _)| {
            let (ri, rj) = (self.uf.find(*i), self.uf.find(*j));
            let (ni, nj) = (
                asked.get(&ri).copied().unwrap_or(0),
                asked.get(&rj).copied().unwrap_or(0),
            );
            if ni >= FLAGS_PER_CLUSTER || nj >= FLAGS_PER_CLUSTER {
                return false;
            }
            asked.insert(ri, ni + 1);
            asked.insert(rj, nj + 1);
            true
        });
        pending
    }

    /// The root of each group in the order of the clusters (by their first member's id, members
    /// sorted by id), and the cluster of each record.
    fn roots(&mut self, records: &[Record]) -> (Vec<usize>, Vec<usize>) {
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
        let mut cluster_of = vec![0; records.len()];
        for (k, &root) in roots.iter().enumerate() {
            for &m in &self.uf.members[root] {
                cluster_of[m] = k;
            }
        }
        (roots, cluster_of)
    }

    /// One cluster of `members` (sorted by id): its most complete record as the canonical one,
    /// and as its score the lowest score between two texts of its first members.
    fn cluster(
        &self,
        records: &[Record],
        members: &[usize],
        status: Status,
        pairs: Vec<Pair>,
    ) -> Cluster {
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
        let ids: Vec<String> = members.iter().map(|&m| records[m].id.clone()).collect();
        Cluster {
            id: format!("c{}", &ids[0][1..]),
            canonical: records[canonical].id.clone(),
            members: ids,
            status,
            score: (score * 10_000.0).round() / 10_000.0,
            pairs,
        }
    }
}

/// The pair of records `i` and `j` as the output shows it, the one-sided words as their
/// questions write them.
fn pair(
    records: &[Record],
    i: usize,
    j: usize,
    mut evidence: Evidence,
    decision: Option<&str>,
) -> Pair {
    for (words, at) in [(&mut evidence.only_a, i), (&mut evidence.only_b, j)] {
        for w in words.iter_mut() {
            *w = super::score::surface(w, &records[at].question);
        }
    }
    Pair {
        a: records[i].id.clone(),
        b: records[j].id.clone(),
        evidence,
        decision: decision.map(str::to_string),
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
