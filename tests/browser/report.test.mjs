// Loads report.html in headless Chromium, collects console errors and network requests, counts
// the pairs and clusters shown, picks filters and counts again, pages on, and saves a
// screenshot. Prints one JSON line for tests/cli.rs to check (and timings, which no test
// asserts: BENCHMARKS.md reads them). Usage: node report.test.mjs PAGE.html SHOT.png
import { chromium } from "playwright-core";

const [pagePath, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
const errors = [];
const requests = [];
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
page.on("pageerror", (e) => errors.push(String(e)));
page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
const started = Date.now();
await page.goto("file://" + pagePath, { waitUntil: "load" });
const loadMs = Date.now() - started;
const firstPaintMs = await page.evaluate(() => new Promise((resolve) => {
  const seen = (list) => {
    const p = list.getEntries().find((e) => e.name === "first-contentful-paint");
    if (p) resolve(Math.round(p.startTime));
  };
  new PerformanceObserver(seen).observe({ type: "paint", buffered: true });
  setTimeout(() => resolve(null), 5000);
}));
const count = (sel) => page.$$eval(sel, (els) => els.length);
const pagerText = (id) => page.textContent(`#${id} .count`);
const before = { pairs: await count(".pair"), clusters: await count(".cluster"), pairsPager: await pagerText("pairs-pager"), clustersPager: await pagerText("clusters-pager") };
// A code block in an answer is a block.
const codeBlocks = await count(".ans pre code");
await page.locator(".pair").first().scrollIntoViewIfNeeded().catch(() => {});
await page.screenshot({ path: shot });
// The status filter: time from the change to the next frame painted with the new list.
const filterMs = await page.evaluate(() => new Promise((resolve) => {
  const select = document.getElementById("f-status");
  const t0 = performance.now();
  select.value = "merged";
  select.dispatchEvent(new Event("change"));
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(Math.round((performance.now() - t0) * 10) / 10)));
}));
const merged = { pairs: await count(".pair"), clusters: await count(".cluster"), statuses: await page.$$eval(".cluster", (els) => [...new Set(els.map((e) => e.className))]) };
await page.selectOption("#f-status", "");
// Paging on.
const next = page.locator("#clusters-pager button", { hasText: "next" });
const canPage = await next.isEnabled();
if (canPage) await next.click();
const paged = { clustersPager: await pagerText("clusters-pager") };
// A search that matches nothing empties both lists.
await page.fill("#f-search", "zzzz-no-such-question");
const none = { pairs: await count(".pair"), clusters: await count(".cluster") };
await browser.close();
console.log(JSON.stringify({ errors, requests, before, codeBlocks, merged, canPage, paged, none, loadMs, firstPaintMs, filterMs }));
