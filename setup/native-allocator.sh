# Sourced by the scripts that train or benchmark: dyt_preload_tcmalloc puts gperftools' tcmalloc in LD_PRELOAD, so
# that libtorch's CPU tensors come from it rather than from glibc's malloc (see docs/performance.md, "The native
# allocator"). DYT_ALLOCATOR=glibc keeps glibc's malloc. Prints nothing; the programs print the allocator they got.

# The path of libtcmalloc_minimal.so.4 (or libtcmalloc.so.4) on this machine, or nothing.
dyt_tcmalloc_path() {
  local dir name
  for dir in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
    for name in libtcmalloc_minimal.so.4 libtcmalloc.so.4; do
      [ -e "$dir/$name" ] && { echo "$dir/$name"; return 0; }
    done
  done
  return 0
}

dyt_preload_tcmalloc() {
  [ "${DYT_ALLOCATOR:-tcmalloc}" = glibc ] && return 0
  local lib
  lib="$(dyt_tcmalloc_path)"
  [ -z "$lib" ] && return 0
  case ":${LD_PRELOAD:-}:" in *":$lib:"*) return 0 ;; esac
  export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
}
