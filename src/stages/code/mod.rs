//! Code in answers: every fenced block gets a language label, and Python whose indentation a
//! scrape lost gets it back when a real parser agrees (see [`indent`]).
//!
//! Input: an answer's text, its code fenced (split fences what it recognises as code). Output: the
//! text with each fence labelled (`python`, `pycon` for a `>>>` transcript, `console` for a shell
//! session, `text` for output, or the author's own label) and each Python block that did not parse
//! re-indented when that makes it parse, and what happened ([`CodeCounts`]).
//! Never does: change a block that parses, add or drop a line or a character other than leading
//! spaces, touch text outside fences.

pub mod indent;
pub mod layout;
pub mod lines;
pub mod python;

pub use crate::model::{CodeCounts, CodeOutcome as Outcome};
use crate::text::fence;

/// What a block holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lang {
    Python,
    /// A `>>>` interpreter session.
    Repl,
    /// Shell commands (`$ pip install ...`).
    Shell,
    /// Program output or plain text.
    Output,
    /// Another language, as the author labelled it.
    Other(String),
}

impl Lang {
    /// The fence label.
    pub fn label(&self) -> &str {
        match self {
            Lang::Python => "python",
            Lang::Repl => "pycon",
            Lang::Shell => "console",
            Lang::Output => "text",
            Lang::Other(l) => l,
        }
    }
}

const SHELL_WORDS: &[&str] = &[
    "pip", "pip3", "python", "python3", "cd", "ls", "git", "export", "source", "conda", "poetry",
    "mkdir", "curl", "docker", "uvicorn", "gunicorn", "pytest", "npm", "sudo", "apt",
];

/// The code stage over a document's records: every fence of every answer labelled, and lost
/// Python indentation restored where a parser agrees; a record whose code was re-indented, or
/// still does not parse, says so in its flags. Returns what became of the blocks.
pub fn fix_answers(records: &mut [crate::model::Record], model: &layout::Model) -> CodeCounts {
    use crate::model::Flag;
    let mut total = CodeCounts::default();
    for record in records {
        let Some(answer) = record.answer.as_deref() else {
            continue;
        };
        let (fixed, counts) = fix_blocks(answer, model);
        if counts.reindented > 0 {
            record.flags.push(Flag::CodeReindented);
        }
        if counts.unparsed > 0 {
            record.flags.push(Flag::CodeUnparsed);
        }
        record.flags.sort();
        record.flags.dedup();
        total.add(&counts);
        record.answer = Some(fixed);
    }
    total
}

/// The language of a block from its label and its lines.
pub fn classify(label: Option<&str>, body: &str, model: &layout::Model) -> Lang {
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let repl = lines.iter().any(|l| l.starts_with(">>>"));
    let prompt = !lines.is_empty()
        && lines
            .iter()
            .filter(|l| l.starts_with("$ ") || l.starts_with("% "))
            .count()
            * 2
            >= lines.len();
    match label {
        Some("python" | "py" | "python3" | "py3") if repl => Lang::Repl,
        Some("python" | "py" | "python3" | "py3") => Lang::Python,
        Some("pycon" | "pyrepl" | "python-repl") => Lang::Repl,
        Some("bash" | "sh" | "shell" | "console" | "zsh" | "shell-session" | "terminal") => {
            Lang::Shell
        }
        Some("text" | "txt" | "output" | "plaintext" | "plain" | "none") => Lang::Output,
        Some(other) => Lang::Other(other.to_string()),
        None if repl => Lang::Repl,
        None if prompt => Lang::Shell,
        None if lines.first().is_some_and(|l| {
            SHELL_WORDS.contains(&l.split(' ').next().unwrap_or(""))
                && lines.len() <= 3
                && !l.contains('(')
        }) =>
        {
            Lang::Shell
        }
        None if python::parses(body) || restores(body, model) => {
            if looks_like_python(&lines) {
                Lang::Python
            } else {
                Lang::Output
            }
        }
        None => Lang::Output,
    }
}

/// Every line ends a sentence, or holds one that ends (`... (__eq__).is: Identity ...`).
fn reads_as_prose(body: &str) -> bool {
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    !lines.is_empty()
        && lines.iter().all(|l| {
            l.ends_with('.')
                || l.as_bytes().windows(3).any(|w| {
                    w[0] == b'.'
                        && (w[1] == b' ' || w[1].is_ascii_uppercase())
                        && w[2].is_ascii_alphabetic()
                })
        })
}

fn restores(body: &str, model: &layout::Model) -> bool {
    indent::restore(body, model).1 == Outcome::Reindented
}

/// Python's marks: a keyword that opens a statement, a call, an assignment.
fn looks_like_python(lines: &[&str]) -> bool {
    lines.iter().any(|l| {
        let first = l.split([' ', '(', ':']).next().unwrap_or("");
        matches!(
            first,
            "def"
                | "class"
                | "import"
                | "from"
                | "for"
                | "while"
                | "if"
                | "with"
                | "try"
                | "return"
                | "print"
                | "async"
                | "await"
                | "lambda"
                | "yield"
                | "raise"
        ) || l.starts_with('@')
            || (l.contains('(') && l.ends_with(')'))
            || l.contains(" = ")
    })
}

/// The text with every fenced block labelled and every Python block that did not parse
/// re-indented when that makes it parse.
pub fn fix_blocks(text: &str, model: &layout::Model) -> (String, CodeCounts) {
    let mut counts = CodeCounts::default();
    if !text.contains("```") && !text.contains("~~~") {
        return (text.to_string(), counts);
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let Some(f) = fence::open(lines[i]) else {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        };
        let Some(end) = (i + 1..lines.len()).find(|&j| fence::closes(lines[j], &f)) else {
            // Never closed: left as it is.
            out.extend(lines[i..].iter().map(|l| l.to_string()));
            break;
        };
        let body = lines[i + 1..end].join("\n");
        let lang = classify(f.lang().as_deref(), &body, model);
        let indent = &lines[i][..lines[i].len() - lines[i].trim_start().len()];
        let marker = &lines[i].trim_start()[..f.len];
        let rest = f
            .info
            .split_once(char::is_whitespace)
            .map(|(_, r)| r)
            .unwrap_or("");
        let mut lang = lang;
        let mut restored = None;
        if lang == Lang::Python {
            let (fixed, outcome) = indent::restore(&body, model);
            if outcome == Outcome::Unparsed && reads_as_prose(&body) {
                // `import bisect.` / `lambda x: x * 2.`: a sentence about code, not a program.
                lang = Lang::Output;
                counts.prose += 1;
            } else {
                restored = Some((fixed, outcome));
            }
        }
        let label = lang.label();
        out.push(if rest.is_empty() {
            format!("{indent}{marker}{label}")
        } else {
            format!("{indent}{marker}{label} {rest}")
        });
        let body = if let Some((fixed, outcome)) = restored {
            counts.count(outcome);
            fixed
        } else {
            counts.other += 1;
            body
        };
        if end > i + 1 {
            out.extend(body.split('\n').map(str::to_string));
        }
        out.push(lines[end].to_string());
        i = end + 1;
    }
    (out.join("\n"), counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_get_labels_and_python_its_indentation() {
        // (answer, after)
        let cases = [
            (
                "Example:\n```\ndef f(n):\nreturn n\n```\nDone.",
                "Example:\n```python\ndef f(n):\n    return n\n```\nDone.",
            ),
            ("```\n>>> 1 + 1\n2\n```", "```pycon\n>>> 1 + 1\n2\n```"),
            (
                "```\n$ pip install flask\n```",
                "```console\n$ pip install flask\n```",
            ),
            ("```\nHello, World!\n```", "```text\nHello, World!\n```"),
            ("```js\nlet x = 1;\n```", "```js\nlet x = 1;\n```"),
            ("```python\nx = 1\n```", "```python\nx = 1\n```"),
            ("no code here", "no code here"),
        ];
        for (answer, want) in cases {
            assert_eq!(
                fix_blocks(answer, &crate::settings::for_tests().indent).0,
                want,
                "{answer}"
            );
        }
        let (_, counts) = fix_blocks(
            "```\ndef f():\nreturn 1\n```\n```python\nif x:\n<b>\n```",
            &crate::settings::for_tests().indent,
        );
        assert_eq!(
            (counts.python, counts.reindented, counts.unparsed),
            (2, 1, 1)
        );
    }
}
