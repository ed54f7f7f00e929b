//! Where a statement of flat code goes. Python's layout leaves choices: after a block's body the
//! next statement may stay in the block or close one or more of the open blocks; an `else` may
//! belong to any open `if`, loop or `try`. Each choice is described by features (what it closes,
//! what the line is, which names it uses that a closed block bound or assigned...) and weighed by a
//! model learned from real, indented Python (`schema/indent-model.json`, fitted by
//! `qclean calibrate-code`): the cost of a choice is minus the log of its probability among the
//! choices of its line.
//!
//! The same walk serves both ends: [`options`] and [`step`] drive the beam search of
//! [`super::indent`], and [`decisions`] replays indented code to record which choice its author made.

mod beam;
mod names;

pub use beam::*;
pub use names::*;
use std::collections::{BTreeMap, HashMap};

macro_rules! features {
    ($($name:ident = $text:literal,)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy)]
        #[repr(usize)]
        enum F { $($name,)* }
        /// The names of the features, in the order of their weights.
        pub const FEATURES: &[&str] = &[$($text,)*];
    };
}

features! {
    Stay = "stay",
    Close1 = "close 1",
    Close2 = "close 2",
    Close3 = "close 3 or more",
    StayAfterCloser = "stay after return/break/raise",
    CloseMoreAfterCloser = "close more than 1 after return/break/raise",
    StayDepth = "stay, by depth",
    StayIf = "stay in if",
    StayBranch = "stay in elif/else",
    StayLoop = "stay in loop",
    StayTry = "stay in try/except",
    StayWith = "stay in with",
    StayDef = "stay in def/class",
    FilledIf = "stay in if, by statements in it",
    FilledBranch = "stay in elif/else, by statements in it",
    FilledLoop = "stay in loop, by statements in it",
    FilledTry = "stay in try/except, by statements in it",
    FilledWith = "stay in with, by statements in it",
    FilledDef = "stay in def/class, by statements in it",
    CloseIf = "close an if",
    CloseBranch = "close an elif/else",
    CloseLoop = "close a loop",
    CloseTry = "close a try/except",
    CloseWith = "close a with",
    CloseDef = "close a def/class",
    LeaveFunction = "leave the function",
    LeaveFunctionCue = "leave the function at a top-level cue",
    CueTop = "top-level cue at the top",
    CueInside = "top-level cue inside a block",
    DefInClass = "def in its class",
    DefClosure = "def of a returned closure in its function",
    DefTop = "def at the top",
    DefNested = "def nested elsewhere",
    UsesClosedBinds = "uses names a closed block binds",
    UsesClosedAssigned = "reads a name only a closed block may have bound",
    UsesClosedHeader = "uses names of a closed block's header",
    FinalReturnInFunction = "last return at the function's level",
    FinalReturnElsewhere = "last return elsewhere",
    CloseBeforeReturn = "close before return/raise",
    CloseBeforeJump = "close before break/continue/pass",
    CloseBeforeIf = "close before if",
    CloseBeforeLoop = "close before for/while",
    CloseBeforeTry = "close before try/with",
    CloseBeforeDef = "close before def/class",
    CloseBeforeYield = "close before yield",
    CloseBeforeAssign = "close before an assignment",
    CloseBeforeCall = "close before a call",
    CloseBeforeOther = "close before another statement",
    LikeOpener = "close to beside a block opened by the same keyword",
    LikePrevious = "stay beside a statement of the same kind",
    ContRank = "continue an opener, by openers skipped",
    ContLoopElse = "else of a loop",
    ContTryElse = "else of a try",
    ContParallel = "continue a branch whose first statement begins as the next one does",
    StayAfterBlank = "stay after a blank line",
    CloseAfterBlank = "close after a blank line, by blocks closed",
    StayAfterComment = "stay after a comment line",
    CloseAfterComment = "close after a comment line, by blocks closed",
    BranchPastSibling = "stay in elif/else/except as long as the branch before it",
    UsesBothBranches = "reads a name the closed blocks surely bound",
    CloseToFunction = "close back to the function's level",
    StayAfterAssign = "stay after an assignment",
    StayAfterCall = "stay after a call",
    StayAfterOther = "stay after another statement",
    UsesClosedUpdated = "uses names a closed block reassigned (bound before it)",
    CloseGuard = "close an if or while whose body reassigns a name its test reads",
    ReadsDestination = "reads a name the statements where it lands mention",
    ReadsClosedOnly = "reads a name only the statements of a closed block mention",
    DecoratorDefinedHereInside = "decorator defined above, inside a block",
    StayWithoutResource = "stay in a with, not using what its as names",
}

/// Number of features.
pub const NF: usize = FEATURES.len();
pub type Feats = [f64; NF];

/// What a whole layout may do that a program rarely does, counted along the layout and each
/// costing the model's price.
pub const PATH_COUNTS: [&str; NP] = [
    // A read of a name only a closed block (a branch, a loop body, a `try`) may have bound.
    "unbound read",
    // A read of a name whose binding is gone: an `except ... as` name after its handler, a name
    // only a closed function or class bound.
    "deleted read",
    // A function defined inside a function that nothing after it uses.
    "unused nested def",
    // A local name assigned and never read after (nor again in its loop).
    "dead store",
];
pub const NP: usize = 4;
pub type Counts = [usize; NP];

/// The learned model: a weight per feature, a weight per sparse key (what the choice does beside
/// what kind of line, block and statement before it, and their signatures: `close 1 | line
/// self.`), and the price of each of the [`PATH_COUNTS`].
pub struct Model {
    pub dense: Feats,
    pub sparse: HashMap<String, f64>,
    /// A cost on the whole layout, per count.
    pub path_costs: [f64; NP],
    /// Scores add up along a layout (a model trained on whole layouts), rather than each choice
    /// being a probability among its line's choices.
    pub path: bool,
    /// With a path model: the weights of the choice model and how much its cost (minus the log of
    /// the choice's probability) adds to each choice's.
    pub choice: Option<(Feats, f64)>,
    /// Tells this model's weights apart in the restore cache: a digest of the file it was read
    /// from, or 0 for a model in training (never cached).
    pub cache_key: u64,
}

/// How a model scores layouts.
#[derive(serde::Deserialize, serde::Serialize, Default, PartialEq, Eq, Debug, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Each choice is a probability among its line's choices.
    #[default]
    Choice,
    /// Scores add up along the layout.
    Path,
}

/// The model file.
#[derive(serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    pub about: String,
    pub fitted_on: String,
    pub objective: Objective,
    pub weights: BTreeMap<String, f64>,
    #[serde(default)]
    pub sparse: BTreeMap<String, f64>,
    /// The price of each of the [`PATH_COUNTS`].
    pub path_costs: BTreeMap<String, f64>,
    /// A path model's companion choice model, and its share of the cost.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub choice_weights: BTreeMap<String, f64>,
    #[serde(default)]
    pub mix: f64,
}

/// Reads a model file; every feature must have its weight, and nothing else may be there.
pub fn parse_model(text: &str) -> Result<Model, String> {
    let file: ModelFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let choice = if file.choice_weights.is_empty() {
        None
    } else {
        Some((by_feature(&file.choice_weights, "choice weight")?, file.mix))
    };
    Ok(Model {
        dense: by_feature(&file.weights, "weight")?,
        sparse: file.sparse.into_iter().collect(),
        path_costs: path_costs(&file.path_costs)?,
        path: file.objective == Objective::Path,
        choice,
        cache_key: {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            text.hash(&mut h);
            h.finish().max(1)
        },
    })
}

fn path_costs(map: &BTreeMap<String, f64>) -> Result<[f64; NP], String> {
    let mut out = [0.0; NP];
    for (slot, name) in out.iter_mut().zip(PATH_COUNTS) {
        *slot = *map
            .get(name)
            .ok_or_else(|| format!("no path cost for \"{name}\""))?;
    }
    if let Some(name) = map.keys().find(|k| !PATH_COUNTS.contains(&k.as_str())) {
        return Err(format!(
            "a path cost for \"{name}\", which is no path count"
        ));
    }
    Ok(out)
}

/// The cost of the counts a layout added, under `m`.
pub fn path_cost(m: &Model, before: &Counts, after: &Counts) -> f64 {
    (0..NP)
        .map(|j| m.path_costs[j] * (after[j] - before[j]) as f64)
        .sum()
}

/// A weight per feature, from a map by feature name that must name each feature and nothing else.
fn by_feature(map: &BTreeMap<String, f64>, what: &str) -> Result<Feats, String> {
    if let Some(extra) = map.keys().find(|k| !FEATURES.contains(&k.as_str())) {
        return Err(format!("unknown feature {extra:?}"));
    }
    let mut w = [0.0; NF];
    for (x, name) in w.iter_mut().zip(FEATURES) {
        *x = *map
            .get(*name)
            .ok_or_else(|| format!("no {what} for {name:?}"))?;
    }
    Ok(w)
}

/// The sum of the products of two weight vectors.
pub fn dot(a: &Feats, b: &Feats) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::names::*;
    use super::*;

    #[test]
    fn the_model_names_every_feature_once() {
        let m = &crate::settings::for_tests().indent;
        assert_eq!(m.dense.len(), FEATURES.len());
        let mut names = FEATURES.to_vec();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), NF);
        let err = |text: &str| parse_model(text).err().unwrap_or_default();
        let head = r#""about": "", "fitted_on": "", "objective": "path", "path_costs": {}"#;
        assert!(err(&format!(r#"{{{head}, "weights": {{"stay": 1}}}}"#)).contains("no weight"));
        let weights: BTreeMap<&str, f64> = FEATURES.iter().map(|f| (*f, 0.0)).collect();
        let weights = serde_json::to_string(&weights).unwrap();
        assert!(err(&format!(r#"{{{head}, "weights": {weights}}}"#)).contains("no path cost"));
        assert!(
            err(&format!(r#"{{{head}, "weights": {{}}, "extra": 1}}"#)).contains("unknown field")
        );
    }

    #[test]
    fn an_example_call_is_a_defined_name_called_with_literals() {
        let defined = ["greet", "Car", "square"];
        // (statement, example)
        let cases = [
            ("greet(\"Alice\")", true),
            ("c = Car(\"Toyota\")", true),
            ("print(square(4))", true),
            ("func(1, 2, name=\"Alice\", age=25)", false), // not defined here
            ("greet(name)", false),
            ("return square(n - 1)", false),
            ("x = square(n)", false),
            ("greet()", true),
            ("greet(Car(\"x\"), 2)", true),
            ("greet(Car(x))", false),
            ("greet(\"a, b\")", true),
            ("print(Car.wheels())", true),
            ("Car.paint(colour)", false),
            ("for c in [Car(\"a\"), Car(\"b\")]:", true),
            ("for c in (greet(), square(2)):", true),
            ("for n in [1, 2, 3]:", false),
            ("for c in cars:", false),
            ("for c in [Car(x)]:", false),
        ];
        for (code, want) in cases {
            assert_eq!(example_call(code, &defined), want, "{code}");
        }
    }
}
