#!/bin/sh
# CLI tests of determinism (docs/methods.md, "Sums and the merge tree"):
# wold fit's output is byte-identical whatever the BLAS threads and the
# cores, on a small file with missing cells and on one of several chunks.
# usage: determinism.sh WOLD_BINARY SOURCE_DIR
set -u
wold=$1
src=$2
tmp=$(mktemp -d /tmp/wold-cli-determinism.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

m=models/ecsi.wold
run sim 0 "$wold" simulate $m -n 40000 --seed 5 --scale 1:10 --missing 0.01 \
    -o "$tmp/sim.csv"
for f in datasets/ecsi_5000_missing.csv "$tmp/sim.csv"; do
    for rule in listwise mean; do
        base=$(basename "$f" .csv)_$rule
        OPENBLAS_NUM_THREADS=1 run ${base}_1 0 "$wold" fit $m "$f" \
            --missing $rule --format json
        OPENBLAS_NUM_THREADS=2 run ${base}_2 0 "$wold" fit $m "$f" \
            --missing $rule --format json
        cmp -s "$tmp/${base}_1.out" "$tmp/${base}_2.out" ||
            fail "$base: OPENBLAS_NUM_THREADS=1 and =2 differ"
        if command -v taskset >/dev/null 2>&1; then
            run ${base}_c0 0 taskset -c 0 "$wold" fit $m "$f" \
                --missing $rule --format json
            cmp -s "$tmp/${base}_1.out" "$tmp/${base}_c0.out" ||
                fail "$base: one core and all cores differ"
        fi
    done
done

[ $fails -eq 0 ] || { echo "cli_determinism: $fails failed"; exit 1; }
echo "cli_determinism: all passed"
