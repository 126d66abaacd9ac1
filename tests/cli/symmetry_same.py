#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""symmetry_same.py WITH.json WITHOUT.json: the same answer with the ordering rows and without.

The plan (each function's level and figures), objective, bound, gap, status, tie flag and
totals must be the same text in both files (the rows keep the tie rule's plan, docs/model.md
"Copies of a function"). Everything else must
have the same keys and strings, and numbers equal to 1e-12 relative to the objective: a why's
price is the exact objective of an optimal plan of a forced programme, which, without the
rows, may be one with two copies swapped, whose terms add up in another order (the last bits);
its count of solves is left out, since the rows spare solves.
"""
import json
import sys

EXACT = ("objective", "bound", "gap", "status", "tie_broken", "terms_gbp", "cost_total_gbp")


def plan(doc):
    """Each function's level and its own figures: everything of an assignment but its why."""
    return [{k: v for k, v in a.items() if k != "why"} for a in doc.get("assignments", [])]


def text(x):
    return json.dumps(x, sort_keys=True)


def near(a, b, path, scale, bad):
    if isinstance(a, dict) and isinstance(b, dict):
        if sorted(a) != sorted(b):
            bad.append(f"{path}: keys {sorted(set(a) ^ set(b))}")
            return
        for k in a:
            if k != "solves":
                near(a[k], b[k], f"{path}.{k}", scale, bad)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            bad.append(f"{path}: {len(a)} items against {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            near(x, y, f"{path}[{i}]", scale, bad)
    elif isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float))) or \
                abs(a - b) > 1e-12 * scale:
            bad.append(f"{path}: {a!r} against {b!r}")
    elif a != b:
        bad.append(f"{path}: {a!r} against {b!r}")


def main():
    with_rows, without = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
    bad = [f"{k}: differs" for k in EXACT if text(with_rows.get(k)) != text(without.get(k))]
    if text(plan(with_rows)) != text(plan(without)):
        bad.append("the plan differs")
    if "objective" not in with_rows:
        bad.append("no objective")
    near(with_rows, without, "", max(1.0, abs(with_rows.get("objective", 1.0))), bad)
    for line in bad[:10]:
        print(line, file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
