#!/bin/sh
# bench/boot.sh - the two bootstrap timings of issue 7 (bench/README.md,
# "Bootstrap"), with the machine's dsyrk floor measured in the same run.
# usage: sh bench/boot.sh [BUILD_DIR] [TMP_DIR]   (from the source tree)
set -eu
build=${1:-build}
tmp=${2:-/tmp/wold-boot-bench}
mkdir -p "$tmp"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg)"
# The floor: 1000 x dsyrk of the distinct rows of a resample at n = 10^5,
# p = 24, measured by wold_bench_resample (200 products, scaled).
"$build/bench/wold_bench_resample" --reps 200 --out "$tmp/resample.tsv" | grep -E "^floor|batches of 64 \(reweight_batch\): 200 resamples"
best() { # best of 3 wall-clock seconds of a command
    b=999
    for i in 1 2 3; do
        s=$(date +%s.%N); "$@"; e=$(date +%s.%N)
        b=$(echo "$s $e $b" | awk '{ t = $2 - $1; print (t < $3 ? t : $3) }')
    done
    echo "$b"
}
if [ -f ../shared/datasets/satisfaction.csv ]; then
    t=$(best "$build/wold" fit models/satisfaction.wold ../shared/datasets/satisfaction.csv --boot 1000 --seed 1 -o "$tmp/sat.txt")
    echo "satisfaction, 250 rows, p = 27, 1000 replicates, whole process: $t s"
fi
"$build/wold" simulate models/ecsi.wold -n 100000 --seed 42 --scale 1:10 > "$tmp/ecsi_1e5.csv"
t=$(best "$build/wold" fit models/ecsi.wold "$tmp/ecsi_1e5.csv" -o "$tmp/fit.txt")
echo "ecsi, 10^5 rows, p = 24, the fit alone (read, moments, fit): $t s"
t=$(best "$build/wold" fit models/ecsi.wold "$tmp/ecsi_1e5.csv" --boot 1000 --seed 1 -o "$tmp/boot.txt")
echo "ecsi, 10^5 rows, p = 24, 1000 replicates, whole process: $t s"
