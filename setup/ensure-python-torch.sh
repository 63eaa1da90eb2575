#!/usr/bin/env bash
# The PyTorch-twin tests (tests/Runtime.Tests/Export: the twins' parity and the torchrun round trip) need Python with
# torch and torch.distributed (gloo). Debian 12 packages it: python3-torch 1.13 for its Python 3.11 (generic BLAS,
# one thread; DDP works, FSDP does not import there). Installed only when missing, by ./setup/test.sh, not by
# ./setup/train.sh: the first command needs no Python. Where it cannot be installed this says so in one line and the
# tests are skipped with their reason; it never fails the run.
set -euo pipefail
python="${DYT_PYTHON:-/usr/bin/python3}"
probe='import torch, torch.distributed as d; assert d.is_available() and d.is_gloo_available()'

"$python" -c "$probe" >/dev/null 2>&1 && exit 0

if [ "$(id -u)" != 0 ] || ! grep -qi '^ID=debian' /etc/os-release 2>/dev/null || [ -n "${DYT_PYTHON:-}" ]; then
  echo "setup: no Python with torch at $python; the PyTorch-twin tests will be skipped (Debian 12, as root: apt-get install -t bookworm python3-torch; or set DYT_PYTHON)." >&2
  exit 0
fi

# Where Debian 12 (bookworm) is an apt source, its python3-torch for its Python: -t bookworm, as trixie may be a
# source too (setup/ensure-libstdcxx.sh adds it, pinned at 100).
target=()
apt-cache policy 2>/dev/null | grep -q 'n=bookworm' && target=(-t bookworm)
echo "setup: installing Debian's python3-torch (apt-get install ${target[*]:+${target[*]} }python3-torch) for the PyTorch-twin tests: the twins' parity and the torchrun round trip."
export DEBIAN_FRONTEND=noninteractive
apt_log="$(mktemp)"
trap 'rm -f "$apt_log"' EXIT
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${target[@]}" python3-torch; } >"$apt_log" 2>&1; then
  tail -n 20 "$apt_log" >&2
  echo "setup: apt-get could not install python3-torch (its last lines above); the PyTorch-twin tests will be skipped." >&2
  exit 0
fi
"$python" -c "$probe" >/dev/null 2>&1 || echo "setup: python3-torch was installed but $python still cannot import torch with gloo; the PyTorch-twin tests will be skipped." >&2
