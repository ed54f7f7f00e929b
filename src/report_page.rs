//! `report.html`: one self-contained page (no network, no external assets) to look at a dataset
//! and its flagged duplicates. Built from the dataset folder's own files; pure: the command layer
//! reads and writes.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Clusters shown at most (flagged ones first); the page says when more exist.
const MAX_CLUSTERS: usize = 5_000;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart as inline SVG.
fn bar_chart(title: &str, counts: &BTreeMap<String, u64>) -> String {
    let max = counts.values().copied().max().unwrap_or(1).max(1) as f64;
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

fn counts_of(value: &Value) -> BTreeMap<String, u64> {
    value
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default()
}

/// The page. `records` and `clusters` are the rows of `records.jsonl` and `clusters.jsonl`.
pub fn report_html(report: &Value, records: &[Value], clusters: &[Value]) -> String {
    let by_id: BTreeMap<&str, &Value> = records
        .iter()
        .filter_map(|r| r["id"].as_str().map(|id| (id, r)))
        .collect();
    let slim = |id: &str| -> Value {
        let r = by_id.get(id).copied().unwrap_or(&Value::Null);
        let answer: String = r["answer"]
            .as_str()
            .unwrap_or("")
            .chars()
            .take(400)
            .collect();
        json!({"id": id, "question": r["question"], "answer": answer, "topic": r["topic"], "level": r["level"], "file": r["file"], "line": r["line"]})
    };
    let mut ordered: Vec<&Value> = clusters.iter().collect();
    ordered.sort_by_key(|c| {
        (
            c["status"] != "flagged",
            c["id"].as_str().unwrap_or("").to_string(),
        )
    });
    let shown: Vec<Value> = ordered
        .iter()
        .take(MAX_CLUSTERS)
        .map(|c| {
            let members: Vec<Value> = c["members"].as_array().into_iter().flatten().filter_map(|m| m.as_str()).map(slim).collect();
            let pairs: Vec<Value> = c["pairs"].as_array().cloned().unwrap_or_default();
            json!({"id": c["id"], "status": c["status"], "score": c["score"], "canonical": c["canonical"], "members": members, "pairs": pairs})
        })
        .collect();
    let data = json!({"clusters": shown, "total": clusters.len(), "records": by_id.keys().map(|id| (id.to_string(), slim(id))).collect::<serde_json::Map<String, Value>>()});
    // `</` must not end the script element early.
    let data_json = serde_json::to_string(&data)
        .unwrap_or_default()
        .replace("</", "<\\/");
    let totals = &report["totals"];
    let clusters_report = &report["clusters"];
    let mut stages = String::new();
    for (label, value) in [
        ("files", totals["files"].to_string()),
        ("bytes", totals["bytes"].to_string()),
        (
            "fixes",
            counts_of(&totals["fixes"])
                .values()
                .sum::<u64>()
                .to_string(),
        ),
        ("records", totals["records"].to_string()),
        (
            "rejects",
            counts_of(&totals["rejects"])
                .values()
                .sum::<u64>()
                .to_string(),
        ),
        ("clusters", clusters_report["clusters"].to_string()),
        (
            "flagged pairs left to review",
            clusters_report["flagged_pairs"].to_string(),
        ),
    ] {
        let _ = write!(
            stages,
            "<div class=\"stat\"><b>{}</b><span>{}</span></div>",
            escape(&value),
            escape(label)
        );
    }
    let mut sources = String::from("<table><thead><tr><th>file</th><th>encoding</th><th>format</th><th>layout</th><th>records</th><th>question-like left out</th><th>fixes</th><th>findings</th></tr></thead><tbody>");
    for f in report["files"].as_array().into_iter().flatten() {
        let fixes: u64 = counts_of(&f["fixes"]).values().sum();
        let findings: Vec<String> = f["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x["kind"].as_str())
            .map(escape)
            .collect();
        let _ = write!(
            sources,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{fixes}</td><td>{}</td></tr>",
            escape(f["file"].as_str().unwrap_or("")),
            escape(f["encoding"].as_str().unwrap_or("")),
            escape(f["format"].as_str().unwrap_or("")),
            escape(f["layout"].as_str().unwrap_or("")),
            f["records"],
            f["left_out"],
            findings.join(", ")
        );
    }
    sources.push_str("</tbody></table>");
    let charts = format!(
        "{}{}{}",
        bar_chart("records by topic", &counts_of(&report["tags"]["topics"])),
        bar_chart("records by level", &counts_of(&report["tags"]["levels"])),
        bar_chart("fixes by kind", &counts_of(&totals["fixes"]))
    );
    TEMPLATE
        .replace("{{stages}}", &stages)
        .replace("{{sources}}", &sources)
        .replace("{{charts}}", &charts)
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
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;position:sticky;top:0;background:#f6f7f9;padding:8px 0;z-index:1}
select,input{font:inherit;padding:4px 6px}#count{color:#5b6576}
.cluster{background:#fff;border:1px solid #dde1e7;border-radius:6px;margin:10px 0;padding:10px 12px}
.cluster.flagged{border-left:4px solid #d08a12}.cluster.merged{border-left:4px solid #3a9a5b}.cluster.reviewed{border-left:4px solid #4a78c2}
.meta{color:#5b6576;font-size:12px}.badge{display:inline-block;border-radius:3px;padding:0 6px;margin-right:6px;background:#eef1f5;font-size:12px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin:8px 0;border-top:1px dashed #dde1e7;padding-top:8px}
.side{background:#fafbfc;border:1px solid #e6e9ee;border-radius:4px;padding:6px 8px}.q{font-weight:600}
.ans{color:#454f60;font-size:13px;white-space:pre-wrap;max-height:7em;overflow:auto}
del{background:#fbd5d5;text-decoration:none}ins{background:#d3f2dc;text-decoration:none}
.evidence{grid-column:1/3;font-size:12px;color:#454f60}.actions{grid-column:1/3}
button{font:inherit;font-size:13px;padding:3px 10px;margin-right:6px;cursor:pointer}
.copied{color:#3a9a5b;font-size:12px}
</style></head><body>
<header><h1>qclean report</h1></header>
<main>
<h2>Counts per stage</h2><div class="stats">{{stages}}</div>
<h2>Distributions</h2><div class="charts">{{charts}}</div>
<h2>Records per source</h2>{{sources}}
<h2>Clusters</h2>
<p class="meta">Flagged pairs are shown side by side with the characters that differ (red: only in A, green: only in B) and the evidence. The buttons copy the <code>qclean review --decide</code> command to paste in a terminal; then run <code>qclean run</code> again.</p>
<div class="filters">
<label>status <select id="f-status"><option value="">all</option></select></label>
<label>topic <select id="f-topic"><option value="">all</option></select></label>
<label>level <select id="f-level"><option value="">all</option></select></label>
<label>source <select id="f-source"><option value="">all</option></select></label>
<input id="f-search" type="search" placeholder="search questions" aria-label="search questions">
<span id="count"></span></div>
<div id="clusters"></div>
</main>
<script type="application/json" id="data">{{data}}</script>
<script>
"use strict";
const data = JSON.parse(document.getElementById("data").textContent);
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
function fill(id, values) {
  const select = document.getElementById(id);
  [...new Set(values.filter(v => v))].sort().forEach(v => { const o = el("option", null, v); o.value = v; select.appendChild(o); });
}
fill("f-status", data.clusters.map(c => c.status));
fill("f-topic", data.clusters.flatMap(c => c.members.map(m => m.topic)));
fill("f-level", data.clusters.flatMap(c => c.members.map(m => m.level)));
fill("f-source", data.clusters.flatMap(c => c.members.map(m => m.file)));
function diff(a, b) {
  const n = a.length, m = b.length, t = Array.from({length: n + 1}, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) t[i][j] = a[i] === b[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
  const left = el("span"), right = el("span");
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
function side(record, marked) {
  const box = el("div", "side");
  const q = el("div", "q"); q.appendChild(marked); box.appendChild(q);
  box.appendChild(el("div", "meta", record.id + " · " + record.file + ":" + record.line + " · " + (record.topic || "") + " · " + (record.level || "no level")));
  box.appendChild(el("div", "ans", record.answer || "(no answer)"));
  return box;
}
function copy(text, note) {
  const done = () => { note.textContent = "copied: " + text; };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, () => { note.textContent = text; });
  else { note.textContent = text; }
}
function pairView(p) {
  const a = data.records[p.a], b = data.records[p.b];
  const box = el("div", "pair");
  if (!a || !b) return box;
  const [da, db] = diff(a.question || "", b.question || "");
  box.appendChild(side(a, da)); box.appendChild(side(b, db));
  const ev = el("div", "evidence", "probability same " + p.score + " · cosine " + p.cosine + " · overlap " + p.overlap + " · containment " + p.containment +
    " · jaro-winkler " + p.jaro_winkler + " · only in A: " + (p.only_a.join(", ") || "–") + " · only in B: " + (p.only_b.join(", ") || "–") + " · rule " + p.rule +
    (p.decision ? " · decided: " + p.decision : ""));
  box.appendChild(ev);
  if (!p.decision) {
    const actions = el("div", "actions"), note = el("span", "copied");
    for (const d of ["same", "different"]) {
      const button = el("button", null, d);
      button.addEventListener("click", () => copy("qclean review --decide " + p.a + " " + p.b + " " + d, note));
      actions.appendChild(button);
    }
    actions.appendChild(note); box.appendChild(actions);
  }
  return box;
}
function clusterView(c) {
  const box = el("div", "cluster " + c.status);
  box.dataset.status = c.status;
  const head = el("div");
  head.appendChild(el("span", "badge", c.status));
  head.appendChild(el("span", "badge", c.members.length + " member" + (c.members.length > 1 ? "s" : "")));
  head.appendChild(el("span", "meta", c.id + " · lowest score " + c.score));
  box.appendChild(head);
  const canonical = c.members.find(m => m.id === c.canonical) || c.members[0];
  box.appendChild(el("div", "q", canonical ? canonical.question : ""));
  if (c.members.length > 1) box.appendChild(el("div", "meta", "also: " + c.members.filter(m => m !== canonical).map(m => m.question).join(" | ")));
  const seen = new Set();
  for (const p of c.pairs) { const k = p.a + p.b; if (!seen.has(k)) { seen.add(k); box.appendChild(pairView(p)); } }
  return box;
}
const list = document.getElementById("clusters");
const views = data.clusters.map(c => { const v = clusterView(c); list.appendChild(v); return [c, v]; });
function apply() {
  const f = id => document.getElementById(id).value;
  const status = f("f-status"), topic = f("f-topic"), level = f("f-level"), source = f("f-source"), words = f("f-search").toLowerCase();
  let shown = 0;
  for (const [c, v] of views) {
    const ok = (!status || c.status === status) && (!topic || c.members.some(m => m.topic === topic)) && (!level || c.members.some(m => m.level === level))
      && (!source || c.members.some(m => m.file === source)) && (!words || c.members.some(m => (m.question || "").toLowerCase().includes(words)));
    v.hidden = !ok; if (ok) shown++;
  }
  document.getElementById("count").textContent = shown + " of " + data.total + " clusters shown";
}
for (const id of ["f-status", "f-topic", "f-level", "f-source"]) document.getElementById(id).addEventListener("change", apply);
document.getElementById("f-search").addEventListener("input", apply);
apply();
</script></body></html>
"##;
