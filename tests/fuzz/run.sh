#!/bin/sh
# run.sh BIN_DIR SECONDS TARGET... - runs each libFuzzer target (in BIN_DIR)
# for SECONDS on a copy of its seed corpus (tests/fuzz/corpus/<target>) in a
# temporary directory, so the repository is never written to.  The targets
# run at once, one process each (libFuzzer uses one core per process).
# An input that fails is kept as BIN_DIR/artifacts/<target>-crash-...;
# prints one line per target and exits 1 if any failed.
set -u
bin=$1
seconds=$2
shift 2
targets=$*
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$bin/artifacts"
pids=
for t in $targets; do
    cp -r "$here/corpus/$t" "$tmp/$t"
    dict=
    [ -f "$here/$t.dict" ] && dict="-dict=$here/$t.dict"
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$bin/$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        $dict -artifact_prefix="$bin/artifacts/$t-" "$tmp/$t" \
        >"$tmp/$t.log" 2>&1 &
    pids="$pids $!"
done
status=0
set -- $pids
for t in $targets; do
    if wait "$1"; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$t.log")
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp/$t.log")
        done_line=$(grep 'DONE' "$tmp/$t.log" | tail -1)
        echo "$t: ok, $runs runs ($rate/s): $done_line"
    else
        echo "$t: FAILED; the input is in $bin/artifacts/; log:"
        grep -v '^#[0-9]' "$tmp/$t.log" | tail -60
        status=1
    fi
    shift
done
exit $status
