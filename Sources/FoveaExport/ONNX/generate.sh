#!/usr/bin/env bash
# Regenerates onnx.pb.swift from onnx.proto (run from anywhere; needs Debian's protobuf-compiler).
#
# onnx.proto is the file shipped in the `onnx` 1.23.2 wheel on PyPI (onnx/onnx.proto, Apache-2.0: see
# LICENSE-onnx beside it), copied unchanged. The plugin is swift-protobuf's own protoc-gen-swift at the
# version Package.swift depends on (1.39.0), built from that package in a scratch path outside this repo:
#   git clone --branch 1.39.0 https://github.com/apple/swift-protobuf <dir>
#   (cd <dir> && swift build -c release --product protoc-gen-swift)
#   PROTOC_GEN_SWIFT=<dir>/.build/release/protoc-gen-swift Sources/FoveaExport/ONNX/generate.sh
# Generated once and committed: the plugin takes minutes to build and nothing at build time needs it.
# Visibility=Internal keeps the messages out of FoveaExport's public API.
set -euo pipefail
cd "$(dirname "$0")"
plugin="${PROTOC_GEN_SWIFT:?set PROTOC_GEN_SWIFT to the protoc-gen-swift binary}"
protoc --version
"$plugin" --version
protoc --plugin=protoc-gen-swift="$plugin" --swift_out=. --swift_opt=Visibility=Internal onnx.proto
