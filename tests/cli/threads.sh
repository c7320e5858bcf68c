#!/bin/sh
# Determinism of the streamed fit (docs/scale.md): the same bytes whatever
# the number of reader threads, and from standard input; --missing
# pairwise from the sums.  (One pinned core and OpenBLAS's threads:
# determinism.sh.)
# usage: threads.sh WOLD_BINARY SOURCE_DIR
set -u
wold=$1
src=$2
tmp=$(mktemp -d /tmp/wold-cli-threads.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

# About 8 MB: eight 1 MiB chunks, decimals of every length (the model
# without its 1:10 scale, which simulated decimals would break).
m=$tmp/ecsi.wold
grep -v '^scale' models/ecsi.wold >"$m"
"$wold" simulate $m -n 16000 --seed 7 --missing 0.02 -o "$tmp/d.csv" ||
    fail "simulate"

for rule in listwise mean pairwise; do
    for fmt in text json; do
        base="$tmp/$rule.$fmt.1"
        run ${rule}_${fmt}_1 0 "$wold" fit $m "$tmp/d.csv" --missing $rule \
            --format $fmt --threads 1 -o "$base"
        for t in 2 3 0; do
            run ${rule}_${fmt}_$t 0 "$wold" fit $m "$tmp/d.csv" \
                --missing $rule --format $fmt --threads $t \
                -o "$tmp/$rule.$fmt.$t"
            cmp -s "$base" "$tmp/$rule.$fmt.$t" ||
                fail "$rule $fmt: --threads 1 and $t differ"
        done
    done
done

# Standard input is streamed in order: the same bytes (its name aside).
cat "$tmp/d.csv" | "$wold" fit $m - --missing mean --threads 2 \
    >"$tmp/stdin" 2>"$tmp/stdin.err" || fail "stdin: exit $?"
sed "s|$tmp/d.csv|<stdin>|" "$tmp/mean.text.1" >"$tmp/mean.stdin"
cmp -s "$tmp/mean.stdin" "$tmp/stdin" || fail "stdin differs from the file"

# Pairwise deletion is reported as such and refused where rows are needed.
contains pairwise_text "$tmp/pairwise.text.1" "pairwise"
run pairwise_boot 1 "$wold" fit $m "$tmp/d.csv" --missing pairwise --boot 10
contains pairwise_boot "$tmp/pairwise_boot.err" "--missing pairwise gives moments only, not rows: it cannot be used with --boot"
run pairwise_scores 1 "$wold" fit $m "$tmp/d.csv" --missing pairwise \
    --scores "$tmp/s.csv"
contains pairwise_scores "$tmp/pairwise_scores.err" "cannot be used with --scores"

# --threads is a reader option of every command that reads data.
for cmd in fit check predict ipma index; do
    run ${cmd}_help 0 "$wold" $cmd --help
    grep -q -e "--threads" "$tmp/${cmd}_help.out" ||
        fail "$cmd --help does not describe --threads"
done
run threads_bad 1 "$wold" fit $m "$tmp/d.csv" --threads -1
run check_threads 0 "$wold" check $m "$tmp/d.csv" --threads 3

# The first error in file order, whichever thread meets it: a bad cell in
# the last chunk and one in the third; the third's is reported.
awk -F, -v OFS=, 'NR == 15000 { $3 = "oops" } NR == 6000 { $2 = "bad" } { print }' \
    "$tmp/d.csv" >"$tmp/bad.csv"
for t in 1 2 3; do
    run bad$t 2 "$wold" fit $m "$tmp/bad.csv" --threads $t
    contains bad$t "$tmp/bad$t.err" "bad.csv:6000:2: error: column 2"
done
cmp -s "$tmp/bad1.err" "$tmp/bad3.err" || fail "bad: the messages differ"

if [ "$fails" -ne 0 ]; then
    echo "$fails CLI thread test(s) failed"
    exit 1
fi
echo "all CLI thread tests passed"
