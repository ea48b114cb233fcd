#!/usr/bin/env bash
# Regenerates Sources/PartitionONNX/Generated/onnx.pb.swift from scripts/proto/onnx.proto.
#
# Run by hand when onnx.proto changes; the build never runs it (swift-protobuf's plugin takes
# about ten minutes to build on a two-core machine). Needs:
#   - protoc            (Debian: apt-get install protobuf-compiler)
#   - protoc-gen-swift  (built once from apple/swift-protobuf at the version Package.swift names:
#                        git clone -b 1.39.0 https://github.com/apple/swift-protobuf &&
#                        cd swift-protobuf && swift build -c release --product protoc-gen-swift)
# Set PROTOC_GEN_SWIFT to the plugin's path when it is not on PATH.
#
# scripts/proto/onnx.proto is the file shipped in the `onnx` package on PyPI (onnx 1.23.2);
# to take a newer one: cp "$(python3 -c 'import onnx,os;print(os.path.dirname(onnx.__file__))')/onnx.proto" scripts/proto/
set -euo pipefail
cd "$(dirname "$0")/.."
plugin="${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift || true)}"
if [ -z "$plugin" ]; then echo "protoc-gen-swift not found: set PROTOC_GEN_SWIFT" >&2; exit 1; fi
out=Sources/PartitionONNX/Generated
mkdir -p "$out"
protoc --plugin=protoc-gen-swift="$plugin" --proto_path=scripts/proto \
  --swift_opt=Visibility=Internal --swift_opt=FileNaming=DropPath \
  --swift_out="$out" scripts/proto/onnx.proto
echo "wrote $out/onnx.pb.swift"
