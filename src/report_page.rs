//! `report.html`: one self-contained page (no network, no external assets) to look at a dataset
//! and its flagged duplicates, at any size.
//!
//! The page holds what a person can look at: every count and chart, the most uncertain flagged
//! pairs side by side, the largest clusters with more than one member, and the records those
//! show; in pages of 20, filtered in the browser. The full data stays in the dataset files, and
//! the page says how much it leaves there. Pure: the command layer reads and writes; the
//! [`Selection`] is fed one cluster at a time, so a million clusters need not sit in memory.

use crate::model::{Level, Record};
use crate::pipeline::Report;
use crate::stages::cluster::{Cluster, Pair, Status};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Flagged pairs the page holds at most (the most uncertain).
pub const MAX_PAIRS: usize = 400;
/// Clusters with more than one member the page holds at most (flagged and reviewed first, then
/// the largest).
pub const MAX_CLUSTERS: usize = 800;
/// Members of a cluster listed at most.
const MAX_MEMBERS: usize = 12;
/// Characters of an answer the page renders at most.
const ANSWER_CHARS: usize = 1_200;
/// Rows of the per-source table at most.
const MAX_SOURCES: usize = 500;

/// What the page shows, chosen from the clusters as they come.
#[derive(Default)]
pub struct Selection {
    pairs: Vec<Pair>,
    clusters: Vec<Cluster>,
    /// Clusters with more than one member seen.
    multi: usize,
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Flagged => 0,
        Status::Reviewed => 1,
        Status::Merged => 2,
        Status::Single => 3,
    }
}

impl Selection {
    /// Takes one cluster into account.
    pub fn add(&mut self, cluster: &Cluster) {
        for pair in &cluster.pairs {
            if pair.decision.is_none() {
                self.pairs.push(pair.clone());
            }
        }
        if self.pairs.len() > 8 * MAX_PAIRS {
            self.trim_pairs();
        }
        if cluster.members.len() > 1 {
            self.multi += 1;
            let mut kept = cluster.clone();
            // Its pairs are in the pairs list; the page shows the members.
            kept.pairs.clear();
            kept.members.truncate(MAX_MEMBERS.max(1));
            if !kept.members.contains(&cluster.canonical) {
                kept.members.insert(0, cluster.canonical.clone());
            }
            self.clusters.push(kept);
            if self.clusters.len() > 8 * MAX_CLUSTERS {
                self.trim_clusters();
            }
        }
    }

    fn trim_pairs(&mut self) {
        // The order a person goes through them; one pair once.
        self.pairs.sort_by(|x, y| {
            crate::stages::cluster::most_uncertain_first(
                (x.evidence.score, &x.a, &x.b),
                (y.evidence.score, &y.a, &y.b),
            )
        });
        self.pairs.dedup_by(|x, y| x.a == y.a && x.b == y.b);
        self.pairs.truncate(MAX_PAIRS);
    }

    /// Half the room for flagged and reviewed clusters, half for merged ones (the largest first);
    /// what one half leaves, the other takes.
    fn trim_clusters(&mut self) {
        self.clusters.sort_by(|x, y| {
            status_rank(x.status)
                .cmp(&status_rank(y.status))
                .then(y.members.len().cmp(&x.members.len()))
                .then_with(|| x.id.cmp(&y.id))
        });
        let (open, merged): (Vec<Cluster>, Vec<Cluster>) = std::mem::take(&mut self.clusters)
            .into_iter()
            .partition(|c| c.status != Status::Merged);
        let open_room = open
            .len()
            .min(MAX_CLUSTERS - merged.len().min(MAX_CLUSTERS / 2));
        let merged_room = merged.len().min(MAX_CLUSTERS - open_room);
        self.clusters = open.into_iter().take(open_room).collect();
        self.clusters.extend(merged.into_iter().take(merged_room));
    }

    /// The ids of the records the page shows.
    pub fn finish(&mut self) -> BTreeSet<String> {
        self.trim_pairs();
        self.trim_clusters();
        let mut ids = BTreeSet::new();
        for p in &self.pairs {
            ids.insert(p.a.clone());
            ids.insert(p.b.clone());
        }
        for c in &self.clusters {
            ids.extend(c.members.iter().cloned());
        }
        ids
    }
}

/// The part of a record the page shows; the answer as safe HTML.
#[derive(Serialize)]
struct RecordView<'a> {
    question: &'a str,
    answer: String,
    file: &'a str,
    line: usize,
    topic: &'a str,
    level: &'a str,
}

fn level_name(level: Option<Level>) -> &'static str {
    match level {
        Some(Level::Beginner) => "beginner",
        Some(Level::Intermediate) => "intermediate",
        Some(Level::Advanced) => "advanced",
        Some(Level::Expert) => "expert",
        None => "",
    }
}

/// Markdown to HTML with nothing of the author's markup let through: raw HTML becomes text,
/// links keep their text only, images their description. Code blocks stay blocks, tables tables.
pub fn answer_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let cut: String = if markdown.chars().count() > ANSWER_CHARS {
        let mut s: String = markdown.chars().take(ANSWER_CHARS).collect();
        s.push_str("\n\n…");
        // An open fence would swallow the note.
        if s.matches("```").count() % 2 == 1 {
            s.push_str("\n```");
        }
        s
    } else {
        markdown.to_string()
    };
    let cut = literal_underscores(&cut);
    let events = Parser::new_ext(&cut, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .filter_map(|event| match event {
            Event::Html(t) | Event::InlineHtml(t) => Some(Event::Text(t)),
            Event::Start(Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Link | TagEnd::Image) => None,
            other => Some(other),
        });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// The answer with every `_` of its prose escaped: answers name `__init__` and `snake_case` far
/// more often than they mean emphasis. Code blocks and inline code keep theirs.
fn literal_underscores(markdown: &str) -> String {
    let mut tracker = crate::text::fence::Tracker::default();
    let mut out = String::with_capacity(markdown.len() + 16);
    for line in markdown.split_inclusive('\n') {
        if tracker.place(line.trim_end_matches('\n')) != crate::text::fence::Place::Prose {
            out.push_str(line);
            continue;
        }
        let mut in_code = false;
        for c in line.chars() {
            match c {
                '`' => in_code = !in_code,
                '_' if !in_code => out.push('\\'),
                _ => {}
            }
            out.push(c);
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart as inline SVG, bars in the given order.
fn bar_chart(title: &str, counts: &[(String, usize)]) -> String {
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let row = 22;
    let height = counts.len() * row + 10;
    let mut svg = format!("<figure><figcaption>{}</figcaption><svg role=\"img\" aria-label=\"{}\" width=\"460\" height=\"{height}\">", escape(title), escape(title));
    for (k, (label, n)) in counts.iter().enumerate() {
        let y = k * row + 4;
        let width = (*n as f64 / max * 250.0).round().max(1.0);
        let _ = write!(
            svg,
            "<text x=\"150\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"158\" y=\"{y}\" width=\"{width}\" height=\"16\" rx=\"2\"></rect><text x=\"{}\" y=\"{}\">{n}</text>",
            y + 13,
            escape(label),
            158.0 + width + 6.0,
            y + 13
        );
    }
    svg.push_str("</svg></figure>");
    svg
}

/// What the copied `qclean review --decide` commands add: the dataset folder and the decisions
/// file, when they are not the defaults.
pub fn command_flags(output: &std::path::Path, decisions: &std::path::Path) -> String {
    let mut flags = String::new();
    if output != std::path::Path::new("clean") {
        flags.push_str(&format!(
            " --output {}",
            shell_word(&output.display().to_string())
        ));
    }
    if decisions != std::path::Path::new("review/decisions.jsonl") {
        flags.push_str(&format!(
            " --decisions {}",
            shell_word(&decisions.display().to_string())
        ));
    }
    flags
}

fn shell_word(word: &str) -> String {
    if word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The page. `records` holds (at least) the records the selection names.
pub fn report_html(
    report: &Report,
    selection: &Selection,
    records: &BTreeMap<String, Record>,
    flags: &str,
) -> String {
    let canonical: BTreeSet<&str> = selection
        .clusters
        .iter()
        .map(|c| c.canonical.as_str())
        .chain(
            selection
                .pairs
                .iter()
                .flat_map(|p| [p.a.as_str(), p.b.as_str()]),
        )
        .collect();
    let views: BTreeMap<&str, RecordView> = records
        .iter()
        .map(|(id, r)| {
            let answer = if canonical.contains(id.as_str()) {
                answer_html(r.answer.as_deref().unwrap_or(""))
            } else {
                String::new()
            };
            (
                id.as_str(),
                RecordView {
                    question: &r.question,
                    answer,
                    file: &r.file,
                    line: r.line,
                    topic: r.topic.as_deref().unwrap_or(""),
                    level: level_name(r.level),
                },
            )
        })
        .collect();
    let data = serde_json::json!({
        "pairs": selection.pairs,
        "clusters": selection.clusters,
        "records": views,
        "flags": flags,
    });
    // `</` must not end the script element early.
    let data_json = serde_json::to_string(&data)
        .expect("the page data serialises")
        .replace("</", "<\\/");
    let totals = &report.totals;
    let counts = &report.clusters;
    let mut stats = String::new();
    for (label, value) in [
        ("files", totals.files),
        ("records", totals.records),
        ("fixes", totals.fixes.values().sum()),
        ("rejects", totals.rejects.values().sum()),
        ("clusters", counts.clusters),
        ("flagged pairs left to review", counts.flagged_pairs),
    ] {
        let _ = write!(
            stats,
            "<div class=\"stat\"><b>{value}</b><span>{}</span></div>",
            escape(label)
        );
    }
    let sorted = |m: &BTreeMap<String, usize>| -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> = m.iter().map(|(k, n)| (k.clone(), *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    // Levels in band order.
    let bands = ["beginner", "intermediate", "advanced", "expert", "none"];
    let levels: Vec<(String, usize)> = bands
        .iter()
        .filter_map(|b| report.tags.levels.get(*b).map(|n| (b.to_string(), *n)))
        .chain(
            report
                .tags
                .levels
                .iter()
                .filter(|(k, _)| !bands.contains(&k.as_str()))
                .map(|(k, n)| (k.clone(), *n)),
        )
        .collect();
    let statuses: Vec<(String, usize)> = ["flagged", "reviewed", "merged", "single"]
        .iter()
        .filter_map(|s| counts.by_status.get(*s).map(|n| (s.to_string(), *n)))
        .collect();
    let charts = format!(
        "{}{}{}{}",
        bar_chart("records by topic", &sorted(&report.tags.topics)),
        bar_chart("records by level", &levels),
        bar_chart("clusters by status", &statuses),
        bar_chart("fixes by kind", &sorted(&totals.fixes))
    );
    let mut sources = String::from("<table><thead><tr><th>file</th><th>encoding</th><th>format</th><th>layout</th><th>records</th><th>question-like left out</th><th>fixes</th><th>findings</th></tr></thead><tbody>");
    for f in report.files.iter().take(MAX_SOURCES) {
        let findings: Vec<String> = f.findings.iter().map(|x| escape(&x.kind)).collect();
        let _ = write!(
            sources,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&f.file),
            escape(&f.encoding),
            escape(&f.format),
            escape(&f.layout),
            f.records,
            f.left_out,
            f.fixes.values().sum::<usize>(),
            findings.join(", ")
        );
    }
    sources.push_str("</tbody></table>");
    if report.files.len() > MAX_SOURCES {
        let _ = write!(
            sources,
            "<p class=\"meta\">The first {MAX_SOURCES} of {} files; every file is in report.json.</p>",
            report.files.len()
        );
    }
    let sources = if report.files.len() > 15 {
        format!(
            "<details><summary>{} files (show the table)</summary>{sources}</details>",
            report.files.len()
        )
    } else {
        sources
    };
    // The run counted the flagged pairs; the selection kept only the first of them.
    let pairs_note = if counts.flagged_pairs > selection.pairs.len() {
        format!(
            "The {} most uncertain of {} flagged pairs are here; <code>qclean review</code> goes through all of them.",
            selection.pairs.len(),
            counts.flagged_pairs
        )
    } else {
        format!("{} flagged pairs.", selection.pairs.len())
    };
    let clusters_note = if selection.multi > selection.clusters.len() {
        format!(
            "{} of the {} clusters with more than one member are here (half flagged and reviewed, half merged, the largest first); all {} clusters are in clusters.jsonl.",
            selection.clusters.len(),
            selection.multi,
            counts.clusters
        )
    } else {
        format!(
            "The {} clusters with more than one member; all {} clusters are in clusters.jsonl.",
            selection.clusters.len(),
            counts.clusters
        )
    };
    TEMPLATE
        .replace("{{stats}}", &stats)
        .replace("{{charts}}", &charts)
        .replace("{{sources}}", &sources)
        .replace("{{pairs_note}}", &pairs_note)
        .replace("{{clusters_note}}", &clusters_note)
        .replace("{{data}}", &data_json)
}

const TEMPLATE: &str = r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>qclean report</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:14px 24px}h1{font-size:20px;margin:0}
main{padding:16px 24px;max-width:1280px}h2{font-size:17px;margin:22px 0 8px}
.stats{display:flex;flex-wrap:wrap;gap:10px}.stat{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:8px 14px;min-width:110px}
.stat b{display:block;font-size:20px}.stat span{color:#5b6576;font-size:13px}
.charts{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0;background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:10px}
figcaption{font-weight:600;margin-bottom:4px}svg text{font-size:12px;fill:#1d2330}svg rect{fill:#4a78c2}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #dde1e7;padding:4px 8px;text-align:left;font-size:13px}
details summary{cursor:pointer;color:#2d5aa0}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;position:sticky;top:0;background:#f6f7f9;padding:8px 0;z-index:1}
select,input{font:inherit;padding:4px 6px}.count{color:#5b6576}
.cluster{background:#fff;border:1px solid #dde1e7;border-radius:6px;margin:10px 0;padding:10px 12px}
.cluster.flagged{border-left:4px solid #d08a12}.cluster.merged{border-left:4px solid #3a9a5b}.cluster.reviewed{border-left:4px solid #4a78c2}
.meta{color:#5b6576;font-size:12px}.badge{display:inline-block;border-radius:3px;padding:0 6px;margin-right:6px;background:#eef1f5;font-size:12px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:10px;background:#fff;border:1px solid #dde1e7;border-left:4px solid #d08a12;border-radius:6px;margin:10px 0;padding:10px 12px}
.side{background:#fafbfc;border:1px solid #e6e9ee;border-radius:4px;padding:6px 8px;min-width:0}.q{font-weight:600}
.ans{color:#454f60;font-size:13px;max-height:16em;overflow:auto}.ans pre{background:#f0f2f5;padding:6px;overflow:auto}
.ans table{font-size:12px}del{background:#fbd5d5;text-decoration:none}ins{background:#d3f2dc;text-decoration:none}
.evidence{grid-column:1/3;font-size:12px;color:#454f60}.actions{grid-column:1/3}
button{font:inherit;font-size:13px;padding:3px 10px;margin-right:6px;cursor:pointer}
.pager{margin:8px 0}.copied{color:#3a9a5b;font-size:12px}
</style></head><body>
<header><h1>qclean report</h1></header>
<main>
<h2>Counts</h2><div class="stats">{{stats}}</div>
<h2>Distributions</h2><div class="charts">{{charts}}</div>
<div class="filters">
<label>topic <select id="f-topic"><option value="">all</option></select></label>
<label>level <select id="f-level"><option value="">all</option></select></label>
<label>source <select id="f-source"><option value="">all</option></select></label>
<label>cluster status <select id="f-status"><option value="">all</option></select></label>
<input id="f-search" type="search" placeholder="search questions" aria-label="search questions">
</div>
<h2>Flagged pairs</h2>
<p class="meta">{{pairs_note}} Most uncertain first, side by side with the characters that differ (red: only in A, green: only in B). The buttons copy the <code>qclean review --decide</code> command to paste in a terminal; then run <code>qclean run</code> again.</p>
<div class="pager" id="pairs-pager"></div><div id="pairs"></div>
<h2>Clusters</h2>
<p class="meta">{{clusters_note}}</p>
<div class="pager" id="clusters-pager"></div><div id="clusters"></div>
<h2>Records per source</h2>{{sources}}
</main>
<script type="application/json" id="data">{{data}}</script>
<script>
"use strict";
const data = JSON.parse(document.getElementById("data").textContent);
const PAGE = 20;
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
const rec = id => data.records[id] || {question: "?", answer: "", file: "", line: 0, topic: "", level: ""};
function fill(id, values, order) {
  const select = document.getElementById(id);
  let list = [...new Set(values.filter(v => v))];
  list.sort(order ? (a, b) => order.indexOf(a) - order.indexOf(b) : undefined);
  list.forEach(v => { const o = el("option", null, v); o.value = v; select.appendChild(o); });
}
const ids = Object.keys(data.records);
fill("f-topic", ids.map(i => data.records[i].topic));
fill("f-level", ids.map(i => data.records[i].level), ["beginner", "intermediate", "advanced", "expert"]);
fill("f-source", ids.map(i => data.records[i].file));
fill("f-status", data.clusters.map(c => c.status), ["flagged", "reviewed", "merged"]);
function diff(a, b) {
  const n = a.length, m = b.length;
  const left = el("span"), right = el("span");
  if (n * m > 250000) { left.textContent = a; right.textContent = b; return [left, right]; }
  const t = Array.from({length: n + 1}, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) t[i][j] = a[i] === b[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
  let i = 0, j = 0;
  const put = (node, tag, ch) => { const last = node.lastChild; if (last && last.nodeName.toLowerCase() === tag) last.textContent += ch; else node.appendChild(tag === "#text" ? document.createTextNode(ch) : el(tag, null, ch)); };
  while (i < n && j < m) {
    if (a[i] === b[j]) { put(left, "#text", a[i]); put(right, "#text", b[j]); i++; j++; }
    else if (t[i + 1][j] >= t[i][j + 1]) { put(left, "del", a[i]); i++; } else { put(right, "ins", b[j]); j++; }
  }
  while (i < n) put(left, "del", a[i++]);
  while (j < m) put(right, "ins", b[j++]);
  return [left, right];
}
function answer(r) {
  const box = el("div", "ans");
  // Rendered by qclean from the answer's Markdown with every tag of the author's escaped.
  box.innerHTML = r.answer || "<em>(no answer)</em>";
  return box;
}
function side(id, marked) {
  const r = rec(id), box = el("div", "side");
  const q = el("div", "q"); q.appendChild(marked); box.appendChild(q);
  box.appendChild(el("div", "meta", id + " · " + r.file + ":" + r.line + " · " + (r.topic || "no topic") + " · " + (r.level || "no level")));
  box.appendChild(answer(r));
  return box;
}
function copy(text, note) {
  const done = () => { note.textContent = "copied: " + text; };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, () => { note.textContent = text; });
  else note.textContent = text;
}
const words = w => w.length ? w.join(", ") : "–";
function pairView(p) {
  const a = rec(p.a), b = rec(p.b), box = el("div", "pair");
  const [da, db] = diff(a.question, b.question);
  box.appendChild(side(p.a, da)); box.appendChild(side(p.b, db));
  box.appendChild(el("div", "evidence", "probability same " + p.score + " · only in A: " + words(p.only_a) + " · only in B: " + words(p.only_b) +
    " · cosine " + p.cosine + " · overlap " + p.overlap + " · containment " + p.containment + " · jaro-winkler " + p.jaro_winkler + " · rule " + p.rule));
  const actions = el("div", "actions"), note = el("span", "copied");
  for (const d of ["same", "different"]) {
    const button = el("button", null, d);
    button.addEventListener("click", () => copy("qclean review --decide " + p.a + " " + p.b + " " + d + data.flags, note));
    actions.appendChild(button);
  }
  actions.appendChild(note); box.appendChild(actions);
  return box;
}
function clusterView(c) {
  const box = el("div", "cluster " + c.status), head = el("div");
  head.appendChild(el("span", "badge", c.status));
  head.appendChild(el("span", "badge", c.members.length + " members"));
  head.appendChild(el("span", "meta", c.id + " · lowest score " + c.score));
  box.appendChild(head);
  const r = rec(c.canonical);
  box.appendChild(el("div", "q", r.question));
  box.appendChild(el("div", "meta", r.file + ":" + r.line + " · " + (r.topic || "no topic") + " · " + (r.level || "no level")));
  box.appendChild(answer(r));
  const others = c.members.filter(m => m !== c.canonical);
  if (others.length) {
    const list = el("ul", "meta");
    for (const m of others) { const o = rec(m); list.appendChild(el("li", null, o.question + " — " + o.file + ":" + o.line)); }
    box.appendChild(list);
  }
  return box;
}
const state = {pairs: 0, clusters: 0};
function pager(id, total, key, render) {
  const box = document.getElementById(id); box.textContent = "";
  const pages = Math.max(1, Math.ceil(total / PAGE));
  if (state[key] >= pages) state[key] = pages - 1;
  const from = total ? state[key] * PAGE + 1 : 0, to = Math.min(total, (state[key] + 1) * PAGE);
  const prev = el("button", null, "‹ previous"), next = el("button", null, "next ›");
  prev.disabled = state[key] === 0; next.disabled = state[key] >= pages - 1;
  prev.addEventListener("click", () => { state[key]--; render(); });
  next.addEventListener("click", () => { state[key]++; render(); });
  box.appendChild(prev); box.appendChild(next);
  box.appendChild(el("span", "count", from + "–" + to + " of " + total + " shown"));
}
function filters() {
  const f = id => document.getElementById(id).value;
  return {topic: f("f-topic"), level: f("f-level"), source: f("f-source"), status: f("f-status"), words: f("f-search").toLowerCase()};
}
function keeps(f, id) {
  const r = rec(id);
  return (!f.topic || r.topic === f.topic) && (!f.level || r.level === f.level) && (!f.source || r.file === f.source) && (!f.words || r.question.toLowerCase().includes(f.words));
}
let shownPairs = [], shownClusters = [];
function renderPairs() {
  pager("pairs-pager", shownPairs.length, "pairs", renderPairs);
  const list = document.getElementById("pairs"); list.textContent = "";
  for (const p of shownPairs.slice(state.pairs * PAGE, (state.pairs + 1) * PAGE)) list.appendChild(pairView(p));
}
function renderClusters() {
  pager("clusters-pager", shownClusters.length, "clusters", renderClusters);
  const list = document.getElementById("clusters"); list.textContent = "";
  for (const c of shownClusters.slice(state.clusters * PAGE, (state.clusters + 1) * PAGE)) list.appendChild(clusterView(c));
}
function apply() {
  const f = filters();
  shownPairs = f.status && f.status !== "flagged" ? [] : data.pairs.filter(p => keeps(f, p.a) || keeps(f, p.b));
  shownClusters = data.clusters.filter(c => (!f.status || c.status === f.status) && c.members.some(m => keeps(f, m)));
  state.pairs = 0; state.clusters = 0;
  renderPairs(); renderClusters();
}
for (const id of ["f-topic", "f-level", "f-source", "f-status"]) document.getElementById(id).addEventListener("change", apply);
document.getElementById("f-search").addEventListener("input", apply);
apply();
</script></body></html>
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_render_as_blocks_and_let_no_markup_through() {
        // (answer, what the HTML holds, what it must not)
        let cases = [
            (
                "Use a list:\n\n```python\nx = [1, 2]\nprint(x)\n```",
                "<pre><code class=\"language-python\">x = [1, 2]\nprint(x)\n</code></pre>",
                "```",
            ),
            ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>", "| a |"),
            (
                "Say <script>alert(1)</script> and <b>bold</b>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
                "<script>",
            ),
            (
                "See [the docs](javascript:alert(1)) and ![x](http://evil/x.png)",
                "the docs",
                "href",
            ),
            ("Use `a < b` here", "<code>a &lt; b</code>", "<b"),
            (
                "__new__ runs before __init__; `my_var` stays",
                "__new__ runs before __init__; <code>my_var</code> stays",
                "<strong>",
            ),
        ];
        for (answer, holds, lacks) in cases {
            let html = answer_html(answer);
            assert!(html.contains(holds), "{answer:?} -> {html}");
            assert!(!html.contains(lacks), "{answer:?} -> {html}");
        }
        let long = format!("```python\n{}\n```", "x = 1\n".repeat(500));
        let html = answer_html(&long);
        assert!(html.len() < 2 * ANSWER_CHARS, "a long answer is cut");
        assert!(html.contains("</code></pre>") && html.contains('…'));
    }

    #[test]
    fn the_copied_command_names_the_folders_that_are_not_the_defaults() {
        use std::path::Path;
        // (output, decisions, flags)
        let cases = [
            ("clean", "review/decisions.jsonl", ""),
            (
                "/tmp/w100k/out",
                "review/decisions.jsonl",
                " --output /tmp/w100k/out",
            ),
            (
                "clean",
                "my decisions.jsonl",
                " --decisions 'my decisions.jsonl'",
            ),
        ];
        for (output, decisions, want) in cases {
            assert_eq!(command_flags(Path::new(output), Path::new(decisions)), want);
        }
    }
}
