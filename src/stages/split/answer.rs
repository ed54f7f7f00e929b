//! Turning a record's answer lines into Markdown: code regrouped into fenced blocks with a
//! language where it is recognisable, copy-button debris dropped, prose kept as it was.
//!
//! Scraped answers hold code with no fences (blog pages), fences that do not match the code
//! (chat exports: `python` / `CopyEdit` lines, prose inside a fence, code outside it), and code
//! whose dashes are typographic. Each line is judged code or prose on its own and by its
//! neighbours; consecutive code lines become one block.

use super::cues::{is_code_comment, is_heading_like, looks_like_code};
use crate::model::FixKind;
use crate::text::dashes;

/// One line handed to the formatter.
#[derive(Debug, Clone)]
pub struct AnswerLine {
    pub text: String,
    /// Inside a fence of the source.
    pub fenced: bool,
    /// A language named by the fence or a label near it.
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Code,
    Prose,
    Blank,
}

/// Formats answer lines; `None` when nothing is left. Fixes made to code (dashes) and debris
/// dropped are counted in `fixes`.
pub fn format(lines: &[AnswerLine], fixes: &mut Vec<(FixKind, String, String)>) -> Option<String> {
    let cleaned: Vec<AnswerLine> = lines
        .iter()
        .map(|l| AnswerLine {
            text: drop_inline_debris(&l.text, fixes),
            ..l.clone()
        })
        .collect();
    let kinds = judge(&cleaned);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < cleaned.len() {
        match kinds[i] {
            Kind::Blank => {
                if out.last().is_some_and(|l| !l.is_empty()) {
                    out.push(String::new());
                }
                i += 1;
            }
            Kind::Prose => {
                let line = prose_line(&cleaned[i].text);
                // `…should be cacheable.` / blank / `and scalable.`: a paragraph broken mid-sentence.
                if let Some(joined) = continue_paragraph(&out, &line) {
                    while out.last().is_some_and(|l| l.is_empty()) {
                        out.pop();
                    }
                    out.pop();
                    out.push(joined);
                } else {
                    out.push(line);
                }
                i += 1;
            }
            Kind::Code => {
                let start = i;
                let mut end = i;
                let lang_of = |k: usize| cleaned[k].lang.clone();
                while end + 1 < cleaned.len() {
                    match kinds[end + 1] {
                        // A block ends where a different language is named (a view, then its template).
                        Kind::Code
                            if lang_of(end + 1).is_some()
                                && lang_of(end + 1) != lang_of(start)
                                && lang_of(start).is_some() =>
                        {
                            break
                        }
                        Kind::Code => end += 1,
                        Kind::Blank
                            if (end + 2..cleaned.len())
                                .find(|&k| kinds[k] != Kind::Blank)
                                .is_some_and(|k| kinds[k] == Kind::Code) =>
                        {
                            end += 1
                        }
                        _ => break,
                    }
                }
                let body: Vec<&str> = cleaned[start..=end]
                    .iter()
                    .map(|l| l.text.trim_end())
                    .collect();
                let lang = cleaned[start]
                    .lang
                    .clone()
                    .or_else(|| guess_language(&body));
                if out.last().is_some_and(|l| !l.is_empty()) {
                    out.push(String::new());
                }
                out.push(format!("```{}", lang.unwrap_or_default()));
                let code = dedent(&body).join("\n");
                let code = code.trim_matches('\n');
                out.push(dashes::code_dashes(code, fixes));
                out.push("```".into());
                i = end + 1;
            }
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let text = out.join("\n").trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// `python CopyEdit # models.py …`: copy-button words inside a collapsed line.
fn drop_inline_debris(text: &str, fixes: &mut Vec<(FixKind, String, String)>) -> String {
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

fn judge(lines: &[AnswerLine]) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = lines
        .iter()
        .map(|l| {
            let t = l.text.trim();
            if t.is_empty() {
                Kind::Blank
            } else if l.fenced && !reads_as_prose(t) || looks_like_code(t) {
                Kind::Code
            } else {
                Kind::Prose
            }
        })
        .collect();
    // Comments and indented lines next to code are code (`# Output: 3`, a flush-left body).
    for _ in 0..2 {
        for i in 0..lines.len() {
            if kinds[i] != Kind::Prose {
                continue;
            }
            let t = lines[i].text.as_str();
            let near_code = neighbour(&kinds, i, -1) == Some(Kind::Code)
                || neighbour(&kinds, i, 1) == Some(Kind::Code);
            let indented =
                (t.starts_with("    ") || t.starts_with('\t')) && !reads_as_prose(t.trim());
            if near_code
                && (is_code_comment(t)
                    || indented && neighbour(&kinds, i, -1) == Some(Kind::Code)
                    || is_bare_statement(t))
            {
                kinds[i] = Kind::Code;
            }
        }
    }
    kinds
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

/// A line that continues the previous prose paragraph across a blank line: it opens with a
/// lower-case conjunction, and the paragraph before it is a plain sentence.
fn continue_paragraph(out: &[String], line: &str) -> Option<String> {
    const CONJUNCTIONS: &[&str] = &[
        "and", "or", "but", "nor", "so", "yet", "which", "that", "with", "as", "while",
    ];
    let first = line.split_whitespace().next()?;
    if !CONJUNCTIONS.contains(&first) || out.last().is_some_and(|l| !l.is_empty()) {
        return None;
    }
    let previous = out.iter().rev().find(|l| !l.is_empty())?;
    if previous.starts_with("```")
        || previous.starts_with(['-', '*', '|', '#'])
        || !previous.ends_with('.')
    {
        return None;
    }
    Some(format!("{} {line}", previous.trim_end_matches('.')))
}

/// Bullets written with `•` become Markdown list items.
fn prose_line(text: &str) -> String {
    let t = text.trim_end();
    match t
        .trim_start()
        .strip_prefix("• ")
        .or_else(|| t.trim_start().strip_prefix("•\t"))
    {
        Some(rest) => format!("- {}", rest.trim_start()),
        None => t.to_string(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, fenced: bool) -> Vec<AnswerLine> {
        text.split('\n')
            .map(|t| AnswerLine {
                text: t.into(),
                fenced,
                lang: None,
            })
            .collect()
    }

    #[test]
    fn regroups_unfenced_code_from_a_blog_page() {
        // Seed 001, freshers Q10: prose, an "Example:" label and flush-left code.
        let src = "- == compares values.\n- is compares object identity.\nExample:\na = [1, 2, 3]\nb = [1, 2, 3]\nprint(a == b) # True\nprint(a is b) # False";
        let got = format(&lines(src, false), &mut Vec::new()).unwrap();
        assert_eq!(got, "- == compares values.\n- is compares object identity.\nExample:\n\n```python\na = [1, 2, 3]\nb = [1, 2, 3]\nprint(a == b) # True\nprint(a is b) # False\n```");
    }

    #[test]
    fn keeps_prose_out_of_a_chat_export_fence_and_drops_debris() {
        // Seed 002, Django#2: a collapsed line with copy-button words, then a fenced view.
        let mut src = lines(
            "Description Componen t Model classes. ✓ Example: python CopyEdit # models.py",
            false,
        );
        src.extend(lines("from .models import Book\n\ndef book_list(request):\n    books = Book.objects.all()\n    return render(request, \"books.html\", {\"books\": books})", true));
        let mut fixes = Vec::new();
        let got = format(&src, &mut fixes).unwrap();
        assert!(!got.contains("CopyEdit"), "{got}");
        assert!(got.contains("```python\nfrom .models import Book\n\ndef book_list(request):\n    books = Book.objects.all()"), "{got}");
        assert_eq!(fixes.iter().filter(|f| f.0 == FixKind::Artifact).count(), 1);
    }

    #[test]
    fn an_orphan_tail_line_ends_the_paragraph_it_was_cut_from() {
        // Seed 000, Q10: the answer's last words were split off by a paragraph break.
        let src = "REST APIs use status codes and should be cacheable.\n\nand scalable.";
        assert_eq!(
            format(&lines(src, false), &mut Vec::new()).unwrap(),
            "REST APIs use status codes and should be cacheable and scalable."
        );
    }

    #[test]
    fn prose_that_opens_with_a_call_stays_prose() {
        let src =
            "ClassName.mro() or help(ClassName) calls show the order.Diamond Problem Example:";
        assert_eq!(format(&lines(src, false), &mut Vec::new()).unwrap(), src);
        let code = "file = open(\"test.txt\", \"w\") # Open file\nfile.write(\"Hello\") # Write text\nfile.close() # Close file";
        assert_eq!(
            format(&lines(code, false), &mut Vec::new()).unwrap(),
            format!("```python\n{code}\n```")
        );
    }

    #[test]
    fn code_gets_ascii_dashes_and_empty_answers_are_none() {
        let got = format(
            &lines("def factorial(n):\nreturn n * factorial(n – 1)", false),
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(
            got,
            "```python\ndef factorial(n):\nreturn n * factorial(n - 1)\n```"
        );
        assert_eq!(format(&lines("\n\n", false), &mut Vec::new()), None);
    }
}
