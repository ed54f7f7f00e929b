//! What each statement line is, whatever the layout before it: its names, its kind, the block
//! it opens, and the cues of where it stands.

use super::super::names::*;
use crate::stages::code::lines::{code_part, first_word, identifiers, Kind, Line};

/// What a statement line is, whatever the layout before it.
#[derive(Debug)]
pub struct Placing<'a> {
    pub(super) code: &'a str,
    /// The names it reads ([`reads`]).
    pub(super) reads: Vec<&'a str>,
    pub(super) signature: &'a str,
    pub(super) word: &'a str,
    pub(super) kind: LineKind,
    pub(super) used: Vec<&'a str>,
    /// It reads as top-level code.
    pub(super) cue: bool,
    /// An example of use: a call of a function or class defined above with literal arguments
    /// only (`greet("Alice")`, `c = Car("Toyota")`, `print(square(4))`). An answer's example
    /// stands at the top level; code inside a function calls with names (`factorial(n - 1)`).
    pub(super) example: bool,
    /// A `def` whose first parameter is not `self` or `cls`, with no `@staticmethod` or
    /// `@classmethod` line right before it.
    pub(super) plain_def: bool,
    /// A decorator line naming a function defined above.
    pub(super) own_decorator: bool,
    /// Right after an `# Output:`, `# Example` or `# Usage` comment.
    pub(super) after_output_comment: bool,
    /// A `def` whose first parameter is `self`: a method.
    pub(super) method: bool,
    pub(super) definition: bool,
    /// A `def` of a name some `return` returns.
    pub(super) closure: bool,
    /// The block's last statement, a `return`.
    pub(super) final_return: bool,
    /// The block it opens (also when its `:` ends a later, continued line).
    pub(super) opens: Option<&'static str>,
    /// The head of the next statement (`for name`).
    pub(super) next_head: &'a str,
    /// A blank line, or a comment, stands right before it.
    pub(super) blank_before: bool,
    pub(super) comment_before: bool,
}

/// The placing of each statement line (None for the other lines).
pub fn placings<'a>(lines: &[Line<'a>]) -> Vec<Option<Placing<'a>>> {
    let mut scan = Scan::new(lines);
    let mut out = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        match line.kind {
            Kind::Blank => scan.blank_before = true,
            Kind::Comment => scan.comment_before = true,
            _ => {}
        }
        if line.kind != Kind::Statement {
            scan.comment_cue |=
                line.kind == Kind::Comment && top_level_cue(line.body, &scan.defined);
            out.push(None);
            continue;
        }
        out.push(Some(scan.place(lines, index)));
        scan.blank_before = false;
        scan.comment_before = false;
    }
    out
}

/// What placing a statement needs of the other lines: the last statement and the names `return`
/// lines use, of all of them; the rest gathered line by line from the lines before it.
struct Scan<'a> {
    /// The last statement line.
    last_statement: Option<usize>,
    /// Names some `return` line uses: a function of that name defined inside another is a
    /// closure (`return wrapper`, `return pattern.sub(convert, text)`).
    returned: Vec<&'a str>,
    /// The functions and classes defined so far.
    defined: Vec<&'a str>,
    /// A comment since the last statement reads as top-level code (`# Output:`, `# Example`).
    comment_cue: bool,
    blank_before: bool,
    comment_before: bool,
}

impl<'a> Scan<'a> {
    fn new(lines: &[Line<'a>]) -> Self {
        Scan {
            last_statement: lines.iter().rposition(|l| l.kind == Kind::Statement),
            returned: lines
                .iter()
                .filter(|l| l.kind == Kind::Statement)
                .filter_map(|l| code_part(l.body).strip_prefix("return "))
                .flat_map(identifiers)
                .collect(),
            defined: Vec::new(),
            comment_cue: false,
            blank_before: false,
            comment_before: false,
        }
    }

    /// The placing of the statement at `index`; a `def` or `class` adds its name to the defined.
    fn place(&mut self, lines: &[Line<'a>], index: usize) -> Placing<'a> {
        let line = &lines[index];
        let after = &lines[index + 1..];
        let code = code_part(line.body);
        let word = first_word(code);
        let used = identifiers(code);
        let defined = &self.defined;
        // `print(f(5))` after `def f` shows its result; another `print` is anywhere.
        let cue = self.comment_cue
            || top_level_cue(line.body, defined)
            || (code.starts_with("print(") && used.iter().any(|n| defined.contains(n)));
        let example = example_call(code, defined);
        let plain_def = word == "def"
            && !decorated_static(&lines[..index])
            && !matches!(parameters(code).first().copied(), Some("self" | "cls"));
        let method = word == "def" && parameters(code).first() == Some(&"self");
        let own_decorator = code
            .strip_prefix('@')
            .is_some_and(|d| defined.contains(&first_word(d)));
        let definition = matches!(word, "def" | "class") || code.starts_with('@');
        let closure = definition && self.returned.contains(&def_name(code));
        if matches!(word, "def" | "class" | "async") {
            let name = def_name(code);
            if !name.is_empty() {
                self.defined.push(name);
            }
        }
        Placing {
            code,
            reads: reads_of(code, word, after),
            signature: signature(code),
            word,
            kind: line_kind(code),
            used,
            cue,
            example,
            plain_def,
            own_decorator,
            after_output_comment: std::mem::take(&mut self.comment_cue),
            method,
            definition,
            closure,
            final_return: Some(index) == self.last_statement && word == "return",
            next_head: after
                .iter()
                .find(|l| l.kind == Kind::Statement)
                .map_or("", |l| head_signature(code_part(l.body))),
            opens: opens(line.body, code, after),
            blank_before: self.blank_before,
            comment_before: self.comment_before,
        }
    }
}

/// The continued lines of a statement, from the lines after it.
fn continued<'l, 'a>(after: &'l [Line<'a>]) -> impl Iterator<Item = &'l Line<'a>> {
    after.iter().take_while(|l| l.kind == Kind::Continued)
}

/// The block a statement opens: a statement over several lines opens one when its last line ends
/// with `:`.
fn opens(body: &str, code: &str, after: &[Line]) -> Option<&'static str> {
    let last_part = continued(after).last().map_or(body, |l| l.body);
    if last_part == body {
        opener(body)
    } else {
        opener(&format!("{} {}", code, code_part(last_part)))
    }
}

/// Whether the statement before (of the lines `before`) is a `@staticmethod` or `@classmethod`
/// line.
fn decorated_static(before: &[Line]) -> bool {
    before
        .iter()
        .rev()
        .find(|l| l.kind == Kind::Statement)
        .is_some_and(|l| l.body.starts_with("@staticmethod") || l.body.starts_with("@classmethod"))
}

/// The names a statement reads. A `def` or `class` line binds its name and parameters; it reads
/// defaults and bases. A statement over several lines reads what its continued lines read (not the
/// text of a triple-quoted string).
fn reads_of<'a>(code: &'a str, word: &str, after: &[Line<'a>]) -> Vec<&'a str> {
    let mut read = reads(code);
    if matches!(word, "def" | "class" | "async") {
        let own = if word == "class" {
            Vec::new()
        } else {
            parameters(code)
        };
        let name = def_name(code);
        read.retain(|n| *n != name && !own.contains(n));
    }
    for l in continued(after)
        .filter(|l| !l.in_string && !l.body.contains("\"\"\"") && !l.body.contains("'''"))
    {
        read.extend(reads(code_part(l.body)));
    }
    read
}
