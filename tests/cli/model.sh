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

[ $fails -eq 0 ] || { echo "cli_model: $fails failed"; exit 1; }
echo "cli_model: all passed"
