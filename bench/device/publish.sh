#!/usr/bin/env bash
# Builds what the GPU device check carries: a self-contained, trimmed linux-x64 publish of bench/DeviceCheck (the
# CUDA kernel layer without TorchSharp; about 15 MB, no .NET needed on the GPU machine) plus TorchSharp's native
# library for the libtorch probe. Output: bench/DeviceCheck/publish (git-ignored; pass it as `carry`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/bench/DeviceCheck/publish"
rm -rf "$out"
dotnet publish "$root/bench/DeviceCheck/DeviceCheck.csproj" -c Release -r linux-x64 --self-contained \
  -p:PublishTrimmed=true -p:DebugType=none -o "$out" >/dev/null
native="$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/torchsharp" -path '*linux-x64/native/libLibTorchSharp.so' | sort | tail -1)"
[ -n "$native" ] && cp "$native" "$out/"
du -sh "$out"
