#!/usr/bin/env python3
"""Writes the proven optimum of every shipped instance into instances/MANIFEST.json.

For each instance and each problem it supports, runs `dnnpart compare --json`, keeps the rows of
exact solvers whose status is `optimal`, requires them to agree (relative 1e-7), and stores the
optimum in seconds under "optima": {problem: seconds}. Problems without a proven optimum (the
P5 MILP refuses the zoo's FC layers) are listed under "unproven" with the reason.

Usage: python3 scripts/manifest-optima.py [path/to/dnnpart]   (default: .build/release/dnnpart)
The conformance suite (Tests/PartitionSolversTests/ConformanceTests.swift) reads these figures.
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DNNPART = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/release/dnnpart")


def problems(instance):
    kind = instance.get("problem", {}).get("kind", "latency")
    tiers = len(instance.get("tiers", []))
    if kind == "fc":
        return [("fc", [])]
    if kind == "pipeline":
        return [("pipeline-period", []), ("pipeline-latency", ["--pipeline-objective", "latency"])]
    if kind == "channels":
        return [("channels", []), ("channels-overlap", ["--overlap"]),
                ("channels-groups", ["--plan-space", "groups"]), ("channels-groups-overlap", ["--plan-space", "groups", "--overlap"])]
    if tiers == 2:
        return [("latency", ["--problem", "latency"]), ("throughput", ["--problem", "throughput"])]
    if tiers == 3:
        return [("three-tier", ["--problem", "three-tier"])]
    return []


def optimum(path, args):
    out = subprocess.run([DNNPART, "compare", str(path), "--json"] + args, capture_output=True, text=True, check=True).stdout
    rows = json.loads(out)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    proven = [r["objective"] for r in rows if r["exact"] and r["status"] == "optimal" and r.get("feasible", True)]
    if not proven:
        return None, "no exact solver proved an optimum: " + "; ".join(f'{r["solver"]} {r["status"]}' + (f': {r["message"]}' if r.get("message") else "") for r in rows if r["exact"])
    lo, hi = min(proven), max(proven)
    if hi - lo > 1e-7 * hi:
        sys.exit(f"{path} {args}: the exact solvers disagree: {proven}")
    return lo, None


def main():
    manifest_path = ROOT / "instances/MANIFEST.json"
    manifest = json.loads(manifest_path.read_text())
    entries = {e["file"]: e for e in manifest["instances"]}
    for path in sorted((ROOT / "instances").rglob("*.json")):
        if path.name == "MANIFEST.json":
            continue
        rel = str(path.relative_to(ROOT / "instances"))
        entry = entries.setdefault(rel, {"file": rel})
        optima, unproven = {}, {}
        for name, args in problems(json.loads(path.read_text())):
            value, why = optimum(path, args)
            if value is None:
                unproven[name] = why
            else:
                optima[name] = value
        entry["optima"] = optima
        if unproven:
            entry["unproven"] = unproven
        else:
            entry.pop("unproven", None)
        print(rel, optima, unproven or "")
    manifest["instances"] = sorted(entries.values(), key=lambda e: e["file"])
    manifest["description"] = ("Known optima of the shipped instances (seconds). The hand-computed entries of the small "
                               "instances come from FORMULATIONS; \"optima\" holds, for every instance and problem, the value "
                               "two exact methods (or the one exact solver) proved, written by scripts/manifest-optima.py. "
                               "Tests read this file.")
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
