#!/bin/sh
# CLI tests: run the wold command as a user does and compare its output
# with golden files in tests/golden (WOLD_UPDATE_GOLDEN=1 rewrites them).
# usage: run.sh WOLD_BINARY SOURCE_DIR SHARED_DIR
set -u
wold=$1
src=$2
shared=$3
tmp=$(mktemp -d /tmp/wold-cli.XXXXXX)
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

# --- general ---------------------------------------------------------------
run version 0 "$wold" --version
contains version "$tmp/version.out" "wold 0.1.0"
run help 0 "$wold" --help
contains help "$tmp/help.out" "exit codes"
run fit_help 0 "$wold" fit --help
contains fit_help "$tmp/fit_help.out" "--compat plspm"
# Every option wold fit takes is in its help (the bootstrap's were not).
for o in --scheme --tol --max-iter --compat --unscaled --plsc --missing --sep \
         --format -o --scores --boot --seed --threads --ci --level \
         --sign-change --boot-failures --boot-out --jackknife --htmt-threshold; do
    grep -q -e "^  $o " "$tmp/fit_help.out" ||
        fail "fit --help does not describe $o"
done
run predict_help 0 "$wold" predict --help
for o in --folds --repeats --seed --approach --scheme --missing --format -o; do
    grep -q -e "^  $o " "$tmp/predict_help.out" ||
        fail "predict --help does not describe $o"
done
run no_command 1 "$wold"
run unknown_command 1 "$wold" frobnicate
contains unknown_command "$tmp/unknown_command.err" "unknown command 'frobnicate'"

# --- usage errors: exit 1, naming the option --------------------------------
run fit_no_data 1 "$wold" fit models/acsi.wold
contains fit_no_data "$tmp/fit_no_data.err" "expected MODEL and DATA"
run bad_scheme 1 "$wold" fit models/acsi.wold datasets/acsi_2000.csv --scheme foo
contains bad_scheme "$tmp/bad_scheme.err" "--scheme: unknown value 'foo'"
run bad_tol 1 "$wold" fit models/acsi.wold datasets/acsi_2000.csv --tol -1
contains bad_tol "$tmp/bad_tol.err" "--tol: expected a positive number"
run bad_iter 1 "$wold" fit models/acsi.wold datasets/acsi_2000.csv --max-iter x
contains bad_iter "$tmp/bad_iter.err" "--max-iter: expected an integer"
run missing_value 1 "$wold" fit models/acsi.wold datasets/acsi_2000.csv --scores
contains missing_value "$tmp/missing_value.err" "option --scores needs a value"
run bad_option 1 "$wold" fit models/acsi.wold datasets/acsi_2000.csv --frob
contains bad_option "$tmp/bad_option.err" "unknown option '--frob'"
run bad_scale 1 "$wold" simulate models/acsi.wold -n 10 --seed 1 --scale 10:1
contains bad_scale "$tmp/bad_scale.err" "--scale"
run bad_missing 1 "$wold" simulate models/acsi.wold -n 10 --seed 1 --missing 1.5
contains bad_missing "$tmp/bad_missing.err" "--missing"

# --- usage errors: one prefix, the valid values, the closest suggested -------
# (issue 6, item 5)
F="$wold fit models/acsi.wold datasets/acsi_2000.csv"
run typo_option 1 $F --shceme centroid
contains typo_option "$tmp/typo_option.err" "wold fit: error: unknown option '--shceme'; did you mean '--scheme'?"
run typo_option_eq 1 $F --max-itre=5
contains typo_option_eq "$tmp/typo_option_eq.err" "unknown option '--max-itre'; did you mean '--max-iter'?"
run typo_scheme 1 $F --scheme centriod
contains typo_scheme "$tmp/typo_scheme.err" "wold fit: error: --scheme: unknown value 'centriod' (expected path, centroid or factorial); did you mean 'centroid'?"
run typo_compat 1 $F --compat plsmp
contains typo_compat "$tmp/typo_compat.err" "--compat: unknown value 'plsmp' (expected plspm or none); did you mean 'plspm'?"
run typo_missing 1 $F --missing listwsie
contains typo_missing "$tmp/typo_missing.err" "(expected listwise, mean or pairwise); did you mean 'listwise'?"
run typo_format 1 $F --format jsno
contains typo_format "$tmp/typo_format.err" "did you mean 'json'?"
run far_value 1 $F --format xml
contains far_value "$tmp/far_value.err" "--format: unknown value 'xml' (expected text, json, svg, html, csv, long or xlsx)"
lacks far_value "$tmp/far_value.err" "did you mean"
run typo_sep 1 "$wold" check models/acsi.wold datasets/acsi_2000.csv --sep tabs
contains typo_sep "$tmp/typo_sep.err" "wold check: error: --sep: expected ',', ';' or 'tab', got 'tabs'; did you mean 'tab'?"
run check_typo 1 "$wold" check models/acsi.wold --sepp ';'
contains check_typo "$tmp/check_typo.err" "wold check: error: unknown option '--sepp'; did you mean '--sep'?"
run sim_typo 1 "$wold" simulate models/acsi.wold -n 10 --sede 1
contains sim_typo "$tmp/sim_typo.err" "wold simulate: error: unknown option '--sede'; did you mean '--seed'?"
run top_typo 1 "$wold" fti models/acsi.wold
contains top_typo "$tmp/top_typo.err" "wold: error: unknown command 'fti' (expected fit, check, simulate, predict, ipma, metrics, index, moments, merge or report); did you mean 'fit'?"
run top_typo_index 1 "$wold" idnex models/acsi.wold
contains top_typo_index "$tmp/top_typo_index.err" "did you mean 'index'?"
run top_option 1 "$wold" --verison
contains top_option "$tmp/top_option.err" "wold: error: unknown option '--verison'; did you mean '--version'?"
run top_none 1 "$wold"
contains top_none "$tmp/top_none.err" "wold: error: expected a command"
# Every usage error starts with its command's prefix.
k=0
while IFS=@ read -r prefix args; do
    k=$((k + 1))
    run "prefix$k" 1 sh -c "\"$wold\" $args"
    head -1 "$tmp/prefix$k.err" | grep -q "^$prefix error: " ||
        fail "prefix$k: '$args' does not start with '$prefix error: ': $(head -1 "$tmp/prefix$k.err")"
done <<'EOF_CASES'
wold:@frobnicate
wold:@--frob
wold:@
wold fit:@fit
wold fit:@fit models/acsi.wold
wold fit:@fit models/acsi.wold a b c
wold fit:@fit - -
wold fit:@fit models/acsi.wold datasets/acsi_2000.csv --tol
wold fit:@fit models/acsi.wold datasets/acsi_2000.csv --tol x
wold fit:@fit models/acsi.wold datasets/acsi_2000.csv --tol inf
wold fit:@fit models/acsi.wold datasets/acsi_2000.csv --max-iter 0
wold fit:@fit models/acsi.wold datasets/acsi_2000.csv --sep '|'
wold fit:@fit models/acsi.wold datasets/acsi_2000.csv --compat r
wold check:@check
wold check:@check a b c
wold check:@check models/acsi.wold --frob
wold check:@check models/acsi.wold --sep
wold simulate:@simulate
wold simulate:@simulate models/acsi.wold -n 0 --seed 1
wold simulate:@simulate models/acsi.wold -n 10 --seed -1
wold simulate:@simulate models/acsi.wold -n 10 --seed 1 --scale 1-10
wold simulate:@simulate models/acsi.wold -n 10 --seed 1 --missing nan
wold simulate:@simulate models/acsi.wold models/acsi.wold -n 10 --seed 1
EOF_CASES

# --- the CLI validates option values; the library's messages never name a
# flag the user did not see (issue 6, item 6) ---------------------------------
run tol_inf 1 $F --tol inf
contains tol_inf "$tmp/tol_inf.err" "wold fit: error: --tol: expected a positive number, got 'inf'"
run tol_nan 1 $F --tol nan
contains tol_nan "$tmp/tol_nan.err" "wold fit: error: --tol:"

# --- bad input: exit 2, located ---------------------------------------------
printf 'A =~ a1 + a2\nB =~ b1 +\n' >"$tmp/dangling.wold"
run dangling 2 "$wold" check "$tmp/dangling.wold"
contains dangling "$tmp/dangling.err" "dangling.wold:2:"
run no_model 2 "$wold" fit "$tmp/absent.wold" datasets/acsi_2000.csv
contains no_model "$tmp/no_model.err" "absent.wold"
sed 's/^exp1,/expx,/' datasets/acsi_2000.csv >"$tmp/renamed.csv"
run missing_column 2 "$wold" fit models/acsi.wold "$tmp/renamed.csv"
contains missing_column "$tmp/missing_column.err" "models/acsi.wold:"
contains missing_column "$tmp/missing_column.err" "exp1"
{ head -3 datasets/acsi_2000.csv; head -4 datasets/acsi_2000.csv | tail -1 | sed 's/^[0-9]*,/x7,/'; } >"$tmp/text_cell.csv"
run text_cell 2 "$wold" fit models/acsi.wold "$tmp/text_cell.csv"
contains text_cell "$tmp/text_cell.err" "text_cell.csv:4:1: error"
contains text_cell "$tmp/text_cell.err" "x7"

# --- --sep: one parser for fit and check ------------------------------------
tr ',' ';' <datasets/acsi_2000.csv >"$tmp/semi.csv"
run sep_fit 0 "$wold" fit models/acsi.wold "$tmp/semi.csv" --sep ';'
run sep_check 0 "$wold" check models/acsi.wold "$tmp/semi.csv" --sep=';'
run sep_bad 1 "$wold" check models/acsi.wold "$tmp/semi.csv" --sep '|'
contains sep_bad "$tmp/sep_bad.err" "--sep: expected ',', ';' or 'tab', got '|'"

# --- the main job -------------------------------------------------------------
run demo 0 "$wold" fit models/acsi.wold datasets/acsi_2000.csv
golden acsi_2000.txt "$tmp/demo.out"
run check_acsi 0 "$wold" check models/acsi.wold datasets/acsi_2000.csv
golden check_acsi.txt "$tmp/check_acsi.out"

# --- check: every problem a fit would meet, with the fit's status -------------
# comp1 (column 12) empty, val2 (column 8) constant: both listed, exit 2 for
# the first (no usable rows), and fit fails on the same first error.
awk -F, 'BEGIN { OFS = "," } NR > 1 { $12 = ""; $8 = 4 } { print }' \
    datasets/acsi_2000.csv >"$tmp/empty_const.csv"
run check_empty 2 "$wold" check models/acsi.wold "$tmp/empty_const.csv"
contains check_empty "$tmp/check_empty.err" "0 usable rows after listwise deletion (2000 of 2000 dropped); at least 2 are needed; column 'comp1' is empty"
contains check_empty "$tmp/check_empty.err" "models/acsi.wold:37:34: error: indicator 'val2' has zero variance in the data (every used row has the value 4)"
contains check_empty "$tmp/check_empty.out" "fit check: 2 errors, 0 warnings"
run fit_empty 2 "$wold" fit models/acsi.wold "$tmp/empty_const.csv"
contains fit_empty "$tmp/fit_empty.err" "column 'comp1' is empty"
# A constant column alone: exit 3, as fit.
awk -F, 'BEGIN { OFS = "," } NR > 1 { $8 = 4 } { print }' \
    datasets/acsi_2000.csv >"$tmp/const.csv"
run check_const 3 "$wold" check models/acsi.wold "$tmp/const.csv"
contains check_const "$tmp/check_const.out" "fit check: 1 error, 0 warnings"
run fit_const 3 "$wold" fit models/acsi.wold "$tmp/const.csv"
# Two rows: fewer than the model needs (Satisfaction has 3 predecessors).
head -3 datasets/acsi_2000.csv >"$tmp/two_rows.csv"
run check_rows 2 "$wold" check models/acsi.wold "$tmp/two_rows.csv"
contains check_rows "$tmp/check_rows.err" "models/acsi.wold:59:21: error: 2 usable rows; this model needs at least 4: 'Satisfaction' is regressed on 3 predecessors"
run fit_rows 2 "$wold" fit models/acsi.wold "$tmp/two_rows.csv"
contains fit_rows "$tmp/fit_rows.err" "2 usable rows; this model needs at least 4"
# Four rows: enough, with a warning for the regression left without
# residual degrees of freedom.
head -5 datasets/acsi_2000.csv >"$tmp/four_rows.csv"
run check_df 0 "$wold" check models/acsi.wold "$tmp/four_rows.csv"
contains check_df "$tmp/check_df.err" "warning: 'Satisfaction' is regressed on 3 predecessors with 4 usable rows: no residual degree of freedom"
# Three segment dummies that sum to 1 in a Mode B block: check and fit
# refuse it (exit 3) at the block's line, naming the three dummies; a
# constant sat3 beside it is listed first, as fit meets it first.
awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0, "d1", "d2", "d3"; next }
    { k = NR % 3; $11 = 4; print $0, (k == 0), (k == 1), (k == 2) }' \
    datasets/acsi_2000.csv >"$tmp/dummies.csv"
cat >"$tmp/dummies.wold" <<'EOF'
Expectation  =~ exp1 + exp2 + exp3
Quality      =~ qual1 + qual2 + qual3
# a formative block with three segment dummies
Value        <~ d1 + d2 + d3 + val1 + val2 + comp1
Satisfaction =~ sat1 + sat2 + sat3
Quality      ~ Expectation
Value        ~ Expectation + Quality
Satisfaction ~ Expectation + Quality + Value
EOF
run check_dummies 3 sh -c "\"$wold\" check - \"$tmp/dummies.csv\" < \"$tmp/dummies.wold\""
golden check_dummies.txt "$tmp/check_dummies.err"
run fit_dummies 3 sh -c "\"$wold\" fit - \"$tmp/dummies.csv\" < \"$tmp/dummies.wold\""
contains fit_dummies "$tmp/fit_dummies.err" "<stdin>:5:31: error: indicator 'sat3' has zero variance"

# check applies the fit's missing-value rule: a cell missing in every row
# (a different column each time) leaves no row listwise, but mean
# replacement fits.
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next } NR <= 300 { $((NR % 14) + 1) = ""; print }' \
    datasets/acsi_2000.csv >"$tmp/holes.csv"
run check_holes 2 "$wold" check models/acsi.wold "$tmp/holes.csv"
contains check_holes "$tmp/check_holes.err" "usable rows"
run check_holes_mean 0 "$wold" check models/acsi.wold "$tmp/holes.csv" --missing mean
contains check_holes_mean "$tmp/check_holes_mean.out" "fit check: OK"
contains check_holes_mean "$tmp/check_holes_mean.out" "299 rows; every indicator present and numeric; 299 missing cells in 299 rows"
run check_missing_typo 1 "$wold" check models/acsi.wold "$tmp/holes.csv" --missing maen
contains check_missing_typo "$tmp/check_missing_typo.err" "did you mean 'mean'"
run check_stdin 0 sh -c "\"$wold\" check models/acsi.wold - < datasets/acsi_2000.csv"
contains check_stdin "$tmp/check_stdin.out" "data <stdin>: 2000 rows"

# A measurement-only model passes check and fits.
printf 'Quality =~ qual1 + qual2 + qual3\n' >"$tmp/quality.wold"
run check_measure 0 "$wold" check "$tmp/quality.wold" datasets/acsi_2000.csv
contains check_measure "$tmp/check_measure.out" "fit check: OK"
run fit_measure 0 "$wold" fit "$tmp/quality.wold" datasets/acsi_2000.csv
# Several blocks without paths; a Mode B one gets a warning, from check too.
printf 'Quality =~ qual1 + qual2 + qual3\nValue <~ val1 + val2\n' >"$tmp/blocks.wold"
run check_blocks 0 "$wold" check "$tmp/blocks.wold" datasets/acsi_2000.csv
contains check_blocks "$tmp/check_blocks.err" "blocks.wold:2:1: warning: Mode B block 'Value' has no structural path"
contains check_blocks "$tmp/check_blocks.out" "fit check: 0 errors, 1 warning"
run fit_blocks 0 "$wold" fit "$tmp/blocks.wold" datasets/acsi_2000.csv
# fit shows its warnings on standard error, whatever -o, and in the report.
contains fit_blocks "$tmp/fit_blocks.err" "blocks.wold:2:1: warning: Mode B block 'Value' has no structural path"
contains fit_blocks "$tmp/fit_blocks.out" "Warnings"
run fit_df 0 "$wold" fit models/acsi.wold "$tmp/four_rows.csv" -o "$tmp/fit_df.txt"
contains fit_df "$tmp/fit_df.err" "warning: 'Satisfaction' is regressed on 3 predecessors with 4 usable rows"
run json 0 "$wold" fit models/acsi.wold datasets/acsi_2000.csv --format json -o "$tmp/fit.json"
contains json "$tmp/fit.json" '"converged": true'
run scores 0 "$wold" fit models/acsi.wold datasets/acsi_2000.csv --scores "$tmp/scores.csv"
[ "$(wc -l <"$tmp/scores.csv")" = 2001 ] || fail "scores: expected 2001 lines"
head -1 "$tmp/scores.csv" | grep -q '^Expectation,' || fail "scores: header"
run stdin 0 sh -c "\"$wold\" fit models/acsi.wold - < datasets/acsi_2000.csv"
# Only the data line (the file's name) may differ.
grep -v '^  data ' "$tmp/stdin.out" >"$tmp/stdin.cmp"
grep -v '^  data ' "$tmp/demo.out" >"$tmp/demo.cmp"
cmp -s "$tmp/stdin.cmp" "$tmp/demo.cmp" || fail "stdin: report differs from the file's"
contains stdin "$tmp/stdin.out" "  data       <stdin>: 2000 rows"
run missing_mean 0 "$wold" fit models/ecsi.wold datasets/ecsi_5000_missing.csv --missing mean
contains missing_mean "$tmp/missing_mean.out" "cells replaced"
run missing_listwise 0 "$wold" fit models/ecsi.wold datasets/ecsi_5000_missing.csv
contains missing_listwise "$tmp/missing_listwise.out" "rows dropped"

# --- numerical failure: exit 3, the report still says so --------------------
run no_convergence 3 "$wold" fit models/acsi.wold datasets/acsi_2000.csv --max-iter 1 -o "$tmp/nc.txt"
contains no_convergence "$tmp/no_convergence.err" "did not converge in 1 iteration ("
contains no_convergence "$tmp/nc.txt" "NOT CONVERGED"
# The CLI names the flags (issue 6, item 6); the library's message need not.
contains no_convergence "$tmp/no_convergence.err" "wold fit: hint: "
contains no_convergence "$tmp/no_convergence.err" "--max-iter"
contains no_convergence "$tmp/no_convergence.err" "--tol"
run no_convergence_plspm 3 "$wold" fit models/acsi.wold datasets/acsi_2000.csv --compat plspm --max-iter 2
contains no_convergence_plspm "$tmp/no_convergence_plspm.err" "raise the limit with --max-iter (now 2)"

# --- nothing half-written ------------------------------------------------------
run unwritable 5 "$wold" fit models/acsi.wold datasets/acsi_2000.csv -o "$tmp/no/such/dir/r.txt"
run bad_data_no_file 2 "$wold" fit models/acsi.wold "$tmp/text_cell.csv" -o "$tmp/partial.txt"
[ -e "$tmp/partial.txt" ] && fail "bad_data_no_file: left $tmp/partial.txt behind"
ls "$tmp" | grep -q 'tmp-' && fail "a temporary output file was left behind"

# --- output files get the usual permissions -----------------------------------
(umask 022 && "$wold" fit models/acsi.wold datasets/acsi_2000.csv -o "$tmp/mode.txt") >/dev/null 2>&1
[ "$(stat -c %a "$tmp/mode.txt")" = 644 ] || fail "mode: -o file has mode $(stat -c %a "$tmp/mode.txt"), expected 644 under umask 022"
# Write errors (exit 5): tests/cli/output.sh.

# --- simulate: the same seed gives the same bytes ----------------------------
run sim_a 0 "$wold" simulate models/acsi.wold -n 2000 --seed 2026 --scale 1:10
cmp -s "$tmp/sim_a.out" datasets/acsi_2000.csv || fail "simulate: datasets/acsi_2000.csv is not what its command makes"
run sim_b 0 "$wold" simulate models/ecsi.wold -n 5000 --seed 7 --scale 1:10 --missing 0.02
cmp -s "$tmp/sim_b.out" datasets/ecsi_5000_missing.csv || fail "simulate: datasets/ecsi_5000_missing.csv is not what its command makes"

# --- the bootstrap (docs/cli.md, "Bootstrap") ----------------------------------
B="$wold fit models/acsi.wold datasets/acsi_2000.csv"
run boot_text 0 $B --boot 40 --seed 3 --ci both --threads 2
golden boot_acsi.txt "$tmp/boot_text.out"
# Not a terminal: no progress bar, nothing on standard error.
[ -s "$tmp/boot_text.err" ] && fail "boot_text: wrote to stderr: $(head -3 "$tmp/boot_text.err")"
run boot_json1 0 $B --boot 40 --seed 3 --ci both --threads 1 --format json
run boot_json3 0 $B --boot 40 --seed 3 --ci both --threads 3 --format json
cmp -s "$tmp/boot_json1.out" "$tmp/boot_json3.out" || fail "boot: --threads 1 and 3 differ"
contains boot_json1 "$tmp/boot_json1.out" '"bootstrap": {'
run boot_seed 0 $B --boot 40 --seed 4 --ci both --format json
cmp -s "$tmp/boot_json1.out" "$tmp/boot_seed.out" && fail "boot: --seed 3 and 4 give the same output"
run boot_out 0 $B --boot 25 --seed 3 --boot-out "$tmp/reps.csv" -o "$tmp/boot_out.txt"
[ "$(wc -l < "$tmp/reps.csv")" = 26 ] || fail "boot_out: $tmp/reps.csv has $(wc -l < "$tmp/reps.csv") lines, expected 26"
head -1 "$tmp/reps.csv" | grep -q '^replicate,status,draws,path:' || fail "boot_out: header is $(head -1 "$tmp/reps.csv" | cut -c1-60)"
sed -n 2p "$tmp/reps.csv" | grep -q '^1,ok,1,' || fail "boot_out: first row is $(sed -n 2p "$tmp/reps.csv" | cut -c1-60)"
run jackknife 0 $B --jackknife --threads 2
contains jackknife "$tmp/jackknife.out" "jackknife   2000 leave-one-out fits, 0 failed"
contains jackknife "$tmp/jackknife.out" "jack. s.e."
run boot_drop 0 $B --boot 10 --boot-failures drop --sign-change individual --level 0.9 --htmt-threshold 0.85
contains boot_drop "$tmp/boot_drop.out" "HTMT test (H0: HTMT >= 0.85"
contains boot_drop "$tmp/boot_drop.out" "5%"
run boot_bca 0 $B --boot 20 --ci bca
contains boot_bca "$tmp/boot_bca.out" "p (boot)  BCa 2.5%  BCa 97.5%"
run boot_plsc 0 $B --boot 20 --plsc --format json
contains boot_plsc "$tmp/boot_plsc.out" '"plsc": 0'
run boot_zero 1 $B --boot 0
contains boot_zero "$tmp/boot_zero.err" "--boot: expected an integer from 1"
run boot_level 1 $B --boot 10 --level 1
contains boot_level "$tmp/boot_level.err" "--level: expected a number between 0 and 1"
run boot_ci 1 $B --boot 10 --ci bac
contains boot_ci "$tmp/boot_ci.err" "did you mean 'bca'?"
run boot_sign 1 $B --boot 10 --sign-change constrct
contains boot_sign "$tmp/boot_sign.err" "did you mean 'construct'?"
run boot_fail_rule 1 $B --boot 10 --boot-failures keep
contains boot_fail_rule "$tmp/boot_fail_rule.err" "--boot-failures: unknown value 'keep'"
run boot_threads 1 $B --boot 10 --threads -2
contains boot_threads "$tmp/boot_threads.err" "--threads: expected an integer from 0 to 256"
run boot_thr 1 $B --boot 10 --htmt-threshold 0
contains boot_thr "$tmp/boot_thr.err" "--htmt-threshold: expected a positive number"
run seed_alone 1 $B --seed 5
contains seed_alone "$tmp/seed_alone.err" "--seed needs --boot B (or --jackknife)"
run boot_out_alone 1 $B --boot-out "$tmp/x.csv"
contains boot_out_alone "$tmp/boot_out_alone.err" "--boot-out needs --boot B"
run jack_bca 1 $B --jackknife --ci bca
contains jack_bca "$tmp/jack_bca.err" "--ci bca needs --boot B"
run boot_out_is_input 1 $B --boot 5 --boot-out datasets/acsi_2000.csv
# A panel whose indicator z is nonzero in 2 of 60 rows: resamples without
# them fail (zero variance), are redrawn, and the run reports them.
awk 'BEGIN { srand(11); print "a1,a2,b1,z";
    for (i = 1; i <= 60; i++) { u = rand(); v = rand();
        printf "%.4f,%.4f,%.4f,%d\n", u + 0.3 * v, u - 0.2 * rand(), 0.5 * u + v, (i == 7 || i == 40) } }' > "$tmp/rare.csv"
printf 'A =~ a1 + a2\nB =~ b1 + z\nB ~ A\n' > "$tmp/rare.wold"
run boot_rare 0 "$wold" fit "$tmp/rare.wold" "$tmp/rare.csv" --boot 200 --seed 2
contains boot_rare "$tmp/boot_rare.out" "200 asked, 200 used"
contains boot_rare "$tmp/boot_rare.out" "zero_variance"
run boot_rare_drop 0 "$wold" fit "$tmp/rare.wold" "$tmp/rare.csv" --boot 200 --seed 2 --boot-failures drop --format json
contains boot_rare_drop "$tmp/boot_rare_drop.out" '"failures": "drop"'

# --- consistent PLS ----------------------------------------------------------
run plsc_compat 1 "$wold" fit models/acsi.wold datasets/acsi_2000.csv --plsc --compat plspm
contains plsc_compat "$tmp/plsc_compat.err" "wold fit: error: --plsc cannot be used with --compat plspm: plspm has no consistent PLS"
run plsc_acsi 0 "$wold" fit models/acsi.wold datasets/acsi_2000.csv --plsc
golden acsi_2000_plsc.txt "$tmp/plsc_acsi.out"
contains fit_help "$tmp/fit_help.out" "--plsc"

# --- plspm compatibility on the shared data (skipped when absent) -------------
if [ -f ../shared/datasets/satisfaction.csv ]; then
    run plspm 0 "$wold" fit models/satisfaction.wold ../shared/datasets/satisfaction.csv --compat plspm
    golden satisfaction_plspm.txt "$tmp/plspm.out"
    # ADANCO's inadmissible PLSc fit: flagged in the report and on stderr.
    run plsc_sat 0 "$wold" fit models/satisfaction.wold ../shared/datasets/satisfaction.csv --plsc --scheme centroid
    golden satisfaction_plsc.txt "$tmp/plsc_sat.out"
    contains plsc_sat "$tmp/plsc_sat.err" "models/satisfaction.wold:32:15: warning: the path 'QUAL' -> 'VAL' is 2.55963, beyond +-1: the consistent PLS solution is inadmissible"
    run plsc_json 0 "$wold" fit models/satisfaction.wold ../shared/datasets/satisfaction.csv --plsc --scheme centroid --format json
    contains plsc_json "$tmp/plsc_json.out" '"admissible": false'
else
    echo "SKIPPED: ../shared/datasets/satisfaction.csv is absent"
fi

# The fit's own options (cli_fit_option) give the same errors, naming the
# command, on every command that fits.
for c in fit ipma predict index report; do
    run fitopt_tol_$c 1 "$wold" $c models/acsi.wold datasets/acsi_2000.csv --tol -1
    contains fitopt_tol_$c "$tmp/fitopt_tol_$c.err" "wold $c: error: --tol: expected a positive number, got '-1'"
    run fitopt_scheme_$c 1 "$wold" $c models/acsi.wold datasets/acsi_2000.csv --scheme cent
    contains fitopt_scheme_$c "$tmp/fitopt_scheme_$c.err" "wold $c: error: --scheme: unknown value 'cent' (expected path, centroid or factorial)"
    run fitopt_iter_$c 1 "$wold" $c models/acsi.wold datasets/acsi_2000.csv --max-iter 0
    contains fitopt_iter_$c "$tmp/fitopt_iter_$c.err" "wold $c: error: --max-iter"
done

[ $fails -eq 0 ] || { echo "cli: $fails failed"; exit 1; }
echo "cli: all passed"
