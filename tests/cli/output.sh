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

# --- -o replaces only regular files; devices and FIFOs are written through ---
# Private device nodes when we may make them (root), so that a broken build
# destroys nothing in /dev; otherwise /dev itself, which a non-root user
# cannot replace.
if mknod "$tmp/full" c 1 7 2>/dev/null && mknod "$tmp/null" c 1 3 2>/dev/null; then
    FULL=$tmp/full NULL=$tmp/null
else
    FULL=/dev/full NULL=/dev/null
fi
run dev_null 0 "$wold" fit $M $D -o $NULL --scores $NULL
[ -c $NULL ] || fail "dev_null: $NULL is no longer a device"
if [ -c $FULL ]; then
    run dev_full 5 "$wold" fit $M $D -o $FULL
    contains dev_full "$tmp/dev_full.err" "wold fit: error: $FULL: cannot write: No space left on device"
    [ -c $FULL ] || fail "dev_full: $FULL is no longer a device"
    run dev_full_scores 5 "$wold" fit $M $D -o "$tmp/r.txt" --scores $FULL
    contains dev_full_scores "$tmp/dev_full_scores.err" "$FULL: cannot write"
    [ -e "$tmp/r.txt" ] && fail "dev_full_scores: committed the report although the scores failed"
    run dev_full_sim 5 "$wold" simulate $M -n 100000 --seed 1 -o $FULL
    contains dev_full_sim "$tmp/dev_full_sim.err" "wold simulate: error: $FULL: cannot write"
    [ -c $FULL ] || fail "dev_full_sim: $FULL is no longer a device"
fi
# The real /dev/full, once a private node has survived (a broken build would
# replace it).
if [ "$FULL" != /dev/full ] && [ -c "$FULL" ] && [ -c /dev/full ] && [ -w /dev/full ]; then
    run real_full 5 "$wold" fit $M $D -o /dev/full
    contains real_full "$tmp/real_full.err" "wold fit: error: /dev/full: cannot write"
    [ -c /dev/full ] || fail "real_full: /dev/full is no longer a device"
fi
# /dev/stdout and /dev/fd/1 are standard output, even when it is a file
# (only when devices are written through: a broken build would replace them).
if [ -c $NULL ] && [ -e /dev/stdout ]; then
    { echo first; "$wold" fit $M $D -o /dev/stdout; } >"$tmp/dev_stdout.out" 2>&1
    head -1 "$tmp/dev_stdout.out" | grep -qx first || fail "dev_stdout: replaced standard output's file"
    contains dev_stdout "$tmp/dev_stdout.out" "Satisfaction"
    [ -L /dev/stdout ] || [ -c /dev/stdout ] || fail "dev_stdout: /dev/stdout was replaced"
fi
mkfifo "$tmp/fifo"
timeout 20 cat "$tmp/fifo" >"$tmp/fifo.out" &
run fifo 0 timeout 20 "$wold" fit $M $D -o "$tmp/fifo"
wait
[ -p "$tmp/fifo" ] || fail "fifo: the FIFO was replaced by a file"
cmp -s "$tmp/fifo.out" tests/golden/acsi_2000.txt || fail "fifo: the report did not come through the FIFO"
# A symbolic link stays; its target is replaced, keeping its mode.
echo old >"$tmp/target.txt"
chmod 640 "$tmp/target.txt"
ln -s target.txt "$tmp/link.txt"
run symlink 0 "$wold" fit $M $D -o "$tmp/link.txt"
[ -L "$tmp/link.txt" ] || fail "symlink: the link was replaced by a file"
cmp -s "$tmp/target.txt" tests/golden/acsi_2000.txt || fail "symlink: the target was not written"
[ "$(stat -c %a "$tmp/target.txt")" = 640 ] || fail "symlink: target mode $(stat -c %a "$tmp/target.txt"), expected 640"
# A read-only file is refused (as root too), and kept.
echo keep >"$tmp/ro.txt"
chmod 444 "$tmp/ro.txt"
run read_only 5 "$wold" fit $M $D -o "$tmp/ro.txt"
contains read_only "$tmp/read_only.err" "wold fit: error: $tmp/ro.txt: cannot write: the file is read-only"
[ "$(cat "$tmp/ro.txt")" = keep ] || fail "read_only: the read-only file was overwritten"
run read_only_sim 5 "$wold" simulate $M -n 10 --seed 1 -o "$tmp/ro.txt"
run is_dir 5 "$wold" fit $M $D -o "$tmp"
no_temp devices "$tmp"

# --- outputs never destroy inputs: usage error before anything is read --------
cp $D "$tmp/in.csv"
cp $M "$tmp/m.wold"
run out_is_data 1 "$wold" fit "$tmp/m.wold" "$tmp/in.csv" -o "$tmp/in.csv"
contains out_is_data "$tmp/out_is_data.err" "wold fit: error: -o $tmp/in.csv is the same file as DATA $tmp/in.csv"
run out_is_data2 1 "$wold" fit "$tmp/m.wold" "$tmp/in.csv" -o "$tmp/./in.csv"
contains out_is_data2 "$tmp/out_is_data2.err" "is the same file as DATA"
ln -s in.csv "$tmp/in_link.csv"
run out_links_data 1 "$wold" fit "$tmp/m.wold" "$tmp/in.csv" --scores "$tmp/in_link.csv"
contains out_links_data "$tmp/out_links_data.err" "--scores $tmp/in_link.csv is the same file as DATA"
run out_is_model 1 "$wold" fit "$tmp/m.wold" "$tmp/in.csv" -o "$tmp/m.wold"
contains out_is_model "$tmp/out_is_model.err" "is the same file as MODEL $tmp/m.wold"
run sim_out_is_model 1 "$wold" simulate "$tmp/m.wold" -n 10 --seed 1 -o "$tmp/m.wold"
contains sim_out_is_model "$tmp/sim_out_is_model.err" "wold simulate: error: -o $tmp/m.wold is the same file as MODEL"
run out_is_out 1 "$wold" fit "$tmp/m.wold" "$tmp/in.csv" -o "$tmp/o.txt" --scores "$tmp/o.txt"
contains out_is_out "$tmp/out_is_out.err" "-o $tmp/o.txt and --scores $tmp/o.txt are the same file"
[ -e "$tmp/o.txt" ] && fail "out_is_out: wrote $tmp/o.txt"
run scores_stdout 1 "$wold" fit "$tmp/m.wold" "$tmp/in.csv" --scores -
contains scores_stdout "$tmp/scores_stdout.err" "<stdout> and --scores <stdout> are the same file"
run stdout_is_data 1 sh -c "\"$wold\" fit \"$tmp/m.wold\" \"$tmp/in.csv\" >> \"$tmp/in.csv\""
contains stdout_is_data "$tmp/stdout_is_data.err" "<stdout> is the same file as DATA $tmp/in.csv"
run stdin_is_out 1 sh -c "\"$wold\" fit \"$tmp/m.wold\" - -o \"$tmp/in.csv\" < \"$tmp/in.csv\""
contains stdin_is_out "$tmp/stdin_is_out.err" "-o $tmp/in.csv is the same file as DATA <stdin>"
run stdin_is_stdout 1 sh -c "\"$wold\" fit \"$tmp/m.wold\" - < \"$tmp/in.csv\" >> \"$tmp/in.csv\""
contains stdin_is_stdout "$tmp/stdin_is_stdout.err" "<stdout> is the same file as DATA <stdin>"
run stdin_twice 1 sh -c "\"$wold\" fit - - < \"$tmp/m.wold\""
contains stdin_twice "$tmp/stdin_twice.err" "wold fit: error: MODEL and DATA cannot both be read from <stdin>"
run check_stdin_twice 1 sh -c "\"$wold\" check - - < \"$tmp/m.wold\""
contains check_stdin_twice "$tmp/check_stdin_twice.err" "wold check: error: MODEL and DATA cannot both be read from <stdin>"
run check_stdout_is_data 1 sh -c "\"$wold\" check \"$tmp/m.wold\" \"$tmp/in.csv\" >> \"$tmp/in.csv\""
contains check_stdout_is_data "$tmp/check_stdout_is_data.err" "wold check: error: <stdout> is the same file as DATA"
run sim_stdout_is_model 1 sh -c "\"$wold\" simulate \"$tmp/m.wold\" -n 10 --seed 1 >> \"$tmp/m.wold\""
contains sim_stdout_is_model "$tmp/sim_stdout_is_model.err" "wold simulate: error: <stdout> is the same file as MODEL"
cmp -s "$tmp/in.csv" $D || fail "an input was changed"
cmp -s "$tmp/m.wold" $M || fail "the model was changed"
run null_twice 0 "$wold" fit $M $D -o $NULL --scores $NULL

# --- outputs are opened first and committed only on success ------------------
# A bad output fails before the data is read (exit 5, not the data's 2).
run out_first 5 "$wold" fit $M "$tmp/absent.csv" -o "$tmp/no/dir/r.txt"
run scores_first 5 "$wold" fit $M $D -o "$tmp/r1.txt" --scores "$tmp/no/dir/s.csv"
[ -e "$tmp/r1.txt" ] && fail "scores_first: wrote the report although --scores cannot be written"
run sim_first 5 "$wold" simulate "$tmp/absent.wold" -n 10 --seed 1 -o "$tmp/no/dir/s.csv"
{ head -3 $D; echo "x,1,2"; } >"$tmp/bad.csv"
run bad_data 2 "$wold" fit $M "$tmp/bad.csv" -o "$tmp/r2.txt" --scores "$tmp/s2.csv"
[ -e "$tmp/r2.txt" ] || [ -e "$tmp/s2.csv" ] && fail "bad_data: left an output behind"
run bad_model_sim 2 "$wold" simulate "$tmp/absent.wold" -n 10 --seed 1 -o "$tmp/s3.csv"
[ -e "$tmp/s3.csv" ] && fail "bad_model_sim: left an output behind"
run no_conv 3 "$wold" fit $M $D --max-iter 1 -o "$tmp/r4.txt" --scores "$tmp/s4.csv"
contains no_conv "$tmp/r4.txt" "NOT CONVERGED"
[ -e "$tmp/s4.csv" ] && fail "no_conv: wrote scores of a fit that did not converge"
contains no_conv "$tmp/no_conv.err" "wold fit: note: --scores $tmp/s4.csv was not written"
no_temp outputs "$tmp"

# --- a signal removes the temporary files, and the process dies of it --------
# wait_temp NAME: waits (up to 10 s) until a temporary file NAME.tmp-* exists
wait_temp() {
    k=0
    while [ $k -lt 200 ] && ! ls "$tmp" | grep -q "^$1\.tmp-"; do
        sleep 0.05; k=$((k + 1))
    done
    ls "$tmp" | grep -q "^$1\.tmp-" || fail "signal: $1.tmp-* never appeared"
}
# signal_test NAME SIG STATUS CMD...: runs CMD in the background (SIG at its
# default action: '&' makes a script's children ignore SIGINT), sends SIG once
# NAME's temporary file exists; CMD must die of it leaving nothing behind.
signal_test() {
    name=$1 sig=$2 want=$3; shift 3
    env --default-signal="$sig" "$@" 2>"$tmp/sig.err" &
    pid=$!
    wait_temp "$name"
    kill -"$sig" $pid
    k=0
    while [ $k -lt 100 ] && kill -0 $pid 2>/dev/null; do sleep 0.05; k=$((k + 1)); done
    if kill -0 $pid 2>/dev/null; then
        fail "signal $sig: $name: still running 5 s after the signal"
        kill -KILL $pid
    fi
    wait $pid
    got=$?
    [ $got = "$want" ] || fail "signal $sig: $name: exit status $got, expected $want (death by signal)"
    [ -e "$tmp/$name" ] && fail "signal $sig: $name: left a partial $name"
    no_temp "signal $sig: $name" "$tmp"
}
if env --default-signal=INT true 2>/dev/null; then
    signal_test big.csv INT 130 "$wold" simulate $M -n 20000000 --seed 1 -o "$tmp/big.csv"
    signal_test big.csv TERM 143 "$wold" simulate $M -n 20000000 --seed 1 -o "$tmp/big.csv"
    # fit: the outputs exist while it waits for its data
    mkfifo "$tmp/data.fifo"
    signal_test r5.txt HUP 129 "$wold" fit $M "$tmp/data.fifo" -o "$tmp/r5.txt" --scores "$tmp/s5.csv"
    [ -e "$tmp/s5.csv" ] && fail "signal: left s5.csv"
    no_temp "signal fit" "$tmp"
else
    echo "SKIPPED: signal tests need env --default-signal"
fi

[ $fails -eq 0 ] || { echo "cli output: $fails failed"; exit 1; }
echo "cli output: all passed"
