//! How plausible a run of characters is as correct text: the evidence the mojibake judge weighs
//! before it replaces anything.
//!
//! A bigram model over character kinds. A character's kind says what it is (a letter by case and
//! by how far it stands from ASCII, a wide letter of East Asia, a mark, a digit, a space, a
//! punctuation mark, a symbol, a control, an unassigned code point); a pair of letters or marks
//! also says whether the two share a script. The model gives log P(next kind | kind), counted on
//! correct text in many languages and scripts (`qclean calibrate-repair`, the model in
//! `schema/plausibility-model.json`). Scripts are not named in it, so it holds for a script it never
//! saw: `адмалёўкі` read as mojibake gives `адма븢кі`, two steps from Cyrillic to Hangul and back,
//! which correct text in no language takes, and `Ã©` mid-word is a capital and a symbol between
//! lower-case letters.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use unicode_general_category::{get_general_category, GeneralCategory as Gc};
use unicode_script::{Script, UnicodeScript};

/// What a character is, for the model. `Edge` stands for the start or the end of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Edge,
    Space,
    OddSpace,
    AsciiDigit,
    OtherDigit,
    AsciiUpper,
    AsciiLower,
    Latin1Upper,
    Latin1Lower,
    LatinExtUpper,
    LatinExtLower,
    OtherUpper,
    OtherLower,
    /// A letter of a script without case: Arabic, Hebrew, the Indic scripts, Thai, Ethiopic...
    Caseless,
    /// Han, Hangul, kana, Yi: a letter that is a syllable or a word.
    Wide,
    Mark,
    Modifier,
    AsciiPunct,
    AsciiSymbol,
    Quote,
    GeneralPunct,
    OtherPunct,
    /// The symbols of Latin-1 (U+00A1..U+00BF but for the guillemets): `©`, `±`, `¼`, `º`.
    Latin1Symbol,
    Currency,
    Math,
    OtherSymbol,
    Control,
    Format,
    Unassigned,
}

/// Every kind, in order: the one list the model file's names come from.
pub const KINDS: [Kind; 29] = [
    Kind::Edge,
    Kind::Space,
    Kind::OddSpace,
    Kind::AsciiDigit,
    Kind::OtherDigit,
    Kind::AsciiUpper,
    Kind::AsciiLower,
    Kind::Latin1Upper,
    Kind::Latin1Lower,
    Kind::LatinExtUpper,
    Kind::LatinExtLower,
    Kind::OtherUpper,
    Kind::OtherLower,
    Kind::Caseless,
    Kind::Wide,
    Kind::Mark,
    Kind::Modifier,
    Kind::AsciiPunct,
    Kind::AsciiSymbol,
    Kind::Quote,
    Kind::GeneralPunct,
    Kind::OtherPunct,
    Kind::Latin1Symbol,
    Kind::Currency,
    Kind::Math,
    Kind::OtherSymbol,
    Kind::Control,
    Kind::Format,
    Kind::Unassigned,
];

impl Kind {
    /// The name in the model file (the variant's name).
    pub fn name(self) -> String {
        format!("{self:?}")
    }

    /// Letters and what attaches to them: the kinds for which a change of script is told apart.
    fn is_letterlike(self) -> bool {
        matches!(
            self,
            Kind::Latin1Upper
                | Kind::Latin1Lower
                | Kind::LatinExtUpper
                | Kind::LatinExtLower
                | Kind::AsciiUpper
                | Kind::AsciiLower
                | Kind::OtherUpper
                | Kind::OtherLower
                | Kind::Caseless
                | Kind::Wide
                | Kind::Mark
                | Kind::Modifier
        )
    }
}

/// Kind and script of every character of the Basic Multilingual Plane, looked up once: the
/// Unicode tables are binary searches, and repair weighs every character of a damaged line.
struct Table {
    kinds: Vec<Kind>,
    scripts: Vec<Option<Script>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let chars = (0..0x10000u32).map(|u| char::from_u32(u).unwrap_or('\u{fffd}'));
        Table {
            kinds: chars.clone().map(kind_of).collect(),
            scripts: chars.map(script_by_property).collect(),
        }
    })
}

/// The kind of one character.
pub fn kind(c: char) -> Kind {
    match c as usize {
        u if u < 0x80 => kind_of(c),
        u if u < 0x10000 => table().kinds[u],
        _ => kind_of(c),
    }
}

fn kind_of(c: char) -> Kind {
    if c.is_ascii() {
        return match c {
            ' ' | '\t' => Kind::Space,
            '0'..='9' => Kind::AsciiDigit,
            'A'..='Z' => Kind::AsciiUpper,
            'a'..='z' => Kind::AsciiLower,
            '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~' => Kind::AsciiSymbol,
            c if c.is_ascii_punctuation() => Kind::AsciiPunct,
            _ => Kind::Control,
        };
    }
    match c as u32 {
        0xA0 => return Kind::OddSpace,
        0xAD => return Kind::Format,
        0xAB | 0xBB => return Kind::Quote,
        0xA1..=0xBF => return Kind::Latin1Symbol,
        _ => {}
    }
    let latin = c.script() == Script::Latin;
    match get_general_category(c) {
        Gc::UppercaseLetter | Gc::TitlecaseLetter => match c as u32 {
            0xC0..=0xDE => Kind::Latin1Upper,
            _ if latin => Kind::LatinExtUpper,
            _ => Kind::OtherUpper,
        },
        Gc::LowercaseLetter => match c as u32 {
            0xDF..=0xFF => Kind::Latin1Lower,
            _ if latin => Kind::LatinExtLower,
            _ => Kind::OtherLower,
        },
        Gc::OtherLetter if is_wide(c) => Kind::Wide,
        Gc::OtherLetter => Kind::Caseless,
        Gc::ModifierLetter | Gc::ModifierSymbol => Kind::Modifier,
        Gc::NonspacingMark | Gc::SpacingMark | Gc::EnclosingMark => Kind::Mark,
        Gc::DecimalNumber => Kind::OtherDigit,
        Gc::LetterNumber | Gc::OtherNumber => Kind::OtherSymbol,
        Gc::SpaceSeparator | Gc::LineSeparator | Gc::ParagraphSeparator => Kind::OddSpace,
        Gc::InitialPunctuation | Gc::FinalPunctuation => Kind::Quote,
        Gc::OpenPunctuation if matches!(c, '‚' | '„') => Kind::Quote,
        Gc::DashPunctuation => Kind::GeneralPunct,
        Gc::OtherPunctuation
        | Gc::OpenPunctuation
        | Gc::ClosePunctuation
        | Gc::ConnectorPunctuation
            if ('\u{2010}'..='\u{205e}').contains(&c) =>
        {
            Kind::GeneralPunct
        }
        Gc::OtherPunctuation
        | Gc::OpenPunctuation
        | Gc::ClosePunctuation
        | Gc::ConnectorPunctuation => Kind::OtherPunct,
        Gc::CurrencySymbol => Kind::Currency,
        Gc::MathSymbol => Kind::Math,
        Gc::OtherSymbol => Kind::OtherSymbol,
        Gc::Control => Kind::Control,
        Gc::Format => Kind::Format,
        _ => Kind::Unassigned,
    }
}

fn is_wide(c: char) -> bool {
    matches!(
        c.script(),
        Script::Han
            | Script::Hangul
            | Script::Hiragana
            | Script::Katakana
            | Script::Bopomofo
            | Script::Yi
    )
}

/// The script a letter counts as: Japanese writes Han and kana together, so they are one here;
/// common and inherited characters (marks, digits) belong to every script.
pub fn script_of(c: char) -> Option<Script> {
    match c as usize {
        u if u < 0x10000 => table().scripts[u],
        _ => script_by_property(c),
    }
}

fn script_by_property(c: char) -> Option<Script> {
    match c.script() {
        Script::Common | Script::Inherited | Script::Unknown => None,
        Script::Hiragana | Script::Katakana | Script::Bopomofo => Some(Script::Han),
        s => Some(s),
    }
}

/// Whether the step from `a` to `b` changes script between two letters (or marks).
fn changes_script(a: char, ka: Kind, b: char, kb: Kind) -> bool {
    ka.is_letterlike()
        && kb.is_letterlike()
        && matches!((script_of(a), script_of(b)), (Some(x), Some(y)) if x != y)
}

/// One step of the model: from this kind to that one, with or without a change of script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Step {
    pub from: Kind,
    pub to: Kind,
    pub other_script: bool,
}

impl Step {
    fn index(self) -> usize {
        ((self.from as usize) * KINDS.len() + self.to as usize) * 2 + self.other_script as usize
    }
}

/// The steps of a line or a piece of one; `None` at either end stands for the line's edge.
pub fn steps(
    left: Option<char>,
    middle: impl IntoIterator<Item = char>,
    right: Option<char>,
    mut visit: impl FnMut(Step),
) {
    let mut previous: Option<(char, Kind)> = left.map(|c| (c, kind(c)));
    let mut first = true;
    for c in middle.into_iter().chain(right) {
        let k = kind(c);
        match previous {
            Some((p, pk)) => visit(Step {
                from: pk,
                to: k,
                other_script: changes_script(p, pk, c, k),
            }),
            None if first => visit(Step {
                from: Kind::Edge,
                to: k,
                other_script: false,
            }),
            None => {}
        }
        first = false;
        previous = Some((c, k));
    }
    if right.is_none() {
        if let Some((_, pk)) = previous {
            visit(Step {
                from: pk,
                to: Kind::Edge,
                other_script: false,
            });
        }
    }
}

/// The model file: log-probabilities of every step and the margins the judge asks for.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// What the model was counted on.
    pub fitted_on: String,
    /// How much more plausible (in natural log) a repair must make its piece of a line.
    pub margin: f64,
    /// The same, for a line whose other letters read as correct text in the page that would
    /// misread it (a line misread as a whole leaves no such letter).
    pub mixed_line_margin: f64,
    /// The same, where the repair brings a script the document has nowhere else.
    pub new_script_margin: f64,
    /// log P(to | from), by `from`, then `to` (with `/other-script` for a change of script).
    pub log_probability: BTreeMap<String, BTreeMap<String, f64>>,
}

/// The model, ready to score.
#[derive(Debug, Clone)]
pub struct Model {
    pub margin: f64,
    pub mixed_line_margin: f64,
    pub new_script_margin: f64,
    log_probability: Vec<f64>,
}

impl Model {
    /// Builds the model from its file; every step must be there.
    pub fn from_file(file: &ModelFile) -> Result<Model, String> {
        let mut log_probability = vec![f64::NAN; KINDS.len() * KINDS.len() * 2];
        for &from in &KINDS {
            let row = file
                .log_probability
                .get(&from.name())
                .ok_or_else(|| format!("no row for {}", from.name()))?;
            for &to in &KINDS {
                for other_script in [false, true] {
                    let key = step_key(to, other_script);
                    let value = row
                        .get(&key)
                        .ok_or_else(|| format!("no {} -> {key}", from.name()))?;
                    log_probability[Step {
                        from,
                        to,
                        other_script,
                    }
                    .index()] = *value;
                }
            }
        }
        Ok(Model {
            margin: file.margin,
            mixed_line_margin: file.mixed_line_margin,
            new_script_margin: file.new_script_margin,
            log_probability,
        })
    }

    /// Builds the model from the text of its file.
    pub fn from_json(text: &str) -> Result<Model, String> {
        let file: ModelFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Model::from_file(&file)
    }

    /// The model of the built-in `schema/plausibility-model.json`, parsed once: for the calls
    /// that repair a text on its own (`qclean repair`, tests); a run uses its settings' model.
    pub fn built_in() -> &'static Model {
        static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            Model::from_json(crate::built_in::built_in_file("plausibility-model.json"))
                .expect("the built-in schema/plausibility-model.json has every step")
        })
    }

    /// The same model with no margin: every candidate the rules accept is repaired, as before
    /// the evidence was weighed.
    pub fn without_margins(&self) -> Model {
        Model {
            margin: f64::NEG_INFINITY,
            mixed_line_margin: f64::NEG_INFINITY,
            new_script_margin: f64::NEG_INFINITY,
            log_probability: self.log_probability.clone(),
        }
    }

    /// log P of one step.
    pub fn step(&self, step: Step) -> f64 {
        self.log_probability[step.index()]
    }

    /// log P of a piece of a line between its neighbours (`None` for the line's edge).
    pub fn score(&self, left: Option<char>, middle: &[char], right: Option<char>) -> f64 {
        let mut total = 0.0;
        steps(left, middle.iter().copied(), right, |s| {
            total += self.step(s)
        });
        total
    }
}

/// The key of a step's target in the model file.
pub fn step_key(to: Kind, other_script: bool) -> String {
    if other_script {
        format!("{}/other-script", to.name())
    } else {
        to.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_real_characters() {
        let cases = [
            ('a', Kind::AsciiLower),
            ('Ã', Kind::Latin1Upper),
            ('é', Kind::Latin1Lower),
            ('ă', Kind::LatinExtLower),
            ('Ж', Kind::OtherUpper),
            ('ў', Kind::OtherLower),
            ('ب', Kind::Caseless),
            ('क', Kind::Caseless),
            ('ि', Kind::Mark),
            ('븢', Kind::Wide),
            ('の', Kind::Wide),
            ('©', Kind::Latin1Symbol),
            ('«', Kind::Quote),
            ('“', Kind::Quote),
            ('„', Kind::Quote),
            ('—', Kind::GeneralPunct),
            ('€', Kind::Currency),
            ('\u{200c}', Kind::Format),
            ('\u{85}', Kind::Control),
            ('\u{e000}', Kind::Unassigned),
            ('\u{a0}', Kind::OddSpace),
        ];
        for (c, want) in cases {
            assert_eq!(kind(c), want, "{c:?}");
        }
    }

    #[test]
    fn a_change_of_script_is_a_step_of_its_own() {
        let mut seen = Vec::new();
        let word: Vec<char> = "а븢к".chars().collect();
        steps(None, word.iter().copied(), None, |s| {
            seen.push(s.other_script)
        });
        assert_eq!(seen, [false, true, true, false]);
        let mut seen = Vec::new();
        steps(
            Some('x'),
            "日本語のテキスト".chars(),
            Some('。'),
            |s| seen.push(s.other_script),
        );
        assert!(seen.iter().skip(1).all(|o| !o), "{seen:?}");
    }

    #[test]
    fn every_step_is_in_the_built_in_model() {
        let model = Model::built_in();
        let word: Vec<char> = "адмалёўкі".chars().collect();
        let fixed: Vec<char> = "адма븢кі".chars().collect();
        assert!(model.score(None, &word, None) > model.score(None, &fixed, None));
    }
}
