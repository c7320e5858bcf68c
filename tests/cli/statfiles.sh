#!/bin/sh
# CLI tests of SPSS and Stata data files (docs/statfiles.md): R's haven
# writes the satisfaction data to .sav, .zsav and .dta, and every command
# that reads data (metrics too) prints for them what it prints for the
# CSV (but the file name).  Value labels of a group column name the groups; user-missing
# codes are missing.  SKIPPED without Rscript and haven, or without the
# data set, or in a build without ReadStat.
# usage: statfiles.sh WOLD_BINARY SOURCE_DIR SHARED_DIR
set -u
wold=$1
src=$2
shared=$3
csv=$shared/datasets/satisfaction.csv
m=$src/models/satisfaction.wold
# Every command that reads statistical files says so in its help.
for c in fit check predict ipma index moments metrics report; do
    "$wold" $c --help | grep -q "statfiles.md" ||
        { echo "FAIL: wold $c --help does not mention docs/statfiles.md"; exit 1; }
done
if [ ! -f "$csv" ]; then
    echo "SKIPPED: $csv is absent"; exit 0
fi
if ! command -v Rscript >/dev/null 2>&1; then
    echo "SKIPPED: Rscript is absent (Debian: apt-get install r-base-core r-cran-haven)"; exit 0
fi
if ! Rscript -e 'library(haven)' >/dev/null 2>&1; then
    echo "SKIPPED: R's haven is absent (Debian: apt-get install r-cran-haven)"; exit 0
fi
tmp=$(mktemp -d /tmp/wold-cli-statfiles.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
. "$src/tests/cli/lib.sh"

cp "$csv" "$tmp/s.csv"
Rscript -e '
library(haven)
a <- commandArgs(TRUE)
d <- read.csv(a[1])
write_sav(d, file.path(a[2], "s.sav"))
write_sav(d, file.path(a[2], "s.zsav"), compress = "zsav")
write_dta(d, file.path(a[2], "s.dta"))
# Value labels on the group column, a variable label on imag1.
l <- d
l$gender <- labelled(l$gender, c(male = 0, female = 1))
attr(l$imag1, "label") <- "Reputation of the bank"
write_sav(l, file.path(a[2], "l.sav"))
write_dta(l, file.path(a[2], "l.dta"))
# 99 in every 5th row of sat2, declared user-missing in the .sav; the CSV
# has those cells empty.
u <- d
u$sat2[seq(1, nrow(u), 5)] <- 99
u$sat2 <- labelled_spss(u$sat2, na_values = 99)
write_sav(u, file.path(a[2], "u.sav"))
e <- d
e$sat2[seq(1, nrow(e), 5)] <- NA
write.csv(e, file.path(a[2], "u.csv"), row.names = FALSE, na = "")
# An NPS answer of 11 in row 4.
b <- d
b$loy1[4] <- 11
write_sav(b, file.path(a[2], "b.sav"))
' "$csv" "$tmp" || { echo "FAIL: Rscript could not write the files"; exit 1; }

"$wold" check "$m" "$tmp/s.sav" >/dev/null 2>"$tmp/sniff.err"
if grep -q "files need ReadStat" "$tmp/sniff.err"; then
    echo "SKIPPED: this wold is built without ReadStat (WOLD_READSTAT=OFF)"; exit 0
fi

# "wold CMD MODEL DATA ARGS": same runs "$wold" "$@" DATA, so the data
# goes last; every command takes options after DATA too.
for k in sav zsav dta; do
    f=$tmp/s.$k
    run fit_$k 0 "$wold" fit "$m" "$f"
    run fit_$k.csv 0 "$wold" fit "$m" "$tmp/s.csv"
    sed "s|$f|DATA|; s|$tmp/s.csv|DATA|" "$tmp/fit_$k.out" > "$tmp/fit_$k.a"
    sed "s|$f|DATA|; s|$tmp/s.csv|DATA|" "$tmp/fit_$k.csv.out" > "$tmp/fit_$k.b"
    cmp -s "$tmp/fit_$k.a" "$tmp/fit_$k.b" ||
        { fail "fit_$k: output differs from the CSV's"; diff "$tmp/fit_$k.a" "$tmp/fit_$k.b" | head; }
    contains fit_$k "$tmp/fit_$k.out" "data       $f: 250 rows"
done

# wold report: the page for the .sav is the CSV's page (but the file name).
run report_sav 0 "$wold" report "$m" "$tmp/s.sav" -o "$tmp/r_sav.html"
run report_csv 0 "$wold" report "$m" "$tmp/s.csv" -o "$tmp/r_csv.html"
sed "s|$tmp/s.sav|DATA|g" "$tmp/r_sav.html" > "$tmp/r_sav.a"
sed "s|$tmp/s.csv|DATA|g" "$tmp/r_csv.html" > "$tmp/r_csv.a"
cmp -s "$tmp/r_sav.a" "$tmp/r_csv.a" || fail "report_sav: page differs from the CSV's"

# The other commands, on the .sav and the .dta, options after DATA.
cmds() { # FILE
    f=$1; k=${f##*.}
    for c in "fit --boot 30 --seed 7" "fit --format json" "check" \
             "predict --folds 5 --seed 3" "ipma --target LOY" \
             "index --group gender --scale 0:10"; do
        t=$(echo "$c" | tr ' :' '__' | tr -d -)_$k
        set -- $c
        sub=$1; shift
        run "$t" 0 "$wold" $sub "$m" "$f" "$@"
        run "$t.csv" 0 "$wold" $sub "$m" "$tmp/s.csv" "$@"
        sed "s|$f|DATA|g; s|$tmp/s.csv|DATA|g" "$tmp/$t.out" > "$tmp/$t.a"
        sed "s|$f|DATA|g; s|$tmp/s.csv|DATA|g" "$tmp/$t.csv.out" > "$tmp/$t.b"
        cmp -s "$tmp/$t.a" "$tmp/$t.b" ||
            { fail "$t: output differs from the CSV's"; diff "$tmp/$t.a" "$tmp/$t.b" | head; }
    done
    # The moments file fits as the CSV's does.
    run moments_$k 0 "$wold" moments "$m" "$f" -o "$tmp/$k.wm" --group gender
    run moments_$k.csv 0 "$wold" moments "$m" "$tmp/s.csv" -o "$tmp/csv.wm" --group gender
    run mfit_$k 0 "$wold" fit "$m" --moments "$tmp/$k.wm"
    run mfit_$k.csv 0 "$wold" fit "$m" --moments "$tmp/csv.wm"
    sed "s|$k.wm|X|g; s|csv.wm|X|g" "$tmp/mfit_$k.out" > "$tmp/mfit_$k.a"
    sed "s|$k.wm|X|g; s|csv.wm|X|g" "$tmp/mfit_$k.csv.out" > "$tmp/mfit_$k.b"
    cmp -s "$tmp/mfit_$k.a" "$tmp/mfit_$k.b" ||
        { fail "mfit_$k: the moments fit differs from the CSV's"; diff "$tmp/mfit_$k.a" "$tmp/mfit_$k.b" | head; }
}
cmds "$tmp/s.sav"
cmds "$tmp/s.dta"

# Value labels name the groups; variable labels are listed by check.
for k in sav dta; do
    run group_$k 0 "$wold" index "$m" "$tmp/l.$k" --group gender --scale 0:10
    contains group_$k "$tmp/group_$k.out" "company   female"
    contains group_$k "$tmp/group_$k.out" "company   male"
    run labels_$k 0 "$wold" check "$m" "$tmp/l.$k"
    contains labels_$k "$tmp/labels_$k.out" 'imag1: "Reputation of the bank"'
done

# User-missing 99 is missing: the fit of the CSV with those cells empty.
run umiss 0 "$wold" fit "$m" "$tmp/u.sav"
run umiss.csv 0 "$wold" fit "$m" "$tmp/u.csv"
contains umiss "$tmp/umiss.out" "50 missing cells in 50 rows"
sed "s|$tmp/u.sav|DATA|; s|$tmp/u.csv|DATA|" "$tmp/umiss.out" > "$tmp/umiss.a"
sed "s|$tmp/u.sav|DATA|; s|$tmp/u.csv|DATA|" "$tmp/umiss.csv.out" > "$tmp/umiss.b"
cmp -s "$tmp/umiss.a" "$tmp/umiss.b" ||
    { fail "umiss: the fit differs from the CSV's with empty cells"; diff "$tmp/umiss.a" "$tmp/umiss.b" | head; }

# wold metrics: the same as for the CSV; value labels name the groups.
mopt="--nps loy1 --csat sat1:9 --csat-scale 0:10 --score q=1:qual1+qual2 --score-scale 0:10"
run metrics_sav 0 "$wold" metrics "$tmp/s.sav" $mopt --group gender
run metrics_csv 0 "$wold" metrics "$tmp/s.csv" $mopt --group gender
sed "s|$tmp/s.sav|DATA|" "$tmp/metrics_sav.out" > "$tmp/metrics_sav.a"
sed "s|$tmp/s.csv|DATA|" "$tmp/metrics_csv.out" > "$tmp/metrics_sav.b"
cmp -s "$tmp/metrics_sav.a" "$tmp/metrics_sav.b" ||
    { fail "metrics_sav: output differs from the CSV's"; diff "$tmp/metrics_sav.a" "$tmp/metrics_sav.b" | head; }
run metrics_labels 0 "$wold" metrics "$tmp/l.dta" $mopt --group gender
contains metrics_labels "$tmp/metrics_labels.out" "Group: female"
contains metrics_labels "$tmp/metrics_labels.out" "Group: male"
run metrics_typo 2 "$wold" metrics "$tmp/s.sav" --nps loy11
contains metrics_typo "$tmp/metrics_typo.err" "s.sav: error: no numeric variable 'loy11' (loy11); did you mean 'loy1'?"
run metrics_bad 2 "$wold" metrics "$tmp/b.sav" --nps loy1
contains metrics_bad "$tmp/metrics_bad.err" "b.sav: error: row 4, variable 'loy1': an NPS answer must be a whole number from 0 to 10"

# Errors name the file and the variable.
run typo 2 "$wold" fit "$m" "$tmp/s.sav" --weights gendr
contains typo "$tmp/typo.err" "s.sav: error: weight column 'gendr' is not a column of $tmp/s.sav; did you mean 'gender'?"
head -c 3000 "$tmp/s.sav" > "$tmp/cut.sav"
run cut 2 "$wold" fit "$m" "$tmp/cut.sav"
contains cut "$tmp/cut.err" "cut.sav: error: cannot read this SPSS .sav file, it is damaged or truncated"
sed 's/imag1/imagl/' "$m" > "$tmp/typo.wold"
run mv_typo 2 "$wold" fit "$tmp/typo.wold" "$tmp/s.dta"
contains mv_typo "$tmp/mv_typo.err" "indicator 'imagl' is not a column of $tmp/s.dta; did you mean 'imag1'?"

[ $fails -eq 0 ] || { echo "cli_statfiles: $fails failed"; exit 1; }
echo "cli_statfiles: all passed"
