#!/usr/bin/env python3
"""Exports the ONNX acceptance set into instances/onnx/ (run by hand, never in CI).

Needs torch, torchvision, transformers and onnx from PyPI:
    python3 -m venv .venv-onnx && .venv-onnx/bin/pip install torch torchvision transformers onnx
    .venv-onnx/bin/python scripts/export_onnx_models.py [--out instances/onnx]

Every model is exported at batch 1 in eval mode by PyTorch's TorchScript exporter
(dynamo=False, opset 17) with do_constant_folding=False, so BatchNormalization stays a node
of its own (parameters then equal torchvision's) and shape arithmetic stays in the graph as
Shape/Gather/Concat nodes (dnnpart folds it). The weights are then removed: every
floating-point initializer keeps its name, type and dimensions but points at an external file
that is not shipped, so each file is a few hundred kB and imports without its weights.

residual-cnn.onnx is different: a small residual CNN with real (seeded) weights, kept in the
file, for the split check (scripts/check_split.py).
"""
import argparse
import os

import onnx
import torch
import torchvision
from onnx import TensorProto


def strip_weights(model: onnx.ModelProto, stem: str) -> None:
    """Moves every floating-point initializer to an external file that is not written."""
    floating = {TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.DOUBLE, TensorProto.BFLOAT16}
    for t in model.graph.initializer:
        if t.data_type not in floating:
            continue
        n = 1
        for d in t.dims:
            n *= d
        size = n * {TensorProto.FLOAT: 4, TensorProto.FLOAT16: 2, TensorProto.DOUBLE: 8, TensorProto.BFLOAT16: 2}[t.data_type]
        t.ClearField("raw_data")
        t.ClearField("float_data")
        t.ClearField("double_data")
        t.ClearField("int32_data")
        t.data_location = TensorProto.EXTERNAL
        del t.external_data[:]
        for k, v in (("location", stem + ".weights"), ("offset", "0"), ("length", str(size))):
            e = t.external_data.add()
            e.key, e.value = k, v


def export(module: torch.nn.Module, args: tuple, path: str, input_names, output_names) -> onnx.ModelProto:
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, args, path, dynamo=False, opset_version=17, do_constant_folding=False,
                          input_names=input_names, output_names=output_names)
    return onnx.load(path)


def residual_cnn() -> torch.nn.Module:
    """Two residual blocks, a strided conv, pooling and a classifier (real seeded weights)."""
    torch.manual_seed(7)

    class Block(torch.nn.Module):
        def __init__(self, c):
            super().__init__()
            self.conv1 = torch.nn.Conv2d(c, c, 3, padding=1, bias=False)
            self.bn1 = torch.nn.BatchNorm2d(c)
            self.relu = torch.nn.ReLU()
            self.conv2 = torch.nn.Conv2d(c, c, 3, padding=1, bias=False)
            self.bn2 = torch.nn.BatchNorm2d(c)

        def forward(self, x):
            y = self.relu(self.bn1(self.conv1(x)))
            return self.relu(self.bn2(self.conv2(y)) + x)

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = torch.nn.Conv2d(3, 16, 3, padding=1)
            self.relu = torch.nn.ReLU()
            self.block1 = Block(16)
            self.down = torch.nn.Conv2d(16, 32, 3, stride=2, padding=1)
            self.block2 = Block(32)
            self.pool = torch.nn.AdaptiveAvgPool2d(1)
            self.fc = torch.nn.Linear(32, 10)

        def forward(self, x):
            x = self.block1(self.relu(self.stem(x)))
            x = self.block2(self.relu(self.down(x)))
            return self.fc(torch.flatten(self.pool(x), 1))

    net = Net()
    # Non-trivial batch-norm statistics so that the check exercises them.
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.1, 0.1)
    return net


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "instances", "onnx"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.backends.mha.set_fastpath_enabled(False)  # export nn.MultiheadAttention as plain ops
    image = torch.randn(1, 3, 224, 224)
    vision = {
        "alexnet": lambda: torchvision.models.alexnet(weights=None),
        "vgg16": lambda: torchvision.models.vgg16(weights=None),
        "resnet18": lambda: torchvision.models.resnet18(weights=None),
        "resnet50": lambda: torchvision.models.resnet50(weights=None),
        "googlenet": lambda: torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False),
        "mobilenet_v2": lambda: torchvision.models.mobilenet_v2(weights=None),
        "vit_b_16": lambda: torchvision.models.vit_b_16(weights=None),
    }
    for name, make in vision.items():
        path = os.path.join(args.out, name + ".onnx")
        model = export(make(), (image,), path, ["input"], ["logits"])
        strip_weights(model, name)
        onnx.save(model, path)
        print(f"{path}: {os.path.getsize(path)} bytes, {len(model.graph.node)} nodes")

    from transformers import BertConfig, BertModel
    class Bert(torch.nn.Module):
        """BERT-base (BertConfig() defaults, random weights: nothing is downloaded) on token ids."""
        def __init__(self):
            super().__init__()
            self.bert = BertModel(BertConfig(), add_pooling_layer=True)

        def forward(self, ids):
            out = self.bert(input_ids=ids, return_dict=True)
            return out.last_hidden_state, out.pooler_output

    bert = Bert()
    ids = torch.ones(1, 128, dtype=torch.long)
    path = os.path.join(args.out, "bert_base.onnx")
    model = export(bert, (ids,), path, ["input_ids"], ["last_hidden_state", "pooler_output"])
    strip_weights(model, "bert_base")
    onnx.save(model, path)
    print(f"{path}: {os.path.getsize(path)} bytes, {len(model.graph.node)} nodes")

    path = os.path.join(args.out, "residual-cnn.onnx")
    export(residual_cnn(), (torch.randn(1, 3, 32, 32),), path, ["input"], ["logits"])
    print(f"{path}: {os.path.getsize(path)} bytes (with weights)")


if __name__ == "__main__":
    main()
