//! The second fit: the weights of whole layouts, by the averaged structured perceptron with early
//! updates that the parent module describes.

use super::{truth, walk};
use crate::stages::code::indent::{analyse, Line};
use crate::stages::code::layout::{self, Feats, Model, Placing, State, NF, NP};
use std::collections::HashMap;

/// Layouts kept at each line while learning (as many as the search keeps).
const BEAM: usize = 24;

/// What a layout's choices add up to: the features, the sparse keys (with how often each was
/// met) and the path counts of the finished layout.
struct Phi {
    dense: Feats,
    sparse: HashMap<String, f64>,
    counts: layout::Counts,
}

/// Replays a layout (a depth per line, as the search records them) and adds up its choices.
fn phi(placings: &[Option<Placing>], depths: &[usize]) -> Phi {
    let mut dense = [0.0; NF];
    let mut sparse: HashMap<String, f64> = HashMap::new();
    let end = walk(placings, depths, |mut choices, taken| {
        let c = choices.swap_remove(taken);
        for (x, y) in dense.iter_mut().zip(&c.features) {
            *x += y;
        }
        for k in c.keys {
            *sparse.entry(k).or_default() += 1.0;
        }
    });
    Phi {
        dense,
        sparse,
        counts: layout::finish(&end),
    }
}

/// A unit ready to replay: its placings and the author's depths.
type Replay<'a> = (Vec<Option<Placing<'a>>>, Vec<usize>);

/// The weights of whole layouts, trained from `init` over `epochs` passes of `units` (indented
/// definitions) in a fixed shuffled order. Sparse keys met fewer than `min_count` times in the
/// author's layouts are left out.
pub fn perceptron(units: &[String], init: &Feats, epochs: usize, min_count: usize) -> Model {
    let mut weights = Averaged::new(init);
    // Each unit read once: its lines, then its placings and the author's depths.
    let lines: Vec<Vec<Line>> = units.iter().map(|u| analyse(u)).collect();
    let prepared: Vec<Option<Replay>> = lines
        .iter()
        .map(|l| Some((layout::placings(l), truth(l)?)))
        .collect();
    let mut order: Vec<usize> = (0..units.len()).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..epochs {
        shuffle(&mut order, &mut seed);
        for &i in &order {
            let Some((placings, depths)) = &prepared[i] else {
                continue;
            };
            if let Some((good, bad)) = search(placings, depths, &weights.model) {
                weights.update(phi(placings, &good), phi(placings, &bad));
            }
            weights.c += 1.0;
        }
    }
    // Keys the authors' layouts rarely show are noise.
    let mut met: HashMap<String, usize> = HashMap::new();
    for (placings, depths) in prepared.iter().flatten() {
        for k in phi(placings, depths).sparse.into_keys() {
            *met.entry(k).or_default() += 1;
        }
    }
    weights.averaged(|k| met.get(k).copied().unwrap_or(0) >= min_count)
}

/// Shuffles `order` in place by a xorshift generator: the same order on every machine.
fn shuffle(order: &mut [usize], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        order.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

/// The perceptron's weights and, for averaging, the sum of its updates each weighted by when it
/// came: the mean of the weights after every unit is w - u / c.
struct Averaged {
    model: Model,
    u_dense: Feats,
    u_sparse: HashMap<String, f64>,
    u_path: [f64; NP],
    /// Units seen, plus one.
    c: f64,
}

impl Averaged {
    fn new(init: &Feats) -> Self {
        Averaged {
            model: Model {
                dense: *init,
                sparse: HashMap::new(),
                path_costs: [0.0; NP],
                path: true,
                choice: None,
                cache_key: 0,
            },
            u_dense: [0.0; NF],
            u_sparse: HashMap::new(),
            u_path: [0.0; NP],
            c: 1.0,
        }
    }

    /// Moves the weights toward the author's layout (`g`) and away from the best layout kept
    /// (`b`).
    #[allow(clippy::needless_range_loop)] // three arrays move together
    fn update(&mut self, g: Phi, b: Phi) {
        let c = self.c;
        for k in 0..NF {
            let delta = g.dense[k] - b.dense[k];
            self.model.dense[k] += delta;
            self.u_dense[k] += c * delta;
        }
        let mut sparse: HashMap<String, f64> = g.sparse;
        for (k, v) in b.sparse {
            *sparse.entry(k).or_default() -= v;
        }
        for (k, delta) in sparse {
            if delta != 0.0 {
                *self.u_sparse.entry(k.clone()).or_default() += c * delta;
                *self.model.sparse.entry(k).or_default() += delta;
            }
        }
        // A count is a cost: the weight of its score is minus its path cost.
        for j in 0..NP {
            let delta = b.counts[j] as f64 - g.counts[j] as f64;
            self.model.path_costs[j] += delta;
            self.u_path[j] += c * delta;
        }
    }

    /// The averaged weights; a sparse key whose average is below 0.01, or that `keep` refuses,
    /// is left out.
    fn averaged(mut self, keep: impl Fn(&str) -> bool) -> Model {
        let c = self.c;
        for (w, u) in self.model.dense.iter_mut().zip(&self.u_dense) {
            *w -= u / c;
        }
        for (w, u) in self.model.path_costs.iter_mut().zip(&self.u_path) {
            *w -= u / c;
        }
        let sparse = std::mem::take(&mut self.model.sparse);
        self.model.sparse = sparse
            .into_iter()
            .map(|(k, w)| {
                let avg = w - self.u_sparse.get(&k).copied().unwrap_or(0.0) / c;
                (k, avg)
            })
            .filter(|(k, w)| w.abs() >= 0.01 && keep(k))
            .collect();
        self.model
    }
}

/// The beam search of one flattened definition under `model`: None when the author's layout wins,
/// else (the author's depths so far, the best kept) at the first line where the author's layout
/// falls out of the beam, or at the end.
fn search(
    placings: &[Option<Placing>],
    depths: &[usize],
    model: &Model,
) -> Option<(Vec<usize>, Vec<usize>)> {
    let mut beam = vec![State::new()];
    let mut author: Vec<usize> = Vec::new();
    let mut author_state = State::new();
    for (p, &depth) in placings.iter().zip(depths) {
        let Some(p) = p else {
            for s in beam.iter_mut() {
                s.depths.push(usize::MAX);
            }
            author.push(usize::MAX);
            continue;
        };
        author.push(depth);
        // A layout the walk cannot follow teaches nothing.
        if !layout::options(&author_state, p)
            .iter()
            .any(|c| c.depth == depth)
        {
            return None;
        }
        author_state = layout::step(&author_state, p, depth, 0.0);
        let mut next = layout::expand(&beam, p, model, |_| 0.0, BEAM);
        if next.is_empty() {
            return None;
        }
        if !next.iter().any(|s| s.depths == author) {
            return Some((author, next.swap_remove(0).depths));
        }
        beam = next;
    }
    let best = layout::finished(beam, model).into_iter().next()?;
    (best.depths != author).then_some((author, best.depths))
}

#[cfg(test)]
mod tests {
    use super::super::{flatten, snippets};
    use super::*;

    /// Trained on a few standard-library functions, the path weights bring more of those same
    /// functions back from flat than the weights they started from: the learning moves the
    /// search toward the authors' layouts.
    #[test]
    fn the_perceptron_learns_the_layouts_it_is_shown() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/code/stdlib-snippets.py.txt"
        ))
        .expect("the snippets");
        let units: Vec<String> = snippets(&text)
            .into_iter()
            .map(|(_, code)| code)
            .take(24)
            .collect();
        let same = |model: &Model| {
            units
                .iter()
                .filter(|code| {
                    let (restored, _) =
                        crate::stages::code::indent::restore_with(&flatten(code), model);
                    crate::stages::code::python::syntax_tree(&restored)
                        == crate::stages::code::python::syntax_tree(code)
                })
                .count()
        };
        let start = Model {
            dense: [0.0; NF],
            sparse: HashMap::new(),
            path_costs: [0.0; NP],
            path: true,
            choice: None,
            cache_key: 0,
        };
        let trained = perceptron(&units, &[0.0; NF], 4, 1);
        let (before, after) = (same(&start), same(&trained));
        assert!(after > before, "{before} -> {after} of {}", units.len());
        assert!(after * 10 >= units.len() * 6, "{after} of {}", units.len());
    }
}
