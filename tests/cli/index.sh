#!/bin/sh
# CLI tests of the 0-100 indices and grades of wold fit (docs/csi.md): the
# index section in text and JSON, its bootstrap, --scores-metric index,
# --grades FILE and their errors; golden files in tests/golden
# (WOLD_UPDATE_GOLDEN=1 rewrites them).
# usage: index.sh WOLD_BINARY SOURCE_DIR SHARED_DIR
set -u
wold=$1
src=$2
shared=$3
tmp=$(mktemp -d /tmp/wold-cli-index.XXXXXX)
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

M=models/acsi.wold
D=datasets/acsi_2000.csv
run help 0 "$wold" fit --help
contains help "$tmp/help.out" "--scores-metric M"
contains help "$tmp/help.out" "--grades FILE"

# --- the index section with its bootstrap, the same on 1 and 2 threads ----
run boot1 0 "$wold" fit $M $D --boot 60 --seed 4 --threads 1 --ci both -o "$tmp/boot1.txt"
run boot2 0 "$wold" fit $M $D --boot 60 --seed 4 --threads 2 --ci both -o "$tmp/boot2.txt"
cmp -s "$tmp/boot1.txt" "$tmp/boot2.txt" || fail "boot: 1 and 2 threads differ"
sed -n '/^Indices (0-100)/,/^$/p' "$tmp/boot1.txt" >"$tmp/boot_index.txt"
golden index_boot_acsi.txt "$tmp/boot_index.txt"
contains boot1 "$tmp/boot1.txt" "  Indices (0-100)"
contains boot1 "$tmp/boot1.txt" "    Satisfaction "
run boot_out 0 "$wold" fit $M $D --boot 5 --seed 4 -o "$tmp/r.txt" --boot-out "$tmp/bo.csv"
contains boot_out "$tmp/bo.csv" ",index:Expectation,index:Quality,index:Value,index:Satisfaction,index:Complaints,index:Loyalty"
run json 0 "$wold" fit $M $D --boot 20 --seed 4 --format json -o "$tmp/r.json"
contains json "$tmp/r.json" '"index": {'
contains json "$tmp/r.json" '"kind": "extra"'
contains json "$tmp/r.json" '"label": "index:Satisfaction"'
contains json "$tmp/r.json" '"grade_zh": "很不满意"'

# --- the issue's check: SAT 68.51 on the satisfaction data, centroid -------
S=$shared/datasets/satisfaction.csv
if [ -f "$S" ]; then
    run sat 0 "$wold" fit models/satisfaction.wold "$S" --scheme centroid
    sed -n '/^Indices (0-100)/,$p' "$tmp/sat.out" >"$tmp/sat_index.txt"
    golden index_satisfaction.txt "$tmp/sat_index.txt"
    contains sat "$tmp/sat.out" "  SAT   68.51  neutral "
    run sat_json 0 "$wold" fit models/satisfaction.wold "$S" --scheme centroid --format json
    contains sat_json "$tmp/sat_json.out" '"mean_score": 6.85126'
    # The scores on the 0-100 metric: SAT's mean over the rows is the index.
    run sat_scores 0 "$wold" fit models/satisfaction.wold "$S" --scheme centroid -o "$tmp/s.txt" --scores "$tmp/s.csv" --scores-metric index
    head -1 "$tmp/s.csv" | grep -qx "IMAG,EXPE,QUAL,VAL,SAT,LOY" || fail "sat_scores: header"
    mean=$(awk -F, 'NR > 1 { s += $5; n++ } END { printf "%.2f", s / n }' "$tmp/s.csv")
    [ "$mean" = "68.51" ] || fail "sat_scores: SAT's mean score is $mean, not 68.51"
    # Without a scale in the file, --scale gives it.
    grep -v '^scale ' models/satisfaction.wold >"$tmp/noscale.wold"
    run noscale 0 "$wold" fit "$tmp/noscale.wold" "$S" --scheme centroid
    lacks noscale "$tmp/noscale.out" "Indices (0-100)"
    run cli_scale 0 "$wold" fit "$tmp/noscale.wold" "$S" --scheme centroid --scale 0:10
    contains cli_scale "$tmp/cli_scale.out" "  SAT   68.51  neutral "
    run metric_noscale 1 "$wold" fit "$tmp/noscale.wold" "$S" --scores "$tmp/x.csv" --scores-metric index
    contains metric_noscale "$tmp/metric_noscale.err" "--scores-metric index needs the scale of every indicator; imag1 has none"
    contains metric_noscale "$tmp/metric_noscale.err" "--scale MIN:MAX"
    [ -e "$tmp/x.csv" ] && fail "metric_noscale: wrote the scores"
else
    echo "SKIPPED: $S is absent"
fi

# --- a block with a negative weight: no index, a note, an empty column ----
awk 'BEGIN { print "a1,a2,a3,b1";
    for (r = 0; r < 60; r++) { t = r % 7 - 3; u = ((r * 5) % 11) / 5;
        printf "%g,%g,%g,%g\n", 5 + t + 0.3 * u, 5 + t - 0.2 * u + (r % 3) * 0.1,
               5 - 0.5 * t + u, 5 + 0.8 * t + (r % 4) * 0.3 } }' >"$tmp/neg.csv"
printf 'scale 0:10\nA =~ a1 + a2 + a3\nB =~ b1\nB ~ A\n' >"$tmp/neg.wold"
run negative 0 "$wold" fit "$tmp/neg.wold" "$tmp/neg.csv" --scores "$tmp/neg_scores.csv" --scores-metric index
contains negative "$tmp/negative.out" "  A: negative weight of a3 ("
contains negative "$tmp/negative.err" "--scores-metric index: A has no index (negative weight of a3"
[ "$(sed -n 2p "$tmp/neg_scores.csv" | cut -d, -f1)" = "" ] || fail "negative: A's score is not empty"

# --- --grades FILE -----------------------------------------------------
printf '# purchase intention\nlower,upper,label_en,label_zh\n0,49.5,D,丁\n49.5,50,C,丙\n50,100,B,乙\n' >"$tmp/g.csv"
run grades 0 "$wold" fit $M $D --grades "$tmp/g.csv"
sed -n '/^Indices (0-100)/,$p' "$tmp/grades.out" >"$tmp/grades_index.txt"
golden index_grades_file.txt "$tmp/grades_index.txt"
printf 'lower,upper,label_en\n0,60,low\n70,100,high\n' >"$tmp/gap.csv"
run grades_gap 2 "$wold" fit $M $D --grades "$tmp/gap.csv"
contains grades_gap "$tmp/grades_gap.err" "gap.csv:3:1: error: this grade and the one on line 2 leave a gap: one ends at 60, the next starts at 70"
printf 'lower,upper,label_en,stars\n0,100,all,seven\n' >"$tmp/stars.csv"
run grades_stars 2 "$wold" fit $M $D --grades "$tmp/stars.csv"
contains grades_stars "$tmp/grades_stars.err" "stars.csv:2:11: error: stars must be a whole number from 0 to 5, got 'seven'"
run grades_missing 2 "$wold" fit $M $D --grades "$tmp/none.csv"
contains grades_missing "$tmp/grades_missing.err" "none.csv"
run grades_out 1 "$wold" fit $M $D --grades "$tmp/g.csv" -o "$tmp/g.csv"
grep -q purchase "$tmp/g.csv" || fail "grades_out: the grading table was overwritten"

# --- option errors ------------------------------------------------------
run metric_alone 1 "$wold" fit $M $D --scores-metric index
contains metric_alone "$tmp/metric_alone.err" "--scores-metric needs --scores FILE"
run metric_bad 1 "$wold" fit $M $D --scores "$tmp/y.csv" --scores-metric zscore
contains metric_bad "$tmp/metric_bad.err" "--scores-metric"
run metric_std 0 "$wold" fit $M $D -o "$tmp/r2.txt" --scores "$tmp/std.csv" --scores-metric standardized
run metric_default 0 "$wold" fit $M $D -o "$tmp/r3.txt" --scores "$tmp/def.csv"
cmp -s "$tmp/std.csv" "$tmp/def.csv" || fail "metric_std: standardized is not the default"

[ $fails -eq 0 ] || { echo "cli_index: $fails failed"; exit 1; }
echo "cli_index: all passed"
