//! Any text through the HTML front end and the finder: no panic, lines inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qclean::stages::split::{finder, front};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let blocks = front::html::blocks(&text);
    for b in &blocks {
        assert!(1 <= b.line && b.line <= b.line_end, "{b:?}");
    }
    let _ = finder::find(&blocks);
});
