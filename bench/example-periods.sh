#!/usr/bin/env bash
# Issue 3's budget: building the example with all its periods takes at most twice the time of
# `pohj build --period <latest>`. Measured with hyperfine on a release build (own .build-bench/),
# three rounds of 30 runs each, because this machine is shared and noisy. Prints the ratios;
# asserts nothing.
set -eu -o pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
SUDO=${SUDO-$([ "$(id -u)" = 0 ] || echo sudo)}
command -v hyperfine >/dev/null 2>&1 || { $SUDO apt-get update -qq >/dev/null; $SUDO apt-get install -y -qq hyperfine >/dev/null; }
${SWIFT:-swift} build -c release --product pohj --scratch-path .build-bench >/dev/null
BIN=.build-bench/release/pohj
# The example's latest period (the one that ends last in Content/site.yml).
LATEST=${1:-2021-Q1}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for round in 1 2 3; do
    # Without its build cache every run is a full build (with it, an unchanged project would
    # only re-present the dashboards).
    hyperfine -N -w 3 -r 30 --export-json "$OUT/r$round.json" --prepare "rm -rf $OUT/.all.pohj-cache $OUT/.latest.pohj-cache" \
        "$BIN build --quiet --content Content --output $OUT/all" \
        "$BIN build --quiet --content Content --period $LATEST --output $OUT/latest" >/dev/null
    python3 - "$OUT/r$round.json" "$round" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
a, l = r[0]["mean"], r[1]["mean"]
print(f"round {sys.argv[2]}: all periods {a*1000:.0f} ms, latest period {l*1000:.0f} ms, ratio {a/l:.2f}")
PY
done
