//! The Markdown front end on real fragments.

use super::*;

fn kinds(src: &str) -> Vec<(String, String, usize, u8)> {
    blocks(src, &crate::settings::for_tests().cues)
        .into_iter()
        .map(|b| {
            let k = match b.kind {
                BlockKind::Heading => "h",
                BlockKind::Paragraph => "p",
                BlockKind::ListItem { .. } => "li",
                BlockKind::TableRow { .. } => "tr",
                BlockKind::Code { .. } => "code",
                BlockKind::Quote => "quote",
                BlockKind::Summary => "summary",
                BlockKind::Rule => "hr",
                BlockKind::Chrome { .. } => "chrome",
            };
            (k.to_string(), b.text, b.line, b.depth)
        })
        .collect()
}

#[test]
fn blocks_of_real_fragments() {
    // Shapes taken from public collections: a numbered heading with sub-headings, a
    // contents list of anchor links, a questions-only list with code inside an item.
    let src = "# Title\n\n* [Intro](#intro)\n\n## 1. What is _Python_?\n\n#### 1. Interpreted\n\ntext\n\n- What will be displayed?\n  ```python\n  print(1)\n  ```\n\n## What is __init__ and __name__ == \"__main__\"?\n\n- What are *args and **kwargs?\n";
    let got = kinds(src);
    let want: Vec<(String, String, usize, u8)> = vec![
        ("h".into(), "Title".into(), 1, 1),
        ("chrome".into(), "Intro".into(), 3, 0),
        ("h".into(), "1. What is Python?".into(), 5, 2),
        ("h".into(), "1. Interpreted".into(), 7, 4),
        ("p".into(), "text".into(), 9, 0),
        ("li".into(), "What will be displayed?".into(), 11, 0),
        ("code".into(), "print(1)\n".into(), 12, 0),
        // Dunders written without backticks are names, not strong text.
        (
            "h".into(),
            "What is __init__ and __name__ == \"__main__\"?".into(),
            16,
            2,
        ),
        ("li".into(), "What are *args and **kwargs?".into(), 18, 0),
    ];
    assert_eq!(got, want);
}

#[test]
fn tables_keep_their_header() {
    let src = "| # | Question | Answer | Difficulty |\n|---|---|---|---|\n| 1 | What is a list? | A sequence. | Easy |\n";
    let b = blocks(src, &crate::settings::for_tests().cues);
    assert_eq!(b.len(), 2);
    assert_eq!((b[0].line, b[0].line_end), (1, 2));
    match &b[1].kind {
        BlockKind::TableRow { header, cells } => {
            assert_eq!(header[1], "Question");
            assert_eq!(cells[1], "What is a list?");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn details_and_summaries() {
    let src = "<details><summary>1. What is a decorator?</summary>\n\n### Answer\n\nA function.\n\n</details>\n";
    let b = blocks(src, &crate::settings::for_tests().cues);
    assert_eq!(b[0].kind, BlockKind::Summary);
    assert_eq!(b[0].text, "1. What is a decorator?");
    assert!(b[1..].iter().all(|b| b.details_depth == 1), "{b:?}");
}

#[test]
fn bold_paragraphs_are_strong() {
    let b = blocks(
        "**Q: What are Python's key features?**\n\nA: Readable.\n\n**Q:** Half bold?\n",
        &crate::settings::for_tests().cues,
    );
    assert!(b[0].strong);
    assert!(!b[1].strong);
    assert!(!b[2].strong);
}

#[test]
fn a_backtick_run_inside_a_line_is_not_a_fence() {
    let b = blocks(
        "Use ``` to open a fence in Markdown?\n\nNext paragraph.\n",
        &crate::settings::for_tests().cues,
    );
    assert_eq!(b.len(), 2);
    assert!(b.iter().all(|b| b.kind == BlockKind::Paragraph));
}
