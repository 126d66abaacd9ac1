#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A seeded synthetic geography for the districting benchmark (bench/README.md).

    bench/districts/synth.py N SEED > synth.csv

N points in England's bounding box, grouped around 40 towns (each point a normal draw
around a town, spread 0.05-0.4 degrees), populations log-normal about 56 million / N, so
that finer building blocks than CCGs (local authorities, MSOAs) can be tried. Every point
is labelled with the London region, which only labels it. The same N and
SEED give the same file on any machine (Python's own Mersenne Twister, seeded)."""
import random
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: synth.py N SEED")
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    towns = [(rng.uniform(50.6, 54.8), rng.uniform(-4.5, 1.5), rng.uniform(0.05, 0.4),
              rng.uniform(0.3, 3.0)) for _ in range(40)]
    weights = [t[3] for t in towns]
    mean = 56e6 / n
    print(f"# footprint geography: synthetic, {n} points, seed {seed} (bench/districts/synth.py)")
    print("code,name,population,lat,lon,area_km2,area,region")
    for i in range(n):
        lat0, lon0, spread, _ = rng.choices(towns, weights)[0]
        lat = min(55.8, max(50.0, rng.gauss(lat0, spread)))
        lon = min(1.8, max(-5.7, rng.gauss(lon0, spread * 1.6)))
        pop = round(mean * rng.lognormvariate(0, 0.5) / 1.133)
        print(f"S{i:05d},Synthetic {i},{pop},{lat:.4f},{lon:.4f},{1.3e5 / n:.1f},Synthetic,London")


if __name__ == "__main__":
    main()
