//! The state of a layout so far: the open blocks, the names bound and maybe bound, and the
//! path counts; what closing blocks settles.

use super::super::names::*;
use super::super::*;

/// An open block.
#[derive(Debug, Clone)]
pub(super) struct Block<'a> {
    pub(super) keyword: &'static str,
    /// Names the opener binds for the body (`for x, y in`, `with ... as f`, parameters).
    pub(super) binds: Vec<&'a str>,
    /// Names the opener's line uses (`while pos < end:`).
    pub(super) header: Vec<&'a str>,
    /// Names assigned inside.
    pub(super) assigned: Vec<&'a str>,
    /// Statements placed in it so far.
    pub(super) filled: usize,
    /// The signature of its header.
    pub(super) head: &'a str,
    /// The names its own statements (and its header) mention.
    pub(super) mentions: Vec<&'a str>,
    /// For an `elif`/`else`/`except`/`finally`: the statements of the branch before it.
    pub(super) sibling: Option<usize>,
    /// For an `elif`/`else`/`except`/`finally`: the names every earlier branch of its chain binds
    /// (None: every earlier branch left, by `return`, `raise`, `break` or `continue`).
    pub(super) chain: Option<Option<Vec<&'a str>>>,
    /// Its last statement so far leaves it (`return`, `raise`, `break`, `continue`).
    pub(super) ended: bool,
    /// The name a `def` or `class` defines.
    pub(super) name: &'a str,
    /// The head of its first statement (`for name`, `h =`).
    pub(super) first_head: &'a str,
    /// A decorator line stands right before it.
    pub(super) decorated: bool,
    /// For a loop: the names its header and every statement in it read (the next pass reads
    /// what this one stored).
    pub(super) loop_reads: Vec<&'a str>,
}

/// Whether each open block's body, as it stands, leaves on every path: its last statement leaves
/// (`return`, `raise`, `break`, `continue`), or is a finished chain every branch of which leaves
/// (the blocks inside it, the last statement of each, tell).
pub(super) fn leaves(blocks: &[Block]) -> Vec<bool> {
    let mut out = vec![false; blocks.len()];
    let mut inner_left = false;
    for (i, b) in blocks.iter().enumerate().rev() {
        out[i] = b.ended || inner_left;
        // An `else`, `except` or `finally` whose chain's earlier branches all left.
        inner_left = out[i]
            && matches!(b.keyword, "else" | "except" | "finally")
            && matches!(b.chain, Some(None));
    }
    out
}

/// Names both lists hold; None stands for every name.
pub(super) fn intersect<'a>(
    a: Option<Vec<&'a str>>,
    b: Option<Vec<&'a str>>,
) -> Option<Vec<&'a str>> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(a.into_iter().filter(|n| b.contains(n)).collect()),
    }
}

/// What closing the blocks from depth `k` in leaves at depth `k`: the names surely bound there
/// (a `with` body's, or those every branch of a finished `if`/`else` or `try`/`except` chain
/// binds, a branch that left counting as binding all), and the names only maybe bound (a loop's,
/// an `if` without `else`). A function's or a class's names stay inside it.
pub(super) fn closing<'a>(s: &State<'a>, k: usize) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut sure: Vec<&str> = Vec::new();
    let mut maybe: Vec<&str> = Vec::new();
    let left = leaves(&s.blocks);
    for (b, &left) in s.blocks[k..].iter().zip(&left[k..]).rev() {
        let own: Vec<&str> = b.assigned.iter().chain(&sure).copied().collect();
        sure = match (block_kind(b.keyword), b.keyword) {
            (BlockKind::Def, _) => {
                maybe.clear();
                Vec::new()
            }
            (BlockKind::With, _) => own.into_iter().chain(b.binds.iter().copied()).collect(),
            (_, "else" | "except") if b.chain.is_some() => {
                let mine = (!left).then(|| own.clone());
                let all = intersect(b.chain.clone().flatten(), mine).unwrap_or_else(|| own.clone());
                maybe.extend(own.iter().filter(|n| !all.contains(n)));
                all
            }
            (_, "finally") => {
                let before = b.chain.clone().flatten().unwrap_or_default();
                own.into_iter().chain(before).collect()
            }
            _ => {
                maybe.extend(own);
                maybe.extend(b.binds.iter().copied());
                Vec::new()
            }
        };
    }
    maybe.retain(|n| !sure.contains(n));
    (sure, maybe)
}

/// A partial layout: the open blocks and the depths chosen so far.
#[derive(Debug, Clone)]
pub struct State<'a> {
    pub(super) blocks: Vec<Block<'a>>,
    /// The depth chosen for each line so far.
    pub depths: Vec<usize>,
    pub cost: f64,
    /// The last statement opened a block.
    pub after_opener: bool,
    pub(super) after_closer: bool,
    /// Depth of the last statement.
    pub last: usize,
    pub(super) previous: Option<LineKind>,
    pub(super) previous_signature: &'a str,
    /// Names bound at the top level.
    pub(super) top: Vec<&'a str>,
    /// Names only a closed block may have bound (a branch, a loop body, a `try`).
    pub(super) maybe: Vec<&'a str>,
    /// Names whose binding is gone: `except ... as` names whose handler closed, names only a
    /// closed function or class bound (name, the depth of its block).
    pub(super) deleted: Vec<(&'a str, usize)>,
    /// Functions defined in a function and not used since: (name, depth of the `def`).
    pub(super) unused_defs: Vec<(&'a str, usize)>,
    /// Local names assigned and not read since: (name, depth of the assignment).
    pub(super) stores: Vec<(&'a str, usize)>,
    /// Stores of the earlier branches of an open `if` chain: (name, depth, the chain's depth).
    pub(super) parked: Vec<(&'a str, usize, usize)>,
    /// Names a `global` or `nonlocal` statement declared.
    pub(super) globals: Vec<&'a str>,
    /// The [`PATH_COUNTS`] so far.
    pub counts: Counts,
}

impl Default for State<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl State<'_> {
    /// Whether `name` is bound at the top level or by one of the first `depth` open blocks.
    pub(super) fn bound(&self, depth: usize, name: &str) -> bool {
        self.top.contains(&name)
            || self.blocks[..depth]
                .iter()
                .any(|b| b.assigned.contains(&name) || b.binds.contains(&name))
    }

    pub fn new() -> Self {
        State {
            blocks: Vec::new(),
            depths: Vec::new(),
            cost: 0.0,
            after_opener: false,
            after_closer: false,
            last: 0,
            previous: None,
            previous_signature: "",
            top: Vec::new(),
            maybe: Vec::new(),
            deleted: Vec::new(),
            unused_defs: Vec::new(),
            stores: Vec::new(),
            parked: Vec::new(),
            globals: Vec::new(),
            counts: [0; NP],
        }
    }

    /// Whether the innermost `def` or `class` among the first `depth` open blocks is a function.
    pub(super) fn in_function(&self, depth: usize) -> bool {
        self.blocks[..depth]
            .iter()
            .rev()
            .find(|b| block_kind(b.keyword) == BlockKind::Def)
            .is_some_and(|b| b.keyword != "class")
    }
}

/// Closes the blocks from depth `k` in, innermost first, settling what the path counts: a loop's
/// stores its next pass reads are read; a function's unread stores and unused inner functions
/// are counted; a handler's `as` name is unbound.
pub(super) fn close_from(t: &mut State, k: usize) {
    while t.blocks.len() > k {
        let b = t.blocks.pop().expect("a block is open");
        let i = t.blocks.len();
        match block_kind(b.keyword) {
            BlockKind::Loop => t
                .stores
                .retain(|(n, d)| *d <= i || !b.loop_reads.contains(n)),
            BlockKind::Def => {
                let inside = |d: &usize| *d > i;
                let unused = t.unused_defs.iter().filter(|(_, d)| inside(d)).count();
                t.unused_defs.retain(|(_, d)| !inside(d));
                t.counts[2] += unused;
                if b.keyword != "class" {
                    t.counts[3] += t.stores.iter().filter(|(_, d)| inside(d)).count();
                }
                t.stores.retain(|(_, d)| !inside(d));
                t.deleted.retain(|(_, d)| !inside(d));
                // What the function or class bound inside is gone with it, unless bound here too.
                let gone: Vec<(&str, usize)> = b
                    .assigned
                    .iter()
                    .chain(&b.binds)
                    .filter(|n| !t.bound(i, n) && !t.globals.contains(n))
                    .map(|n| (*n, i))
                    .collect();
                t.deleted.extend(gone);
                if b.keyword != "class" && !b.decorated && i > 0 && t.in_function(i) {
                    t.unused_defs.push((b.name, i));
                }
            }
            _ => {}
        }
        if b.keyword == "except" {
            let names: Vec<(&str, usize)> = b.binds.iter().map(|n| (*n, i)).collect();
            t.deleted.extend(names);
        }
    }
}

/// The finished layouts of `beam` (no block left without a body), cheapest first, each with the
/// cost of what closing its blocks counts.
pub fn finished<'a>(beam: Vec<State<'a>>, model: &Model) -> Vec<State<'a>> {
    let mut out: Vec<State> = beam
        .into_iter()
        .filter(|s| !s.after_opener)
        .map(|mut s| {
            let end = finish(&s);
            s.cost += path_cost(model, &s.counts, &end);
            s.counts = end;
            s
        })
        .collect();
    out.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    out
}

/// The stores of the branches of the `if` chains at depth `k` and deeper, back among the stores:
/// the chains ended.
pub(super) fn unpark(t: &mut State, k: usize) {
    if t.parked.iter().any(|(_, _, c)| *c >= k) {
        let (back, kept): (Vec<_>, Vec<_>) = t.parked.iter().partition(|(_, _, c)| *c >= k);
        t.stores.extend(back.into_iter().map(|(n, d, _)| (n, d)));
        t.parked = kept;
    }
}

/// The path counts of a finished layout: those of `s` with every block closed.
pub fn finish(s: &State) -> Counts {
    let mut t = s.clone();
    unpark(&mut t, 0);
    close_from(&mut t, 0);
    t.counts
}
