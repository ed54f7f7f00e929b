//! Any text: split never panics and loses no non-blank line (each is in a record's span or a
//! reject).
#![no_main]
use libfuzzer_sys::fuzz_target;
use qclean::stages::split::{split, Document};
use std::collections::BTreeSet;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes).replace('\r', "\n");
    let out = split(&Document { file: "fuzz.txt", text: &text, mojibake_lines: &BTreeSet::new() });
    let lost = out.lost_lines(&text);
    assert!(lost.is_empty(), "lines lost: {lost:?}");
});
