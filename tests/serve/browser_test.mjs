// SPDX-License-Identifier: MIT
// footprint serve's page driven in Debian's chromium by puppeteer-core (browser_test.sh runs
// it): node browser_test.mjs URL REAL_URL SHOTS_DIR FOOTPRINT MODEL.
// Loads the page, raises the scale weight from the keyboard until population risk
// stratification changes level, checks the plan table, the chart and the URL followed, reads
// the why, downloads the scenario and solves it with the command (the same plan), reopens
// the URL (the same view), shows a bad value's message, resets, and checks labels, the map
// of a scenario with a geography and that nothing outside the server was requested.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(join(process.env.FPT_NPM, "package.json"));
const puppeteer = require("puppeteer-core");
const [url, realUrl, shots, footprint, model] = process.argv.slice(2);

function check(ok, message) {
  if (!ok) throw new Error(message);
}

const profile = mkdtempSync(join(tmpdir(), "fpt-chromium-"));
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const foreign = [];
const consoleErrors = [];

async function open(address) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(new URL(address).origin) && !u.startsWith("data:") && !u.startsWith("blob:")) {
      foreign.push(u);
    }
  });
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(address);
  await settled(page, 0);
  return page;
}

// Wait until the answer to the latest change has been drawn.
async function settled(page, before) {
  await page.waitForFunction((n) => Number(document.body.dataset.solves || 0) > n &&
    !document.body.dataset.busy, { timeout: 30000 }, before);
}

async function solves(page) {
  return page.evaluate(() => Number(document.body.dataset.solves || 0));
}

async function table(page) {
  return page.$$eval("#plan-table tbody tr", (rows) => rows.map((r) => ({
    fn: r.dataset.function,
    level: r.querySelector("td.level").firstChild.nextSibling.textContent,
    cost: r.querySelectorAll("td.num")[2].textContent,
    changed: r.classList.contains("changed"),
  })));
}

async function bars(page) {
  return page.$$eval("#cost-chart rect.bar-now", (rs) => rs.map((r) => r.dataset.gbp));
}

try {
  const page = await open(url);
  const m = await page.evaluate(async () => (await fetch("api/model")).json());
  const risk = m.functions.find((f) => /risk stratification/i.test(f.name));
  check(risk, "no risk stratification function in the model");
  const before = await table(page);
  check(before.length === m.functions.length, "the plan table has " + before.length + " rows");
  check(before.every((r) => !r.changed), "a row is marked changed before any change");
  const riskBefore = before.find((r) => r.fn === risk.id).level;
  const barsBefore = await bars(page);
  // The prices follow the plan: risk stratification is marked fragile, and its why shows what
  // each level would cost the whole plan, its own level the chosen one.
  await page.waitForFunction(() => document.body.dataset.priced !== undefined, { timeout: 30000 });
  check(await page.$eval(`tr[data-function="${risk.id}"] td.level`,
    (e) => e.querySelector(".fragile-tag") !== null), "risk stratification is not marked fragile");
  await page.click(`tr[data-function="${risk.id}"] .why-button`);
  const prices = await page.$$eval("#price-slot .price-table tbody tr",
    (rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
  check(prices.length === m.levels.length, "the price table has " + prices.length + " rows");
  check(prices.filter((r) => r[2] === "chosen").length === 1, "no one chosen level in the prices");
  check(await page.$eval("#price-slot", (e) => /fragile/i.test(e.querySelector(".fragile-note")?.textContent || "")),
    "the price panel does not say fragile");
  await page.screenshot({ path: join(shots, "1-start.png"), fullPage: true });

  // The scale weight, from the keyboard: five steps of 0.05 at a time, until the level moves.
  await page.focus("#c-weight_scale");
  let riskNow = riskBefore, weight = 1;
  for (let round = 0; round < 16 && riskNow === riskBefore; round++) {
    const n = await solves(page);
    for (let k = 0; k < 5; k++) await page.keyboard.press("ArrowRight");
    await settled(page, n);
    weight = Number(await page.$eval("#c-weight_scale", (e) => e.value));
    riskNow = (await table(page)).find((r) => r.fn === risk.id).level;
  }
  check(riskNow !== riskBefore, "risk stratification never moved (weight " + weight + ")");
  console.log(`scale weight ${weight}: risk stratification ${riskBefore} -> ${riskNow}`);
  check(Number(await page.$eval("#c-weight_scale-n", (e) => e.value)) === weight,
    "the number box did not follow the slider");
  const after = await table(page);
  check(after.find((r) => r.fn === risk.id).changed, "the moved function is not marked");
  check(JSON.stringify(await bars(page)) !== JSON.stringify(barsBefore), "the chart did not change");
  check(page.url().includes("weight.scale=" + weight), "the URL does not hold the weight: " + page.url());
  await page.screenshot({ path: join(shots, "2-scale-weight.png"), fullPage: true });

  // The why of the moved function, opened from the keyboard.
  await page.focus(`tr[data-function="${risk.id}"] .why-button`);
  await page.keyboard.press("Enter");
  const whyTitle = await page.$eval("#why-title", (e) => e.textContent);
  check(whyTitle.includes(risk.name), "the why is not about " + risk.name + ": " + whyTitle);
  check(await page.$$eval(".why-terms tbody tr", (r) => r.length) === m.criteria.length,
    "the why does not list every criterion");

  // Download, then the command solves the file: the same plan, function by function.
  const downloads = mkdtempSync(join(tmpdir(), "fpt-download-"));
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
  await page.click("#download");
  const file = join(downloads, m.scenario.id + "-what-if.xml");
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  check(existsSync(file), "no file downloaded");
  check(readFileSync(file, "utf8").includes("weight.scale = " + weight), "the file lacks the what-if");
  const cli = JSON.parse(execFileSync(footprint, ["solve", model, file, "--format", "json"]));
  const names = Object.fromEntries(m.levels.map((l) => [l.id, l.name]));
  for (const a of cli.assignments) {
    const row = after.find((r) => r.fn === a.function);
    check(row.level === names[a.level], `${a.function}: the page says ${row.level}, the file ${a.level}`);
    check(row.cost === Math.round(a.cost_gbp / 1000).toLocaleString("en-GB"),
      `${a.function}: cost ${row.cost} on the page, ${a.cost_gbp} from the file`);
  }
  rmSync(downloads, { recursive: true, force: true });

  // The URL reproduces the view in a new page.
  const again = await open(page.url());
  check(JSON.stringify(await table(again)) === JSON.stringify(after), "the URL did not reproduce the plan");
  check(Number(await again.$eval("#c-weight_scale", (e) => e.value)) === weight, "the URL lost the slider");
  await again.close();

  // A bad value: the server's message, the box marked.
  let n = await solves(page);
  await page.$eval("#c-weight_scale-n", (e) => { e.value = "-1"; e.dispatchEvent(new Event("change")); });
  await settled(page, n);
  const problem = await page.$eval("#problems", (e) => (e.hidden ? "" : e.textContent));
  check(problem.includes("weight for 'scale' is -1 (expected a finite number >= 0)"),
    "no problem shown for a negative weight: " + problem);
  check(await page.$eval("#c-weight_scale", (e) => e.getAttribute("aria-invalid")) === "true",
    "the slider is not marked invalid");
  await page.screenshot({ path: join(shots, "3-bad-value.png"), fullPage: false });

  // Reset from the keyboard.
  n = await solves(page);
  await page.focus("#reset");
  await page.keyboard.press("Enter");
  await settled(page, n);
  const reset = await table(page);
  check(JSON.stringify(reset.map((r) => r.level)) === JSON.stringify(before.map((r) => r.level)),
    "reset did not restore the plan");
  check(!new URL(page.url()).search, "reset left a what-if in the URL: " + page.url());
  check(await page.$eval("#problems", (e) => e.hidden), "reset left the problems shown");

  // Every control has a label; Tab moves on from reset to download.
  const unlabelled = await page.$$eval("input, select", (els) => els.filter((e) =>
    !e.getAttribute("aria-label") && !(e.id && document.querySelector(`label[for="${e.id}"]`)))
    .map((e) => e.id || e.outerHTML.slice(0, 60)));
  check(unlabelled.length === 0, "controls without a label: " + unlabelled.join(", "));
  await page.focus("#reset");
  await page.keyboard.press("Tab");
  check(await page.evaluate(() => document.activeElement.id) === "download", "Tab order");

  // A scenario with a geography: the map, one dot per CCG.
  const real = await open(realUrl);
  const dots = await real.$$eval("#map circle", (c) => c.length);
  const ccgs = await real.evaluate(async () => (await (await fetch("api/model")).json()).map.ccgs.length);
  check(dots === ccgs && dots > 200, `the map has ${dots} dots for ${ccgs} CCGs`);
  await real.screenshot({ path: join(shots, "4-real-units-map.png"), fullPage: true });

  check(foreign.length === 0, "requests outside the server: " + foreign.join(", "));
  check(consoleErrors.filter((e) => !/status of 400/.test(e)).length === 0,
    "console errors: " + consoleErrors.join(" | "));
  console.log("ok: " + m.functions.length + " functions, screenshots in " + shots);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
