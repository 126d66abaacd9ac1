# SPDX-License-Identifier: MIT
"""Reads the CSV files one case of tests/cli/csv_test.sh wrote, as an analyst's tools would:
Python's csv module and, when it imports, pandas.read_csv with no options. Every file must
have one header line of unique names and records of exactly its width, no comment lines, and
numbers rounded as docs/formats.md "CSV outputs" says; the figures are checked against the
same run's JSON, which keeps full precision.

    csv_check.py CASE DIR   (DIR holds the case's outputs; see csv_test.sh)
"""
import csv
import json
import math
import os
import re
import sys

try:
    import pandas
except ImportError:  # python3-pandas is optional: the csv module's checks still run
    pandas = None

PENNY = re.compile(r"^-?\d+\.\d\d$")
TENTH = re.compile(r"^-?\d+\.\d$")
WHOLE = re.compile(r"^-?\d+$")


def read(path, first=None):
    """The rows of path as dicts, after the checks every CSV output must pass."""
    with open(path, newline="", encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    assert text.endswith("\n"), f"{path}: no newline at the end"
    assert not any(l.startswith("#") for l in lines), f"{path}: a comment line"
    assert "" not in lines[:-1], f"{path}: a blank line"
    table = list(csv.reader(text.splitlines()))
    header = table[0]
    assert len(set(header)) == len(header), f"{path}: repeated column names"
    if first is not None:
        assert header[: len(first)] == first, f"{path}: header {header[:len(first)]}"
    for i, row in enumerate(table[1:], start=2):
        assert len(row) == len(header), f"{path}:{i}: {len(row)} fields, header {len(header)}"
    if pandas is not None:
        frame = pandas.read_csv(path)
        assert list(frame.columns) == header, f"{path}: pandas reads other columns"
        assert len(frame) == len(table) - 1, f"{path}: pandas reads {len(frame)} rows"
    return [dict(zip(header, row)) for row in table[1:]]


def numeric_columns(path):
    """The columns pandas reads as numbers (None without pandas)."""
    if pandas is None:
        return None
    frame = pandas.read_csv(path)
    return {c for c in frame.columns if frame[c].dtype.kind in "if"}


def like(pattern, value, what):
    assert value == "" or pattern.match(value), f"{what}: '{value}' is not rounded as documented"


def close(text, exact, tolerance, what):
    assert abs(float(text) - exact) <= tolerance, f"{what}: {text} against {exact}"


def solve(d):
    plan = json.load(open(f"{d}/plan.json"))
    for name in ("plan.csv", "stdout.csv"):
        rows = read(f"{d}/{name}", ["function", "name", "category", "level", "units", "wte"])
        assert [r["function"] for r in rows] == [a["function"] for a in plan["assignments"]]
        for r, a in zip(rows, plan["assignments"]):
            like(PENNY, r["running_gbp"], "running_gbp")
            like(PENNY, r["running_gbp_per_head"], "running_gbp_per_head")
            like(TENTH, r["wte"], "wte")
            close(r["running_gbp"], a["cost_gbp"], 0.005, a["function"])
            close(r["wte"], a["wte"], 0.05, a["function"])
    assert open(f"{d}/stdout.csv").read() == open(f"{d}/plan.csv").read()
    (totals,) = read(f"{d}/plan.totals.csv", ["status", "objective_gbp", "bound_gbp", "gap"])
    assert totals["status"] == "optimal"
    close(totals["objective_gbp"], plan["objective"], 0.005, "objective")
    close(totals["cost_total_gbp"], plan["cost_total_gbp"], 0.005, "cost_total_gbp")
    close(totals["payback_years"], plan["payback_years"], 0.05, "payback_years")
    close(totals["t6_scale_gbp"], plan["terms_gbp"]["scale"], 0.005, "t6_scale_gbp")
    numbers = numeric_columns(f"{d}/plan.totals.csv")
    assert numbers is None or {"objective_gbp", "wte_total", "gap"} <= numbers, numbers
    prov = json.load(open(f"{d}/plan.provenance.json"))
    assert prov["model"] == plan["model"] and prov["scenario"] == plan["scenario"]
    assert re.match(r"^[0-9a-f]{16}$", prov["model_fnv1a64"]), prov
    assert "scenarios" not in prov, prov


def solve_infeasible(d):
    rows = read(f"{d}/plan.csv", ["status", "clash"])
    said = [l for l in open(f"{d}/stderr").read().splitlines() if "skill pool" in l]
    assert rows and [r["clash"] for r in rows] == said, (rows, said)
    assert all(r["status"] == "infeasible" for r in rows)
    (totals,) = read(f"{d}/plan.totals.csv", ["status", "objective_gbp"])
    assert totals["status"] == "infeasible" and totals["objective_gbp"] == "", totals
    assert totals["population"] != "" and totals["cost_total_gbp"] == "", totals


def sweep(d):
    doc = json.load(open(f"{d}/sweep.json"))
    rows = read(f"{d}/scenarios.csv", ["index", "sample"])
    assert len(rows) == len(doc["scenarios"]) > 0
    infeasible = 0
    for r, s in zip(rows, doc["scenarios"]):
        assert int(r["index"]) == s["index"] and r["status"] == s["status"]
        for k, w in s["weights"].items():
            close(r[f"weight.{k}"], w, 1e-5 * max(1, w), f"{r['index']} weight.{k}")
        if s["status"] != "optimal":
            infeasible += s["status"] == "infeasible"
            assert r["objective"] == "" and r["reason"] == s.get("reason", ""), r["index"]
            continue
        for key in ("objective", "cost_gbp", "setup_gbp"):
            like(PENNY, r[key], key)
        close(r["objective"], s["objective"], 0.005, r["index"])
        close(r["cost_per_head_gbp"], s["cost_per_head_gbp"], 0.005, r["index"])
        for f, cost in s["costs_gbp"].items():
            close(r[f"{f}_cost_gbp"], cost, 0.005, f"{r['index']} {f}")
    assert infeasible > 0, "the case needs infeasible scenarios"
    summary = read(f"{d}/summary.csv", ["function", "scenarios_with_plan", "share_local"])
    assert summary[-1]["function"] == "plan"
    for r, s in zip(summary, doc["summary"]):
        assert r["function"] == s["function"]
        for level, share in s.get("level_shares", {}).items():
            close(r[f"share_{level}"], share, 5e-6, f"{r['function']} share_{level}")
            assert len(r[f"share_{level}"].replace("0.", "").lstrip("0")) <= 6
        like(PENNY, r["cost_per_head_p50_gbp"], "cost_per_head_p50_gbp")
    reasons = read(f"{d}/infeasible.csv", ["reason", "scenarios", "share_of_scenarios"])
    assert [r["reason"] for r in reasons] == [x["reason"] for x in doc["infeasible"]["reasons"]]
    assert os.path.exists(f"{d}/robust.csv") == ("robust" in doc)
    if "robust" in doc:
        robust = read(f"{d}/robust.csv", ["plan", "optimal_in", "first_index", "feasible"])
        assert len(robust) == len(doc["robust"]["plans"]) > 0
        for r, p in zip(robust, doc["robust"]["plans"]):
            close(r["regret_max_gbp"], p["regret_max_gbp"], 0.005, f"plan {r['plan']}")
    numbers = numeric_columns(f"{d}/scenarios.csv")
    assert numbers is None or {"objective", "cost_gbp", "weight.scale"} <= numbers, numbers
    prov = json.load(open(f"{d}/provenance.json"))
    assert prov == doc["provenance"], prov


def size(d):
    doc = json.load(open(f"{d}/size.json"))
    rows = read(f"{d}/size.csv", ["units", "districting", "gap", "pop_min", "pop_max"])
    assert [int(r["units"]) for r in rows] == [p["units"] for p in doc["points"]]
    for r, p in zip(rows, doc["points"]):
        if "wte" not in p:
            continue
        like(WHOLE, r["pop_min"], "pop_min")
        like(TENTH, r["wte"], "wte")
        like(PENNY, r["scale_gbp"], "scale_gbp")
        close(r["weighted_per_head_gbp"], p["weighted_per_head_gbp"],
              1e-5 * abs(p["weighted_per_head_gbp"]), r["units"])
    assert sum(r["best"] == "1" for r in rows) == 1


def districts(d):
    rows = read(f"{d}/districts.csv", ["code", "name", "population", "lat", "lon", "unit"])
    assert rows and all(WHOLE.match(r["population"]) for r in rows)


if __name__ == "__main__":
    case, directory = sys.argv[1], sys.argv[2]
    globals()[case.replace("-", "_")](directory)
    print("pandas" if pandas is not None else "csv module only (no pandas)", file=sys.stderr)
