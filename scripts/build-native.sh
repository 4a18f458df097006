#!/usr/bin/env bash
# Builds the native conv engine, a Node-API addon, from native/conv-native/ into
# native/build/convlab-native.node (not committed: scripts/setup.sh runs this on every machine).
# The kernels (conv.c, conv-channels.c, pool.c) are compiled twice, for AVX-512 and for AVX2 + FMA;
# the addon (conv-native.c, with team.c's two threads) picks one at load.
# Needs gcc and Node's headers (node_api.h, next to the node binary: /usr/include/node here).
# Usage: scripts/build-native.sh [OUT_DIR]   (default: native/build)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/native/conv-native"
OUT="${1:-$ROOT/native/build}"
CC="${CC:-gcc}"
NODE_INCLUDE="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")/include/node"
if [ ! -f "$NODE_INCLUDE/node_api.h" ]; then
  echo "build-native: no node_api.h in $NODE_INCLUDE (Node's headers)" >&2
  exit 1
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
FLAGS=(-O3 -fPIC -std=gnu11 -Wall -Wextra -Werror -fvisibility=hidden)
for kernels in conv conv-channels pool; do
  "$CC" "${FLAGS[@]}" -DVW=16 -DSUFFIX=avx512 -mavx512f -mfma -c "$SRC/$kernels.c" -o "$TMP/$kernels-avx512.o"
  "$CC" "${FLAGS[@]}" -DVW=8 -DSUFFIX=avx2 -mavx2 -mfma -c "$SRC/$kernels.c" -o "$TMP/$kernels-avx2.o"
done
"$CC" "${FLAGS[@]}" -c "$SRC/team.c" -o "$TMP/team.o"
"$CC" "${FLAGS[@]}" -I"$NODE_INCLUDE" -c "$SRC/conv-native.c" -o "$TMP/conv-native.o"
mkdir -p "$OUT"
"$CC" -shared -o "$TMP/convlab-native.node" "$TMP"/*.o -lpthread
mv -f "$TMP/convlab-native.node" "$OUT/convlab-native.node"
echo "built $OUT/convlab-native.node"
