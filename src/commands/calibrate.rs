//! `qclean calibrate`: fits the near-duplicate scorer on labelled pairs and writes
//! `schema/cluster-model.json`.
//!
//! The labelled pairs: the candidate pairs of the seed documents' records, labelled by the
//! hand-labelled duplicates (pairs the labeller judged); the candidate pairs of a generated
//! web-shaped set of questions, labelled by its groups; and every decision in the decisions file
//! (it overrides the labels of its pair). Each source weighs as much as the other in the fit. The
//! thresholds are the lowest merge probability whose merges are right at least 97.5% of the time on
//! each source, and the lowest flag probability that keeps the review load within its budget.

use super::Outcome;
use crate::error::{Error, Result};
use crate::fit::cluster::{fit, labelled_pairs, model_json, Sample};
use crate::stages::cluster::score::{Model, Signals};
use crate::synth::truth::{judged_groups, same_question};
use crate::synth::{web::Web, Rng};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// What to fit on.
pub struct Plan<'a> {
    /// The seed documents and their hand-labelled duplicates.
    pub seeds: &'a Path,
    pub labels: &'a Path,
    pub decisions: &'a Path,
    /// Questions in the generated web-shaped set, and its seed.
    pub web: usize,
    pub seed: u64,
    pub schema: &'a Path,
    pub out: &'a Path,
}

/// Precision the merge threshold must reach on each source: the target with headroom.
const MERGE_PRECISION: f64 =
    crate::fit::cluster::MERGE_PRECISION + crate::fit::cluster::FIT_HEADROOM;
/// Flagged pairs per record the flag threshold may cost on the generated set, and in all on the
/// seeds.
const FLAGS_PER_RECORD: f64 = 0.045;
const SEED_FLAGS: usize = 70;

pub fn run(plan: &Plan, err: &mut dyn Write) -> Result<Outcome> {
    let settings = super::run::load_settings(plan.schema)?;
    let params = &settings.cluster;
    let (sources, _) = super::run::read_sources(plan.seeds)?;
    let dataset = crate::pipeline::run(&sources, &settings, &[], &crate::pipeline::Silent)
        .map_err(|e| Error::InvalidRow {
            message: e.to_string(),
        })?;
    let seed_records = dataset.records;
    let labels = super::read_text(plan.labels)?;
    let questions: Vec<String> = seed_records.iter().map(|r| r.question.clone()).collect();
    let judged = judged_groups(&questions, &labels);
    let index: HashMap<&str, usize> = seed_records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut decided: HashMap<(usize, usize), bool> = HashMap::new();
    for d in super::decisions::read(plan.decisions)? {
        if let (Some(&i), Some(&j)) = (index.get(d.a.as_str()), index.get(d.b.as_str())) {
            decided.insert((i.min(j), i.max(j)), d.same);
        }
    }
    let seeds = labelled_pairs(&seed_records, params, |i, j| {
        decided
            .get(&(i.min(j), i.max(j)))
            .copied()
            .or_else(|| same_question(&judged[i], &judged[j]))
    });
    let mut web = Web::default();
    let mut rng = Rng::new(plan.seed);
    let drawn: Vec<_> = (0..plan.web).map(|_| web.draw(&mut rng)).collect();
    let groups: Vec<usize> = drawn.iter().map(|d| d.group).collect();
    let web_records: Vec<_> = drawn
        .into_iter()
        .enumerate()
        .map(|(i, d)| crate::synth::record(i, d.question, d.answer))
        .collect();
    let generated = labelled_pairs(&web_records, params, |i, j| Some(groups[i] == groups[j]));
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
    let model = |merge, flag| Model {
        bias,
        weights,
        merge,
        flag,
    };
    let probe = model(0.99, 0.5);
    let scored = |set: &[(Signals, bool)]| -> Vec<(f64, bool)> {
        set.iter()
            .map(|(s, same)| (probe.probability(s), *same))
            .collect()
    };
    let (seed_scores, web_scores) = (scored(&seeds), scored(&generated));
    let grid: Vec<f64> = (1..100).map(|k| k as f64 / 100.0).collect();
    let precision = |scores: &[(f64, bool)], t: f64| {
        let (right, all) = scores
            .iter()
            .filter(|(p, _)| *p >= t)
            .fold((0, 0), |(r, a), (_, same)| (r + *same as usize, a + 1));
        if all == 0 {
            1.0
        } else {
            right as f64 / all as f64
        }
    };
    let merge = grid
        .iter()
        .copied()
        .find(|&t| {
            precision(&seed_scores, t) >= MERGE_PRECISION
                && precision(&web_scores, t) >= MERGE_PRECISION
        })
        .unwrap_or(0.99);
    let band = |scores: &[(f64, bool)], t: f64| {
        scores.iter().filter(|(p, _)| *p >= t && *p < merge).count()
    };
    let flag = grid
        .iter()
        .copied()
        .filter(|&t| t <= merge)
        .find(|&t| {
            band(&web_scores, t) as f64 <= FLAGS_PER_RECORD * plan.web as f64
                && band(&seed_scores, t) <= SEED_FLAGS
        })
        .unwrap_or(merge);
    let recall = |scores: &[(f64, bool)], t: f64| {
        let positives = scores.iter().filter(|(_, s)| *s).count().max(1);
        scores.iter().filter(|(p, s)| *s && *p >= t).count() as f64 / positives as f64
    };
    let fitted_on = format!(
        "{} seed pairs ({} same) from {} records, {} generated pairs ({} same) from {} web-shaped questions (seed {}), {} decisions",
        seeds.len(),
        seeds.iter().filter(|p| p.1).count(),
        seed_records.len(),
        generated.len(),
        generated.iter().filter(|p| p.1).count(),
        plan.web,
        plan.seed,
        decided.len()
    );
    writeln!(err, "qclean: fitted on {fitted_on}").ok();
    for (name, scores) in [("seeds", &seed_scores), ("web", &web_scores)] {
        writeln!(
            err,
            "  {name}: merge >= {merge}: precision {:.3} recall {:.3}; flag >= {flag}: {} pairs to review, recall with them {:.3}",
            precision(scores, merge),
            recall(scores, merge),
            band(scores, flag),
            recall(scores, flag)
        )
        .ok();
    }
    writeln!(
        err,
        "  threshold  seeds precision/recall  web precision/recall"
    )
    .ok();
    for t in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] {
        writeln!(
            err,
            "  {t:>9.2}  {:>8.3} {:>6.3}            {:>8.3} {:>6.3}",
            precision(&seed_scores, t),
            recall(&seed_scores, t),
            precision(&web_scores, t),
            recall(&web_scores, t)
        )
        .ok();
    }
    let text = model_json(bias, &weights, merge, flag, &fitted_on);
    crate::output::write_file(plan.out, text.as_bytes())?;
    writeln!(err, "qclean: model -> {}", plan.out.display()).ok();
    Ok(Outcome::Clean)
}
