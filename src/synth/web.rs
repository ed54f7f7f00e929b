//! Questions shaped like the web's collections: mostly distinct questions built from question
//! frames, a Python vocabulary and contexts, so that families of look-alikes appear (`When should
//! you avoid decorators in a web API?` beside `When should you avoid generators in a web API?`),
//! and a share of them asked again, reworded, in other documents. The truth is the group: a
//! reworded question keeps the group of the question it rewords; look-alikes never share one.
//!
//! Deterministic for a seed. The generator keeps one small key per question it has made (to stay
//! distinct and to reword earlier ones), never the text.

use super::Rng;
use std::collections::HashSet;

/// Python things a question can be about.
pub const CONCEPTS: &[&str] = &[
    "decorators",
    "generators",
    "list comprehensions",
    "dict comprehensions",
    "the GIL",
    "metaclasses",
    "context managers",
    "dataclasses",
    "type hints",
    "f-strings",
    "lambda functions",
    "closures",
    "iterators",
    "the walrus operator",
    "asyncio",
    "threads",
    "multiprocessing",
    "__slots__",
    "descriptors",
    "properties",
    "abstract base classes",
    "mixins",
    "monkey patching",
    "global variables",
    "mutable default arguments",
    "recursion",
    "custom exceptions",
    "the logging module",
    "virtual environments",
    "pip",
    "wheels",
    "unittest",
    "pytest fixtures",
    "mock objects",
    "the with statement",
    "pickle",
    "JSON serialization",
    "regular expressions",
    "sets",
    "dictionaries",
    "tuples",
    "named tuples",
    "collections.deque",
    "heapq",
    "bisect",
    "itertools",
    "functools.lru_cache",
    "functools.partial",
    "enumerate",
    "zip",
    "map and filter",
    "sorted with a key function",
    "string formatting",
    "bytes objects",
    "Unicode strings",
    "file handles",
    "pathlib",
    "os.path",
    "subprocess",
    "signal handlers",
    "sockets",
    "SQLAlchemy sessions",
    "the Django ORM",
    "Flask blueprints",
    "FastAPI dependencies",
    "Celery tasks",
    "NumPy arrays",
    "pandas DataFrames",
    "generator expressions",
    "coroutines",
    "async generators",
    "the event loop",
    "weak references",
    "garbage collection",
    "reference counting",
    "memoryview",
    "the __init__ method",
    "the __new__ method",
    "the __repr__ method",
    "operator overloading",
    "multiple inheritance",
    "the method resolution order",
    "super()",
    "class methods",
    "static methods",
    "enums",
    "typing.Protocol",
    "generic types",
    "TypedDict",
    "Cython",
    "C extensions",
    "cProfile",
    "timeit",
    "memoization",
    "environment variables",
    "configuration files",
    "argparse",
    "click commands",
    "logging handlers",
    "thread locks",
    "queue.Queue",
    "semaphores",
    "thread pools",
    "process pools",
    "concurrent.futures",
    "yield from",
    "exception chaining",
    "the finally clause",
    "assertions",
    "docstrings",
    "doctest",
    "type checking with mypy",
    "duck typing",
    "shallow copies",
    "deep copies",
    "the is operator",
    "integer caching",
    "floating point arithmetic",
    "the decimal module",
    "the fractions module",
    "random number generation",
    "the secrets module",
    "hashlib",
    "the datetime module",
    "time zones",
    "the struct module",
    "array.array",
    "the csv module",
    "XML parsing",
    "YAML files",
    "sqlite3",
    "database connection pools",
    "ORM migrations",
    "HTTP requests with requests",
    "aiohttp",
    "websockets",
    "gRPC",
    "REST endpoints",
    "JWT tokens",
    "password hashing",
    "input validation",
    "pydantic models",
    "dependency injection",
    "the singleton pattern",
    "the factory pattern",
    "the observer pattern",
    "the strategy pattern",
    "composition over inheritance",
    "interfaces",
    "private attributes",
    "name mangling",
    "class attributes",
    "instance attributes",
    "the global keyword",
    "the nonlocal keyword",
    "namespaces",
    "modules",
    "packages",
    "__init__.py files",
    "relative imports",
    "circular imports",
    "importlib",
    "entry points",
    "pyproject.toml",
    "setup.py",
    "poetry",
    "conda",
    "Docker images",
    "the __main__ guard",
    "command-line arguments",
    "stdin and stdout",
    "buffered I/O",
    "memory-mapped files",
    "tempfile",
    "shutil",
    "glob patterns",
    "string interning",
    "slicing",
    "negative indexing",
    "list sorting",
    "binary search",
    "hash tables",
    "linked lists",
    "binary trees",
    "graph traversal",
    "dynamic programming",
    "big-O complexity",
    "sorting algorithms",
    "stacks",
    "priority queues",
    "the Counter class",
    "defaultdict",
    "OrderedDict",
    "ChainMap",
    "frozensets",
    "the copy module",
    "the operator module",
    "the contextlib module",
    "the abc module",
    "the inspect module",
    "the dis module",
    "bytecode",
    "the ast module",
    "eval and exec",
    "sandboxing",
    "code coverage",
    "property-based testing",
    "fixtures",
    "test doubles",
    "integration tests",
    "load testing",
    "profiling memory",
    "memory leaks",
    "tracemalloc",
];

/// Where a question places its concept.
pub const CONTEXTS: &[&str] = &[
    "a web API",
    "a Django project",
    "a data pipeline",
    "a command-line tool",
    "a long-running service",
    "unit tests",
    "a Jupyter notebook",
    "production code",
    "a shared library",
    "a multithreaded program",
    "an async web server",
    "a machine learning pipeline",
    "legacy code",
    "a microservice",
    "a small script",
    "a large codebase",
    "embedded devices",
    "a REST client",
    "a game loop",
    "a desktop GUI",
    "a web scraper",
    "a plugin system",
    "a CI pipeline",
    "serverless functions",
    "a database migration",
    "a real-time system",
    "a financial application",
    "a chat bot",
    "an ETL job",
    "a Flask app",
    "a FastAPI service",
    "a scientific simulation",
    "an image processing tool",
    "a message queue consumer",
    "a caching layer",
    "a monitoring agent",
    "a code generator",
    "a package you publish",
    "a team codebase",
    "an interview exercise",
    "a coding challenge",
    "a batch job",
    "a streaming application",
    "a recommendation engine",
    "a payment system",
    "a logging library",
    "a test suite",
    "a configuration loader",
    "a file synchroniser",
    "a backup tool",
    "a compiler front end",
    "a text editor plugin",
    "a trading bot",
    "an IoT gateway",
    "a network server",
    "a distributed system",
    "a cron job",
    "a search engine",
    "an authentication service",
    "a Kubernetes operator",
    "a data science notebook",
    "a report generator",
    "a spreadsheet importer",
    "a mobile backend",
    "a video transcoder",
    "a geospatial application",
    "a bioinformatics pipeline",
    "a blockchain client",
    "a survey platform",
    "an e-commerce site",
    "a content management system",
    "a ticketing system",
    "a weather service",
    "a music player",
    "a chess engine",
    "a PDF generator",
    "an email sender",
    "a URL shortener",
    "a rate limiter",
    "a job scheduler",
];

/// Ways to open a question that ask the same thing: a rewording may take another of the family.
pub const OPENINGS: &[&[&str]] = &[
    &[
        "How do you",
        "How would you",
        "How can you",
        "What is the best way to",
    ],
    &[
        "When should you",
        "When would you",
        "In which cases should you",
    ],
    &["Why would you", "Why should you"],
    &["What are", "Which are", "Name"],
    &[
        "What is",
        "Explain",
        "Can you explain",
        "Tell me about",
        "Describe",
    ],
    &[
        "What is the difference between",
        "Difference between",
        "Explain the difference between",
    ],
];

/// A frame: an opening family, verbs that say the same (a rewording may take another), and what
/// follows. `{x}` is the concept, `{y}` the context, `{z}` a second concept.
pub struct Frame {
    pub opening: usize,
    pub verbs: &'static [&'static str],
    pub object: &'static str,
}

const fn frame(opening: usize, verbs: &'static [&'static str], object: &'static str) -> Frame {
    Frame {
        opening,
        verbs,
        object,
    }
}

pub const FRAMES: &[Frame] = &[
    frame(0, &["test", "verify"], "{x} in {y}"),
    frame(0, &["debug", "troubleshoot"], "{x} in {y}"),
    frame(0, &["use", "utilize", "apply"], "{x} in {y}"),
    frame(0, &["secure", "harden"], "{x} in {y}"),
    frame(0, &["document"], "{x} in {y}"),
    frame(0, &["configure", "set up"], "{x} in {y}"),
    frame(0, &["optimize", "speed up"], "{x} in {y}"),
    frame(0, &["refactor", "restructure"], "{x} in {y}"),
    frame(0, &["migrate", "port"], "{x} to Python 3 in {y}"),
    frame(0, &["mock", "stub out"], "{x} in {y}"),
    frame(0, &["profile"], "{x} in {y}"),
    frame(0, &["serialize", "persist"], "{x} in {y}"),
    frame(0, &["clean up", "release"], "{x} in {y}"),
    frame(0, &["monitor", "observe"], "{x} in {y}"),
    frame(
        0,
        &["handle errors from", "deal with errors from"],
        "{x} in {y}",
    ),
    frame(0, &["type-annotate", "add type hints to"], "{x} in {y}"),
    frame(0, &["teach a team to use"], "{x} in {y}"),
    frame(0, &["implement", "build"], "{x} for {y}"),
    frame(0, &["combine", "integrate"], "{x} with {z} in {y}"),
    frame(0, &["explain", "describe"], "{x} to a junior developer"),
    frame(1, &["avoid", "steer clear of"], "{x} in {y}"),
    frame(1, &["use", "utilize"], "{x} instead of {z}"),
    frame(2, &["choose", "pick", "select"], "{x} for {y}"),
    frame(2, &["deprecate", "phase out"], "{x} in {y}"),
    frame(3, &["the pitfalls of", "the gotchas of"], "{x} in {y}"),
    frame(
        3,
        &["the common mistakes with", "the common errors with"],
        "{x}",
    ),
    frame(3, &["the advantages of", "the benefits of"], "{x}"),
    frame(3, &["the performance costs of"], "{x} in {y}"),
    frame(
        3,
        &["the alternatives to", "the replacements for"],
        "{x} in {y}",
    ),
    frame(3, &["the security risks of"], "{x} in {y}"),
    frame(3, &["the best practices for"], "{x} in {y}"),
    frame(4, &[""], "{x}"),
    frame(4, &["the history of"], "{x}"),
    frame(
        4,
        &["a real-world use case of", "a practical use case of"],
        "{x} in {y}",
    ),
    frame(5, &[""], "{x} and {z}"),
];

/// Openings a rewording may add or drop (a chatty page, a terse one).
const PREFIXES: &[&str] = &["In Python, ", "Interview question: ", "Quick one: "];

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

const ANSWERS: &[&str] = &[
    "It depends on {x}: in {y} keep it simple, measure first, and write a test that shows the behaviour.",
    "Start from what {x} guarantees. In {y} the usual trouble is shared state, so isolate it.",
    "Use {x} where it makes the code clearer; in {y} prefer the standard library's tools and document the choice.",
    "Read the documentation of {x}, write a small example, then check it in {y} with a profiler or a debugger.",
];

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
