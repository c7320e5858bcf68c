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
[ $fails -eq 0 ] || exit 1
echo "cli: all passed"
