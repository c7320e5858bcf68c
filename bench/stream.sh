#!/bin/sh
# bench/stream.sh - the streaming fit of issue 9 (bench/README.md,
# "Streaming"): 10^6, 10^7 and 10^8 rows x 30 Likert items (1-10), `wold
# fit` as a whole process, wall time and peak RSS; the machine's limits in
# the same run (reading the file with cat, counting its lines with wc -l).
# The 10^8 file (about 6 GB) is 10 copies of the 10^7 rows.
# usage: sh bench/stream.sh [BUILD_DIR] [TMP_DIR] [MAX_EXP]  (from the source tree)
set -eu
build=${1:-build}
tmp=${2:-/tmp/wold-stream-bench}
max=${3:-8}
w=$build/wold
m=bench/stream30.wold
mkdir -p "$tmp"
echo "machine: $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(free -g | awk '/Mem/ { print $2 }') GB, load $(cut -d' ' -f1-3 /proc/loadavg)"
[ -s "$tmp/l6.csv" ] || "$w" simulate $m -n 1000000 --seed 6 --scale 1:10 -o "$tmp/l6.csv"
[ "$max" -lt 7 ] || [ -s "$tmp/l7.csv" ] || "$w" simulate $m -n 10000000 --seed 7 --scale 1:10 -o "$tmp/l7.csv"
if [ "$max" -ge 8 ] && [ ! -s "$tmp/l8.csv" ]; then
    head -1 "$tmp/l7.csv" >"$tmp/l8.csv"
    for k in 0 1 2 3 4 5 6 7 8 9; do tail -n +2 "$tmp/l7.csv"; done >>"$tmp/l8.csv"
fi
secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f", e - s }'; }
for e in 6 7 8; do
    [ "$e" -le "$max" ] || continue
    f=$tmp/l$e.csv
    bytes=$(wc -c <"$f")
    s=$(date +%s.%N); cat "$f" >/dev/null; t=$(date +%s.%N)
    echo "10^$e x 30: $bytes bytes; cat: $(secs "$s" "$t") s"
    for run in 1 2 3; do
        s=$(date +%s.%N)
        /usr/bin/time -f "%M" -o "$tmp/rss" "$w" fit $m "$f" --threads 2 -o "$tmp/fit$e.txt"
        t=$(date +%s.%N)
        echo "  wold fit, 2 threads: $(secs "$s" "$t") s wall, peak RSS $(($(cat "$tmp/rss") / 1024)) MB, load $(cut -d' ' -f1 /proc/loadavg)"
    done
done
