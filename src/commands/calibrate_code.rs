//! `qclean calibrate-code`: learns where the statements of flat Python go from real, indented
//! Python, and writes `schema/indent-model.json` (read with the other settings, `src/settings.rs`).
//!
//! Every `.py` file under the given folders is cut into its definitions and methods, and each is
//! replayed as if its indentation were lost: at every statement the choices the layout leaves, and
//! the one its author made. Test folders, installed packages, and the modules the held-out set comes
//! from are left out, so the held-out figure is one the fit never saw.

use super::Outcome;
use crate::error::{Error, Result};
use crate::fit::layout::{self as learn, Calibration, Definitions};
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Plan<'a> {
    /// Folders of Python source.
    pub from: &'a [PathBuf],
    /// The held-out snippets (`### module.function` headers); their modules are not fitted on.
    pub hold_out: &'a Path,
    pub out: &'a Path,
    /// Write the held-out functions (see [`learn::held_out_functions`]) there and stop.
    pub write_held_out: Option<&'a Path>,
}

pub fn run(plan: &Plan, err: &mut dyn Write) -> Result<Outcome> {
    let held = super::read_text(plan.hold_out)?;
    let modules = learn::held_out_modules(&held);
    let mut files = Vec::new();
    for dir in plan.from {
        python_files(dir, &mut files)?;
    }
    files.sort();
    let (held_files, files): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|f| modules.contains(stem(f)));
    // The held-out functions come from the held-out modules directly in the first folder (the
    // standard library).
    let first = plan.from[0].as_path();
    let held_functions = learn::held_out_functions(
        held_files
            .iter()
            .filter(|f| f.parent() == Some(first))
            .filter_map(|f| Some((stem(f).to_string(), std::fs::read_to_string(f).ok()?))),
    );
    if let Some(path) = plan.write_held_out {
        write_held_out(path, &held_functions, modules.len(), err)?;
        return Ok(Outcome::Clean);
    }
    let texts = files.iter().filter_map(|f| std::fs::read_to_string(f).ok());
    let definitions = Definitions::split(texts, &held);
    let functions: Vec<String> = held_functions.into_iter().map(|(_, code)| code).collect();
    let Some(fitted) = learn::calibrate(&definitions, files.len(), &held, &functions, err) else {
        return Err(Error::BadConfig {
            path: plan.from.first().cloned().unwrap_or_default(),
            message: "no Python definitions to learn from".into(),
        });
    };
    report(&fitted, err);
    let file = fitted.model_file(plan.from, plan.hold_out);
    let text = serde_json::to_string_pretty(&file).expect("a model serialises") + "\n";
    crate::output::write_file(plan.out, text.as_bytes())?;
    let _ = writeln!(
        err,
        "wrote {} ({:?} model, {} sparse keys); rebuild to use it",
        plan.out.display(),
        file.objective,
        file.sparse.len()
    );
    Ok(Outcome::Clean)
}

/// A file's name without its extension (a module's name).
fn stem(file: &Path) -> &str {
    file.file_stem().and_then(|s| s.to_str()).unwrap_or("")
}

/// Writes the held-out functions, each under its `### module.function` line, after
/// [`HELD_OUT_HEADER`].
fn write_held_out(
    path: &Path,
    functions: &[(String, String)],
    modules: usize,
    err: &mut dyn Write,
) -> Result<()> {
    let mut text = String::from(HELD_OUT_HEADER);
    for (name, code) in functions {
        text.push_str(&format!("### {name}\n{code}"));
        if !code.ends_with('\n') {
            text.push('\n');
        }
    }
    crate::output::write_file(path, text.as_bytes())?;
    let _ = writeln!(
        err,
        "wrote {} functions with nested blocks of {} held-out modules to {}",
        functions.len(),
        modules,
        path.display()
    );
    Ok(())
}

/// How well both models bring definitions back from flat, and where the path model's misses on
/// the held-out functions come from.
fn report(fitted: &Calibration, err: &mut dyn Write) {
    let (nested, checking) = (&fitted.nested, &fitted.checking);
    let (snippets, functions) = (&fitted.snippets, &fitted.functions);
    let _ = writeln!(
        err,
        "same program back from flat, choice model / path model: {:.3} / {:.3} of {} nested checking definitions, {:.3} / {:.3} of all {}; {:.3} / {:.3} of {} held-out snippets; {:.3} / {:.3} of {} functions of their modules",
        nested.choice,
        nested.path,
        nested.of,
        checking.choice,
        checking.path,
        checking.of,
        snippets.choice,
        snippets.path,
        snippets.of,
        functions.choice,
        functions.path,
        functions.of
    );
    let _ = writeln!(
        err,
        "of the {} held-out functions the path model lays out otherwise, the search lost the author's cheaper layout in {}",
        fitted.missed,
        fitted.lost
    );
}

const HELD_OUT_HEADER: &str =
    "# Every function and method with a nested block in the modules of stdlib-snippets.py.txt, as
# `qclean calibrate-code /usr/lib/python3.11 --write-held-out FILE` cuts them from Python 3.11's
# standard library (Lib/), docstrings and comments as written, leaving out the ones whose
# indentation stripped still parses; (c) Python Software Foundation, under the PSF License
# Agreement in LICENSE-PSF.txt. The fit never sees these modules. Each function starts with a
# line '### module.function'.
";

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
