#!/usr/bin/env bash
# The README's first command: prepare the machine, then train the attribute-declared ViT on real MNIST with DyT and
# with LayerNorm and print the comparison table. Extra arguments go to the sample (try --help).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/setup/bootstrap.sh"
source "$root/setup/native-allocator.sh"
dyt_preload_tcmalloc # libtorch's tensors from tcmalloc (docs/performance.md); DYT_ALLOCATOR=glibc keeps glibc's
exec dotnet run --project "$root/samples/MnistVit" -c Release -- "$@"
