//! The walk over a block's lines: the state of a layout so far ([`State`], in `state`), what
//! each statement line is ([`Placing`], in `placing`), the choices each line offers with their
//! features ([`options`]), the step that places a statement ([`step`]), and the beam search over
//! them.

mod options;
mod placing;
mod state;
mod step;

use super::*;
pub use options::{options, Choice};
pub use placing::{placings, Placing};
pub use state::{finish, finished, State};
pub use step::step;

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
