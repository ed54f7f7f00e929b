//! Any text: repair never panics, keeps the number of lines, and is idempotent.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qclean::stages::repair::repair;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let once = repair(&text);
    assert_eq!(once.text.matches('\n').count(), text.matches('\n').count(), "line count changed");
    let twice = repair(&once.text);
    assert_eq!(twice.text, once.text, "not idempotent");
});
