//! Properties of the stages over generated input (proptest).

use proptest::prelude::*;
use qclean::stages::repair::repair;
use qclean::stages::split::{split, Document};
use std::collections::BTreeSet;

/// Text made of the pieces scraped documents are made of: ASCII, mojibake, curly quotes, dashes,
/// entities, fences, list markers, numbers, control and invisible characters, line breaks.
fn scraped_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[ -~]{0,12}",
        Just("â€™".to_string()),
        Just("Ã©".to_string()),
        Just("“".to_string()),
        Just("–".to_string()),
        Just("&amp;".to_string()),
        Just("&#8217;".to_string()),
        Just("```".to_string()),
        Just("~~~".to_string()),
        Just("\n".to_string()),
        Just("\n1. ".to_string()),
        Just("\n- ".to_string()),
        Just("**Q: ".to_string()),
        Just("Answer:".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{85}".to_string()),
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn repair_is_idempotent_and_keeps_lines(text in scraped_text()) {
        let once = repair(&text);
        prop_assert_eq!(once.text.matches('\n').count(), text.matches('\n').count());
        prop_assert_eq!(repair(&once.text).text, once.text);
    }

    #[test]
    fn repair_leaves_ascii_without_entities_alone(text in "[\\t\\n -%'-~]{0,200}") {
        let repaired = repair(&text);
        prop_assert_eq!(repaired.text, text);
        prop_assert!(repaired.fixes.is_empty());
    }

    #[test]
    fn split_loses_no_line(text in scraped_text()) {
        let out = split(&Document { file: "prop.txt", text: &text, mojibake_lines: &BTreeSet::new() });
        let lost = out.lost_lines(&text);
        prop_assert!(lost.is_empty(), "lines lost: {:?}", lost);
    }
}
