//! Any text through the reStructuredText front end and the finder.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qclean::stages::split::{finder, front};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let lines = text.split('\n').count();
    let blocks = front::rst::blocks(&text);
    for b in &blocks {
        assert!(1 <= b.line && b.line <= b.line_end && b.line_end <= lines, "{b:?}");
    }
    let _ = finder::find(&blocks);
});
