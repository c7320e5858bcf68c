#!/bin/sh
# The command on 2 MPI ranks against one process (docs/scale.md): fit in
# text and JSON, the bootstrap (its report and --boot-out, BCa's
# jackknife, 3 ranks), a moments file, the batch index (2 and 3 ranks),
# byte for byte; an error in the
# second rank's share reported once with the one-process message and exit
# code; commands and inputs that cannot run on several ranks refused.
# usage: mpi.sh WOLD_BINARY SOURCE_DIR WOLD_MPI MPIEXEC
set -u
wold=$1
src=$2
if [ "${3:-OFF}" != ON ] || [ -z "${4:-}" ] || ! command -v "$4" >/dev/null 2>&1; then
    echo "SKIPPED: wold was built without MPI (WOLD_MPI=OFF) or mpirun is missing"
    exit 0
fi
tmp=$(mktemp -d /tmp/wold-cli-mpi.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
cd "$src" || exit 1

. "$src/tests/cli/lib.sh"

# What Open MPI needs in a container: root, more ranks than cores, shared
# memory without cross-memory attach (ptrace is often not allowed), no
# help banners (-q: the only stderr is wold's own).
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_rmaps_base_oversubscribe=1
# mpirun binds each rank to a core, so OpenBLAS sees one: the output
# must not depend on it (libwold runs BLAS on one thread).
mpirun_=$4
# Under ASan the ranks do not look for leaks: Open MPI unloads its
# components at MPI_Finalize and leaves their allocations behind, which
# LeakSanitizer cannot tell from wold's (the one-process runs keep it).
mpi() {
    k=$1; shift
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        "$mpirun_" -q --allow-run-as-root --oversubscribe \
        --mca btl self,vader -n "$k" "$@"
}

# same NAME K EXIT ARGS...: wold ARGS in one process and on K ranks give
# the same exit code, standard output and error; outputs written with -o
# or --boot-out go to $tmp/NAME.1.* and $tmp/NAME.K.* (@ in ARGS, which
# hold no spaces).
same() {
    # run sets name and want: these are the test's own.
    t=$1; k=$2; code=$3; shift 3
    a1=$(echo "$*" | sed "s|@|$tmp/$t.1|g")
    ak=$(echo "$*" | sed "s|@|$tmp/$t.$k|g")
    # shellcheck disable=SC2086
    run "$t.1" "$code" "$wold" $a1
    # shellcheck disable=SC2086
    run "$t.$k" "$code" mpi "$k" "$wold" $ak
    cmp -s "$tmp/$t.1.out" "$tmp/$t.$k.out" ||
        { fail "$t: $k ranks printed other output than one process";
          diff "$tmp/$t.1.out" "$tmp/$t.$k.out" | head -10; }
    cmp -s "$tmp/$t.1.err" "$tmp/$t.$k.err" ||
        { fail "$t: $k ranks printed other messages than one process";
          diff "$tmp/$t.1.err" "$tmp/$t.$k.err" | head -10; }
}

M=models/acsi.wold
D=datasets/acsi_2000.csv

# A model with higher-order constructs, both approaches, and the moments
# of its items (each once: the ranks' packed sums carry no repeats).
H=models/csi_three_level.wold
# 40 000 rows: two 1 MiB chunks, one a rank; the Mode B index needs a
# looser tolerance to converge at this size.
run hoc_sim 0 "$wold" simulate $H -n 40000 --seed 4 --scale 1:10 -o "$tmp/hoc.csv"
same hoc_fit 2 0 fit $H "$tmp/hoc.csv" --hoc two-stage --format json --tol 1e-10
same hoc_rep 2 0 fit $H "$tmp/hoc.csv" --tol 1e-10
contains hoc_rep "$tmp/hoc_rep.2.out" "Higher-order constructs (repeated-indicator approach)"
same hoc_moments 2 0 moments $H "$tmp/hoc.csv" -o @.wm
cmp -s "$tmp/hoc_moments.1.wm" "$tmp/hoc_moments.2.wm" ||
    fail "hoc_moments: the moments file differs on 2 ranks"


same fit 2 0 fit $M $D
contains fit "$tmp/fit.2.out" "rows used  2000"
same fit_json 2 0 fit $M $D --format json --missing mean --scheme centroid
same boot 2 0 fit $M $D --boot 200 --seed 7 --boot-out @.csv
cmp -s "$tmp/boot.1.csv" "$tmp/boot.2.csv" || fail "boot: --boot-out differs on 2 ranks"
contains boot "$tmp/boot.2.out" "s.e. (boot)"
[ "$(wc -l <"$tmp/boot.2.csv")" = 201 ] || fail "boot: --boot-out has not 200 replicates"
same boot_bca 3 0 fit $M $D --boot 100 --ci both --sign-change construct --format json -o @.json
cmp -s "$tmp/boot_bca.1.json" "$tmp/boot_bca.3.json" || fail "boot_bca: the JSON differs on 3 ranks"
no_temp boot_bca "$tmp"
same moments 2 0 moments $M datasets/wave_12x100.csv --scale 1:10 --group company -o @.wm
cmp -s "$tmp/moments.1.wm" "$tmp/moments.2.wm" || fail "moments: the moments file differs on 2 ranks"
no_temp moments "$tmp"
same index 2 0 index $M datasets/wave_12x100.csv --scale 1:10 --group company \
    --industry industry --sector sector --boot 50
contains index "$tmp/index.2.out" "nation"
same index_json 3 0 index $M datasets/wave_12x100.csv --scale 1:10 --group company \
    --industry industry --format json -o @.json
cmp -s "$tmp/index_json.1.json" "$tmp/index_json.3.json" || fail "index_json: the JSON differs on 3 ranks"

# A file of 3 chunks of 1 MiB: each rank reads its byte range (3 ranks:
# one chunk each; 2 ranks: one and two), the parts joined on rank 0.
run sim 0 "$wold" simulate $M -n 90000 --seed 3 --scale 1:10 -o "$tmp/big.csv"
same fit_big 2 0 fit $M "$tmp/big.csv" --format json --missing mean
same fit_big3 3 0 fit $M "$tmp/big.csv" --threads 1
contains fit_big3 "$tmp/fit_big3.3.out" "rows used  90000"
same moments_big 3 0 moments $M "$tmp/big.csv" -o @.wm
cmp -s "$tmp/moments_big.1.wm" "$tmp/moments_big.3.wm" || fail "moments_big: the moments file differs on 3 ranks"

# An error in rank 1's share: the one-process message, once, and its exit
# code.
awk 'NR == 80000 { sub(/^[0-9]+/, "x") } { print }' "$tmp/big.csv" >"$tmp/bad.csv"
same bad_cell 2 2 fit $M "$tmp/bad.csv"
contains bad_cell "$tmp/bad_cell.2.err" ':80000:1: error:'
[ "$(grep -c 'error:' "$tmp/bad_cell.2.err")" = 1 ] || fail "bad_cell: the error was not reported once"
same bad_cell_boot 2 2 fit $M "$tmp/bad.csv" --boot 10

# Only rank 0 could read standard input; check runs in one process.
run stdin 1 mpi 2 "$wold" fit $M - <$D
contains stdin "$tmp/stdin.err" "wold fit: error: DATA: standard input cannot be read by 2 MPI ranks"
[ "$(grep -c 'error:' "$tmp/stdin.err")" = 1 ] || fail "stdin: the error was not reported once"
run fit_moments 1 mpi 2 "$wold" fit $M --moments "$tmp/moments.1.wm"
contains fit_moments "$tmp/fit_moments.err" "wold fit: error: --moments reads no data: run it without mpirun"
# A compressed file has no byte ranges: read whole (--boot) it works, cut
# into parts it is a usage error (where this build reads gzip).
gzip -c $D >"$tmp/acsi.csv.gz"
if "$wold" fit $M "$tmp/acsi.csv.gz" -o "$tmp/gz.1.txt" 2>"$tmp/gz.1.err"; then
    run gz 1 mpi 2 "$wold" fit $M "$tmp/acsi.csv.gz"
    contains gz "$tmp/gz.err" "cannot be read in parts (MPI ranks): decompress it"
    same gz_boot 2 0 fit $M "$tmp/acsi.csv.gz" --boot 20
fi
run check 1 mpi 2 "$wold" check $M
contains check "$tmp/check.err" "wold check: error: runs in one process"

if [ "$fails" -ne 0 ]; then
    echo "$fails MPI CLI test(s) failed"
    exit 1
fi
echo "all MPI CLI tests passed"
