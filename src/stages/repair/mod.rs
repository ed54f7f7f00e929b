//! Stage 2, repair: damaged text to clean text, with every fix logged.
//!
//! Input: decoded text. Output: [`Repaired`], the text and one [`Fix`] per replacement.
//!
//! Guarantees: the line structure is kept (line N of the output is line N of the input, so
//! provenance survives); idempotent (`repair(repair(x).text).text == repair(x).text`); text with
//! nothing to fix comes back byte for byte; never panics.
//! Never does: drop or add lines, touch ASCII text other than HTML entities, change a dash used as
//! punctuation in prose.
//!
//! Order inside a line: mojibake (it needs the C1 controls and no-break spaces as they are), lone
//! C1 controls, HTML entities, invisible characters, odd spaces, NFC, quotes, dashes (code rule in
//! fenced blocks and inline code, prose rule elsewhere). The pass repeats while it still changes
//! something, because an entity can reveal mojibake and mojibake can reveal an entity.

pub mod codepages;
pub mod mojibake;
pub mod plausibility;
mod scan;
pub mod typography;

#[cfg(test)]
mod peer_suite;

use crate::model::{Fix, FixKind};
use typography::Change;

/// Repaired text and what was done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    pub text: String,
    pub fixes: Vec<Fix>,
}

impl Repaired {
    /// The lines a mojibake repair touched, for the records to flag.
    pub fn mojibake_lines(&self) -> std::collections::BTreeSet<usize> {
        self.fixes
            .iter()
            .filter(|f| f.kind == FixKind::Mojibake)
            .map(|f| f.line)
            .collect()
    }

    /// How many fixes of each kind, in kind order.
    pub fn counts(&self) -> std::collections::BTreeMap<FixKind, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for fix in &self.fixes {
            *counts.entry(fix.kind).or_insert(0) += 1;
        }
        counts
    }
}

/// Repairs of one line before giving up on a fixed point (two settle every case in the suites).
const MAX_PASSES: usize = 3;

/// Which HTML entities repair decodes. Only the front end that knows a document's format can tell
/// an entity from text about entities, so the caller says: an HTML page's parser decodes its own
/// (decoding first would turn `&lt;b&gt;` in a `<pre>` into a tag), Markdown's are decoded outside
/// code, and plain text's only when the text shows it was scraped from HTML
/// ([`scraped_from_html`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entities {
    /// Decoded outside fenced code and inline code spans.
    OutsideCode,
    /// Left as they stand.
    Keep,
}

/// What a repair is told: the plausibility model and the entity rule.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'m> {
    pub model: &'m plausibility::Model,
    pub entities: Entities,
}

impl Default for Settings<'static> {
    /// The built-in model; entities decoded outside code.
    fn default() -> Self {
        Settings {
            model: plausibility::Model::built_in(),
            entities: Entities::OutsideCode,
        }
    }
}

impl Entities {
    /// The rule for text of no markup language: decoded only when the text shows it was
    /// scraped from HTML ([`scraped_from_html`]).
    pub fn for_plain_text(text: &str) -> Entities {
        if scraped_from_html(text) {
            Entities::OutsideCode
        } else {
            Entities::Keep
        }
    }
}

/// Whether plain text shows that it was scraped from an HTML page: two or more entity references
/// and no bare `&`. An HTML page escapes every ampersand, so one bare `&` says the text was
/// written as text (`escape & as &amp;`), and one reference alone (`for example &#234;`) is too
/// little to go on.
pub fn scraped_from_html(text: &str) -> bool {
    let mut references = 0;
    for (at, _) in text.match_indices('&') {
        if typography::entity_at(&text[at..]).is_some() {
            references += 1;
        } else {
            return false;
        }
    }
    references >= 2
}

/// Repairs a whole text with the built-in model, decoding entities outside code. See the module
/// header.
pub fn repair(text: &str) -> Repaired {
    repair_with(text, &Settings::default())
}

/// Repairs a whole text as `settings` say. See the module header.
pub fn repair_with(text: &str, settings: &Settings) -> Repaired {
    let bytes = text.as_bytes();
    let context = mojibake::Context::new(text);
    let mut fixes = Vec::new();
    // Built only once a line changes: clean text costs one scan and one copy.
    let mut out: Option<String> = None;
    let mut copied_up_to = 0;
    let mut fences = crate::text::fence::Tracker::default();
    let mut changes: Vec<Change> = Vec::new();
    let mut pos = 0;
    let mut line_index = 0;
    while let Some((hit, newlines)) = scan::next_interesting(bytes, pos) {
        let line_start = bytes[pos..hit]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(pos, |i| pos + i + 1);
        line_index += newlines;
        let line_end = bytes[hit..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| hit + i);
        let line = &text[line_start..line_end];
        let in_fence = fences.inside();
        let repaired = repair_to_fixed_point(line, in_fence, &context, settings, &mut changes);
        if let Some(fixed) = &repaired {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len() + text.len() / 8));
            out.push_str(&text[copied_up_to..line_start]);
            out.push_str(fixed);
            copied_up_to = line_end;
        }
        fences.place(repaired.as_deref().unwrap_or(line));
        fixes.extend(changes.drain(..).map(|(kind, before, after)| Fix {
            line: line_index + 1,
            kind,
            before,
            after,
        }));
        if line_end >= bytes.len() {
            break;
        }
        pos = line_end + 1;
        line_index += 1;
    }
    let text = match out {
        Some(mut out) => {
            out.push_str(&text[copied_up_to..]);
            out
        }
        None => text.to_string(),
    };
    Repaired { text, fixes }
}

/// Repairs a line until nothing changes: an entity can reveal mojibake and mojibake an entity.
fn repair_to_fixed_point(
    line: &str,
    in_fence: bool,
    context: &mojibake::Context,
    settings: &Settings,
    log: &mut Vec<Change>,
) -> Option<String> {
    // Characters first, to their fixed point; only then is it known whether the line is a fence
    // (a C1 control or an invisible before ``` changes that), and so which dash rule applies.
    // Dashes made ASCII can change what the character repairs see (a correct dash beside
    // mojibake is evidence against repairing it), so the two alternate until nothing changes.
    let mut current: Option<String> = None;
    for _ in 0..MAX_PASSES {
        for _ in 0..MAX_PASSES {
            let text = current.as_deref().unwrap_or(line);
            let in_code = in_fence && !is_fence(text);
            match repair_chars(text, in_code, context, settings, log) {
                Some(next) => current = Some(next),
                None => break,
            }
        }
        let text = current.as_deref().unwrap_or(line);
        let in_code = in_fence && !is_fence(text);
        match repair_dashes(text, in_code, log) {
            Some(dashed) => current = Some(dashed),
            None => break,
        }
    }
    current
}

/// A Markdown code fence line (```` ``` ```` or `~~~`, with or without a language): the one
/// definition in [`crate::text::fence`].
pub fn is_fence(line: &str) -> bool {
    crate::text::fence::open(line).is_some()
}

/// What a line may need, from one scan of its characters.
#[derive(Default)]
struct Needs {
    c1: bool,
    entity: bool,
    invisible: bool,
    space: bool,
    combining: bool,
    quote: bool,
    dash: bool,
}

impl Needs {
    fn of(line: &str) -> Needs {
        let mut needs = Needs {
            entity: line.contains('&'),
            ..Needs::default()
        };
        for c in line.chars().filter(|c| !c.is_ascii()) {
            match c {
                '\u{80}'..='\u{9f}' => needs.c1 = true,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {
                    needs.invisible = true
                }
                '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2002}' | '\u{2003}' => needs.space = true,
                '‘' | '’' | '‚' | '‛' | '′' | '“' | '”' | '„' | '‟' | '″' => {
                    needs.quote = true
                }
                '–' | '—' | '‒' | '−' => needs.dash = true,
                c if may_change_under_nfc(c) => needs.combining = true,
                _ => {}
            }
        }
        needs
    }
}

/// Characters below U+0300 and common punctuation, arrows, box drawing and emoji are stable
/// under NFC; anything else is left to the exact check.
fn may_change_under_nfc(c: char) -> bool {
    !matches!(c as u32, 0..=0x2FF | 0x2002..=0x206F | 0x2190..=0x21FF | 0x2500..=0x27BF | 0x2E00..=0x2E7F | 0x1F000..=0x1FAFF)
}

/// One of the typography fixes: the new line when it changed something.
type LineFix = fn(&str, &mut Vec<Change>) -> Option<String>;

/// The character repairs of one line, once: mojibake, C1 controls, entities, invisibles, odd
/// spaces, NFC, quotes.
fn repair_chars(
    line: &str,
    in_code: bool,
    context: &mojibake::Context,
    settings: &Settings,
    log: &mut Vec<Change>,
) -> Option<String> {
    if line.is_ascii() && !line.contains('&') {
        return None;
    }
    let mut current = std::borrow::Cow::Borrowed(line);
    if let Some(next) = mojibake_step(line, context, settings.model, log) {
        current = std::borrow::Cow::Owned(next);
    }
    let needs = Needs::of(&current);
    // Inside code an entity is what the author wrote (`# returns &lt;b&gt;`).
    let decode_entities = needs.entity && !in_code && settings.entities == Entities::OutsideCode;
    if needs.invisible {
        if let Some(next) = typography::invisible(&current, in_code, log) {
            current = std::borrow::Cow::Owned(next);
        }
    }
    let steps: [(bool, LineFix); 5] = [
        (needs.c1, typography::c1_controls),
        (decode_entities, entities_outside_code),
        (needs.space, typography::spaces),
        (needs.combining, typography::nfc),
        (needs.quote, typography::quotes),
    ];
    for (needed, step) in steps {
        if needed {
            if let Some(next) = step(&current, log) {
                current = std::borrow::Cow::Owned(next);
            }
        }
    }
    // Entities and C1 controls can bring quotes with them.
    if needs.c1 || decode_entities {
        if let Some(next) = typography::quotes(&current, log) {
            current = std::borrow::Cow::Owned(next);
        }
    }
    match current {
        std::borrow::Cow::Owned(s) if s != line => Some(s),
        _ => None,
    }
}

/// HTML entities decoded outside inline code spans (`` `&amp;` `` stays as written).
fn entities_outside_code(line: &str, log: &mut Vec<Change>) -> Option<String> {
    if !line.contains('`') {
        return typography::html_entities(line, log);
    }
    let mut out = String::with_capacity(line.len());
    let mut changed = false;
    for (k, part) in line.split('`').enumerate() {
        if k > 0 {
            out.push('`');
        }
        // Odd parts sit between two backticks: code.
        let in_span = k % 2 == 1 && line.split('`').count() > k + 1;
        match (in_span, typography::html_entities(part, log)) {
            (false, Some(fixed)) => {
                changed = true;
                out.push_str(&fixed);
            }
            _ => out.push_str(part),
        }
    }
    changed.then_some(out)
}

/// The dash rule of one line: every dash in code, only commands and arithmetic in prose.
fn repair_dashes(line: &str, in_code: bool, log: &mut Vec<Change>) -> Option<String> {
    if line.is_ascii() {
        return None;
    }
    if in_code {
        let fixed = typography::code_dashes(line, log);
        (fixed != line).then_some(fixed)
    } else {
        typography::prose_dashes(line, log)
    }
}

fn mojibake_step(
    line: &str,
    context: &mojibake::Context,
    model: &plausibility::Model,
    log: &mut Vec<Change>,
) -> Option<String> {
    let (fixed, replaced) = mojibake::fix_line_in(line, context, model)?;
    log.extend(
        replaced
            .into_iter()
            .map(|r| (FixKind::Mojibake, r.before, r.after)),
    );
    Some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_real_fragments_of_the_seeds() {
        let cases = [
            (
                "seed 003 bullet and apostrophe",
                "\tâ€¢\tExplain Pythonâ€™s memory management (reference counting, garbage collection, __del__).",
                "\t•\tExplain Python's memory management (reference counting, garbage collection, __del__).",
            ),
            ("seed 003 emoji heading", "ðŸ“Œ Practice Questions (Self-test)", "📌 Practice Questions (Self-test)"),
            ("seed 001 smart quotes in code", "print(“Indented code runs inside the block”)", "print(\"Indented code runs inside the block\")"),
            ("seed 001 double prime", "token = jwt.encode(payload, “secret”, algorithm=”HS256″)", "token = jwt.encode(payload, \"secret\", algorithm=\"HS256\")"),
            ("seed 001 prose dash", "- Easy to Learn & Readable – Uses simple syntax similar to English.", "- Easy to Learn & Readable – Uses simple syntax similar to English."),
            ("seed 000 arrows stay", "A: Instance method → operates on object instance (self).", "A: Instance method → operates on object instance (self)."),
            ("seed 002 homoglyph stays", "Architectur е", "Architectur е"),
            (
                "seed 004 quotes in a slide note",
                "__slots__ = ['x', 'y'] tells Python “This class ONLY has x and y”.",
                "__slots__ = ['x', 'y'] tells Python \"This class ONLY has x and y\".",
            ),
            ("seed 004 glued words stay", "Classes using __slots__ don’t have this.", "Classes using __slots__ don't have this."),
            ("entity then quote", "It&#8217;s &quot;fine&quot;", "It's \"fine\""),
        ];
        for (name, input, want) in cases {
            assert_eq!(repair(input).text, want, "{name}");
        }
    }

    /// UTF-8 lead glyphs of Windows-1252 followed by a continuation glyph: what mojibake looks like.
    fn mojibake_pairs(text: &str) -> Vec<String> {
        let leads = "ÂÃÅÆÎÏÐÑâð";
        let conts = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u{a0}¡¢£¤¥¦§¨©ª«¬\u{ad}®¯°±²³´µ¶·¸¹º»¼½¾¿";
        let chars: Vec<char> = text.chars().collect();
        chars
            .windows(2)
            .filter(|w| leads.contains(w[0]) && conts.contains(w[1]))
            .map(|w| w.iter().collect())
            .collect()
    }

    #[test]
    fn no_raw_document_keeps_any_mojibake() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/raw");
        let mut seen_damage = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = crate::stages::decode::decode(&std::fs::read(&path).unwrap())
                .unwrap()
                .text;
            seen_damage += mojibake_pairs(&text).len();
            let left = mojibake_pairs(&repair(&text).text);
            assert!(left.is_empty(), "{}: {left:?}", path.display());
        }
        // Seed 003 alone holds 75 sequences: the check above looked at real damage.
        assert!(seen_damage >= 75, "{seen_damage}");
    }

    /// Found by property testing: a C1 control before ``` makes the line a fence before repair
    /// (U+0085 is white space) but not after (it becomes `…`); the dash rule must follow the line
    /// as repaired, on every pass.
    #[test]
    fn entities_in_code_are_what_the_author_wrote() {
        // (text, repaired)
        let cases = [
            (
                "```python\n# returns &lt;b&gt;\n```\n",
                "```python\n# returns &lt;b&gt;\n```\n",
            ),
            (
                "Use `a &amp;&amp; b` here &amp; there",
                "Use `a &amp;&amp; b` here & there",
            ),
            ("Tom &amp; Jerry", "Tom & Jerry"),
            (
                "~~~\nx = '&quot;'\n~~~\nafter &lt;",
                "~~~\nx = '&quot;'\n~~~\nafter <",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(repair(text).text, want, "{text:?}");
        }
    }

    #[test]
    fn a_line_that_stops_being_a_fence_is_judged_as_repaired() {
        let text = "```\n\u{85}```–";
        let once = repair(text);
        assert_eq!(once.text, "```\n…```-");
        assert_eq!(repair(&once.text).text, once.text);
    }

    /// Found by fuzzing: a tilde fence whose line becomes pure ASCII after the first pass must
    /// still open a fence on the second.
    #[test]
    fn a_tilde_fence_opens_code_on_every_pass() {
        let text = "~~~x = {“a”: 1}\nn – 1\n~~~\nprose – dash";
        let once = repair(text);
        assert_eq!(once.text, "~~~x = {\"a\": 1}\nn - 1\n~~~\nprose – dash");
        assert_eq!(repair(&once.text).text, once.text);
    }

    #[test]
    fn code_fences_get_ascii_dashes() {
        let text =
            "Run it:\n```\nfor i in range(n – 1):\n    print(i – 1)\n```\nA range – in prose.";
        let out = repair(text).text;
        assert_eq!(
            out,
            "Run it:\n```\nfor i in range(n - 1):\n    print(i - 1)\n```\nA range – in prose."
        );
    }

    #[test]
    fn keeps_lines_and_is_idempotent() {
        let text = "â€œline oneâ€\n\n\tâ€¢\tline three&amp;\r\nlast";
        let once = repair(text);
        assert_eq!(once.text.matches('\n').count(), text.matches('\n').count());
        assert_eq!(repair(&once.text).text, once.text);
        assert!(repair(&once.text).fixes.is_empty());
    }

    #[test]
    fn counts_every_fix_by_kind() {
        let repaired = repair("Pythonâ€™s “GIL” &amp; x\u{200b}y");
        let counts = repaired.counts();
        assert_eq!(counts.get(&FixKind::Mojibake), Some(&1));
        assert_eq!(counts.get(&FixKind::Quote), Some(&3));
        assert_eq!(counts.get(&FixKind::HtmlEntity), Some(&1));
        assert_eq!(counts.get(&FixKind::Invisible), Some(&1));
        assert_eq!(repaired.text, "Python's \"GIL\" & xy");
    }

    #[test]
    fn entities_follow_the_format_the_caller_names() {
        // (text, entities, repaired)
        let keep = Settings {
            entities: Entities::Keep,
            ..Settings::default()
        };
        let cases = [
            (
                "<pre><code>x = \"&lt;b&gt;\"</code></pre>",
                keep,
                "<pre><code>x = \"&lt;b&gt;\"</code></pre>",
            ),
            (
                "Escape & as &amp; in HTML",
                keep,
                "Escape & as &amp; in HTML",
            ),
            (
                "Escape & as &amp; in HTML",
                Settings::default(),
                "Escape & as & in HTML",
            ),
        ];
        for (text, settings, want) in cases {
            assert_eq!(repair_with(text, &settings).text, want, "{text}");
        }
    }

    #[test]
    fn plain_text_scraped_from_html_shows_it() {
        let cases = [
            ("Q&amp;A: what&#39;s new?", true),
            ("It&rsquo;s &quot;fine&quot;", true),
            ("escape & as &amp;", false),
            ("for example &#234;", false),
            ("no entity at all", false),
            ("Tom &amp; Jerry &; &amp;", false),
        ];
        for (text, want) in cases {
            assert_eq!(scraped_from_html(text), want, "{text}");
        }
    }

    #[test]
    fn clean_text_is_returned_untouched() {
        let text =
            "1. What is Python?\n- Python is a high-level language.\n```\nprint('hi')\n```\n";
        let repaired = repair(text);
        assert_eq!(repaired.text, text);
        assert!(repaired.fixes.is_empty());
    }
}

/// Inputs the fuzzers found (`tests/data/fuzz-regressions/`): repair keeps them line for line
/// and is idempotent on them.
#[cfg(test)]
mod fuzz_regressions {
    use super::repair;

    #[test]
    fn fuzzer_findings_stay_fixed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fuzz-regressions");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            let once = repair(&text);
            assert_eq!(
                once.text.matches('\n').count(),
                text.matches('\n').count(),
                "{}",
                path.display()
            );
            assert_eq!(
                repair(&once.text).text,
                once.text,
                "{}: not idempotent",
                path.display()
            );
            seen += 1;
        }
        assert!(seen > 0);
    }
}
