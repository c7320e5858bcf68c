#!/bin/sh
# CLI tests of moments files: wold moments, wold merge and wold fit
# --moments.  The fit of merged halves must equal the fit of the whole
# file, every number of the JSON report to 1e-12 relative; bad files are
# input errors that say what is wrong; options that need the rows are
# usage errors.  usage: moments.sh WOLD_BINARY SOURCE_DIR SHARED_DIR
set -u
wold=$1
src=$2
shared=$3
tmp=$(mktemp -d /tmp/wold-cli-moments.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

# same_json NAME A B [noinput]: the JSON reports A and B hold the same
# numbers to 1e-12 relative (1e-300 absolute for zeros; p-values to
# 1e-12 (1 - 2 ln p), see below) and the same text,
# line by line, leaving out the data's name (a CSV file, a moments file)
# and "criterion" (the last step's change of the weights: a difference of
# numbers equal to rounding, so rounding itself); with noinput, the whole
# "input" member (one group's fit has no data line).
same_json() {
    awk -v name="$1" -v noinput="${4:-}" '
        function strip(line) {
            if (skip) {
                if (line ~ /^  [}],?$/) skip = 0
                return ""
            }
            if (noinput != "" && line ~ /^  "input": [{]$/) {
                skip = 1
                return ""
            }
            # At any depth: a HOC report nests its earlier stages.
            if (line ~ /^ *"data": /) return ""
            if (line ~ /^ *"criterion": /) return ""
            return line
        }
        function num(s) { return s ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?,?$/ }
        function abs(x) { return x < 0 ? -x : x }
        NR == FNR { l = strip($0); if (l != "") b[++nb] = l; next }
        {
            l = strip($0)
            if (l == "") next
            k++
            if (k > nb) { print name ": A has more lines"; bad = 1; exit }
            if (l == b[k]) next
            na = split(l, x, /: /); nbb = split(b[k], y, /: /)
            va = x[na]; vb = y[nbb]
            sub(/,$/, "", va); sub(/,$/, "", vb)
            ka = na > 1 ? x[1] : ""; kb = nbb > 1 ? y[1] : ""
            if (ka == kb && num(va) && num(vb)) {
                d = abs(va - vb); m = abs(va) > abs(vb) ? abs(va) : abs(vb)
                # A tail probability p of a statistic t moves by about t^2
                # = -2 ln p times its relative rounding: p = 1.8e-277
                # (t near 35) differs at 1.5e-12 between merged and direct
                # moments when the BLAS kernels round differently (AMD).
                tol = 1e-12
                m += 0 # a string after sub(): compare it as a number
                if (ka ~ /"p"$/ && m > 0 && m < 1) tol *= 1 - 2 * log(m)
                if (d <= tol * m || d <= 1e-300) next
            }
            print name ": line " k " differs: " l " vs " b[k]
            if (++bad > 5) exit
        }
        END {
            if (!bad && k != nb) { print name ": B has more lines"; bad = 1 }
            exit bad ? 1 : 0
        }' "$3" "$2" || fail "$1: the reports differ"
}

# halves FILE A B: the header and the first half of FILE's rows into A,
# the header and the rest into B.
halves() {
    n=$(($(wc -l <"$1") - 1))
    h=$((n / 2))
    head -n $((h + 1)) "$1" >"$2"
    { head -n 1 "$1"; tail -n $((n - h)) "$1"; } >"$3"
}

# --- help -------------------------------------------------------------------
# A model with higher-order constructs: its moments file holds each item
# once (a repeat copies its original); merged halves fitted with --moments
# equal the streamed fit of the whole file, both approaches.
H=models/csi_three_level.wold
run hoc_sim 0 "$wold" simulate $H -n 400 --seed 2 --scale 1:10 -o "$tmp/hoc.csv"
halves "$tmp/hoc.csv" "$tmp/hoc1.csv" "$tmp/hoc2.csv"
run hoc_m1 0 "$wold" moments $H "$tmp/hoc1.csv" -o "$tmp/hoc1.wm"
run hoc_m2 0 "$wold" moments $H "$tmp/hoc2.csv" -o "$tmp/hoc2.wm"
run hoc_merge 0 "$wold" merge "$tmp/hoc1.wm" "$tmp/hoc2.wm" -o "$tmp/hoc.wm"
for ap in repeated two-stage; do
    run hoc_fm_$ap 0 "$wold" fit $H --moments "$tmp/hoc.wm" --hoc $ap --format json
    run hoc_fd_$ap 0 "$wold" fit $H "$tmp/hoc.csv" --hoc $ap --format json
    same_json "hoc $ap" "$tmp/hoc_fm_$ap.out" "$tmp/hoc_fd_$ap.out"
done
contains hoc_fm_two-stage "$tmp/hoc_fm_two-stage.out" '"approach": "two-stage"'
# The file's columns are the items once: a first-order model of them
# takes it too, and a model of other items is told which differ.
run hoc_pw 1 "$wold" fit $H --moments "$tmp/hoc.wm" --hoc two-stage --missing pairwise
contains hoc_pw "$tmp/hoc_pw.err" "not with --hoc two-stage (use --hoc repeated)"
run hoc_wrong 2 "$wold" fit models/acsi.wold --moments "$tmp/hoc.wm"
contains hoc_wrong "$tmp/hoc_wrong.err" "the moments file has columns (prd1, prd2"

run moments_help 0 "$wold" moments --help
for o in -o --group --weights --scale --sep --threads; do
    grep -q -e "^  $o " "$tmp/moments_help.out" ||
        fail "moments --help does not describe $o"
done
run merge_help 0 "$wold" merge --help
grep -q -e "^  -o " "$tmp/merge_help.out" || fail "merge --help lacks -o"
run fit_help 0 "$wold" fit --help
for o in --moments --group-level; do
    grep -q -e "^  $o " "$tmp/fit_help.out" ||
        fail "fit --help does not describe $o"
done
run fm_help 0 "$wold" fit models/acsi.wold --moments x.wm --help
for o in --moments --group-level --missing --scheme --tol --max-iter \
         --compat --unscaled --plsc --format --lang -o --grades --scale \
         --threads; do
    grep -q -e "^  $o " "$tmp/fm_help.out" ||
        fail "fit --moments --help does not describe $o"
done
run top_help 0 "$wold" --help
contains top_help "$tmp/top_help.out" "moments MODEL DATA"
contains top_help "$tmp/top_help.out" "merge A.wm B.wm"

# --- merged halves against the whole file --------------------------------------
M=models/acsi.wold
D=datasets/acsi_2000.csv
halves $D "$tmp/a1.csv" "$tmp/a2.csv"
run acsi_m1 0 "$wold" moments $M "$tmp/a1.csv" -o "$tmp/a1.wm"
run acsi_m2 0 "$wold" moments $M "$tmp/a2.csv" -o "$tmp/a2.wm" --threads 2
run acsi_merge 0 "$wold" merge "$tmp/a1.wm" "$tmp/a2.wm" -o "$tmp/a.wm"
no_temp acsi_merge "$tmp"
run acsi_fit_m 0 "$wold" fit $M --moments "$tmp/a.wm" --format json
run acsi_fit_d 0 "$wold" fit $M $D --format json
same_json acsi "$tmp/acsi_fit_m.out" "$tmp/acsi_fit_d.out"
# The same file whatever the threads.
run acsi_m1t 0 "$wold" moments $M "$tmp/a1.csv" -o "$tmp/a1t.wm" --threads 3
cmp -s "$tmp/a1.wm" "$tmp/a1t.wm" || fail "moments: --threads 3 changed the file"
# Text reports too (the data line is the data file's alone), with the
# options of a report: centroid scheme, plspm's rules, the indices.
for opts in "--scheme centroid" "--compat plspm" "--plsc" "--unscaled --scheme factorial"; do
    run acsi_opts_m 0 "$wold" fit $M --moments "$tmp/a.wm" --format json $opts
    run acsi_opts_d 0 "$wold" fit $M $D --format json $opts
    same_json "acsi $opts" "$tmp/acsi_opts_m.out" "$tmp/acsi_opts_d.out"
done
# The text reports alike, but for the data line's file name and the
# criterion's digits (rounding, as in same_json: the merged halves sum in
# another order than the whole file).
run acsi_text_m 0 "$wold" fit $M --moments "$tmp/a.wm"
run acsi_text_d 0 "$wold" fit $M $D
grep -v '^  data ' "$tmp/acsi_text_m.out" |
    sed 's/(criterion [^)]*)//' >"$tmp/acsi_text_m.txt"
grep -v '^  data ' "$tmp/acsi_text_d.out" |
    sed 's/(criterion [^)]*)//' >"$tmp/acsi_text_d.txt"
cmp -s "$tmp/acsi_text_m.txt" "$tmp/acsi_text_d.txt" ||
    { fail "acsi text: the reports differ"; diff "$tmp/acsi_text_m.txt" "$tmp/acsi_text_d.txt" | head; }
contains acsi_text_m "$tmp/acsi_text_m.out" "  data       $tmp/a.wm: 2000 rows, 0 missing cells in 0 rows"
# Compressed and standard input read as the CSV is.
if gzip -c "$tmp/a1.csv" >"$tmp/a1.csv.gz" 2>/dev/null &&
    "$wold" moments $M "$tmp/a1.csv.gz" -o "$tmp/a1gz.wm" 2>"$tmp/gz.err"; then
    "$wold" fit $M --moments "$tmp/a1gz.wm" --format json >"$tmp/a1gz.json"
    "$wold" fit $M --moments "$tmp/a1.wm" --format json >"$tmp/a1f.json"
    same_json gzip "$tmp/a1gz.json" "$tmp/a1f.json"
else
    echo "SKIPPED: no gzip input in this build ($(head -1 "$tmp/gz.err"))"
fi
run stdin_m 0 sh -c "\"$wold\" moments $M - -o \"$tmp/a1in.wm\" <\"$tmp/a1.csv\""
"$wold" fit $M --moments "$tmp/a1in.wm" --format json >"$tmp/a1in.json"
"$wold" fit $M --moments "$tmp/a1.wm" --format json >"$tmp/a1f.json"
same_json stdin "$tmp/a1in.json" "$tmp/a1f.json"
run acsi_text 0 "$wold" fit $M --moments "$tmp/a.wm" --lang zh
contains acsi_text "$tmp/acsi_text.out" "已收敛"

# Mean replacement on a panel with missing cells.
M=models/ecsi.wold
D=datasets/ecsi_5000_missing.csv
halves $D "$tmp/e1.csv" "$tmp/e2.csv"
run ecsi_m1 0 "$wold" moments $M "$tmp/e1.csv" -o "$tmp/e1.wm"
run ecsi_m2 0 "$wold" moments $M "$tmp/e2.csv" -o "$tmp/e2.wm"
run ecsi_merge 0 "$wold" merge "$tmp/e1.wm" "$tmp/e2.wm" -o "$tmp/e.wm"
for miss in listwise mean; do
    run ecsi_fit_m 0 "$wold" fit $M --moments "$tmp/e.wm" --missing $miss --format json
    run ecsi_fit_d 0 "$wold" fit $M $D --missing $miss --format json
    same_json "ecsi $miss" "$tmp/ecsi_fit_m.out" "$tmp/ecsi_fit_d.out"
done
# The moments file of the whole file holds the sums wold fit streams: the
# reports are the same bytes but for the data's name, under every rule.
run ecsi_whole 0 "$wold" moments $M $D -o "$tmp/ewhole.wm" --threads 3
for miss in listwise mean pairwise; do
    "$wold" fit $M --moments "$tmp/ewhole.wm" --missing $miss --format json |
        grep -v '^    "data": ' >"$tmp/ew_m.json"
    "$wold" fit $M $D --missing $miss --format json --threads 1 |
        grep -v '^    "data": ' >"$tmp/ew_d.json"
    cmp -s "$tmp/ew_m.json" "$tmp/ew_d.json" ||
        fail "ecsi $miss: the whole file's moments file does not give wold fit's bytes"
done
run ecsi_pairwise 0 "$wold" fit $M --moments "$tmp/e.wm" --missing pairwise --format json
contains ecsi_pairwise "$tmp/ecsi_pairwise.out" '"missing": "pairwise"'
"$wold" fit $M $D --missing pairwise --format json >"$tmp/ecsi_pw_d.out" 2>"$tmp/ecsi_pw_d.err"
case $? in
0) same_json "ecsi pairwise" "$tmp/ecsi_pairwise.out" "$tmp/ecsi_pw_d.out" ;;
1) echo "SKIPPED: wold fit DATA has no --missing pairwise yet (fit --moments has)" ;;
*) fail "ecsi pairwise: wold fit DATA failed"; head -5 "$tmp/ecsi_pw_d.err" ;;
esac

# Survey weights: integer weights from a column, merged halves against the
# weighted fit of the whole file.
M=models/acsi.wold
awk -F, 'NR == 1 { print $0 ",w"; next } { print $0 "," (NR % 3) + 1 }' \
    datasets/acsi_2000.csv >"$tmp/w.csv"
halves "$tmp/w.csv" "$tmp/w1.csv" "$tmp/w2.csv"
run w_m1 0 "$wold" moments $M "$tmp/w1.csv" -o "$tmp/w1.wm" --weights w
run w_m2 0 "$wold" moments $M "$tmp/w2.csv" -o "$tmp/w2.wm" --weights w
run w_merge 0 "$wold" merge "$tmp/w1.wm" "$tmp/w2.wm" -o "$tmp/w.wm"
run w_fit_m 0 "$wold" fit $M --moments "$tmp/w.wm" --format json
run w_fit_d 0 "$wold" fit $M "$tmp/w.csv" --weights w --format json
same_json weights "$tmp/w_fit_m.out" "$tmp/w_fit_d.out"
run w_unweighted 2 "$wold" merge "$tmp/w1.wm" "$tmp/a2.wm" -o "$tmp/x.wm"

# Groups: three waves of a satisfaction study, merged without the rows;
# --group-level picks one group's moments, equal to the fit of its rows.
S="$shared/datasets/satisfaction.csv"
if [ -f "$S" ]; then
    M=models/satisfaction.wold
    halves "$S" "$tmp/s1.csv" "$tmp/s2.csv"
    run s_m1 0 "$wold" moments $M "$tmp/s1.csv" -o "$tmp/s1.wm" --group gender
    run s_m2 0 "$wold" moments $M "$tmp/s2.csv" -o "$tmp/s2.wm" --group gender
    run s_merge 0 "$wold" merge "$tmp/s1.wm" "$tmp/s2.wm" -o "$tmp/s.wm"
    run s_fit_m 0 "$wold" fit $M --moments "$tmp/s.wm" --scheme centroid --format json
    run s_fit_d 0 "$wold" fit $M "$S" --scheme centroid --format json
    same_json satisfaction "$tmp/s_fit_m.out" "$tmp/s_fit_d.out"
    # The SAT index of the issue's check, from the merged moments.
    run s_text 0 "$wold" fit $M --moments "$tmp/s.wm" --scheme centroid
    contains s_text "$tmp/s_text.out" "68.51"
    awk -F, 'NR == 1 || $NF == 1' "$S" >"$tmp/g1.csv"
    run s_g1_m 0 "$wold" fit $M --moments "$tmp/s.wm" --group-level 1 --format json
    run s_g1_d 0 "$wold" fit $M "$tmp/g1.csv" --format json
    same_json "gender 1" "$tmp/s_g1_m.out" "$tmp/s_g1_d.out" noinput
    run s_no_level 2 "$wold" fit $M --moments "$tmp/s.wm" --group-level 3
    contains s_no_level "$tmp/s_no_level.err" "no group '3' in column gender"
else
    echo "SKIPPED: $S is absent (the satisfaction checks of wold fit --moments)"
fi

# --- bad files ------------------------------------------------------------------
M=models/acsi.wold
run not_wm 2 "$wold" fit $M --moments datasets/acsi_2000.csv
contains not_wm "$tmp/not_wm.err" "datasets/acsi_2000.csv: error: not a moments file (it starts with '"
contains not_wm "$tmp/not_wm.err" "is it a CSV? wold moments makes moments files"
size=$(wc -c <"$tmp/a.wm")
head -c $((size - 100)) "$tmp/a.wm" >"$tmp/cut.wm"
run truncated 2 "$wold" fit $M --moments "$tmp/cut.wm"
contains truncated "$tmp/truncated.err" "truncated moments file: it ends at byte $((size - 100)) inside piece 1 of 1"
# One byte changed in the middle.
{ head -c 200 "$tmp/a.wm"; printf 'Z'; tail -c $((size - 201)) "$tmp/a.wm"; } >"$tmp/flip.wm"
run corrupt 2 "$wold" fit $M --moments "$tmp/flip.wm"
contains corrupt "$tmp/corrupt.err" "corrupt moments file: the checksum 0x"
run merge_corrupt 2 "$wold" merge "$tmp/a1.wm" "$tmp/flip.wm" -o "$tmp/x.wm"
contains merge_corrupt "$tmp/merge_corrupt.err" "flip.wm: error: corrupt moments file"
[ -e "$tmp/x.wm" ] && fail "merge_corrupt: wrote its output"
no_temp merge_corrupt "$tmp"
# A file of a later format (tests/golden/moments_version7.wm: the example
# of docs/moments-format.md with version 7 and both checksums redone).
run version7 2 "$wold" fit $M --moments tests/golden/moments_version7.wm
contains version7 "$tmp/version7.err" "moments_version7.wm: error: moments file version 7; this wold reads version 1"
# The moments of another model's columns.
run wrong_model 2 "$wold" fit models/ecsi.wold --moments "$tmp/a.wm"
contains wrong_model "$tmp/wrong_model.err" "a.wm: error: the moments file has columns ("
contains wrong_model "$tmp/wrong_model.err" "the first difference is column 1:"
run merge_columns 2 "$wold" merge "$tmp/a.wm" "$tmp/e.wm" -o "$tmp/x.wm"
contains merge_columns "$tmp/merge_columns.err" "a.wm"
contains merge_columns "$tmp/merge_columns.err" "e.wm"
run missing_file 2 "$wold" fit $M --moments "$tmp/none.wm"
contains missing_file "$tmp/missing_file.err" "cannot open"

# --- usage errors -----------------------------------------------------------------
for o in "--boot 100" --jackknife "--scores s.csv" "--weights w" "--sep ;" "--seed 3"; do
    name=refuse_$(echo "$o" | tr -dc 'a-z')
    run "$name" 1 "$wold" fit $M --moments "$tmp/a.wm" $o
    contains "$name" "$tmp/$name.err" "${o%% *} cannot be used with --moments"
done
run fm_data 1 "$wold" fit $M datasets/acsi_2000.csv --moments "$tmp/a.wm"
contains fm_data "$tmp/fm_data.err" "unexpected argument 'datasets/acsi_2000.csv'"
run fm_typo 1 "$wold" fit $M --moments "$tmp/a.wm" --group-levl 1
contains fm_typo "$tmp/fm_typo.err" "did you mean '--group-level'?"
run fm_no_groups 1 "$wold" fit $M --moments "$tmp/a.wm" --group-level x
contains fm_no_groups "$tmp/fm_no_groups.err" "has no groups (made without wold moments --group)"
# A HOC model against the moments of other items: the columns differ.
run fm_hoc 2 "$wold" fit models/csi_three_level.wold --moments "$tmp/a.wm"
contains fm_hoc "$tmp/fm_hoc.err" "the indicators of the model models/csi_three_level.wold are (prd1, prd2"
run m_no_out 1 "$wold" moments $M datasets/acsi_2000.csv
contains m_no_out "$tmp/m_no_out.err" "expected -o FILE.wm"
run m_no_data 1 "$wold" moments $M
contains m_no_data "$tmp/m_no_data.err" "expected MODEL and DATA"
run m_typo 1 "$wold" moments $M datasets/acsi_2000.csv -o "$tmp/x.wm" --gruop g
contains m_typo "$tmp/m_typo.err" "did you mean '--group'?"
run m_same 1 "$wold" moments $M datasets/acsi_2000.csv -o datasets/acsi_2000.csv
contains m_same "$tmp/m_same.err" "the same file"
run m_bad_col 2 "$wold" moments $M datasets/acsi_2000.csv -o "$tmp/x.wm" --group nosuch
[ -e "$tmp/x.wm" ] && fail "m_bad_col: wrote its output"
run merge_one 1 "$wold" merge "$tmp/a.wm" -o "$tmp/x.wm"
contains merge_one "$tmp/merge_one.err" "expected two or more moments files"
run merge_no_out 1 "$wold" merge "$tmp/a1.wm" "$tmp/a2.wm"
contains merge_no_out "$tmp/merge_no_out.err" "expected -o FILE.wm"
run merge_same 1 "$wold" merge "$tmp/a1.wm" "$tmp/a2.wm" -o "$tmp/a2.wm"
contains merge_same "$tmp/merge_same.err" "the same file"

if [ "$fails" -ne 0 ]; then
    echo "$fails moments CLI check(s) failed"
    exit 1
fi
echo "moments CLI: all checks passed"
