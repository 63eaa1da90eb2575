#!/usr/bin/env bash
# Run on the GPU machine (PyTorch + CUDA, no .NET), from the repository root, with bench/DeviceCheck/publish
# carried from the .NET machine (bench/device/publish.sh). Prints the table of bench/device/check.py.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec timeout 290 python3 bench/device/check.py
