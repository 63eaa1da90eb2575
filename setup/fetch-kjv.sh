#!/usr/bin/env bash
# Fetches the King James Bible of Debian's bible-kjv-text package (public domain text) once into the cache folder:
# `apt-get download` (no root needed) brings the .deb, `dpkg-deb -x` unpacks it, and the text file bible.data is
# kept only if its SHA-256 is the one below (bible.data is identical in 4.38, bookworm, and 4.39, trixie).
# The samples decode it (windowed LZW, see samples/Shared/Data/Kjv/). Prints nothing when the cache is ready.
set -euo pipefail
cache="${DYT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dyt-generated}/bible-kjv-text"
expected_sha256="6c746c2acc8a34bfded980883ff1701a5d68934a1c853ebf88a07b978fe0ae0e"

[ -f "$cache/.complete" ] && exit 0

for tool in apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || {
    echo "bootstrap: $tool is needed to fetch the King James Bible (Debian's bible-kjv-text); on Debian or Ubuntu it is there." >&2
    exit 1
  }
done
echo "bootstrap: fetching the King James Bible (Debian package bible-kjv-text, 2.4 MB) into $cache"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && apt-get download -q bible-kjv-text >"$work/apt.log" 2>&1); then
  echo "bootstrap: could not download bible-kjv-text with apt-get:" >&2
  cat "$work/apt.log" >&2
  echo "bootstrap: if apt cannot locate the package, refresh its lists once (as root: apt-get update) and run this again." >&2
  exit 1
fi
dpkg-deb -x "$work"/bible-kjv-text_*_all.deb "$work/root"
actual_sha256="$(sha256sum "$work/root/usr/lib/bible.data" | cut -d' ' -f1)"
if [ "$actual_sha256" != "$expected_sha256" ]; then
  echo "bootstrap: bible.data of $(basename "$work"/bible-kjv-text_*_all.deb) has SHA-256 $actual_sha256, expected $expected_sha256; refusing to use it." >&2
  exit 1
fi
mkdir -p "$cache"
cp "$work/root/usr/lib/bible.data" "$cache/"
cp "$work/root/usr/share/doc/bible-kjv-text/copyright" "$cache/copyright"
touch "$cache/.complete"
