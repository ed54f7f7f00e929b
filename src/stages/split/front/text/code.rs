//! Code or prose, line by line: pasted text holds code with no fences (blog pages), fences
//! that do not match the code (chat exports: `python` / `CopyEdit` lines, prose inside a fence,
//! code outside it), and code whose dashes are typographic. Each line is judged on its own and
//! by its neighbours; the caller makes consecutive code lines one block.

use super::super::super::cues::{is_code_comment, is_heading_like, looks_like_code};
use crate::model::FixKind;
use crate::text::dashes;

/// What one line of pasted text is, before blocks are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Blank,
    /// A fence line: it belongs to the code block it opens or closes.
    Fence,
    Code,
    Prose,
    /// A line whose shape speaks for it (numbered, bullet, label, heading, rule).
    Shaped,
    /// Copy-button debris and the language label of a code block.
    Debris,
}

/// Turns lines next to code into code: comments (`# Output: 3`), indented lines after code,
/// bare statements (`greet()`). Only lines `may_turn` allows are looked at. Run twice, so that
/// a comment between two such lines follows them.
pub(super) fn settle(texts: &[&str], kinds: &mut [Kind], may_turn: impl Fn(usize, Kind) -> bool) {
    for _ in 0..2 {
        for i in 0..texts.len() {
            if !may_turn(i, kinds[i]) {
                continue;
            }
            let t = texts[i];
            let before = neighbour(kinds, i, -1) == Some(Kind::Code);
            let near_code = before || neighbour(kinds, i, 1) == Some(Kind::Code);
            let indented =
                (t.starts_with("    ") || t.starts_with('\t')) && !reads_as_prose(t.trim());
            if near_code && (is_code_comment(t) || indented && before || is_bare_statement(t)) {
                kinds[i] = Kind::Code;
            }
        }
    }
}

/// A line that reads as code on its own (inside a fence: unless it reads as prose).
pub(super) fn is_code(t: &str, fenced: bool) -> bool {
    fenced && !reads_as_prose(t) || looks_like_code(t)
}

/// A code block's Markdown: fenced, with its language, the shared indentation removed and
/// typographic dashes made ASCII (each counted in `fixes`).
pub(super) fn fenced(
    body: &[&str],
    lang: Option<String>,
    fixes: &mut Vec<(FixKind, String, String)>,
) -> String {
    let lang = lang.or_else(|| guess_language(body));
    let code = dedent(body).join("\n");
    let code = dashes::code_dashes(code.trim_matches('\n'), fixes);
    format!("```{}\n{code}\n```", lang.unwrap_or_default())
}

/// `python CopyEdit # models.py …`: copy-button words inside a collapsed line.
pub(super) fn drop_inline_debris(text: &str, fixes: &mut Vec<(FixKind, String, String)>) -> String {
    if !text.contains("CopyEdit") && !text.contains("Copy code") {
        return text.to_string();
    }
    let mut out = text.to_string();
    for debris in [
        "python CopyEdit",
        "bash CopyEdit",
        "html CopyEdit",
        "CopyEdit",
        "Copy code",
    ] {
        while let Some(at) = out.find(debris) {
            out.replace_range(at..at + debris.len(), "");
            fixes.push((FixKind::Artifact, debris.to_string(), String::new()));
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn neighbour(kinds: &[Kind], i: usize, step: isize) -> Option<Kind> {
    let mut j = i as isize + step;
    while j >= 0 && (j as usize) < kinds.len() {
        if kinds[j as usize] != Kind::Blank {
            return Some(kinds[j as usize]);
        }
        j += step;
    }
    None
}

/// `func()`, `t.join()`, `greet()`, `else:`: a bare statement that only reads as code next to code.
fn is_bare_statement(t: &str) -> bool {
    !t.contains(' ')
        && (t.contains('(') && t.ends_with(')')
            || matches!(t, "else:" | "try:" | "finally:" | "pass"))
}

/// Prose that a source put inside a fence: a bullet, a label, a sentence.
fn reads_as_prose(t: &str) -> bool {
    // A bullet or an answer label (judged without the line classifier: this runs per line).
    let bullet = t.starts_with(['•', '✓', '✔', '✅', '❌', '➤', '►', '▶', '→', '●', '▪', '◦'])
        || t.chars()
            .next()
            .is_some_and(|c| ('\u{1F300}'..='\u{1FAFF}').contains(&c));
    let label = t
        .trim_start_matches(['-', '*', '•', '✓', '✔', ' '])
        .starts_with("Answer:");
    if (bullet || label) && !t.starts_with("- ") {
        return true;
    }
    if t.starts_with("- ") && !looks_like_code(&t[2..]) {
        return true;
    }
    let words = t.split_whitespace().count();
    let codeish = t.contains(['=', '(', '{', '[', '<', '"']) || t.starts_with('#');
    !codeish
        && (t.ends_with(':') && words >= 3
            || t.ends_with('.') && words >= 5
            || is_heading_like(t) && words >= 3)
}

/// Removes the indentation all lines of a block share (a Markdown indented code block).
fn dedent<'t>(lines: &[&'t str]) -> Vec<&'t str> {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim_start()
            }
        })
        .collect()
}

/// A language for a code block with no label, when the code says it clearly.
fn guess_language(lines: &[&str]) -> Option<String> {
    let first = lines
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let any = |f: &dyn Fn(&str) -> bool| lines.iter().any(|l| f(l.trim()));
    let lang = if ["FROM ", "RUN ", "CMD ", "WORKDIR "]
        .iter()
        .any(|p| first.starts_with(p))
    {
        "dockerfile"
    } else if [
        "pip ",
        "docker ",
        "$ ",
        "gunicorn ",
        "uvicorn ",
        "celery ",
        "python -m",
        "curl ",
    ]
    .iter()
    .any(|p| first.starts_with(p))
    {
        "bash"
    } else if first.starts_with('<') || first.starts_with("{%") {
        "html"
    } else if any(&|l: &str| {
        [
            "def ",
            "class ",
            "import ",
            "from ",
            "print(",
            "return ",
            "@",
            "async def ",
            "with ",
            "for ",
            "if ",
        ]
        .iter()
        .any(|p| l.starts_with(p))
    }) || any(&|l: &str| l.contains(" = "))
    {
        "python"
    } else {
        return None;
    };
    Some(lang.into())
}
