//! Any text as a JSON, JSON Lines and CSV bank (and with a question header put in front, so the
//! CSV reader always runs): no panic, every row's lines inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qclean::stages::split::{finder, front};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let with_header = format!("question,answer,difficulty\n{text}");
    for source in [text.as_ref(), with_header.as_str()] {
        let lines = source.split('\n').count();
        for blocks in [
            front::bank::json_blocks(source),
            front::bank::jsonl_blocks(source),
            front::bank::csv_blocks(source),
        ]
        .into_iter()
        .flatten()
        {
            for b in &blocks {
                assert!(1 <= b.line && b.line <= b.line_end && b.line_end <= lines, "{b:?}");
            }
            let _ = finder::find(&blocks);
        }
    }
});
