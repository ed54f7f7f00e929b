//! One fragment per trap seen in real documents (issue 11), each through [`split`](super::split):
//! the questions it must give, in order, and nothing else.

use super::{split, Document, Split};
use std::collections::BTreeSet;

fn run(text: &str) -> Split {
    split(
        &Document {
            file: "fragment",
            text,
            mojibake_lines: &BTreeSet::new(),
        },
        &crate::settings::for_tests().cues,
    )
}

fn questions(text: &str) -> Vec<String> {
    run(text).records.into_iter().map(|r| r.question).collect()
}

#[test]
fn traps_from_real_documents() {
    let nb = serde_json::json!({
        "cells": [
            {"cell_type": "markdown", "source": ["# Python practice\n"]},
            {"cell_type": "code", "source": ["# Q3. Reverse a list\n", "xs = [1, 2]\n", "print(xs[::-1])\n", "# Q4. Sum a list\n", "print(sum(xs))\n"]}
        ],
        "nbformat": 4
    })
    .to_string();
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "1 table of questions with difficulty and category columns",
            "# Python questions\n\n| # | Question | Answer | Difficulty | Category |\n|---|---|---|---|---|\n| 1 | What is a list? | A mutable sequence. | Easy | Data types |\n| 2 | What does the GIL do? | Serialises bytecode. | Hard | Concurrency |\n".into(),
            vec!["What is a list?", "What does the GIL do?"],
        ),
        (
            "2a h3 Question N headings on a page",
            "<html><body><h1>Python Interview</h1>\n<h3>Question 1: What is PEP 8?</h3>\n<p>The style guide.</p>\n<h3>Question 2: What is a decorator?</h3>\n<p>A function wrapping a function.</p>\n</body></html>\n".into(),
            vec!["What is PEP 8?", "What is a decorator?"],
        ),
        (
            "2b numbered paragraphs on a blog page, then reader comments that quote a question",
            "<!doctype html><html><body><article><h1>Top questions</h1>\n<p>1. What is a tuple?</p>\n<p>An immutable sequence.</p>\n<p>2. What is a set?</p>\n<p>An unordered collection.</p>\n<p>3. What is a dict?</p>\n<p>A mapping.</p>\n</article>\n<section id=\"comments\"><h2>3 Comments</h2><p>Great post! 4. What is a frozenset? You missed it.</p></section>\n</body></html>\n".into(),
            vec!["What is a tuple?", "What is a set?", "What is a dict?"],
        ),
        (
            "3 numbered questions whose answers have numbered sub-headings",
            "# 100 Core Python Questions\n\n## 1. What are the key features of Python?\n\n### Key Features\n\n#### 1. Interpreted\n\nRuns line by line.\n\n#### 2. Dynamically Typed\n\nTypes at run time.\n\n## 2. What is PEP 8?\n\nA style guide.\n".into(),
            vec!["What are the key features of Python?", "What is PEP 8?"],
        ),
        (
            "4 details blocks whose answers repeat the same heading",
            "# Python\n\n<details><summary>1. What is a generator?</summary>\n\n### Answer\n\nA function that yields.\n\n</details>\n\n<details><summary>2. What is a context manager?</summary>\n\n### Answer\n\nAn object with enter and exit.\n\n</details>\n".into(),
            vec!["What is a generator?", "What is a context manager?"],
        ),
        (
            "5 keycap numbering, emoji level headings, '## # 3. Topic' sections",
            "# Python Q&A\n\n## 🟢 Basic Level\n\n### 1️⃣ What is a variable?\n\nA name for a value.\n\n## # 3. Functions\n\n### 1️⃣2️⃣ What is a lambda?\n\nAn anonymous function.\n".into(),
            vec!["What is a variable?", "What is a lambda?"],
        ),
        (
            "6 a contents list of anchor links that repeats every question",
            "# Python Interview Questions\n\n## Table of Contents\n\n1. [What is Python?](#1-what-is-python)\n2. [What is PEP 8?](#2-what-is-pep-8)\n\n## 1. What is Python?\n\nA language.\n\n## 2. What is PEP 8?\n\nA style guide.\n".into(),
            vec!["What is Python?", "What is PEP 8?"],
        ),
        (
            "7 a questions-only list whose sub-lists are options and code",
            "# Quiz\n\n1. Which of these is immutable?\n   - list\n   - tuple\n2. What will be printed?\n   ```python\n   print(1 + 1)\n   ```\n3. What does `len()` return?\n".into(),
            vec!["Which of these is immutable?", "What will be printed?", "What does `len()` return?"],
        ),
        (
            "8 plain paragraphs that ask, each followed by an Answer paragraph",
            "Python questions I was asked\n\nWhat is a list comprehension?\n\nAnswer: a compact way to build a list.\n\nWhat is slicing?\n\nAnswer: taking a part of a sequence.\n".into(),
            vec!["What is a list comprehension?", "What is slicing?"],
        ),
        (
            "9 '# Q3.' comment lines in notebook code cells",
            nb,
            vec!["Reverse a list", "Sum a list"],
        ),
        (
            "10 chat assistant chatter before and after the list",
            "Sure! Here's a list of Python interview questions:\n\n**1. What is a decorator?**\n\nA function that wraps another.\n\n**2. What is a generator?**\n\nA function that yields values.\n\nLet me know if you want more questions!\n".into(),
            vec!["What is a decorator?", "What is a generator?"],
        ),
        (
            "11 a Russian document: structure and cue words from schema/cues.json",
            "# Python\n\n## Последовательности\n\n### Что такое последовательность\n\nИтерабельный объект с доступом по индексу.\n\n### Можно ли изменить символ строки\n\nНет, строки неизменяемы.\n".into(),
            vec!["Что такое последовательность", "Можно ли изменить символ строки"],
        ),
        (
            "12 a triple backtick inside a line; an answer of code whose comments look like headings",
            "# Python\n\n## 1. How do you fence code in Markdown?\n\nWrite ``` on a line of its own, not inside a sentence like this ``` one.\n\n## 2. How do you reverse a list?\n\n```python\n# Reverse in place\nxs.reverse()\n# Or make a copy\nys = xs[::-1]\n```\n".into(),
            vec!["How do you fence code in Markdown?", "How do you reverse a list?"],
        ),
        (
            "a numbered list under a Questions heading, each answer after a <br>",
            "<h2>Practice Questions</h2>\n\n1. Briefly describe the `webbrowser` module.<br>\n*It opens URLs.*\n\n2. What does `requests.get()` return?<br>\n*A `Response`.*\n\n3. What checks that a download worked?<br>\n*`raise_for_status()`.*\n".into(),
            vec!["Briefly describe the `webbrowser` module.", "What does `requests.get()` return?", "What checks that a download worked?"],
        ),
        (
            "heading questions whose answers sit behind a <details> Answer reveal",
            "# Interview Questions\n\n###### 1. What is a list?\n\n<details><summary><b>Answer</b></summary>\nA mutable sequence.\n</details>\n\n###### 2. What is a tuple?\n\n<details><summary><b>Answer</b></summary>\nAn immutable sequence.\n</details>\n".into(),
            vec!["What is a list?", "What is a tuple?"],
        ),
        (
            "list items that open with a bold question, the answer after it; an ad between answers",
            "<html><body><h1>Dictionaries</h1><ol>\n<li><strong>What is a dictionary?</strong> A mapping.</li>\n<div class=\"ad-slot\"><p>What is the best laptop? Buy now!</p></div>\n<li><strong>How do you sort a dict by value?</strong> <code>sorted(d.items(), key=f)</code></li>\n<li><strong>What is a set?</strong> Unique items.</li>\n</ol></body></html>\n".into(),
            vec!["What is a dictionary?", "How do you sort a dict by value?", "What is a set?"],
        ),
    ];
    let mut failures = Vec::new();
    for (name, text, want) in &cases {
        let got = questions(text);
        if got != *want {
            failures.push(format!("{name}:\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn answers_keep_their_blocks_and_drop_chrome_and_chatter() {
    let s = run("Sure! Here's a list:\n\n**1. What is a decorator?**\n\nA function that wraps another.\n\n```python\n@cache\ndef f(): ...\n```\n\nLet me know if you want more!\n");
    let answer = s.records[0].answer.as_deref().unwrap();
    assert_eq!(
        answer,
        "A function that wraps another.\n\n```python\n@cache\ndef f(): ...\n```"
    );
    let reasons: Vec<&str> = s.rejects.iter().map(|r| r.reason.name()).collect();
    assert!(
        reasons.iter().filter(|r| **r == "chrome").count() >= 2,
        "{reasons:?}"
    );
}

#[test]
fn a_reveal_label_is_not_part_of_the_answer() {
    let s = run("# Q\n\n## 1. What is a list?\n\n<details><summary><b>Answer</b></summary>\nA mutable sequence.\n</details>\n");
    assert_eq!(s.records[0].answer.as_deref(), Some("A mutable sequence."));
}

#[test]
fn a_table_row_gives_difficulty_and_a_category_section() {
    let s = run("| Question | Answer | Difficulty | Category |\n|---|---|---|---|\n| What does the GIL do? | Serialises bytecode. | Hard | Concurrency |\n");
    let r = &s.records[0];
    assert_eq!(r.difficulty.as_deref(), Some("Hard"));
    assert_eq!(r.section, vec!["Concurrency".to_string()]);
    assert_eq!(r.answer.as_deref(), Some("Serialises bytecode."));
}

#[test]
fn every_non_blank_line_is_accounted_for_in_every_format() {
    let page = "<!doctype html>\n<html>\n<head><title>x</title></head>\n<body>\n<nav>Home</nav>\n<h2>1. What is PEP 8?</h2>\n<p>A guide.</p>\n</body>\n</html>\n";
    let bank =
        "[\n  {\n    \"question\": \"What is a list?\",\n    \"answer\": \"A sequence.\"\n  }\n]\n";
    let csv = "question,answer\nWhat is a set?,\"Unordered,\nunique\"\n";
    let rst = "Python\n======\n\nWhat is a list?\n---------------\n\nA sequence::\n\n    xs = []\n\n.. note:: x\n";
    for text in [page, bank, csv, rst] {
        let s = run(text);
        assert!(!s.records.is_empty(), "{text}");
        assert_eq!(s.lost_lines(text), Vec::<usize>::new(), "{text}");
    }
}

/// The traps of issue 22, each a fragment shaped like a real document's: the questions it must
/// give, the first answer's start, and every line accounted for.
#[test]
fn traps_of_real_documents_nobody_had_seen() {
    let cases: &[(&str, &str, &[&str], &str)] = &[
        (
            "YAML bank under category and level keys",
            "python:\n  easy:\n    - question: What is a list?\n      answer: A mutable sequence.\n    - question: What is a tuple?\n      answer: An immutable one.\n",
            &["What is a list?", "What is a tuple?"],
            "A mutable sequence.",
        ),
        (
            "JSON fragment pasted before the whole object, trailing commas",
            "  \"easy\": [\n    {\"q\": \"What is PEP 8?\", \"a\": \"The style guide.\"},\n  ],\n{\n  \"easy\": [\n    {\"q\": \"What is PEP 8?\", \"a\": \"The style guide.\"},\n    {\"q\": \"What is a set?\", \"a\": \"Unique items.\"},\n  ]\n}\n",
            &["What is PEP 8?", "What is a set?"],
            "The style guide.",
        ),
        (
            "reST post with underlined titles and no directive",
            ":Date: 2018-12-23\n\nIntro text.\n\nWhat is a static method?\n------------------------\n\nA function in a class.\n\nWhat is a generator?\n--------------------\n\nA function that uses ``yield``.\n",
            &["What is a static method?", "What is a generator?"],
            "A function in a class.",
        ),
        (
            "an HTML table in Markdown, its header row bold td cells",
            "<table>\n<tr><td><strong>Index</strong></td><td><strong>Question</strong></td><td><strong>Answer</strong></td></tr>\n<tr><td>1</td><td><strong>What is pep 8 ?</strong></td><td>A style guide.</td></tr>\n<tr><td>2</td><td>What is a list ?</td><td>A sequence.</td></tr>\n</table>\n",
            &["What is pep 8 ?", "What is a list ?"],
            "A style guide.",
        ),
        (
            "dunders and **kwargs in numbered items with their answers on the next line",
            "# Q\n\n7. What are *args and **kwargs?\nThey collect arguments.\n\n8. What is __init__?\n__init__ builds the object.\n",
            &["What are *args and **kwargs?", "What is __init__?"],
            "They collect arguments.",
        ),
        (
            "headings that are a label and a number, the question under them",
            "# Frage 1\nWas ist Python?\n- [ ] Eine Schlange\n- [x] Eine Sprache\n\n# Frage 2\nWas ist PEP 8?\n- [x] Ein Stilleitfaden\n",
            &["Was ist Python?", "Was ist PEP 8?"],
            "- [ ] Eine Schlange",
        ),
        (
            "decoration: emoji at both ends, a shortcode and a number",
            "# Quiz\n\n### 1. 🔧 ¿Cómo creas un decorador? 🔴\n\nA) `@decorator`\n\nB) `lambda`\n\n### 2. 🗄️ ¿Qué es un generador? 🟢\n\nUna función con `yield`.\n",
            &["¿Cómo creas un decorador?", "¿Qué es un generador?"],
            "A) `@decorator`",
        ),
        (
            "a chat export whose questions sit in broken code fences",
            "# Cheat sheet\n\n### 1. What is Python?\nA language.\n\n```\n2. What is a list vs tuple?\nList: mutable\n```\n```\n3. What are *args and **kwargs?\nVariable arguments.\n```\n",
            &["What is Python?", "What is a list vs tuple?", "What are *args and **kwargs?"],
            "A language.",
        ),
        (
            "questions shipped as data in a page's script",
            "<!doctype html><html><body><h1>Quiz</h1><div id=\"app\"></div>\n<script>\nconst QS = [\n  {level:\"basic\", q:\"What is PEP 8?\", a:\"The style guide.\"},\n  {level:\"hard\", q:\"What is the GIL?\", a:\"A lock.\"},\n];\n</script>\n</body></html>\n",
            &["What is PEP 8?", "What is the GIL?"],
            "The style guide.",
        ),
        (
            "every answer opens with the same label line: the document's template",
            "# Python\n\n## 1. What is Python?\n\n**Detailed Answer:**\nA language.\n\n## 2. What is PEP 8?\n\n**Detailed Answer:**\nThe style guide.\n\n## 3. What is a list?\n\n**Detailed Answer:**\nA sequence.\n",
            &["What is Python?", "What is PEP 8?", "What is a list?"],
            "A language.",
        ),
        (
            "numbered items that do not ask, each given an answer label",
            "### Input / Output\n1. Syntax of `input()`?  \n   **Answer:** \n2. Convert user input from string to int.  \n   **Answer:** \n3. Print items in one line.  \n   **Answer:** \n",
            &["Syntax of `input()`?", "Convert user input from string to int.", "Print items in one line."],
            "",
        ),
        (
            "reST directives titled with the question",
            "Python answers\n==============\n\n.. an:: What is Python really?\n   :tags: python\n\n   An interpreted language.\n\n.. an:: What is monkey patching?\n   :tags: python\n\n   Changing code at run time.\n",
            &["What is Python really?", "What is monkey patching?"],
            "An interpreted language.",
        ),
    ];
    let mut failures = Vec::new();
    for &(name, text, want, answer) in cases {
        let s = run(text);
        let got: Vec<&str> = s.records.iter().map(|r| r.question.as_str()).collect();
        let first = s
            .records
            .first()
            .and_then(|r| r.answer.as_deref())
            .unwrap_or("");
        if got != want || !first.starts_with(answer) {
            failures.push(format!("{name}: {got:?}, first answer {first:?}"));
        }
        if !s.lost_lines(text).is_empty() {
            failures.push(format!("{name}: lines lost {:?}", s.lost_lines(text)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What a front end took on trust is a finding: JSON read leniently, questions in code fences.
#[test]
fn liberties_taken_are_noted() {
    let kinds =
        |text: &str| -> Vec<String> { run(text).notes.into_iter().map(|n| n.kind).collect() };
    assert_eq!(kinds("[{\"q\": \"What is a list?\"},]"), ["lenient-json"]);
    assert_eq!(
        kinds("[{\"q\": \"What is a list?\"}]"),
        Vec::<String>::new()
    );
    assert_eq!(
        kinds("# Q\n\n```\n1. What is a list?\nA sequence.\n2. What is a set?\nUnique.\n```\n"),
        ["questions-in-code-fences"]
    );
    assert_eq!(
        kinds("# Q\n\n## What is a list?\n\n```\nxs = [1, 2]\nprint(xs)\n```\n"),
        Vec::<String>::new()
    );
}
