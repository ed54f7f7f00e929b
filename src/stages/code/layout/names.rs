//! What the layout model reads of Python's names and lines: what a line starts with, what kind
//! of line it is, which names it binds and reads, and the cues of code that stands at the top.

use super::super::lines::{code_part, first_word, identifiers};

/// What a line starts with: its first word, and the `.`, `(` or `[` right after it (`self.`,
/// `print(`, `return`).
pub(super) fn signature(code: &str) -> &str {
    let word = first_word(code);
    if word.is_empty() {
        return code.chars().next().map_or("", |c| &code[..c.len_utf8()]);
    }
    if code[word.len()..].starts_with(['.', '(', '[']) {
        &code[..word.len() + 1]
    } else {
        word
    }
}

/// What a block's header starts with: its first two words (`if not`, `for line`, `while True`).
pub(super) fn head_signature(code: &str) -> &str {
    let word = first_word(code);
    let rest = &code[word.len()..];
    let trimmed = rest.trim_start();
    let second = first_word(trimmed);
    if second.is_empty() || rest.len() == trimmed.len() {
        word
    } else {
        &code[..code.len() - trimmed.len() + second.len()]
    }
}

/// What kind of block an opener opens.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum BlockKind {
    If,
    Branch,
    Loop,
    Try,
    With,
    Def,
}

pub(super) fn block_kind(keyword: &str) -> BlockKind {
    match keyword {
        "if" => BlockKind::If,
        "elif" | "else" => BlockKind::Branch,
        "for" | "while" => BlockKind::Loop,
        "try" | "except" | "finally" => BlockKind::Try,
        "def" | "class" => BlockKind::Def,
        _ => BlockKind::With,
    }
}

/// What kind of statement a line is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LineKind {
    Return,
    Jump,
    If,
    Loop,
    Try,
    Def,
    Yield,
    Assign,
    Call,
    Other,
}

pub(super) fn line_kind(code: &str) -> LineKind {
    let word = first_word(code);
    match word {
        "return" | "raise" => LineKind::Return,
        "break" | "continue" | "pass" => LineKind::Jump,
        "if" => LineKind::If,
        "for" | "while" => LineKind::Loop,
        "try" | "with" => LineKind::Try,
        "def" | "class" | "async" => LineKind::Def,
        "yield" => LineKind::Yield,
        _ if code.starts_with('@') => LineKind::Def,
        _ if !assigned_names(code).is_empty() || augmented(code) => LineKind::Assign,
        _ if !word.is_empty() && code[word.len()..].starts_with(['(', '.']) => LineKind::Call,
        _ => LineKind::Other,
    }
}

pub(super) fn augmented(code: &str) -> bool {
    [
        "+=", "-=", "*=", "/=", "|=", "&=", "%=", "^=", "//=", "<<=", ">>=",
    ]
    .iter()
    .any(|op| code.contains(op))
}

/// The names a statement assigns (`a = ...`, `a, b = ...`, `a += ...`).
pub fn assigned_names(code: &str) -> Vec<&str> {
    let Some(at) = code.find('=') else {
        return Vec::new();
    };
    let bytes = code.as_bytes();
    if bytes.get(at + 1) == Some(&b'=') || (at > 0 && matches!(bytes[at - 1], b'!' | b'<' | b'>')) {
        return Vec::new();
    }
    let left = code[..at].trim_end_matches(['+', '-', '*', '/', '%', '|', '&', '^', ' ']);
    if left.contains('(') || left.contains('[') || left.contains('.') {
        return Vec::new();
    }
    let mut out = identifiers(left);
    // A chained assignment binds every target: `first = last = next(it)`.
    let mut rest = &code[at + 1..];
    while let Some(next) = rest.find('=') {
        let target = rest[..next].trim();
        let bytes = rest.as_bytes();
        let plain = bytes.get(next + 1) != Some(&b'=')
            && !(next > 0 && matches!(bytes[next - 1], b'!' | b'<' | b'>' | b'='))
            && !target.is_empty()
            && target
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == ',' || c == ' ');
        if !plain {
            break;
        }
        out.extend(identifiers(target));
        rest = &rest[next + 1..];
    }
    out
}

/// The names a statement binds where it stands: assignment targets, imports, a `def` or `class`.
pub(super) fn bound_by(code: &str) -> Vec<&str> {
    let word = first_word(code);
    match word {
        "import" => imported_names(&code[6..]),
        "from" => code
            .split_once(" import ")
            .map(|(_, names)| {
                imported_names(
                    names.trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace()),
                )
            })
            .unwrap_or_default(),
        "def" | "class" | "async" => vec![def_name(code)],
        _ => assigned_names(code),
    }
}

/// The names an import list binds: `a`, `b` of `a.x, y as b`.
pub(super) fn imported_names(list: &str) -> Vec<&str> {
    list.split(',')
        .filter_map(|part| {
            let part = part.trim();
            let name = part.rsplit_once(" as ").map_or(part, |(_, n)| n);
            identifiers(name).into_iter().next()
        })
        .collect()
}

/// The names a statement reads: identifiers outside strings, not after a `.`, not a keyword
/// argument's name, not a keyword.
pub(super) fn reads(code: &str) -> Vec<&str> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    // Names the statement binds itself: `for` targets (of a loop or a comprehension), `lambda`
    // parameters, `as` names. They are no reads of the names outside.
    let mut targets: Vec<&str> = Vec::new();
    #[derive(PartialEq)]
    enum Mode {
        Read,
        Targets,
        Parameters,
        As,
    }
    let mut mode = Mode::Read;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' || c == b'\'' {
            // Skip the string (a prefix like f or b was read as a name before it: harmless).
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            continue;
        }
        if c == b'#' {
            break;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let name = &code[start..i];
            let after_dot = code[..start].trim_end().ends_with('.');
            let rest = code[i..].trim_start();
            let keyword_argument = rest.starts_with('=') && !rest.starts_with("==");
            let string_prefix = i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'');
            match name {
                "for" => mode = Mode::Targets,
                "lambda" => mode = Mode::Parameters,
                "as" => mode = Mode::As,
                "in" if mode == Mode::Targets => mode = Mode::Read,
                _ if after_dot || string_prefix || is_keyword(name) => {}
                _ if mode != Mode::Read => {
                    targets.push(name);
                    if mode == Mode::As {
                        mode = Mode::Read;
                    }
                }
                _ if !keyword_argument => out.push(name),
                _ => {}
            }
            continue;
        }
        if c == b':' && mode == Mode::Parameters {
            mode = Mode::Read;
        }
        i += 1;
    }
    out.retain(|n| !targets.contains(n));
    out
}

pub(super) fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

/// The keyword a block opener starts with (`if`, `def`, ...), for a line ending with `:`.
pub fn opener(body: &str) -> Option<&'static str> {
    let code = code_part(body);
    if !code.ends_with(':') {
        return None;
    }
    let word = first_word(code);
    let word = if word == "async" {
        first_word(code[5..].trim_start())
    } else {
        word
    };
    const OPENERS: &[&str] = &[
        "def", "class", "if", "elif", "else", "for", "while", "try", "except", "finally", "with",
        "match", "case",
    ];
    OPENERS.iter().find(|&&o| o == word).copied()
}

/// Which openers a continuation keyword may follow.
pub(super) fn continues(word: &str) -> Option<&'static [&'static str]> {
    match word {
        "elif" => Some(&["if", "elif"]),
        "else" => Some(&["if", "elif", "for", "while", "try", "except"]),
        "except" => Some(&["try", "except"]),
        "finally" => Some(&["try", "except", "else"]),
        _ => None,
    }
}

/// Whether a statement ends what its block does: it leaves the block, or it is a `pass`.
pub(super) fn is_closer(code: &str) -> bool {
    leaves_block(code) || first_word(code) == "pass"
}

/// Whether a statement leaves its block: `return`, `raise`, `break`, `continue`, or an `assert
/// False`, which raises as surely.
pub(super) fn leaves_block(code: &str) -> bool {
    matches!(first_word(code), "return" | "raise" | "break" | "continue")
        || code.starts_with("assert False")
}

/// A line that reads as top-level code: a call of a function defined above, the main guard, an
/// `# Output:`-like comment.
pub(super) fn top_level_cue(body: &str, defined: &[&str]) -> bool {
    let code = code_part(body);
    let lower = body.to_ascii_lowercase();
    if lower.starts_with("# output")
        || lower.starts_with("# example")
        || lower.starts_with("# usage")
    {
        return true;
    }
    if code.starts_with("if __name__") {
        return true;
    }
    // `name(...)`, `x = name(...)`: a call of a function defined in this block.
    let call = code.split_once('=').map_or(code, |(left, right)| {
        if left.contains('(') || right.starts_with('=') {
            code
        } else {
            right.trim_start()
        }
    });
    let name = first_word(call);
    !name.is_empty() && call[name.len()..].starts_with('(') && defined.contains(&name)
}

/// A statement that calls a function or class defined above with literal arguments only: the
/// call (`f(...)`, `x = f(...)`, `print(f(...))`) as a whole, and every argument a number, a
/// string, `True`/`False`/`None` or a keyword argument with such a value.
pub(super) fn example_call(code: &str, defined: &[&str]) -> bool {
    // `for a in [Animal(), Dog()]:`: a loop over examples.
    if let Some((_, iterable)) = code
        .strip_prefix("for ")
        .and_then(|c| c.strip_suffix(':'))
        .and_then(|c| c.split_once(" in "))
    {
        let iterable = iterable.trim();
        let inner = iterable
            .strip_prefix('[')
            .and_then(|i| i.strip_suffix(']'))
            .or_else(|| iterable.strip_prefix('(').and_then(|i| i.strip_suffix(')')));
        return inner.is_some_and(|inner| {
            identifiers(inner).iter().any(|n| defined.contains(n))
                && literal_arguments(inner, defined)
        });
    }
    let call = match code.split_once('=') {
        Some((left, right)) if !right.starts_with('=') && !left.contains('(') => right.trim(),
        _ => code,
    };
    let call = call
        .strip_prefix("print(")
        .and_then(|c| c.strip_suffix(')'))
        .map_or(call, str::trim);
    let name = first_word(call);
    if name.is_empty() || !defined.contains(&name) {
        return false;
    }
    // `Example.static_method()`: a method of a class defined above, called on the class.
    let mut rest = &call[name.len()..];
    if let Some(attribute) = rest.strip_prefix('.') {
        let method = first_word(attribute);
        if method.is_empty() {
            return false;
        }
        rest = &attribute[method.len()..];
    }
    let Some(args) = rest.strip_prefix('(').and_then(|a| a.strip_suffix(')')) else {
        return false;
    };
    literal_arguments(args, defined)
}

/// Arguments that are all literals, or calls of names defined above with literal arguments
/// (`Cat()`, `Point(1, 2)`).
pub(super) fn literal_arguments(args: &str, defined: &[&str]) -> bool {
    // Split at the commas outside brackets and strings.
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None, 0);
    for (i, c) in args.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&args[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&args[start..]);
    parts.into_iter().all(|a| {
        let a = a.trim();
        let value = match a.split_once('=') {
            Some((name, v)) if first_word(name.trim()) == name.trim() => v.trim(),
            _ => a,
        };
        let name = first_word(value);
        value.is_empty()
            || matches!(value, "True" | "False" | "None")
            || value.parse::<f64>().is_ok()
            || ((value.starts_with('"') || value.starts_with('\''))
                && (value.ends_with('"') || value.ends_with('\''))
                && value.len() >= 2)
            || (!name.is_empty()
                && defined.contains(&name)
                && value[name.len()..]
                    .strip_prefix('(')
                    .and_then(|v| v.strip_suffix(')'))
                    .is_some_and(|inner| literal_arguments(inner, defined)))
    })
}

/// The name a `def` or `class` line defines.
pub(super) fn def_name(code: &str) -> &str {
    let word = first_word(code);
    let rest = code[word.len()..].trim_start();
    if word == "async" {
        return def_name(rest);
    }
    first_word(rest)
}

/// The names of a comma-separated list of targets or parameters: the name before `=` or `:` in
/// each (`x`, `*args`, `key=None`, `n: int`).
pub(super) fn listed_names(list: &str) -> Vec<&str> {
    list.split(',')
        .filter_map(|p| {
            let p = p.split(['=', ':']).next()?.trim().trim_start_matches('*');
            identifiers(p).into_iter().next()
        })
        .collect()
}

/// A `def` line's parameters, `self` and `cls` included.
pub(super) fn parameters(code: &str) -> Vec<&str> {
    code.split_once('(')
        .and_then(|(_, rest)| rest.rsplit_once(')'))
        .map_or_else(Vec::new, |(params, _)| listed_names(params))
}

/// The names a block opener binds for its body.
pub(super) fn bound_names<'a>(keyword: &str, code: &'a str) -> Vec<&'a str> {
    let names = match keyword {
        "def" => parameters(code),
        "for" => code
            .split_once("for ")
            .and_then(|(_, rest)| rest.split_once(" in "))
            .map_or_else(Vec::new, |(targets, _)| listed_names(targets)),
        "with" | "except" => code
            .rsplit_once(" as ")
            .map_or_else(Vec::new, |(_, name)| listed_names(name)),
        _ => Vec::new(),
    };
    names
        .into_iter()
        .filter(|n| !matches!(*n, "self" | "cls" | "in"))
        .collect()
}
