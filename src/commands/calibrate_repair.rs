//! `qclean calibrate-repair`: fits repair's plausibility model on correct text in many languages
//! and writes `schema/plausibility-model.json`; prints what repair does to the tune part and to
//! the held-out part, correct and damaged, with the rules alone and with the evidence.

use super::Outcome;
use crate::error::{Error, Result};
use crate::fit::plausibility::{fit, measure, read_corpus, Figures, Line};
use crate::stages::repair::plausibility::Model;
use std::io::Write;
use std::path::Path;

/// Fits on the corpus's tune part, writes the model to `out`, prints the figures to `err`.
pub fn run(corpus: &Path, out: &Path, err: &mut dyn Write) -> Result<Outcome> {
    let text = std::fs::read_to_string(corpus).map_err(|cause| Error::Read {
        path: corpus.to_path_buf(),
        cause,
    })?;
    let lines = read_corpus(&text).map_err(|message| Error::BadConfig {
        path: corpus.to_path_buf(),
        message,
    })?;
    let tune: Vec<&Line> = lines.iter().filter(|l| !l.held_out).collect();
    let held_out: Vec<&Line> = lines.iter().filter(|l| l.held_out).collect();
    let (file, tune_figures) = fit(
        &tune,
        &format!(
            "{} lines of correct text in {} languages ({})",
            tune.len(),
            languages(&tune),
            corpus.display()
        ),
    );
    let model = Model::from_file(&file).map_err(|message| Error::BadConfig {
        path: out.to_path_buf(),
        message,
    })?;
    let rules_alone = model.without_margins();
    let mut bytes = serde_json::to_vec_pretty(&file).expect("the model file serialises");
    bytes.push(b'\n');
    crate::output::write_file(out, &bytes)?;
    let write_err = |cause| Error::Write {
        path: "<stderr>".into(),
        cause,
    };
    writeln!(
        err,
        "margins: {} (a line misread as a whole), {} (a line with letters read as correct), {} (a script new to the document)\nwrote {}",
        file.margin,
        file.mixed_line_margin,
        file.new_script_margin,
        out.display()
    )
    .map_err(write_err)?;
    let parts = [
        ("tune", &tune, Some(tune_figures)),
        ("held-out", &held_out, None),
    ];
    for (name, part, known) in parts {
        let before = measure(part, &rules_alone);
        let after = known.unwrap_or_else(|| measure(part, &model));
        print_figures(name, part, &before, &after, err).map_err(write_err)?;
    }
    Ok(Outcome::Clean)
}

fn languages(lines: &[&Line]) -> usize {
    let mut names: Vec<&str> = lines.iter().map(|l| l.language.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

fn print_figures(
    name: &str,
    lines: &[&Line],
    before: &Figures,
    after: &Figures,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        err,
        "\n{name}: {} lines, {} languages, {} scripts",
        lines.len(),
        languages(lines),
        after.correct.len()
    )?;
    writeln!(
        err,
        "  correct lines changed beyond the declared normalisations: {} with the rules alone, {} with the evidence",
        before.harmed(),
        after.harmed()
    )?;
    for (script, (total, harmed)) in &after.correct {
        let was = before.correct.get(script).map_or(0, |v| v.1);
        if *harmed > 0 || was > 0 {
            writeln!(err, "    {script}: {was} -> {harmed} of {total}")?;
        }
    }
    writeln!(
        err,
        "  damaged lines restored exactly (rules alone -> with the evidence):"
    )?;
    for (damage, (total, restored)) in &after.damaged {
        let was = before.damaged.get(damage).map_or(0, |v| v.1);
        writeln!(
            err,
            "    {damage:<16} {:.3} -> {:.3} of {total}",
            was as f64 / *total as f64,
            *restored as f64 / *total as f64
        )?;
    }
    writeln!(
        err,
        "    all              {:.3} -> {:.3}",
        before.restored() as f64 / before.damaged_lines().max(1) as f64,
        after.restored() as f64 / after.damaged_lines().max(1) as f64
    )
}
