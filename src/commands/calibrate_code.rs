//! `qclean calibrate-code`: learns where the statements of flat Python go from real, indented
//! Python, and writes `schema/indent-model.json` (compiled into the code stage).
//!
//! Every `.py` file under the given folders is cut into its definitions and methods, and each is
//! replayed as if its indentation were lost: at every statement the choices the layout leaves, and
//! the one its author made. Test folders, installed packages, and the modules the held-out set comes
//! from are left out, so the held-out figure is one the fit never saw.

use super::Outcome;
use crate::error::{Error, Result};
use crate::stages::code::layout::{Model, ModelFile, Objective, FEATURES};
use crate::stages::code::learn;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Plan<'a> {
    /// Folders of Python source.
    pub from: &'a [PathBuf],
    /// The held-out snippets (`### module.function` headers); their modules are not fitted on.
    pub hold_out: &'a Path,
    pub out: &'a Path,
}

const L2: f64 = 1.0;
const ROUNDS: usize = 12;
const EPOCHS: usize = 8;
const UNBOUND_COSTS: [f64; 5] = [0.0, 0.5, 1.0, 2.0, 4.0];
const MIXES: [f64; 5] = [0.0, 2.0, 5.0, 10.0, 20.0];
/// Decisions a signature must be met in to get a weight of its own.
const MIN_COUNT: usize = 20;

pub fn run(plan: &Plan, err: &mut dyn Write) -> Result<Outcome> {
    let held = super::read_text(plan.hold_out)?;
    let modules: BTreeSet<&str> = held
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .filter_map(|name| name.split('.').next())
        .collect();
    let mut files = Vec::new();
    for dir in plan.from {
        python_files(dir, &mut files)?;
    }
    files.sort();
    files.retain(|f| {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        !modules.contains(stem)
    });
    let (mut fitting, mut checking) = (Vec::new(), Vec::new());
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for unit in learn::units(&text) {
            // Every tenth definition checks the fit instead of feeding it.
            if (fitting.len() + checking.len() + 1) % 10 == 0 {
                checking.push(unit);
            } else {
                fitting.push(unit);
            }
        }
    }
    let decisions: Vec<learn::Decision> =
        fitting.iter().flat_map(|u| learn::decisions(u)).collect();
    if decisions.is_empty() {
        return Err(Error::BadConfig {
            path: plan.from.first().cloned().unwrap_or_default(),
            message: "no Python definitions to learn from".into(),
        });
    }
    let choice = learn::fit(&decisions, L2, ROUNDS);
    let _ = writeln!(
        err,
        "{} files, {} definitions to fit on, {} choices; the choice model picks the author's in {:.3} of them",
        files.len(),
        fitting.len(),
        decisions.len(),
        learn::accuracy(&decisions, &choice),
    );
    // The cost of a read of a name only a closed block may have bound: the one the checking
    // definitions like best.
    let mut choice_model = Model {
        dense: choice,
        sparse: Default::default(),
        unbound_read: 0.0,
        path: false,
        choice: None,
    };
    // What the figures are about: definitions with a block inside a block.
    let nested: Vec<String> = checking.iter().filter(|u| nested(u)).cloned().collect();
    let (choice_nested, cost) = choose(
        &UNBOUND_COSTS,
        "choice model, unbound read cost",
        err,
        |cost| {
            choice_model.unbound_read = cost;
            same_share(&nested, &choice_model)
        },
    );
    choice_model.unbound_read = cost;
    let mut path_model = learn::perceptron(&fitting, &choice, EPOCHS, MIN_COUNT);
    // The path model with the choice model's costs mixed in, in the share the nested checking
    // definitions like best (0: the path model alone).
    let with_mix = |mix: f64| (mix > 0.0).then_some((choice, mix));
    let (path_nested, mix) = choose(&MIXES, "path model, choice cost mixed in x", err, |mix| {
        path_model.choice = with_mix(mix);
        same_share(&nested, &path_model)
    });
    path_model.choice = with_mix(mix);
    let held_out: Vec<String> = learn::snippets(&held)
        .into_iter()
        .map(|(_, code)| code)
        .collect();
    let figures = [
        choice_nested,
        path_nested,
        same_share(&checking, &choice_model),
        same_share(&checking, &path_model),
        same_share(&held_out, &choice_model),
        same_share(&held_out, &path_model),
    ];
    let _ = writeln!(
        err,
        "same program back from flat, choice model / path model: {:.3} / {:.3} of {} nested checking definitions, {:.3} / {:.3} of all {}; {:.3} / {:.3} of {} held-out snippets",
        figures[0],
        figures[1],
        nested.len(),
        figures[2],
        figures[3],
        checking.len(),
        figures[4],
        figures[5],
        held_out.len()
    );
    // The nested checking definitions choose; the held-out snippets only report.
    let (model, objective, checked, held_figure) = if figures[1] >= figures[0] {
        (&path_model, Objective::Path, figures[1], figures[5])
    } else {
        (&choice_model, Objective::Choice, figures[0], figures[4])
    };
    let round = |x: f64| (x * 1e3).round() / 1e3;
    let file = ModelFile {
        about: "Where a statement of flat Python goes: weights over the choices the layout leaves (see src/stages/code/layout.rs). Written by `qclean calibrate-code`; compiled into the code stage.".into(),
        fitted_on: format!(
            "{} definitions from {} files of {}, less tests and the modules of {}; {checked:.3} of {} other definitions with nested blocks and {held_figure:.3} of the {} held-out snippets come back as the same program",
            fitting.len(),
            files.len(),
            plan.from.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
            plan.hold_out.display(),
            nested.len(),
            held_out.len(),
        ),
        objective,
        weights: FEATURES
            .iter()
            .zip(&model.dense)
            .map(|(n, w)| (n.to_string(), round(*w)))
            .collect(),
        sparse: model
            .sparse
            .iter()
            .map(|(k, w)| (k.clone(), round(*w)))
            .filter(|(_, w)| *w != 0.0)
            .collect(),
        unbound_read: round(model.unbound_read),
        choice_weights: model
            .choice
            .iter()
            .flat_map(|(w, _)| FEATURES.iter().zip(w).map(|(n, x)| (n.to_string(), round(*x))))
            .collect(),
        mix: model.choice.map_or(0.0, |(_, mix)| mix),
    };
    let text = serde_json::to_string_pretty(&file).expect("a model serialises") + "\n";
    crate::output::write_file(plan.out, text.as_bytes())?;
    let _ = writeln!(
        err,
        "wrote {} ({objective:?} model, {} sparse keys); rebuild to use it",
        plan.out.display(),
        file.sparse.len()
    );
    Ok(Outcome::Clean)
}

/// The value of `values` whose share is highest (the first of equals), with that share; each
/// share printed on `err` after `label`.
fn choose(
    values: &[f64],
    label: &str,
    err: &mut dyn Write,
    mut share: impl FnMut(f64) -> f64,
) -> (f64, f64) {
    let mut best = (f64::MIN, 0.0);
    for &value in values {
        let s = share(value);
        let _ = writeln!(
            err,
            "  {label} {value}: {s:.3} of the nested checking definitions"
        );
        if s > best.0 {
            best = (s, value);
        }
    }
    best
}

/// Whether indented code has a block inside a block (a statement two levels below its
/// definition).
fn nested(code: &str) -> bool {
    code.lines().any(|l| {
        let body = l.trim_start();
        !body.is_empty() && !body.starts_with('#') && l.len() - body.len() >= 8
    })
}

/// Share of indented definitions that come back with the same syntax tree from flat.
fn same_share(units: &[String], model: &Model) -> f64 {
    use crate::stages::code::{indent, python};
    let mut same = 0;
    let mut n = 0;
    for code in units {
        let Some(tree) = python::syntax_tree(code) else {
            continue;
        };
        let flat = learn::flatten(code);
        if python::parses(&flat) {
            continue;
        }
        n += 1;
        let (restored, _) = indent::restore_with(&flat, model);
        if python::syntax_tree(&restored).as_ref() == Some(&tree) {
            same += 1;
        }
    }
    same as f64 / n.max(1) as f64
}

fn python_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|cause| Error::Read {
        path: dir.to_path_buf(),
        cause,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !matches!(
                name.as_ref(),
                "test" | "tests" | "site-packages" | "dist-packages" | "__pycache__"
            ) && !name.starts_with("idle_test")
            {
                python_files(&path, out)?;
            }
        } else if name.ends_with(".py") {
            out.push(path);
        }
    }
    Ok(())
}
