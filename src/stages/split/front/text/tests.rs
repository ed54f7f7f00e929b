//! The text front end on fragments of real pasted documents: the blocks it makes and what the
//! finder takes from them.

use super::blocks;
use crate::stages::split::blocks::BlockKind;
use crate::stages::split::finder;

fn cues() -> &'static crate::stages::split::Cues {
    &crate::settings::for_tests().cues
}

/// (block kind name, depth, text) per block.
fn shapes(text: &str) -> Vec<(String, u8, String)> {
    blocks(text, cues())
        .blocks
        .iter()
        .map(|b| {
            let kind = match &b.kind {
                BlockKind::Heading => "heading",
                BlockKind::Paragraph => "para",
                BlockKind::ListItem { ordinal: Some(_) } => "numbered",
                BlockKind::ListItem { ordinal: None } => "item",
                BlockKind::Code { .. } => "code",
                BlockKind::Rule => "rule",
                BlockKind::Chrome { .. } => "chrome",
                _ => "other",
            };
            (kind.to_string(), b.depth, b.text.clone())
        })
        .collect()
}

/// The questions and answers the finder takes from the text's blocks.
fn found(text: &str) -> Vec<(String, Option<String>)> {
    let t = blocks(text, cues());
    finder::find(&t.blocks, cues())
        .found
        .into_iter()
        .map(|f| (f.question, f.answer))
        .collect()
}

#[test]
fn restores_what_the_paste_lost() {
    let s = |k: &str, d: u8, t: &str| (k.to_string(), d, t.to_string());
    let cases: Vec<(&str, &str, Vec<(String, u8, String)>)> = vec![
        (
            "a blog page: numbered questions, bullets and flush-left code inside them (seed 001)",
            "10. What is the difference between is and ==?\n- == compares values.\nExample:\na = [1, 2, 3]\nprint(a is b) # False\n11. What is a list?",
            vec![
                s("numbered", 0, "What is the difference between is and ==?"),
                s("item", 1, "== compares values."),
                s("para", 0, "Example:"),
                s("code", 0, "a = [1, 2, 3]\nprint(a is b) # False"),
                s("numbered", 0, "What is a list?"),
            ],
        ),
        (
            "a step inside an answer breaks the numbering (a pasted tutorial)",
            "9. What does the with statement do?\nIt opens a context:\n1) open the file\n2) read it\n10. What is PEP 8?",
            vec![
                s("numbered", 0, "What does the with statement do?"),
                s("para", 0, "It opens a context:"),
                s("numbered", 1, "open the file"),
                s("numbered", 1, "read it"),
                s("numbered", 0, "What is PEP 8?"),
            ],
        ),
        (
            "a numbered topic over tab bullets is a section; a question ending with `:` takes its parts (seed 003)",
            "1. Core Python Concepts\n\t•\tWhat are generators?\n\t•\tWrite code to fetch 100 URLs using:\n\t•\tThreads\n\t•\tAsyncIO\nCompare performance.\n⸻",
            vec![
                s("heading", 2, "1. Core Python Concepts"),
                s("item", 1, "What are generators?"),
                s("item", 1, "Write code to fetch 100 URLs using: Threads; AsyncIO; Compare performance."),
                s("rule", 0, "⸻"),
            ],
        ),
        (
            "a title printed twice is one heading; the section between has one copy (seed 004)",
            "Deep Dive\n1. Core Language\n1. Memory\n1. Memory\n- Private heap.\n2. GIL\n2. GIL\n- One thread.\n3. Slots\n3. Slots\n- Less memory.",
            vec![
                s("heading", 1, "Deep Dive"),
                s("heading", 2, "1. Core Language"),
                s("heading", 3, "1. Memory"),
                s("item", 0, "Private heap."),
                s("heading", 3, "2. GIL"),
                s("item", 0, "One thread."),
                s("heading", 3, "3. Slots"),
                s("item", 0, "Less memory."),
            ],
        ),
        (
            "a chat export: copy buttons and language labels are debris, the fence's language kept (seed 002)",
            "2 How is memory managed in Python?\n\nAnswer:\n\n```\npython\nCopyEdit\nimport sys\n```",
            vec![
                s("numbered", 0, "How is memory managed in Python?"),
                s("para", 0, "Answer:"),
                // The fence that opens before the debris holds nothing of its own.
                s("rule", 0, ""),
                s("chrome", 0, "python"),
                s("chrome", 0, "CopyEdit"),
                s("code", 0, "import sys"),
            ],
        ),
        (
            "a code viewer's line numbers, copied with the code (an Edureka page)",
            "Q16. What is a function?\nExample:\n1\n2\n3\ndef Newfunc():\n    print(\"Hi\")\nNewfunc()",
            vec![
                s("para", 0, "Q16. What is a function?"),
                s("para", 0, "Example:"),
                s("chrome", 0, "1"),
                s("chrome", 0, "2"),
                s("chrome", 0, "3"),
                s("code", 0, "def Newfunc():\n    print(\"Hi\")\nNewfunc()"),
            ],
        ),
        (
            "a `Q:` question that runs on to the next line, and one that does not",
            "Q: How are dict and set implemented? How much memory\ndo these structures consume?\nA: Hash tables.\n\nQ1. What is the difference between list and tuples?\nLIST vs TUPLES",
            vec![
                s("para", 0, "Q: How are dict and set implemented? How much memory do these structures consume?"),
                s("para", 0, "A: Hash tables."),
                s("para", 0, "Q1. What is the difference between list and tuples?"),
                s("para", 0, "LIST vs TUPLES"),
            ],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(shapes(text), want, "{name}");
    }
}

#[test]
fn the_finder_reads_pasted_layouts() {
    let q = |q: &str, a: Option<&str>| (q.to_string(), a.map(str::to_string));
    let cases: Vec<(&str, &str, Vec<(String, Option<String>)>)> = vec![
        (
            "a question with no number, known by the `Answer:` label under it (seed 002)",
            "1 What is FastAPI?\n\nA modern framework.\n\nWhat are the key features of FastAPI?\n\nAnswer:\n\n- ASGI-based.",
            vec![
                q("What is FastAPI?", Some("A modern framework.")),
                q("What are the key features of FastAPI?", Some("- ASGI-based.")),
            ],
        ),
        (
            "`Output: 5` inside an answer is not a section, and no task title",
            "Q10. What are local variables?\nExample:\nprint(c)\nOutput: 5\nThey live in the function.\nQ11. Is python case sensitive?\nAns: Yes.",
            vec![
                q("Q10. What are local variables?", Some("Example:\n\n```python\nprint(c)\n```\n\nOutput: 5\nThey live in the function.")),
                q("Q11. Is python case sensitive?", Some("Yes.")),
            ],
        ),
        (
            "an orphan answer: bullets with a label under them are no question",
            "1 What are metaclasses?\n\nAnswer:\n\nClasses of classes.\n\n- Why use metaclasses?\n - Enforce validation.\n\nAnswer:\n\nThreads suit I/O.",
            vec![q("What are metaclasses?", Some("Classes of classes.\n\n- Why use metaclasses?\n- Enforce validation.\n\nAnswer:\n\nThreads suit I/O."))],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(found(text), want, "{name}");
    }
}

#[test]
fn code_gets_ascii_dashes_counted_and_prose_stays() {
    let t = blocks(
        "1. What is recursion?\ndef factorial(n):\nreturn n * factorial(n – 1)",
        cues(),
    );
    let code = t
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Code { .. }))
        .unwrap();
    assert_eq!(
        code.markdown,
        "```python\ndef factorial(n):\nreturn n * factorial(n - 1)\n```"
    );
    assert_eq!(t.fixes.len(), 1);
    let prose = "ClassName.mro() or help(ClassName) calls show the order.Diamond Problem Example:";
    assert_eq!(shapes(prose), [("para".to_string(), 0, prose.to_string())]);
}
