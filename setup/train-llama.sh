#!/usr/bin/env bash
# Trains the same small LLaMA on the King James Bible with RMSNorm, DyT and Derf, prints the comparison table and a
# continuation of a fixed prompt from each model, and writes the loss curves (PNG) and the models (safetensors) to
# artifacts/llama-text. Extra arguments go to the sample (try --help).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/setup/bootstrap.sh"
source "$root/setup/native-allocator.sh"
dyt_preload_tcmalloc # libtorch's tensors from tcmalloc (docs/performance.md); DYT_ALLOCATOR=glibc keeps glibc's
exec dotnet run --project "$root/samples/LlamaText" -c Release -- --out "$root/artifacts/llama-text" "$@"
