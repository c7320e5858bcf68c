#!/bin/sh
# bench/wave.sh - the batch-wave timing of issue 8 (bench/README.md, "The
# batch national index"): 400 companies x 250 respondents x 15
# indicators, 1000 bootstrap replicates per company, `wold index` as a
# whole process on 2 threads.  One run: the machine is shared.
# usage: sh bench/wave.sh [BUILD_DIR] [TMP_DIR]   (from the source tree)
set -eu
build=${1:-build}
tmp=${2:-/tmp/wold-wave-bench}
mkdir -p "$tmp"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/wold" simulate bench/wave.wold -n 250 --seed 2026 --scale 1:10 \
    --groups 400 --industries 40 --sectors 8 -o "$tmp/wave.csv"
echo "wave: $(($(wc -l < "$tmp/wave.csv") - 1)) rows, $(wc -c < "$tmp/wave.csv") bytes"
s=$(date +%s.%N)
/usr/bin/time -f "cpu %U s user + %S s system, peak %M KB" \
    "$build/wold" index bench/wave.wold "$tmp/wave.csv" --group company \
    --industry industry --sector sector --boot 1000 --seed 1 --threads 2 \
    -o "$tmp/wave.txt"
e=$(date +%s.%N)
echo "400 companies x 250 rows x 15 indicators, 1000 replicates each, 2 threads: $(echo "$s $e" | awk '{ printf "%.2f", $2 - $1 }') s wall"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
