//! Questions shaped like the web's collections: mostly distinct questions built from question
//! frames, a Python vocabulary and contexts, so that families of look-alikes appear (`When should
//! you avoid decorators in a web API?` beside `When should you avoid generators in a web API?`),
//! and a share of them asked again, reworded, in other documents. The truth is the group: a
//! reworded question keeps the group of the question it rewords; look-alikes never share one.
//!
//! Deterministic for a seed. The generator keeps one small key per question it has made (to stay
//! distinct and to reword earlier ones), never the text.

mod vocabulary;

pub use vocabulary::{Frame, CONCEPTS, CONTEXTS, FRAMES, OPENINGS};

use super::Rng;
use std::collections::HashSet;
use vocabulary::{ANSWERS, PREFIXES};

/// What makes one question: frame, wording, concept, context, second concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    frame: u16,
    x: u16,
    y: u16,
    z: u16,
}

/// How a question is worded: which opening, which verb, context first or last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Wording {
    opening: u8,
    verb: u8,
    context_first: bool,
}

/// One question as written: its text, an answer, and its group.
#[derive(Debug, Clone)]
pub struct Drawn {
    pub question: String,
    pub answer: Option<String>,
    pub group: usize,
}

/// The stream of questions: new ones, and now and then one asked before, reworded.
#[derive(Debug)]
pub struct Web {
    made: Vec<(Key, Wording)>,
    seen: HashSet<Key>,
    /// Share of questions that reword an earlier one.
    pub reword: f64,
}

impl Default for Web {
    fn default() -> Self {
        Web {
            made: Vec::new(),
            seen: HashSet::new(),
            reword: 0.2,
        }
    }
}

impl Web {
    /// The next question; groups are numbered in the order questions are first made.
    pub fn draw(&mut self, rng: &mut Rng) -> Drawn {
        if !self.made.is_empty() && rng.chance(self.reword) {
            let group = rng.below(self.made.len());
            let (key, wording) = self.made[group];
            let question = reworded(&fill(key, other_wording(key, wording, rng)), rng);
            return Drawn {
                answer: Some(answer(key, rng)),
                question,
                group,
            };
        }
        let key = loop {
            let frame = rng.below(FRAMES.len()) as u16;
            let x = rng.below(CONCEPTS.len()) as u16;
            let object = FRAMES[frame as usize].object;
            let y = if object.contains("{y}") {
                rng.below(CONTEXTS.len()) as u16
            } else {
                u16::MAX
            };
            let mut x = x;
            let z = if object.contains("{z}") {
                let z = rng.below(CONCEPTS.len() - 1) as u16;
                let mut z = z + (z >= x) as u16;
                // `X and Z` asks what `Z and X` asks: one key for both orders.
                if !object.contains("instead") && z < x {
                    std::mem::swap(&mut x, &mut z);
                }
                z
            } else {
                u16::MAX
            };
            let key = Key { frame, x, y, z };
            if self.seen.insert(key) {
                break key;
            }
        };
        let f = &FRAMES[key.frame as usize];
        let wording = Wording {
            opening: rng.below(OPENINGS[f.opening].len()) as u8,
            verb: rng.below(f.verbs.len()) as u8,
            context_first: key.y != u16::MAX && rng.chance(0.1),
        };
        self.made.push((key, wording));
        let mut question = fill(key, wording);
        if rng.chance(0.1) {
            question = format!("{}{}", PREFIXES[0], lower_first(&question));
        }
        Drawn {
            answer: Some(answer(key, rng)),
            question,
            group: self.made.len() - 1,
        }
    }
}

/// Another wording of the same question: another opening, another verb, or the context moved,
/// as many of those as the frame allows (at least one when it allows any).
fn other_wording(key: Key, was: Wording, rng: &mut Rng) -> Wording {
    let f = &FRAMES[key.frame as usize];
    let openings = OPENINGS[f.opening].len();
    let mut ways: Vec<u8> = Vec::new();
    if openings > 1 {
        ways.push(0);
    }
    if f.verbs.len() > 1 {
        ways.push(1);
    }
    if key.y != u16::MAX {
        ways.push(2);
    }
    let mut w = was;
    if ways.is_empty() {
        return w;
    }
    let first = ways[rng.below(ways.len())];
    for way in ways {
        if way != first && !rng.chance(0.3) {
            continue;
        }
        match way {
            0 => w.opening = ((w.opening as usize + 1 + rng.below(openings - 1)) % openings) as u8,
            1 => {
                let n = f.verbs.len();
                w.verb = ((w.verb as usize + 1 + rng.below(n - 1)) % n) as u8
            }
            _ => w.context_first = !w.context_first,
        }
    }
    w
}

fn fill(key: Key, wording: Wording) -> String {
    let f = &FRAMES[key.frame as usize];
    let opening = OPENINGS[f.opening][wording.opening as usize];
    let verb = f.verbs[wording.verb as usize];
    let mut object = f.object.replace("{x}", CONCEPTS[key.x as usize]);
    if key.z != u16::MAX {
        object = object.replace("{z}", CONCEPTS[key.z as usize]);
    }
    let head = [opening, verb]
        .iter()
        .filter(|w| !w.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let end = match opening {
        "Explain" | "Tell me about" | "Describe" | "Name" | "Explain the difference between" => ".",
        _ => "?",
    };
    let q = if key.y == u16::MAX {
        format!("{head} {object}{end}")
    } else if wording.context_first {
        let context = CONTEXTS[key.y as usize];
        let rest = object.replace(" in {y}", "").replace(" for {y}", "");
        format!("In {context}, {} {rest}{end}", lower_first(&head))
    } else {
        format!(
            "{head} {}{end}",
            object.replace("{y}", CONTEXTS[key.y as usize])
        )
    };
    upper_first(&q)
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

fn lower_first(s: &str) -> String {
    s.chars().next().map_or(String::new(), |f| {
        f.to_lowercase().chain(s[f.len_utf8()..].chars()).collect()
    })
}

/// The damage of asking again elsewhere: an opening added or dropped, ` in Python` appended,
/// lost capitals, a lost question mark, a typo.
fn reworded(question: &str, rng: &mut Rng) -> String {
    let mut q = question.to_string();
    if rng.chance(0.15) {
        let prefix = PREFIXES[rng.below(PREFIXES.len())];
        q = format!("{prefix}{}", lower_first(&q));
    }
    if rng.chance(0.2) && q.ends_with('?') && !q.contains("Python") {
        q = format!("{} in Python?", q.trim_end_matches('?'));
    }
    if rng.chance(0.15) {
        q = super::typo(&q, rng);
    }
    if rng.chance(0.1) {
        q = q.to_lowercase();
    }
    if rng.chance(0.1) {
        q = q.trim_end_matches('?').to_string();
    }
    q
}

fn answer(key: Key, rng: &mut Rng) -> String {
    let y = if key.y == u16::MAX {
        "practice"
    } else {
        CONTEXTS[key.y as usize]
    };
    ANSWERS[rng.below(ANSWERS.len())]
        .replace("{x}", CONCEPTS[key.x as usize])
        .replace("{y}", y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewordings_keep_their_group_and_new_questions_are_distinct() {
        let mut web = Web::default();
        let mut rng = Rng::new(3);
        let drawn: Vec<Drawn> = (0..5000).map(|_| web.draw(&mut rng)).collect();
        let groups: HashSet<usize> = drawn.iter().map(|d| d.group).collect();
        let reworded = drawn.len() - groups.len();
        assert!(
            (800..1200).contains(&reworded),
            "about a fifth reworded: {reworded}"
        );
        // The first question of each group is new; a later one of the same group reads otherwise.
        let mut first: std::collections::HashMap<usize, &str> = Default::default();
        let mut differs = 0;
        for d in &drawn {
            match first.get(&d.group) {
                None => {
                    first.insert(d.group, &d.question);
                }
                Some(q) => differs += (*q != d.question) as usize,
            }
        }
        assert!(differs * 10 >= reworded * 9, "{differs} of {reworded}");
        let mut again = Web::default();
        let mut rng = Rng::new(3);
        assert!(drawn
            .iter()
            .all(|d| again.draw(&mut rng).question == d.question));
    }
}
