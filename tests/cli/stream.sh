#!/bin/sh
# CLI tests of compressed input and standard input (docs/csv.md,
# "Compressed input and standard input"; docs/cli.md, "Input files"): the
# same data plain, gzip, zlib's own wrapper (RFC 1950, written by perl's
# core Compress::Zlib), zstd, as concatenated members and frames, and
# through a pipe on standard input give byte-identical reports (the data
# file's name aside), in every command that reads data; bad compressed
# files give the documented message and exit code 2.  The compressed files
# are made here, in a temporary directory, with gzip and zstd (Debian
# package zstd).  A build without zlib or libzstd (WOLD_ZLIB / WOLD_ZSTD
# OFF) must say so for such a file; the comparisons are then SKIPPED.
# usage: stream.sh WOLD_BINARY SOURCE_DIR SHARED_DIR
set -u
wold=$1
src=$2
shared=$3
tmp=$(mktemp -d /tmp/wold-cli-stream.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1
[ -x "$wold" ] || { echo "FAIL: $wold is not a program"; exit 1; }

. "$src/tests/cli/lib.sh"

# same NAME A B: the reports A and B are byte-identical once the data
# file's name (or <stdin>) is DATA in both.
same() {
    sed -e "s|$tmp/[A-Za-z0-9_.-]*|DATA|g" -e 's|<stdin>|DATA|g' "$2" \
        >"$tmp/same_a"
    sed -e "s|$tmp/[A-Za-z0-9_.-]*|DATA|g" -e 's|<stdin>|DATA|g' "$3" \
        >"$tmp/same_b"
    cmp -s "$tmp/same_a" "$tmp/same_b" || {
        fail "$1: $(basename "$3") differs from $(basename "$2"):"
        diff "$tmp/same_a" "$tmp/same_b" | head -10
    }
}

# Which decoders this build has: a tiny file of each kind.
printf 'a,b\n1,2\n3,4\n' >"$tmp/tiny.csv"
gzip -c "$tmp/tiny.csv" >"$tmp/tiny.csv.gz"
have_gz=1
"$wold" metrics "$tmp/tiny.csv.gz" --ces a >"$tmp/tiny.out" 2>"$tmp/tiny.err"
if grep -qF "reads no gzip" "$tmp/tiny.err"; then
    have_gz=0
fi
have_zst=0
if command -v zstd >/dev/null 2>&1; then
    zstd -q -c "$tmp/tiny.csv" >"$tmp/tiny.csv.zst"
    have_zst=1
    "$wold" metrics "$tmp/tiny.csv.zst" --ces a >"$tmp/tiny.out" \
        2>"$tmp/tiny.err"
    grep -qF "reads no zstd" "$tmp/tiny.err" && have_zst=0
else
    echo "SKIPPED: the zstd program is absent (Debian package zstd)"
fi

# --- a build without a decoder says which option adds it -----------------
if [ $have_gz = 0 ]; then
    echo "SKIPPED: gzip input (this build has WOLD_ZLIB=OFF)"
    run no_zlib 2 "$wold" fit models/acsi.wold "$tmp/tiny.csv.gz"
    contains no_zlib "$tmp/no_zlib.err" "$tmp/tiny.csv.gz: error: the data is gzip-compressed, and this build of wold reads no gzip (install zlib1g-dev and rebuild; CMake option WOLD_ZLIB)"
fi
if [ $have_zst = 0 ] && [ -f "$tmp/tiny.csv.zst" ]; then
    echo "SKIPPED: zstd input (this build has WOLD_ZSTD=OFF)"
    run no_zstd 2 "$wold" fit models/acsi.wold "$tmp/tiny.csv.zst"
    contains no_zstd "$tmp/no_zstd.err" "$tmp/tiny.csv.zst: error: the data is zstd-compressed, and this build of wold reads no zstd (install libzstd-dev and rebuild; CMake option WOLD_ZSTD)"
fi

# zlib's wrapper: perl's Compress::Zlib (in Debian's perl-modules).
have_zz=0
if perl -MCompress::Zlib -e 1 2>/dev/null; then
    have_zz=$have_gz
else
    echo "SKIPPED: zlib-wrapped input (perl's Compress::Zlib is absent)"
fi
# zz IN OUT: IN as one zlib stream.
zz() {
    perl -MCompress::Zlib -e 'local $/; binmode STDIN; binmode STDOUT;
        print compress(<STDIN>, 6)' <"$1" >"$2"
}

# compressed NAME CSV: $tmp/NAME.csv.gz, .zst, .zz, two members / frames
compressed() {
    if [ $have_zz = 1 ]; then
        zz "$2" "$tmp/$1.csv.zz"
    fi
    gzip -c "$2" >"$tmp/$1.csv.gz"
    half=$(($(wc -l <"$2") / 2))
    { head -n "$half" "$2" | gzip -c; tail -n +"$((half + 1))" "$2" | gzip -9 -c; } \
        >"$tmp/$1.2.csv.gz"
    if [ $have_zst = 1 ]; then
        zstd -q -c "$2" >"$tmp/$1.csv.zst"
        { head -n "$half" "$2" | zstd -q -c; tail -n +"$((half + 1))" "$2" | zstd -q -19 -c; } \
            >"$tmp/$1.2.csv.zst"
    fi
}

# piped NAME PRODUCER FILE MODEL OPTIONS...: PRODUCER FILE | wold fit
# MODEL - OPTIONS ("<" for FILE on standard input).
piped() {
    pname=$1; producer=$2; pfile=$3; pmodel=$4; shift 4
    if [ "$producer" = "<" ]; then
        run "$pname" 0 sh -c 'f=$1 w=$2 m=$3; shift 3; "$w" fit "$m" - "$@" <"$f"' \
            sh "$pfile" "$wold" "$pmodel" "$@"
    else
        run "$pname" 0 sh -c 'p=$1 f=$2 w=$3 m=$4; shift 4; $p "$f" | "$w" fit "$m" - "$@"' \
            sh "$producer" "$pfile" "$wold" "$pmodel" "$@"
    fi
}

# every_form NAME MODEL CSV OPTIONS...: wold fit on the plain file equals
# wold fit on each compressed form and on standard input, byte for byte.
every_form() {
    ef=$1; model=$2; csv=$3; shift 3
    cp "$csv" "$tmp/$ef.csv"
    compressed "$ef" "$tmp/$ef.csv"
    run "${ef}_plain" 0 "$wold" fit "$model" "$tmp/$ef.csv" "$@"
    piped "${ef}_cat" cat "$tmp/$ef.csv" "$model" "$@"
    same "${ef}_cat" "$tmp/${ef}_plain.out" "$tmp/${ef}_cat.out"
    piped "${ef}_stdin" "<" "$tmp/$ef.csv" "$model" "$@"
    same "${ef}_stdin" "$tmp/${ef}_plain.out" "$tmp/${ef}_stdin.out"
    if [ $have_gz = 1 ]; then
        for f in "$ef.csv.gz" "$ef.2.csv.gz"; do
            run "${ef}_$f" 0 "$wold" fit "$model" "$tmp/$f" "$@"
            same "${ef}_$f" "$tmp/${ef}_plain.out" "$tmp/${ef}_$f.out"
        done
        contains "${ef}_gz_name" "$tmp/${ef}_$ef.csv.gz.out" \
            "  data       $tmp/$ef.csv.gz: "
        piped "${ef}_gzip_pipe" "gzip -c" "$tmp/$ef.csv" "$model" "$@"
        same "${ef}_gzip_pipe" "$tmp/${ef}_plain.out" \
            "$tmp/${ef}_gzip_pipe.out"
        piped "${ef}_gz_stdin" "<" "$tmp/$ef.2.csv.gz" "$model" "$@"
        same "${ef}_gz_stdin" "$tmp/${ef}_plain.out" \
            "$tmp/${ef}_gz_stdin.out"
    fi
    if [ $have_zz = 1 ]; then
        run "${ef}_zz" 0 "$wold" fit "$model" "$tmp/$ef.csv.zz" "$@"
        same "${ef}_zz" "$tmp/${ef}_plain.out" "$tmp/${ef}_zz.out"
        piped "${ef}_zz_stdin" "<" "$tmp/$ef.csv.zz" "$model" "$@"
        same "${ef}_zz_stdin" "$tmp/${ef}_plain.out" \
            "$tmp/${ef}_zz_stdin.out"
    fi
    if [ $have_zst = 1 ]; then
        for f in "$ef.csv.zst" "$ef.2.csv.zst"; do
            run "${ef}_$f" 0 "$wold" fit "$model" "$tmp/$f" "$@"
            same "${ef}_$f" "$tmp/${ef}_plain.out" "$tmp/${ef}_$f.out"
        done
        piped "${ef}_zstd_pipe" "zstd -q -c" "$tmp/$ef.csv" "$model" "$@"
        same "${ef}_zstd_pipe" "$tmp/${ef}_plain.out" \
            "$tmp/${ef}_zstd_pipe.out"
    fi
}

# --- wold fit: the satisfaction data and a project data set --------------
sat=$shared/datasets/satisfaction.csv
if [ -f "$sat" ]; then
    every_form sat models/satisfaction.wold "$sat" --scheme centroid
    contains sat_index "$tmp/sat_plain.out" "  SAT   68.51  neutral "
else
    echo "SKIPPED: $sat is absent"
fi
every_form acsi models/acsi.wold datasets/acsi_2000.csv
every_form ecsi models/ecsi.wold datasets/ecsi_5000_missing.csv --missing mean

# --- the other commands that read data ----------------------------------
A=$tmp/acsi.csv
run metrics_plain 0 "$wold" metrics "$A" --ces sat1 --ces-scale 1:10 --nps loy1
if [ $have_gz = 1 ]; then
    run check_plain 0 "$wold" check models/acsi.wold "$A"
    run check_gz 0 "$wold" check models/acsi.wold "$A.gz"
    same check_gz "$tmp/check_plain.out" "$tmp/check_gz.out"
    run predict_plain 0 "$wold" predict models/acsi.wold "$A" --folds 5 --seed 2
    run predict_gz 0 sh -c 'gzip -c "$1" | "$2" predict models/acsi.wold - --folds 5 --seed 2' \
        sh "$A" "$wold"
    same predict_gz "$tmp/predict_plain.out" "$tmp/predict_gz.out"
    run ipma_plain 0 "$wold" ipma models/acsi.wold "$A" --target Satisfaction
    run ipma_gz 0 "$wold" ipma models/acsi.wold "$tmp/acsi.2.csv.gz" --target Satisfaction
    same ipma_gz "$tmp/ipma_plain.out" "$tmp/ipma_gz.out"
    gzip -c datasets/wave_12x100.csv >"$tmp/wave.csv.gz"
    IX="--scale 1:10 --group company --industry industry --sector sector"
    run index_plain 0 "$wold" index models/acsi.wold datasets/wave_12x100.csv $IX
    run index_gz 0 "$wold" index models/acsi.wold "$tmp/wave.csv.gz" $IX
    sed 's|datasets/wave_12x100.csv|DATA|g' "$tmp/index_plain.out" >"$tmp/index_plain_n.out"
    same index_gz "$tmp/index_plain_n.out" "$tmp/index_gz.out"
    # wold moments streams compressed data too: the same fit from its file.
    run moments_plain 0 "$wold" moments models/acsi.wold "$A" -o "$tmp/plain.wm"
    run moments_gz 0 sh -c 'gzip -c "$1" | "$2" moments models/acsi.wold - -o "$3"' \
        sh "$A" "$wold" "$tmp/gz.wm"
    run moments_fit_plain 0 "$wold" fit models/acsi.wold --moments "$tmp/plain.wm"
    run moments_fit_gz 0 "$wold" fit models/acsi.wold --moments "$tmp/gz.wm"
    same moments_gz "$tmp/moments_fit_plain.out" "$tmp/moments_fit_gz.out"
    run metrics_gz 0 "$wold" metrics "$A.gz" --ces sat1 --ces-scale 1:10 --nps loy1
    same metrics_gz "$tmp/metrics_plain.out" "$tmp/metrics_gz.out"
fi
if [ $have_zst = 1 ]; then
    run metrics_zst 0 sh -c '"$1" metrics - --ces sat1 --ces-scale 1:10 --nps loy1 <"$2"' sh \
        "$wold" "$tmp/acsi.csv.zst"
    same metrics_zst "$tmp/metrics_plain.out" "$tmp/metrics_zst.out"
fi

# --- bad compressed input: exit 2, the message, nothing written ---------
M=models/acsi.wold
if [ $have_gz = 1 ]; then
    G=$tmp/acsi.csv.gz
    head -c 1000 "$G" >"$tmp/cut.csv.gz"
    run gz_truncated 2 "$wold" fit $M "$tmp/cut.csv.gz" -o "$tmp/never.txt"
    contains gz_truncated "$tmp/gz_truncated.err" "$tmp/cut.csv.gz: error: truncated gzip stream: the file ends inside compressed data at byte 1000"
    [ ! -e "$tmp/never.txt" ] || fail "gz_truncated: wrote the report"
    no_temp gz_truncated "$tmp"
    run gz_truncated_stdin 2 sh -c 'head -c 1000 "$1" | "$2" fit "$3" -' sh "$G" "$wold" $M
    contains gz_truncated_stdin "$tmp/gz_truncated_stdin.err" "<stdin>: error: truncated gzip stream: the file ends inside compressed data at byte 1000"
    size=$(wc -c <"$G")
    { cat "$G"; printf 'trailing'; } >"$tmp/tail.csv.gz"
    run gz_garbage 2 "$wold" fit $M "$tmp/tail.csv.gz"
    contains gz_garbage "$tmp/gz_garbage.err" "$tmp/tail.csv.gz: error: garbage after the gzip data at byte $size: 8 bytes that are not another gzip member"
    # The last byte of the length field (RFC 1952: ISIZE, the last 4).
    cp "$G" "$tmp/bad.csv.gz"
    printf '\377' | dd of="$tmp/bad.csv.gz" bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
    run gz_corrupt 2 "$wold" fit $M "$tmp/bad.csv.gz"
    contains gz_corrupt "$tmp/gz_corrupt.err" "$tmp/bad.csv.gz: error: corrupt gzip data at byte $size: incorrect length check"
    # A CSV error inside compressed data: the same file:line:col.
    sed '5s/^[0-9]*,/x,/' "$tmp/acsi.csv" >"$tmp/badcell.csv"
    gzip -c "$tmp/badcell.csv" >"$tmp/badcell.csv.gz"
    run cell_plain 2 "$wold" fit $M "$tmp/badcell.csv"
    run cell_gz 2 "$wold" fit $M "$tmp/badcell.csv.gz"
    contains cell_gz "$tmp/cell_gz.err" "$tmp/badcell.csv.gz:5:1: error: "
    same cell_gz "$tmp/cell_plain.err" "$tmp/cell_gz.err"
fi
if [ $have_zst = 1 ]; then
    Z=$tmp/acsi.csv.zst
    head -c 100 "$Z" >"$tmp/cut.csv.zst"
    run zst_truncated 2 "$wold" fit $M "$tmp/cut.csv.zst"
    contains zst_truncated "$tmp/zst_truncated.err" "$tmp/cut.csv.zst: error: truncated zstd stream: the file ends inside compressed data at byte 100"
    size=$(wc -c <"$Z")
    cp "$Z" "$tmp/bad.csv.zst"
    printf '\377' | dd of="$tmp/bad.csv.zst" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
    run zst_corrupt 2 "$wold" fit $M "$tmp/bad.csv.zst"
    contains zst_corrupt "$tmp/zst_corrupt.err" "$tmp/bad.csv.zst: error: corrupt zstd data in the frame that starts at byte 0: "
    { cat "$Z"; printf 'trailing'; } >"$tmp/tail.csv.zst"
    run zst_garbage 2 "$wold" fit $M "$tmp/tail.csv.zst"
    contains zst_garbage "$tmp/zst_garbage.err" "$tmp/tail.csv.zst: error: corrupt zstd data in the frame that starts at byte $size: Unknown frame descriptor"
fi
# Formats wold does not decode are refused by name.
if command -v xz >/dev/null 2>&1; then
    xz -c "$tmp/tiny.csv" >"$tmp/tiny.csv.xz"
    run xz 2 "$wold" fit $M "$tmp/tiny.csv.xz"
    contains xz "$tmp/xz.err" "$tmp/tiny.csv.xz: error: the data is xz-compressed, which wold does not read (it reads gzip, zlib and zstd): decompress it first (xz -dc)"
else
    echo "SKIPPED: the xz program is absent"
fi
# A plain file named .gz is read as plain: the name does not matter.
cp datasets/acsi_2000.csv "$tmp/plain.gz"
run plain_named_gz 0 "$wold" fit $M "$tmp/plain.gz"
same plain_named_gz "$tmp/acsi_plain.out" "$tmp/plain_named_gz.out"

if [ $fails -gt 0 ]; then
    echo "$fails CLI stream test(s) failed"
    exit 1
fi
echo "CLI stream tests passed"
