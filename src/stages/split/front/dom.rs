//! The tree html5ever builds, in an arena, with the source line of every node: html5ever does
//! the parsing (the HTML5 tree-construction rules browsers follow); this sink only stores what
//! it is given and notes the line the tokenizer was on.

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, QualName};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

/// One node of the parsed page.
#[derive(Debug, Clone)]
pub struct Node {
    pub name: QualName,
    pub kind: NodeKind,
    pub attrs: Vec<(String, String)>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// 1-based source line the node starts on.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    Document,
    Element,
    Text(String),
    Comment,
    Other,
}

impl Node {
    /// The element's local name, lower case (`""` for text and comments).
    pub fn tag(&self) -> &str {
        if self.kind == NodeKind::Element {
            &self.name.local
        } else {
            ""
        }
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The arena sink.
pub struct Sink {
    nodes: RefCell<Vec<Node>>,
    line: Cell<u64>,
}

impl Default for Sink {
    fn default() -> Sink {
        Sink {
            nodes: RefCell::new(vec![Node {
                name: blank_name(),
                kind: NodeKind::Document,
                attrs: Vec::new(),
                parent: None,
                children: Vec::new(),
                line: 1,
            }]),
            line: Cell::new(1),
        }
    }
}

fn blank_name() -> QualName {
    QualName::new(None, html5ever::ns!(), html5ever::local_name!(""))
}

impl Sink {
    fn new_node(&self, name: QualName, kind: NodeKind, attrs: Vec<(String, String)>) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            name,
            kind,
            attrs,
            parent: None,
            children: Vec::new(),
            line: self.line.get().max(1) as usize,
        });
        nodes.len() - 1
    }

    fn detach(&self, child: usize) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(p) = nodes[child].parent.take() {
            nodes[p].children.retain(|&c| c != child);
        }
    }

    /// Puts `child` (a node or text) under `parent` at `position` (None: last).
    fn insert(&self, parent: usize, child: NodeOrText<usize>, position: Option<usize>) {
        let id = match child {
            NodeOrText::AppendNode(n) => {
                self.detach(n);
                n
            }
            NodeOrText::AppendText(text) => {
                // Text next to text joins it, as in a browser's tree.
                let mut nodes = self.nodes.borrow_mut();
                let prev = match position {
                    None => nodes[parent].children.last().copied(),
                    Some(0) => None,
                    Some(p) => nodes[parent].children.get(p - 1).copied(),
                };
                if let Some(prev) = prev {
                    if let NodeKind::Text(t) = &mut nodes[prev].kind {
                        t.push_str(&text);
                        return;
                    }
                }
                drop(nodes);
                self.new_node(blank_name(), NodeKind::Text(text.to_string()), Vec::new())
            }
        };
        let mut nodes = self.nodes.borrow_mut();
        nodes[id].parent = Some(parent);
        match position {
            None => nodes[parent].children.push(id),
            Some(p) => nodes[parent].children.insert(p, id),
        }
    }
}

impl TreeSink for Sink {
    type Handle = usize;
    type Output = Vec<Node>;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Vec<Node> {
        self.nodes.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |n| &n[*target].name)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _flags: ElementFlags) -> usize {
        let attrs = attrs
            .into_iter()
            .map(|a| (a.name.local.to_string(), a.value.to_string()))
            .collect();
        self.new_node(name, NodeKind::Element, attrs)
    }

    fn create_comment(&self, _text: StrTendril) -> usize {
        self.new_node(blank_name(), NodeKind::Comment, Vec::new())
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.new_node(blank_name(), NodeKind::Other, Vec::new())
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        self.insert(*parent, child, None);
    }

    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &usize) -> usize {
        *target
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        let parent = self.nodes.borrow()[*sibling].parent;
        if let Some(parent) = parent {
            if let NodeOrText::AppendNode(n) = &new_node {
                self.detach(*n);
            }
            let position = self.nodes.borrow()[parent]
                .children
                .iter()
                .position(|c| c == sibling)
                .unwrap_or(0);
            self.insert(parent, new_node, Some(position));
        }
    }

    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        for a in attrs {
            let key = a.name.local.to_string();
            if !nodes[*target].attrs.iter().any(|(k, _)| *k == key) {
                nodes[*target].attrs.push((key, a.value.to_string()));
            }
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let children = std::mem::take(&mut self.nodes.borrow_mut()[*node].children);
        let mut nodes = self.nodes.borrow_mut();
        for &c in &children {
            nodes[c].parent = Some(*new_parent);
        }
        nodes[*new_parent].children.extend(children);
    }

    fn set_current_line(&self, line_number: u64) {
        self.line.set(line_number);
    }
}

/// Parses a page (or a fragment: it is wrapped in a document, as a browser would).
pub fn parse(text: &str) -> Vec<Node> {
    use html5ever::tendril::TendrilSink;
    html5ever::parse_document(Sink::default(), Default::default()).one(text)
}
