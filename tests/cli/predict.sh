#!/bin/sh
# CLI tests of wold predict (PLSpredict): run the command as a user does
# and compare its report with tests/golden (WOLD_UPDATE_GOLDEN=1 rewrites
# it).  usage: predict.sh WOLD_BINARY SOURCE_DIR
set -u
wold=$1
src=$2
tmp=$(mktemp -d /tmp/wold-cli-predict.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

# golden NAME FILE: FILE must equal tests/golden/NAME
golden() {
    if [ "${WOLD_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$2" "tests/golden/$1"
    elif ! cmp -s "$2" "tests/golden/$1"; then
        fail "$1 differs from tests/golden/$1:"
        diff "tests/golden/$1" "$2" | head -20
    fi
}

P="$wold predict models/acsi.wold datasets/acsi_2000.csv"
run top_help 0 "$wold" --help
contains top_help "$tmp/top_help.out" "predict MODEL DATA"
run predict_help 0 "$wold" predict --help
contains predict_help "$tmp/predict_help.out" "--repeats R"
run predict 0 $P --folds 5 --repeats 2 --seed 3
golden predict_acsi.txt "$tmp/predict.out"
run predict_json 0 $P --folds 5 --repeats 2 --seed 3 --format json -o "$tmp/predict_a.json"
run predict_json2 0 $P --folds 5 --repeats 2 --seed 3 --format json -o "$tmp/predict_b.json"
cmp -s "$tmp/predict_a.json" "$tmp/predict_b.json" || fail "predict: the same seed gave different JSON"
contains predict_json "$tmp/predict_a.json" '"q2_predict_centred"'
contains predict_json "$tmp/predict_a.json" '"approach": "earliest"'
run predict_direct 0 $P --folds 5 --repeats 1 --approach direct --missing mean --scheme centroid
contains predict_direct "$tmp/predict_direct.out" "prediction direct antecedents"
run predict_no_data 1 "$wold" predict models/acsi.wold
contains predict_no_data "$tmp/predict_no_data.err" "wold predict: error: expected MODEL and DATA"
run predict_folds 1 $P --folds 1
contains predict_folds "$tmp/predict_folds.err" "--folds: expected an integer from 2 to 1000000000, got '1'"
run predict_repeats 1 $P --repeats 0
contains predict_repeats "$tmp/predict_repeats.err" "--repeats: expected an integer from 1 to 1000000, got '0'"
run predict_seed 1 $P --seed -5
contains predict_seed "$tmp/predict_seed.err" "--seed: expected an integer from 0 to 2147483647, got '-5'"
run predict_seed_text 1 $P --seed abc
contains predict_seed_text "$tmp/predict_seed_text.err" "--seed: expected an integer"
run predict_typo 1 $P --fodls 5
contains predict_typo "$tmp/predict_typo.err" "wold predict: error: unknown option '--fodls'; did you mean '--folds'?"
run predict_approach 1 $P --approach earlist
contains predict_approach "$tmp/predict_approach.err" "--approach: unknown value 'earlist' (expected earliest or direct); did you mean 'earliest'?"
run predict_many_folds 1 $P --folds 2001
contains predict_many_folds "$tmp/predict_many_folds.err" "2001 folds, but the data have only 2000 usable rows"
grep -v -E '^[A-Za-z]+ +~ ' models/acsi.wold >"$tmp/predict_blocks.wold"
run predict_no_paths 2 "$wold" predict "$tmp/predict_blocks.wold" datasets/acsi_2000.csv
contains predict_no_paths "$tmp/predict_no_paths.err" "the model has no structural paths"
printf 'A =~ a1 + a2\nB =~ b1 + b2\nB ~ A\n' >"$tmp/ab.wold"
awk 'BEGIN { print "a1,a2,b1,b2"; s = 5
    for (r = 0; r < 40; r++) { printf "%d,%d,%d,%s\n", r % 7, (r * 3) % 5, (r * 5) % 6, r == 17 ? "5.3" : "4.1" } }' >"$tmp/ab.csv"
run predict_fold_fails 3 "$wold" predict "$tmp/ab.wold" "$tmp/ab.csv" --folds 5 -o "$tmp/ab_report.txt"
contains predict_fold_fails "$tmp/predict_fold_fails.err" "training rows): indicator 'b2' has zero variance"
contains predict_fold_fails "$tmp/predict_fold_fails.err" "repeat 1, fold "
[ -e "$tmp/ab_report.txt" ] && fail "predict_fold_fails: wrote a report"

[ $fails -eq 0 ] || { echo "cli_predict: $fails failed"; exit 1; }
echo "cli_predict: all passed"
