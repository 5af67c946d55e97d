#!/usr/bin/env bash
# Compiles mkl_vendor_shim.c into <output dir>/libs2l_mkl_vendor_shim.so, for places without a C compiler at run
# time (container images: k8s/Dockerfile.jvm runs it in a build stage and sets S2L_NATIVE_DIR). Elsewhere
# org.smalltolarge.lm.CpuKernels compiles the same source itself on first use. Only Linux x86-64 needs it; on other
# machines it says so and builds nothing. Needs gcc (or $CC).
set -euo pipefail
OUT=${1:?usage: build.sh OUTPUT_DIR}
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/mkl_vendor_shim.c"
mkdir -p "$OUT" # exists even when empty, so an image build can copy it on any architecture
if [[ "$(uname -s)" != Linux || "$(uname -m)" != x86_64 ]]; then
  echo "lm-core native: $(uname -s) $(uname -m) is not Linux x86-64; the MKL vendor shim is not built (not needed)"
  exit 0
fi
CC=${CC:-gcc}
if ! command -v "$CC" > /dev/null; then
  echo "lm-core native: error: $CC not found; it is needed to build the MKL vendor shim on Linux x86-64" >&2
  exit 1
fi
LIB="$OUT/libs2l_mkl_vendor_shim.so"
"$CC" -O2 -Wall -Wextra -Werror -shared -fPIC -o "$LIB.tmp" "$SRC" -ldl
mv -f "$LIB.tmp" "$LIB"
echo "lm-core native: built $LIB"
