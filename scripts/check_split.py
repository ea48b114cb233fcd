#!/usr/bin/env python3
"""Runs the parts written by `dnnpart split` in order and compares with the whole model.

    python3 scripts/check_split.py MODEL.onnx PARTS_DIR [--seed 1] [--tolerance 1e-5]

Feeds the same seeded random input to the whole model and to the parts (each part gets the
tensors manifest.json says it receives, taken from the model's inputs or from earlier parts'
outputs) and checks that every model output agrees within the tolerance (absolute, on values
scaled to the output's largest magnitude). Exit code 0 when they agree, 1 otherwise.
Needs numpy and onnxruntime (pip install numpy onnxruntime).
"""
import argparse
import json
import os
import sys

import numpy as np
import onnxruntime as ort

DTYPES = {"tensor(float)": np.float32, "tensor(double)": np.float64, "tensor(int64)": np.int64, "tensor(int32)": np.int32}


def session(path: str) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model")
    p.add_argument("parts")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tolerance", type=float, default=1e-5)
    args = p.parse_args()
    rng = np.random.default_rng(args.seed)
    whole = session(args.model)
    feeds = {}
    for i in whole.get_inputs():
        shape = [d if isinstance(d, int) else 1 for d in i.shape]
        dtype = DTYPES.get(i.type, np.float32)
        feeds[i.name] = (rng.integers(0, 100, size=shape) if np.issubdtype(dtype, np.integer) else rng.standard_normal(shape)).astype(dtype)
    expected = dict(zip([o.name for o in whole.get_outputs()], whole.run(None, feeds)))

    with open(os.path.join(args.parts, "manifest.json")) as f:
        manifest = json.load(f)
    tensors = dict(feeds)
    for part in manifest["parts"]:
        s = session(os.path.join(args.parts, part["file"]))
        missing = [t for t in part["inputs"] if t not in tensors]
        if missing:
            print(f"{part['file']}: needs {missing}, which no earlier part produced", file=sys.stderr)
            return 1
        outs = s.run(part["outputs"], {t: tensors[t] for t in part["inputs"]})
        tensors.update(zip(part["outputs"], outs))
        print(f"{part['file']} ({part['tier']}): {len(part['inputs'])} in, {len(part['outputs'])} out")
    worst = 0.0
    for name, want in expected.items():
        got = tensors.get(name)
        if got is None:
            print(f"output {name} was produced by no part", file=sys.stderr)
            return 1
        scale = max(float(np.max(np.abs(want))), 1e-30)
        err = float(np.max(np.abs(got.astype(np.float64) - want.astype(np.float64)))) / scale
        worst = max(worst, err)
        print(f"output {name}: max relative difference {err:.3g}")
    ok = worst <= args.tolerance
    print("split parts agree with the whole model" if ok else f"MISMATCH: {worst:.3g} > {args.tolerance}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
