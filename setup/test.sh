#!/usr/bin/env bash
# The README's second command: prepare the machine, then build and run every test project of the solution.
# Ends with one line totalling all projects: "N passed, N failed, N skipped".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/setup/bootstrap.sh"
# Python torch for the PyTorch-twin tests; only here, so that ./setup/train.sh runs without Python.
"$root/setup/ensure-python-torch.sh"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Normal verbosity lists each test, so a skipped test shows its reason (the GPU tests say why they cannot run here).
status=0
dotnet test "$root/DyT.Generated.sln" -c Release --logger "console;verbosity=normal" "$@" | tee "$log" || status=$?
awk '/^ +Passed: [0-9]+$/ { p += $2 } /^ +Failed: [0-9]+$/ { f += $2 } /^ +Skipped: [0-9]+$/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
