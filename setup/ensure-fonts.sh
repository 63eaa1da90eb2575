#!/usr/bin/env bash
# The evidence figures (ScottPlot on SkiaSharp's Linux library without fontconfig) draw their text with a font file
# found under /usr/share/fonts. Without one the PNGs are still written, but with no text. On Debian, as root, this
# installs DejaVu (fonts-dejavu-core) when no TrueType or OpenType font is there; elsewhere it says what to install.
set -euo pipefail
find /usr/share/fonts -type f \( -name '*.ttf' -o -name '*.otf' \) -print -quit 2>/dev/null | grep -q . && exit 0

if [ "$(id -u)" != 0 ] || ! grep -qi '^ID=debian' /etc/os-release 2>/dev/null; then
  echo "evidence: no font under /usr/share/fonts, so the figures would have no text; install one (Debian: apt-get install fonts-dejavu-core)." >&2
  exit 0
fi
echo "evidence: installing fonts-dejavu-core: the figures need a font under /usr/share/fonts for their text."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq fonts-dejavu-core >/dev/null
