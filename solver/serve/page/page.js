// SPDX-License-Identifier: MIT
// footprint serve's page (docs/serve.md): builds the what-if controls from GET /api/model,
// sends every change (debounced) to POST /api/solve, and draws the plan, totals, budget,
// charts, map and the why of the chosen function. The what-if lives in the URL's query, so a
// link reproduces the view. No library, nothing loaded from anywhere else.
"use strict";

const DEBOUNCE_MS = 120;
// The prices (one solve per function and level) follow the plan once the sliders rest.
const PRICES_MS = 400;
const SVG = "http://www.w3.org/2000/svg";
const LEVEL_COLOURS = ["#c7e9b4", "#41b6c4", "#225ea8", "#081d58", "#7fcdbb", "#253494"];
const UNIT_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
  "#a6761d", "#666666", "#1f78b4", "#b2df8a", "#fb9a99", "#cab2d6"];

const state = {
  model: null,     // GET /api/model
  base: {},        // target -> the scenario's own value, for every control
  values: {},      // target -> value, only where it differs from base
  locks: null,     // null: the scenario's locks; else the list that replaces them
  baseline: null,  // the scenario's own solve
  current: null,   // the latest solve shown
  selected: null,  // the function whose why is shown
  picked: false,   // the analyst chose it (else it follows the first function that moved)
  seq: 0,          // the latest request sent; older answers are dropped
  timer: 0,
};

// ---- small helpers ------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v;
    else if (k === "class") e.className = v;
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function capital(s) { return s.charAt(0).toUpperCase() + s.slice(1); }
function fmt(x, digits) {
  return x === null || x === undefined ? "–" :
    x.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
function gbpK(x) { return fmt(x / 1000, 0); }
function gbpM(x) { return fmt(x / 1e6, 1); }
function signed(x, f) { return (x > 0 ? "+" : x < 0 ? "−" : "±") + f(Math.abs(x)); }
function idFor(target) { return "c-" + target.replace(/[^a-z0-9-]/g, "_"); }
function levelName(id) {
  const l = state.model.levels.find((x) => x.id === id);
  return l ? l.name : id;
}
function functionOf(id) { return state.model.functions.find((f) => f.id === id); }

// ---- controls -----------------------------------------------------------------------------

// One labelled slider with a number box beside it, both driving the same what-if target.
function slider(parent, target, label, min, max, step, note) {
  const value = state.base[target];
  const id = idFor(target);
  const range = el("input", { type: "range", id, min, max, step, value,
    "data-target": target, "aria-describedby": note ? id + "-note" : null });
  const box = el("input", { type: "number", id: id + "-n", min, step, value,
    "data-target": target, "aria-label": label + " (value)" });
  const row = el("div", { class: "control" },
    el("label", { for: id, text: label }), el("div", { class: "pair" }, range, box));
  if (note) row.append(el("p", { class: "note", id: id + "-note", text: note }));
  range.addEventListener("input", () => { box.value = range.value; changed(target, +range.value); });
  box.addEventListener("change", () => {
    if (box.value === "" || !isFinite(+box.value)) { box.value = current(target); return; }
    range.value = box.value;
    changed(target, +box.value);
  });
  parent.append(row);
}

function current(target) {
  return target in state.values ? state.values[target] : state.base[target];
}

function buildWeights(m) {
  const fs = document.getElementById("weights");
  for (const c of m.criteria) {
    const t = "weight." + c.id;
    state.base[t] = m.weights[c.id];
    slider(fs, t, capital(c.name), 0, 5, 0.05);
  }
}

function buildMoney(m) {
  const fs = document.getElementById("money");
  const rows = [
    ["allowance-per-head-gbp", "Running-cost allowance, £ per head a year", 0, 60, 0.5],
    ["support-share", "Share of the allowance for commissioning support", 0.05, 1, 0.01],
    ["horizon-years", "Years over which set-up costs are spread", 1, 30, 1],
    ["discount-rate", "Discount rate for set-up costs", 0, 0.2, 0.005],
  ];
  for (const [key, label, min, max, step] of rows) {
    const t = "finance." + key;
    state.base[t] = m.finance[key];
    slider(fs, t, label, min, Math.max(max, m.finance[key]), step);
  }
}

function buildLevels(m) {
  const fs = document.getElementById("levels");
  if (m.geography) {
    fs.append(el("p", { class: "hint", text: "This scenario's levels are real groupings of " +
      "CCGs from its geography; they are shown on the map and cannot be changed here." }));
    return;
  }
  for (const l of m.levels) {
    if (l.kind === "units") {
      const t = "level." + l.id + ".units";
      state.base[t] = l.spec;
      slider(fs, t, l.name + ": number of units", 1, Math.max(2 * l.spec, 20), 1);
    } else {
      const t = "level." + l.id + ".unit-population";
      state.base[t] = l.spec;
      slider(fs, t, l.name + ": people per unit", 100000, Math.max(2 * l.spec, 20000000),
        50000, "Units: " + l.units + " of about " + fmt(l.unit_population, 0) + " people");
    }
  }
}

function buildPools(m) {
  const fs = document.getElementById("pools");
  for (const p of m.pools) {
    const group = el("div", { class: "pool" }, el("h3", { text: p.name }));
    if (p.limited) {
      const t = "supply." + p.id + ".supply-wte";
      state.base[t] = p.supply_wte;
      slider(group, t, "Supply, whole-time staff", 0, Math.max(2 * p.supply_wte, 100), 1);
    } else {
      group.append(el("p", { class: "note", text: "Supply unlimited in this scenario." }));
    }
    const t = "supply." + p.id + ".premium-gbp";
    state.base[t] = p.premium_gbp;
    slider(group, t, "Premium, £ per scarce member of staff a year", 0,
      Math.max(2 * p.premium_gbp, 20000), 500);
    fs.append(group);
  }
}

function options(select, items, chosen) {
  select.replaceChildren(...items.map(([v, text]) => el("option", { value: v, text,
    selected: v === chosen })));
}

function locksNow() { return state.locks !== null ? state.locks : state.model.locks; }

function renderLocks() {
  const list = document.getElementById("lock-list");
  list.replaceChildren();
  locksNow().forEach((lock, i) => {
    const fn = el("select", { "aria-label": "Lock " + (i + 1) + ": function" });
    options(fn, state.model.functions.map((f) => [f.id, f.name]), lock.function);
    const mode = el("select", { "aria-label": "Lock " + (i + 1) + ": fix or forbid" });
    options(mode, [["fix", "fixed at"], ["forbid", "kept off"]], lock.mode);
    const level = el("select", { "aria-label": "Lock " + (i + 1) + ": level" });
    options(level, state.model.levels.map((l) => [l.id, l.name]), lock.level);
    const remove = el("button", { type: "button", text: "Remove",
      "aria-label": "Remove lock " + (i + 1) });
    const update = () => {
      const locks = locksNow().map((x) => ({ ...x }));
      locks[i] = { function: fn.value, level: level.value, mode: mode.value };
      setLocks(locks);
    };
    fn.addEventListener("change", update);
    mode.addEventListener("change", update);
    level.addEventListener("change", update);
    remove.addEventListener("click", () => setLocks(locksNow().filter((_, j) => j !== i)));
    list.append(el("li", {}, fn, mode, level, remove));
  });
}

function setLocks(locks) {
  state.locks = JSON.stringify(locks) === JSON.stringify(state.model.locks) ? null : locks;
  renderLocks();
  schedule();
}

function buildFunctionControls(m) {
  const select = document.getElementById("rating-function");
  options(select, m.functions.map((f) => [f.id, f.name]), m.functions[0].id);
  for (const f of m.functions) {
    for (const c of m.criteria) {
      if (c.id !== "links") state.base["set." + f.id + ".rating." + c.id] = f.ratings[c.id];
    }
    state.base["set." + f.id + ".staff.per-100k"] = f.staff_per_100k;
    state.base["set." + f.id + ".staff.salary-gbp"] = f.salary_gbp;
  }
  select.addEventListener("change", () => renderFunctionControls(select.value));
  renderFunctionControls(m.functions[0].id);
}

function renderFunctionControls(fid) {
  const box = document.getElementById("rating-controls");
  box.replaceChildren();
  for (const c of state.model.criteria) {
    if (c.id === "links") continue;
    slider(box, "set." + fid + ".rating." + c.id, "Rating: " + c.name, 0, 4, 1);
  }
  const f = functionOf(fid);
  slider(box, "set." + fid + ".staff.per-100k", "Staff per 100,000 people", 0.01,
    Math.max(4 * f.staff_per_100k, 1), 0.01);
  slider(box, "set." + fid + ".staff.salary-gbp", "Salary with on-costs, £ a year", 10000,
    Math.max(2 * f.salary_gbp, 100000), 500);
  for (const input of box.querySelectorAll("input")) input.value = current(input.dataset.target);
}

// ---- the what-if, the URL and the requests --------------------------------------------------

function changed(target, value) {
  if (value === state.base[target]) delete state.values[target];
  else state.values[target] = value;
  schedule();
}

function whatIf() {
  const w = { values: { ...state.values } };
  if (state.locks !== null) w.locks = state.locks;
  return w;
}

function writeUrl() {
  const q = new URLSearchParams();
  for (const [t, v] of Object.entries(state.values)) q.append(t, String(v));
  if (state.locks !== null) {
    q.append("locks", state.locks.map((l) => l.function + ":" + l.level + ":" + l.mode).join(","));
  }
  const s = q.toString();
  history.replaceState(null, "", s ? "?" + s : location.pathname);
}

function readUrl() {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of q) {
    if (k === "locks") {
      state.locks = v === "" ? [] : v.split(",").map((x) => {
        const [fn, level, mode] = x.split(":");
        return { function: fn, level, mode };
      });
    } else if (isFinite(+v) && v !== "") {
      state.values[k] = +v;
    }
  }
}

function syncControls() {
  for (const input of document.querySelectorAll("#controls input[data-target]")) {
    input.value = current(input.dataset.target);
  }
  renderLocks();
}

// data-busy on <body> while a change waits for its answer (the browser test reads it).
function schedule() {
  document.body.dataset.busy = "true";
  clearTimeout(state.timer);
  state.timer = setTimeout(solve, DEBOUNCE_MS);
}

async function post(path, body) {
  return fetch(path, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body) });
}

async function solve() {
  const seq = ++state.seq;
  writeUrl();
  const started = performance.now();
  setStatus("Solving…", "busy");
  let reply, data;
  try {
    reply = await post("api/solve", whatIf());
    data = await reply.json();
  } catch (e) {
    if (seq === state.seq) {
      delete document.body.dataset.busy;
      setStatus("The server did not answer: " + e.message, "error");
    }
    return;
  }
  if (seq !== state.seq) return;
  delete document.body.dataset.busy;
  const ms = Math.round(performance.now() - started);
  if (reply.status === 400) {
    showProblems(data.problems || [{ field: "", message: data.error }]);
    setStatus("Not a valid scenario: see the problems listed", "error");
    document.body.dataset.solves = String(seq);
    return;
  }
  if (!reply.ok) {
    showProblems([{ field: "", message: data.error || "the server failed" }]);
    setStatus("The server could not solve it (" + reply.status + ")", "error");
    return;
  }
  showProblems([]);
  state.current = data;
  const r = data.result;
  setStatus("Solved in " + ms + " ms: " + r.status +
    (Object.keys(state.values).length || state.locks ? "" : " (the scenario as it is)"), "done");
  document.body.dataset.solves = String(seq);
  state.prices = null;
  render();
  clearTimeout(state.priceTimer);
  if (r.status === "optimal") state.priceTimer = setTimeout(() => price(seq), PRICES_MS);
}

// POST /api/why for the plan just drawn: every function's price at every level, its margin
// and whether it is fragile (docs/serve.md). Dropped when a newer change has come since.
async function price(seq) {
  let data;
  try {
    const reply = await post("api/why", whatIf());
    if (!reply.ok) return;
    data = await reply.json();
  } catch (e) {
    return;
  }
  if (seq !== state.seq) return;
  state.prices = {};
  for (const a of data.result.assignments || []) state.prices[a.function] = a.why;
  document.body.dataset.priced = String(seq);
  renderPlanMarks();
  renderWhy();
}

function setStatus(text, kind) {
  const s = document.getElementById("status");
  s.textContent = text;
  s.className = kind;
}

function showProblems(problems) {
  const box = document.getElementById("problems");
  for (const bad of document.querySelectorAll("[aria-invalid]")) bad.removeAttribute("aria-invalid");
  if (problems.length === 0) { box.hidden = true; box.replaceChildren(); return; }
  box.hidden = false;
  box.replaceChildren(el("h2", { text: "This what-if is not a valid scenario" }),
    el("ul", {}, ...problems.map((p) => el("li", {}, p.field ? el("code", { text: p.field }) : "",
      p.field ? ": " : "", p.message))));
  for (const p of problems) {
    const t = p.field.startsWith("values.") ? p.field.slice(7) : null;
    for (const input of t ? document.querySelectorAll("[data-target='" + CSS.escape(t) + "']") : []) {
      input.setAttribute("aria-invalid", "true");
    }
  }
}

async function download() {
  const reply = await post("api/scenario", whatIf());
  if (!reply.ok) {
    const data = await reply.json();
    showProblems(data.problems || [{ field: "", message: data.error }]);
    return;
  }
  const blob = await reply.blob();
  const a = el("a", { href: URL.createObjectURL(blob),
    download: state.model.scenario.id + "-what-if.xml" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function reset() {
  state.values = {};
  state.locks = null;
  syncControls();
  renderFunctionControls(document.getElementById("rating-function").value);
  schedule();
}

// ---- results ------------------------------------------------------------------------------

function render() {
  const r = state.current.result;
  const plan = r.assignments !== undefined;
  renderSummary(r);
  renderGauge(r);
  renderPlan(r);
  renderCostChart(r);
  renderPools(r);
  renderMap();
  // Until the analyst picks a function, the why follows the first one that moved.
  if (plan && !state.picked) state.selected = firstChanged(r) || r.assignments[0].function;
  renderWhy();
}

function card(title, value, detail) {
  return el("div", { class: "card" }, el("h3", { text: title }),
    el("p", { class: "value", text: value }), el("p", { class: "detail", text: detail || "" }));
}

function renderSummary(r) {
  const box = document.getElementById("summary");
  const b = state.baseline.result;
  if (r.assignments === undefined) {
    box.replaceChildren(card("Status", r.status, "No plan meets this scenario:"),
      el("ul", { class: "clashes" }, ...(r.clashes || []).map((c) => el("li", { text: c }))));
    return;
  }
  const perHead = r.cost_per_head_gbp, basePerHead = b.cost_per_head_gbp;
  box.replaceChildren(
    card("Running cost", "£" + fmt(perHead, 2) + " per head",
      "£" + gbpM(r.cost_total_gbp) + "m a year; " +
      (b.cost_per_head_gbp !== undefined ? signed(perHead - basePerHead, (x) => "£" + fmt(x, 2)) +
        " against the scenario" : "")),
    card("Set-up investment", "£" + gbpM(r.setup_total_gbp) + "m",
      r.payback_years === null ? "no saving over all-local" :
        "payback " + fmt(r.payback_years, 1) + " years"),
    card("Weighted total", "£" + gbpM(r.objective) + "m a year",
      "what the programme minimises; " + r.status + (r.tie_broken ? ", tie broken" : "")),
    card("Staff", fmt(r.wte_total, 0) + " WTE", r.assignments.length + " functions"));
}

function renderGauge(r) {
  const box = document.getElementById("gauge");
  if (r.cost_total_gbp === undefined) { box.replaceChildren(); return; }
  const used = r.cost_total_gbp / r.envelope_gbp;
  const bar = el("div", { class: "gauge-fill" + (used > 1 ? " over" : "") });
  bar.style.width = Math.min(100, 100 * used) + "%";
  const track = el("div", { class: "gauge-track", role: "meter", "aria-valuemin": "0",
    "aria-valuemax": "100", "aria-valuenow": (100 * used).toFixed(1),
    "aria-label": "Share of the envelope used" }, bar);
  box.replaceChildren(track, el("p", { text: fmt(100 * used, 1) + "% of the envelope used: £" +
    gbpM(r.cost_total_gbp) + "m of £" + gbpM(r.envelope_gbp) + "m a year (£" +
    fmt(r.allowance_per_head_gbp, 2) + " a head allowance)" }));
}

function firstChanged(r) {
  const was = baselineLevels();
  const a = r.assignments.find((x) => was[x.function] && was[x.function] !== x.level);
  return a ? a.function : null;
}

function baselineLevels() {
  const map = {};
  for (const a of state.baseline.result.assignments || []) map[a.function] = a.level;
  return map;
}

function baselineCost() {
  const map = {};
  for (const a of state.baseline.result.assignments || []) map[a.function] = a.cost_gbp;
  return map;
}

function renderPlan(r) {
  const body = document.querySelector("#plan-table tbody");
  body.replaceChildren();
  if (r.assignments === undefined) return;
  const was = baselineLevels(), cost = baselineCost();
  for (const a of r.assignments) {
    const moved = was[a.function] !== undefined && was[a.function] !== a.level;
    const diff = cost[a.function] !== undefined ? a.cost_gbp - cost[a.function] : 0;
    const why = el("button", { type: "button", class: "why-button", text: "Why",
      "aria-label": "Why " + a.name + " is " + levelName(a.level),
      "aria-pressed": String(state.selected === a.function) });
    why.addEventListener("click", () => {
      state.selected = a.function;
      state.picked = true;
      renderPlan(r);
      renderWhy();
      document.getElementById("why").scrollIntoView({ block: "nearest" }); });
    const level = el("td", { class: "level" }, el("span", { class: "swatch level-" +
      levelIndex(a.level) }), levelName(a.level));
    if (moved) level.append(el("span", { class: "was", text: " (was " + levelName(was[a.function]) + ")" }));
    body.append(el("tr", { class: moved ? "changed" : "", "data-function": a.function },
      el("th", { scope: "row", text: a.name }), el("td", { text: a.category }), level,
      el("td", { class: "num", text: fmt(a.units, 0) }), el("td", { class: "num", text: fmt(a.wte, 1) }),
      el("td", { class: "num", text: gbpK(a.cost_gbp) }),
      el("td", { class: "num" + (diff > 0.5 ? " up" : diff < -0.5 ? " down" : ""),
        text: Math.abs(diff) < 500 ? "–" : signed(diff, gbpK) }),
      el("td", {}, why)));
  }
  renderPlanMarks();
}

function levelIndex(id) { return state.model.levels.findIndex((l) => l.id === id); }

// Grouped bars: for each level, the running cost of the functions placed there, in the
// scenario's own plan (pale) and in this what-if (dark).
function renderCostChart(r) {
  const box = document.getElementById("cost-chart");
  box.replaceChildren();
  if (r.assignments === undefined) return;
  const levels = state.model.levels;
  const sum = (assignments) => levels.map((l) => assignments.filter((a) => a.level === l.id)
    .reduce((s, a) => s + a.cost_gbp, 0));
  const now = sum(r.assignments), was = sum(state.baseline.result.assignments || []);
  const top = Math.max(1, ...now, ...was);
  const W = 520, H = 240, left = 50, bottom = 200, plotH = 170;
  const chart = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
    "aria-label": "Running cost by level: " + levels.map((l, i) => l.name + " £" + gbpM(now[i]) +
      "m").join(", ") });
  const slot = (W - left - 10) / levels.length;
  chart.append(svg("line", { x1: left, y1: bottom, x2: W - 10, y2: bottom, stroke: "#555" }));
  levels.forEach((l, i) => {
    const x = left + i * slot + slot * 0.15, w = slot * 0.32;
    const hWas = plotH * was[i] / top, hNow = plotH * now[i] / top;
    chart.append(svg("rect", { x, y: bottom - hWas, width: w, height: hWas, fill: "#bdbdbd",
      class: "bar-was" }, undefined));
    chart.append(svg("rect", { x: x + w + 2, y: bottom - hNow, width: w, height: hNow,
      fill: LEVEL_COLOURS[i % LEVEL_COLOURS.length], stroke: "#333", class: "bar-now",
      "data-level": l.id, "data-gbp": String(now[i]) }));
    chart.append(svg("text", { x: x + w, y: bottom - Math.max(hWas, hNow) - 4,
      "text-anchor": "middle", class: "small" }, gbpM(now[i])));
    chart.append(svg("text", { x: x + w, y: bottom + 16, "text-anchor": "middle" }, l.id));
  });
  chart.append(svg("text", { x: left, y: 14, class: "small" },
    "grey: the scenario's own plan; colour: this what-if"));
  box.append(chart);
}

function renderPools(r) {
  const box = document.getElementById("pool-chart");
  box.replaceChildren();
  const was = {};
  for (const p of state.baseline.result.pools || []) was[p.id] = p.used_wte;
  const pools = (r.pools || []).filter((p) => p.used_wte !== null);
  const W = 520, rowH = 26, left = 120, H = 20 + rowH * pools.length;
  const top = Math.max(1, ...pools.map((p) => Math.max(p.used_wte, p.supply_wte || 0, was[p.id] || 0)));
  const chart = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
    "aria-label": "Skill pools: " + pools.map((p) => p.id + " " + fmt(p.used_wte, 0) + " of " +
      (p.supply_wte === null ? "unlimited" : fmt(p.supply_wte, 0))).join(", ") });
  const scale = (v) => left + (W - left - 60) * v / top;
  pools.forEach((p, i) => {
    const y = 10 + i * rowH;
    const over = p.supply_wte !== null && p.used_wte > p.supply_wte + 1e-6;
    chart.append(svg("text", { x: left - 6, y: y + 14, "text-anchor": "end" }, p.id));
    chart.append(svg("rect", { x: left, y: y + 3, width: scale(p.used_wte) - left, height: 14,
      fill: over ? "#b2182b" : "#2b8cbe" }));
    if (was[p.id] !== undefined && was[p.id] !== null) {
      chart.append(svg("line", { x1: scale(was[p.id]), x2: scale(was[p.id]), y1: y, y2: y + 20,
        stroke: "#777", "stroke-dasharray": "3 2" }));
    }
    if (p.supply_wte !== null) {
      chart.append(svg("line", { x1: scale(p.supply_wte), x2: scale(p.supply_wte), y1: y,
        y2: y + 20, stroke: "#000", "stroke-width": 2 }));
    }
    chart.append(svg("text", { x: W - 4, y: y + 14, "text-anchor": "end", class: "small" },
      fmt(p.used_wte, 0) + (p.supply_wte === null ? "" : " / " + fmt(p.supply_wte, 0))));
  });
  box.append(chart, el("p", { class: "note", text: "Bar: used; black line: supply; " +
    "dashed line: the scenario's own plan." }));
}

// CCG centroids, coloured by their unit at the chosen level (only with a geography).
function renderMap() {
  const m = state.model.map;
  const section = document.getElementById("map-section");
  if (!m) { section.hidden = true; return; }
  section.hidden = false;
  const select = document.getElementById("map-level");
  const levels = Object.keys(m.unit_of);
  if (select.options.length === 0) {
    options(select, levels.map((id) => [id, levelName(id)]), levels.includes("hub") ? "hub" : levels[0]);
    select.addEventListener("change", renderMap);
  }
  const of = m.unit_of[select.value] || [];
  const lat0 = 52.5 * Math.PI / 180, W = 420, H = 520;
  const xs = m.ccgs.map((c) => c.lon * Math.cos(lat0)), ys = m.ccgs.map((c) => c.lat);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.min((W - 20) / (x1 - x0), (H - 20) / (y1 - y0));
  const chart = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
    "aria-label": "Map of the CCGs by unit of " + levelName(select.value) });
  m.ccgs.forEach((c, i) => {
    const dot = svg("circle", { cx: 10 + (xs[i] - x0) * k, cy: H - 10 - (ys[i] - y0) * k,
      r: Math.max(2, Math.sqrt(c.pop) / 120), fill: UNIT_COLOURS[of[i] % UNIT_COLOURS.length],
      stroke: "#222", "stroke-width": 0.3 });
    dot.append(svg("title", {}, c.name));
    chart.append(dot);
  });
  document.getElementById("map").replaceChildren(chart);
}

// ---- why ----------------------------------------------------------------------------------

function renderWhy() {
  const body = document.getElementById("why-body");
  const why = state.current && state.current.why;
  if (!why) { body.replaceChildren(el("p", { class: "hint", text: "No plan, so no reasons." })); return; }
  const w = why.find((x) => x.function === state.selected) || why[0];
  const f = functionOf(w.function);
  const chosen = w.levels.find((l) => l.level === w.level);
  document.getElementById("why-title").textContent = "Why " + levelName(w.level) + " for " + f.name + "?";
  body.replaceChildren(whySentence(w, chosen), whyTable(w), whyTerms(w));
  renderPrice(state.prices && state.prices[w.function], w.function);
}

// The nearest feasible alternative and what makes the difference, largest terms first.
function whySentence(w, chosen) {
  const others = w.levels.filter((l) => l.level !== w.level);
  const feasible = others.filter((l) => l.feasible_alone).sort((a, b) => a.delta_gbp - b.delta_gbp);
  const blocked = others.filter((l) => !l.feasible_alone && l.delta_gbp < 0);
  const p = el("div", { class: "why-text" });
  if (feasible.length > 0) {
    const alt = feasible[0];
    const parts = state.model.criteria.map((c) => [c.name,
      alt.weighted_terms_gbp[c.id] - chosen.weighted_terms_gbp[c.id]])
      .filter(([, d]) => Math.abs(d) >= 500).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 4);
    p.append(el("p", { text: "Moving it alone to " + levelName(alt.level) + " would add " +
      money(alt.delta_gbp) + " a year to the weighted total" + (parts.length ? ": " +
      parts.map(([n, d]) => n + " " + signed(d, (x) => "£" + gbpK(x) + "k")).join("; ") : "") + "." }));
  } else {
    p.append(el("p", { text: "No other level is open to it on its own." }));
  }
  for (const b of blocked) {
    p.append(el("p", { class: "blocked", text: levelName(b.level) + " would be £" +
      gbpK(-b.delta_gbp) + "k a year cheaper (weighted) but breaks " +
      b.blocked_by.map(limitName).join(" and ") + "." }));
  }
  return p;
}

function limitName(b) {
  if (b === "lock") return "a lock";
  if (b === "budget") return "the budget";
  return "the supply of skill pool '" + b.slice(5) + "'";
}

function whyTable(w) {
  const rows = w.levels.map((l) => el("tr", { class: l.level === w.level ? "chosen" : "" },
    el("th", { scope: "row", text: levelName(l.level) }),
    el("td", { class: "num", text: gbpK(l.weighted_gbp) }),
    el("td", { class: "num", text: l.level === w.level ? "chosen" : signed(l.delta_gbp, gbpK) }),
    el("td", { class: "num", text: gbpK(l.running_gbp) }),
    el("td", { text: l.feasible_alone ? "yes" : "no: " + l.blocked_by.map(limitName).join(", ") })));
  return el("table", { class: "why-levels" },
    el("caption", { text: "Each level for this function, every other function where the plan puts it" }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Level" }),
      el("th", { scope: "col", class: "num", text: "Weighted £k" }),
      el("th", { scope: "col", class: "num", text: "Against chosen" }),
      el("th", { scope: "col", class: "num", text: "Running £k" }),
      el("th", { scope: "col", text: "Open alone?" }))), el("tbody", {}, ...rows));
}

function whyTerms(w) {
  const head = el("tr", {}, el("th", { scope: "col", text: "Criterion (weighted £k a year)" }),
    ...w.levels.map((l) => el("th", { scope: "col", class: "num" + (l.level === w.level ? " chosen" : ""),
      text: l.level })));
  const rows = state.model.criteria.map((c) => el("tr", {},
    el("th", { scope: "row", text: capital(c.name) }),
    ...w.levels.map((l) => el("td", { class: "num" + (l.level === w.level ? " chosen" : ""),
      text: gbpK(l.weighted_terms_gbp[c.id]) }))));
  return el("table", { class: "why-terms" }, el("thead", {}, head), el("tbody", {}, ...rows));
}

// What it would take to move the function: the plan's objective with the function forced to
// each level and everything else re-solved (its price), the margin to the next best, and
// whether the answer is fragile — from POST /api/why, shown once it has come.
function renderPrice(w, fid) {
  const slot = document.getElementById("price-slot");
  if (!w) { slot.hidden = true; slot.replaceChildren(); return; }
  slot.hidden = false;
  const head = el("tr", {}, el("th", { scope: "col", text: "Level" }),
    el("th", { scope: "col", class: "num", text: "Weighted total, £k a year" }),
    el("th", { scope: "col", class: "num", text: "Against this plan" }));
  const rows = w.levels.map((l) => el("tr", { class: l.price === "chosen" ? "chosen" : "" },
    el("th", { scope: "row", text: levelName(l.level) }),
    el("td", { class: "num", text: l.price_gbp === null || l.price_gbp === undefined ?
      priceWord(l.price) : gbpK(l.price_gbp) }),
    el("td", { class: "num", text: l.price === "chosen" ? "chosen" :
      (l.price === "plan" ? "+" + money(l.margin_gbp) : priceWord(l.price)) })));
  slot.replaceChildren(
    el("h3", { text: "What moving " + functionOf(fid).name + " would cost the whole plan" }),
    el("p", { class: w.fragile ? "fragile-note" : "", text: w.text }),
    el("table", { class: "price-table" }, el("thead", {}, head), el("tbody", {}, ...rows)),
    el("p", { class: "hint", text: "Each level's figure is the best plan with this function " +
      "forced there and every other function solved again." }));
}

// £ to the pound under £10,000, else in £k.
function money(x) {
  return Math.abs(x) < 10000 ? "£" + Math.round(x).toLocaleString("en-GB") : "£" + gbpK(x) + "k";
}

function priceWord(kind) {
  if (kind === "locked") return "locked out";
  if (kind === "infeasible") return "no plan";
  return "not solved";
}

// A "fragile" mark on the plan's rows once the prices are in.
function renderPlanMarks() {
  for (const row of document.querySelectorAll("#plan-table tbody tr[data-function]")) {
    const w = state.prices && state.prices[row.dataset.function];
    const cell = row.querySelector("td.level");
    for (const tag of cell.querySelectorAll(".fragile-tag")) tag.remove();
    if (w && w.fragile) {
      cell.append(el("span", { class: "fragile-tag", title: w.text, text: "fragile" }));
    }
  }
}

// ---- start --------------------------------------------------------------------------------

async function start() {
  try {
    const m = await (await fetch("api/model")).json();
    state.model = m;
    document.getElementById("subtitle").textContent = m.model.title + " — " + m.scenario.title;
    buildWeights(m);
    buildMoney(m);
    buildLevels(m);
    buildPools(m);
    buildFunctionControls(m);
    const base = await (await post("api/solve", {})).json();
    state.baseline = base;
    readUrl();
    syncControls();
    renderFunctionControls(document.getElementById("rating-function").value);
    document.getElementById("reset").addEventListener("click", reset);
    document.getElementById("download").addEventListener("click", download);
    document.getElementById("add-lock").addEventListener("click", () => setLocks([...locksNow(),
      { function: m.functions[0].id, level: m.levels[0].id, mode: "fix" }]));
    await solve();
  } catch (e) {
    setStatus("Could not start: " + e.message, "error");
  }
}

document.addEventListener("DOMContentLoaded", start);
