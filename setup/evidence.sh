#!/usr/bin/env bash
# Runs the paper's findings on real MNIST digits and draws them: the ViT with LayerNorm, RMSNorm, DyT and Derf over
# several seeds; Figure 2 (a trained LayerNorm's S-curves) and Figure 8 (DyT's alpha against 1/std of its input);
# BatchNorm against DyT in a [ConvNet] ResNet (DYT001's case); and the LayerNorm-to-DyT conversion, naive and
# calibrated. Writes every PNG and report.md into --out (default artifacts/evidence). About 4 minutes on 2 cores.
# Extra arguments go to the sample (try --help).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/setup/bootstrap.sh"
"$root/setup/ensure-fonts.sh"
dotnet build "$root/samples/Evidence" -c Release -nologo -v quiet -clp:ErrorsOnly
args=("$@")
case " $* " in
  *" --out "*|*" --help "*) ;;
  *) args=(--out "$root/artifacts/evidence" "${args[@]}") ;;
esac
source "$root/setup/native-allocator.sh"
dyt_preload_tcmalloc # libtorch's tensors from tcmalloc (docs/performance.md); DYT_ALLOCATOR=glibc keeps glibc's
exec dotnet "$root/samples/Evidence/bin/Release/net10.0/Evidence.dll" "${args[@]}"
