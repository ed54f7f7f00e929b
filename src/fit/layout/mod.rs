//! Learning the layout model from indented Python. The code is cut into definitions, flattened
//! and replayed: at every statement, the choices the layout leaves and the one its author made.
//!
//! Two fits, one after the other. [`fit`] learns the features' weights as a multinomial logistic
//! model of each choice (Newton's method). [`perceptron`] starts from those and trains the weights
//! of whole layouts, the features and the sparse keys, so that the beam search of
//! [`crate::stages::code::indent`] finds the author's layout: an averaged structured perceptron with early
//! updates (when the author's layout falls out of the beam, the weights move toward its features
//! and away from those of the best layout kept).

mod calibrate;
mod perceptron;
mod units;

pub use calibrate::{calibrate, held_out_functions, held_out_modules, Calibration, Definitions};
pub use perceptron::perceptron;
pub use units::{fitting_units, flatten, snippets, units};

use crate::stages::code::indent::{analyse, Kind, Line};
use crate::stages::code::layout::{self, Choice, Feats, Model, Placing, State, NF, NP};

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
}
