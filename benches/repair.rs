//! Throughput of the repair stage on one core, on at least 50 MB of clean and of damaged text.
//!
//! `cargo bench --bench repair` (add `-- --mb N` for another size). The text is the raw seed
//! documents repeated: "clean" is them after one repair (nothing left to fix), "damaged" is the
//! clean text with every third line misread as Windows-1252 (`’` -> `â€™`) and curly quotes put
//! back. Prints MB/s for each; the figures in BENCHMARKS.md come from this. `--write-text DIR`
//! also writes both texts to DIR, so that a peer tool can be timed on the same bytes.

use qclean::stages::repair::repair;
use std::time::Instant;

fn seed_text() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/raw");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("raw/")
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn windows_1252_misreading(line: &str) -> String {
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(line.as_bytes());
    text.into_owned()
}

fn measure(name: &str, text: &str) {
    // Warm-up on a slice, then the whole text, best of three.
    let _ = repair(&text[..text.len().min(1 << 20)]);
    let mut best = f64::INFINITY;
    let mut fixes = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let repaired = repair(text);
        best = best.min(start.elapsed().as_secs_f64());
        fixes = repaired.fixes.len();
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "{name:<8} {mb:>7.1} MB  {best:>6.3} s  {:>7.1} MB/s  {fixes} fixes",
        mb / best
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mb: usize = args
        .iter()
        .position(|a| a == "--mb")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let clean_unit = repair(&seed_text()).text;
    let damaged_unit: String = clean_unit
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            if i % 3 == 0 {
                windows_1252_misreading(line)
            } else {
                line.replace('\'', "’")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let target = mb * 1_000_000;
    let clean = clean_unit.repeat(target / clean_unit.len() + 1);
    let damaged = damaged_unit.repeat(target / damaged_unit.len() + 1);
    // `--write-text DIR`: the same two texts, for a peer tool to be timed on.
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--write-text")
        .and_then(|i| args.get(i + 1))
    {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(format!("{dir}/clean.txt"), &clean).unwrap();
        std::fs::write(format!("{dir}/damaged.txt"), &damaged).unwrap();
    }
    measure("clean", &clean);
    measure("damaged", &damaged);
}
