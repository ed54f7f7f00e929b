//! Any bytes: decode never panics, and what it returns is text with `\n` line ends only.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(decoded) = qclean::stages::decode::decode(bytes) {
        assert!(!decoded.text.contains('\r'));
    }
});
