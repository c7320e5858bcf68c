#!/bin/sh
# CLI tests of wold simulate's writer: --digits and --threads.
# usage: simulate.sh WOLD_BINARY SOURCE_DIR
set -u
wold=$1
src=$2
tmp=$(mktemp -d /tmp/wold-cli-simulate.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

S="$wold simulate models/acsi.wold -n 3000 --seed 9 --missing 0.05"
run sim_help 0 "$wold" simulate --help
contains sim_help "$tmp/sim_help.out" "--digits N"
contains sim_help "$tmp/sim_help.out" "--threads T"

# The same seed gives the same bytes whatever the number of threads.
run sim_t1 0 $S --threads 1
for t in 0 2 3; do
    run sim_t$t 0 $S --threads $t
    cmp -s "$tmp/sim_t1.out" "$tmp/sim_t$t.out" || fail "simulate: --threads $t wrote other bytes than --threads 1"
done
run sim_d1 0 $S --digits 3 --threads 1
run sim_d3 0 $S --digits 3 --threads 3
cmp -s "$tmp/sim_d1.out" "$tmp/sim_d3.out" || fail "simulate --digits 3: --threads 3 wrote other bytes than --threads 1"

# The first row, by hand: the default writes the shortest decimal that
# reads back (what "%.15g/16g/17g, the first that reads back" wrote),
# --digits 3 the values of printf's %.3g.
run sim_row 0 "$wold" simulate models/acsi.wold -n 1 --seed 1
contains sim_row "$tmp/sim_row.out" "-0.34705753230581426,-0.27375522041549855,-0.15760184274618222,-1.6633892301703417,"
run sim_row3 0 "$wold" simulate models/acsi.wold -n 1 --seed 1 --digits 3
contains sim_row3 "$tmp/sim_row3.out" "-0.347,-0.274,-0.158,-1.66,-0.765,-0.0102,-0.688,-1.24,"
# Likert scales stay integers.
run sim_lk 0 "$wold" simulate models/acsi.wold -n 50 --seed 2 --scale 1:10
run sim_lk3 0 "$wold" simulate models/acsi.wold -n 50 --seed 2 --scale 1:10 --digits 3
cmp -s "$tmp/sim_lk.out" "$tmp/sim_lk3.out" || fail "simulate --scale 1:10 --digits 3 changed the integers"

# Bad values name the option and what was expected; nothing is written.
for bad in 0 18 x 2.5; do
    run sim_bad_d$bad 1 $S --digits $bad -o "$tmp/never.csv"
    contains sim_bad_d$bad "$tmp/sim_bad_d$bad.err" "wold simulate: error: --digits"
done
for bad in -1 257 two; do
    run sim_bad_t$bad 1 $S --threads $bad -o "$tmp/never.csv"
    contains sim_bad_t$bad "$tmp/sim_bad_t$bad.err" "wold simulate: error: --threads"
done
[ ! -e "$tmp/never.csv" ] || fail "simulate: a bad option left an output file"
run sim_no_d 1 $S --digits
contains sim_no_d "$tmp/sim_no_d.err" "--digits"

if [ "$fails" -ne 0 ]; then
    echo "$fails simulate CLI check(s) failed"
    exit 1
fi
echo "simulate CLI checks passed"
