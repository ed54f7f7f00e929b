//! Properties of the stages over generated input (proptest).

use proptest::prelude::*;
use qclean::settings::Settings;
use qclean::stages::repair::repair;
use qclean::stages::split::{split, Document};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The built-in settings, built once for the properties.
fn settings() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(Settings::built_in)
}

/// Text made of the pieces scraped documents are made of: ASCII, mojibake, curly quotes, dashes,
/// entities, fences, list markers, numbers, control and invisible characters, line breaks.
fn scraped_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[ -~]{0,12}",
        Just("â€™".to_string()),
        Just("Ã©".to_string()),
        Just("“".to_string()),
        Just("–".to_string()),
        Just("&amp;".to_string()),
        Just("&#8217;".to_string()),
        Just("```".to_string()),
        Just("~~~".to_string()),
        Just("\n".to_string()),
        Just("\n1. ".to_string()),
        Just("\n- ".to_string()),
        Just("**Q: ".to_string()),
        Just("Answer:".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{85}".to_string()),
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn repair_is_idempotent_and_keeps_lines(text in scraped_text()) {
        let once = repair(&text);
        prop_assert_eq!(once.text.matches('\n').count(), text.matches('\n').count());
        prop_assert_eq!(repair(&once.text).text, once.text);
    }

    #[test]
    fn repair_leaves_ascii_without_entities_alone(text in "[\\t\\n -%'-~]{0,200}") {
        let repaired = repair(&text);
        prop_assert_eq!(repaired.text, text);
        prop_assert!(repaired.fixes.is_empty());
    }

    #[test]
    fn split_loses_no_line(text in scraped_text()) {
        let out = split(&Document { file: "prop.txt", text: &text, mojibake_lines: &BTreeSet::new() }, &settings().cues);
        let lost = out.lost_lines(&text);
        prop_assert!(lost.is_empty(), "lines lost: {:?}", lost);
    }
}

/// Markdown as real collections write it: headings, numbered and bold questions, tables,
/// details, contents links, fences, HTML blocks.
fn markdown_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[ -~]{0,12}",
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\n# ".to_string()),
        Just("\n## 1. What is ".to_string()),
        Just("\n### Q. Why ".to_string()),
        Just("\n#### 2. ".to_string()),
        Just("\n**Q: ".to_string()),
        Just("**".to_string()),
        Just("?".to_string()),
        Just("\n- ".to_string()),
        Just("\n  - ".to_string()),
        Just("\n1. ".to_string()),
        Just("\n| # | Question | Answer |\n|---|---|---|\n| 1 | ".to_string()),
        Just(" | ".to_string()),
        Just("\n<details><summary>".to_string()),
        Just("</summary>\n\n".to_string()),
        Just("\n</details>\n".to_string()),
        Just("[Intro](#intro)".to_string()),
        Just("\n```python\n".to_string()),
        Just("\n<div align=\"right\"><a href=\"#top\">back</a></div>\n".to_string()),
        Just("Что такое ".to_string()),
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..50).prop_map(|pieces| pieces.concat())
}

/// HTML pages: content, chrome and comments, tags left open.
fn html_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[ -~]{0,12}",
        Just("\n".to_string()),
        Just("<html><body>".to_string()),
        Just("<h3>Question 1: What is ".to_string()),
        Just("</h3>".to_string()),
        Just("<p>".to_string()),
        Just("</p>\n".to_string()),
        Just("<ul><li>".to_string()),
        Just("</li></ul>".to_string()),
        Just("<pre><code class=\"language-python\">".to_string()),
        Just("</code></pre>".to_string()),
        Just("<nav>".to_string()),
        Just("</nav>".to_string()),
        Just("<div class=\"comments\">".to_string()),
        Just("</div>".to_string()),
        Just("<table><tr><th>Question</th></tr><tr><td>".to_string()),
        Just("<script>".to_string()),
        Just("&amp;".to_string()),
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..50)
        .prop_map(|pieces| format!("<!doctype html>\n{}", pieces.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn markdown_split_loses_no_line_and_keeps_spans_inside_the_text(text in markdown_text()) {
        let out = split(&Document { file: "prop.md", text: &text, mojibake_lines: &BTreeSet::new() }, &settings().cues);
        prop_assert!(out.lost_lines(&text).is_empty(), "lines lost: {:?}", out.lost_lines(&text));
        let lines = text.split('\n').count();
        for r in &out.records {
            prop_assert!(r.line >= 1 && r.line <= r.line_end && r.line_end <= lines);
            prop_assert!(!r.question.trim().is_empty());
        }
    }

    #[test]
    fn html_split_loses_no_line(text in html_text()) {
        let out = split(&Document { file: "prop.html", text: &text, mojibake_lines: &BTreeSet::new() }, &settings().cues);
        prop_assert!(out.lost_lines(&text).is_empty(), "lines lost: {:?}", out.lost_lines(&text));
    }

    /// Every object of a bank with a question becomes a record (or the repeat of one), at the
    /// line its question stands on.
    #[test]
    fn every_bank_question_becomes_a_record(
        items in prop::collection::vec(("[a-zA-Z ?]{1,30}", "[ -~]{0,30}"), 1..20)
    ) {
        let objects: Vec<serde_json::Value> = items
            .iter()
            .map(|(q, a)| serde_json::json!({"question": q, "answer": a}))
            .collect();
        let text = serde_json::to_string_pretty(&objects).unwrap();
        let out = split(&Document { file: "prop.json", text: &text, mojibake_lines: &BTreeSet::new() }, &settings().cues);
        let asked = items.iter().filter(|(q, _)| !q.trim().is_empty()).count();
        let repeats = out.rejects.iter().filter(|r| r.reason.name() == "verbatim-repeat").count();
        prop_assert_eq!(out.records.len() + repeats, asked);
        let lines: Vec<&str> = text.split('\n').collect();
        for r in &out.records {
            prop_assert!(lines[r.line - 1].contains("\"question\""), "{:?}", r);
        }
        prop_assert!(out.lost_lines(&text).is_empty());
    }

    #[test]
    fn notebook_split_loses_no_line(cells in prop::collection::vec(("[a-z]{0,1}", markdown_text()), 0..6)) {
        let cells: Vec<serde_json::Value> = cells
            .iter()
            .map(|(k, src)| {
                let lines: Vec<String> = src.split_inclusive('\n').map(str::to_string).collect();
                serde_json::json!({"cell_type": if k.is_empty() { "markdown" } else { "code" }, "metadata": {}, "source": lines})
            })
            .collect();
        let text = serde_json::to_string_pretty(&serde_json::json!({"cells": cells, "nbformat": 4})).unwrap();
        let out = split(&Document { file: "prop.ipynb", text: &text, mojibake_lines: &BTreeSet::new() }, &settings().cues);
        prop_assert!(out.lost_lines(&text).is_empty(), "lines lost: {:?}", out.lost_lines(&text));
    }
}

/// Python-ish blocks: statements, openers, closers and their continuations, at any indentation.
fn python_block() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("def f(x):"),
        Just("class A:"),
        Just("if x > 1:"),
        Just("elif x:"),
        Just("else:"),
        Just("for i in range(3):"),
        Just("while n:"),
        Just("try:"),
        Just("except ValueError as e:"),
        Just("finally:"),
        Just("return x"),
        Just("print(f(2))"),
        Just("x = [1,"),
        Just("2]"),
        Just("n -= 1"),
        Just("# Output:"),
        Just("pass"),
        Just("s = '这个函数'  # 注释 \"\"\"x"),
        Just("x = \"\"\"é"),
        Just(""),
    ];
    let indent = prop_oneof![Just(""), Just("    "), Just("        "), Just("  ")];
    let line = prop_oneof![line.prop_map(str::to_string), "\\PC{0,8}"];
    prop::collection::vec((indent, line), 1..14).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(i, l)| format!("{i}{l}\n"))
            .collect::<String>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn code_that_parses_is_kept_and_restoring_twice_is_restoring_once(block in python_block()) {
        use qclean::stages::code::{indent::restore, python::parses};
        let (once, _) = restore(&block, &settings().indent);
        if parses(&block) {
            prop_assert_eq!(&once, &block);
        }
        let (twice, _) = restore(&once, &settings().indent);
        prop_assert_eq!(&twice, &once);
        // Only leading spaces may change.
        let strip = |t: &str| t.lines().map(|l| l.trim_start().to_string()).collect::<Vec<_>>();
        prop_assert_eq!(strip(&once), strip(&block));
    }
}
