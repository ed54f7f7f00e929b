//! Stage 2, repair: damaged text to clean text, with every fix logged.
//!
//! Input: decoded text. Output: [`Repaired`], the text and one [`Fix`] per replacement.
//!
//! Guarantees: the line structure is kept (line N of the output is line N of the input, so
//! provenance survives); idempotent (`repair(repair(x).text).text == repair(x).text`); text with
//! nothing to fix comes back byte for byte; never panics.
//! Never does: drop or add lines, touch ASCII text other than HTML entities, change a dash used as
//! punctuation in prose.
//!
//! Order inside a line: mojibake (it needs the C1 controls and no-break spaces as they are), lone
//! C1 controls, HTML entities, invisible characters, odd spaces, NFC, quotes, dashes (code rule in
//! fenced blocks and inline code, prose rule elsewhere). The pass repeats while it still changes
//! something, because an entity can reveal mojibake and mojibake can reveal an entity.

pub mod codepages;
pub mod mojibake;
pub mod typography;

#[cfg(test)]
mod peer_suite;

use crate::model::{Fix, FixKind};
use typography::Change;

/// Repaired text and what was done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    pub text: String,
    pub fixes: Vec<Fix>,
}

impl Repaired {
    /// How many fixes of each kind, in kind order.
    pub fn counts(&self) -> std::collections::BTreeMap<FixKind, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for fix in &self.fixes {
            *counts.entry(fix.kind).or_insert(0) += 1;
        }
        counts
    }
}

/// Passes over the text before giving up on reaching a fixed point (never reached in practice:
/// two passes settle every case in the test suites).
const MAX_PASSES: usize = 3;

/// Repairs a whole text. See the module header.
pub fn repair(text: &str) -> Repaired {
    let mut fixes = Vec::new();
    let mut current: Option<String> = None;
    for _ in 0..MAX_PASSES {
        let input = current.as_deref().unwrap_or(text);
        match repair_pass(input, &mut fixes) {
            Some(next) => current = Some(next),
            None => break,
        }
    }
    Repaired { text: current.unwrap_or_else(|| text.to_string()), fixes }
}

/// One pass over every line; `None` when nothing changed.
fn repair_pass(text: &str, fixes: &mut Vec<Fix>) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut in_fence = false;
    let mut changes: Vec<Change> = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let fence = is_fence(line);
        match repair_line(line, in_fence && !fence, &mut changes) {
            Some(fixed) => {
                changed = true;
                out.push_str(&fixed);
            }
            None => out.push_str(line),
        }
        if fence {
            in_fence = !in_fence;
        }
        fixes.extend(changes.drain(..).map(|(kind, before, after)| Fix { line: index + 1, kind, before, after }));
    }
    changed.then_some(out)
}

/// A Markdown code fence line (```` ``` ```` or `~~~`, with or without a language).
pub fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// Repairs one line; `in_code` when it sits inside a fenced code block.
fn repair_line(line: &str, in_code: bool, log: &mut Vec<Change>) -> Option<String> {
    if line.is_ascii() && !line.contains('&') {
        return None;
    }
    let mut current = std::borrow::Cow::Borrowed(line);
    let step = |current: &mut std::borrow::Cow<str>, f: &dyn Fn(&str, &mut Vec<Change>) -> Option<String>, log: &mut Vec<Change>| {
        if let Some(next) = f(current, log) {
            *current = std::borrow::Cow::Owned(next);
        }
    };
    step(&mut current, &mojibake_step, log);
    step(&mut current, &typography::c1_controls, log);
    step(&mut current, &typography::html_entities, log);
    step(&mut current, &typography::invisible, log);
    step(&mut current, &typography::spaces, log);
    step(&mut current, &typography::nfc, log);
    step(&mut current, &typography::quotes, log);
    if in_code {
        let fixed = typography::code_dashes(&current, log);
        if fixed != *current {
            current = std::borrow::Cow::Owned(fixed);
        }
    } else {
        step(&mut current, &typography::prose_dashes, log);
    }
    match current {
        std::borrow::Cow::Owned(s) if s != line => Some(s),
        _ => None,
    }
}

fn mojibake_step(line: &str, log: &mut Vec<Change>) -> Option<String> {
    let (fixed, replaced) = mojibake::fix_line(line)?;
    log.extend(replaced.into_iter().map(|r| (FixKind::Mojibake, r.before, r.after)));
    Some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_real_fragments_of_the_seeds() {
        let cases = [
            (
                "seed 003 bullet and apostrophe",
                "\tâ€¢\tExplain Pythonâ€™s memory management (reference counting, garbage collection, __del__).",
                "\t•\tExplain Python's memory management (reference counting, garbage collection, __del__).",
            ),
            ("seed 003 emoji heading", "ðŸ“Œ Practice Questions (Self-test)", "📌 Practice Questions (Self-test)"),
            ("seed 001 smart quotes in code", "print(“Indented code runs inside the block”)", "print(\"Indented code runs inside the block\")"),
            ("seed 001 double prime", "token = jwt.encode(payload, “secret”, algorithm=”HS256″)", "token = jwt.encode(payload, \"secret\", algorithm=\"HS256\")"),
            ("seed 001 prose dash", "- Easy to Learn & Readable – Uses simple syntax similar to English.", "- Easy to Learn & Readable – Uses simple syntax similar to English."),
            ("seed 000 arrows stay", "A: Instance method → operates on object instance (self).", "A: Instance method → operates on object instance (self)."),
            ("seed 002 homoglyph stays", "Architectur е", "Architectur е"),
            ("entity then quote", "It&#8217;s &quot;fine&quot;", "It's \"fine\""),
        ];
        for (name, input, want) in cases {
            assert_eq!(repair(input).text, want, "{name}");
        }
    }

    #[test]
    fn code_fences_get_ascii_dashes() {
        let text = "Run it:\n```\nfor i in range(n – 1):\n    print(i – 1)\n```\nA range – in prose.";
        let out = repair(text).text;
        assert_eq!(out, "Run it:\n```\nfor i in range(n - 1):\n    print(i - 1)\n```\nA range – in prose.");
    }

    #[test]
    fn keeps_lines_and_is_idempotent() {
        let text = "â€œline oneâ€\n\n\tâ€¢\tline three&amp;\r\nlast";
        let once = repair(text);
        assert_eq!(once.text.matches('\n').count(), text.matches('\n').count());
        assert_eq!(repair(&once.text).text, once.text);
        assert!(repair(&once.text).fixes.is_empty());
    }

    #[test]
    fn counts_every_fix_by_kind() {
        let repaired = repair("Pythonâ€™s “GIL” &amp; x\u{200b}y");
        let counts = repaired.counts();
        assert_eq!(counts.get(&FixKind::Mojibake), Some(&1));
        assert_eq!(counts.get(&FixKind::Quote), Some(&3));
        assert_eq!(counts.get(&FixKind::HtmlEntity), Some(&1));
        assert_eq!(counts.get(&FixKind::Invisible), Some(&1));
        assert_eq!(repaired.text, "Python's \"GIL\" & xy");
    }

    #[test]
    fn clean_text_is_returned_untouched() {
        let text = "1. What is Python?\n- Python is a high-level language.\n```\nprint('hi')\n```\n";
        let repaired = repair(text);
        assert_eq!(repaired.text, text);
        assert!(repaired.fixes.is_empty());
    }
}
