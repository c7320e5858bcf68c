#!/bin/sh
# CLI tests of the model language's command-line side: --scale on fit,
# predict and check, scale lines, higher-order constructs (--hoc).
# usage: model.sh WOLD_BINARY SOURCE_DIR
set -u
wold=$1
src=$2
tmp=$(mktemp -d /tmp/wold-cli-model.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

# --scale in every command's help, and its bad values.
for cmd in fit predict check; do
    run ${cmd}_help 0 "$wold" $cmd --help
    grep -q -e "^  --scale MIN:MAX " "$tmp/${cmd}_help.out" ||
        fail "$cmd --help does not describe --scale"
    for v in 1-10 10:1 5:5 1: :5 abc inf:3 1:2:3 ""; do
        run ${cmd}_scale_bad 1 "$wold" $cmd models/acsi.wold datasets/acsi_2000.csv --scale "$v"
        contains ${cmd}_scale_bad "$tmp/${cmd}_scale_bad.err" "wold $cmd: error: --scale: "
    done
    run ${cmd}_scale_missing 1 "$wold" $cmd models/acsi.wold --scale
    contains ${cmd}_scale_missing "$tmp/${cmd}_scale_missing.err" "option --scale needs a value"
done
run scale_order 1 "$wold" check models/acsi.wold --scale 10:1
contains scale_order "$tmp/scale_order.err" "the minimum must be below the maximum, got '10:1'"

# The file's scales win over --scale; check shows them.
cat > "$tmp/s.wold" <<'M'
scale 1:7 q1
Quality =~ q1 + q2 + q3
scale 1:5 Quality
scale =~ s1 + s2
scale ~ Quality
M
run check_scales 0 "$wold" check "$tmp/s.wold" --scale=-1:1
contains check_scales "$tmp/check_scales.out" "Quality =~ q1 + q2 + q3    # Mode A, 3 indicators, scales 1:7 1:5 1:5"
contains check_scales "$tmp/check_scales.out" "scale =~ s1 + s2    # Mode A, 2 indicators, scale -1:1"
run check_noscale 0 "$wold" check "$tmp/s.wold"
lacks check_noscale "$tmp/check_noscale.out" "2 indicators, scale"
printf 'scale 1:5 Quality\nQuality =~ q1 + q2\nscale 1:7 Quality\n' > "$tmp/bad.wold"
run scale_twice 2 "$wold" check "$tmp/bad.wold"
contains scale_twice "$tmp/scale_twice.err" "bad.wold:3:11: error: a second scale for the block of 'Quality' (indicator 'q1'): line 1 already gives it 1:5"

# Higher-order constructs: check, fit both ways, the two-stage refusals.
M=models/csi_three_level.wold
run hoc_sim 0 "$wold" simulate $M -n 500 --seed 8 --scale 1:10 -o "$tmp/panel.csv"
head -1 "$tmp/panel.csv" > "$tmp/header"
contains hoc_sim "$tmp/header" "prd1,prd2,prd3,srv1"
lacks hoc_sim "$tmp/header" "prd1,prd2,prd3,srv1,srv2,srv3,prc1,prc2,wth1,wth2,brd1,brd2,rep1,rep2,prd1"
run hoc_check 0 "$wold" check $M "$tmp/panel.csv"
contains hoc_check "$tmp/hoc_check.out" "# Mode B, 14 indicators, scale 1:10, order 3: repeats Quality + Value + Image"
run hoc_fit 0 "$wold" fit $M "$tmp/panel.csv"
contains hoc_fit "$tmp/hoc_fit.out" "Higher-order constructs (repeated-indicator approach)"
contains hoc_fit "$tmp/hoc_fit.out" "Quality  ->  Product"
run hoc_two 0 "$wold" fit $M "$tmp/panel.csv" --hoc two-stage --format json -o "$tmp/two.json"
contains hoc_two "$tmp/two.json" '"approach": "two-stage"'
contains hoc_two "$tmp/two.json" '"earlier_stages"'
run hoc_two_text 0 "$wold" fit $M "$tmp/panel.csv" --hoc two-stage
contains hoc_two_text "$tmp/hoc_two_text.out" "== Stage 3 of 3: the higher-order constructs"
# A HOC model streams (its later stages from the moments): the report
# equals the in-memory estimate's, which --scores asks for, both
# approaches, also with missing cells (mean replacement).
for ap in repeated two-stage; do
    run hoc_mem_$ap 0 "$wold" fit $M "$tmp/panel.csv" --hoc $ap --scores "$tmp/s_$ap.csv"
    run hoc_stream_$ap 0 "$wold" fit $M "$tmp/panel.csv" --hoc $ap
    cmp -s "$tmp/hoc_mem_$ap.out" "$tmp/hoc_stream_$ap.out" ||
        fail "hoc $ap: the streamed report differs from the in-memory one"
done
awk -F, 'NR > 1 && NR % 7 == 0 { $3 = ""; $9 = "" } { print }' OFS=, \
    "$tmp/panel.csv" >"$tmp/holes.csv"
run hoc_mem_mean 0 "$wold" fit $M "$tmp/holes.csv" --hoc two-stage --missing mean --scores "$tmp/s_mean.csv"
run hoc_stream_mean 0 "$wold" fit $M "$tmp/holes.csv" --hoc two-stage --missing mean
cmp -s "$tmp/hoc_mem_mean.out" "$tmp/hoc_stream_mean.out" ||
    fail "hoc mean: the streamed report differs from the in-memory one"
contains hoc_stream_mean "$tmp/hoc_stream_mean.out" "== Stage 3 of 3"
run hoc_pairwise 0 "$wold" fit $M "$tmp/holes.csv" --missing pairwise
contains hoc_pairwise "$tmp/hoc_pairwise.out" "Higher-order constructs (repeated-indicator approach)"
run hoc_pairwise_two 1 "$wold" fit $M "$tmp/holes.csv" --missing pairwise --hoc two-stage
contains hoc_pairwise_two "$tmp/hoc_pairwise_two.err" "not with --hoc two-stage (use --hoc repeated)"
run hoc_two_boot 1 "$wold" fit $M "$tmp/panel.csv" --hoc two-stage --boot 10
contains hoc_two_boot "$tmp/hoc_two_boot.err" "use --hoc repeated"
run hoc_bad 1 "$wold" fit $M "$tmp/panel.csv" --hoc twostage
contains hoc_bad "$tmp/hoc_bad.err" "did you mean 'two-stage'?"
run hoc_help 0 "$wold" fit --help
grep -q -e "^  --hoc A " "$tmp/hoc_help.out" || fail "fit --help does not describe --hoc"
printf 'H =~ A + B\nA =~ prd1 + prd2\nB =~ srv1 + srv2\nC =~ loy1 + loy2\nC ~ A + H\n' > "$tmp/child.wold"
run hoc_child 2 "$wold" fit "$tmp/child.wold" "$tmp/panel.csv" --hoc two-stage
contains hoc_child "$tmp/hoc_child.err" "child.wold:2:1: error: the two-stage approach replaces 'A' by its score"

run hoc_predict 2 "$wold" predict $M "$tmp/panel.csv"
contains hoc_predict "$tmp/hoc_predict.err" "PLSpredict does not take higher-order constructs"

# Survey weights reach every stage: integer weights give the indices of
# the rows repeated (both approaches; the index section).
awk -F, 'NR == 1 { print $0 ",w"; next } { print $0 "," (NR % 3) + 1 }' \
    "$tmp/panel.csv" >"$tmp/pw.csv"
awk -F, 'NR == 1 { print; next } { for (k = 0; k <= NR % 3; k++) print }' \
    "$tmp/panel.csv" >"$tmp/pr.csv"
for h in repeated two-stage; do
    run hoc_w_$h 0 "$wold" fit $M "$tmp/pw.csv" --weights w --hoc $h --scheme centroid
    run hoc_r_$h 0 "$wold" fit $M "$tmp/pr.csv" --hoc $h --scheme centroid
    for f in w r; do
        sed -n '/^Indices (0-100)/,/^$/p' "$tmp/hoc_${f}_$h.out" >"$tmp/ix_$f"
    done
    [ -s "$tmp/ix_w" ] && cmp -s "$tmp/ix_w" "$tmp/ix_r" ||
        fail "hoc $h: weighted indices differ from the repeated rows'"
done

[ $fails -eq 0 ] || { echo "cli_model: $fails failed"; exit 1; }
echo "cli_model: all passed"
