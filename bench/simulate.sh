#!/bin/sh
# bench/simulate.sh - the writer of `wold simulate` (bench/README.md,
# "wold simulate"): 10^6 rows x 30 indicators (bench/simulate30.wold) and
# 10^6 x 14 (models/acsi.wold), continuous, as whole processes writing a
# file in the page cache.  Each run prints the load average beside it:
# the machine is shared, so a run under load is repeated, not averaged.
# usage: sh bench/simulate.sh [BUILD_DIR] [TMP_DIR] [OLD_WOLD]
#   OLD_WOLD: an earlier wold binary to time beside (optional)
set -eu
build=${1:-build}
tmp=${2:-/tmp/wold-simulate-bench}
old=${3:-}
mkdir -p "$tmp"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"

# one LABEL WOLD ARGS...: one run, wall time by date, CPU by /usr/bin/time
one() {
    label=$1
    shift
    load=$(cut -d' ' -f1 /proc/loadavg)
    s=$(date +%s.%N)
    /usr/bin/time -o "$tmp/time" -f "%U %S %M" "$@" -o "$tmp/out.csv"
    e=$(date +%s.%N)
    set -- $(cat "$tmp/time")
    printf '%-44s %6.2f s wall  %5.2f user %5.2f sys  %4d MB file  load %s\n' \
        "$label" "$(echo "$s $e" | awk '{ print $2 - $1 }')" "$1" "$2" \
        "$(($(wc -c < "$tmp/out.csv") / 1000000))" "$load"
}

S30="simulate bench/simulate30.wold -n 1000000 --seed 1"
S14="simulate models/acsi.wold -n 1000000 --seed 1"
one "10^6 x 30, shortest, all cores" "$build/wold" $S30
one "10^6 x 30, shortest, --threads 1" "$build/wold" $S30 --threads 1
one "10^6 x 30, --digits 6, all cores" "$build/wold" $S30 --digits 6
one "10^6 x 30, Likert --scale 1:10, all cores" "$build/wold" $S30 --scale 1:10
one "10^6 x 14 (acsi), shortest, all cores" "$build/wold" $S14
if [ -n "$old" ]; then
    one "10^6 x 14 (acsi), the earlier wold" "$old" $S14
fi
rm -f "$tmp/out.csv" "$tmp/time"
