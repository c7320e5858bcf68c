#!/bin/sh
# bench/reader.sh - the CSV reader against R's data.table::fread, in the
# same run on the same files (bench/README.md, "The CSV reader against
# data.table::fread"):
#   likert  10^6 x 14 Likert integers 1-10 (wold simulate --scale 1:10)
#   dec15   10^5 x 27 decimals of 15 significant digits as R's write.csv
#           writes them (an awk generator with "%.15g" when Rscript is
#           absent)
#   dec17   10^6 x 14 decimals of 17 significant digits (wold simulate)
# For each: fread (setDTthreads(2), best of 5), wold's parse alone
# (wold_bench_reader: wold_data_read_csv, best of 5, 1 and 2 threads, with
# memchr and memcpy over the same bytes: what one pass over the page-cached
# file can reach), the streaming reader that `wold fit` uses
# (wold_sums_read_csv over the model's columns, 2 threads, best of 5),
# fast_float's from_chars alone over every cell on one thread (built with
# WOLD_FAST_FLOAT: the state of the art's rate as a library call, per core)
# and `wold fit` as a whole process (best of 3).
# usage: sh bench/reader.sh [BUILD_DIR] [TMP_DIR]   (from the source tree)
set -eu
build=${1:-build}
tmp=${2:-/tmp/wold-reader-bench}
mkdir -p "$tmp"
wold=$build/wold
reader=$build/bench/wold_bench_reader
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(load)"

# The models: ACSI without its 1:10 scale for the continuous panel, and
# three blocks of nine for the 27 columns.
grep -v '^scale' models/acsi.wold > "$tmp/acsi_cont.wold"
{
    for b in 0 1 2; do
        printf 'B%d =~' "$b"
        for j in 1 2 3 4 5 6 7 8 9; do
            printf ' %sv%d' "$([ "$j" = 1 ] && echo '' || echo '+ ')" $((b * 9 + j))
        done
        echo
    done
    echo 'B2 ~ B0 + B1'
} > "$tmp/m27.wold"

[ -s "$tmp/likert.csv" ] || "$wold" simulate models/acsi.wold -n 1000000 \
    --seed 1 --scale 1:10 -o "$tmp/likert.csv"
[ -s "$tmp/dec17.csv" ] || "$wold" simulate models/acsi.wold -n 1000000 \
    --seed 1 -o "$tmp/dec17.csv"
have_r=0
if command -v Rscript >/dev/null 2>&1 &&
    Rscript -e 'library(data.table)' >/dev/null 2>&1; then
    have_r=1
fi
if [ ! -s "$tmp/dec15.csv" ]; then
    if [ "$have_r" = 1 ]; then
        Rscript -e 'set.seed(1); m <- matrix(rnorm(27e5), ncol = 27);
            colnames(m) <- paste0("v", 1:27);
            write.csv(m, commandArgs(TRUE)[1], row.names = FALSE)' \
            "$tmp/dec15.csv"
        echo "dec15: written by R's write.csv"
    else
        echo "dec15: Rscript with data.table is absent; an awk generator" \
             "writes N(0,1) draws with %.15g as write.csv does"
        awk 'BEGIN { srand(1); s = "";
            for (j = 1; j <= 27; j++) s = s (j > 1 ? "," : "") "\"v" j "\"";
            print s;
            for (i = 0; i < 100000; i++) {
                s = "";
                for (j = 1; j <= 27; j++) {
                    u = rand(); if (u == 0) u = 1e-12;
                    z = sqrt(-2 * log(u)) * cos(6.283185307179586 * rand());
                    s = s (j > 1 ? "," : "") sprintf("%.15g", z)
                }
                print s
            } }' > "$tmp/dec15.csv"
    fi
fi

fread_time() {
    Rscript -e 'suppressMessages(library(data.table)); setDTthreads(2);
        f <- commandArgs(TRUE)[1]; invisible(fread(f));
        t <- sapply(1:5, function(i) system.time(fread(f))[["elapsed"]]);
        cat(sprintf("%.4f", min(t)))' "$1"
}

# Best of 3 wall-clock seconds of `wold fit` as a whole process.
fit_time() {
    best=
    for i in 1 2 3; do
        s=$(date +%s.%N)
        "$wold" fit "$1" "$2" -o "$tmp/fit.txt"
        e=$(date +%s.%N)
        best=$(echo "$s $e $best" | awk '{ t = $2 - $1;
            if ($3 != "" && $3 < t) t = $3; printf "%.4f", t }')
    done
    echo "$best"
}

printf '| file | MB | fread s | wold parse 1 thr s | wold parse 2 thr s | GB/s (2 thr) | fread / wold | stream 2 thr s | stream GB/s | fast_float 1 thr GB/s | wold fit s | memchr GB/s | memcpy GB/s | load |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for f in likert dec15 dec17; do
    case $f in
        likert) model=models/acsi.wold ;;
        dec15) model=$tmp/m27.wold ;;
        dec17) model=$tmp/acsi_cont.wold ;;
    esac
    csv=$tmp/$f.csv
    fr=-
    [ "$have_r" = 1 ] && fr=$(fread_time "$csv")
    one=$("$reader" "$csv" --threads 1 --runs 5)
    two=$("$reader" "$csv" --threads 2 --runs 5 --model "$model")
    fit=$(fit_time "$model" "$csv")
    printf '%s\n%s\n' "$one" "$two" | awk -v f="$f" -v fr="$fr" -v fit="$fit" -v load="$(load)" '
        /^parse/ { n++; mb = $6; t[n] = $8; gb[n] = $10; cpu[n] = $13 }
        /^stream/ { st = $3; sg = $5; scpu = $8 }
        /^fast_float/ { ff = $4 }
        /^memchr/ { mc = $4 } /^memcpy/ { mp = $4 }
        END { ratio = fr == "-" ? "-" : sprintf("%.2f", fr / t[2]);
              if (ff == "") ff = "-";
              printf "| %s | %s | %s | %s | %s (cpu %s) | %s | %s | %s (cpu %s) | %s | %s | %s | %s | %s | %s |\n",
                     f, mb, fr, t[1], t[2], cpu[2], gb[2], ratio, st, scpu, sg, ff, fit, mc, mp, load }'
done
echo "load after: $(load)"
