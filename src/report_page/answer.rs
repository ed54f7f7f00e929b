//! An answer's Markdown as HTML the page can show: nothing of the author's markup let through.

/// Characters of an answer the page renders at most.
const ANSWER_CHARS: usize = 1_200;

/// Markdown to HTML with nothing of the author's markup let through: raw HTML becomes text,
/// links keep their text only, images their description. Code blocks stay blocks, tables tables.
pub fn answer_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let cut: String = if markdown.chars().count() > ANSWER_CHARS {
        let mut s: String = markdown.chars().take(ANSWER_CHARS).collect();
        s.push_str("\n\n…");
        // An open fence would swallow the note.
        if s.matches("```").count() % 2 == 1 {
            s.push_str("\n```");
        }
        s
    } else {
        markdown.to_string()
    };
    let cut = literal_underscores(&cut);
    let events = Parser::new_ext(&cut, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .filter_map(|event| match event {
            Event::Html(t) | Event::InlineHtml(t) => Some(Event::Text(t)),
            Event::Start(Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Link | TagEnd::Image) => None,
            other => Some(other),
        });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// The answer with every `_` of its prose escaped: answers name `__init__` and `snake_case` far
/// more often than they mean emphasis. Code blocks and inline code keep theirs.
fn literal_underscores(markdown: &str) -> String {
    let mut tracker = crate::text::fence::Tracker::default();
    let mut out = String::with_capacity(markdown.len() + 16);
    for line in markdown.split_inclusive('\n') {
        if tracker.place(line.trim_end_matches('\n')) != crate::text::fence::Place::Prose {
            out.push_str(line);
            continue;
        }
        let mut in_code = false;
        for c in line.chars() {
            match c {
                '`' => in_code = !in_code,
                '_' if !in_code => out.push('\\'),
                _ => {}
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_render_as_blocks_and_let_no_markup_through() {
        // (answer, what the HTML holds, what it must not)
        let cases = [
            (
                "Use a list:\n\n```python\nx = [1, 2]\nprint(x)\n```",
                "<pre><code class=\"language-python\">x = [1, 2]\nprint(x)\n</code></pre>",
                "```",
            ),
            ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>", "| a |"),
            (
                "Say <script>alert(1)</script> and <b>bold</b>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
                "<script>",
            ),
            (
                "See [the docs](javascript:alert(1)) and ![x](http://evil/x.png)",
                "the docs",
                "href",
            ),
            ("Use `a < b` here", "<code>a &lt; b</code>", "<b"),
            (
                "__new__ runs before __init__; `my_var` stays",
                "__new__ runs before __init__; <code>my_var</code> stays",
                "<strong>",
            ),
        ];
        for (answer, holds, lacks) in cases {
            let html = answer_html(answer);
            assert!(html.contains(holds), "{answer:?} -> {html}");
            assert!(!html.contains(lacks), "{answer:?} -> {html}");
        }
        let long = format!("```python\n{}\n```", "x = 1\n".repeat(500));
        let html = answer_html(&long);
        assert!(html.len() < 2 * ANSWER_CHARS, "a long answer is cut");
        assert!(html.contains("</code></pre>") && html.contains('…'));
    }
}
