//! The lines of a Python block as the layout model reads them: statement, continued line,
//! comment or blank, with a small scanner of brackets, strings and comments, and the words a line
//! starts with and uses. Below both the restorer (`indent`) and the model (`layout`).

/// What a line of a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Blank,
    Comment,
    /// Inside brackets or a triple-quoted string opened on an earlier line: text kept.
    Continued,
    Statement,
}

#[derive(Debug)]
pub struct Line<'a> {
    pub text: &'a str,
    /// Without its leading whitespace.
    pub body: &'a str,
    pub kind: Kind,
    /// Leading columns as written (a tab counts 4).
    pub columns: usize,
    /// It starts inside a triple-quoted string (text, not code).
    pub in_string: bool,
}

/// Kinds of each line: a small scanner of brackets, strings and comments.
pub fn analyse(code: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut open = 0i32;
    let mut triple: Option<&str> = None;
    for text in code.lines() {
        let body = text.trim_start();
        let columns = text[..text.len() - body.len()]
            .chars()
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let in_string = triple.is_some();
        let kind = if open > 0 || triple.is_some() {
            Kind::Continued
        } else if body.is_empty() {
            Kind::Blank
        } else if body.starts_with('#') {
            Kind::Comment
        } else {
            Kind::Statement
        };
        // Scan the line for brackets and strings.
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if let Some(q) = triple {
                if bytes[i..].starts_with(q.as_bytes()) {
                    triple = None;
                    i += 3;
                } else {
                    i += 1;
                }
                continue;
            }
            match bytes[i] {
                b'#' => break,
                b'(' | b'[' | b'{' => open += 1,
                b')' | b']' | b'}' => open = (open - 1).max(0),
                q @ (b'"' | b'\'') => {
                    let three = if q == b'"' { "\"\"\"" } else { "'''" };
                    if bytes[i..].starts_with(three.as_bytes()) {
                        triple = Some(three);
                        i += 3;
                        continue;
                    }
                    // A one-line string: skip to its end.
                    i += 1;
                    while i < bytes.len() && bytes[i] != q {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                }
                _ => {}
            }
            i += 1;
        }
        out.push(Line {
            text,
            body,
            kind,
            columns,
            in_string,
        });
    }
    out
}

/// The code of a statement without a trailing comment (roughly: a `#` outside quotes).
pub fn code_part(body: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in body.char_indices() {
        match (quote, c) {
            (None, '#') => return body[..i].trim_end(),
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    body.trim_end()
}

pub fn first_word(body: &str) -> &str {
    let end = body
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    &body[..end]
}

/// The identifiers a line uses.
pub fn identifiers(code: &str) -> Vec<&str> {
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
        })
        .collect()
}
