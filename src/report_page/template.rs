//! The page around the data: its style, its layout and the script that pages and filters it.

pub(super) const TEMPLATE: &str = r##"<!doctype html>
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
