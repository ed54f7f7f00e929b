// Loads report.html in headless Chromium, collects console errors and network requests, picks a
// filter and counts the visible clusters before and after; saves a screenshot. Prints one JSON
// line for tests/cli.rs to check. Usage: node report.test.mjs PAGE.html SHOT.png
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
await page.goto("file://" + pagePath);
const visible = () => page.$$eval(".cluster", (els) => els.filter((e) => !e.hidden).length);
const before = await visible();
await page.selectOption("#f-status", "flagged");
const flagged = await visible();
await page.locator(".cluster.flagged").first().scrollIntoViewIfNeeded();
await page.screenshot({ path: shot });
await page.selectOption("#f-status", "merged");
const merged = await visible();
const count = await page.textContent("#count");
await browser.close();
console.log(JSON.stringify({ errors, requests, before, flagged, merged, count }));
