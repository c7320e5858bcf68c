#!/bin/sh
# CLI tests of wold ipma (the importance-performance map): run the command
# as a user does and compare its report with tests/golden
# (WOLD_UPDATE_GOLDEN=1 rewrites it).  usage: ipma.sh WOLD_BINARY SOURCE_DIR
set -u
wold=$1
src=$2
tmp=$(mktemp -d /tmp/wold-cli-ipma.XXXXXX)
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

I="$wold ipma models/acsi.wold datasets/acsi_2000.csv"
run top_help 0 "$wold" --help
contains top_help "$tmp/top_help.out" "ipma MODEL DATA"
run ipma_help 0 "$wold" ipma --help
for o in --target --scale --scheme --tol --max-iter --missing --weights \
         --boot --seed --threads --level --lang --sep --format -o; do
    grep -q -e "^  $o " "$tmp/ipma_help.out" ||
        fail "ipma --help does not describe $o"
done
run ipma 0 $I --target Satisfaction --scale 1:10
golden ipma_acsi.txt "$tmp/ipma.out"
run ipma_csv 0 $I --target Satisfaction --scale 1:10 --format csv
golden_num ipma_acsi.csv "$tmp/ipma_csv.out"
contains ipma_csv "$tmp/ipma_csv.out" "level,rank,name,block,weight,importance,performance,potential"
run ipma_json 0 $I --target Loyalty --scale 1:10 --format json -o "$tmp/ipma.json"
contains ipma_json "$tmp/ipma.json" '"target": "Loyalty"'
contains ipma_json "$tmp/ipma.json" '"constructs"'
run ipma_zh 0 $I --target Satisfaction --scale 1:10 --lang zh
contains ipma_zh "$tmp/ipma_zh.out" "重要性"
# The bootstrap: same seed, any thread count, the same bytes.
run ipma_boot1 0 $I --target Satisfaction --scale 1:10 --boot 40 --seed 5 --threads 1 --format csv
run ipma_boot2 0 $I --target Satisfaction --scale 1:10 --boot 40 --seed 5 --threads 2 --format csv
cmp -s "$tmp/ipma_boot1.out" "$tmp/ipma_boot2.out" ||
    fail "ipma --boot: the thread count changed the output"
contains ipma_boot1 "$tmp/ipma_boot1.out" ",se,lower,upper"
run ipma_boot_text 0 $I --target Satisfaction --scale 1:10 --boot 20 --level 0.9
contains ipma_boot_text "$tmp/ipma_boot_text.out" "20 of 20 replicates used, seed 1, 90% percentile intervals"
# Weights: integer weights are repeated rows.
awk -F, 'NR == 1 { print $0 ",w"; next } NR <= 301 { print $0 "," (NR % 3) }' datasets/acsi_2000.csv >"$tmp/w.csv"
awk -F, 'NR == 1 { print; next } NR <= 301 { for (k = 0; k < NR % 3; k++) print }' datasets/acsi_2000.csv >"$tmp/rep.csv"
run ipma_w 0 "$wold" ipma models/acsi.wold "$tmp/w.csv" --weights w --target Satisfaction --scale 1:10 --format csv
run ipma_rep 0 "$wold" ipma models/acsi.wold "$tmp/rep.csv" --target Satisfaction --scale 1:10 --format csv
awk -F, 'NR > 1 { printf "%s %s %.10f %.10f\n", $1, $3, $6, $7 }' "$tmp/ipma_w.out" >"$tmp/w.num"
awk -F, 'NR > 1 { printf "%s %s %.10f %.10f\n", $1, $3, $6, $7 }' "$tmp/ipma_rep.out" >"$tmp/rep.num"
cmp -s "$tmp/w.num" "$tmp/rep.num" || fail "ipma --weights: integer weights differ from repeated rows"
# Errors.
run ipma_no_target 1 $I --scale 1:10
contains ipma_no_target "$tmp/ipma_no_target.err" "wold ipma: error: expected --target LV"
run ipma_typo 1 $I --target Satisfation --scale 1:10
contains ipma_typo "$tmp/ipma_typo.err" "--target: the model has no latent variable 'Satisfation'; did you mean 'Satisfaction'?"
run ipma_exo 1 $I --target Expectation --scale 1:10
contains ipma_exo "$tmp/ipma_exo.err" "--target: 'Expectation' has no predecessor; the constructs with predecessors are Quality, Value, Satisfaction, Complaints, Loyalty"
run ipma_exo_close 1 $I --target Qualty --scale 1:10
contains ipma_exo_close "$tmp/ipma_exo_close.err" "did you mean 'Quality'?"
# acsi.wold declares its scale: the same model without the scale line.
grep -v '^scale' models/acsi.wold >"$tmp/acsi_noscale.wold"
U="$wold ipma $tmp/acsi_noscale.wold datasets/acsi_2000.csv"
run ipma_no_scale 2 $U --target Satisfaction
contains ipma_no_scale "$tmp/ipma_no_scale.err" "acsi_noscale.wold:26:"
contains ipma_no_scale "$tmp/ipma_no_scale.err" "indicator 'exp1' has no scale"
contains ipma_no_scale "$tmp/ipma_no_scale.err" "--scale MIN:MAX"
run ipma_seed 1 $I --target Satisfaction --scale 1:10 --seed 3
contains ipma_seed "$tmp/ipma_seed.err" "--seed needs --boot B"
run ipma_format 1 $I --target Satisfaction --scale 1:10 --format xml
contains ipma_format "$tmp/ipma_format.err" "--format: unknown value 'xml' (expected text, json or csv)"
run ipma_bad_scale 1 $I --target Satisfaction --scale 10:1
contains ipma_bad_scale "$tmp/ipma_bad_scale.err" "--scale"
run ipma_opt 1 $I --target Satisfaction --scael 1:10
contains ipma_opt "$tmp/ipma_opt.err" "did you mean '--scale'?"
printf 'A =~ a1 + a2 + a3\nB =~ b1 + b2\nB ~ A\nscale 1:5\n' >"$tmp/neg.wold"
awk 'BEGIN { print "a1,a2,a3,b1,b2"; for (r = 0; r < 60; r++) {
    a = r % 5; e = (r * 7) % 3 - 1; b = a + e; if (b < 0) b = 0; if (b > 4) b = 4
    printf "%d,%d,%d,%d,%d\n", a + 1, 5 - a, (a + (r % 2)) % 5 + 1, b + 1, (a + b) / 2 + 1 } }' >"$tmp/neg.csv"
run ipma_neg 3 "$wold" ipma "$tmp/neg.wold" "$tmp/neg.csv" --target B
contains ipma_neg "$tmp/ipma_neg.err" "the IPMA needs non-negative weights: indicator 'a2' of block 'A'"
[ ! -e "$tmp/never.txt" ] || fail "ipma: an output was left behind"
run ipma_fail_out 2 $U --target Satisfaction -o "$tmp/never.txt"
[ ! -e "$tmp/never.txt" ] || fail "ipma: a failed run left its output"
no_temp ipma_fail_out "$tmp"

# ---- wold metrics -------------------------------------------------------
cat >"$tmp/m.csv" <<'CSV'
region,w,nps,sat,effort,q1,q2,q3,start,end,new,note
north,1,10,5,2,4,5,3,100,95,10,fine
north,2,9,4,3,5,4,4,80,78,5,
south,1,6,3,5,3,3,2,120,100,20,"slow, late"
south,3,0,5,1,5,5,5,50,52,4,
CSV
M="$wold metrics $tmp/m.csv"
contains top_help "$tmp/top_help.out" "metrics DATA"
run metrics_help 0 "$wold" metrics --help
for o in --nps --csat --ces --score --ratio --retention --repeat --clv \
         --csat-scale --ces-scale --score-scale --standard --group --weights \
         --level --lang --sep --format -o; do
    grep -q -e "^  $o " "$tmp/metrics_help.out" ||
        fail "metrics --help does not describe $o"
done
run metrics 0 $M --nps nps --csat sat --ces effort --score p=0.6:q1+q2 --score s=0.4:q3 --standard 3 --retention start:end:new --group region --format csv
sed "s|$tmp/||" "$tmp/metrics.out" >"$tmp/metrics.csv"
golden metrics_panel.csv "$tmp/metrics.csv"
contains metrics "$tmp/metrics.out" "north,nps,nps,100,"
contains metrics "$tmp/metrics.out" "south,nps,nps,-100,"
run metrics_text 0 $M --nps nps --weights w --group region
contains metrics_text "$tmp/metrics_text.out" "weights    column w (intervals on Kish's effective n)"
run metrics_json 0 $M --nps nps --weights w --format json --lang zh
contains metrics_json "$tmp/metrics_json.out" '"kish_n": 3.2666666666666666'
run metrics_zh 0 $M --nps nps --lang zh
contains metrics_zh "$tmp/metrics_zh.out" "净推荐值"
run metrics_stdin 0 sh -c "$wold metrics - --csat sat:5 <'$tmp/m.csv'"
contains metrics_stdin "$tmp/metrics_stdin.out" "CSAT (%)"
printf 'id,nps\n1,3\n2,11\n' >"$tmp/bad.csv"
run metrics_range 2 "$wold" metrics "$tmp/bad.csv" --nps nps
contains metrics_range "$tmp/metrics_range.err" "bad.csv:3:2: error: an NPS answer must be a whole number from 0 to 10"
run metrics_none 1 $M
contains metrics_none "$tmp/metrics_none.err" "wold metrics: error: no metric asked for"
run metrics_col 2 $M --nps npx
contains metrics_col "$tmp/metrics_col.err" "no column 'npx' (npx); did you mean 'nps'?"
run metrics_syntax 1 $M --score p:q1
contains metrics_syntax "$tmp/metrics_syntax.err" "wold metrics: error: --score: expected NAME=WEIGHT:COL+COL"
run metrics_cut 1 $M --csat sat:9
contains metrics_cut "$tmp/metrics_cut.err" "the cut-off must lie above 1 and at most 5"
run metrics_scale 1 $M --ces effort --ces-scale 7:1
contains metrics_scale "$tmp/metrics_scale.err" "--ces-scale: expected MIN:MAX with MIN < MAX, got '7:1'"
run metrics_typo 1 $M --nsp nps
contains metrics_typo "$tmp/metrics_typo.err" "did you mean '--nps'?"
run metrics_level 1 $M --nps nps --level 2
contains metrics_level "$tmp/metrics_level.err" "--level: expected a number between 0 and 1"

[ "$fails" = 0 ] && echo "ipma and metrics CLI tests passed"
exit "$fails"
