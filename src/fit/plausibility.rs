//! Fitting the repair's plausibility model, and measuring repair on correct and damaged text.
//!
//! The corpus is correct text in many languages (`tests/data/text/correct.tsv`: part, language,
//! catalogue, line). Its `tune` part is counted into the model and chooses the margins; its
//! `held-out` part (other languages) only measures. The positives are the same lines misread on
//! purpose ([`codepages::misread`]) in each page of [`codepages::MISREAD_IN`], once and twice.

use crate::model::FixKind;
use crate::stages::repair::codepages;
use crate::stages::repair::plausibility::{step_key, steps, Model, ModelFile, Step, KINDS};
use crate::stages::repair::{self, Entities, Settings};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// One line of the corpus.
#[derive(Debug, Clone)]
pub struct Line {
    pub held_out: bool,
    pub language: String,
    pub text: String,
}

/// Reads the corpus file (`part<TAB>language<TAB>catalogue<TAB>line`).
pub fn read_corpus(tsv: &str) -> Result<Vec<Line>, String> {
    tsv.lines()
        .enumerate()
        .map(|(n, row)| {
            let mut fields = row.splitn(4, '\t');
            let (Some(part), Some(language), Some(_), Some(text)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(format!("line {}: expected 4 tab-separated fields", n + 1));
            };
            let held_out = match part {
                "tune" => false,
                "held-out" => true,
                other => return Err(format!("line {}: unknown part {other:?}", n + 1)),
            };
            Ok(Line {
                held_out,
                language: language.to_string(),
                text: text.to_string(),
            })
        })
        .collect()
}

/// Additive smoothing of the step counts.
const SMOOTHING: f64 = 0.5;

/// Counts the steps of the lines into log P(to | from), smoothed.
fn count_steps<'a>(lines: impl Iterator<Item = std::borrow::Cow<'a, str>>) -> Vec<Vec<f64>> {
    let width = KINDS.len() * 2;
    let mut counts = vec![0u64; KINDS.len() * width];
    for line in lines {
        let chars: Vec<char> = line.chars().collect();
        steps(None, chars, None, |s: Step| {
            counts[s.from as usize * width + s.to as usize * 2 + s.other_script as usize] += 1
        });
    }
    KINDS
        .iter()
        .map(|&from| {
            let row = &counts[from as usize * width..(from as usize + 1) * width];
            let total: u64 = row.iter().sum();
            let denominator = total as f64 + SMOOTHING * width as f64;
            row.iter()
                .map(|&n| ((n as f64 + SMOOTHING) / denominator).ln())
                .collect()
        })
        .collect()
}

/// The model's table: for each step, log P(step | correct text) - log P(step | the same text
/// misread once in each page of [`codepages::MISREAD_IN`]). A step that correct text takes and
/// mojibake does not scores above zero; `Î³` (a capital and a superscript) far below, while a
/// Greek letter among Latin ones, rare in both, costs little.
pub fn log_probabilities(lines: &[&str]) -> BTreeMap<String, BTreeMap<String, f64>> {
    let correct = count_steps(lines.iter().map(|l| std::borrow::Cow::Borrowed(*l)));
    let misread = count_steps(lines.iter().flat_map(|l| {
        codepages::MISREAD_IN
            .iter()
            .map(move |page| std::borrow::Cow::Owned(damage(l, page, 1)))
    }));
    let mut table = BTreeMap::new();
    for &from in &KINDS {
        let mut out = BTreeMap::new();
        for &to in &KINDS {
            for other in [false, true] {
                let k = to as usize * 2 + other as usize;
                let ratio = correct[from as usize][k] - misread[from as usize][k];
                // Rounded so the model file reads and diffs well.
                out.insert(step_key(to, other), (ratio * 1000.0).round() / 1000.0);
            }
        }
        table.insert(from.name(), out);
    }
    table
}

/// The entity rule a line of plain text gets when it is a document of its own.
fn settings_for<'m>(text: &str, model: &'m Model) -> Settings<'m> {
    Settings {
        model,
        entities: Entities::for_plain_text(text),
    }
}

/// Whether a fix of the line `text` changes correct text beyond what repair declares it
/// normalises: NFC, curly quotes, odd spaces, soft hyphens and BOMs, and zero-width characters
/// at the start of the line.
pub fn beyond_declared(fix_kind: FixKind, before: &str, text: &str) -> bool {
    match fix_kind {
        FixKind::Space | FixKind::Quote | FixKind::Normalization => false,
        FixKind::Invisible => {
            let leading: Vec<String> = text
                .chars()
                .take_while(|c| {
                    c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}')
                })
                .map(|c| format!("U+{:04X}", c as u32))
                .collect();
            !matches!(before, "U+00AD" | "U+FEFF") && !leading.iter().any(|l| l == before)
        }
        _ => true,
    }
}

/// Whether repair changes a correct line beyond the declared normalisations.
pub fn harms(text: &str, model: &Model) -> bool {
    repair::repair_with(text, &settings_for(text, model))
        .fixes
        .iter()
        .any(|f| beyond_declared(f.kind, &f.before, text))
}

/// The damages measured: each page, once and twice.
pub fn damages() -> Vec<(&'static str, usize)> {
    codepages::MISREAD_IN
        .iter()
        .flat_map(|&page| [(page, 1), (page, 2)])
        .collect()
}

/// `text` misread `layers` times in `page`.
pub fn damage(text: &str, page: &str, layers: usize) -> String {
    let mut out = text.to_string();
    for _ in 0..layers {
        out = codepages::misread(&out, page).expect("a page of MISREAD_IN");
    }
    out
}

/// Whether repair gives back from the damaged line exactly what it gives from the correct one.
pub fn restores(text: &str, damaged: &str, model: &Model) -> bool {
    let settings = settings_for(text, model);
    repair::repair_with(damaged, &settings).text == repair::repair_with(text, &settings).text
}

/// What repair does to one part of the corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Lines by main script: (lines, lines changed beyond the declared normalisations).
    pub correct: BTreeMap<String, (usize, usize)>,
    /// By damage (`page xN`): (lines, lines restored exactly).
    pub damaged: BTreeMap<String, (usize, usize)>,
}

impl Figures {
    pub fn harmed(&self) -> usize {
        self.correct.values().map(|v| v.1).sum()
    }
    pub fn restored(&self) -> usize {
        self.damaged.values().map(|v| v.1).sum()
    }
    pub fn damaged_lines(&self) -> usize {
        self.damaged.values().map(|v| v.0).sum()
    }
}

/// The script most of a line's letters are written in (`Common` for none).
pub fn main_script(text: &str) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        use unicode_script::UnicodeScript;
        *counts
            .entry(c.script().full_name().to_string())
            .or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or_else(|| "Common".to_string(), |(s, _)| s)
}

/// Measures repair on correct lines and on the same lines damaged.
pub fn measure(lines: &[&Line], model: &Model) -> Figures {
    let mut figures = Figures::default();
    let harmed: Vec<(String, bool)> = lines
        .par_iter()
        .map(|l| (main_script(&l.text), harms(&l.text, model)))
        .collect();
    for (script, harmed) in harmed {
        let entry = figures.correct.entry(script).or_default();
        entry.0 += 1;
        entry.1 += harmed as usize;
    }
    for (page, layers) in damages() {
        let restored = lines
            .par_iter()
            .filter(|l| restores(&l.text, &damage(&l.text, page, layers), model))
            .count();
        figures
            .damaged
            .insert(format!("{page} x{layers}"), (lines.len(), restored));
    }
    figures
}

/// The margins tried for each of the three, in the order tried.
const MARGINS: [f64; 11] = [-4.0, -2.0, 0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0];

/// Fits the model on the tune lines: counts, then the margins that restore the most damaged lines
/// while no correct line is harmed (coordinate search, two rounds; a tie goes to the larger
/// margin, the safer side). Returns the model file and the figures on the tune lines.
pub fn fit(tune: &[&Line], fitted_on: &str) -> (ModelFile, Figures) {
    let texts: Vec<&str> = tune.iter().map(|l| l.text.as_str()).collect();
    let mut file = ModelFile {
        fitted_on: fitted_on.to_string(),
        margin: 0.0,
        mixed_line_margin: 0.0,
        new_script_margin: 0.0,
        log_probability: log_probabilities(&texts),
    };
    let evaluate = |file: &ModelFile| {
        let model = Model::from_file(file).expect("a fitted model has every step");
        let figures = measure(tune, &model);
        (figures.harmed(), figures.restored(), figures)
    };
    let with = |file: &ModelFile, which: usize, value: f64| {
        let mut trial = file.clone();
        match which {
            0 => trial.margin = value,
            1 => trial.mixed_line_margin = value,
            _ => trial.new_script_margin = value,
        }
        trial
    };
    let mut figures = evaluate(&file).2;
    for _round in 0..2 {
        for which in 0..3 {
            let results: Vec<(f64, usize, usize)> = MARGINS
                .iter()
                .map(|&v| {
                    let (h, r, _) = evaluate(&with(&file, which, v));
                    (v, h, r)
                })
                .collect();
            let best = results
                .iter()
                .map(|&(_, h, r)| (h, std::cmp::Reverse(r)))
                .min()
                .expect("margins to try");
            // Among the margins that do equally well (no correct line harmed, as many damaged
            // lines restored), the base margin takes the smallest: the harm is already nil, and
            // a repair the data cannot tell from the others is given its chance. The two margins
            // that guard correct text take the largest: what they guard is what the data have
            // least of.
            let tied: Vec<f64> = results
                .iter()
                .filter(|&&(_, h, r)| (h, std::cmp::Reverse(r)) == best)
                .map(|&(v, _, _)| v)
                .collect();
            let chosen = if which == 0 {
                tied[0]
            } else {
                tied[tied.len() - 1]
            };
            file = with(&file, which, chosen);
            figures = evaluate(&file).2;
        }
    }
    (file, figures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_corpus_and_refuses_a_bad_row() {
        let lines = read_corpus("tune\tru\tglib20\tФайл\nheld-out\tfa\tgtk20\tپرونده‌ها\n").unwrap();
        assert_eq!(lines.len(), 2);
        assert!(!lines[0].held_out && lines[1].held_out);
        assert!(read_corpus("tune\tru\tФайл\n")
            .unwrap_err()
            .contains("line 1"));
        assert!(read_corpus("train\tru\tx\ty\n")
            .unwrap_err()
            .contains("part"));
    }

    #[test]
    fn names_the_main_script() {
        let cases = [
            ("Файл не найден (file)", "Cyrillic"),
            ("پرونده‌ها", "Arabic"),
            ("123 !", "Common"),
        ];
        for (text, want) in cases {
            assert_eq!(main_script(text), want, "{text}");
        }
    }
}
