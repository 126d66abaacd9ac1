#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The pipeline order of solver/, checked (docs/architecture.md "Layers").

Every file of solver/ belongs to one layer, by its folder (a public header by its name). A
file may include only headers of its own layer or of layers before it, a public header only
public headers, and none of them a GLPK, libxml2 or Jansson header. Given the built static
libraries (libfootprint.a, and libfootprint_serve.a of serve/), the same order is checked on
what their object files call (an extern declaration cannot hide an upward call), and the
object files must not call each other in a cycle. Prints every violation as file: what is
wrong, and exits 1 when there is any.

    check_layers.py SOLVER_DIR [LIBRARY.a ...]
"""
import os
import re
import subprocess
import sys

LAYERS = ["base", "model", "geo", "load", "appraise", "mip", "districts", "run", "report",
          "html", "serve", "cli"]

# Public headers (solver/include/footprint/NAME.h) by the layer that implements them.
PUBLIC = {
    "error": "base", "progress": "base", "model": "model", "scenario": "model", "variant": "model",
    "geography": "geo", "load": "load", "appraise": "appraise", "solution": "mip",
    "solve": "mip", "districts": "districts", "sweep": "run", "stability": "run",
    "sizing": "run", "why": "run", "robust": "run", "report": "report", "diff": "report",
    "footprint": "report",
}

# Files CMake generates into the build tree, by the layer that reads them: the XSDs compiled
# in (the loaders), England's outline (the maps) and the page of footprint serve.
EMBEDDED = {"fpt_model_xsd": "load", "fpt_scenario_xsd": "load", "fpt_england_outline_csv": "geo",
            "fpt_serve_page_html": "serve",
            "fpt_serve_page_css": "serve", "fpt_serve_page_js": "serve"}

FOREIGN = re.compile(r"^(glpk\.h|libxml/|jansson\.h|omp\.h|mpi\.h|xlsxwriter)")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def layer_of(rel):
    """The layer of a path relative to solver/, or None for a file outside every layer."""
    parts = rel.split("/")
    if parts[0] == "include":
        return PUBLIC.get(os.path.splitext(parts[-1])[0])
    if parts[0] == "geo" and len(parts) > 2 and parts[1] == "districts":
        return "districts"
    if parts[0] == "report" and len(parts) > 2 and parts[1] == "html":
        return "html"
    return parts[0] if parts[0] in LAYERS else None


def header_path(solver, name):
    """Where an include "name" resolves: the public directory first, then solver/."""
    for base in (os.path.join(solver, "include"), solver):
        if os.path.exists(os.path.join(base, name)):
            return os.path.relpath(os.path.join(base, name), solver)
    return None


def check_includes(solver):
    problems = []
    for root, _, files in os.walk(solver):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, solver)
            mine = layer_of(rel)
            if mine is None:
                problems.append(f"{rel}: in no layer (add its folder to {LAYERS})")
                continue
            public = rel.startswith("include/")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for kind, target in INCLUDE.findall(text):
                if kind == "<":
                    if public and FOREIGN.match(target):
                        problems.append(f"{rel}: public header includes <{target}>")
                    continue
                found = header_path(solver, target)
                if found is None and os.path.exists(os.path.join(root, target)):
                    found = os.path.relpath(os.path.join(root, target), solver)
                if found is None:
                    problems.append(f'{rel}: includes "{target}", which is no header of '
                                    f"solver/ (name it from solver/ or solver/include/)")
                    continue
                theirs = layer_of(found)
                if public and not found.startswith("include/"):
                    problems.append(f'{rel}: public header includes internal "{target}"')
                if theirs is not None and LAYERS.index(theirs) > LAYERS.index(mine):
                    problems.append(f'{rel}: {mine} includes "{target}" of the later layer '
                                    f"{theirs}")
    return problems


def check_calls(libraries, solver):
    # Archive members carry only base names (error.c.o): map each to the one source file of
    # that name under solver/, so source names must stay unique across folders.
    sources = {f"{name}.c.o": [f"{layer}/{name}.c"] for name, layer in EMBEDDED.items()}
    for root, _, files in os.walk(solver):
        for name in files:
            if name.endswith(".c"):
                sources.setdefault(name + ".o", []).append(
                    os.path.relpath(os.path.join(root, name), solver))
    out = subprocess.run(["nm", "-A", *libraries], capture_output=True, text=True,
                         check=True).stdout
    defined, needs = {}, {}
    for line in out.splitlines():
        m = re.match(r"^[^:]+:([^:]+):\s*(?:[0-9a-f]+)?\s+([A-Za-z])\s+(\S+)$", line)
        if not m:
            continue
        member, kind, sym = m.groups()
        if kind == "U":
            needs.setdefault(member, set()).add(sym)
        elif kind in "TDBRC":
            defined[sym] = member
    problems = []
    rel = {}
    for member in set(needs) | set(defined.values()):
        candidates = sources.get(member, [])
        if len(candidates) != 1:
            problems.append(f"{member}: no single source file of that name under solver/")
            continue
        rel[member] = candidates[0]
    edges = {m: set() for m in rel}
    for member, syms in needs.items():
        for sym in syms:
            other = defined.get(sym)
            if other is None or other == member or member not in rel or other not in rel:
                continue
            edges[member].add(other)
            mine, theirs = layer_of(rel[member]), layer_of(rel[other])
            if LAYERS.index(theirs) > LAYERS.index(mine):
                problems.append(f"{rel[member]}: {mine} calls {sym} of the later layer "
                                f"{theirs} ({rel[other]})")
    problems += [f"call cycle: {' -> '.join(rel[m] for m in c)}" for c in cycles(edges)]
    return problems


def cycles(edges):
    """Strongly connected components of more than one node (Tarjan), each sorted."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    solver = argv[1]
    problems = check_includes(solver)
    if len(argv) > 2:
        problems += check_calls(argv[2:], solver)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
