#!/usr/bin/env bash
# The GPU device check, one call: run on the GPU machine (PyTorch + CUDA, no .NET) from the repository root, with
# bench/DeviceCheck/publish carried from the .NET machine (bench/device/publish.sh). See bench/device/README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec timeout 290 python3 bench/device/check.py
