#!/usr/bin/env bash
# Prepares a fresh machine for DyT.Generated: a libstdc++ new enough for TorchSharp's native library,
# and the MNIST data set in the cache. Idempotent; prints nothing when there is nothing to do.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/ensure-libstdcxx.sh"
"$here/fetch-mnist.sh"
