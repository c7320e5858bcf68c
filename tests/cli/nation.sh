#!/bin/sh
# CLI tests of wold index (the batch national index) and of wold simulate
# waves: run the commands as a user does, compare the report with
# tests/golden (WOLD_UPDATE_GOLDEN=1 rewrites it), regenerate the wave in
# datasets/ and compare it.  usage: nation.sh WOLD_BINARY SOURCE_DIR
set -u
wold=$1
src=$2
tmp=$(mktemp -d /tmp/wold-cli-nation.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

golden() {
    if [ "${WOLD_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$2" "tests/golden/$1"
    elif ! cmp -s "$2" "tests/golden/$1"; then
        fail "$1 differs from tests/golden/$1:"
        diff "tests/golden/$1" "$2" | head -20
    fi
}

# The wave of datasets/ is exactly what its command (datasets/README.md) makes.
run sim_wave 0 "$wold" simulate models/acsi.wold -n 100 --seed 8 --scale 1:10 --groups 12 --industries 4 --sectors 2
cmp -s "$tmp/sim_wave.out" datasets/wave_12x100.csv || fail "simulate: datasets/wave_12x100.csv is not what its command makes"
grep -qF 'wold simulate models/acsi.wold -n 100 --seed 8 --scale 1:10 --groups 12 --industries 4 --sectors 2 -o datasets/wave_12x100.csv' datasets/README.md ||
    fail "datasets/README.md lacks the wave's command"

# Every option is in its command's help.
run top_help 0 "$wold" --help
contains top_help "$tmp/top_help.out" "index MODEL DATA"
run index_help 0 "$wold" index --help
for o in --group --industry --sector --revenue --sector-weights --scale \
         --weights --boot --seed --level --threads --min-n --scheme --tol \
         --max-iter --missing --sep --grades --lang --format -o; do
    grep -q -e "^  $o " "$tmp/index_help.out" || fail "index --help does not describe $o"
done
run sim_help 0 "$wold" simulate --help
for o in --groups --industries --sectors --shift; do
    grep -q -e "^  $o " "$tmp/sim_help.out" || fail "simulate --help does not describe $o"
done

I="$wold index models/acsi.wold datasets/wave_12x100.csv --scale 1:10 --group company --industry industry --sector sector"
R="--revenue datasets/wave_12_revenue.csv --sector-weights datasets/wave_sectors.csv"
run index 0 $I $R --boot 50 --threads 2
golden index_wave.txt "$tmp/index.out"
run index_json1 0 $I $R --boot 50 --threads 1 --format json -o "$tmp/a.json"
run index_json3 0 $I $R --boot 50 --threads 3 --format json -o "$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" || fail "index: --threads 1 and 3 differ"
contains index_json1 "$tmp/a.json" '"sectors_weighted_by": "sector weights"'
contains index_json1 "$tmp/a.json" '"name": "C12"'
no_temp index_json1 "$tmp"
run index_csv 0 $I --format csv
contains index_csv "$tmp/index_csv.out" "level,name,parent,construct,n,weight,index,se,lo,hi,used,grade,status,note"
contains index_csv "$tmp/index_csv.out" "company,C01,I1,Satisfaction,100,1,"
run index_equal 0 $I
contains index_equal "$tmp/index_equal.out" "companies weigh equally (no --revenue)"
contains index_equal "$tmp/index_equal.out" "sectors by their number of companies (no --sector-weights)"
run index_zh 0 $I --lang zh
contains index_zh "$tmp/index_zh.out" "指数: Satisfaction"
run index_small 0 $I --min-n 101
contains index_small "$tmp/index_small.out" "Left out of the aggregates"
contains index_small "$tmp/index_small.out" "C01      too small  100  100 usable rows, fewer than the 101 the run needs (--min-n)"
run index_no_grades 2 $I --grades "$tmp/none.csv"
printf 'lower,upper,label_en\n0,50,low\n50,100,high\n' >"$tmp/g.csv"
run index_grades 0 $I --grades "$tmp/g.csv"
contains index_grades "$tmp/index_grades.out" " low"

# Survey weights: integer weights are the rows repeated (per company).
awk -F, 'NR == 1 { print $0 ",w"; next } { print $0 "," (NR % 3) + 1 }' datasets/wave_12x100.csv >"$tmp/wave_w.csv"
awk -F, 'NR == 1 { print; next } { for (k = 0; k <= NR % 3; k++) print }' datasets/wave_12x100.csv >"$tmp/wave_rep.csv"
W="$wold index models/acsi.wold --scale 1:10 --group company --industry industry --sector sector --format csv"
run index_weights 0 $W "$tmp/wave_w.csv" --weights w
run index_repeated 0 $W "$tmp/wave_rep.csv"
run index_weights_text 0 "$wold" index models/acsi.wold "$tmp/wave_w.csv" --scale 1:10 --group company --weights w
contains index_weights_text "$tmp/index_weights_text.out" "weights    column w: survey weights in every company's fit"
cut -d, -f1-4,7 "$tmp/index_weights.out" | awk -F, '{ printf "%s,%s,%s,%s,%.9f\n", $1, $2, $3, $4, $5 }' >"$tmp/w.cut"
cut -d, -f1-4,7 "$tmp/index_repeated.out" | awk -F, '{ printf "%s,%s,%s,%s,%.9f\n", $1, $2, $3, $4, $5 }' >"$tmp/r.cut"
cmp -s "$tmp/w.cut" "$tmp/r.cut" || fail "index: --weights with integer weights differs from the repeated rows"
run index_bad_weights 2 $W datasets/wave_12x100.csv --weights nope

# Usage errors.
run no_group 1 "$wold" index models/acsi.wold datasets/wave_12x100.csv --scale 1:10
contains no_group "$tmp/no_group.err" "wold index: error: --group COL is required"
run typo 1 $I --revnue x.csv
contains typo "$tmp/typo.err" "did you mean '--revenue'?"
run sector_alone 1 "$wold" index models/acsi.wold datasets/wave_12x100.csv --scale 1:10 --group company --sector sector
contains sector_alone "$tmp/sector_alone.err" "--sector needs --industry"
run weights_alone 1 "$wold" index models/acsi.wold datasets/wave_12x100.csv --scale 1:10 --group company --sector-weights datasets/wave_sectors.csv
contains weights_alone "$tmp/weights_alone.err" "--sector-weights needs --sector"
run bad_format 1 $I --format xml
contains bad_format "$tmp/bad_format.err" "--format: unknown value 'xml'"
run bad_boot 1 $I --boot 0
run bad_threads 1 $I --threads 0

# Bad input: exit 2 at file:line:col.
# acsi.wold declares its scale: the same model without the scale line.
grep -v '^scale' models/acsi.wold >"$tmp/acsi_noscale.wold"
run no_scale 2 "$wold" index "$tmp/acsi_noscale.wold" datasets/wave_12x100.csv --group company
contains no_scale "$tmp/no_scale.err" "no scale for exp1"
run no_column 2 "$wold" index models/acsi.wold datasets/wave_12x100.csv --scale 1:10 --group firm
contains no_column "$tmp/no_column.err" "firm"
printf 'company,revenue\nC01,12x\n' >"$tmp/rev_bad.csv"
run rev_bad 2 $I --revenue "$tmp/rev_bad.csv"
contains rev_bad "$tmp/rev_bad.err" "rev_bad.csv:2:2: error: the revenue of 'C01' is '12x': expected a number"
sed '$d' datasets/wave_12_revenue.csv >"$tmp/rev_short.csv"
run rev_short 2 $I --revenue "$tmp/rev_short.csv"
contains rev_short "$tmp/rev_short.err" "rev_short.csv: error: company 'C12' of the data (column company) has no revenue"
{ cat datasets/wave_12_revenue.csv; echo "C13,5"; } >"$tmp/rev_extra.csv"
run rev_extra 2 $I --revenue "$tmp/rev_extra.csv"
contains rev_extra "$tmp/rev_extra.err" "rev_extra.csv:14:1: error: company 'C13' has a revenue but no rows in the data (column company)"
printf 'sector,weight\nS1,0.6\nS2,0.3\n' >"$tmp/sw_sum.csv"
run sw_sum 2 $I --sector-weights "$tmp/sw_sum.csv"
contains sw_sum "$tmp/sw_sum.err" "sw_sum.csv: error: the sector weights sum to 0.9"
printf 'sector,weight\nS1,1\n' >"$tmp/sw_missing.csv"
run sw_missing 2 $I --sector-weights "$tmp/sw_missing.csv"
contains sw_missing "$tmp/sw_missing.err" "sector 'S2' of the data (column sector) has no weight"
run rev_absent 2 $I --revenue "$tmp/absent.csv"

# Waves: bad options.
run sim_no_groups 1 "$wold" simulate models/acsi.wold -n 10 --seed 1 --industries 3
contains sim_no_groups "$tmp/sim_no_groups.err" "--industries and --sectors need --groups"
run sim_nesting 1 "$wold" simulate models/acsi.wold -n 10 --seed 1 --groups 4 --industries 2 --sectors 3
contains sim_nesting "$tmp/sim_nesting.err" "a wave needs 1 <= sectors <= industries <= groups"
run sim_shift 1 "$wold" simulate models/acsi.wold -n 10 --seed 1 --groups 4 --shift 20

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "nation CLI tests passed"
