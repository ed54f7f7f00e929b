//! The walk over a block's lines: the open blocks, the state of a layout so far, the choices
//! each line offers with their features, and the beam's step.

use super::super::lines::{code_part, identifiers, Kind, Line};
use super::names::*;
use super::*;

/// An open block.
#[derive(Debug, Clone)]
pub(super) struct Block<'a> {
    keyword: &'static str,
    /// Names the opener binds for the body (`for x, y in`, `with ... as f`, parameters).
    binds: Vec<&'a str>,
    /// Names the opener's line uses (`while pos < end:`).
    header: Vec<&'a str>,
    /// Names assigned inside.
    assigned: Vec<&'a str>,
    /// Statements placed in it so far.
    filled: usize,
    /// The signature of its header.
    head: &'a str,
    /// The names its own statements (and its header) mention.
    mentions: Vec<&'a str>,
    /// For an `elif`/`else`/`except`/`finally`: the statements of the branch before it.
    sibling: Option<usize>,
    /// For an `elif`/`else`/`except`/`finally`: the names every earlier branch of its chain binds
    /// (None: every earlier branch left, by `return`, `raise`, `break` or `continue`).
    chain: Option<Option<Vec<&'a str>>>,
    /// Its last statement so far leaves it (`return`, `raise`, `break`, `continue`).
    ended: bool,
    /// The name a `def` or `class` defines.
    name: &'a str,
    /// The head of its first statement (`for name`, `h =`).
    first_head: &'a str,
    /// A decorator line stands right before it.
    decorated: bool,
    /// For a loop: the names its header and every statement in it read (the next pass reads
    /// what this one stored).
    loop_reads: Vec<&'a str>,
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
    blocks: Vec<Block<'a>>,
    /// The depth chosen for each line so far.
    pub depths: Vec<usize>,
    pub cost: f64,
    /// The last statement opened a block.
    pub after_opener: bool,
    after_closer: bool,
    /// Depth of the last statement.
    pub last: usize,
    previous: Option<LineKind>,
    previous_signature: &'a str,
    /// Names bound at the top level.
    top: Vec<&'a str>,
    /// Names only a closed block may have bound (a branch, a loop body, a `try`).
    maybe: Vec<&'a str>,
    /// Names whose binding is gone: `except ... as` names whose handler closed, names only a
    /// closed function or class bound (name, the depth of its block).
    deleted: Vec<(&'a str, usize)>,
    /// Functions defined in a function and not used since: (name, depth of the `def`).
    unused_defs: Vec<(&'a str, usize)>,
    /// Local names assigned and not read since: (name, depth of the assignment).
    stores: Vec<(&'a str, usize)>,
    /// Stores of the earlier branches of an open `if` chain: (name, depth, the chain's depth).
    parked: Vec<(&'a str, usize, usize)>,
    /// Names a `global` or `nonlocal` statement declared.
    globals: Vec<&'a str>,
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
    fn bound(&self, depth: usize, name: &str) -> bool {
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
    fn in_function(&self, depth: usize) -> bool {
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

/// What a statement line is, whatever the layout before it.
#[derive(Debug)]
pub struct Placing<'a> {
    code: &'a str,
    /// The names it reads ([`reads`]).
    reads: Vec<&'a str>,
    signature: &'a str,
    word: &'a str,
    kind: LineKind,
    used: Vec<&'a str>,
    /// It reads as top-level code.
    cue: bool,
    /// An example of use: a call of a function or class defined above with literal arguments
    /// only (`greet("Alice")`, `c = Car("Toyota")`, `print(square(4))`). An answer's example
    /// stands at the top level; code inside a function calls with names (`factorial(n - 1)`).
    example: bool,
    /// A `def` whose first parameter is not `self` or `cls`, with no `@staticmethod` or
    /// `@classmethod` line right before it.
    plain_def: bool,
    /// A decorator line naming a function defined above.
    own_decorator: bool,
    /// Right after an `# Output:`, `# Example` or `# Usage` comment.
    after_output_comment: bool,
    /// A `def` whose first parameter is `self`: a method.
    method: bool,
    definition: bool,
    /// A `def` of a name some `return` returns.
    closure: bool,
    /// The block's last statement, a `return`.
    final_return: bool,
    /// The block it opens (also when its `:` ends a later, continued line).
    opens: Option<&'static str>,
    /// The head of the next statement (`for name`).
    next_head: &'a str,
    /// A blank line, or a comment, stands right before it.
    blank_before: bool,
    comment_before: bool,
}

/// The placing of each statement line (None for the other lines).
pub fn placings<'a>(lines: &[Line<'a>]) -> Vec<Option<Placing<'a>>> {
    let last_statement = lines.iter().rposition(|l| l.kind == Kind::Statement);
    // Names some `return` line uses: a function of that name defined inside another is a closure
    // (`return wrapper`, `return pattern.sub(convert, text)`).
    let returned: Vec<&str> = lines
        .iter()
        .filter(|l| l.kind == Kind::Statement)
        .filter_map(|l| code_part(l.body).strip_prefix("return "))
        .flat_map(identifiers)
        .collect();
    let mut defined: Vec<&str> = Vec::new();
    let mut comment_cue = false;
    let mut out = Vec::with_capacity(lines.len());
    let (mut blank_before, mut comment_before) = (false, false);
    for (index, line) in lines.iter().enumerate() {
        match line.kind {
            Kind::Blank => blank_before = true,
            Kind::Comment => comment_before = true,
            _ => {}
        }
        if line.kind != Kind::Statement {
            comment_cue |= line.kind == Kind::Comment && top_level_cue(line.body, &defined);
            out.push(None);
            continue;
        }
        let code = code_part(line.body);
        let word = first_word(code);
        // A statement over several lines opens a block when its last line ends with `:`.
        let last_part = lines[index + 1..]
            .iter()
            .take_while(|l| l.kind == Kind::Continued)
            .last()
            .map_or(line.body, |l| l.body);
        let opens = if last_part == line.body {
            opener(line.body)
        } else {
            opener(&format!("{} {}", code, code_part(last_part)))
        };
        let used = identifiers(code);
        // `print(f(5))` after `def f` shows its result; another `print` is anywhere.
        let cue = comment_cue
            || top_level_cue(line.body, &defined)
            || (code.starts_with("print(") && used.iter().any(|n| defined.contains(n)));
        let example = example_call(code, &defined);
        let decorated_static = index > 0
            && lines[..index]
                .iter()
                .rev()
                .find(|l| l.kind == Kind::Statement)
                .is_some_and(|l| {
                    l.body.starts_with("@staticmethod") || l.body.starts_with("@classmethod")
                });
        let plain_def = word == "def"
            && !decorated_static
            && !matches!(parameters(code).first().copied(), Some("self" | "cls"));
        let method = word == "def" && parameters(code).first() == Some(&"self");
        let own_decorator = code
            .strip_prefix('@')
            .is_some_and(|d| defined.contains(&first_word(d)));
        let definition = matches!(word, "def" | "class") || code.starts_with('@');
        let closure = definition && returned.contains(&def_name(code));
        if matches!(word, "def" | "class" | "async") {
            let name = def_name(code);
            if !name.is_empty() {
                defined.push(name);
            }
        }
        let after_output_comment = std::mem::take(&mut comment_cue);
        // A statement over several lines reads what its continued lines read (not the text of a
        // triple-quoted string).
        let mut read = reads(code);
        // A `def` or `class` line binds its name and parameters; it reads defaults and bases.
        if matches!(word, "def" | "class" | "async") {
            let own = if word == "class" {
                Vec::new()
            } else {
                parameters(code)
            };
            let name = def_name(code);
            read.retain(|n| *n != name && !own.contains(n));
        }
        for l in lines[index + 1..]
            .iter()
            .take_while(|l| l.kind == Kind::Continued)
            .filter(|l| !l.in_string && !l.body.contains("\"\"\"") && !l.body.contains("'''"))
        {
            read.extend(reads(code_part(l.body)));
        }
        out.push(Some(Placing {
            code,
            reads: read,
            signature: signature(code),
            word,
            kind: line_kind(code),
            used,
            cue,
            example,
            plain_def,
            own_decorator,
            after_output_comment,
            method,
            definition,
            closure,
            final_return: Some(index) == last_statement && word == "return",
            next_head: lines[index + 1..]
                .iter()
                .find(|l| l.kind == Kind::Statement)
                .map_or("", |l| head_signature(code_part(l.body))),
            opens,
            blank_before,
            comment_before,
        }));
        blank_before = false;
        comment_before = false;
    }
    out
}

pub(super) fn put(f: &mut Feats, which: F, value: f64) {
    f[which as usize] += value;
}

/// A depth a statement may take, with what describes the choice.
pub struct Choice {
    pub depth: usize,
    pub features: Feats,
    /// Its sparse keys.
    pub keys: Vec<String>,
}

/// The depths a statement may take after `s`, each with its features.
pub fn options(s: &State, p: &Placing) -> Vec<Choice> {
    options_of(s, p)
        .into_iter()
        .enumerate()
        .map(|(rank, (depth, features))| {
            let closed = s.blocks.len() - depth;
            let keys = match s.blocks.last() {
                Some(_) if continues(p.word).is_some() && !s.after_opener => {
                    vec![format!(
                        "{} | to {} | rank {}",
                        p.word,
                        s.blocks[depth].keyword,
                        rank.min(2)
                    )]
                }
                Some(inner) if !s.after_opener => {
                    let action = match closed {
                        0 => "stay",
                        1 => "close 1",
                        _ => "close 2+",
                    };
                    let kind = block_kind(inner.keyword);
                    let previous = s.previous.unwrap_or(LineKind::Other);
                    let filled = inner.filled.min(3);
                    vec![
                        format!("{action} | in {kind:?} | {:?}", p.kind),
                        format!("{action} | after {previous:?} | {:?}", p.kind),
                        format!("{action} | in {kind:?} of {} | {:?}", filled, p.kind),
                        format!("{action} | line {}", p.signature),
                        format!("{action} | after {}", s.previous_signature),
                        format!("{action} | block {}", inner.head),
                        format!(
                            "{action} | in {kind:?} of {} | after {previous:?} | {:?}",
                            filled, p.kind
                        ),
                        format!(
                            "{action} | lands in {:?} | {:?}",
                            depth
                                .checked_sub(1)
                                .map(|d| block_kind(s.blocks[d].keyword)),
                            p.kind
                        ),
                        format!(
                            "{action} | in {kind:?} of {} after a branch of {:?}",
                            filled,
                            inner.sibling.map(|n| n.min(3))
                        ),
                    ]
                }
                _ => Vec::new(),
            };
            Choice {
                depth,
                features,
                keys,
            }
        })
        .collect()
}

pub(super) fn options_of(s: &State, p: &Placing) -> Vec<(usize, Feats)> {
    let n = s.blocks.len();
    if s.after_opener {
        return vec![(n, [0.0; NF])];
    }
    // An answer's example, the main guard, and what follows an `# Output:` comment stand at the
    // top level.
    if (p.example || p.after_output_comment || p.code.starts_with("if __name__"))
        && continues(p.word).is_none()
    {
        return vec![(0, [0.0; NF])];
    }
    if let Some(allowed) = continues(p.word) {
        // Back to a matching opener: the deepest first.
        let mut out = Vec::new();
        for k in (0..n).rev() {
            let keyword = s.blocks[k].keyword;
            if allowed.contains(&keyword) {
                let mut f = [0.0; NF];
                put(&mut f, F::ContRank, out.len() as f64);
                if p.word == "else" {
                    match keyword {
                        "for" | "while" => put(&mut f, F::ContLoopElse, 1.0),
                        "try" | "except" => put(&mut f, F::ContTryElse, 1.0),
                        _ => {}
                    }
                }
                // Branches of one choice often begin alike (`for name in names:` in both).
                if !p.next_head.is_empty() && s.blocks[k].first_head == p.next_head {
                    put(&mut f, F::ContParallel, 1.0);
                }
                out.push((k, f));
            }
        }
        return out;
    }
    let def_body = s
        .blocks
        .iter()
        .rposition(|b| b.keyword == "def" || b.keyword == "class")
        .map(|d| d + 1);
    let mut out = Vec::with_capacity(n + 1);
    for k in 0..=n {
        // Where the layout rules of an answer's example forbid the depth: a function without
        // `self` is no method; a decorator defined above decorates at the top or in a class.
        let in_class = k > 0 && s.blocks[k - 1].keyword == "class";
        // (A method's wrapper that the enclosing function returns is a closure: it may be there.)
        if (p.plain_def && in_class)
            || (p.own_decorator && k > 0 && !in_class)
            || (p.method && k > 0 && !in_class && !p.closure)
            || (s.previous == Some(LineKind::Def) && s.previous_signature == "@" && k != s.last)
        {
            continue;
        }
        let mut f = [0.0; NF];
        let closed = n - k;
        match closed {
            0 => put(&mut f, F::Stay, 1.0),
            1 => put(&mut f, F::Close1, 1.0),
            2 => put(&mut f, F::Close2, 1.0),
            _ => put(&mut f, F::Close3, 1.0),
        }
        if p.blank_before {
            if closed == 0 {
                put(&mut f, F::StayAfterBlank, 1.0);
            } else {
                put(&mut f, F::CloseAfterBlank, closed as f64);
            }
        }
        if p.comment_before {
            if closed == 0 {
                put(&mut f, F::StayAfterComment, 1.0);
            } else {
                put(&mut f, F::CloseAfterComment, closed as f64);
            }
        }
        if closed > 0 && Some(k) == def_body {
            put(&mut f, F::CloseToFunction, 1.0);
        }
        if s.after_closer {
            if closed == 0 {
                put(&mut f, F::StayAfterCloser, 1.0);
            } else {
                put(&mut f, F::CloseMoreAfterCloser, (closed - 1) as f64);
            }
        }
        if let Some(inner) = s.blocks.last() {
            let kind = block_kind(inner.keyword);
            if closed == 0 {
                put(&mut f, F::StayDepth, n as f64);
                let (stay, filled) = match kind {
                    BlockKind::If => (F::StayIf, F::FilledIf),
                    BlockKind::Branch => (F::StayBranch, F::FilledBranch),
                    BlockKind::Loop => (F::StayLoop, F::FilledLoop),
                    BlockKind::Try => (F::StayTry, F::FilledTry),
                    BlockKind::With => (F::StayWith, F::FilledWith),
                    BlockKind::Def => (F::StayDef, F::FilledDef),
                };
                put(&mut f, stay, 1.0);
                put(&mut f, filled, inner.filled.min(4) as f64);
                if s.previous == Some(p.kind) {
                    put(&mut f, F::LikePrevious, 1.0);
                }
                match s.previous {
                    Some(LineKind::Assign) => put(&mut f, F::StayAfterAssign, 1.0),
                    Some(LineKind::Call) => put(&mut f, F::StayAfterCall, 1.0),
                    Some(LineKind::Other | LineKind::Yield) => put(&mut f, F::StayAfterOther, 1.0),
                    _ => {}
                }
                if let Some(length) = inner.sibling {
                    if inner.filled >= length {
                        put(&mut f, F::BranchPastSibling, 1.0);
                    }
                }
            } else {
                put(
                    &mut f,
                    match kind {
                        BlockKind::If => F::CloseIf,
                        BlockKind::Branch => F::CloseBranch,
                        BlockKind::Loop => F::CloseLoop,
                        BlockKind::Try => F::CloseTry,
                        BlockKind::With => F::CloseWith,
                        BlockKind::Def => F::CloseDef,
                    },
                    1.0,
                );
                put(
                    &mut f,
                    match p.kind {
                        LineKind::Return => F::CloseBeforeReturn,
                        LineKind::Jump => F::CloseBeforeJump,
                        LineKind::If => F::CloseBeforeIf,
                        LineKind::Loop => F::CloseBeforeLoop,
                        LineKind::Try => F::CloseBeforeTry,
                        LineKind::Def => F::CloseBeforeDef,
                        LineKind::Yield => F::CloseBeforeYield,
                        LineKind::Assign => F::CloseBeforeAssign,
                        LineKind::Call => F::CloseBeforeCall,
                        LineKind::Other => F::CloseBeforeOther,
                    },
                    1.0,
                );
                if s.blocks[k].keyword == p.word {
                    put(&mut f, F::LikeOpener, 1.0);
                }
            }
        }
        if def_body.is_some_and(|d| k < d) {
            put(
                &mut f,
                if p.cue {
                    F::LeaveFunctionCue
                } else {
                    F::LeaveFunction
                },
                1.0,
            );
        }
        if p.cue {
            put(&mut f, if k == 0 { F::CueTop } else { F::CueInside }, 1.0);
        }
        if p.final_return && def_body.is_some() {
            put(
                &mut f,
                if Some(k) == def_body {
                    F::FinalReturnInFunction
                } else {
                    F::FinalReturnElsewhere
                },
                1.0,
            );
        }
        // A line that uses a loop's variable (or a `with ... as` name, or a name assigned in a
        // block, or one its header tests) is likely in it.
        let uses = |names: &[&str]| names.iter().any(|n| p.used.contains(n));
        if closed > 0 {
            let inner = s.blocks.last().expect("a block closes");
            if matches!(inner.keyword, "if" | "while")
                && inner.assigned.iter().any(|n| inner.header.contains(n))
            {
                put(&mut f, F::CloseGuard, 1.0);
            }
        }
        // Names bound before the blocks that close: reading them again says little.
        let known = |n: &&str| s.bound(k, n);
        if closed > 0 {
            let (sure, maybe) = closing(s, k);
            let reads = |names: &[&str]| names.iter().any(|n| p.reads.contains(n) && !known(n));
            if reads(&sure) {
                put(&mut f, F::UsesBothBranches, 1.0);
            } else if reads(&maybe) {
                put(&mut f, F::UsesClosedAssigned, 1.0);
            } else if s.blocks[k..]
                .iter()
                .any(|b| b.assigned.iter().any(|n| p.reads.contains(n) && known(n)))
            {
                put(&mut f, F::UsesClosedUpdated, 1.0);
            }
        }
        // A `with` body uses what it opened (`data = f.read()`); what follows may not.
        if let Some(inner) = s.blocks.last().filter(|_| closed == 0) {
            if inner.keyword == "with" && !inner.binds.is_empty() && !uses(&inner.binds) {
                put(&mut f, F::StayWithoutResource, 1.0);
            }
        }
        for b in &s.blocks[k..] {
            if uses(&b.binds) {
                put(&mut f, F::UsesClosedBinds, 1.0);
            }
            if uses(&b.header) {
                put(&mut f, F::UsesClosedHeader, 1.0);
            }
        }
        if k > 0 {
            let here = &s.blocks[k - 1].mentions;
            let read_here = p.reads.iter().any(|n| here.contains(n));
            if read_here {
                put(&mut f, F::ReadsDestination, 1.0);
            }
            let read_closed = p
                .reads
                .iter()
                .any(|n| !here.contains(n) && s.blocks[k..].iter().any(|b| b.mentions.contains(n)));
            if read_closed {
                put(&mut f, F::ReadsClosedOnly, 1.0);
            }
        }
        if p.own_decorator && k > 0 {
            put(&mut f, F::DecoratorDefinedHereInside, 1.0);
        }
        if p.definition {
            // A function that the enclosing one returns (or calls in its return) is defined in
            // that function's own body.
            let closure = p.closure && def_body == Some(k);
            put(
                &mut f,
                if in_class {
                    F::DefInClass
                } else if closure {
                    F::DefClosure
                } else if k == 0 {
                    F::DefTop
                } else {
                    F::DefNested
                },
                1.0,
            );
        }
        out.push((k, f));
    }
    out
}

/// The state after placing the statement at depth `k`.
pub fn step<'a>(s: &State<'a>, p: &Placing<'a>, k: usize, cost: f64) -> State<'a> {
    let mut t = s.clone();
    // The branch an `elif`/`else`/`except`/`finally` continues, and the names its chain binds.
    let chain = s.blocks.get(k).map(|c| {
        let mine = (!leaves(&s.blocks)[k]).then(|| c.assigned.clone());
        let before = match (&c.chain, block_kind(c.keyword)) {
            (Some(chain), _) => chain.clone(),
            (None, BlockKind::Loop) => Some(Vec::new()),
            (None, _) => None,
        };
        (c.filled, intersect(before, mine))
    });
    let (sure, maybe) = closing(s, k);
    for n in maybe {
        if !t.maybe.contains(&n) {
            t.maybe.push(n);
        }
    }
    let unbound = p
        .reads
        .iter()
        .filter(|n| t.maybe.contains(n) && !sure.contains(n) && !s.bound(k, n))
        .count();
    // A store in one branch of an `if` chain is not read by the next branch: it waits for the
    // chain's end.
    let branch = continues(p.word).is_some()
        && s.blocks
            .get(k)
            .is_some_and(|b| matches!(b.keyword, "if" | "elif"));
    if !branch {
        unpark(&mut t, k);
    }
    close_from(&mut t, k);
    if branch {
        // What waits inside the branch that closes waits for this chain now.
        for (_, _, chain) in t.parked.iter_mut() {
            *chain = (*chain).min(k);
        }
        let (parked, kept): (Vec<_>, Vec<_>) = t.stores.iter().partition(|(_, d)| *d > k);
        t.parked.extend(parked.into_iter().map(|(n, d)| (n, d, k)));
        t.stores = kept;
    }
    t.counts[0] += unbound;
    t.counts[1] += p
        .reads
        .iter()
        .filter(|n| t.deleted.iter().any(|(m, _)| m == *n))
        .count();
    t.unused_defs.retain(|(n, _)| !p.reads.contains(n));
    t.stores.retain(|(n, _)| !p.reads.contains(n));
    for b in t.blocks.iter_mut() {
        if block_kind(b.keyword) == BlockKind::Loop {
            b.loop_reads.extend(p.reads.iter().copied());
        }
    }
    let binds = bound_by(p.code);
    let opened = p
        .opens
        .map(|keyword| bound_names(keyword, p.code))
        .unwrap_or_default();
    t.deleted
        .retain(|(n, _)| !binds.contains(n) && !opened.contains(n));
    if matches!(p.word, "global" | "nonlocal") {
        t.globals.extend(identifiers(&p.code[p.word.len()..]));
    } else if p.opens.is_none()
        && !matches!(p.word, "def" | "class" | "async" | "import" | "from")
        // Unpacking often leaves a part unread on purpose (`key, _value = ...`).
        && !p.code.split('=').next().unwrap_or("").contains(',')
        && t.in_function(k)
    {
        for &name in &binds {
            if name != "_" && !t.globals.contains(&name) {
                t.stores.push((name, k));
            }
        }
    }
    match t.blocks.last_mut() {
        Some(b) => {
            if b.filled == 0 {
                b.first_head = head_signature(p.code);
            }
            b.filled += 1;
            b.ended = leaves_block(p.code);
            b.mentions.extend(p.reads.iter().copied());
            b.mentions.extend(binds.iter().copied());
            b.assigned.extend(sure);
            b.assigned.extend(binds);
        }
        None => {
            t.top.extend(sure);
            t.top.extend(binds);
        }
    }
    t.cost += cost;
    t.depths.push(k);
    t.last = k;
    t.after_opener = false;
    t.after_closer = is_closer(p.code);
    t.previous = Some(p.kind);
    t.previous_signature = p.signature;
    if let Some(keyword) = p.opens {
        t.blocks.push(Block {
            keyword,
            binds: bound_names(keyword, p.code),
            header: if keyword == "def" {
                Vec::new()
            } else {
                p.used.clone()
            },
            assigned: Vec::new(),
            filled: 0,
            head: head_signature(p.code),
            mentions: p.reads.clone(),
            sibling: chain
                .as_ref()
                .filter(|_| continues(keyword).is_some())
                .map(|(filled, _)| *filled),
            chain: chain
                .filter(|_| continues(keyword).is_some())
                .map(|(_, names)| names),
            ended: false,
            name: if block_kind(keyword) == BlockKind::Def {
                def_name(p.code)
            } else {
                ""
            },
            decorated: s.previous_signature == "@",
            first_head: "",
            loop_reads: if block_kind(keyword) == BlockKind::Loop {
                p.reads.clone()
            } else {
                Vec::new()
            },
        });
        t.after_opener = true;
        t.after_closer = false;
    }
    t
}

/// The score of a choice under the model.
pub(super) fn score(c: &Choice, m: &Model) -> f64 {
    let dense = dot(&c.features, &m.dense);
    let sparse: f64 = c.keys.iter().filter_map(|k| m.sparse.get(k)).sum();
    dense + sparse
}

/// One line of the beam search: every state of `beam` takes every depth the line may take, at the
/// model's cost plus `extra` (by depth), and the `width` cheapest distinct layouts are kept.
pub fn expand<'a>(
    beam: &[State<'a>],
    p: &Placing<'a>,
    model: &Model,
    extra: impl Fn(usize) -> f64,
    width: usize,
) -> Vec<State<'a>> {
    let mut next: Vec<State> = Vec::new();
    for s in beam {
        let choices = options(s, p);
        let costs = costs(&choices, model);
        for (c, cost) in choices.iter().zip(costs) {
            let mut t = step(s, p, c.depth, cost + extra(c.depth));
            t.cost += path_cost(model, &s.counts, &t.counts);
            next.push(t);
        }
    }
    next.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    next.dedup_by(|a, b| a.depths == b.depths);
    next.truncate(width);
    next
}

/// The cost of each choice: minus its score for a path model, else minus the log of its
/// probability among the choices.
pub fn costs(choices: &[Choice], m: &Model) -> Vec<f64> {
    let scores: Vec<f64> = choices.iter().map(|c| score(c, m)).collect();
    if !m.path {
        return minus_log_softmax(&scores);
    }
    let mut costs: Vec<f64> = scores.iter().map(|s| -s).collect();
    if let Some((w, mix)) = &m.choice {
        let choice: Vec<f64> = choices.iter().map(|c| dot(&c.features, w)).collect();
        for (cost, extra) in costs.iter_mut().zip(minus_log_softmax(&choice)) {
            *cost += mix * extra;
        }
    }
    costs
}

/// Minus the log of each score's share of the scores' softmax.
pub fn minus_log_softmax(scores: &[f64]) -> Vec<f64> {
    let top = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = scores.iter().map(|s| (s - top).exp()).sum();
    let lse = top + sum.ln();
    scores.iter().map(|s| lse - s).collect()
}
