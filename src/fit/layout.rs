//! Learning the layout model from indented Python. The code is cut into definitions, flattened
//! and replayed: at every statement, the choices the layout leaves and the one its author made.
//!
//! Two fits, one after the other. [`fit`] learns the features' weights as a multinomial logistic
//! model of each choice (Newton's method). [`perceptron`] starts from those and trains the weights
//! of whole layouts, the features and the sparse keys, so that the beam search of
//! [`crate::stages::code::indent`] finds the author's layout: an averaged structured perceptron with early
//! updates (when the author's layout falls out of the beam, the weights move toward its features
//! and away from those of the best layout kept).

use crate::stages::code::indent::{analyse, first_word, Kind, Line};
use crate::stages::code::layout::{self, Choice, Feats, Model, Placing, State, NF, NP};
use std::collections::HashMap;

/// Layouts kept at each line while learning (as many as the search keeps).
const BEAM: usize = 24;

/// The snippets of a `### name` file: each `### name` line starts one, and its lines follow.
pub fn snippets(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("### ") {
            out.push((name.to_string(), String::new()));
        } else if let Some((_, code)) = out.last_mut() {
            code.push_str(line);
            code.push('\n');
        }
    }
    out
}

/// Indented code as a scrape leaves it: every line's leading whitespace gone.
pub fn flatten(code: &str) -> String {
    code.lines()
        .map(|l| l.trim_start().to_string() + "\n")
        .collect()
}

/// The author's depth of each line of indented code (`usize::MAX` for lines that are not
/// statements; None when the walk cannot follow it: a tab-and-space mix, a misread continued line).
fn truth(lines: &[Line]) -> Option<Vec<usize>> {
    let mut columns = vec![0usize];
    let mut out = Vec::new();
    for line in lines {
        if line.kind != Kind::Statement {
            out.push(usize::MAX);
            continue;
        }
        while line.columns < *columns.last()? {
            columns.pop();
            columns.last()?;
        }
        if line.columns > *columns.last()? {
            columns.push(line.columns);
        }
        if line.columns != *columns.last()? {
            return None;
        }
        out.push(columns.len() - 1);
    }
    Some(out)
}

/// One choice an author made: the features of each option and the index of the one taken.
pub struct Decision {
    pub options: Vec<Feats>,
    pub taken: usize,
}

/// Replays a layout (a depth per line) statement by statement: `visit` sees each statement's
/// choices and the index of the one the layout takes. Stops where the layout takes a depth the
/// walk does not offer; returns the state reached.
fn walk<'a>(
    placings: &[Option<Placing<'a>>],
    depths: &[usize],
    mut visit: impl FnMut(Vec<Choice>, usize),
) -> State<'a> {
    let mut s = State::new();
    for (p, &depth) in placings.iter().zip(depths) {
        let Some(p) = p else { continue };
        let choices = layout::options(&s, p);
        let Some(taken) = choices.iter().position(|c| c.depth == depth) else {
            break;
        };
        visit(choices, taken);
        s = layout::step(&s, p, depth, 0.0);
    }
    s
}

/// The author's layout of indented code, replayed to its end with `visit` seeing each choice
/// (None when the walk cannot follow it to the last statement).
fn replay(code: &str, visit: impl FnMut(Vec<Choice>, usize)) -> Option<State<'_>> {
    let lines = analyse(code);
    let depths = truth(&lines)?;
    let placings = layout::placings(&lines);
    let end = walk(&placings, &depths, visit);
    (end.depths.len() == placings.iter().flatten().count()).then_some(end)
}

/// The path counts of indented code's own layout (None when the walk cannot follow it).
pub fn path_counts(code: &str) -> Option<layout::Counts> {
    replay(code, |_, _| {}).map(|end| layout::finish(&end))
}

/// The cost of indented code's own layout under `model`, as the search adds it up (None when the
/// walk cannot follow it).
pub fn layout_cost(code: &str, model: &Model) -> Option<f64> {
    let mut cost = 0.0;
    let end = replay(code, |choices, taken| {
        cost += layout::costs(&choices, model)[taken];
    })?;
    Some(cost + layout::path_cost(model, &[0; NP], &layout::finish(&end)))
}

/// The choices the author of indented code made, replayed as if the code were flat (up to where
/// the walk cannot follow it).
pub fn decisions(code: &str) -> Vec<Decision> {
    let lines = analyse(code);
    let depths = truth(&lines).unwrap_or_default();
    let mut out = Vec::new();
    walk(&layout::placings(&lines), &depths, |choices, taken| {
        if choices.len() > 1 {
            out.push(Decision {
                options: choices.iter().map(|c| c.features).collect(),
                taken,
            });
        }
    });
    out
}

fn probabilities(d: &Decision, w: &Feats) -> Vec<f64> {
    let scores: Vec<f64> = d.options.iter().map(|f| layout::dot(f, w)).collect();
    layout::minus_log_softmax(&scores)
        .into_iter()
        .map(|c| (-c).exp())
        .collect()
}

/// Fits the features' weights by Newton's method with an L2 penalty: the multinomial logistic
/// model of which option an author takes.
pub fn fit(decisions: &[Decision], l2: f64, rounds: usize) -> Feats {
    let mut w = [0.0; NF];
    for _ in 0..rounds {
        let mut gradient = [0.0; NF];
        let mut hessian = [[0.0; NF]; NF];
        for i in 0..NF {
            gradient[i] = l2 * w[i];
            hessian[i][i] = l2;
        }
        for d in decisions {
            let p = probabilities(d, &w);
            let mut mean = [0.0; NF];
            for (f, p) in d.options.iter().zip(&p) {
                for i in 0..NF {
                    if f[i] == 0.0 {
                        continue;
                    }
                    mean[i] += p * f[i];
                    for j in 0..NF {
                        hessian[i][j] += p * f[i] * f[j];
                    }
                }
            }
            let taken = &d.options[d.taken];
            for i in 0..NF {
                gradient[i] += mean[i] - taken[i];
                if mean[i] == 0.0 {
                    continue;
                }
                for j in 0..NF {
                    hessian[i][j] -= mean[i] * mean[j];
                }
            }
        }
        let delta = crate::fit::cluster::solve(hessian, gradient);
        for i in 0..NF {
            w[i] -= delta[i];
        }
    }
    w
}

/// Share of decisions where the most probable option is the one taken.
pub fn accuracy(decisions: &[Decision], w: &Feats) -> f64 {
    let right = decisions
        .iter()
        .filter(|d| {
            let p = probabilities(d, w);
            (0..p.len()).max_by(|&a, &b| p[a].total_cmp(&p[b])) == Some(d.taken)
        })
        .count();
    right as f64 / decisions.len().max(1) as f64
}

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
#[allow(clippy::needless_range_loop)] // three arrays move together
pub fn perceptron(units: &[String], init: &Feats, epochs: usize, min_count: usize) -> Model {
    // Averaging: the mean of the weights after every unit, kept as w - u / c.
    let mut model = Model {
        dense: *init,
        sparse: HashMap::new(),
        path_costs: [0.0; NP],
        path: true,
        choice: None,
        cache_key: 0,
    };
    let (mut u_dense, mut u_sparse, mut u_path) =
        ([0.0; NF], HashMap::<String, f64>::new(), [0.0; NP]);
    let mut c = 1.0;
    // Each unit read once: its lines, then its placings and the author's depths.
    let lines: Vec<Vec<Line>> = units.iter().map(|u| analyse(u)).collect();
    let prepared: Vec<Option<Replay>> = lines
        .iter()
        .map(|l| Some((layout::placings(l), truth(l)?)))
        .collect();
    let mut order: Vec<usize> = (0..units.len()).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            let Some((placings, depths)) = &prepared[i] else {
                continue;
            };
            if let Some((good, bad)) = search(placings, depths, &model) {
                let (g, b) = (phi(placings, &good), phi(placings, &bad));
                for k in 0..NF {
                    let delta = g.dense[k] - b.dense[k];
                    model.dense[k] += delta;
                    u_dense[k] += c * delta;
                }
                let mut sparse: HashMap<String, f64> = g.sparse;
                for (k, v) in b.sparse {
                    *sparse.entry(k).or_default() -= v;
                }
                for (k, delta) in sparse {
                    if delta != 0.0 {
                        *u_sparse.entry(k.clone()).or_default() += c * delta;
                        *model.sparse.entry(k).or_default() += delta;
                    }
                }
                // A count is a cost: the weight of its score is minus its path cost.
                for j in 0..NP {
                    let delta = b.counts[j] as f64 - g.counts[j] as f64;
                    model.path_costs[j] += delta;
                    u_path[j] += c * delta;
                }
            }
            c += 1.0;
        }
    }
    // Keys the authors' layouts rarely show are noise.
    let mut met: HashMap<String, usize> = HashMap::new();
    for (placings, depths) in prepared.iter().flatten() {
        for k in phi(placings, depths).sparse.into_keys() {
            *met.entry(k).or_default() += 1;
        }
    }
    for k in 0..NF {
        model.dense[k] -= u_dense[k] / c;
    }
    for j in 0..NP {
        model.path_costs[j] -= u_path[j] / c;
    }
    let sparse = std::mem::take(&mut model.sparse);
    model.sparse = sparse
        .into_iter()
        .map(|(k, w)| {
            let avg = w - u_sparse.get(&k).copied().unwrap_or(0.0) / c;
            (k, avg)
        })
        .filter(|(k, w)| w.abs() >= 0.01 && met.get(k).copied().unwrap_or(0) >= min_count)
        .collect();
    model
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

pub fn units(module: &str) -> Vec<String> {
    let lines: Vec<Line> = analyse(module);
    let mut out = units_at(&lines, 0);
    out.extend(units_at(&lines, 4));
    out
}

/// What the fit learns from: the definitions of [`units`], and the top-level ones two by two too
/// (so that what follows a definition at the top is seen, as in an answer that defines a class
/// and then a function).
pub fn fitting_units(module: &str) -> Vec<String> {
    let lines: Vec<Line> = analyse(module);
    let top = units_at(&lines, 0);
    let mut out: Vec<String> = top
        .chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| c.concat())
        .collect();
    out.extend(top);
    out.extend(units_at(&lines, 4));
    out
}

/// The definitions that start at `level` columns, each with its decorators and its body (and, at
/// the top, the module code after it), dedented.
fn units_at(lines: &[Line], level: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        let starts = l.kind == Kind::Statement
            && l.columns == level
            && (l.body.starts_with('@') || matches!(first_word(l.body), "def" | "class" | "async"));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        let mut last = i;
        // Decorators, then the definition, then everything deeper.
        let mut in_header = l.body.starts_with('@');
        while end < lines.len() {
            let m = &lines[end];
            if m.kind == Kind::Statement && m.columns <= level {
                if in_header && m.columns == level {
                    in_header = m.body.starts_with('@');
                    last = end;
                    end += 1;
                    continue;
                }
                // At the top, the module code right after a definition joins it (a call of
                // the function, a registration, `if __name__ == "__main__":`), as an
                // answer's example follows its function; the next definition does not.
                let definition = m.body.starts_with('@')
                    || matches!(first_word(m.body), "def" | "class" | "async");
                if level == 0 && m.columns == 0 && !definition {
                    last = end;
                    end += 1;
                    continue;
                }
                break;
            }
            if m.kind != Kind::Blank {
                last = end;
            }
            end += 1;
        }
        let text: String = lines[i..=last]
            .iter()
            .map(|m| {
                let cut = m.text.len() - m.text.trim_start().len();
                let text = if m.kind == Kind::Continued && cut < level {
                    m.text
                } else {
                    &m.text[cut.min(level)..]
                };
                format!("{text}\n")
            })
            .collect();
        out.push(text);
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a layout does that programs rarely do, counted on real shapes of code: [unbound
    /// read, deleted read, unused nested def, dead store].
    #[test]
    fn the_path_counts_see_what_a_program_rarely_does() {
        let cases: [(&str, layout::Counts); 17] = [
            // An `except ... as` name is unbound after its handler...
            (
                "def f():\n    try:\n        g()\n    except OSError as err:\n        log(err)\n    print(err)\n",
                [0, 1, 0, 0],
            ),
            // ...until something binds it again, another handler too.
            (
                "def f():\n    try:\n        g()\n    except OSError as err:\n        raise E(err)\n    try:\n        h()\n    except OSError as err:\n        err.name = 1\n        raise\n",
                [0, 0, 0, 0],
            ),
            // What a class or a function binds inside is not bound after it.
            (
                "class Bird:\n    def fly(self):\n        pass\n    class Plane:\n        pass\ndef take_off(obj):\n    obj.fly()\ntake_off(Plane())\n",
                [0, 1, 0, 0],
            ),
            (
                "def square(x):\n    return x * x\nx = 5\nprint(square(x))\n",
                [0, 0, 0, 0],
            ),
            // A method of the same name in the next class reads nothing.
            (
                "class A:\n    def fly(self):\n        pass\nclass B:\n    def fly(self, n=1):\n        pass\nB().fly()\n",
                [0, 0, 0, 0],
            ),
            // A function defined in a function and used by nothing after it.
            (
                "def f():\n    def g():\n        return 1\n    return 2\n",
                [0, 0, 1, 0],
            ),
            ("def f():\n    def g():\n        return 1\n    return g\n", [0, 0, 0, 0]),
            // Used only by itself is unused.
            (
                "def f(n):\n    def g(k):\n        return g(k - 1)\n    return n\n",
                [0, 0, 1, 0],
            ),
            // A decorator may register it.
            (
                "def f(app):\n    @app.route('/')\n    def index():\n        return 'hi'\n    return app\n",
                [0, 0, 0, 0],
            ),
            // Stores nothing reads after, in either branch.
            (
                "def f(a):\n    if a:\n        x = 1\n    else:\n        print(a)\n        x = 2\n    return a\n",
                [0, 0, 0, 2],
            ),
            (
                "def f(a):\n    if a:\n        x = 1\n    else:\n        x = 2\n    return x\n",
                [0, 0, 0, 0],
            ),
            // The next branch of the chain does not read the store of the one before.
            (
                "def f(a, b):\n    if a:\n        b = 1\n    else:\n        print(b)\n    return a\n",
                [0, 0, 0, 1],
            ),
            // Nor does the outer chain's next branch read the stores of an inner chain.
            (
                "def f(a, b):\n    if a:\n        if b:\n            b = 1\n        else:\n            b = 2\n    else:\n        print(b)\n    return a\n",
                [0, 0, 0, 2],
            ),
            // The next pass of a loop reads what this one stored.
            (
                "def f(xs):\n    prev = None\n    for x in xs:\n        if prev:\n            print(prev)\n        prev = x\n",
                [0, 0, 0, 0],
            ),
            // A global is no local; a chained assignment binds each of its targets.
            (
                "def f():\n    global n\n    n = 1\n    a = b = 0\n    return a\n",
                [0, 0, 0, 1],
            ),
            // A comprehension's variable is its own, not the closed loop's.
            (
                "def f(xs):\n    for x in xs:\n        pass\n    return [x for x in xs]\n",
                [0, 0, 0, 0],
            ),
            (
                "def f(xs):\n    for x in xs:\n        pass\n    return x\n",
                [1, 0, 0, 0],
            ),
        ];
        for (code, want) in cases {
            assert_eq!(path_counts(code), Some(want), "{code}");
        }
    }

    #[test]
    fn the_replay_records_what_the_author_chose() {
        // (code, options per decision, index taken per decision)
        let cases: [(&str, &[usize], &[usize]); 3] = [
            // `return` after the if: three depths possible (0, 1, 2), 1 taken.
            (
                "def f(n):\n    if n:\n        x = 1\n    return x\n",
                &[3],
                &[1],
            ),
            // `else` may belong to the if only.
            ("if a:\n    b()\nelse:\n    c()\n", &[], &[]),
            // A loop's else, or the inner if's.
            (
                "for x in y:\n    if x:\n        break\nelse:\n    z()\n",
                &[2],
                &[1],
            ),
        ];
        for (code, sizes, taken) in cases {
            let d = decisions(code);
            assert_eq!(
                d.iter().map(|d| d.options.len()).collect::<Vec<_>>(),
                sizes,
                "{code}"
            );
            assert_eq!(
                d.iter().map(|d| d.taken).collect::<Vec<_>>(),
                taken,
                "{code}"
            );
        }
    }

    #[test]
    fn units_are_definitions_and_methods_dedented() {
        let module = "import os\n\n@cache\ndef f(x):\n    return x\n\nclass A:\n    def m(self):\n        return 1\n\n    def n(self):\n        pass\nX = A()\nif X:\n    f(X)\n";
        let got = units(module);
        assert_eq!(
            got,
            [
                "@cache\ndef f(x):\n    return x\n",
                "class A:\n    def m(self):\n        return 1\n\n    def n(self):\n        pass\nX = A()\nif X:\n    f(X)\n",
                "def m(self):\n    return 1\n",
                "def n(self):\n    pass\n",
            ]
        );
    }

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
