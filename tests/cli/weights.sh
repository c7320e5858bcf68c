#!/bin/sh
# CLI tests of survey weights (--weights COLUMN on fit, predict and check;
# docs/cli.md, "Survey weights") and of the data's scale check.
# usage: weights.sh WOLD_BINARY SOURCE_DIR
set -u
wold=$1
src=$2
tmp=$(mktemp -d /tmp/wold-cli-weights.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

# The first 300 rows of the ACSI panel with integer weights 0..3, and the
# same rows each repeated weight times.
head -301 datasets/acsi_2000.csv | awk -F, -v OFS=, '
    NR == 1 { print $0, "w" > "'"$tmp"'/w.csv"; print $0 > "'"$tmp"'/rep.csv"; next }
    { k = (NR * 7) % 4; print $0, k > "'"$tmp"'/w.csv"
      for (i = 0; i < k; i++) print $0 > "'"$tmp"'/rep.csv" }'
m=models/acsi.wold

for cmd in fit predict check; do
    run ${cmd}_help 0 "$wold" $cmd --help
    grep -q -e "^  --weights COLUMN " "$tmp/${cmd}_help.out" ||
        fail "$cmd --help does not describe --weights"
    run ${cmd}_weights_missing 1 "$wold" $cmd $m "$tmp/w.csv" --weights
    contains ${cmd}_weights_missing "$tmp/${cmd}_weights_missing.err" "option --weights needs a value"
    run ${cmd}_weights_empty 1 "$wold" $cmd $m "$tmp/w.csv" --weights ""
    contains ${cmd}_weights_empty "$tmp/${cmd}_weights_empty.err" "wold $cmd: error: --weights: expected the name of a column of DATA, got ''"
    run ${cmd}_weights_twice 1 "$wold" $cmd $m "$tmp/w.csv" --weights w --weights v
    contains ${cmd}_weights_twice "$tmp/${cmd}_weights_twice.err" "--weights given twice ('w' and 'v')"
    run ${cmd}_weights_typo 2 "$wold" $cmd $m "$tmp/w.csv" --weights W
    contains ${cmd}_weights_typo "$tmp/${cmd}_weights_typo.err" "w.csv:1: error: weight column 'W' is not a column of"
    contains ${cmd}_weights_typo "$tmp/${cmd}_weights_typo.err" "did you mean 'w'?"
done

# Bad weights: at their line and column, saying what was expected.
bad() { # NAME SED-EXPR MESSAGE
    sed "$2" "$tmp/w.csv" > "$tmp/$1.csv"
    for cmd in fit predict check; do
        run ${cmd}_$1 2 "$wold" $cmd $m "$tmp/$1.csv" --weights w
        contains ${cmd}_$1 "$tmp/${cmd}_$1.err" "$3"
    done
}
bad negative '3s/,[0-9]*$/,-0.5/' "negative.csv:3:15: error: column 15 (w): expected a weight >= 0, found \"-0.5\""
bad empty '4s/,[0-9]*$/,/' "empty.csv:4:15: error: column 15 (w): expected a weight (a number >= 0), found a missing cell \"\""
bad na '5s/,[0-9]*$/,NA/' "na.csv:5:15: error: column 15 (w): expected a weight (a number >= 0), found a missing cell \"NA\""
bad text '6s/,[0-9]*$/,heavy/' "text.csv:6:15: error: column 15 (w): expected a weight (a number >= 0), found \"heavy\""
bad comma '7s/,[0-9]*$/,"1,5"/' "comma.csv:7:15: error: column 15 (w): expected a weight (a number >= 0), found \"1,5\""
# All weights 0: no rows left.
sed '2,$s/,[0-9]*$/,0/' "$tmp/w.csv" > "$tmp/zero.csv"
run fit_zero 2 "$wold" fit $m "$tmp/zero.csv" --weights w
contains fit_zero "$tmp/fit_zero.err" "at least 2 are needed"

# Integer weights = repeated rows: the same report but for the data lines
# and the stopping criterion's last digits (rounding noise at 1e-14: the
# iterations agree).
run fit_w 0 "$wold" fit $m "$tmp/w.csv" --weights w
run fit_rep 0 "$wold" fit $m "$tmp/rep.csv"
grep -v -e '^  data ' -e '^  weights ' "$tmp/fit_w.out" |
    sed 's/(criterion [^)]*)//' > "$tmp/a"
grep -v -e '^  data ' "$tmp/fit_rep.out" | sed 's/(criterion [^)]*)//' > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || { fail "fit --weights differs from the repeated rows"; diff "$tmp/a" "$tmp/b" | head; }
n=$(($(wc -l < "$tmp/rep.csv") - 1))
contains fit_w "$tmp/fit_w.out" "  weights    column w: total $n, Kish effective n "
contains fit_w "$tmp/fit_w.out" "  rows used  $n (missing: listwise"
run fit_wj 0 "$wold" fit $m "$tmp/w.csv" --weights w --format json
contains fit_wj "$tmp/fit_wj.out" '"weights": {'
contains fit_wj "$tmp/fit_wj.out" '"column": "w"'
contains fit_wj "$tmp/fit_wj.out" "\"total\": $n"
contains fit_wj "$tmp/fit_wj.out" '"kish_n": '
run fit_plain 0 "$wold" fit $m "$tmp/w.csv"
lacks fit_plain "$tmp/fit_plain.out" "  weights "

# The weighted bootstrap: the same on one thread and on three.
run boot1 0 "$wold" fit $m "$tmp/w.csv" --weights w --boot 30 --ci both --threads 1
run boot3 0 "$wold" fit $m "$tmp/w.csv" --weights w --boot 30 --ci both --threads 3
cmp -s "$tmp/boot1.out" "$tmp/boot3.out" || fail "the weighted bootstrap depends on the threads"
# The jackknife leaves out the rows of positive weight only.
pos=$(awk -F, 'NR > 1 && $NF > 0' "$tmp/w.csv" | wc -l)
contains boot1 "$tmp/boot1.out" "  jackknife   $pos leave-one-out fits"

run predict_w 0 "$wold" predict $m "$tmp/w.csv" --weights w
contains predict_w "$tmp/predict_w.out" "  weights    column w: total $n, Kish effective n "
run predict_wj 0 "$wold" predict $m "$tmp/w.csv" --weights w --format json
contains predict_wj "$tmp/predict_wj.out" '"kish_n": '
run check_w 0 "$wold" check $m "$tmp/w.csv" --weights w
contains check_w "$tmp/check_w.out" "weights column w: every weight a number >= 0; total $n, Kish effective n "

# Data values outside their indicators' scales.
run scale_bad 2 "$wold" fit $m "$tmp/w.csv" --scale 1:9
contains scale_bad "$tmp/scale_bad.err" "is outside the scale 1:9 of indicator"
contains scale_bad "$tmp/scale_bad.err" "(the default scale given for the model, --scale)"
printf 'scale 1:5 sat1\n' | cat $m - > "$tmp/s.wold"
line=$(wc -l < "$tmp/s.wold")
run scale_file 2 "$wold" check "$tmp/s.wold" "$tmp/w.csv"
contains scale_file "$tmp/scale_file.err" "of indicator 'sat1' (the scale on line $line of $tmp/s.wold)"
run scale_ok 0 "$wold" check $m "$tmp/w.csv" --scale 0:10

[ $fails -eq 0 ] || { echo "cli_weights: $fails failed"; exit 1; }
echo "cli_weights: all passed"
