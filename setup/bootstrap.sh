#!/usr/bin/env bash
# Prepares a fresh machine for DyT.Generated: a libstdc++ new enough for TorchSharp's native library, tcmalloc for
# the training scripts (optional), and the data sets of the samples (MNIST, the King James Bible) in the cache. Idempotent; prints nothing when there is nothing to do.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/ensure-libstdcxx.sh"
"$here/ensure-tcmalloc.sh"
"$here/fetch-mnist.sh"
"$here/fetch-kjv.sh"
