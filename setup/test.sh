#!/usr/bin/env bash
# The README's second command: prepare the machine, then build and run every test project of the solution.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/setup/bootstrap.sh"
exec dotnet test "$root/DyT.Generated.sln" -c Release "$@"
