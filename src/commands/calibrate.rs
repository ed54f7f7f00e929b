//! `qclean calibrate`: fits the near-duplicate scorer on labelled pairs (the seed documents'
//! records, a generated web-shaped set, the reviewers' decisions: see [`crate::fit::cluster`]),
//! writes `schema/cluster-model.json` and prints what its thresholds do.

use super::Outcome;
use crate::error::{Error, Result};
use crate::fit::cluster::{band, calibrate, precision, recall, Calibration, Truth};
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

pub fn run(plan: &Plan, err: &mut dyn Write) -> Result<Outcome> {
    let settings = super::run::load_settings(plan.schema)?;
    let (sources, _) = super::run::read_sources(plan.seeds)?;
    let dataset = crate::pipeline::run(&sources, &settings, &[], &crate::pipeline::Silent)
        .map_err(|e| Error::InvalidRow {
            message: e.to_string(),
        })?;
    let labels = super::read_text(plan.labels)?;
    let decisions = super::decisions::read(plan.decisions)?;
    let truth = Truth {
        seed_records: &dataset.records,
        labels: &labels,
        decisions: &decisions,
        web: plan.web,
        seed: plan.seed,
    };
    let fitted = calibrate(&truth, &settings.cluster);
    report(&fitted, err);
    crate::output::write_file(plan.out, fitted.model_json().as_bytes())?;
    writeln!(err, "qclean: model -> {}", plan.out.display()).ok();
    Ok(Outcome::Clean)
}

/// What the scorer was fitted on, what its thresholds do on each source, and precision and
/// recall at a few other thresholds.
fn report(fitted: &Calibration, err: &mut dyn Write) {
    let (merge, flag) = (fitted.merge, fitted.flag);
    writeln!(err, "qclean: fitted on {}", fitted.fitted_on).ok();
    for (name, scores) in [("seeds", &fitted.seeds), ("web", &fitted.web)] {
        writeln!(
            err,
            "  {name}: merge >= {merge}: precision {:.3} recall {:.3}; flag >= {flag}: {} pairs to review, recall with them {:.3}",
            precision(scores, merge),
            recall(scores, merge),
            band(scores, flag, merge),
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
            precision(&fitted.seeds, t),
            recall(&fitted.seeds, t),
            precision(&fitted.web, t),
            recall(&fitted.web, t)
        )
        .ok();
    }
}
