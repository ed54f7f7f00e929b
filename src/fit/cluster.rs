//! Fitting the scorer: labelled pairs in, the model's weights and thresholds out.
//!
//! The pairs are the candidate pairs the cluster stage itself would compare (so the model learns
//! the pairs it will meet), each labelled same or different by a truth: the hand-labelled seed
//! duplicates, a generated corpus's groups, a reviewer's decisions. The fit is an L2-regularised
//! logistic regression by Newton's method: nine numbers, a few dozen steps, the same result on
//! every machine.
//!
//! [`calibrate`] is the whole fit as `qclean calibrate` runs it. The labelled pairs: the candidate
//! pairs of the seed documents' records, labelled by the hand-labelled duplicates (pairs the
//! labeller judged); the candidate pairs of a generated web-shaped set of questions, labelled by
//! its groups; and every decision in the decisions file (it overrides the labels of its pair).
//! Each source weighs as much as the other in the fit. The thresholds are the lowest merge
//! probability whose merges are right at least 97.5% of the time on each source, and the lowest
//! flag probability that keeps the review load within its budget.

use crate::model::Record;
use crate::stages::cluster::features::Corpus;
use crate::stages::cluster::linkage::{candidates, Distinct};
use crate::stages::cluster::score::{signals, Model, Signals, SIGNALS};
use crate::stages::cluster::{ClusterParams, Decision};
pub use crate::stages::cluster::{MERGE_OR_FLAG_RECALL, MERGE_PRECISION, SEED_FLAGGED_PAIRS};
use crate::synth::truth::{judged_groups, same_question};
use crate::synth::{web::Web, Rng};
use rayon::prelude::*;
use std::collections::HashMap;

/// How far above the precision target the fitted merge threshold aims, so that the figure holds
/// on a refit.
pub const FIT_HEADROOM: f64 = 0.005;

/// Precision the merge threshold must reach on each source: the target with headroom.
const MERGE_AIM: f64 = MERGE_PRECISION + FIT_HEADROOM;
/// Flagged pairs per record the flag threshold may cost on the generated set, and in all on the
/// seeds.
const FLAGS_PER_RECORD: f64 = 0.045;
const SEED_FLAGS: usize = 70;

/// One labelled pair.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub signals: Signals,
    pub same: bool,
    /// How much the pair counts in the fit (sources are weighed so that each counts alike).
    pub weight: f64,
}

/// The candidate pairs of `records` that `label` knows, with their signals: `label(i, j)` says
/// whether records `i` and `j` ask the same thing, or `None`. Pairs of one text are left out
/// (they join without a score).
pub fn labelled_pairs(
    records: &[Record],
    params: &ClusterParams,
    label: impl Fn(usize, usize) -> Option<bool> + Sync,
) -> Vec<(Signals, bool)> {
    let corpus = Corpus::build(records.iter().map(|r| r.question.as_str()), &params.lexicon);
    let distinct = Distinct::of(records, &corpus, &params.lexicon);
    let pairs = candidates(&distinct.features, &distinct.df);
    pairs
        .par_iter()
        .filter_map(|&(ti, tj)| {
            let (ti, tj) = (ti as usize, tj as usize);
            let same = label(distinct.holders[ti][0], distinct.holders[tj][0])?;
            let (a, b) = (&distinct.features[ti], &distinct.features[tj]);
            let (s, ..) = signals(a, b, a.cosine(b), &params.lexicon);
            Some((s, same))
        })
        .collect()
}

/// Logistic regression with an L2 penalty `l2` on the weights (not the bias): the bias and one
/// weight per signal.
pub fn fit(samples: &[Sample], l2: f64) -> (f64, [f64; 11]) {
    const K: usize = 12;
    let row = |s: &Sample| {
        let mut x = [1.0; K];
        x[1..].copy_from_slice(&s.signals.values());
        x
    };
    let mut beta = [0.0f64; K];
    for _ in 0..50 {
        let mut gradient = [0.0f64; K];
        let mut hessian = [[0.0f64; K]; K];
        for s in samples {
            let x = row(s);
            let z: f64 = x.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = s.same as u8 as f64;
            for a in 0..K {
                gradient[a] += s.weight * (p - y) * x[a];
                for b in 0..K {
                    hessian[a][b] += s.weight * p * (1.0 - p) * x[a] * x[b];
                }
            }
        }
        for a in 1..K {
            gradient[a] += l2 * beta[a];
            hessian[a][a] += l2;
        }
        hessian[0][0] += 1e-9;
        let step = solve(hessian, gradient);
        let mut largest = 0.0f64;
        for a in 0..K {
            beta[a] -= step[a];
            largest = largest.max(step[a].abs());
        }
        if largest < 1e-9 {
            break;
        }
    }
    let mut weights = [0.0; 11];
    weights.copy_from_slice(&beta[1..]);
    (beta[0], weights)
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting (a is small and positive
/// definite here).
#[allow(clippy::needless_range_loop)] // elimination reads best with indices
pub(crate) fn solve<const K: usize>(mut a: [[f64; K]; K], mut b: [f64; K]) -> [f64; K] {
    for col in 0..K {
        let pivot = (col..K)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .expect("a column has rows");
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-300 {
            continue;
        }
        for r in col + 1..K {
            let f = a[r][col] / d;
            for c in col..K {
                a[r][c] -= f * a[col][c];
            }
            b[r] -= f * b[col];
        }
    }
    let mut x = [0.0; K];
    for r in (0..K).rev() {
        let rest: f64 = (r + 1..K).map(|c| a[r][c] * x[c]).sum();
        x[r] = if a[r][r].abs() < 1e-300 {
            0.0
        } else {
            (b[r] - rest) / a[r][r]
        };
    }
    x
}

/// The model file (`schema/cluster-model.json`) for these weights and thresholds, with a note of
/// what they were fitted on.
pub fn model_json(
    bias: f64,
    weights: &[f64; 11],
    merge: f64,
    flag: f64,
    fitted_on: &str,
) -> String {
    let round = |x: f64| (x * 1e4).round() / 1e4;
    let mut w = serde_json::Map::new();
    for (name, x) in SIGNALS.iter().zip(weights) {
        w.insert(name.to_string(), round(*x).into());
    }
    let value = serde_json::json!({
        "about": "The near-duplicate scorer: a logistic model over the similarity signals of a pair of questions (see src/stages/cluster/score.rs). probability = 1 / (1 + exp(-(bias + sum of weight * signal))). Pairs at or above 'merge' join; pairs from 'flag' up to 'merge' go to review. Written by `qclean calibrate`.",
        "fitted_on": fitted_on,
        "bias": round(bias),
        "weights": w,
        "merge": merge,
        "flag": flag,
    });
    serde_json::to_string_pretty(&value).expect("a model serialises") + "\n"
}

/// What the scorer is fitted on.
pub struct Truth<'a> {
    /// The seed documents' records, the text of their hand-labelled duplicates, and the
    /// reviewers' decisions.
    pub seed_records: &'a [Record],
    pub labels: &'a str,
    pub decisions: &'a [Decision],
    /// Questions in the generated web-shaped set, and its seed.
    pub web: usize,
    pub seed: u64,
}

/// The fitted scorer, and how it scores each source's labelled pairs.
pub struct Calibration {
    pub bias: f64,
    pub weights: [f64; 11],
    pub merge: f64,
    pub flag: f64,
    /// What it was fitted on, in words.
    pub fitted_on: String,
    /// The probability the scorer gives each labelled pair, and its label: of the seeds, of the
    /// generated set.
    pub seeds: Vec<(f64, bool)>,
    pub web: Vec<(f64, bool)>,
}

impl Calibration {
    /// The model file (`schema/cluster-model.json`).
    pub fn model_json(&self) -> String {
        model_json(
            self.bias,
            &self.weights,
            self.merge,
            self.flag,
            &self.fitted_on,
        )
    }
}

/// Fits the scorer on the labelled pairs of the seeds and of a generated set, each source
/// weighing alike, and sets its thresholds.
pub fn calibrate(truth: &Truth, params: &ClusterParams) -> Calibration {
    let (seeds, decided) = seed_pairs(truth, params);
    let generated = web_pairs(truth.web, truth.seed, params);
    let mut samples = Vec::new();
    for (set, total) in [(&seeds, 10_000.0), (&generated, 10_000.0)] {
        let weight = total / set.len().max(1) as f64;
        samples.extend(set.iter().map(|&(signals, same)| Sample {
            signals,
            same,
            weight,
        }));
    }
    let (bias, weights) = fit(&samples, 1.0);
    let probe = Model {
        bias,
        weights,
        merge: 0.99,
        flag: 0.5,
    };
    let scored = |set: &[(Signals, bool)]| -> Vec<(f64, bool)> {
        set.iter()
            .map(|(s, same)| (probe.probability(s), *same))
            .collect()
    };
    let (seed_scores, web_scores) = (scored(&seeds), scored(&generated));
    let merge = grid()
        .find(|&t| {
            precision(&seed_scores, t) >= MERGE_AIM && precision(&web_scores, t) >= MERGE_AIM
        })
        .unwrap_or(0.99);
    let flag = grid()
        .filter(|&t| t <= merge)
        .find(|&t| {
            band(&web_scores, t, merge) as f64 <= FLAGS_PER_RECORD * truth.web as f64
                && band(&seed_scores, t, merge) <= SEED_FLAGS
        })
        .unwrap_or(merge);
    let fitted_on = format!(
        "{} seed pairs ({} same) from {} records, {} generated pairs ({} same) from {} web-shaped questions (seed {}), {} decisions",
        seeds.len(),
        seeds.iter().filter(|p| p.1).count(),
        truth.seed_records.len(),
        generated.len(),
        generated.iter().filter(|p| p.1).count(),
        truth.web,
        truth.seed,
        decided
    );
    Calibration {
        bias,
        weights,
        merge,
        flag,
        fitted_on,
        seeds: seed_scores,
        web: web_scores,
    }
}

/// The labelled candidate pairs of the seed records: a reviewer's decision labels its pair, else
/// the hand-labelled duplicates do (the pairs the labeller judged). Also how many pairs of the
/// records the decisions label.
fn seed_pairs(truth: &Truth, params: &ClusterParams) -> (Vec<(Signals, bool)>, usize) {
    let records = truth.seed_records;
    let questions: Vec<String> = records.iter().map(|r| r.question.clone()).collect();
    let judged = judged_groups(&questions, truth.labels);
    let index: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut decided: HashMap<(usize, usize), bool> = HashMap::new();
    for d in truth.decisions {
        if let (Some(&i), Some(&j)) = (index.get(d.a.as_str()), index.get(d.b.as_str())) {
            decided.insert((i.min(j), i.max(j)), d.same);
        }
    }
    let pairs = labelled_pairs(records, params, |i, j| {
        decided
            .get(&(i.min(j), i.max(j)))
            .copied()
            .or_else(|| same_question(&judged[i], &judged[j]))
    });
    (pairs, decided.len())
}

/// The labelled candidate pairs of `n` generated web-shaped questions (from `seed`), labelled
/// by their groups.
fn web_pairs(n: usize, seed: u64, params: &ClusterParams) -> Vec<(Signals, bool)> {
    let mut web = Web::default();
    let mut rng = Rng::new(seed);
    let drawn: Vec<_> = (0..n).map(|_| web.draw(&mut rng)).collect();
    let groups: Vec<usize> = drawn.iter().map(|d| d.group).collect();
    let records: Vec<_> = drawn
        .into_iter()
        .enumerate()
        .map(|(i, d)| crate::synth::record(i, d.question, d.answer))
        .collect();
    labelled_pairs(&records, params, |i, j| Some(groups[i] == groups[j]))
}

/// The thresholds tried, lowest first: 0.01 to 0.99.
fn grid() -> impl Iterator<Item = f64> {
    (1..100).map(|k| k as f64 / 100.0)
}

/// Share of the pairs scored from `t` up that are the same question (1 when there are none).
pub fn precision(scores: &[(f64, bool)], t: f64) -> f64 {
    let (right, all) = scores
        .iter()
        .filter(|(p, _)| *p >= t)
        .fold((0, 0), |(r, a), (_, same)| (r + *same as usize, a + 1));
    if all == 0 {
        1.0
    } else {
        right as f64 / all as f64
    }
}

/// Share of the pairs that are the same question scored from `t` up.
pub fn recall(scores: &[(f64, bool)], t: f64) -> f64 {
    let positives = scores.iter().filter(|(_, s)| *s).count().max(1);
    scores.iter().filter(|(p, s)| *s && *p >= t).count() as f64 / positives as f64
}

/// The pairs scored from `t` up to `merge`: those a person is asked about.
pub fn band(scores: &[(f64, bool)], t: f64, merge: f64) -> usize {
    scores.iter().filter(|(p, _)| *p >= t && *p < merge).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(cosine: f64, substitution: f64, same: bool) -> Sample {
        Sample {
            signals: Signals {
                same_subject: (substitution == 0.0) as u8 as f64,
                clause_subject: 0.0,
                relation_swap: 0.0,
                cosine,
                content_overlap: cosine,
                content_containment: cosine,
                substitution,
                extra: 0.0,
                frame_change: 0.0,
                contrast: 0.0,
                jaro_winkler: cosine,
            },
            same,
            weight: 1.0,
        }
    }

    #[test]
    fn the_fit_learns_which_signal_says_different() {
        // Rewordings: high cosine, no substitution. Look-alikes: as high a cosine, a swapped word.
        let mut samples = Vec::new();
        for k in 0..50 {
            let c = 0.7 + 0.006 * k as f64;
            samples.push(sample(c, 0.0, true));
            samples.push(sample(c, 0.6, false));
            samples.push(sample(c - 0.5, 0.0, false));
        }
        let (bias, weights) = fit(&samples, 0.1);
        let p = |s: &Sample| {
            let z = bias
                + weights
                    .iter()
                    .zip(s.signals.values())
                    .map(|(w, x)| w * x)
                    .sum::<f64>();
            1.0 / (1.0 + (-z).exp())
        };
        assert!(
            weights[6] < -1.0,
            "substitution weighs against: {weights:?}"
        );
        assert!(p(&sample(0.9, 0.0, true)) > 0.8);
        assert!(p(&sample(0.9, 0.6, false)) < 0.2);
        assert!(p(&sample(0.3, 0.0, false)) < 0.2);
    }
}
