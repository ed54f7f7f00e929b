//! The whole fit of the layout model, as `qclean calibrate-code` runs it: the definitions of the
//! Python files split into those fitted on and every tenth that checks the fit; the choice model,
//! then the path model; the costs and the mix the nested checking definitions like best; the
//! figures on the checking definitions and the held-out sets; the model file.

use super::{accuracy, decisions, fit, flatten, layout_cost, perceptron, snippets, units};
use crate::stages::code::layout::{Feats, Model, ModelFile, Objective, FEATURES, NP, PATH_COUNTS};
use crate::stages::code::{indent, python};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

const L2: f64 = 1.0;
const ROUNDS: usize = 12;
const EPOCHS: usize = 8;
const UNBOUND_COSTS: [f64; 5] = [0.0, 0.5, 1.0, 2.0, 4.0];
const MIXES: [f64; 5] = [0.0, 2.0, 5.0, 10.0, 20.0];
/// Decisions a signature must be met in to get a weight of its own.
const MIN_COUNT: usize = 20;

/// The modules the held-out snippets come from (their `### module.function` headers).
pub fn held_out_modules(held: &str) -> BTreeSet<&str> {
    held.lines()
        .filter_map(|l| l.strip_prefix("### "))
        .filter_map(|name| name.split('.').next())
        .collect()
}

/// Every function and method with a nested block (a statement two levels in) of the held-out
/// modules, given as (module, text), named `module.function`: definitions as [`units`] cuts
/// them, not whole classes, that parse, and that do not parse flat.
pub fn held_out_functions(
    modules: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (stem, text) in modules {
        for unit in units(&text) {
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
                && !python::parses(&flatten(&unit))
            {
                out.push((format!("{stem}.{name}"), unit));
            }
        }
    }
    out
}

/// The definitions of the Python files: those the fit learns from, and every tenth, which checks
/// the fit instead.
pub struct Definitions {
    pub fitting: Vec<String>,
    pub checking: Vec<String>,
}

impl Definitions {
    /// The definitions of the files' `texts`, less the copies of a held-out snippet's function
    /// found elsewhere (a vendored or backported module): `held` is the held-out snippets' file.
    pub fn split(texts: impl IntoIterator<Item = String>, held: &str) -> Definitions {
        let held_defs = first_defs(held);
        let (mut fitting, mut checking) = (Vec::new(), Vec::new());
        for text in texts {
            for unit in super::fitting_units(&text) {
                if unit.lines().any(|l| held_defs.contains(l.trim())) {
                    continue;
                }
                if (fitting.len() + checking.len() + 1) % 10 == 0 {
                    checking.push(unit);
                } else {
                    fitting.push(unit);
                }
            }
        }
        Definitions { fitting, checking }
    }
}

/// The first `def` line of each held-out snippet.
fn first_defs(held: &str) -> BTreeSet<&str> {
    let mut out: BTreeSet<&str> = BTreeSet::new();
    let mut after_header = false;
    for line in held.lines() {
        if line.starts_with("### ") {
            after_header = true;
        } else if after_header && line.trim_start().starts_with("def ") {
            out.insert(line.trim());
            after_header = false;
        }
    }
    out
}

/// How many definitions a set holds, and the share of them that come back from flat as the same
/// program under the choice model and under the path model.
pub struct Figure {
    pub of: usize,
    pub choice: f64,
    pub path: f64,
}

/// What the fit found: both models and how well each does.
pub struct Calibration {
    choice_model: Model,
    path_model: Model,
    /// Files read, and definitions fitted on.
    files: usize,
    fitting: usize,
    /// On the checking definitions with nested blocks (they choose), on all the checking
    /// definitions, on the held-out snippets and on the held-out functions.
    pub nested: Figure,
    pub checking: Figure,
    pub snippets: Figure,
    pub functions: Figure,
    /// Held-out functions the path model lays out otherwise than their author.
    pub missed: usize,
    /// Of those, the ones whose author's layout costs less than the one found but fell out of
    /// the beam: the search's misses, not the model's.
    pub lost: usize,
}

/// Fits both models on `definitions` (from `files` files) and measures them; `held` is the
/// held-out snippets' file, `functions` the held-out functions. What the fit tries goes to `log`.
/// None when the definitions offer no choice to learn from.
pub fn calibrate(
    definitions: &Definitions,
    files: usize,
    held: &str,
    functions: &[String],
    log: &mut dyn Write,
) -> Option<Calibration> {
    let fitting = &definitions.fitting;
    let decisions: Vec<super::Decision> = fitting.iter().flat_map(|u| decisions(u)).collect();
    if decisions.is_empty() {
        return None;
    }
    let choice = fit(&decisions, L2, ROUNDS);
    let _ = writeln!(
        log,
        "{} files, {} definitions to fit on, {} choices; the choice model picks the author's in {:.3} of them",
        files,
        fitting.len(),
        decisions.len(),
        accuracy(&decisions, &choice),
    );
    // What the figures are about: definitions with a block inside a block.
    let nested: Vec<String> = definitions
        .checking
        .iter()
        .filter(|u| nested(u))
        .cloned()
        .collect();
    let (choice_model, choice_nested) = with_unbound_cost(choice, &nested, log);
    let mut path_model = perceptron(fitting, &choice, EPOCHS, MIN_COUNT);
    // The path model with the choice model's costs mixed in, in the share the nested checking
    // definitions like best (0: the path model alone).
    let with_mix = |mix: f64| (mix > 0.0).then_some((choice, mix));
    let (path_nested, mix) = choose(&MIXES, "path model, choice cost mixed in x", log, |mix| {
        path_model.choice = with_mix(mix);
        same_share(&nested, &path_model)
    });
    path_model.choice = with_mix(mix);
    let snippets: Vec<String> = snippets(held).into_iter().map(|(_, code)| code).collect();
    let (functions_path, missed) = misses(functions, &path_model);
    let figure = |units: &[String]| Figure {
        of: units.len(),
        choice: same_share(units, &choice_model),
        path: same_share(units, &path_model),
    };
    Some(Calibration {
        files,
        fitting: fitting.len(),
        nested: Figure {
            of: nested.len(),
            choice: choice_nested,
            path: path_nested,
        },
        checking: figure(&definitions.checking),
        snippets: figure(&snippets),
        functions: Figure {
            of: functions.len(),
            choice: same_share(functions, &choice_model),
            path: functions_path,
        },
        missed: missed.len(),
        lost: lost_by_the_search(&missed, &path_model),
        choice_model,
        path_model,
    })
}

/// The choice model with the cost of a read of a name only a closed block may have bound that
/// the `nested` checking definitions like best, and its share of them.
fn with_unbound_cost(choice: Feats, nested: &[String], log: &mut dyn Write) -> (Model, f64) {
    let mut model = Model {
        dense: choice,
        sparse: Default::default(),
        path_costs: [0.0; NP],
        path: false,
        choice: None,
        cache_key: 0,
    };
    let (share, cost) = choose(
        &UNBOUND_COSTS,
        "choice model, unbound read cost",
        log,
        |cost| {
            model.path_costs = [cost; NP];
            same_share(nested, &model)
        },
    );
    model.path_costs = [cost; NP];
    (model, share)
}

/// Of the held-out functions `model` lays out otherwise (each with what came back), those where
/// the model prefers the author's layout to the one found: the search lost it from the beam.
fn lost_by_the_search(missed: &[(&str, String)], model: &Model) -> usize {
    missed
        .iter()
        .filter(
            |(code, restored)| match (layout_cost(code, model), layout_cost(restored, model)) {
                (Some(author), Some(found)) => author < found,
                _ => false,
            },
        )
        .count()
}

impl Calibration {
    /// The model the nested checking definitions choose (the path model when both do as well),
    /// its objective, and its share of the nested checking definitions and of the held-out
    /// snippets.
    fn chosen(&self) -> (&Model, Objective, f64, f64) {
        if self.nested.path >= self.nested.choice {
            (
                &self.path_model,
                Objective::Path,
                self.nested.path,
                self.snippets.path,
            )
        } else {
            (
                &self.choice_model,
                Objective::Choice,
                self.nested.choice,
                self.snippets.choice,
            )
        }
    }

    /// The model file of the chosen model, saying what it was fitted on: the Python of the
    /// folders `from`, less the modules of the held-out snippets' file `hold_out`.
    pub fn model_file(&self, from: &[PathBuf], hold_out: &Path) -> ModelFile {
        let (model, objective, checked, held_figure) = self.chosen();
        ModelFile {
            about: "Where a statement of flat Python goes: weights over the choices the layout leaves (see src/stages/code/layout/). Written by `qclean calibrate-code`; read with the other settings (src/settings.rs).".into(),
            fitted_on: format!(
                "{} definitions from {} files of {}, less tests and the modules of {}; {checked:.3} of {} other definitions with nested blocks and {held_figure:.3} of the {} held-out snippets come back as the same program",
                self.fitting,
                self.files,
                from.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
                hold_out.display(),
                self.nested.of,
                self.snippets.of,
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
        }
    }
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
/// share written to `log` after `label`.
fn choose(
    values: &[f64],
    label: &str,
    log: &mut dyn Write,
    mut share: impl FnMut(f64) -> f64,
) -> (f64, f64) {
    let mut best = (f64::MIN, 0.0);
    for &value in values {
        let s = share(value);
        let _ = writeln!(
            log,
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
        let flat = flatten(code);
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
