#!/bin/sh
# CLI tests: run the wold command and compare with golden files.
# usage: run.sh WOLD_BINARY SOURCE_DIR SHARED_DIR
set -u
wold=$1
src=$2
fails=0
check() { # name expected-exit command...
    name=$1; want=$2; shift 2
    "$@" >/tmp/wold-cli.out 2>&1; got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit $got, expected $want"; cat /tmp/wold-cli.out
        fails=$((fails + 1))
    fi
}
check version 0 "$wold" --version

# The committed panels are exactly what the commands in datasets/README.md
# write: regenerate each and compare byte for byte.
same_as() { # name committed-file simulate-arguments...
    name=$1; want=$2; shift 2
    tmp=/tmp/wold-cli-$$.csv
    if ! "$wold" simulate "$@" -o "$tmp" >/tmp/wold-cli.out 2>&1; then
        echo "FAIL $name: simulate failed"; cat /tmp/wold-cli.out
        fails=$((fails + 1))
    elif ! cmp -s "$tmp" "$src/$want"; then
        echo "FAIL $name: $want differs from the simulate output"
        fails=$((fails + 1))
    fi
    rm -f "$tmp"
}
same_as dataset-acsi datasets/acsi_2000.csv \
    "$src/models/acsi.wold" -n 2000 --seed 2026 --scale 1:10
same_as dataset-ecsi datasets/ecsi_5000_missing.csv \
    "$src/models/ecsi.wold" -n 5000 --seed 7 --scale 1:10 --missing 0.02
check simulate-bad-scale 1 "$wold" simulate "$src/models/acsi.wold" \
    -n 10 --seed 1 --scale 5:3
[ $fails -eq 0 ] || exit 1
echo "cli: all passed"
