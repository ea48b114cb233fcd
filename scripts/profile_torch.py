#!/usr/bin/env python3
"""Times every module of a PyTorch model on this machine and writes a dnnpart profile CSV.

    python3 scripts/profile_torch.py --torchvision resnet18 --tier edge --runs 20 -o edge.csv
    python3 scripts/profile_torch.py --factory mymodels.py:build --input 1x3x320x320 --tier edge -o edge.csv

Each leaf module (one without children: Conv2d, BatchNorm2d, ReLU, Linear, …) is timed with
forward hooks: the model runs in eval mode under torch.inference_mode(), --warmup times
untimed, then --runs times; a module's time is the median over the runs of its time in one
forward pass. A module called k times in one pass (torchvision's ReLU in a residual block) gets
the ids name, name_1, …, name_{k-1}, the names PyTorch's ONNX exporter gives the calls, so the
rows join with the layer ids of `dnnpart import`. Work done outside modules (torch.flatten,
the residual additions) is not timed; those layers keep the cost model's estimate.

The CSV's header names the unit: layer,tier,ms.
"""
import argparse
import importlib.util
import statistics
import sys
import time

import torch


def load_model(args) -> torch.nn.Module:
    if args.torchvision:
        import torchvision
        kwargs = {"weights": None}
        if args.torchvision == "googlenet":
            kwargs.update(aux_logits=False, init_weights=False)
        return getattr(torchvision.models, args.torchvision)(**kwargs)
    path, _, name = args.factory.partition(":")
    spec = importlib.util.spec_from_file_location("factory_module", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name or "build")()


def time_modules(model: torch.nn.Module, x: torch.Tensor, warmup: int, runs: int) -> dict:
    leaves = [(n, m) for n, m in model.named_modules() if n and not list(m.children())]
    samples: dict = {}
    calls: dict = {}
    starts: dict = {}

    def pre(name):
        def hook(_module, _inputs):
            starts[name] = time.perf_counter()
        return hook

    def post(name):
        def hook(_module, _inputs, _output):
            elapsed = time.perf_counter() - starts[name]
            k = calls.get(name, 0)
            calls[name] = k + 1
            key = name if k == 0 else f"{name}_{k}"
            samples.setdefault(key, []).append(elapsed)
        return hook

    handles = []
    for name, m in leaves:
        handles.append(m.register_forward_pre_hook(pre(name)))
        handles.append(m.register_forward_hook(post(name)))
    model.eval()
    with torch.inference_mode():
        for _ in range(warmup):
            calls.clear()
            model(x)
        samples.clear()
        for _ in range(runs):
            calls.clear()
            model(x)
    for h in handles:
        h.remove()
    return {k: statistics.median(v) for k, v in samples.items()}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--torchvision", help="a torchvision.models name (random weights)")
    src.add_argument("--factory", help="FILE.py:FUNCTION returning the model")
    p.add_argument("--input", default="1x3x224x224", help="input shape, e.g. 1x3x224x224")
    p.add_argument("--tier", required=True, help="the tier name the times belong to (edge, cloud, …)")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: PyTorch's default)")
    p.add_argument("-o", "--output", default="-")
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = load_model(args)
    x = torch.randn(*[int(d) for d in args.input.split("x")])
    times = time_modules(model, x, args.warmup, args.runs)
    out = sys.stdout if args.output == "-" else open(args.output, "w")
    out.write("layer,tier,ms\n")
    for name, seconds in times.items():
        out.write(f"{name},{args.tier},{seconds * 1e3:.6f}\n")
    if out is not sys.stdout:
        out.close()
        print(f"wrote {args.output}: {len(times)} modules, median of {args.runs} runs", file=sys.stderr)


if __name__ == "__main__":
    main()
