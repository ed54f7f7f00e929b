//! Runs the real `qclean` binary on small fixtures named for what they cover.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn qclean() -> Command {
    Command::new(env!("CARGO_BIN_EXE_qclean"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = qclean();
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("qclean runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn repair_decodes_and_repairs_each_encoding() {
    let cases = [
        (
            "utf8_bom_crlf.txt",
            "What is Python's GIL?\n• It's a lock.\n",
        ),
        ("utf16le_bom.txt", "What is Python?\n"),
        (
            "windows1252.txt",
            "• What is \"duck typing\"? It's a café question.\n",
        ),
        ("mojibake.txt", "Python's GIL\n"),
    ];
    for (name, want) in cases {
        let out = run(&["repair", fixture(name).to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), want, "{name}");
    }
}

#[test]
fn repair_explain_lists_fixes_on_stderr() {
    let out = run(&["repair", "--explain", "-"], Some("Pythonâ€™s “GIL”\n"));
    assert_eq!(text(&out.stdout), "Python's \"GIL\"\n");
    let err = text(&out.stderr);
    assert!(
        err.contains("<stdin>:1: mojibake: \"â€™\" -> \"’\""),
        "{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.contains(": quote: ")).count(),
        3,
        "{err}"
    );
}

#[test]
fn repair_jsonl_repairs_a_column_of_strings() {
    let out = run(
        &["repair", "--jsonl"],
        Some("\"Pythonâ€™s\"\n\"plain\"\n\n\"x &amp; y\"\n"),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "\"Python's\"\n\"plain\"\n\n\"x & y\"\n");
    let bad = run(&["repair", "--jsonl"], Some("\"ok\"\n{not json\n"));
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).starts_with("error: <stdin>:2: not a JSON string"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn bad_input_gives_one_line_naming_the_file_and_exit_2() {
    let missing = fixture("does_not_exist.txt");
    let dir = fixture("");
    let cases = [
        (
            "missing file",
            missing.to_str().unwrap().to_string(),
            "cannot read",
        ),
        (
            "directory",
            dir.to_str().unwrap().trim_end_matches('/').to_string(),
            "is a directory",
        ),
        (
            "binary",
            fixture("binary_png.txt").to_str().unwrap().to_string(),
            "binary file: a PNG image",
        ),
    ];
    for (name, path, needle) in cases {
        let out = run(&["repair", &path], None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(&path) && err.contains(needle),
            "{name}: {err}"
        );
        assert!(out.stdout.is_empty(), "{name}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let big = "Pythonâ€™s line\n".repeat(200_000);
    let mut child = qclean()
        .args(["repair", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(big.as_bytes());
    });
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}
