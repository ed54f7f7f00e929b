//! Dashes in code: the one rule for what an en or em dash stands for inside code, shared by the
//! repair of whole texts and by the split of answers.

use crate::model::{Change, FixKind};

/// An en dash, em dash, figure dash or minus sign.
pub fn is_dash(c: char) -> bool {
    matches!(c, '–' | '—' | '‒' | '−')
}

/// Dashes inside code: all of them are ASCII there. A dash glued to a word after a space stands
/// for a long option's `--` (`docker –version`), or `-` before a single letter (`ls –l`).
pub fn code_dashes(code: &str, log: &mut Vec<Change>) -> String {
    if code.is_ascii() || !code.chars().any(is_dash) {
        return code.to_string();
    }
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    for (i, &c) in chars.iter().enumerate() {
        if !is_dash(c) {
            out.push(c);
            continue;
        }
        let replacement = if option_dash(&chars, i) == Some(2) {
            "--"
        } else {
            "-"
        };
        log.push((FixKind::Dash, c.to_string(), replacement.into()));
        out.push_str(replacement);
    }
    out
}

/// `–word` after a space or at the start: a command-line option. Returns how many ASCII dashes
/// it stands for.
pub fn option_dash(chars: &[char], i: usize) -> Option<usize> {
    let before_ok = i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '`';
    let word: String = chars[i + 1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '-')
        .collect();
    if !before_ok || !word.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    Some(if word.len() >= 2 { 2 } else { 1 })
}
