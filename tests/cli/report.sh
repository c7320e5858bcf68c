#!/bin/sh
# CLI tests of wold report (the HTML page, docs/report.md) and wold fit
# --format svg|html: the page's sections and diagram for the ECSI model
# with a bootstrap, the Chinese page, usage errors (exit 1) and nothing
# left behind on failure.  usage: report.sh WOLD_BINARY SOURCE_DIR
set -u
wold=$1
src=$2
tmp=$(mktemp -d /tmp/wold-cli-report.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

M=models/ecsi.wold
D=datasets/ecsi_5000_missing.csv

# count FILE TEXT: occurrences of TEXT in FILE
count() { grep -oF -- "$2" "$1" | wc -l | tr -d ' '; }

# equal NAME GOT WANT
equal() { [ "$2" = "$3" ] || fail "$1: got $2, expected $3"; }

run top_help 0 "$wold" --help
contains top_help "$tmp/top_help.out" "report MODEL DATA"
run help 0 "$wold" report --help
for o in --scheme --tol --max-iter --compat --plsc --missing --sep --weights \
         --scale --grades --target --boot --seed --threads --ci --level \
         --lang -o; do
    grep -q -e "^  $o " "$tmp/help.out" || fail "report --help does not describe $o"
done
run fit_help 0 "$wold" fit --help
contains fit_help "$tmp/fit_help.out" "svg (the path"

# The page of the ECSI model with a bootstrap: every section, one ellipse
# per construct, one arrow per structural path (12), the IPMA of the last
# endogenous construct (Loyalty) and the indices (the model has scales).
run page 0 "$wold" report $M $D --missing mean --boot 100 --seed 3 \
    --ci both -o "$tmp/ecsi.html"
P="$tmp/ecsi.html"
[ -s "$P" ] || fail "page: no report.html"
contains page "$P" '<!DOCTYPE html>'
contains page "$P" '<meta name="viewport"'
contains page "$P" '<html lang="en">'
for id in summary diagram outer inner r2 reliability htmt fornell-larcker \
          effects bootstrap index ipma; do
    contains page "$P" "id=\"$id\""
done
equal ellipses "$(count "$P" '<ellipse class="lv"')" 7
equal arrows "$(count "$P" 'class="path"')" 12
equal indicators "$(count "$P" '<rect class="mv"')" 24
contains page "$P" 'bootstrap p &lt; 0.05'
contains page "$P" 'path:Image-&gt;Expectation'
contains page "$P" '>Loyalty</text>'
lacks page "$P" '<script'
lacks page "$P" 'https://'
lacks page "$P" 'NaN'
no_temp page "$tmp"

# The same run twice gives the same bytes.
run page2 0 "$wold" report $M $D --missing mean --boot 100 --seed 3 \
    --ci both -o "$tmp/ecsi2.html"
cmp -s "$P" "$tmp/ecsi2.html" || fail "page: two runs differ"

# --target, --scale, standard output.
run target 0 "$wold" report $M $D --missing mean --target Satisfaction
contains target "$tmp/target.out" 'id="ipma"'
contains target "$tmp/target.out" 'Satisfaction'
grep -v '^scale' models/ecsi.wold > "$tmp/noscale.wold"
run noscale 0 "$wold" report "$tmp/noscale.wold" $D --missing mean
lacks noscale "$tmp/noscale.out" 'id="ipma"'
lacks noscale "$tmp/noscale.out" 'id="index"'
equal noscale_ellipses "$(count "$tmp/noscale.out" '<ellipse class="lv"')" 7

# Loyalty's indicators without a scale: the default IPMA (of Loyalty) is
# left out with a note; one of Satisfaction needs only its drivers' scales.
grep -v '^scale' $M > "$tmp/part.wold"
echo 'scale 1:10 Image + Expectation + Quality + Value + Satisfaction + Complaints' \
    >> "$tmp/part.wold"
run part 0 "$wold" report "$tmp/part.wold" $D --missing mean
contains part "$tmp/part.err" "note: no IPMA: indicator 'loy1' has no scale"
lacks part "$tmp/part.out" 'id="ipma"'
contains part "$tmp/part.out" 'id="index"'
run part_target 0 "$wold" report "$tmp/part.wold" $D --missing mean \
    --target Satisfaction
contains part_target "$tmp/part_target.out" 'id="ipma"'

# Chinese.
run zh 0 "$wold" report $M $D --missing mean --lang zh -o "$tmp/zh.html"
contains zh "$tmp/zh.html" '<html lang="zh">'
contains zh "$tmp/zh.html" '路径图'
contains zh "$tmp/zh.html" '信度与效度'
contains zh "$tmp/zh.html" 'Noto Sans CJK SC'
lacks zh "$tmp/zh.html" '>Path diagram<'

# wold fit --format svg: the diagram alone; --format html: the page.
run svg 0 "$wold" fit $M $D --missing mean --format svg -o "$tmp/d.svg"
head -c 5 "$tmp/d.svg" | grep -q '<?xml' || fail "svg: no XML declaration"
equal svg_ellipses "$(count "$tmp/d.svg" '<ellipse class="lv"')" 7
equal svg_arrows "$(count "$tmp/d.svg" 'class="path"')" 12
lacks svg "$tmp/d.svg" '<html'
run fit_html 0 "$wold" fit $M $D --missing mean --format html
contains fit_html "$tmp/fit_html.out" 'id="diagram"'

# Usage errors: exit 1, a message naming the option, no output file.
out="$tmp/bad.html"
for args in "--scheme nope" "--missing pairwise" "--boot 0" "--level 2" \
            "--lang fr" "--bogus" "--ci bca" "--jackknife" "--boot-out x.csv" \
            "--target Nope" "--target Image" "--plsc --compat plspm"; do
    name=bad_$(echo "$args" | tr -c 'a-z0-9' '_')
    run "$name" 1 "$wold" report $M $D --missing mean $args -o "$out"
    [ -e "$out" ] && { fail "$name: left $out behind"; rm -f "$out"; }
    grep -q 'wold report: error: ' "$tmp/$name.err" || fail "$name: no error message naming wold report"
done
contains bad_target "$tmp/bad___target__ope_.err" "no latent variable 'Nope'"
# wold report has no --jackknife, so its message does not offer one.
contains bad_ci "$tmp/bad___ci_bca_.err" "--ci needs --boot B"
lacks bad_ci "$tmp/bad___ci_bca_.err" "jackknife"
run no_data 1 "$wold" report $M
contains no_data "$tmp/no_data.err" "expected MODEL and DATA"

# Bad input: exit 2, the output not created and no temporary file left.
run bad_data 2 "$wold" report $M "$tmp/none.csv" -o "$out"
[ -e "$out" ] && fail "bad_data: left $out behind"
no_temp bad_data "$tmp"
# An existing page is kept whole when a run fails.
cp "$P" "$tmp/keep.html"
run keep 2 "$wold" report $M "$tmp/none.csv" -o "$tmp/keep.html"
cmp -s "$P" "$tmp/keep.html" || fail "keep: a failed run changed the page"

# The 20-construct model.
run sim20 0 "$wold" simulate tests/models/wide20.wold -n 300 --seed 5 \
    --scale 1:7 -o "$tmp/w20.csv"
run w20 0 "$wold" report tests/models/wide20.wold "$tmp/w20.csv" \
    -o "$tmp/w20.html"
equal w20_ellipses "$(count "$tmp/w20.html" '<ellipse class="lv"')" 20
equal w20_arrows "$(count "$tmp/w20.html" 'class="path"')" 34

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "all wold report checks passed"
