#!/usr/bin/env python3
"""Whole-process `dnnpart maxflow` against PyMaxflow's graph build + solve, on the same DIMACS file.

    python3 scripts/bench_maxflow.py [--vertices 1000000] [--seed 1] [--dnnpart .build/release/dnnpart] [--runs 3]

Writes the DNN-like network with `dnnpart bench mincut --write-dimacs` (with and without DSL's
closure arcs), then for each file: times the whole `dnnpart maxflow FILE` process (parse, build,
solve, print), and PyMaxflow (pip install PyMaxflow numpy) on the same arcs: the arcs are read with
numpy outside the timing, and the reference is graph build + maxflow() only. Prints the median of
--runs for both and the ratio PyMaxflow / dnnpart (> 1: dnnpart is faster), and checks that the
flows agree. PyMaxflow is a reference for this script only, never a dependency of the package.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import maxflow
import numpy as np


def read_dimacs(path):
    """Node count, source, sink (0-based) and arcs (tails, heads, capacities) with numpy."""
    n = s = t = None
    with open(path, "rb") as f:
        head = []
        while True:
            pos = f.tell()
            line = f.readline()
            if not line.startswith((b"c", b"p", b"n")):
                f.seek(pos)
                break
            head.append(line.split())
        body = f.read()
    for fields in head:
        if fields[0] == b"p":
            n = int(fields[2])
        elif fields[0] == b"n":
            if fields[2] == b"s":
                s = int(fields[1]) - 1
            else:
                t = int(fields[1]) - 1
    arcs = np.array(body.replace(b"a", b" ").split(), dtype=np.int64).reshape(-1, 3)
    return n, s, t, arcs[:, 0] - 1, arcs[:, 1] - 1, arcs[:, 2]


def pymaxflow(n, s, t, tails, heads, caps):
    """Build + solve with PyMaxflow (BK): terminal arcs as t-links, the rest as edges."""
    start = time.perf_counter()
    g = maxflow.Graph[int](n, len(tails))
    g.add_nodes(n)
    src = tails == s
    snk = heads == t
    inner = ~(src | snk)
    g.add_edges(tails[inner], heads[inner], caps[inner], np.zeros(int(inner.sum()), dtype=np.int64))
    tw = np.zeros((n, 2), dtype=np.int64)
    np.add.at(tw[:, 0], heads[src], caps[src])
    np.add.at(tw[:, 1], tails[snk], caps[snk])
    g.add_grid_tedges(np.arange(n), tw[:, 0], tw[:, 1])
    flow = g.maxflow()
    return time.perf_counter() - start, flow


def dnnpart_run(binary, path):
    start = time.perf_counter()
    out = subprocess.run([binary, "maxflow", path], check=True, capture_output=True, text=True).stdout
    elapsed = time.perf_counter() - start
    flow = int(out.split("\n")[0].split()[1])
    return elapsed, flow


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--vertices", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--dnnpart", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "dnnpart"))
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="bench-maxflow-")
    print(f"| graph | arcs | file | dnnpart maxflow (whole process) | PyMaxflow build + solve | ratio |")
    print(f"|---|---:|---:|---:|---:|---:|")
    for closure in (True, False):
        path = os.path.join(work, f"g-{closure}.max")
        cmd = [args.dnnpart, "bench", "mincut", "--vertices", str(args.vertices), "--seed", str(args.seed), "--repetitions", "1",
               "--write-dimacs", path] + ([] if closure else ["--no-closure-arcs"])
        subprocess.run(cmd, check=True, capture_output=True)
        n, s, t, tails, heads, caps = read_dimacs(path)
        ours, theirs = [], []
        for _ in range(args.runs):
            e, f1 = dnnpart_run(args.dnnpart, path)
            ours.append(e)
            e, f2 = pymaxflow(n, s, t, tails, heads, caps)
            theirs.append(e)
            if f1 != f2:
                print(f"flows differ: dnnpart {f1}, PyMaxflow {f2}", file=sys.stderr)
                return 1
        a, b = statistics.median(ours), statistics.median(theirs)
        label = "with DSL's closure arcs" if closure else "without closure arcs"
        print(f"| {args.vertices:,} vertices, {label} | {len(tails):,} | {os.path.getsize(path) / 1e6:.0f} MB | {a:.2f} s | {b:.2f} s | {b / a:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
