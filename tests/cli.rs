//! Runs the real `qclean` binary on small fixtures named for what they cover.

use std::collections::{BTreeMap, BTreeSet};
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
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).starts_with("qclean: <stdin>:2: not JSON"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn repair_code_restores_lost_indentation_and_labels_fences() {
    // (arguments, input, output)
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &["repair", "--code"],
            "def f(n):\nif n:\nreturn 1\nreturn 0\n",
            "def f(n):\n    if n:\n        return 1\n    return 0\n",
        ),
        (
            &["repair", "--code"],
            "Run it:\n```\n$ pip install flask\n```\n",
            "Run it:\n```console\n$ pip install flask\n```\n",
        ),
        (
            &["repair", "--code", "--jsonl"],
            "\"```\\nfor i in x:\\nprint(i)\\n```\"\n",
            "\"```python\\nfor i in x:\\n    print(i)\\n```\"\n",
        ),
    ];
    for (args, input, want) in cases {
        let out = run(args, Some(input));
        assert_eq!(out.status.code(), Some(0), "{input}");
        assert_eq!(text(&out.stdout), want, "{input}");
    }
    // Without --code the text is left as it is.
    let plain = run(&["repair"], Some("def f(n):\nreturn 1\n"));
    assert_eq!(text(&plain.stdout), "def f(n):\nreturn 1\n");
}

#[test]
fn bad_input_gives_a_line_naming_the_file_its_cause_and_exit_2() {
    let missing = fixture("does_not_exist.txt");
    let dir = fixture("");
    // (case, path, what the error line says, the cause line if any)
    let cases = [
        (
            "missing file",
            missing.to_str().unwrap().to_string(),
            "cannot read",
            Some("caused by: No such file or directory"),
        ),
        (
            "directory",
            dir.to_str().unwrap().trim_end_matches('/').to_string(),
            "is a directory",
            None,
        ),
        (
            "binary",
            fixture("binary_png.txt").to_str().unwrap().to_string(),
            "binary file: a PNG image",
            None,
        ),
    ];
    for (name, path, needle, cause) in cases {
        let out = run(&["repair", &path], None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines.get(1).map(|l| l.split(" (os error").next().unwrap()),
            cause,
            "{name}: {err}"
        );
        assert_eq!(lines.len(), 1 + cause.is_some() as usize, "{name}: {err}");
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

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files `run` writes that the golden copy in `clean/` must match byte for byte.
const DATASET_FILES: &[&str] = &[
    "records.jsonl",
    "rejects.jsonl",
    "clusters.jsonl",
    "questions.jsonl",
    "questions.csv",
    "report.json",
];

/// Every dataset file in `a` has the same bytes as in `b`.
fn assert_same_dataset(a: &Path, b: &Path) {
    for name in DATASET_FILES {
        assert!(
            std::fs::read(a.join(name)).unwrap() == std::fs::read(b.join(name)).unwrap(),
            "{name} differs"
        );
    }
}

/// `qclean run` on `input` into `output` with the rules of `schema`, then `extra` arguments.
fn run_with(input: &Path, output: &Path, schema: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "run",
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--schema",
        schema.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args, None)
}

fn run_pipeline(input: &Path, output: &Path) -> Output {
    run_with(input, output, &repo().join("schema"), &["--quiet"])
}

/// Runs the pipeline on `raw/` into a fresh temporary folder, which must succeed.
fn dataset_of_raw() -> tempfile::TempDir {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run_pipeline(&repo().join("raw"), out_dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    out_dir
}

/// The names of the files of a folder, sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file of `clean/`, and no other, comes out of `run` with the same bytes. The run works in
/// a scratch folder with the default `--output clean`, as the committed one was made.
#[test]
fn run_reproduces_the_committed_dataset_byte_for_byte() {
    let work = tempfile::tempdir().unwrap();
    let out = qclean()
        .current_dir(work.path())
        .args(["run", "--quiet", "--input"])
        .arg(repo().join("raw"))
        .arg("--schema")
        .arg(repo().join("schema"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let fresh = work.path().join("clean");
    let committed = file_names(&repo().join("clean"));
    assert_eq!(file_names(&fresh), committed);
    assert!(committed.len() >= 9, "{committed:?}");
    for name in &committed {
        let golden = std::fs::read(repo().join("clean").join(name)).unwrap();
        let made = std::fs::read(fresh.join(name)).unwrap();
        assert!(
            golden == made,
            "{name} differs from clean/{name}: regenerate it with `cargo run --release -- run`"
        );
    }
}

#[test]
fn run_gives_the_same_bytes_whatever_the_order_of_the_input_files() {
    // Files created in reverse order, so a directory listing in creation order is reversed too.
    let input = tempfile::tempdir().unwrap();
    let mut names: Vec<_> = std::fs::read_dir(repo().join("raw"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names.iter().rev() {
        std::fs::copy(path, input.path().join(path.file_name().unwrap())).unwrap();
    }
    let first = tempfile::tempdir().unwrap();
    assert_eq!(
        run_pipeline(input.path(), first.path()).status.code(),
        Some(0)
    );
    assert_same_dataset(first.path(), dataset_of_raw().path());
}

#[test]
fn every_non_blank_raw_line_is_in_a_record_or_a_reject() {
    let out_dir = dataset_of_raw();
    let rows = |name: &str| -> Vec<serde_json::Value> {
        std::fs::read_to_string(out_dir.path().join(name))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let mut covered: std::collections::BTreeSet<(String, u64)> = Default::default();
    for row in rows("records.jsonl").iter().chain(&rows("rejects.jsonl")) {
        for line in row["line"].as_u64().unwrap()..=row["line_end"].as_u64().unwrap() {
            covered.insert((row["file"].as_str().unwrap().to_string(), line));
        }
    }
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(repo().join("raw")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() && !covered.contains(&(name.clone(), i as u64 + 1)) {
                missing.push(format!("{name}:{}: {line}", i + 1));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} lines in no record or reject: {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
}

#[test]
fn an_invalid_record_stops_the_run_and_leaves_the_previous_dataset() {
    let out_dir = tempfile::tempdir().unwrap();
    std::fs::write(out_dir.path().join("records.jsonl"), "previous\n").unwrap();
    // A schema that no real record meets: questions of at most 10 characters.
    let schema = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("schema")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, schema.path().join(path.file_name().unwrap())).unwrap();
    }
    let mut record: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schema/record.schema.json")).unwrap(),
    )
    .unwrap();
    record["properties"]["question"]["maxLength"] = 10.into();
    std::fs::write(schema.path().join("record.schema.json"), record.to_string()).unwrap();
    std::fs::copy(
        repo().join("schema/reject.schema.json"),
        schema.path().join("reject.schema.json"),
    )
    .unwrap();
    let out = run_with(&repo().join("raw"), out_dir.path(), schema.path(), &[]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("error: record q")
            && err.contains("000_7d037de6090a6027.txt:5")
            && err.contains("/question"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.path().join("records.jsonl")).unwrap(),
        "previous\n"
    );
    assert!(!out_dir.path().join("rejects.jsonl").exists());
}

#[test]
fn run_on_a_folder_with_a_binary_reports_it_and_finishes_with_status_1() {
    let input = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("binary_png.txt"), input.path().join("image.txt")).unwrap();
    std::fs::copy(
        repo().join("raw/000_7d037de6090a6027.txt"),
        input.path().join("questions.md"),
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let schema = repo().join("schema");
    let out = run_with(input.path(), out_dir.path(), &schema, &[]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("image.txt: binary file: a PNG image"), "{err}");
    let rejects = std::fs::read_to_string(out_dir.path().join("rejects.jsonl")).unwrap();
    assert!(
        rejects.contains("\"file\":\"image.txt\"") && rejects.contains("\"reason\":\"not-text\""),
        "{rejects}"
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.path().join("records.jsonl"))
            .unwrap()
            .lines()
            .count(),
        15
    );
}

/// Layouts the seed documents do not show: each splits into the expected questions without any
/// code that knows about it.
#[test]
fn run_splits_layouts_not_seen_in_the_seeds() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run_pipeline(&fixture("layouts"), out_dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let records: Vec<serde_json::Value> =
        std::fs::read_to_string(out_dir.path().join("records.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let questions = |file: &str| -> Vec<String> {
        records
            .iter()
            .filter(|r| r["file"] == file)
            .map(|r| r["question"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        questions("bold_numbered_questions.md"),
        [
            "What is a decorator?",
            "What is a generator?",
            "Explain list comprehensions."
        ]
    );
    assert_eq!(
        questions("markdown_heading_per_question.md"),
        [
            "What is Python?",
            "What is PEP 8?",
            "What is a metaclass?",
            "How does the GIL work?"
        ]
    );
    assert_eq!(
        questions("q_and_ans_pairs.txt"),
        ["What is a list?", "What is a tuple?", "What is a set?"]
    );
    // Numbered steps inside an answer (`1) open the file`) stay in the answer.
    assert_eq!(
        questions("paren_numbered_with_steps.txt"),
        [
            "What is the difference between a list and a tuple?",
            "What does the with statement do?",
            "What is PEP 8?"
        ]
    );
    let by_question = |q: &str| records.iter().find(|r| r["question"] == q).unwrap().clone();
    assert_eq!(
        by_question("What is PEP 8?")["section"],
        serde_json::json!(["Basics"])
    );
    assert_eq!(
        by_question("What is a metaclass?")["section"],
        serde_json::json!(["Advanced"])
    );
    assert!(by_question("What does the with statement do?")["answer"]
        .as_str()
        .unwrap()
        .contains("2) read it"));
    assert_eq!(
        by_question("What is a tuple?")["answer"],
        "An immutable sequence.\nIt can be hashed."
    );
    assert_eq!(
        by_question("Explain list comprehensions.")["answer"],
        "A compact way to build lists:\n\n```python\nsquares = [x * x for x in range(10)]\n```"
    );
}

fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A scratch copy of `raw/` and the paths `run` and `review` need.
struct Workspace {
    _dir: tempfile::TempDir,
    input: PathBuf,
    output: PathBuf,
    decisions: PathBuf,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("raw");
        std::fs::create_dir(&input).unwrap();
        for entry in std::fs::read_dir(repo().join("raw")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, input.join(path.file_name().unwrap())).unwrap();
        }
        Workspace {
            output: dir.path().join("clean"),
            decisions: dir.path().join("review/decisions.jsonl"),
            input,
            _dir: dir,
        }
    }

    fn run(&self) -> Output {
        run_with(
            &self.input,
            &self.output,
            &repo().join("schema"),
            &["--quiet", "--decisions", self.decisions.to_str().unwrap()],
        )
    }

    fn review(&self, extra: &[&str]) -> Output {
        let base = [
            "review",
            "--output",
            self.output.to_str().unwrap(),
            "--decisions",
            self.decisions.to_str().unwrap(),
        ];
        run(&[&base[..], extra].concat(), None)
    }

    fn cluster_of(&self, id: &str) -> serde_json::Value {
        let clusters = jsonl(&self.output.join("clusters.jsonl"));
        clusters
            .into_iter()
            .find(|c| c["members"].as_array().unwrap().iter().any(|m| m == id))
            .unwrap()
    }
}

#[test]
fn review_decisions_steer_the_clusters_and_survive_edits_elsewhere() {
    let ws = Workspace::new();
    assert_eq!(ws.run().status.code(), Some(0));
    let listed = ws.review(&["--list"]);
    let first: serde_json::Value =
        serde_json::from_str(text(&listed.stdout).lines().next().expect("a flagged pair")).unwrap();
    let (a, b) = (
        first["a"].as_str().unwrap().to_string(),
        first["b"].as_str().unwrap().to_string(),
    );
    assert_ne!(
        ws.cluster_of(&a)["id"],
        ws.cluster_of(&b)["id"],
        "a flagged pair starts apart"
    );

    assert_eq!(
        ws.review(&["--decide", &a, &b, "same"]).status.code(),
        Some(0)
    );
    assert_eq!(ws.run().status.code(), Some(0));
    let joined = ws.cluster_of(&a);
    assert_eq!(joined, ws.cluster_of(&b), "same: one cluster");
    assert!(joined["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["decision"] == "same"));

    assert_eq!(
        ws.review(&["--decide", &a, &b, "different"]).status.code(),
        Some(0)
    );
    assert_eq!(ws.run().status.code(), Some(0));
    assert_ne!(
        ws.cluster_of(&a)["id"],
        ws.cluster_of(&b)["id"],
        "different (the later decision): apart"
    );
    let relisted = text(&ws.review(&["--list"]).stdout);
    assert!(
        !relisted.contains(&format!("\"a\":\"{a}\",\"b\":\"{b}\"")),
        "a decided pair is no longer listed"
    );

    // An unrelated edit: a new line in another document. The ids, so the decision, hold.
    let other = ["000_7d037de6090a6027.txt", "001_33bb31aa4421db10.txt"]
        .into_iter()
        .find(|f| {
            !first["a_source"].as_str().unwrap().starts_with(f)
                && !first["b_source"].as_str().unwrap().starts_with(f)
        })
        .unwrap();
    let path = ws.input.join(other);
    let edited = std::fs::read_to_string(&path).unwrap().replacen(
        '\n',
        "\nAn extra line of page chrome.\n",
        1,
    );
    std::fs::write(&path, edited).unwrap();
    assert_eq!(ws.run().status.code(), Some(0));
    assert_ne!(ws.cluster_of(&a)["id"], ws.cluster_of(&b)["id"]);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ws.output.join("report.json")).unwrap())
            .unwrap();
    assert_eq!(report["clusters"]["decisions"]["applied"], 1);
    assert_eq!(
        report["clusters"]["decisions"]["orphaned"],
        serde_json::json!([])
    );
}

#[test]
fn decisions_whose_records_are_gone_are_kept_and_reported() {
    let ws = Workspace::new();
    std::fs::create_dir_all(ws.decisions.parent().unwrap()).unwrap();
    let line = "{\"a\":\"q0000000000000001\",\"b\":\"q0000000000000002\",\"decision\":\"same\"}\n";
    std::fs::write(&ws.decisions, line).unwrap();
    let schema = repo().join("schema");
    let out = run_with(
        &ws.input,
        &ws.output,
        &schema,
        &["--decisions", ws.decisions.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr)
            .contains("decisions.jsonl:1: decision kept, but its records are not in this run"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&ws.decisions).unwrap(), line);
}

#[test]
fn a_malformed_decision_stops_the_run_before_anything_is_written() {
    let cases = [
        ("bad json", "{not json", "not a decision"),
        (
            "unknown decision",
            "{\"a\":\"q0000000000000001\",\"b\":\"q0000000000000002\",\"decision\":\"maybe\"}",
            "unknown decision \"maybe\"",
        ),
        (
            "bad id",
            "{\"a\":\"42\",\"b\":\"q0000000000000002\",\"decision\":\"same\"}",
            "\"42\" is not a record id",
        ),
    ];
    for (name, bad, needle) in cases {
        let ws = Workspace::new();
        std::fs::create_dir_all(ws.decisions.parent().unwrap()).unwrap();
        std::fs::write(&ws.decisions, format!("{{\"a\":\"q0000000000000001\",\"b\":\"q0000000000000002\",\"decision\":\"same\"}}\n{bad}\n")).unwrap();
        let out = ws.run();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains("decisions.jsonl:2: ") && err.contains(needle),
            "{name}: {err}"
        );
        assert!(!ws.output.exists(), "{name}: nothing written");
    }
}

#[test]
fn interactive_review_appends_each_answer_and_can_undo() {
    let ws = Workspace::new();
    assert_eq!(ws.run().status.code(), Some(0));
    let base = [
        "review",
        "--output",
        ws.output.to_str().unwrap(),
        "--decisions",
        ws.decisions.to_str().unwrap(),
    ];
    // same, different, undo (drops "different"), skip, quit.
    let out = run(&base, Some("s\nd\nu\nk\nq\n"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines = jsonl(&ws.decisions);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["decision"], "same");
    let shown = text(&out.stdout);
    assert!(shown.contains("undone: different"), "{shown}");
    assert!(shown.contains("pair 1 of "), "{shown}");
}

/// Level cues the seeds do not show: a file name, a bare Markdown level heading.
#[test]
fn levels_come_from_a_file_name_or_a_level_heading_without_code_changes() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run_pipeline(&fixture("levels"), out_dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let records = jsonl(&out_dir.path().join("records.jsonl"));
    let level = |q: &str| {
        let r = records
            .iter()
            .find(|r| r["question"] == q)
            .unwrap_or_else(|| panic!("no record {q}"));
        (
            r["level"].as_str().unwrap_or("none").to_string(),
            r["level_source"].as_str().unwrap_or("none").to_string(),
        )
    };
    let cases = [
        ("What is a list?", "beginner", "path"),
        (
            "What is the difference between a list and a tuple?",
            "beginner",
            "path",
        ),
        ("What is PEP 8?", "beginner", "heading"),
        ("What is a closure?", "intermediate", "heading"),
        ("How do generators save memory?", "intermediate", "heading"),
    ];
    for (q, want_level, want_source) in cases {
        assert_eq!(
            level(q),
            (want_level.to_string(), want_source.to_string()),
            "{q}"
        );
    }
}

#[test]
fn output_is_the_same_with_one_thread_and_with_two() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let schema = repo().join("schema");
    for (threads, dir) in [("1", &one), ("2", &two)] {
        let out = run_with(
            &repo().join("raw"),
            dir.path(),
            &schema,
            &["--quiet", "--threads", threads],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    assert_same_dataset(one.path(), two.path());
}

/// On a terminal the progress bars draw from worker threads; the run must still finish (it once
/// dead-locked on the stderr lock). `script` gives the run a pseudo-terminal.
#[test]
fn run_on_a_terminal_draws_progress_and_finishes() {
    if Command::new("script").arg("--version").output().is_err() {
        return tool_missing("`script` (util-linux)");
    }
    let out_dir = tempfile::tempdir().unwrap();
    let schema = repo().join("schema");
    let cmd = format!(
        "{} run --input {} --output {} --schema {}",
        env!("CARGO_BIN_EXE_qclean"),
        repo().join("raw").display(),
        out_dir.path().display(),
        schema.display()
    );
    let mut child = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit {status:?}");
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("qclean run did not finish within 60 s on a terminal");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let mut shown = String::new();
    use std::io::Read;
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut shown)
        .unwrap();
    assert!(shown.contains("qclean: 5 files"), "{shown}");
    assert!(out_dir.path().join("questions.jsonl").exists());
}

/// A folder of many copies of the seed documents: a run long enough to be killed mid-way.
fn big_input(copies: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("raw")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for k in 0..copies {
            std::fs::write(
                dir.path().join(format!(
                    "{k:03}_{}",
                    path.file_name().unwrap().to_string_lossy()
                )),
                &bytes,
            )
            .unwrap();
        }
    }
    dir
}

#[test]
fn a_run_killed_at_any_moment_leaves_the_previous_dataset_whole() {
    let input = big_input(30);
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("clean");
    let schema = repo().join("schema");
    let args = [
        "run",
        "--quiet",
        "--input",
        input.path().to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--schema",
        schema.to_str().unwrap(),
    ];
    let started = std::time::Instant::now();
    assert_eq!(run(&args, None).status.code(), Some(0));
    let full_run = started.elapsed();
    let before: Vec<Vec<u8>> = DATASET_FILES
        .iter()
        .map(|n| std::fs::read(output.join(n)).unwrap())
        .collect();
    // Kill the same run at several moments, the last ones during the writing at the end.
    for fraction in [0.2, 0.5, 0.8, 0.9, 0.95, 0.99] {
        let mut child = qclean()
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full_run.mul_f64(fraction));
        let _ = child.kill();
        let _ = child.wait();
        for (name, old) in DATASET_FILES.iter().zip(&before) {
            let now = std::fs::read(output.join(name)).unwrap_or_default();
            assert!(
                now == *old,
                "{name} changed after a kill at {fraction} of the run"
            );
        }
    }
}

#[test]
fn an_output_path_that_cannot_be_a_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let schema = repo().join("schema");
    let output = file.join("clean");
    let out = run_with(&repo().join("raw"), &output, &schema, &[]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("error: ")
            && err.lines().next().unwrap().contains("a-file")
            && err
                .lines()
                .nth(1)
                .is_some_and(|l| l.starts_with("caused by: "))
            && err.lines().count() == 2,
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_the_input_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.txt"),
        "1. What is outside?\nSomething that must not be read.\n",
    )
    .unwrap();
    let input = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("raw/000_7d037de6090a6027.txt"),
        input.path().join("questions.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        input.path().join("link.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), input.path().join("linked-folder")).unwrap();
    std::os::unix::fs::symlink(input.path().join("loop"), input.path().join("loop")).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = run_pipeline(input.path(), out_dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let records = std::fs::read_to_string(out_dir.path().join("records.jsonl")).unwrap();
    assert!(!records.contains("outside"), "a linked file was read");
    assert_eq!(records.lines().count(), 15);
}

#[test]
fn a_malformed_taxonomy_stops_the_run_naming_the_file_and_line() {
    let schema = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("schema")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, schema.path().join(path.file_name().unwrap())).unwrap();
    }
    let mut taxonomy: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("schema/topics.json")).unwrap())
            .unwrap();
    taxonomy["rules"]["cross_cutting_precedence"][0] = "no-such-topic".into();
    let unknown_topic = taxonomy.to_string();
    let cases = [
        (
            "broken json",
            "{\n  \"topics\": [\n    {\"id\": \"basics\",,}\n  ]\n}\n",
            "line 3",
        ),
        (
            "unknown topic in a rule",
            unknown_topic.as_str(),
            "no-such-topic",
        ),
    ];
    for (name, text_, needle) in cases {
        std::fs::write(schema.path().join("topics.json"), text_).unwrap();
        let out_dir = tempfile::tempdir().unwrap();
        let output = out_dir.path().join("clean");
        let out = run_with(&repo().join("raw"), &output, schema.path(), &[]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains("topics.json") && err.contains(needle),
            "{name}: {err}"
        );
        assert!(!output.exists(), "{name}: nothing written");
    }
}

/// Hostile files, each named for what it is, plus two made here (a 50 MB line, 100k one-line
/// questions): every one ends in records, rejects or one clear message; never a panic.
#[test]
fn hostile_input_ends_in_records_rejects_or_a_clear_message() {
    let input = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture("hostile")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, input.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        input.path().join("fifty_megabyte_line.txt"),
        "word ".repeat(10_000_000),
    )
    .unwrap();
    let many: String = (0..100_000)
        .map(|i| format!("{}. What is item {i}?\n", i + 1))
        .collect();
    std::fs::write(input.path().join("hundred_thousand_questions.txt"), many).unwrap();
    // A named pipe: opening it to read would block for ever; it is skipped as not a regular file.
    #[cfg(unix)]
    let _ = Command::new("mkfifo")
        .arg(input.path().join("pipe.txt"))
        .status();
    // A directory named like a file is a folder like any other.
    std::fs::create_dir(input.path().join("notes.txt")).unwrap();
    std::fs::copy(
        repo().join("raw/000_7d037de6090a6027.txt"),
        input.path().join("notes.txt/inner.md"),
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = run_pipeline(input.path(), out_dir.path());
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "binaries make it finish with problems: {err}"
    );
    if input.path().join("pipe.txt").exists() {
        assert!(
            err.contains("skipped pipe.txt (not a regular file)"),
            "{err}"
        );
    }
    for refused in ["png_image.png", "elf_binary", "nul_bytes_in_text.txt"] {
        assert!(
            err.lines()
                .any(|l| l.contains(refused) && l.contains("binary file")),
            "{refused}: {err}"
        );
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.path().join("report.json")).unwrap())
            .unwrap();
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 13, "{files:?}");
    let records = jsonl(&out_dir.path().join("records.jsonl"));
    let count = |file: &str| records.iter().filter(|r| r["file"] == file).count();
    assert_eq!(count("hundred_thousand_questions.txt"), 100_000);
    assert_eq!(count("notes.txt/inner.md"), 15);
    assert_eq!(count("unterminated_code_fence.md"), 2);
    assert!(records
        .iter()
        .all(|r| !r["question"].as_str().unwrap().contains('\u{fffd}')));
    for name in ["records.jsonl", "questions.jsonl"] {
        let text = std::fs::read_to_string(out_dir.path().join(name)).unwrap();
        assert!(
            !text.contains('\u{fffd}') && !text.contains('\u{0}'),
            "{name}"
        );
    }
}

/// The dataset card says what report.json says.
#[test]
fn the_dataset_card_numbers_are_the_report_numbers() {
    let card = std::fs::read_to_string(repo().join("clean/README.md")).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("clean/report.json")).unwrap())
            .unwrap();
    let questions = std::fs::read_to_string(repo().join("clean/questions.jsonl"))
        .unwrap()
        .lines()
        .count();
    let row = |label: &str| -> String {
        let line = card
            .lines()
            .find(|l| l.starts_with(&format!("| {label}")))
            .unwrap_or_else(|| panic!("no row {label}"));
        line.trim_end_matches(" |")
            .rsplit("| ")
            .next()
            .unwrap()
            .to_string()
    };
    let rejects: u64 = report["totals"]["rejects"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(row("questions"), questions.to_string());
    assert_eq!(row("records"), report["totals"]["records"].to_string());
    assert_eq!(
        row("clusters (`"),
        report["clusters"]["clusters"].to_string()
    );
    assert_eq!(
        row("pairs flagged"),
        report["clusters"]["flagged_pairs"].to_string()
    );
    assert_eq!(row("rejected"), rejects.to_string());
    assert_eq!(row("source files"), report["totals"]["files"].to_string());
    for (topic, n) in report["tags"]["topics"].as_object().unwrap() {
        assert_eq!(row(&format!("{topic} |")), n.to_string(), "{topic}");
    }
    assert!(card.starts_with("---\nlicense: "), "front matter first");
}

/// The data package passes `frictionless validate` (installed into a scratch venv when missing).
#[test]
fn the_data_package_passes_frictionless_validate() {
    // `.ci/run` installs frictionless into target/frictionless-venv; a PATH copy serves too.
    let venv = repo().join("target/frictionless-venv/bin/frictionless");
    let frictionless = if venv.exists() {
        venv
    } else if Command::new("frictionless")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        PathBuf::from("frictionless")
    } else {
        return tool_missing("frictionless (`.ci/run` installs it)");
    };
    let out = Command::new(frictionless)
        .args(["validate", "datapackage.json"])
        .current_dir(repo().join("clean"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// A test whose tool is not here: in CI (`CI` set) that is a failure, never a pass; on a
/// developer's machine the test says what it did not check.
fn tool_missing(what: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "{what} is missing, and CI is set: this test cannot be skipped"
    );
    eprintln!("{what} is missing: this test checked nothing (it fails when CI is set)");
}

/// `qclean report` writes a self-contained page; headless Chromium loads it without console
/// errors or network requests, and a filter changes the clusters shown. The screenshot is kept in
/// `target/report-screenshot.png`. Needs Chromium and the npm package of `tests/browser`
/// (`.ci/run` installs both when missing); without them the test fails when CI is set.
#[test]
fn the_report_page_works_in_a_browser() {
    let out_dir = dataset_of_raw();
    let out = run(
        &[
            "report",
            "--quiet",
            "--output",
            out_dir.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(out_dir.path().join("report.html")).unwrap();
    // What the page would load (answers may hold URLs as text; those are fine).
    for external in ["<link", "src=\"", "href=\"http", "url(http", "@import"] {
        assert!(
            !page.contains(external),
            "the page refers to something outside it: {external}"
        );
    }
    let browser_dir = repo().join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return tool_missing("Chromium");
    }
    if !browser_dir.join("node_modules/playwright-core").exists() {
        return tool_missing("the npm package playwright-core of tests/browser");
    }
    let shot = repo().join("target/report-screenshot.png");
    let page_path = out_dir.path().join("report.html");
    let node = Command::new("node")
        .arg(browser_dir.join("report.test.mjs"))
        .arg(&page_path)
        .arg(&shot)
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    assert!(
        node.status.success(),
        "{}{}",
        text(&node.stdout),
        text(&node.stderr)
    );
    let seen: serde_json::Value =
        serde_json::from_str(text(&node.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(seen["errors"], serde_json::json!([]), "console errors");
    assert_eq!(seen["requests"], serde_json::json!([]), "network requests");
    let n = |v: &serde_json::Value| v.as_u64().unwrap();
    let before = &seen["before"];
    assert!((1..=20).contains(&n(&before["pairs"])), "{seen}");
    assert!((1..=20).contains(&n(&before["clusters"])), "{seen}");
    assert!(
        n(&seen["codeBlocks"]) > 0,
        "answers show code as blocks: {seen}"
    );
    // Filtered to merged clusters: no flagged pair, and only merged clusters.
    let merged = &seen["merged"];
    assert_eq!(n(&merged["pairs"]), 0, "{seen}");
    assert!(n(&merged["clusters"]) > 0, "{seen}");
    assert_eq!(
        merged["statuses"],
        serde_json::json!(["cluster merged"]),
        "{seen}"
    );
    if seen["canPage"] == true {
        let pager = seen["paged"]["clustersPager"].as_str().unwrap();
        assert!(pager.starts_with("21–"), "{seen}");
    }
    assert_eq!(
        seen["none"],
        serde_json::json!({"pairs": 0, "clusters": 0}),
        "{seen}"
    );
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 10_000,
        "a screenshot was taken"
    );
}

/// Records found per document of `tests/data/real/` against the hand counts in
/// `tests/data/real-counts.tsv`: the count score 1 - sum |found - expected| / sum expected.
#[test]
fn real_documents_match_their_hand_counts() {
    let data = repo().join("tests/data");
    let counts = std::fs::read_to_string(data.join("real-counts.tsv")).unwrap();
    let expected: Vec<(String, usize)> = counts
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            (
                f.next().unwrap().to_string(),
                f.next().unwrap().parse().unwrap(),
            )
        })
        .collect();
    let out_dir = tempfile::tempdir().unwrap();
    let out = run_pipeline(&data.join("real"), out_dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.path().join("report.json")).unwrap())
            .unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(
        files.len(),
        expected.len(),
        "every document has a hand count"
    );
    let (mut off, mut total) = (0usize, 0usize);
    for (file, want) in &expected {
        let f = files
            .iter()
            .find(|f| f["file"] == file.as_str())
            .unwrap_or_else(|| panic!("{file} not read"));
        let got = f["records"].as_u64().unwrap() as usize;
        println!(
            "{file:<45} {:<9} expected {want:>4} found {got:>4}",
            f["format"].as_str().unwrap()
        );
        off += got.abs_diff(*want);
        total += want;
    }
    let score = 1.0 - off as f64 / total as f64;
    println!(
        "count score {score:.3} over {} documents ({total} questions)",
        expected.len()
    );
    assert!(score >= 0.95, "count score {score:.3} < 0.95");
}

/// Writes the documents into a fresh input folder and runs the pipeline on it: the folder (kept
/// alive by the caller), the output folder and what `run` did.
fn run_on_documents(docs: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, Output) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("raw");
    std::fs::create_dir(&input).unwrap();
    for (name, text) in docs {
        std::fs::write(input.join(name), text).unwrap();
    }
    let out_dir = dir.path().join("out");
    let out = run_pipeline(&input, &out_dir);
    (dir, out_dir, out)
}

/// A document with text but no question, and one whose question-like lines were mostly left
/// out, are findings that `run` names on stderr and that make the exit status 1.
#[test]
fn a_document_read_without_questions_is_reported_and_exits_1() {
    let (_dir, out_dir, out) = run_on_documents(&[
        (
            "notes.md",
            "# Shopping\n\nMilk, eggs and bread.\n\nCall the bank on Monday.\n",
        ),
        (
            "good.md",
            "# Python\n\n## 1. What is a list?\n\nA sequence.\n",
        ),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("notes.md: no-questions"), "{stderr}");
    assert!(!stderr.contains("good.md"), "{stderr}");
    let card = std::fs::read_to_string(out_dir.join("README.md")).unwrap();
    assert!(
        card.contains("Documents not read in full") && card.contains("`notes.md`"),
        "{card}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("report.json")).unwrap())
            .unwrap();
    let good = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "good.md")
        .unwrap();
    assert_eq!(good["format"], "markdown");
    assert_eq!(
        good["roles"].as_array().map(Vec::len),
        Some(0),
        "a heading question needs no run role"
    );
}

/// A level stated once for the whole document, in its title or in the intro of a chat export,
/// is every question's level unless a closer source (a level heading) says otherwise.
#[test]
fn a_level_stated_once_for_the_document_reaches_every_question() {
    let (_dir, out_dir, out) = run_on_documents(&[
        (
            "a.md",
            "# Senior Python Interview Questions\n\n## 1. What is a metaclass?\n\nA class of classes.\n\n## 2. What is a list?\n\nA sequence.\n\n## Beginner\n\n### 3. What is a tuple?\n\nAn immutable sequence.\n",
        ),
        (
            "b.md",
            "Sure! Here are Python interview questions for someone with 2+ years of experience:\n\n**1. What is a closure?**\n\nA function with its scope.\n\n**2. What does `zip` do?**\n\nPairs items.\n\nLet me know if you want more!\n",
        ),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let records = jsonl(&out_dir.join("records.jsonl"));
    let level = |q: &str| {
        let r = records
            .iter()
            .find(|r| r["question"] == q)
            .unwrap_or_else(|| panic!("{q}"));
        (
            r["level"].as_str().unwrap().to_string(),
            r["level_source"].as_str().unwrap().to_string(),
        )
    };
    for (q, want) in [
        ("What is a metaclass?", ("advanced", "title")),
        ("What is a list?", ("advanced", "title")),
        ("What is a tuple?", ("beginner", "heading")),
        ("What is a closure?", ("intermediate", "title")),
        ("What does `zip` do?", ("intermediate", "title")),
    ] {
        assert_eq!(level(q), (want.0.to_string(), want.1.to_string()), "{q}");
    }
    assert_eq!(records.len(), 5, "the chat's remarks are not questions");
}

#[test]
fn decide_refuses_what_run_would_refuse_and_writes_nothing() {
    let ws = Workspace::new();
    assert_eq!(ws.run().status.code(), Some(0));
    let listed = ws.review(&["--list"]);
    let first: serde_json::Value =
        serde_json::from_str(text(&listed.stdout).lines().next().expect("a flagged pair")).unwrap();
    let (a, b) = (first["a"].as_str().unwrap(), first["b"].as_str().unwrap());
    // (case, arguments, what the message must say)
    let cases: [(&str, [&str; 3], &str); 4] = [
        (
            "the same record twice",
            [a, a, "same"],
            "two different records",
        ),
        (
            "a word other than same/different",
            [a, b, "maybe"],
            "unknown decision",
        ),
        (
            "an id that is no record id",
            [a, "q123", "same"],
            "not a record id",
        ),
        (
            "an id not in the dataset",
            [a, "q00000000000000ff", "same"],
            "no record",
        ),
    ];
    for (case, args, says) in cases {
        let out = ws.review(&[&["--decide"][..], &args[..]].concat());
        assert_eq!(out.status.code(), Some(2), "{case}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(says),
            "{case}: {}",
            text(&out.stderr)
        );
        assert!(!ws.decisions.exists(), "{case}: nothing written");
    }
    // Case does not matter, and what is written is what `run` reads.
    let out = ws.review(&["--decide", a, b, "Same"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&ws.decisions).unwrap();
    assert!(written.contains("\"decision\":\"same\""), "{written}");
    let rerun = run_with(
        &ws.input,
        &ws.output,
        &repo().join("schema"),
        &["--decisions", ws.decisions.to_str().unwrap()],
    );
    assert_eq!(rerun.status.code(), Some(0), "{}", text(&rerun.stderr));
    assert!(
        text(&rerun.stderr).contains("1 decisions applied, 0 not"),
        "the summary counts the decisions: {}",
        text(&rerun.stderr)
    );
    let cluster = ws.cluster_of(a);
    assert_eq!(
        cluster["status"], "reviewed",
        "a decided cluster is reviewed"
    );
    assert_eq!(cluster, ws.cluster_of(b));
}

#[test]
fn python_in_the_seed_answers_parses_and_report_counts_it() {
    let out = dataset_of_raw();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap())
            .unwrap();
    let (mut python, mut parse_after, mut reindented) = (0, 0, 0);
    for file in report["files"].as_array().unwrap() {
        let code = &file["code"];
        let n = code["python"].as_u64().unwrap();
        let ok = code["parsed"].as_u64().unwrap() + code["reindented"].as_u64().unwrap();
        eprintln!(
            "{}: {} Python blocks, {} parsed as written, {} re-indented, {} do not parse",
            file["file"], n, code["parsed"], code["reindented"], code["unparsed"]
        );
        python += n;
        parse_after += ok;
        reindented += code["reindented"].as_u64().unwrap();
    }
    // The answers themselves: every ```python block, checked by the parser again.
    let (mut blocks, mut parsing, mut flagged) = (0, 0, 0);
    for r in jsonl(&out.path().join("records.jsonl")) {
        let answer = r["answer"].as_str().unwrap_or("");
        for block in answer.split("```python\n").skip(1) {
            let body = block.split("\n```").next().unwrap();
            blocks += 1;
            parsing += qclean::stages::code::python::parses(body) as usize;
        }
        flagged += r["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "code-reindented") as usize;
    }
    let share = parsing as f64 / blocks as f64;
    eprintln!("seed answers: {parsing} of {blocks} Python blocks parse ({share:.3})");
    assert_eq!(blocks as u64, python);
    assert_eq!(parsing as u64, parse_after);
    assert!(share >= 0.95, "{share:.3}");
    assert!(reindented > 0 && flagged > 0);
}

/// A run that finds no document leaves the dataset it would replace as it was, and exits 2; with
/// --allow-empty it writes the empty dataset.
#[test]
fn a_run_over_an_empty_input_refuses_to_wipe_the_dataset() {
    let ws = Workspace::new();
    assert_eq!(ws.run().status.code(), Some(0));
    let before: Vec<Vec<u8>> = file_names(&ws.output)
        .iter()
        .map(|n| std::fs::read(ws.output.join(n)).unwrap())
        .collect();
    let empty = tempfile::tempdir().unwrap();
    let out = run_with(
        empty.path(),
        &ws.output,
        &repo().join("schema"),
        &["--quiet"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no documents found") && err.contains("--allow-empty"),
        "{err}"
    );
    let after: Vec<Vec<u8>> = file_names(&ws.output)
        .iter()
        .map(|n| std::fs::read(ws.output.join(n)).unwrap())
        .collect();
    assert!(before == after, "the dataset was touched");
    let out = run_with(
        empty.path(),
        &ws.output,
        &repo().join("schema"),
        &["--quiet", "--allow-empty"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(ws.output.join("records.jsonl"))
        .unwrap()
        .is_empty());
}

/// `run` writes report.html in the same swap as the data: after a rerun on other input the page
/// is the one `qclean report` builds from the new files, never the old one.
#[test]
fn the_report_page_is_never_older_than_the_data() {
    let ws = Workspace::new();
    assert_eq!(ws.run().status.code(), Some(0));
    let first = std::fs::read(ws.output.join("report.html")).unwrap();
    // Another input: one document fewer.
    let gone = file_names(&ws.input).into_iter().next().unwrap();
    std::fs::remove_file(ws.input.join(&gone)).unwrap();
    assert_eq!(ws.run().status.code(), Some(0));
    let second = std::fs::read(ws.output.join("report.html")).unwrap();
    assert!(first != second, "the page changed with the data");
    let out = run(
        &[
            "report",
            "--quiet",
            "--output",
            ws.output.to_str().unwrap(),
            "--decisions",
            ws.decisions.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rebuilt = std::fs::read(ws.output.join("report.html")).unwrap();
    assert!(
        rebuilt == second,
        "run and report build the same page from the same data"
    );
    assert!(
        !text(&second).contains(&gone),
        "the page still names {gone}"
    );
}

/// `--input` may name one document.
#[test]
fn the_input_may_be_one_file() {
    let out_dir = tempfile::tempdir().unwrap();
    let one = repo()
        .join("raw")
        .join(file_names(&repo().join("raw")).remove(0));
    let out = run_pipeline(&one, out_dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(report["totals"]["files"], 1);
    assert!(report["totals"]["records"].as_u64().unwrap() > 10);
}

/// `gen-corpus` into a folder that holds something refuses and leaves it; --replace replaces it.
#[test]
fn gen_corpus_refuses_a_used_folder() {
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("mine.txt");
    std::fs::write(&keep, "my notes").unwrap();
    let args = |extra: &[&str]| {
        let mut a = vec![
            "gen-corpus".to_string(),
            "--questions".into(),
            "200".into(),
            "--shape".into(),
            "web".into(),
            "--out".into(),
            dir.path().to_str().unwrap().into(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let first = args(&[]);
    let out = run(&first.iter().map(String::as_str).collect::<Vec<_>>(), None);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("not empty") && err.contains("--replace"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&keep).unwrap(), "my notes");
    assert_eq!(file_names(dir.path()), ["mine.txt"]);
    let second = args(&["--replace"]);
    let out = run(&second.iter().map(String::as_str).collect::<Vec<_>>(), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!keep.exists());
    assert!(dir.path().join("truth.jsonl").exists());
}

/// `repair --jsonl` repairs strings and passes every other value through, one line out per line
/// in; a line that is not JSON passes through too, is named, and makes the exit status 1.
#[test]
fn repair_jsonl_passes_what_is_not_a_string_through() {
    let input = "\"Pythonâ€™s list\"\nnull\n42\n{\"a\": 1}\n\n\"cafÃ©\"\n";
    let out = run(&["repair", "--jsonl"], Some(input));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(
        lines,
        [
            "\"Python's list\"",
            "null",
            "42",
            "{\"a\": 1}",
            "",
            "\"café\""
        ]
    );
    let out = run(&["repair", "--jsonl"], Some("\"a\"\nnot json\nnull\n"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "\"a\"\nnot json\nnull\n");
    assert!(
        text(&out.stderr).contains("<stdin>:2: not JSON"),
        "{}",
        text(&out.stderr)
    );
}

/// `review` and `report` on a folder without a dataset say to run `qclean run` first.
#[test]
fn review_and_report_on_a_missing_dataset_say_to_run_first() {
    let empty = tempfile::tempdir().unwrap();
    let folder = empty.path().join("clean");
    for args in [
        vec!["review", "--list", "--output", folder.to_str().unwrap()],
        vec!["report", "--output", folder.to_str().unwrap()],
    ] {
        let out = run(&args, None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("run `qclean run` first"), "{args:?}: {err}");
    }
}

/// Every data file of `schema/` refuses a field it does not know: a misspelt key is an error
/// naming the file, not a setting silently ignored.
#[test]
fn schema_data_files_refuse_unknown_fields() {
    for name in [
        "topics.json",
        "contrasts.json",
        "cluster-model.json",
        "cues.json",
    ] {
        let schema = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(repo().join("schema")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, schema.path().join(path.file_name().unwrap())).unwrap();
        }
        let path = schema.path().join(name);
        let mut value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        value["merge_threshold"] = serde_json::json!(0.5);
        std::fs::write(&path, value.to_string()).unwrap();
        let out_dir = tempfile::tempdir().unwrap();
        let out = run_with(
            &repo().join("raw"),
            out_dir.path(),
            schema.path(),
            &["--quiet"],
        );
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(name) && err.contains("merge_threshold"),
            "{name}: {err}"
        );
    }
}

/// On a terminal the review takes one key per answer: `s` records a decision without Enter, the
/// screen shows `pair 1 of N`, then `pair 2 of N`; `q` ends it. A pseudo-terminal stands in for
/// the person.
#[test]
fn one_key_on_a_terminal_records_a_decision() {
    use std::io::{Read, Write};
    use std::os::fd::FromRawFd;
    use std::sync::{Arc, Mutex};
    let ws = Workspace::new();
    assert_eq!(ws.run().status.code(), Some(0));
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 40,
        ws_col: 120,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors into the given integers; the rest may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty");
    // SAFETY: both descriptors were just opened and are owned by these files alone.
    let (mut master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::fs::File::from_raw_fd(slave),
        )
    };
    let mut child = qclean()
        .args([
            "review",
            "--output",
            ws.output.to_str().unwrap(),
            "--decisions",
            ws.decisions.to_str().unwrap(),
        ])
        .stdin(slave.try_clone().unwrap())
        .stdout(slave.try_clone().unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(slave);
    let screen = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let screen = Arc::clone(&screen);
        let mut master = master.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = master.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let wait_for = |what: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            if text(&screen.lock().unwrap()).contains(what) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{what:?} never shown: {}",
                text(&screen.lock().unwrap())
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    wait_for("pair 1 of ");
    master.write_all(b"s").unwrap();
    wait_for("pair 2 of ");
    let shown = text(&screen.lock().unwrap());
    // The screen is cleared for each pair (ESC [ 2 J).
    assert!(shown.matches("\x1b[2J").count() >= 2, "{shown}");
    master.write_all(b"?").unwrap();
    wait_for("What the numbers say");
    master.write_all(b" ").unwrap();
    master.write_all(b"q").unwrap();
    let status = child.wait().unwrap();
    drop(master);
    let _ = reader.join();
    assert!(status.success());
    let lines = jsonl(&ws.decisions);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["decision"], "same");
}

/// `review` and `report` read the dataset as the model's types: a renamed field is an error that
/// names the file and the line, never a page of `?`.
#[test]
fn a_renamed_field_in_the_dataset_is_an_error_naming_its_line() {
    let ws = Workspace::new();
    assert_eq!(ws.run().status.code(), Some(0));
    let path = ws.output.join("records.jsonl");
    let renamed =
        std::fs::read_to_string(&path)
            .unwrap()
            .replacen("\"question\":", "\"query\":", 1);
    std::fs::write(&path, renamed).unwrap();
    for args in [
        vec!["report", "--output", ws.output.to_str().unwrap()],
        vec!["review", "--list", "--output", ws.output.to_str().unwrap()],
    ] {
        let out = run(&args, None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("records.jsonl:1: ") && err.contains("question"),
            "{args:?}: {err}"
        );
    }
}

/// The same documents under names that sort the other way round: what each record holds, and which
/// records are clustered together, do not depend on the order the names give the files (only the
/// names themselves change, and what document order decides: ids, canonical picks). One thing
/// still does: of two records with the very same question, the one a flagged pair names (and so
/// flags `needs-review`) is the first in document order; the count of such flags is the same.
#[test]
fn the_records_and_clusters_do_not_follow_the_order_of_the_file_names() {
    let mut originals: Vec<PathBuf> = std::fs::read_dir(repo().join("raw"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    originals.sort();
    let input = tempfile::tempdir().unwrap();
    // raw/000... becomes z4-..., raw/004... becomes z0-...: the last file now sorts first.
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for (k, path) in originals.iter().enumerate() {
        let original = path.file_name().unwrap().to_string_lossy().into_owned();
        let name = format!("z{}-{original}", originals.len() - 1 - k);
        std::fs::copy(path, input.path().join(&name)).unwrap();
        renamed.insert(name, original);
    }
    let out = tempfile::tempdir().unwrap();
    assert_eq!(
        run_pipeline(input.path(), out.path()).status.code(),
        Some(0)
    );
    let reference = dataset_of_raw();
    // Records by (file, line), with everything but their ids; clusters as sets of such places.
    let read = |dir: &Path, names: &BTreeMap<String, String>| {
        let rows: Vec<serde_json::Value> = std::fs::read_to_string(dir.join("records.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let mut place_of: BTreeMap<String, (String, u64)> = BTreeMap::new();
        let mut records: BTreeMap<(String, u64), String> = BTreeMap::new();
        let mut needs_review = 0;
        for mut row in rows {
            let file = row["file"].as_str().unwrap().to_string();
            let file = names.get(&file).cloned().unwrap_or(file);
            let place = (file, row["line"].as_u64().unwrap());
            place_of.insert(row["id"].as_str().unwrap().to_string(), place.clone());
            let flags = row.as_object_mut().unwrap().remove("flags").unwrap();
            let review = flags
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == "needs-review");
            needs_review += review as usize;
            let other_flags: Vec<&serde_json::Value> = flags
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| *f != "needs-review")
                .collect();
            row["flags"] = serde_json::json!(other_flags);
            for field in ["id", "file", "cluster", "canonical"] {
                row.as_object_mut().unwrap().remove(field);
            }
            records.insert(place, row.to_string());
        }
        let clusters: BTreeSet<BTreeSet<(String, u64)>> =
            std::fs::read_to_string(dir.join("clusters.jsonl"))
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
                .map(|c| {
                    c["members"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|m| place_of[m.as_str().unwrap()].clone())
                        .collect()
                })
                .collect();
        (records, clusters, needs_review)
    };
    let (records, clusters, needs_review) = read(out.path(), &renamed);
    let (want_records, want_clusters, want_review) = read(reference.path(), &BTreeMap::new());
    assert_eq!(needs_review, want_review, "records flagged needs-review");
    assert_eq!(records.len(), want_records.len());
    for (place, row) in &want_records {
        assert_eq!(records.get(place), Some(row), "{place:?}");
    }
    assert_eq!(clusters, want_clusters);
}

/// `score` runs the pipeline over a folder and scores it against a truth, question by question:
/// a question that lost its code does not count as found, and a document missing from the folder
/// makes the exit status 1.
#[test]
fn score_compares_records_with_a_truth_question_by_question() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(
        docs.join("a.md"),
        "# Python\n\n## 1. What are *args and **kwargs?\n\nThey let a function take any arguments.\n\n## 2. What is a list?\n\nA mutable sequence.\n",
    )
    .unwrap();
    let truth = dir.path().join("truth.jsonl");
    let line = |q: &str, a: &str| {
        format!("{{\"file\": \"a.md\", \"line\": 3, \"question\": \"{q}\", \"answer_start\": \"{a}\"}}\n")
    };
    std::fs::write(
        &truth,
        line("What are *args and **kwargs?", "They let a function")
            + &line("What is a tuple?", "An immutable sequence"),
    )
    .unwrap();
    let schema = repo().join("schema");
    let out = run(
        &[
            "score",
            docs.to_str().unwrap(),
            "--truth",
            truth.to_str().unwrap(),
            "--schema",
            schema.to_str().unwrap(),
            "--show",
            "5",
        ],
        None,
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("not matched: What is a tuple?"), "{stdout}");
    assert!(
        stdout.contains(
            "count score 1.000; exact question text 1/2 = 0.500; answers start right 1/1 = 1.000"
        ),
        "{stdout}"
    );
    std::fs::write(
        &truth,
        "{\"file\": \"b.md\", \"line\": 1, \"question\": \"Why?\", \"answer_start\": null}\n",
    )
    .unwrap();
    let out = run(
        &[
            "score",
            docs.to_str().unwrap(),
            "--truth",
            truth.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("not in"),
        "{}",
        text(&out.stdout)
    );
}
