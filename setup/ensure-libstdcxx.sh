#!/usr/bin/env bash
# TorchSharp 0.107's libLibTorchSharp.so is built with GCC 13+ and needs GLIBCXX_3.4.32.
# Debian 12 ships GCC 12's libstdc++ (up to GLIBCXX_3.4.30), so the first tensor op would fail with
# "version `GLIBCXX_3.4.32' not found". The fix: take libstdc++6 from Debian 13 (trixie), with trixie
# pinned at priority 100 so nothing else on the machine moves to it.
set -euo pipefail
needed="GLIBCXX_3.4.32"

has_needed_libstdcxx() {
  local lib
  for lib in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6; do
    [ -e "$lib" ] && grep -aq "$needed" "$lib" && return 0
  done
  return 1
}

has_needed_libstdcxx && exit 0

manual_steps="  echo 'Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' > /etc/apt/sources.list.d/trixie.sources
  printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie-pin
  apt-get update && apt-get install -y -t trixie libstdc++6"

if [ "$(id -u)" != 0 ] || ! grep -qi '^ID=debian' /etc/os-release 2>/dev/null; then
  echo "DyT.Generated needs libstdc++ with $needed (GCC 13+) for TorchSharp's native library; this machine lacks it." >&2
  echo "On Debian 12, as root:" >&2
  echo "$manual_steps" >&2
  echo "Elsewhere: install libstdc++ from GCC 13 or newer with your package manager." >&2
  exit 1
fi

echo "bootstrap: installing libstdc++6 from Debian 13 (trixie, pinned at priority 100): TorchSharp needs $needed, Debian 12 has up to GLIBCXX_3.4.30."
cat > /etc/apt/sources.list.d/trixie.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie-pin
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq -t trixie libstdc++6 >/dev/null
has_needed_libstdcxx || { echo "bootstrap: libstdc++6 from trixie was installed but still lacks $needed" >&2; exit 1; }
