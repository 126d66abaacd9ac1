#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a model and scenario whose functions are copies of a few prototypes.

gen_symmetric.py N PROTOTYPES LEVELS SEED MODEL.xml SCENARIO.xml [--links] [--singles K]
                 [--tight T]

PROTOTYPES functions with ratings, staff, salary, pool draws and overrides drawn from a
generator seeded with SEED, each copied into about N / PROTOTYPES functions (one per team,
one per region, as users copy them), the copies interleaved in the file (prototype 0, 1, …,
0, 1, …). With --links, the copies of prototype 0 are linked to one another at one strength
(a symmetric link between copies), every copy of prototype 1 is linked to the first
single function at one strength (links to the same third function), and the copies of the
last prototype form a chain (a link that is not symmetric under swapping two copies, so
those copies are not interchangeable). --singles K adds K functions of their own (default
1 with --links, else 0). LEVELS is 3, 4 or 5. The scenario's budget and the supply of
skill pool p0 lie T of the way (default drawn in 0.05–0.5) from the least any plan needs to
the most (computed here from docs/model.md M4–M10), so that they bind and the programme is
a knapsack over the copies.

Used by tests/cli/symmetry_test.sh and bench/symmetry/run.sh; not a realistic model.
"""
import argparse
import random

CRITERIA = ["local-knowledge", "visibility", "links", "scarcity", "min-team", "scale",
            "duplication", "development"]
TABLES = [("local-knowledge", "knowledge-share", "0 0.1 0.2 0.35 0.5"),
          ("visibility", "visibility-share", "0 0.05 0.1 0.2 0.3"),
          ("links", "link-share", "0 0.02 0.05 0.1 0.2"),
          ("scarcity", "scarce-share", "0 0.1 0.2 0.4 0.6"),
          ("min-team", "min-team-wte", "0 1 2 4 8"),
          ("scale", "scale-exponent", "1 0.95 0.9 0.8 0.7"),
          ("duplication", "duplication-wte", "0 0.1 0.25 0.5 1"),
          ("development", "development-multiple", "0 0.1 0.2 0.5 1")]
PULLS = ("local-knowledge", "visibility")  # rated 2-4, so that the budget binds
LEVELS = {3: [("local", 200), ("hub", 10), ("national", 1)],
          4: [("local", 200), ("hub", 10), ("sub", 4), ("national", 1)],
          5: [("local", 200), ("area", 25), ("hub", 10), ("sub", 4), ("national", 1)]}


def prototype(rng):
    """One prototype: everything that enters the appraisal, drawn at random."""
    p = {"staff": round(rng.uniform(0.8, 2.5), 3), "salary": rng.randint(32000, 60000),
         "ratings": {c: rng.randint(2 if c in PULLS else 0, 4) for c in CRITERIA},
         "pools": rng.sample(["p0", "p1"], rng.randint(1, 2)), "override": None}
    if rng.random() < 0.3:
        p["override"] = ("scale-exponent", round(rng.uniform(0.6, 0.95), 2))
    return p


def function_xml(fid, p, strongest):
    out = [f'    <function id="{fid}" name="Function {fid}" category="back-office">',
           f'      <staff per-100k="{p["staff"]}" salary-gbp="{p["salary"]}"/>']
    for c in CRITERIA:
        value = strongest if c == "links" else p["ratings"][c]
        out.append(f'      <rating criterion="{c}" value="{value}">generated</rating>')
    shares = [0.6, 0.4] if len(p["pools"]) == 2 else [1.0]
    for pool, share in zip(p["pools"], shares):
        out.append(f'      <draws pool="{pool}" share="{share}"/>')
    if p["override"] is not None:
        out.append(f'      <override parameter="{p["override"][0]}" value="{p["override"][1]}" '
                   'source="generated"/>')
    out.append('    </function>')
    return "\n".join(out)


def layout(rng, n, n_protos, singles):
    """Function ids and their prototypes, copies interleaved; singles are prototypes too."""
    protos = [prototype(rng) for _ in range(n_protos + singles)]
    funcs = []
    for i in range(n - singles):
        k = i % n_protos
        funcs.append((f"p{k}c{i // n_protos:02d}", k))
    funcs.extend((f"s{j}", n_protos + j) for j in range(singles))
    return protos, funcs


def links_of(rng, funcs, n_protos, singles):
    copies = [[fid for fid, k in funcs if k == p] for p in range(n_protos)]
    links = []
    s = rng.randint(1, 4)
    links.extend((a, b, s) for i, a in enumerate(copies[0]) for b in copies[0][i + 1:])
    if n_protos >= 2 and singles > 0:
        s = rng.randint(1, 4)
        links.extend((c, "s0", s) for c in copies[1])
    if n_protos >= 3:
        chain = copies[-1]
        links.extend((chain[i], chain[i + 1], rng.randint(1, 4)) for i in range(len(chain) - 1))
    return links


def model_xml(args):
    rng = random.Random(args.seed)
    singles = args.singles if args.singles is not None else (1 if args.links else 0)
    protos, funcs = layout(rng, args.n, args.prototypes, singles)
    links = links_of(rng, funcs, args.prototypes, singles) if args.links else []
    strongest = {fid: 0 for fid, _ in funcs}
    for a, b, s in links:
        strongest[a] = max(strongest[a], s)
        strongest[b] = max(strongest[b], s)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<!-- Generated by tests/support/gen_symmetric.py (seed {args.seed}). -->',
           f'<model id="sym{args.n}" version="1">',
           f'  <title>{args.n} copies of {args.prototypes} prototypes</title>', '  <calibration>']
    out.extend(f'    <table criterion="{c}" parameter="{p}" values="{v}" basis="judgement: test"/>'
               for c, p, v in TABLES)
    out.extend(['  </calibration>', '  <skill-pools>'])
    out.extend(f'    <pool id="p{r}"/>' for r in range(2))
    out.extend(['  </skill-pools>', '  <functions>'])
    out.extend(function_xml(fid, protos[k], strongest[fid]) for fid, k in funcs)
    out.append('  </functions>')
    if links:
        out.append('  <links>')
        out.extend(f'    <link from="{a}" to="{b}" strength="{s}"/>' for a, b, s in links)
        out.append('  </links>')
    out.append('</model>')
    return "\n".join(out) + "\n", rng, protos, funcs


def table(name):
    return dict((c, [float(v) for v in vals.split()]) for c, _, vals in TABLES)[name]


def running(p, units, pop=50_000_000):
    """docs/model.md M4-M10 for equal units: (running cost £/yr, scarce WTE of pool p0)."""
    r = p["ratings"]
    beta = p["override"][1] if p["override"] else table("scale")[r["scale"]]
    b = p["staff"] * (pop / units / 100_000) ** beta
    m, d = table("min-team")[r["min-team"]], table("duplication")[r["duplication"]]
    wte = units * max(m, b)
    shares = dict(zip(p["pools"], [0.6, 0.4] if len(p["pools"]) == 2 else [1.0]))
    sigma = table("scarcity")[r["scarcity"]]
    premium = sigma * wte * (5000 * shares.get("p0", 0) + 2000 * shares.get("p1", 0))
    cost = premium + units * (max(m, b) + d) * p["salary"]
    return cost, sigma * wte * shares.get("p0", 0)


def envelope(protos, funcs, levels, u):
    """A budget and p0 supply u of the way from the least any plan needs to the most."""
    lo = [0.0, 0.0]
    hi = [0.0, 0.0]
    for _, k in funcs:
        at = [running(protos[k], n) for _, n in levels]
        for i in range(2):
            lo[i] += min(a[i] for a in at)
            hi[i] += max(a[i] for a in at)
    return [lo[i] + u * (hi[i] - lo[i]) for i in range(2)]


def scenario_xml(args, rng, protos, funcs):
    u = args.tight if args.tight is not None else round(rng.uniform(0.05, 0.5), 3)
    budget, supply = envelope(protos, funcs, LEVELS[args.levels], u)
    levels = "\n".join(f'    <level id="{i}" units="{n}"/>' for i, n in LEVELS[args.levels])
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<scenario id="sym{args.n}">
  <title>Generated, {args.n} functions</title>
  <population total="50000000"/>
  <levels>
{levels}
  </levels>
  <finance allowance-per-head-gbp="{budget / 25_000_000:.4f}" support-share="0.5" horizon-years="5" discount-rate="0.035"/>
  <skill-supply pool="p0" supply-wte="{supply + 1:.1f}" premium-gbp="5000"/>
  <skill-supply pool="p1" premium-gbp="2000"/>
</scenario>
'''


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("n", type=int)
    ap.add_argument("prototypes", type=int)
    ap.add_argument("levels", type=int, choices=[3, 4, 5])
    ap.add_argument("seed", type=int)
    ap.add_argument("model")
    ap.add_argument("scenario")
    ap.add_argument("--links", action="store_true")
    ap.add_argument("--singles", type=int)
    ap.add_argument("--tight", type=float)
    args = ap.parse_args()
    model, rng, protos, funcs = model_xml(args)
    with open(args.model, "w", encoding="utf-8") as f:
        f.write(model)
    with open(args.scenario, "w", encoding="utf-8") as f:
        f.write(scenario_xml(args, rng, protos, funcs))


if __name__ == "__main__":
    main()
