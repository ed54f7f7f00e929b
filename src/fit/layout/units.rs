//! What the layout fit learns from: indented Python cut into its definitions, the snippets of a
//! `### name` file, and code flattened as a scrape leaves it.

use crate::stages::code::indent::{analyse, first_word, Kind, Line};

/// The snippets of a `### name` file: each `### name` line starts one, and its lines follow.
pub fn snippets(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("### ") {
            out.push((name.to_string(), String::new()));
        } else if let Some((_, code)) = out.last_mut() {
            code.push_str(line);
            code.push('\n');
        }
    }
    out
}

/// Indented code as a scrape leaves it: every line's leading whitespace gone.
pub fn flatten(code: &str) -> String {
    code.lines()
        .map(|l| l.trim_start().to_string() + "\n")
        .collect()
}

/// The definitions of a module: those at the top and those one level in (methods), each
/// dedented.
pub fn units(module: &str) -> Vec<String> {
    let lines: Vec<Line> = analyse(module);
    let mut out = units_at(&lines, 0);
    out.extend(units_at(&lines, 4));
    out
}

/// What the fit learns from: the definitions of [`units`], and the top-level ones two by two too
/// (so that what follows a definition at the top is seen, as in an answer that defines a class
/// and then a function).
pub fn fitting_units(module: &str) -> Vec<String> {
    let lines: Vec<Line> = analyse(module);
    let top = units_at(&lines, 0);
    let mut out: Vec<String> = top
        .chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| c.concat())
        .collect();
    out.extend(top);
    out.extend(units_at(&lines, 4));
    out
}

/// The definitions that start at `level` columns, each with its decorators and its body (and, at
/// the top, the module code after it), dedented.
fn units_at(lines: &[Line], level: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        let starts = l.kind == Kind::Statement
            && l.columns == level
            && (l.body.starts_with('@') || matches!(first_word(l.body), "def" | "class" | "async"));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        let mut last = i;
        // Decorators, then the definition, then everything deeper.
        let mut in_header = l.body.starts_with('@');
        while end < lines.len() {
            let m = &lines[end];
            if m.kind == Kind::Statement && m.columns <= level {
                if in_header && m.columns == level {
                    in_header = m.body.starts_with('@');
                    last = end;
                    end += 1;
                    continue;
                }
                // At the top, the module code right after a definition joins it (a call of
                // the function, a registration, `if __name__ == "__main__":`), as an
                // answer's example follows its function; the next definition does not.
                let definition = m.body.starts_with('@')
                    || matches!(first_word(m.body), "def" | "class" | "async");
                if level == 0 && m.columns == 0 && !definition {
                    last = end;
                    end += 1;
                    continue;
                }
                break;
            }
            if m.kind != Kind::Blank {
                last = end;
            }
            end += 1;
        }
        let text: String = lines[i..=last]
            .iter()
            .map(|m| {
                let cut = m.text.len() - m.text.trim_start().len();
                let text = if m.kind == Kind::Continued && cut < level {
                    m.text
                } else {
                    &m.text[cut.min(level)..]
                };
                format!("{text}\n")
            })
            .collect();
        out.push(text);
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_definitions_and_methods_dedented() {
        let module = "import os\n\n@cache\ndef f(x):\n    return x\n\nclass A:\n    def m(self):\n        return 1\n\n    def n(self):\n        pass\nX = A()\nif X:\n    f(X)\n";
        let got = units(module);
        assert_eq!(
            got,
            [
                "@cache\ndef f(x):\n    return x\n",
                "class A:\n    def m(self):\n        return 1\n\n    def n(self):\n        pass\nX = A()\nif X:\n    f(X)\n",
                "def m(self):\n    return 1\n",
                "def n(self):\n    pass\n",
            ]
        );
    }
}
