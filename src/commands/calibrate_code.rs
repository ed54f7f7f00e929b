//! `qclean calibrate-code`: learns where the statements of flat Python go from real, indented
//! Python, and writes `schema/indent-model.json` (read with the other settings, `src/settings.rs`).
//!
//! Every `.py` file under the given folders is cut into its definitions and methods, and each is
//! replayed as if its indentation were lost: at every statement the choices the layout leaves, and
//! the one its author made. Test folders, installed packages, and the modules the held-out set comes
//! from are left out, so the held-out figure is one the fit never saw.

use super::Outcome;
use crate::error::{Error, Result};
use crate::fit::layout as learn;
use crate::stages::code::layout::{Model, ModelFile, Objective, FEATURES, NP, PATH_COUNTS};
use crate::stages::code::{indent, python};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Plan<'a> {
    /// Folders of Python source.
    pub from: &'a [PathBuf],
    /// The held-out snippets (`### module.function` headers); their modules are not fitted on.
    pub hold_out: &'a Path,
    pub out: &'a Path,
    /// Write the held-out functions (see [`held_out_functions`]) there and stop.
    pub write_held_out: Option<&'a Path>,
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
    let held_functions = held_out_functions(&files, &plan.from[0], &modules);
    if let Some(path) = plan.write_held_out {
        let mut text = String::from(HELD_OUT_HEADER);
        for (name, code) in &held_functions {
            text.push_str(&format!("### {name}\n{code}"));
            if !code.ends_with('\n') {
                text.push('\n');
            }
        }
        crate::output::write_file(path, text.as_bytes())?;
        let _ = writeln!(
            err,
            "wrote {} functions with nested blocks of {} held-out modules to {}",
            held_functions.len(),
            modules.len(),
            path.display()
        );
        return Ok(Outcome::Clean);
    }
    files.retain(|f| {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        !modules.contains(stem)
    });
    // The first `def` line of each held-out snippet.
    let mut held_defs: BTreeSet<&str> = BTreeSet::new();
    let mut after_header = false;
    for line in held.lines() {
        if line.starts_with("### ") {
            after_header = true;
        } else if after_header && line.trim_start().starts_with("def ") {
            held_defs.insert(line.trim());
            after_header = false;
        }
    }
    let (mut fitting, mut checking) = (Vec::new(), Vec::new());
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for unit in learn::fitting_units(&text) {
            // A copy of a held-out function elsewhere (a vendored or backported module) is the
            // held-out function.
            if unit.lines().any(|l| held_defs.contains(l.trim())) {
                continue;
            }
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
        path_costs: [0.0; NP],
        path: false,
        choice: None,
        cache_key: 0,
    };
    // What the figures are about: definitions with a block inside a block.
    let nested: Vec<String> = checking.iter().filter(|u| nested(u)).cloned().collect();
    let (choice_nested, cost) = choose(
        &UNBOUND_COSTS,
        "choice model, unbound read cost",
        err,
        |cost| {
            choice_model.path_costs = [cost; NP];
            same_share(&nested, &choice_model)
        },
    );
    choice_model.path_costs = [cost; NP];
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
    let functions: Vec<String> = held_functions.into_iter().map(|(_, code)| code).collect();
    let (functions_path, missed) = misses(&functions, &path_model);
    let figures = [
        choice_nested,
        path_nested,
        same_share(&checking, &choice_model),
        same_share(&checking, &path_model),
        same_share(&held_out, &choice_model),
        same_share(&held_out, &path_model),
        same_share(&functions, &choice_model),
        functions_path,
    ];
    let _ = writeln!(
        err,
        "same program back from flat, choice model / path model: {:.3} / {:.3} of {} nested checking definitions, {:.3} / {:.3} of all {}; {:.3} / {:.3} of {} held-out snippets; {:.3} / {:.3} of {} functions of their modules",
        figures[0],
        figures[1],
        nested.len(),
        figures[2],
        figures[3],
        checking.len(),
        figures[4],
        figures[5],
        held_out.len(),
        figures[6],
        figures[7],
        functions.len()
    );
    // Where the path model goes wrong on the held-out functions: a layout it prefers to the
    // author's (the model), or the author's cheaper but lost from the beam (the search).
    let search = missed
        .iter()
        .filter(|(code, restored)| {
            match (
                learn::layout_cost(code, &path_model),
                learn::layout_cost(restored, &path_model),
            ) {
                (Some(author), Some(found)) => author < found,
                _ => false,
            }
        })
        .count();
    let _ = writeln!(
        err,
        "of the {} held-out functions the path model lays out otherwise, the search lost the author's cheaper layout in {search}",
        missed.len()
    );
    // The nested checking definitions choose; the held-out snippets only report.
    let (model, objective, checked, held_figure) = if figures[1] >= figures[0] {
        (&path_model, Objective::Path, figures[1], figures[5])
    } else {
        (&choice_model, Objective::Choice, figures[0], figures[4])
    };
    let file = ModelFile {
        about: "Where a statement of flat Python goes: weights over the choices the layout leaves (see src/stages/code/layout/). Written by `qclean calibrate-code`; read with the other settings (src/settings.rs).".into(),
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
        weights: named(FEATURES, &model.dense),
        sparse: model
            .sparse
            .iter()
            .map(|(k, w)| (k.clone(), (w * 1e3).round() / 1e3))
            .filter(|(_, w)| *w != 0.0)
            .collect(),
        path_costs: named(&PATH_COUNTS, &model.path_costs),
        choice_weights: model
            .choice
            .map(|(w, _)| named(FEATURES, &w))
            .unwrap_or_default(),
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

const HELD_OUT_HEADER: &str =
    "# Every function and method with a nested block in the modules of stdlib-snippets.py.txt, as
# `qclean calibrate-code /usr/lib/python3.11 --write-held-out FILE` cuts them from Python 3.11's
# standard library (Lib/), docstrings and comments as written, leaving out the ones whose
# indentation stripped still parses; (c) Python Software Foundation, under the PSF License
# Agreement in LICENSE-PSF.txt. The fit never sees these modules. Each function starts with a
# line '### module.function'.
";

/// Every function and method with a nested block (a statement two levels in) in the held-out
/// modules directly in `first` (the standard library), named `module.function`: definitions as
/// [`learn::units`] cuts them, not whole classes, that parse, and that do not parse flat.
fn held_out_functions(
    files: &[PathBuf],
    first: &Path,
    modules: &BTreeSet<&str>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in files {
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if file.parent() != Some(first) || !modules.contains(stem) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for unit in learn::units(&text) {
            let head = unit
                .lines()
                .map(str::trim_start)
                .find(|l| !l.starts_with('@') && !l.starts_with('#') && !l.is_empty())
                .unwrap_or("");
            let head = head.strip_prefix("async ").unwrap_or(head);
            let Some(name) = head.strip_prefix("def ") else {
                continue;
            };
            let name = name.split(['(', ':']).next().unwrap_or("").trim();
            // (A line that reads as a snippet's header cannot be written.)
            if nested(&unit)
                && !unit.lines().any(|l| l.starts_with("### "))
                && python::syntax_tree(&unit).is_some()
                && !python::parses(&learn::flatten(&unit))
            {
                out.push((format!("{stem}.{name}"), unit));
            }
        }
    }
    out
}

/// Each value under its name, to three decimals.
fn named(names: &[&str], values: &[f64]) -> BTreeMap<String, f64> {
    names
        .iter()
        .zip(values)
        .map(|(n, v)| (n.to_string(), (v * 1e3).round() / 1e3))
        .collect()
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
    misses(units, model).0
}

/// Share of indented definitions that come back with the same syntax tree from flat, and the
/// others, each with what came back.
fn misses<'a>(units: &'a [String], model: &Model) -> (f64, Vec<(&'a str, String)>) {
    let mut missed = Vec::new();
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
        if python::syntax_tree(&restored).as_ref() != Some(&tree) {
            missed.push((code.as_str(), restored));
        }
    }
    let share = (n - missed.len()) as f64 / n.max(1) as f64;
    (share, missed)
}

fn python_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    // Tests, installed packages and caches are not the library's own code.
    let walk = walkdir::WalkDir::new(dir).into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        !e.file_type().is_dir()
            || e.depth() == 0
            || !(matches!(
                name.as_ref(),
                "test" | "tests" | "site-packages" | "dist-packages" | "__pycache__"
            ) || name.starts_with("idle_test"))
    });
    for entry in walk {
        let entry = entry.map_err(|e| Error::Read {
            path: e.path().unwrap_or(dir).to_path_buf(),
            cause: e.into(),
        })?;
        if !entry.file_type().is_dir() && entry.file_name().to_string_lossy().ends_with(".py") {
            out.push(entry.into_path());
        }
    }
    Ok(())
}
