# SPDX-License-Identifier: MIT
"""Read a workbook footprint wrote back with openpyxl and hold it against the same run's
JSON (and CSV or HTML) output: the sheets and their order, each header row, every number a
number (never text) with its number format and the JSON's value, frozen panes, autofilters,
fitted columns, the level colours of the HTML report, and the provenance hashes recomputed
here from the input files.

    xlsx_check.py solve     BOOK.xlsx SOLVE.json REPORT.html MODEL SCENARIO
    xlsx_check.py sweep     BOOK.xlsx SWEEP.json MODEL SCENARIO
    xlsx_check.py size      BOOK.xlsx SIZE.json MODEL SCENARIO
    xlsx_check.py districts BOOK.xlsx PARTITION.json PARTITION.csv GEOGRAPHY

Exits 1 with the first difference on standard error.
"""
import csv
import json
import math
import re
import sys

import openpyxl

GBP, PENCE, COUNT, WHOLE = "£#,##0", "£#,##0.00", "#,##0", "0"
SHARE, GAP, TENTHS, RATIO, DEGREES = "0.0%", "0.00%", "#,##0.0", "0.000", "0.00000"
GENERAL = "General"

CRITERIA = ["local-knowledge", "visibility", "links", "scarcity", "min-team", "scale",
            "duplication", "development"]


class Mismatch(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Mismatch(what)


def close(a, b):
    """The workbook keeps 16 significant digits; the solve's JSON 12."""
    return math.isclose(a, b, rel_tol=1e-11, abs_tol=1e-9)


def fnv1a64(path):
    h = 0xcbf29ce484222325
    with open(path, "rb") as f:
        for byte in f.read():
            h = ((h ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def criterion_head(k, suffix):
    return CRITERIA[k].replace("-", " ") + suffix


# ---- sheets -----------------------------------------------------------------------------------

class Table:
    """A table sheet: its header row checked, its rows as cell lists."""

    def __init__(self, ws, heads, table=True):
        self.ws = ws
        got = [c.value for c in ws[1]]
        expect(got == heads, "sheet %r has header %r, expected %r" % (ws.title, got, heads))
        for c in ws[1]:
            expect(c.font.b, "%s!%s: header not bold" % (ws.title, c.coordinate))
        expect(ws.freeze_panes == ("B2" if table else "A2"),
               "sheet %r: frozen at %r" % (ws.title, ws.freeze_panes))
        last = "%s%d" % (openpyxl.utils.get_column_letter(len(heads)), ws.max_row)
        want = ("A1:" + last) if table else None
        expect(ws.auto_filter.ref == want,
               "sheet %r: autofilter %r, expected %r" % (ws.title, ws.auto_filter.ref, want))
        self.rows = [list(r) for r in ws.iter_rows(min_row=2)]
        self.col = {h: i for i, h in enumerate(heads)}
        check_widths(ws)

    def cell(self, r, head):
        return self.rows[r][self.col[head]]


def check_widths(ws):
    """Every column that holds something has a width, wide enough for its texts (up to the
    cap on long names) and for each number's digits."""
    for col in ws.iter_cols(min_row=2):
        if not col:  # a table with no rows
            return
        letter = col[0].column_letter
        values = [c.value for c in col if c.value is not None]
        if not values:
            continue
        dim = ws.column_dimensions[letter]
        expect(dim.width is not None and dim.width > 0, "%s!%s: no width" % (ws.title, letter))
        texts = [len(v) for v in values if isinstance(v, str)]
        numbers = [len("%.0f" % abs(v)) for v in values if not isinstance(v, str)]
        need = max(texts + numbers)
        expect(dim.width >= min(need, 60), "%s!%s: width %.1f for cells of %d characters"
               % (ws.title, letter, dim.width, need))


def number(cell, fmt, value=None):
    """A real number with this format (and value); None for an empty cell."""
    where = "%s!%s" % (cell.parent.title, cell.coordinate)
    if value is None:
        expect(cell.value is None, "%s: %r, expected empty" % (where, cell.value))
        return None
    expect(cell.data_type == "n" and isinstance(cell.value, (int, float))
           and not isinstance(cell.value, bool), "%s: %r is not a number" % (where, cell.value))
    expect(cell.number_format == fmt,
           "%s: format %r, expected %r" % (where, cell.number_format, fmt))
    expect(close(cell.value, value), "%s: %r, expected %r" % (where, cell.value, value))
    return cell.value


def text(cell, value):
    where = "%s!%s" % (cell.parent.title, cell.coordinate)
    expect(cell.value == value, "%s: %r, expected %r" % (where, cell.value, value))


def facts(ws):
    """A facts sheet as {quantity: cell}, its header checked."""
    t = Table(ws, ["quantity", "value"], table=False)
    out = {}
    for row in t.rows:
        out.setdefault(row[0].value, row[1])
    return out


def rgb(hex_colour):
    return "FF" + hex_colour.lstrip("#").upper()


def dark(hex_colour):
    r, g, b = (int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5


def level_cell(cell, level, colours):
    """A level's id, filled with its colour, in white on the dark ones."""
    text(cell, level)
    if colours is None:
        expect(cell.fill.fill_type == "solid", "%s: level not filled" % cell.coordinate)
        return cell.fill.fgColor.rgb
    want = colours[level]
    expect(cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == rgb(want),
           "%s!%s: level %s filled %r, expected %s as in the HTML report"
           % (cell.parent.title, cell.coordinate, level, cell.fill.fgColor.rgb, want))
    white = cell.font.color is not None and cell.font.color.rgb == "FFFFFFFF"
    expect(white == dark(want), "%s!%s: %s text on %s"
           % (cell.parent.title, cell.coordinate, "white" if white else "dark", want))
    return cell.fill.fgColor.rgb


def provenance(book, command, inputs):
    p = facts(book["provenance"])
    text(p["command"], command)
    for name, path in inputs:
        text(p[name + " fnv1a64"], fnv1a64(path))
    for name in ("footprint", "GLPK", "libxlsxwriter"):
        expect(isinstance(p[name].value, str) and re.match(r"^\d+\.\d+", p[name].value),
               "provenance: %s version %r" % (name, p[name].value))
    return p


def sheets(book, names):
    expect(book.sheetnames == names, "sheets %r, expected %r" % (book.sheetnames, names))


# ---- solve --------------------------------------------------------------------------------------

PLAN_HEADS = ["function", "name", "category", "level", "units", "WTE", "running cost, £ a year",
              "set-up, £", "running cost, £ a head a year"]


def html_level_colours(path):
    page = open(path, encoding="utf-8").read()
    found = re.findall(r'<span class="swatch" style="background:(#[0-9a-f]{6})"></span>([^<\s]+)',
                       page)
    return dict((level, colour) for colour, level in found)


def check_plan(book, d, colours):
    t = Table(book["plan"], PLAN_HEADS)
    plan = d.get("assignments", [])
    expect(len(t.rows) == len(plan), "plan has %d rows, expected %d" % (len(t.rows), len(plan)))
    for r, a in enumerate(plan):
        for head, key in (("function", "function"), ("name", "name"), ("category", "category")):
            text(t.cell(r, head), a[key])
        level_cell(t.cell(r, "level"), a["level"], colours)
        number(t.cell(r, "units"), COUNT, a["units"])
        number(t.cell(r, "WTE"), TENTHS, a["wte"])
        number(t.cell(r, "running cost, £ a year"), GBP, a["cost_gbp"])
        number(t.cell(r, "set-up, £"), GBP, a["setup_gbp"])
        number(t.cell(r, "running cost, £ a head a year"), PENCE, a["cost_per_head_gbp"])
    heads = ["function", "level"] + [criterion_head(k, ", £ a year") for k in range(8)]
    moved = "transition" in d
    heads += ["transition, £ a year", "transition, £ once", "current level"] if moved else []
    t = Table(book["terms"], heads)
    expect(len(t.rows) == len(plan), "terms: one row per function")
    for r, a in enumerate(plan):
        text(t.cell(r, "function"), a["function"])
        level_cell(t.cell(r, "level"), a["level"], colours)
        for k in range(8):
            number(t.rows[r][2 + k], GBP, a["terms_gbp"][CRITERIA[k]])
        if moved:
            number(t.cell(r, "transition, £ a year"), GBP, a["transition"]["annual_gbp"])
            number(t.cell(r, "transition, £ once"), GBP, a["transition"]["once_gbp"])
            level_cell(t.cell(r, "current level"), a["transition"]["current_level"], colours)


WHY_HEADS = ["function", "level", "next best level", "margin, £ a year",
             "margin, share of the objective", "fragile", "fragile by its margin", "tied",
             "weight that moves it", "moves at weight", "moves to level", "held by",
             "its terms would take it to", "held from saving, £ a year", "why"]


def yes(b):
    return "yes" if b else "no"


def level_or_empty(cell, level, colours):
    if level is None:
        expect(cell.value is None, "%s!%s: a level where none is" % (cell.parent.title,
                                                                   cell.coordinate))
    else:
        level_cell(cell, level, colours)


def check_why(book, d, colours):
    t = Table(book["why"], WHY_HEADS)
    plan = d["assignments"]
    expect(len(t.rows) == len(plan), "why: one row per function")
    for r, a in enumerate(plan):
        w = a["why"]
        text(t.cell(r, "function"), a["function"])
        level_cell(t.cell(r, "level"), a["level"], colours)
        level_or_empty(t.cell(r, "next best level"), w["next_best"], colours)
        number(t.cell(r, "margin, £ a year"), GBP, w["margin_gbp"])
        number(t.cell(r, "margin, share of the objective"), GAP, w["margin_share"])
        text(t.cell(r, "fragile"), yes(w["fragile"]))
        text(t.cell(r, "fragile by its margin"), yes("margin" in w["fragile_because"]))
        text(t.cell(r, "tied"), yes(w["tied"]))
        wc = w["weight_change"] or {}
        text(t.cell(r, "weight that moves it"), wc.get("criterion"))
        number(t.cell(r, "moves at weight"), RATIO, wc.get("weight"))
        level_or_empty(t.cell(r, "moves to level"), wc.get("level"), colours)
        held = w["held"] or {}
        by = held.get("by")
        text(t.cell(r, "held by"), "pool:" + held["pool"] if by == "pool" else by)
        level_or_empty(t.cell(r, "its terms would take it to"), held.get("level"), colours)
        number(t.cell(r, "held from saving, £ a year"), GBP, held.get("gain_gbp"))
        text(t.cell(r, "why"), w["text"])
    heads = ["function", "level", "price", "price, £ a year", "more than the plan, £ a year",
             "its part of the objective, £ a year", "if it alone moved here, £ a year"]
    heads += [criterion_head(k, ", £ a year") for k in range(8)]
    heads += ["transition, £ a year"] if "transition" in d else []
    heads += ["what blocks it"]
    t = Table(book["prices"], heads)
    cells = [(a["function"], c) for a in plan for c in a["why"]["levels"]]
    expect(len(t.rows) == len(cells), "prices: one row per function and level")
    for r, (f, c) in enumerate(cells):
        text(t.cell(r, "function"), f)
        level_cell(t.cell(r, "level"), c["level"], colours)
        text(t.cell(r, "price"), c["price"])
        number(t.cell(r, "price, £ a year"), GBP, c["price_gbp"])
        number(t.cell(r, "more than the plan, £ a year"), GBP, c["margin_gbp"])
        number(t.rows[r][5], GBP, c["own_gbp"])
        number(t.rows[r][6], GBP, c["move_gbp"])
        for k in range(8):
            number(t.rows[r][7 + k], GBP, c["terms_gbp"][CRITERIA[k]])
        if "transition" in d:
            number(t.cell(r, "transition, £ a year"), GBP, c["terms_gbp"]["transition"])
        text(t.cell(r, "what blocks it"), c.get("blocked_by"))


def check_levels(book, d, colours):
    heads = ["level", "name", "units", "people per unit", "remoteness (0 local – 1 national)",
             "spread of customers (0 – 1)"]
    geo = "grouping" in d["levels"][0]
    if geo:
        heads += ["grouping", "mean distance to the unit's centre, km", "CCGs per unit"]
    t = Table(book["levels"], heads)
    expect(len(t.rows) == len(d["levels"]), "levels: one row per level")
    for r, lv in enumerate(d["levels"]):
        level_cell(t.cell(r, "level"), lv["id"], colours)
        text(t.cell(r, "name"), lv["name"])
        number(t.cell(r, "units"), COUNT, lv["units"])
        number(t.cell(r, "people per unit"), COUNT, lv["unit_population"])
        number(t.rows[r][4], RATIO, lv["remoteness"])
        number(t.rows[r][5], RATIO, lv["spread"])
        if geo:
            text(t.cell(r, "grouping"), lv["grouping"])
            number(t.rows[r][7], TENTHS, lv["distance_km"])
            number(t.rows[r][8], TENTHS, lv["customers"])
    if not geo:
        return
    t = Table(book["real units"], ["level", "unit", "centre", "people", "CCGs",
                                   "mean distance to the centre, km"])
    units = [(lv["id"], u) for lv in d["levels"] for u in lv["real_units"]]
    expect(len(t.rows) == len(units), "real units: one row per unit")
    for r, (level, u) in enumerate(units):
        level_cell(t.cell(r, "level"), level, colours)
        text(t.cell(r, "unit"), u["label"])
        text(t.cell(r, "centre"), u["centre"])
        number(t.cell(r, "people"), COUNT, u["population"])
        number(t.cell(r, "CCGs"), COUNT, u["ccgs"])
        number(t.rows[r][5], TENTHS, u["mean_km"])


def check_pools(book, d):
    heads = ["pool", "name", "scarce WTE used", "supply, WTE (empty: unlimited)",
             "share of supply used", "premium, £ a year per scarce WTE"]
    t = Table(book["pools"], heads)
    expect(len(t.rows) == len(d["pools"]), "pools: one row per pool")
    for r, p in enumerate(d["pools"]):
        text(t.cell(r, "pool"), p["id"])
        used = number(t.rows[r][2], TENTHS, p["used_wte"])
        supply = number(t.rows[r][3], TENTHS, p["supply_wte"])
        share = used / supply if used is not None and supply else None
        number(t.rows[r][4], SHARE, share)
        number(t.rows[r][5], GBP, p["premium_gbp"])


def check_totals(book, d):
    f = facts(book["totals"])
    text(f["status"], d["status"])
    number(f["objective, £ a year"], GBP, d["objective"])
    number(f["bound, £ a year"], GBP, d["bound"])
    number(f["gap"], GAP, d["gap"])
    text(f["tie broken by the documented rule"], "yes" if d["tie_broken"] else "no")
    number(f["population"], COUNT, d["population"])
    number(f["allowance, £ a head a year"], PENCE, d["allowance_per_head_gbp"])
    number(f["commissioning support envelope, £ a year"], GBP, d["envelope_gbp"])
    if "assignments" not in d:
        expect("running cost, £ a year" not in f, "totals of a plan that does not exist")
        return
    number(f["running cost, £ a year"], GBP, d["cost_total_gbp"])
    number(f["running cost, £ a head a year"], PENCE, d["cost_per_head_gbp"])
    number(f["share of the envelope used"], SHARE, d["cost_total_gbp"] / d["envelope_gbp"])
    number(f["set-up investment, £"], GBP, d["setup_total_gbp"])
    number(f["running cost of the all-local plan, £ a year"], GBP, d["all_local_cost_gbp"])
    tr = d.get("transition")
    if tr is not None:
        number(f["transition from the current footprint, £ once"], GBP, tr["once_gbp"])
        number(f["transition term, £ a year"], GBP, tr["annual_gbp"])
        number(f["running cost of the current footprint, £ a year"], GBP, tr["current_cost_gbp"])
    against = "the all-local plan" if tr is None or tr["payback_against"] == "all-local" \
        else "the current footprint"
    number(f["payback against %s, years" % against], TENTHS, d["payback_years"])
    number(f["WTE"], TENTHS, d["wte_total"])
    for k in CRITERIA:
        number(f[k + " term, £ a year"], GBP, d["terms_gbp"][k])


def check_stability(book, d, colours):
    heads = ["criterion", "base weight", "status", "plan unchanged from weight",
             "plan unchanged to weight", "plan changes below", "plan changes above",
             "first to move below", "to level", "at weight", "first to move above", "to level",
             "at weight"]
    t = Table(book["stability"], heads)
    st = d["stability"]
    expect([r[0].value for r in t.rows] == CRITERIA, "stability: one row per criterion")
    for r, k in enumerate(CRITERIA):
        c = st[k]
        number(t.cell(r, "base weight"), RATIO, c["base"])
        text(t.cell(r, "status"), c["status"])
        if c["status"] != "ok":
            continue
        number(t.rows[r][3], RATIO, c["plan_lo"])
        number(t.rows[r][4], RATIO, c["plan_hi"])
        text(t.rows[r][5], "yes" if c["changes_below"] else "no")
        text(t.rows[r][6], "yes" if c["changes_above"] else "no")
    heads = ["criterion", "function", "moves below at weight", "to level",
             "moves above at weight", "to level"]
    t = Table(book["stability by function"], heads)
    want = [(k, f, v) for k in CRITERIA if st[k]["status"] == "ok"
            for f, v in st[k]["functions"].items()]
    expect(len(t.rows) == len(want), "stability by function: one row per criterion and function")
    by_key = {(r[0].value, r[1].value): r for r in t.rows}
    for k, f, v in want:
        row = by_key[(k, f)]
        for i, side in ((2, "below"), (4, "above")):
            number(row[i], RATIO, v[side]["weight"])
            if v[side]["level"] is None:
                expect(row[i + 1].value is None, "stability: a level where nothing moves")
            else:
                level_cell(row[i + 1], v[side]["level"], colours)


def check_solve(book_path, json_path, html_path, model, scenario):
    book = openpyxl.load_workbook(book_path)
    d = json.load(open(json_path))
    colours = html_level_colours(html_path)
    why = "why" in d
    names = ["plan", "terms"] + (["why", "prices"] if why else []) + ["levels"]
    names += ["real units"] if "grouping" in d["levels"][0] else []
    names += ["pools", "totals"]
    names += ["stability", "stability by function"] if "stability" in d else []
    names += ["clashes"] if d["status"] == "infeasible" else []
    sheets(book, names + ["provenance"])
    levels = {lv["id"] for lv in d["levels"]}
    expect(levels <= set(colours), "the HTML report shows no colour for %r" % levels)
    check_plan(book, d, colours)
    if why:
        check_why(book, d, colours)
    check_levels(book, d, colours)
    check_pools(book, d)
    check_totals(book, d)
    if "stability" in d:
        check_stability(book, d, colours)
    if d["status"] == "infeasible":
        t = Table(book["clashes"], ["why no plan meets the scenario"])
        expect([r[0].value for r in t.rows] == d["clashes"], "clashes differ from the JSON's")
    p = provenance(book, "solve", [("model", model), ("scenario", scenario)])
    text(p["model"], d["model"])
    text(p["scenario"], d["scenario"])
    text(p["GLPK"], d["solver"])


# ---- sweep ----------------------------------------------------------------------------------------

def scenario_heads(d, book):
    first = d["scenarios"][0]
    functions = [s["function"] for s in d["summary"] if s["function"] != "plan"]
    heads = ["index", "sample"] + list(first["axes"])
    heads += [criterion_head(k, " weight") for k in range(8)]
    heads += ["population", "status", "message", "objective, £ a year", "gap", "tie broken",
              "running cost, £ a year", "running cost, £ a head a year", "set-up, £"]
    heads += functions + [f + ", £ a year" for f in functions]
    return heads + ["why infeasible", "why infeasible, in words"], functions


def check_scenario(t, r, s, functions, fills):
    number(t.cell(r, "index"), WHOLE, s["index"])
    number(t.cell(r, "sample"), WHOLE, s["sample"])
    for axis, v in s["axes"].items():
        number(t.cell(r, axis), GENERAL, v)
    for k in range(8):
        number(t.cell(r, criterion_head(k, " weight")), RATIO, s["weights"][CRITERIA[k]])
    number(t.cell(r, "population"), COUNT, s["population"])
    text(t.cell(r, "status"), s["status"])
    text(t.cell(r, "message"), s.get("message"))
    plan = "levels" in s
    number(t.cell(r, "objective, £ a year"), GBP, s.get("objective"))
    number(t.cell(r, "gap"), GAP, s.get("gap"))
    text(t.cell(r, "tie broken"), ("yes" if s["tie_broken"] else "no") if plan else None)
    number(t.cell(r, "running cost, £ a year"), GBP, s.get("cost_gbp"))
    number(t.cell(r, "running cost, £ a head a year"), PENCE, s.get("cost_per_head_gbp"))
    number(t.cell(r, "set-up, £"), GBP, s.get("setup_gbp"))
    for f in functions:
        if not plan:
            expect(t.cell(r, f).value is None, "a level without a plan")
            continue
        level = s["levels"][f]
        fill = level_cell(t.cell(r, f), level, None)
        expect(fills.setdefault(level, fill) == fill, "level %s in two colours" % level)
        number(t.cell(r, f + ", £ a year"), GBP, s["costs_gbp"][f])
    text(t.cell(r, "why infeasible"), s.get("reason"))
    words = s.get("explanation")
    text(t.cell(r, "why infeasible, in words"), "; ".join(words) if words else None)


def check_robust(book, robust, functions, fills):
    heads = ["plan", "recommended", "optimal in, scenarios", "first scenario",
             "feasible in, scenarios", "feasible share", "expected objective, £ a year",
             "worst-case regret, £ a year", "90th-percentile regret, £ a year"] + functions
    t = Table(book["robust plans"], heads)
    expect(len(t.rows) == len(robust["plans"]), "robust plans: one row per plan evaluated")
    for r, p in enumerate(robust["plans"]):
        number(t.cell(r, "plan"), WHOLE, p["plan"])
        mark = t.cell(r, "recommended")
        text(mark, p["recommended"] or None)
        expect(not p["recommended"] or (mark.font.b and mark.fill.fill_type == "solid"),
               "robust plans: a recommended plan is not marked")
        number(t.cell(r, "optimal in, scenarios"), COUNT, p["optimal_in"])
        number(t.cell(r, "first scenario"), WHOLE, p["first_index"])
        number(t.cell(r, "feasible in, scenarios"), COUNT, p["feasible"])
        number(t.cell(r, "feasible share"), SHARE, p["feasible_share"])
        number(t.cell(r, "expected objective, £ a year"), GBP, p["expected_objective_gbp"])
        number(t.cell(r, "worst-case regret, £ a year"), GBP, p["regret_max_gbp"])
        number(t.cell(r, "90th-percentile regret, £ a year"), GBP, p["regret_p90_gbp"])
        for f in functions:
            fill = level_cell(t.cell(r, f), p["levels"][f], None)
            expect(fills.setdefault(p["levels"][f], fill) == fill, "a level in two colours")


def check_sweep(book_path, json_path, model, scenario):
    book = openpyxl.load_workbook(book_path)
    d = json.load(open(json_path))
    robust = d.get("robust")
    sheets(book, ["scenarios", "acceptability", "infeasible"]
           + (["robust plans"] if robust else []) + ["totals", "provenance"])
    heads, functions = scenario_heads(d, book)
    t = Table(book["scenarios"], heads)
    expect(len(t.rows) == len(d["scenarios"]), "scenarios: one row per scenario")
    fills = {}
    for r, s in enumerate(d["scenarios"]):
        check_scenario(t, r, s, functions, fills)
    summary = [s for s in d["summary"] if s["function"] != "plan"]
    levels = list(summary[0]["level_shares"])
    pct = list(summary[0]["cost_per_head_gbp"])
    heads = ["function", "scenarios with a plan"] + ["share at " + lv for lv in levels]
    heads += ["running cost %s, £ a head a year" % p for p in pct]
    t = Table(book["acceptability"], heads)
    expect(len(t.rows) == len(summary), "acceptability: one row per function")
    for i, lv in enumerate(levels):  # the share columns wear their level's colour
        head = t.ws.cell(row=1, column=3 + i)
        expect(lv not in fills or head.fill.fgColor.rgb == fills[lv],
               "acceptability: the header of %s is not its level's colour" % lv)
    for r, s in enumerate(summary):
        text(t.cell(r, "function"), s["function"])
        number(t.cell(r, "scenarios with a plan"), COUNT, s["scenarios_with_plan"])
        for lv in levels:
            number(t.cell(r, "share at " + lv), SHARE, s["level_shares"][lv])
        for p in pct:
            number(t.cell(r, "running cost %s, £ a head a year" % p), PENCE,
                   s["cost_per_head_gbp"][p])
    t = Table(book["infeasible"], ["why infeasible", "scenarios", "share of the scenarios",
                                   "first scenario"])
    reasons = d["infeasible"]["reasons"]
    expect(len(t.rows) == len(reasons), "infeasible: one row per reason")
    for r, why in enumerate(reasons):
        text(t.cell(r, "why infeasible"), why["reason"])
        number(t.cell(r, "scenarios"), COUNT, why["scenarios"])
        number(t.cell(r, "share of the scenarios"), SHARE, why["share"])
        number(t.cell(r, "first scenario"), WHOLE, why["first_index"])
    if robust:
        check_robust(book, robust, functions, fills)
    plan = [s for s in d["summary"] if s["function"] == "plan"][0]
    f = facts(book["totals"])
    number(f["scenarios in the sweep"], COUNT, d["provenance"]["scenarios"])
    number(f["scenarios written"], COUNT, len(d["scenarios"]))
    number(f["with a plan"], COUNT, plan["scenarios_with_plan"])
    number(f["infeasible"], COUNT, d["infeasible"]["scenarios"])
    number(f["in error"], COUNT, sum(s["status"] == "error" for s in d["scenarios"]))
    for p in pct:
        number(f["running cost %s, £ a head a year" % p], PENCE, plan["cost_per_head_gbp"][p])
    p = provenance(book, "sweep", [("model", model), ("scenario", scenario)])
    prov = d["provenance"]
    for key, name in (("model_fnv1a64", "model fnv1a64"), ("scenario_fnv1a64", "scenario fnv1a64"),
                      ("footprint", "footprint"), ("glpk", "GLPK"), ("model", "model"),
                      ("scenario", "scenario")):
        text(p[name], prov[key])
    number(p["scenarios"], COUNT, prov["scenarios"])
    number(p["mip gap"], GENERAL, prov["mip_gap"])


# ---- size and districts ---------------------------------------------------------------------------

SIZING_HEADS = ["units", "districting", "gap", "smallest unit, people", "largest unit, people",
                "mean distance to the unit's centre, km", "remoteness (0 local – 1 national)",
                "spread of customers (0 – 1)", "WTE", "cost, £ a head a year",
                "penalty, £ a head a year", "weighted total, £ a head a year",
                "least weighted total"] + [criterion_head(k, ", £ a year") for k in range(8)]
UNITS_HEADS = ["unit", "centre", "centre name", "CCGs", "population",
               "mean distance to the centre, km", "farthest CCG from the centre, km"]
CCGS_HEADS = ["code", "name", "population", "latitude", "longitude", "unit", "centre",
              "centre name", "distance to the centre, km", "unit population"]


def check_units(ws, units):
    t = Table(ws, UNITS_HEADS)
    expect(len(t.rows) == len(units), "%s: one row per unit" % ws.title)
    for r, u in enumerate(units):
        number(t.cell(r, "unit"), WHOLE, u["unit"])
        text(t.cell(r, "centre"), u["centre"])
        text(t.cell(r, "centre name"), u["centre_name"])
        number(t.cell(r, "CCGs"), COUNT, len(u["members"]))
        number(t.cell(r, "population"), COUNT, u["population"])
        number(t.rows[r][5], TENTHS, u["mean_km"])
        number(t.rows[r][6], TENTHS, u["max_km"])


def check_size(book_path, json_path, table_path, model, scenario):
    book = openpyxl.load_workbook(book_path)
    d = json.load(open(json_path))
    best = d["best_units"] is not None
    sheets(book, ["sizing", "summary"] + (["best units", "best CCGs"] if best else [])
           + ["provenance"])
    f = facts(book["summary"])
    text(f["the plan placing the other functions"], d["plan"])
    if best:
        pt = [p for p in d["points"] if p["best"]][0]
        number(f["least weighted total at, units"], COUNT, d["best_units"])
        number(f["weighted total, £ a head a year"], PENCE, pt["weighted_per_head_gbp"])
        number(f["cost, £ a head a year"], PENCE, pt["cost_per_head_gbp"])
        number(f["penalty, £ a head a year"], PENCE, pt["penalty_per_head_gbp"])
    # the note the table closes with, when the least total sits at an edge of the range
    last = open(table_path, encoding="utf-8").read().rstrip("\n").split("\n")[-1]
    edge = last.startswith("The least weighted total is at")
    expect(edge == ("note" in f), "summary: the edge note is %s" % ("missing" if edge else
                                                                     "there without one"))
    if edge:
        text(f["note"], last)
    t = Table(book["sizing"], SIZING_HEADS)
    expect(len(t.rows) == len(d["points"]), "sizing: one row per number of units")
    for r, pt in enumerate(d["points"]):
        number(t.cell(r, "units"), WHOLE, pt["units"])
        text(t.cell(r, "districting"), pt["districting"])
        text(t.cell(r, "least weighted total"), "best" if pt["best"] else None)
        if "wte" not in pt:
            expect(all(c.value is None for c in t.rows[r][2:]), "a K without units has figures")
            continue
        for i, (key, fmt) in enumerate((("gap", GAP), ("pop_min", COUNT), ("pop_max", COUNT),
                                        ("distance_km", TENTHS), ("remoteness", RATIO),
                                        ("spread", RATIO), ("wte", TENTHS),
                                        ("cost_per_head_gbp", PENCE),
                                        ("penalty_per_head_gbp", PENCE),
                                        ("weighted_per_head_gbp", PENCE))):
            number(t.rows[r][2 + i], fmt, pt[key])
        for k in range(8):
            number(t.rows[r][13 + k], GBP, pt["terms_gbp"][CRITERIA[k]])
        if pt["best"]:
            mark = t.cell(r, "least weighted total")
            expect(mark.font.b and mark.fill.fill_type == "solid", "the best row is not marked")
    if best:
        units = book["best units"]
        t = Table(units, UNITS_HEADS)
        expect(len(t.rows) == d["best_units"], "best units: one row per unit of the best K")
    p = provenance(book, "size", [("model", model), ("scenario", scenario)])
    text(p["function"], d["function"])
    text(p["level districted"], d["level"])
    number(p["tolerance"], GENERAL, d["tolerance"])


def check_districts(book_path, json_path, csv_path, geography):
    book = openpyxl.load_workbook(book_path)
    d = json.load(open(json_path))
    rows = list(csv.DictReader(open(csv_path, encoding="utf-8")))
    sheets(book, ["units", "CCGs", "summary", "provenance"])
    check_units(book["units"], d.get("units", []))
    t = Table(book["CCGs"], CCGS_HEADS)
    expect(len(t.rows) == len(rows), "CCGs: one row per CCG of the CSV")
    dist = {c["code"]: c["distance_km"] for c in d.get("ccgs", [])}
    for r, c in enumerate(rows):
        for head, key in (("code", "code"), ("name", "name"), ("centre", "centre"),
                          ("centre name", "centre_name")):
            text(t.cell(r, head), c[key])
        number(t.cell(r, "population"), COUNT, float(c["population"]))
        number(t.cell(r, "unit"), WHOLE, int(c["unit"]))
        number(t.cell(r, "unit population"), COUNT, float(c["unit_population"]))
        # the CSV rounds these; the JSON has the distance in full
        expect(abs(t.cell(r, "latitude").value - float(c["lat"])) <= 5e-6, "latitude differs")
        expect(abs(t.cell(r, "longitude").value - float(c["lon"])) <= 5e-6, "longitude differs")
        number(t.cell(r, "latitude"), DEGREES, t.cell(r, "latitude").value)
        number(t.cell(r, "distance to the centre, km"), TENTHS, dist[c["code"]])
    f = facts(book["summary"])
    text(f["status"], d["status"])
    number(f["units"], COUNT, d["n_units"])
    number(f["target population"], COUNT, d["target_population"])
    number(f["objective, person-km"], COUNT, d.get("objective_person_km"))
    number(f["gap"], GAP, d.get("gap"))
    p = provenance(book, "districts", [("geography", geography)])


def main(argv):
    kinds = {"solve": check_solve, "sweep": check_sweep, "size": check_size,
             "districts": check_districts}
    try:
        kinds[argv[1]](*argv[2:])
    except Mismatch as e:
        print("xlsx_check: " + str(e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
