#!/usr/bin/env python3
"""Our Lanczos SVD against scipy's ARPACK (svds) on the same matrices, in one run.

    python3 scripts/bench_svd.py [--dnnpart .build/release/dnnpart] [--runs 5]

For each benchmark matrix of docs/benchmarks.md (4096 × 25088, VGG-16 fc6's shape: 8 planted
blocks with 5% noise, and unstructured magnitude pruning), writes the normalised matrix with
`dnnpart bench svd --write-mtx`, then times our top-4 triplets (the `lanczosSeconds` of
`bench svd --json`, best of --runs, at --tolerance 1e-14 so that our residuals are at rounding
level like ARPACK's; both residuals are the larger of ‖Aᵀu − σv‖ and ‖Av − σu‖) and scipy.sparse.linalg.svds(k=4, tol=1e-10) on the matrix
read from the file (best of --runs, reading excluded). Prints both, the ratio ARPACK / ours
(> 1: ours is faster), the largest residual of each, and the singular values. Needs numpy and
scipy (reference only; never a dependency of the package).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy.io
import scipy.sparse.linalg as sla


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dnnpart", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "dnnpart"))
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--tolerance", type=float, default=1e-14,
                   help="our Lanczos tolerance; 1e-14 gives residuals at rounding level (a few 1e-15), as ARPACK at tol=1e-10")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="bench-svd-")
    print("| matrix | nonzeros | ours (best of runs) | our largest residual | ARPACK svds | ARPACK largest residual | ratio ARPACK / ours |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for structure, nnz in (("blocks", 356000), ("random", 1000000)):
        path = os.path.join(work, structure + ".mtx")
        ours, report = [], None
        for r in range(args.runs):
            cmd = [args.dnnpart, "bench", "svd", "--structure", structure, "--nonzeros", str(nnz), "--tolerance", str(args.tolerance), "--json"] + (["--write-mtx", path] if r == 0 else [])
            report = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            ours.append(report["lanczosSeconds"])
        a = scipy.io.mmread(path).tocsr()
        theirs, res = [], 0.0
        for _ in range(args.runs):
            t = time.perf_counter()
            u, s, vt = sla.svds(a, k=4, tol=1e-10, random_state=1)
            theirs.append(time.perf_counter() - t)
        res = max(max(np.linalg.norm(a.T @ u[:, i] - s[i] * vt[i]), np.linalg.norm(a @ vt[i] - s[i] * u[:, i])) for i in range(4))
        o, t = min(ours), min(theirs)
        print(f"| {structure} | {a.nnz:,} | {o:.3f} s | {max(report['residuals']):.1e} | {t:.3f} s | {res:.1e} | {t / o:.2f} |")
        print(f"  values ours {[round(x, 6) for x in report['values']]}, ARPACK {[round(x, 6) for x in sorted(s, reverse=True)]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
