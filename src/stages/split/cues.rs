//! Judgements about a single line's text that every layout shares: does it read like a
//! question, like a heading, like code, like the close of a page?

use serde::Deserialize;
use std::collections::HashSet;

/// The cue words of `schema/cues.json`, per language, merged: a document in any of the languages
/// is read with all of them (a Russian page quotes English terms, an English one Russian).
#[derive(Debug, Clone, Default)]
pub struct Cues {
    question_marks: Vec<char>,
    openers: HashSet<String>,
    /// Openers of five letters or more by their first letter: the ones a misspelt word (same
    /// first letter) is compared with.
    long_openers: std::collections::HashMap<char, Vec<String>>,
    /// Openers of more than one word (`в чем`, `can you`), longest first.
    phrases: Vec<String>,
    conditional: HashSet<String>,
    contains: Vec<String>,
    answer_labels: HashSet<String>,
    question_labels: HashSet<String>,
    chatter: Vec<String>,
    closing: HashSet<String>,
    question_words: Vec<String>,
    /// Some phrase or inner cue word is plain ASCII, so ASCII text must be searched for them.
    ascii_phrases: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CuesFile {
    #[serde(rename = "$comment", default)]
    _comment: String,
    question_marks: Vec<String>,
    languages: std::collections::BTreeMap<String, LanguageCues>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct LanguageCues {
    openers: Vec<String>,
    conditional_openers: Vec<String>,
    contains: Vec<String>,
    answer_labels: Vec<String>,
    question_labels: Vec<String>,
    chatter: Vec<String>,
    closing_headings: Vec<String>,
    question_words: Vec<String>,
}

impl Cues {
    /// Builds the cues from the text of `cues.json`.
    pub fn from_json(text: &str) -> Result<Cues, String> {
        let file: CuesFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut cues = Cues {
            question_marks: file
                .question_marks
                .iter()
                .filter_map(|m| m.chars().next())
                .collect(),
            ..Cues::default()
        };
        let lower = |v: &[String]| {
            v.iter()
                .map(|s| s.trim().to_lowercase())
                .collect::<Vec<_>>()
        };
        for lang in file.languages.values() {
            for o in lower(&lang.openers) {
                if o.contains(' ') {
                    cues.phrases.push(o);
                } else {
                    cues.openers.insert(o);
                }
            }
            cues.conditional.extend(lower(&lang.conditional_openers));
            cues.contains.extend(lower(&lang.contains));
            cues.answer_labels.extend(lower(&lang.answer_labels));
            cues.question_labels.extend(lower(&lang.question_labels));
            cues.chatter.extend(lower(&lang.chatter));
            cues.closing.extend(lower(&lang.closing_headings));
            cues.question_words.extend(lower(&lang.question_words));
        }
        cues.phrases
            .sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let mut long: Vec<&String> = cues.openers.iter().filter(|o| o.len() >= 5).collect();
        long.sort();
        for o in long {
            if let Some(first) = o.chars().next() {
                cues.long_openers.entry(first).or_default().push(o.clone());
            }
        }
        cues.ascii_phrases = cues
            .phrases
            .iter()
            .chain(&cues.contains)
            .any(|p| p.is_ascii());
        Ok(cues)
    }

    /// A heading that says its section holds questions: `Practice Questions`, `Вопросы HR'у`.
    pub fn names_questions(&self, heading: &str) -> bool {
        let h = heading.to_lowercase();
        self.question_words.iter().any(|w| {
            h.split(|c: char| !c.is_alphanumeric() && c != '&')
                .any(|word| word == w.as_str())
                || (!w.is_ascii() && h.contains(w.as_str()))
        })
    }

    /// Is `word` (lower case) the word of an answer label (`A`, `Answer`, `Ответ`)?
    pub fn is_answer_label(&self, word: &str) -> bool {
        self.answer_labels.contains(word)
    }

    /// Is `word` (lower case) the word of a question label (`Q`, `Question`, `Вопрос`)?
    pub fn is_question_label(&self, word: &str) -> bool {
        self.question_labels.contains(word)
    }

    /// A chat assistant's remark around the list: `Sure! Here's…`, `Let me know if…`.
    pub fn is_chatter(&self, text: &str) -> bool {
        let t = text.trim().to_lowercase();
        self.chatter.iter().any(|c| t.starts_with(c.as_str()))
    }

    /// `Implmeent`, `Expalin`: a long opener with a typo (same first letter, about the same length,
    /// nearly the same letters).
    fn is_misspelt_opener(&self, word: &str) -> bool {
        word.len() >= 5
            && word
                .chars()
                .next()
                .and_then(|c| self.long_openers.get(&c))
                .is_some_and(|os| os.iter().any(|o| crate::text::words::misspelt(o, word)))
    }

    /// Reads like a question or an interview task: ends with `?`, opens with a question word or an
    /// imperative task verb, or sets two things against each other (`List vs Tuple`).
    pub fn is_question_like(&self, text: &str) -> bool {
        // Decoration at either end (`🔧 How…? 🔴`) is not part of what the text says.
        let t =
            super::question::strip_decoration(text.trim().trim_end_matches(['*', '_']).trim_end());
        if t.is_empty() {
            return false;
        }
        let cues = self;
        if t.ends_with(cues.question_marks.as_slice()) {
            return true;
        }
        let word = first_word(t);
        if cues.openers.contains(word.as_str()) || self.is_misspelt_opener(&word) {
            // "In production, …" or "Using X …" only count as a question when they end as one.
            return !cues.conditional.contains(word.as_str()) || t.ends_with(':');
        }
        // Phrases and inner cue words are in other scripts (`в чем`, `什么`): ASCII text needs no
        // lower-cased copy unless a phrase of ASCII letters is in the file.
        if (!t.is_ascii() || cues.ascii_phrases)
            && (!cues.phrases.is_empty() || !cues.contains.is_empty())
        {
            let lower = t.to_lowercase();
            let body = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
            if cues.phrases.iter().any(|p| starts_with_phrase(body, p))
                || cues.contains.iter().any(|c| lower.contains(c.as_str()))
            {
                return true;
            }
        }
        // `List vs Tuple vs Set`: a comparison title, not a sentence that happens to hold "vs".
        let lower = t.to_lowercase();
        let comparison =
            lower.contains(" vs ") || lower.contains(" vs. ") || lower.contains(" versus ");
        comparison && !t.ends_with('.') && t.split_whitespace().count() <= 10
    }

    /// `Final Thoughts`, `Conclusion`: what follows is the page's closing, not questions.
    pub fn is_closing_heading(&self, text: &str) -> bool {
        let t = text
            .trim()
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim()
            .trim_end_matches([':', '.'])
            .to_lowercase();
        self.closing.contains(t.as_str())
    }
}

fn first_word(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '('))
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .to_lowercase()
}

/// `body` opens with the words of `phrase`, ending at a word boundary.
fn starts_with_phrase(body: &str, phrase: &str) -> bool {
    body.strip_prefix(phrase)
        .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
}

/// A short title-like line: no sentence punctuation at the end, mostly capitalised words, no
/// code. `Python Interview Questions for Freshers`, `Final Thoughts`, `Core Python Concepts`.
pub fn is_heading_like(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(')
        .trim();
    let chars = t.chars().count();
    if !(3..=120).contains(&chars) || t.ends_with(['.', ',', ';', ':', '?', '!', '=']) {
        return false;
    }
    if looks_like_code(t) || t.contains('|') || t.contains('\t') {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() > 16 {
        return false;
    }
    let significant: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    if significant.is_empty() {
        return words
            .iter()
            .any(|w| w.starts_with(|c: char| c.is_uppercase()));
    }
    let capitalised = significant
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
        .count();
    capitalised * 10 >= significant.len() * 6
}

/// Statements that open a block are code only with their colon (`for x in y:`), so that prose
/// (`for the first time`, `with care`) and flattened table rows (`lambda Anonymous functions`)
/// are not taken for code.
const BLOCK_OPENERS: &[&str] = &[
    "def ",
    "class ",
    "async def ",
    "with ",
    "async with ",
    "for ",
    "async for ",
    "while ",
    "if ",
    "elif ",
    "else",
    "try",
    "except",
    "finally",
    "lambda ",
];

/// Lines that open with these are statements, commands or markup.
const STATEMENTS: &[&str] = &[
    "import ",
    "return",
    "yield ",
    "raise ",
    "await ",
    "print(",
    "@",
    ">>> ",
    "pip ",
    "python ",
    "python3 ",
    "docker ",
    "gunicorn ",
    "uvicorn ",
    "celery ",
    "$ ",
    "{%",
    "{{",
    "<!--",
    "</",
    "FROM ",
    "RUN ",
    "COPY ",
    "CMD ",
    "WORKDIR ",
    "EXPOSE ",
    "ENV ",
    "pass",
    "break",
    "continue",
    "del ",
    "global ",
    "nonlocal ",
    "assert ",
    "self.",
    "super(",
];

/// A line of source code rather than prose: Python statements, calls, assignments, comments
/// inside code, shell commands, markup.
pub fn looks_like_code(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return false;
    }
    // `file.write("x") # Write text`: judge the statement, not its trailing comment.
    let t = match t.find(" # ") {
        Some(at) if at > 0 => t[..at].trim_end(),
        _ => t,
    };
    if BLOCK_OPENERS.iter().any(|s| t.starts_with(s)) {
        return t.contains(':') && !t.starts_with("If ");
    }
    if t.starts_with("from ") {
        return t.contains(" import ");
    }
    if STATEMENTS.iter().any(|s| t.starts_with(s)) {
        // `return the value` and `passing` are prose; `return x` and `pass` are code.
        let word_end = t.find([' ', '(']).unwrap_or(t.len());
        let word = &t[..word_end];
        return !matches!(word, "passes" | "passing" | "returns" | "returning")
            && !t.starts_with("return the ");
    }
    if t.starts_with('#') && !t.starts_with("#!") {
        return false;
    }
    if is_assignment(t) || is_single_call(t) {
        return true;
    }
    // A lone identifier line or a closing bracket.
    matches!(t.as_bytes().first(), Some(b'}' | b']' | b')')) && t.len() <= 3
}

/// `name = value`, `x += 1`, `obj.attr = value`, `items[0] = value`.
fn is_assignment(t: &str) -> bool {
    let Some(eq) = t
        .find(" = ")
        .or_else(|| t.find("+="))
        .or_else(|| t.find("-="))
    else {
        return false;
    };
    let left = &t[..eq];
    !left.is_empty() && left.split_whitespace().count() <= 2 && !left.contains(' ')
        || left.contains('[')
        || left.contains('.')
}

/// `name(args)`, `obj.method(args):`, `f(x)[0]`: one call that spans the whole line, as opposed
/// to prose that starts with one (`ClassName.mro() or help(ClassName) calls show the order.`).
fn is_single_call(t: &str) -> bool {
    let Some(open) = t.find('(') else {
        return false;
    };
    let head = &t[..open];
    if head.is_empty()
        || !head
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '"' | '\''))
    {
        return false;
    }
    let mut depth = 0i32;
    for (i, c) in t.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    let rest = t[i + 1..].trim();
                    return rest.is_empty()
                        || matches!(rest, ":" | ";" | ",")
                        || rest.starts_with(['.', '[', '(']) && !rest.contains(' ');
                }
            }
            _ => {}
        }
    }
    false
}

/// A code comment line inside code (`# Output: 3`), as opposed to a Markdown heading.
pub fn is_code_comment(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("# ") || t.starts_with("#!") || t == "#"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_from_the_seeds() {
        let yes = [
            "What is Python?",
            "Explain memory management in Python.",
            "Difference between is and == in Python.",
            "Implement an LRU cache using OrderedDict.",
            "Write code to fetch 100 URLs using:",
            "Time complexity of:",
            "List vs Tuple vs Set vs Dictionary",
            "Scenario: Your API response is taking too long. How would you debug and optimize it?",
            "When should you use finally block?",
            "Tell me about a time you optimized Python code for performance.",
        ];
        let no = [
            "Core Python Concepts",
            "Fluency in Python features (decorators, generators, context managers).",
            "Infinite counter",
            "Python automatically detects the type.",
            "Install Redis:",
            "Threads",
        ];
        for t in yes {
            assert!(crate::settings::for_tests().cues.is_question_like(t), "{t}");
        }
        for t in no {
            assert!(
                !crate::settings::for_tests().cues.is_question_like(t),
                "{t}"
            );
        }
        // A task verb opens a fragment too: the cue says yes, and the callers' length check is
        // what keeps it out.
        assert!(crate::settings::for_tests()
            .cues
            .is_question_like("Compare performance."));
    }

    #[test]
    fn headings_from_the_seeds() {
        let yes = [
            "Python Interview Questions for Freshers",
            "Python Interview Questions For 2&3 Years Experience",
            "Top Python Django Interview Questions & Answers for 10+ Years Experienced Candidates",
            "Final Thoughts",
            "Core Python Concepts",
            "📌 Practice Questions (Self-test)",
        ];
        let no = [
            "Example:",
            "Python automatically detects the type.",
            "print(type(x))",
            "Feature | Threads | Processes |",
            "x = 10 # Integer",
        ];
        for t in yes {
            assert!(is_heading_like(t), "{t}");
        }
        for t in no {
            assert!(!is_heading_like(t), "{t}");
        }
        assert!(crate::settings::for_tests()
            .cues
            .is_closing_heading("Final Thoughts"));
        assert!(!crate::settings::for_tests()
            .cues
            .is_closing_heading("Python Interview Questions for Freshers"));
    }

    #[test]
    fn code_lines_from_the_seeds() {
        let yes = [
            "def wrapper():",
            "print(\"Hello\")",
            "x = 10 # Integer",
            "import itertools",
            "my_list.append([4, 5])",
            "gen = count()",
            "@decorator",
            "return wrapper",
            "docker build -t myapp .",
            "from functools import reduce",
            "with open(\"f\") as f:",
            "file.write(\"Hello, World!\") # Write text",
        ];
        let no = [
            "Python code is executed line by line.",
            "If the list is empty, return None.",
            "Example:",
            "- List: Mutable (can be changed), defined using [].",
            "lambda Anonymous functions",
            "for the first time, it works.",
            "from the standard library",
            "ClassName.mro() or help(ClassName) calls show the order.",
        ];
        for t in yes {
            assert!(looks_like_code(t), "{t}");
        }
        for t in no {
            assert!(!looks_like_code(t), "{t}");
        }
    }
}
