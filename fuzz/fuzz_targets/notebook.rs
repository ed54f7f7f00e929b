//! Any text as the cells of a notebook (split at NUL bytes, alternately Markdown and code), and
//! any text as a notebook file: no panic, every block's lines inside the file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qclean::stages::split::{finder, front};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let cells: Vec<serde_json::Value> = text
        .split('\0')
        .enumerate()
        .map(|(i, part)| {
            let lines: Vec<String> = part.split_inclusive('\n').map(str::to_string).collect();
            serde_json::json!({"cell_type": if i % 2 == 0 { "markdown" } else { "code" }, "source": lines})
        })
        .collect();
    let file = serde_json::to_string_pretty(&serde_json::json!({"cells": cells, "nbformat": 4})).unwrap();
    let lines = file.split('\n').count();
    for source in [file.as_str(), &text] {
        if let Some(blocks) = front::notebook::blocks(source) {
            for b in &blocks {
                assert!(1 <= b.line && b.line <= b.line_end, "{b:?}");
                if source.len() == file.len() {
                    assert!(b.line_end <= lines, "{b:?}");
                }
            }
            let _ = finder::find(&blocks);
        }
    }
});
