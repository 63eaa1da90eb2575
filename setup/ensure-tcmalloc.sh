#!/usr/bin/env bash
# Installs gperftools' tcmalloc (Debian's libtcmalloc-minimal4), which the training and benchmark scripts preload for
# libtorch's CPU tensors (setup/native-allocator.sh). With glibc's malloc, tensors of a few MB and up are mapped and
# unmapped again on every step, and each first touch of their pages faults: on a 2-core VM that made a LLaMA training
# step 2.3x slower (docs/performance.md, "The native allocator"). Optional: where it cannot be installed, the scripts
# run with glibc's malloc and say so. Idempotent; silent when it is there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/native-allocator.sh"
[ -n "$(dyt_tcmalloc_path)" ] && exit 0
if [ "$(id -u)" != 0 ] || ! grep -qi '^ID=debian' /etc/os-release 2>/dev/null || ! command -v apt-get >/dev/null; then
  echo "bootstrap: tcmalloc not found; the samples will run with glibc's malloc (slower on large tensors)." >&2
  echo "  Install gperftools' tcmalloc (Debian/Ubuntu: apt-get install libtcmalloc-minimal4) to preload it." >&2
  exit 0
fi
echo "bootstrap: installing libtcmalloc-minimal4 (tcmalloc for libtorch's CPU tensors; see docs/performance.md)."
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq libtcmalloc-minimal4 >/dev/null 2>&1; then
  apt-get update -qq >/dev/null && apt-get install -y -qq libtcmalloc-minimal4 >/dev/null ||
    echo "bootstrap: could not install libtcmalloc-minimal4; continuing with glibc's malloc." >&2
fi
exit 0
