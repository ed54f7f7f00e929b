//! The choices a statement line offers after a layout so far: the depths it may take, each with
//! its features and its sparse keys.

use super::super::names::*;
use super::super::*;
use super::placing::Placing;
use super::state::{closing, Block, State};

fn put(f: &mut Feats, which: F, value: f64) {
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
        .map(|(rank, (depth, features))| Choice {
            depth,
            features,
            keys: keys(s, p, depth, rank),
        })
        .collect()
}

/// The sparse keys of taking `depth`, the choice offered `rank`th: for a continuation, the
/// opener it continues; else what the choice does beside what kind of line, block and statement
/// before it, and their signatures.
fn keys(s: &State, p: &Placing, depth: usize, rank: usize) -> Vec<String> {
    let closed = s.blocks.len() - depth;
    match s.blocks.last() {
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
    }
}

/// The depths a statement may take after `s`, each with its dense features.
fn options_of(s: &State, p: &Placing) -> Vec<(usize, Feats)> {
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
        return continuations(s, p, allowed);
    }
    let def_body = s
        .blocks
        .iter()
        .rposition(|b| b.keyword == "def" || b.keyword == "class")
        .map(|d| d + 1);
    let mut out = Vec::with_capacity(n + 1);
    for k in 0..=n {
        let landing = Landing {
            s,
            p,
            k,
            closed: n - k,
            def_body,
            in_class: k > 0 && s.blocks[k - 1].keyword == "class",
        };
        if !landing.forbidden() {
            out.push((k, landing.features()));
        }
    }
    out
}

/// The openers an `elif`, `else`, `except` or `finally` may continue (those of `allowed`): back
/// to a matching opener, the deepest first.
fn continuations(s: &State, p: &Placing, allowed: &[&str]) -> Vec<(usize, Feats)> {
    let mut out = Vec::new();
    for k in (0..s.blocks.len()).rev() {
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
    out
}

/// A statement landing at depth `k` after `s`, closing the blocks from `k` in.
struct Landing<'s, 'a> {
    s: &'s State<'a>,
    p: &'s Placing<'a>,
    k: usize,
    /// How many blocks it closes.
    closed: usize,
    /// The depth of the body of the innermost open `def` or `class`.
    def_body: Option<usize>,
    /// Depth `k` is a class's body.
    in_class: bool,
}

impl Landing<'_, '_> {
    /// Where the layout rules of an answer's example forbid the depth: a function without
    /// `self` is no method; a decorator defined above decorates at the top or in a class.
    fn forbidden(&self) -> bool {
        let (s, p, k, in_class) = (self.s, self.p, self.k, self.in_class);
        // (A method's wrapper that the enclosing function returns is a closure: it may be there.)
        (p.plain_def && in_class)
            || (p.own_decorator && k > 0 && !in_class)
            || (p.method && k > 0 && !in_class && !p.closure)
            || (s.previous == Some(LineKind::Def) && s.previous_signature == "@" && k != s.last)
    }

    /// What describes the choice.
    fn features(&self) -> Feats {
        let mut f = [0.0; NF];
        self.closes(&mut f);
        if let Some(inner) = self.s.blocks.last() {
            if self.closed == 0 {
                self.stays_in(inner, &mut f);
            } else {
                self.closes_block(inner, &mut f);
            }
        }
        self.function(&mut f);
        self.names(&mut f);
        self.definition(&mut f);
        f
    }

    /// How many blocks it closes, and after what.
    fn closes(&self, f: &mut Feats) {
        let (s, p, closed) = (self.s, self.p, self.closed);
        match closed {
            0 => put(f, F::Stay, 1.0),
            1 => put(f, F::Close1, 1.0),
            2 => put(f, F::Close2, 1.0),
            _ => put(f, F::Close3, 1.0),
        }
        if p.blank_before {
            if closed == 0 {
                put(f, F::StayAfterBlank, 1.0);
            } else {
                put(f, F::CloseAfterBlank, closed as f64);
            }
        }
        if p.comment_before {
            if closed == 0 {
                put(f, F::StayAfterComment, 1.0);
            } else {
                put(f, F::CloseAfterComment, closed as f64);
            }
        }
        if closed > 0 && Some(self.k) == self.def_body {
            put(f, F::CloseToFunction, 1.0);
        }
        if s.after_closer {
            if closed == 0 {
                put(f, F::StayAfterCloser, 1.0);
            } else {
                put(f, F::CloseMoreAfterCloser, (closed - 1) as f64);
            }
        }
    }

    /// Staying in the innermost block: its kind, how full it is, what came before.
    fn stays_in(&self, inner: &Block, f: &mut Feats) {
        let (s, p) = (self.s, self.p);
        put(f, F::StayDepth, s.blocks.len() as f64);
        let (stay, filled) = match block_kind(inner.keyword) {
            BlockKind::If => (F::StayIf, F::FilledIf),
            BlockKind::Branch => (F::StayBranch, F::FilledBranch),
            BlockKind::Loop => (F::StayLoop, F::FilledLoop),
            BlockKind::Try => (F::StayTry, F::FilledTry),
            BlockKind::With => (F::StayWith, F::FilledWith),
            BlockKind::Def => (F::StayDef, F::FilledDef),
        };
        put(f, stay, 1.0);
        put(f, filled, inner.filled.min(4) as f64);
        if s.previous == Some(p.kind) {
            put(f, F::LikePrevious, 1.0);
        }
        match s.previous {
            Some(LineKind::Assign) => put(f, F::StayAfterAssign, 1.0),
            Some(LineKind::Call) => put(f, F::StayAfterCall, 1.0),
            Some(LineKind::Other | LineKind::Yield) => put(f, F::StayAfterOther, 1.0),
            _ => {}
        }
        if let Some(length) = inner.sibling {
            if inner.filled >= length {
                put(f, F::BranchPastSibling, 1.0);
            }
        }
    }

    /// Closing blocks: the kind of the innermost, the kind of line that closes it, and whether
    /// it lands beside a block its own keyword opened.
    fn closes_block(&self, inner: &Block, f: &mut Feats) {
        let p = self.p;
        let close = match block_kind(inner.keyword) {
            BlockKind::If => F::CloseIf,
            BlockKind::Branch => F::CloseBranch,
            BlockKind::Loop => F::CloseLoop,
            BlockKind::Try => F::CloseTry,
            BlockKind::With => F::CloseWith,
            BlockKind::Def => F::CloseDef,
        };
        put(f, close, 1.0);
        let before = match p.kind {
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
        };
        put(f, before, 1.0);
        if self.s.blocks[self.k].keyword == p.word {
            put(f, F::LikeOpener, 1.0);
        }
    }

    /// Leaving the function, a top-level cue, a function's last `return`.
    fn function(&self, f: &mut Feats) {
        let (p, k, def_body) = (self.p, self.k, self.def_body);
        if def_body.is_some_and(|d| k < d) {
            let leave = if p.cue {
                F::LeaveFunctionCue
            } else {
                F::LeaveFunction
            };
            put(f, leave, 1.0);
        }
        if p.cue {
            put(f, if k == 0 { F::CueTop } else { F::CueInside }, 1.0);
        }
        if p.final_return && def_body.is_some() {
            let at = if Some(k) == def_body {
                F::FinalReturnInFunction
            } else {
                F::FinalReturnElsewhere
            };
            put(f, at, 1.0);
        }
    }

    /// The names it uses and reads against those of the blocks it closes and of the block it
    /// lands in.
    fn names(&self, f: &mut Feats) {
        let (s, p, k, closed) = (self.s, self.p, self.k, self.closed);
        // A line that uses a loop's variable (or a `with ... as` name, or a name assigned in a
        // block, or one its header tests) is likely in it.
        let uses = |names: &[&str]| names.iter().any(|n| p.used.contains(n));
        if closed > 0 {
            let inner = s.blocks.last().expect("a block closes");
            if matches!(inner.keyword, "if" | "while")
                && inner.assigned.iter().any(|n| inner.header.contains(n))
            {
                put(f, F::CloseGuard, 1.0);
            }
            self.reads_closed(f);
        }
        // A `with` body uses what it opened (`data = f.read()`); what follows may not.
        if let Some(inner) = s.blocks.last().filter(|_| closed == 0) {
            if inner.keyword == "with" && !inner.binds.is_empty() && !uses(&inner.binds) {
                put(f, F::StayWithoutResource, 1.0);
            }
        }
        for b in &s.blocks[k..] {
            if uses(&b.binds) {
                put(f, F::UsesClosedBinds, 1.0);
            }
            if uses(&b.header) {
                put(f, F::UsesClosedHeader, 1.0);
            }
        }
        if k > 0 {
            let here = &s.blocks[k - 1].mentions;
            let read_here = p.reads.iter().any(|n| here.contains(n));
            if read_here {
                put(f, F::ReadsDestination, 1.0);
            }
            let read_closed = p
                .reads
                .iter()
                .any(|n| !here.contains(n) && s.blocks[k..].iter().any(|b| b.mentions.contains(n)));
            if read_closed {
                put(f, F::ReadsClosedOnly, 1.0);
            }
        }
    }

    /// Whether it reads a name the blocks it closes surely bound, maybe bound, or reassigned.
    fn reads_closed(&self, f: &mut Feats) {
        let (s, p, k) = (self.s, self.p, self.k);
        // Names bound before the blocks that close: reading them again says little.
        let known = |n: &&str| s.bound(k, n);
        let (sure, maybe) = closing(s, k);
        let reads = |names: &[&str]| names.iter().any(|n| p.reads.contains(n) && !known(n));
        if reads(&sure) {
            put(f, F::UsesBothBranches, 1.0);
        } else if reads(&maybe) {
            put(f, F::UsesClosedAssigned, 1.0);
        } else if s.blocks[k..]
            .iter()
            .any(|b| b.assigned.iter().any(|n| p.reads.contains(n) && known(n)))
        {
            put(f, F::UsesClosedUpdated, 1.0);
        }
    }

    /// A decorator or a definition: where it lands (in its class, a returned closure in its
    /// function, at the top, nested elsewhere).
    fn definition(&self, f: &mut Feats) {
        let (p, k) = (self.p, self.k);
        if p.own_decorator && k > 0 {
            put(f, F::DecoratorDefinedHereInside, 1.0);
        }
        if p.definition {
            // A function that the enclosing one returns (or calls in its return) is defined in
            // that function's own body.
            let closure = p.closure && self.def_body == Some(k);
            let at = if self.in_class {
                F::DefInClass
            } else if closure {
                F::DefClosure
            } else if k == 0 {
                F::DefTop
            } else {
                F::DefNested
            };
            put(f, at, 1.0);
        }
    }
}
