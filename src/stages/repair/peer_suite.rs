//! The mojibake cases of python-ftfy (Robyn Speer, Apache-2.0), used as test data only: see
//! `tests/data/ftfy-cases/README.md` for the attribution and licence. No ftfy code is used.
//!
//! A case passes when our repair gives its `fixed-encoding` or its `fixed` text, both sides
//! compared after folding quotes and no-break spaces to ASCII (our repair does both everywhere).

use super::repair;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    label: String,
    original: String,
    fixed: String,
    #[serde(rename = "fixed-encoding")]
    fixed_encoding: Option<String>,
    expect: String,
}

fn cases(file: &str) -> Vec<Case> {
    let path = format!(
        "{}/tests/data/ftfy-cases/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '‘' | '’' | '‚' | '‛' | '′' => '\'',
            '“' | '”' | '„' | '‟' | '″' => '"',
            '\u{a0}' => ' ',
            _ => c,
        })
        .collect()
}

fn passes(case: &Case) -> bool {
    let got = fold(&repair(&case.original).text);
    [Some(&case.fixed), case.fixed_encoding.as_ref()]
        .into_iter()
        .flatten()
        .any(|want| got == fold(want))
}

/// Runs one file and returns the labels of the cases that did not come out as expected.
fn failures(file: &str) -> (usize, Vec<String>) {
    let all = cases(file);
    let failed = all
        .iter()
        .filter(|c| c.expect == "pass" && !passes(c))
        .map(|c| {
            format!(
                "{}: {:?} -> {:?}",
                c.label,
                c.original,
                repair(&c.original).text
            )
        })
        .collect();
    (all.len(), failed)
}

#[test]
fn peer_suite_report() {
    let mut total = 0;
    let mut failed = Vec::new();
    for file in [
        "in-the-wild.json",
        "synthetic.json",
        "negative.json",
        "language-names.json",
    ] {
        let (n, mut f) = failures(file);
        total += n;
        failed.append(&mut f);
    }
    for f in &failed {
        eprintln!("FAIL {f}");
    }
    let known = cases("known-failures.json");
    let right = known.iter().filter(|c| passes(c)).count();
    eprintln!(
        "peer suite: {}/{} pass; known failures we get right: {}/{}",
        total - failed.len(),
        total,
        right,
        known.len()
    );
    assert!(failed.is_empty(), "{} peer cases fail", failed.len());
}

/// Cases that one more layer of damage makes unrecoverable for us: a garble ftfy itself leaves
/// alone (the extra layer makes it look repairable), and a lossy Russian line whose U+FFFD
/// becomes `ï¿½`, which we do not rebuild.
const LOST_WITH_ONE_MORE_LAYER: &[&str] = &[
    "An absolutely hopeless garble",
    "Messy language names: Russian",
];

/// Upstream's extra check: every passing case, damaged once more (its UTF-8 bytes read as
/// Latin-1), must still repair to the same text. Only the cases listed above may fail.
#[test]
fn peer_suite_with_one_more_layer() {
    let mut total = 0;
    let mut failed = Vec::new();
    for file in [
        "in-the-wild.json",
        "synthetic.json",
        "negative.json",
        "language-names.json",
    ] {
        for mut case in cases(file).into_iter().filter(|c| c.expect == "pass") {
            total += 1;
            case.original = case.original.bytes().map(char::from).collect();
            if !passes(&case) && !LOST_WITH_ONE_MORE_LAYER.contains(&case.label.as_str()) {
                failed.push(format!(
                    "{}: -> {:?}",
                    case.label,
                    repair(&case.original).text
                ));
            }
        }
    }
    for f in &failed {
        eprintln!("FAIL (extra layer) {f}");
    }
    eprintln!(
        "peer suite with one more layer: all but the {} listed cases pass ({total} cases)",
        LOST_WITH_ONE_MORE_LAYER.len()
    );
    assert!(
        failed.is_empty(),
        "{} cases fail with one more layer",
        failed.len()
    );
}
