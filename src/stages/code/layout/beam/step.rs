//! The beam's step: the state after placing a statement at a depth.

use super::super::names::*;
use super::placing::Placing;
use super::state::{close_from, closing, intersect, leaves, unpark, Block, State};
use crate::stages::code::lines::identifiers;

/// The state after placing the statement at `k`.
pub fn step<'a>(s: &State<'a>, p: &Placing<'a>, k: usize, cost: f64) -> State<'a> {
    let mut t = s.clone();
    let chain = chain_at(s, k);
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
    t.close_to(p, k);
    t.counts[0] += unbound;
    t.read(p);
    let binds = bound_by(p.code);
    t.bind(p, k, &binds);
    t.fill(p, sure, binds);
    t.cost += cost;
    t.depths.push(k);
    t.last = k;
    t.after_opener = false;
    t.after_closer = is_closer(p.code);
    t.previous = Some(p.kind);
    t.previous_signature = p.signature;
    if let Some(keyword) = p.opens {
        let decorated = s.previous_signature == "@";
        t.blocks.push(Block::opened(keyword, p, chain, decorated));
        t.after_opener = true;
        t.after_closer = false;
    }
    t
}

/// The branch an `elif`/`else`/`except`/`finally` at depth `k` continues (the statements in it),
/// and the names its chain binds.
type Chain<'a> = (usize, Option<Vec<&'a str>>);

fn chain_at<'a>(s: &State<'a>, k: usize) -> Option<Chain<'a>> {
    s.blocks.get(k).map(|c| {
        let mine = (!leaves(&s.blocks)[k]).then(|| c.assigned.clone());
        let before = match (&c.chain, block_kind(c.keyword)) {
            (Some(chain), _) => chain.clone(),
            (None, BlockKind::Loop) => Some(Vec::new()),
            (None, _) => None,
        };
        (c.filled, intersect(before, mine))
    })
}

impl<'a> State<'a> {
    /// Closes the blocks from depth `k` in for a statement placed there. A store in one branch
    /// of an `if` chain is not read by the next branch: it waits for the chain's end.
    fn close_to(&mut self, p: &Placing, k: usize) {
        let branch = continues(p.word).is_some()
            && self
                .blocks
                .get(k)
                .is_some_and(|b| matches!(b.keyword, "if" | "elif"));
        if !branch {
            unpark(self, k);
        }
        close_from(self, k);
        if branch {
            // What waits inside the branch that closes waits for this chain now.
            for (_, _, chain) in self.parked.iter_mut() {
                *chain = (*chain).min(k);
            }
            let (parked, kept): (Vec<_>, Vec<_>) = self.stores.iter().partition(|(_, d)| *d > k);
            self.parked
                .extend(parked.into_iter().map(|(n, d)| (n, d, k)));
            self.stores = kept;
        }
    }

    /// What the statement's reads settle: a read of a name whose binding is gone counts; the
    /// functions and stores it reads are used; every open loop's next pass reads it too.
    fn read(&mut self, p: &Placing<'a>) {
        self.counts[1] += p
            .reads
            .iter()
            .filter(|n| self.deleted.iter().any(|(m, _)| m == *n))
            .count();
        self.unused_defs.retain(|(n, _)| !p.reads.contains(n));
        self.stores.retain(|(n, _)| !p.reads.contains(n));
        for b in self.blocks.iter_mut() {
            if block_kind(b.keyword) == BlockKind::Loop {
                b.loop_reads.extend(p.reads.iter().copied());
            }
        }
    }

    /// What the statement at depth `k` binds (`binds`, and what the block it opens binds): a
    /// name bound again is no longer gone; a `global` or `nonlocal` statement declares; in a
    /// function, a plain assignment is a store waiting for a read.
    fn bind(&mut self, p: &Placing<'a>, k: usize, binds: &[&'a str]) {
        let opened = p
            .opens
            .map(|keyword| bound_names(keyword, p.code))
            .unwrap_or_default();
        self.deleted
            .retain(|(n, _)| !binds.contains(n) && !opened.contains(n));
        if matches!(p.word, "global" | "nonlocal") {
            self.globals.extend(identifiers(&p.code[p.word.len()..]));
        } else if p.opens.is_none()
            && !matches!(p.word, "def" | "class" | "async" | "import" | "from")
            // Unpacking often leaves a part unread on purpose (`key, _value = ...`).
            && !p.code.split('=').next().unwrap_or("").contains(',')
            && self.in_function(k)
        {
            for &name in binds {
                if name != "_" && !self.globals.contains(&name) {
                    self.stores.push((name, k));
                }
            }
        }
    }

    /// The statement placed in the innermost open block, or at the top: what it mentions, and
    /// the names surely bound there (`sure`, by the blocks it closed, and `binds`, its own).
    fn fill(&mut self, p: &Placing<'a>, sure: Vec<&'a str>, binds: Vec<&'a str>) {
        match self.blocks.last_mut() {
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
                self.top.extend(sure);
                self.top.extend(binds);
            }
        }
    }
}

impl<'a> Block<'a> {
    /// The block the statement `p` opens with `keyword`; `chain` is what [`chain_at`] says of
    /// the depth it lands at, `decorated` whether a decorator line stands right before it.
    fn opened(
        keyword: &'static str,
        p: &Placing<'a>,
        chain: Option<Chain<'a>>,
        decorated: bool,
    ) -> Block<'a> {
        let kind = block_kind(keyword);
        let continues_chain = continues(keyword).is_some();
        Block {
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
                .filter(|_| continues_chain)
                .map(|(filled, _)| *filled),
            chain: chain.filter(|_| continues_chain).map(|(_, names)| names),
            ended: false,
            name: if kind == BlockKind::Def {
                def_name(p.code)
            } else {
                ""
            },
            decorated,
            first_head: "",
            loop_reads: if kind == BlockKind::Loop {
                p.reads.clone()
            } else {
                Vec::new()
            },
        }
    }
}
