#!/bin/sh
# CLI tests of output files (docs/cli.md, "Output files"): what -o and
# --scores write through and what they replace, outputs that would destroy
# inputs, I/O errors (exit 5) and interruption by a signal.
# usage: output.sh WOLD_BINARY SOURCE_DIR
set -u
wold=$1
src=$2
tmp=$(mktemp -d /tmp/wold-out.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1
. "$src/tests/cli/lib.sh"
M=models/acsi.wold
D=datasets/acsi_2000.csv

# --- I/O errors: exit 5, naming the file ------------------------------------
if [ -c /dev/full ] && [ -w /dev/full ]; then
    run full_stdout 5 sh -c "\"$wold\" fit $M $D > /dev/full"
    contains full_stdout "$tmp/full_stdout.err" "wold fit: error: <stdout>: cannot write"
    run full_sim_stdout 5 sh -c "\"$wold\" simulate $M -n 100000 --seed 1 > /dev/full"
    contains full_sim_stdout "$tmp/full_sim_stdout.err" "wold simulate: error: <stdout>: cannot write"
    run full_check 5 sh -c "\"$wold\" check $M > /dev/full"
    contains full_check "$tmp/full_check.err" "wold check: error: <stdout>: cannot write"
    run full_help 5 sh -c "\"$wold\" fit --help > /dev/full"
    run full_version 5 sh -c "\"$wold\" --version > /dev/full"
    contains full_version "$tmp/full_version.err" "wold: error: <stdout>: cannot write"
else
    echo "SKIPPED: /dev/full is absent"
fi
run no_dir 5 "$wold" fit $M $D -o "$tmp/no/such/dir/r.txt"
contains no_dir "$tmp/no_dir.err" "$tmp/no/such/dir/r.txt"
run no_dir_sim 5 "$wold" simulate $M -n 10 --seed 1 -o "$tmp/no/such/dir/s.csv"
no_temp no_dir "$tmp"

[ $fails -eq 0 ] || { echo "cli output: $fails failed"; exit 1; }
echo "cli output: all passed"
