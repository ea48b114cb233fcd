#!/usr/bin/env python3
"""Times the instance reader and every P3 solver on a large DNN-like instance (seeded).

    python3 scripts/bench_large_instance.py [--layers 200000] [--seed 1] [--dnnpart .build/release/dnnpart]

Writes a three-tier instance of --layers layers (a chain with skip connections every few layers,
measured-style sizes drawn from a seeded generator, device rpi3-like, edge jetson-like, cloud
server-like), then times `dnnpart info` (reading and checking the file) and
`dnnpart solve FILE --solver S` for every P3 solver (the MILP with --time-limit 10), printing
each solver's own time and the whole process's.
Standard library only.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time


def instance(layers: int, seed: int) -> dict:
    rng = random.Random(seed)
    out = [{"id": "in", "op": "input", "shape": [3, 224, 224]}]
    for i in range(1, layers):
        inputs = [out[-1]["id"]]
        if i > 4 and rng.random() < 0.25:
            inputs.append(out[-rng.randint(2, 4)]["id"])
        op = "add" if len(inputs) > 1 else "other"
        out.append({"id": f"l{i}", "op": op, "inputs": inputs, "outputBytes": rng.randint(1_000, 2_000_000),
                    "flops": rng.uniform(1e5, 5e8)})
    device = lambda name, f, m: {"name": name, "flopsPerSecond": f, "memoryBandwidth": m}
    return {
        "format": 1, "name": f"dag-{layers}", "model": {"layers": out},
        "tiers": [{"name": "device", "device": device("pi", 2e9, 2e9)}, {"name": "edge", "device": device("jetson", 6e10, 1e10)},
                  {"name": "cloud", "device": device("server", 1e11, 2e10)}],
        "links": [{"from": "device", "to": "edge", "bandwidth": "18.88 Mbit/s"}, {"from": "edge", "to": "cloud", "bandwidth": "5.85 Mbit/s"}],
        "problem": {"kind": "three-tier"},
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--layers", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--dnnpart", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "dnnpart"))
    args = p.parse_args()
    path = os.path.join(tempfile.mkdtemp(prefix="bench-large-"), "dag.json")
    with open(path, "w") as f:
        json.dump(instance(args.layers, args.seed), f)
    print(f"{path}: {os.path.getsize(path) / 1e6:.1f} MB, {args.layers} layers")
    start = time.perf_counter()
    subprocess.run([args.dnnpart, "info", path], check=True, capture_output=True)
    print(f"dnnpart info (read + check + summary): {time.perf_counter() - start:.2f} s")
    for solver in ["mincut", "hpa", "two-tier", "device-only", "edge-only", "cloud-only", "milp"]:
        extra = ["--time-limit", "10"] if solver == "milp" else []
        start = time.perf_counter()
        run = subprocess.run([args.dnnpart, "solve", path, "--solver", solver, "--json"] + extra, capture_output=True, text=True)
        total = time.perf_counter() - start
        if run.returncode not in (0, 3):
            print(f"  {solver}: exit {run.returncode}: {run.stderr.strip()}")
            continue
        v = json.loads(run.stdout)
        objective = v.get("objective")
        print(f"  {solver:12s} {v['status']:10s} latency {objective if objective is None else round(objective, 6)} s,"
              f" solver {v['statistics']['seconds']:.2f} s, whole process {total:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
