//! Does a block parse as Python? The tree-sitter Python grammar answers, and gives the syntax tree
//! (node kinds, no positions) so two blocks can be compared as programs. The grammar forgives more
//! than Python does: it takes `def f():` with an empty body, which Python refuses, so a block
//! without a statement counts as an error here.

use std::cell::RefCell;

thread_local! {
    static PARSER: RefCell<Option<tree_sitter::Parser>> = const { RefCell::new(None) };
}

fn with_tree<T>(code: &str, f: impl FnOnce(&tree_sitter::Tree) -> T) -> Option<T> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = tree_sitter::Parser::new();
            parser
                .set_language(&tree_sitter_python::LANGUAGE.into())
                .ok()?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut()?;
        let tree = parser.parse(code, None)?;
        Some(f(&tree))
    })
}

/// Whether the tree holds an error, a missing token or an empty block.
fn faulty(tree: &tree_sitter::Tree) -> bool {
    let root = tree.root_node();
    if root.has_error() {
        return true;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.kind() == "block" && node.named_child_count() == 0 {
            return true;
        }
        if cursor.goto_first_child() || cursor.goto_next_sibling() {
            continue;
        }
        loop {
            if !cursor.goto_parent() {
                return false;
            }
            if cursor.goto_next_sibling() {
                break;
            }
        }
    }
}

/// Whether `code` is a Python program without a syntax error.
pub fn parses(code: &str) -> bool {
    with_tree(code, |t| !faulty(t)).unwrap_or(false)
}

/// The syntax tree of `code` as an S-expression of node kinds, when it parses. Comments are left
/// out, as Python's own syntax tree leaves them out: where a comment line sits does not change the
/// program.
pub fn syntax_tree(code: &str) -> Option<String> {
    with_tree(code, |t| (!faulty(t)).then(|| sexp(t.root_node()))).flatten()
}

fn sexp(node: tree_sitter::Node) -> String {
    let mut out = String::new();
    write_sexp(node, &mut out);
    out
}

fn write_sexp(node: tree_sitter::Node, out: &mut String) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push('(');
    out.push_str(node.kind());
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if child.kind() != "comment" {
            write_sexp(child, out);
        }
    }
    out.push(')');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_python_accepts_and_refuses_lost_indentation() {
        // (block, parses)
        let cases = [
            ("def f(n):\n    return n\n", true),
            ("def f(n):\nreturn n\n", false),
            ("x = [1,\n2]\nprint(x)", true),
            ("if x:\n    pass\nelse:\n    y = 1", true),
            ("for i in range(3):\nprint(i)", false),
            ("print('a')", true),
        ];
        for (code, want) in cases {
            assert_eq!(parses(code), want, "{code:?}");
        }
        assert_eq!(
            syntax_tree("def f():\n    return 1"),
            syntax_tree("def  f( ):\n  return 1")
        );
        assert_ne!(
            syntax_tree("if a:\n    b()\nc()"),
            syntax_tree("if a:\n    b()\n    c()")
        );
    }
}
