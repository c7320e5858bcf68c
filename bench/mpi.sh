#!/bin/sh
# bench/mpi.sh - wold across MPI ranks on one machine (bench/README.md,
# "MPI"; docs/scale.md): the bootstrap on 2 ranks against 1 process, and
# the weak-scaling points of a streamed fit (1 rank on n rows, 2 ranks on
# 2n), whole processes, best of 3, with the machine's load.
# usage: sh bench/mpi.sh [BUILD_DIR] [TMP_DIR]   (from the source tree)
set -eu
build=${1:-build}
tmp=${2:-/tmp/wold-mpi-bench}
mkdir -p "$tmp"
export OMPI_MCA_btl_vader_single_copy_mechanism=none
mpi() { # mpi K ARGS...: wold on K ranks, not bound to cores
    k=$1; shift
    mpirun -q --allow-run-as-root --oversubscribe --bind-to none \
        --mca btl self,vader -n "$k" "$build/wold" "$@"
}
best() { # best of 3 wall-clock seconds of a command
    b=999
    for i in 1 2 3; do
        s=$(date +%s.%N); "$@"; e=$(date +%s.%N)
        b=$(echo "$s $e $b" | awk '{ t = $2 - $1; print (t < $3 ? t : $3) }')
    done
    echo "$b"
}
ratio() { echo "$1 $2" | awk '{ printf "%.2f", $1 / $2 }'; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg); $(mpirun --version | head -1)"

# mpirun's own cost: starting 2 ranks of a command that does nothing.
version2() { mpi 2 --version >"$tmp/v.txt"; }
t0=$(best version2)
echo "mpirun -n 2 wold --version (the start of 2 ranks): $t0 s"

# The bootstrap: every rank reads the whole file and fits it, then runs
# its half of the replicates; rank 0 joins them and reports.
"$build/wold" simulate models/ecsi.wold -n 100000 --seed 42 --scale 1:10 -o "$tmp/ecsi_1e5.csv"
B="fit models/ecsi.wold $tmp/ecsi_1e5.csv --boot 1000 --seed 1"
t11=$(best "$build/wold" $B --threads 1 -o "$tmp/b11.txt")
t12=$(best "$build/wold" $B --threads 2 -o "$tmp/b12.txt")
t21=$(best mpi 2 $B --threads 1 -o "$tmp/b21.txt")
cmp "$tmp/b11.txt" "$tmp/b21.txt"
cmp "$tmp/b12.txt" "$tmp/b21.txt"
echo "bootstrap, ecsi 10^5 x 24, 1000 replicates: 1 process 1 thread $t11 s; 1 process 2 threads $t12 s; 2 ranks x 1 thread $t21 s (same bytes)"
echo "ratio 2 ranks / 1 process: $(ratio "$t21" "$t11") against 1 thread, $(ratio "$t21" "$t12") against 2 threads"

# Weak scaling of the streamed fit: n rows per rank (one file of n rows
# for 1 rank, of 2n for 2 ranks), each rank reading its byte range.
"$build/wold" simulate models/ecsi.wold -n 500000 --seed 42 --scale 1:10 -o "$tmp/w1.csv"
"$build/wold" simulate models/ecsi.wold -n 1000000 --seed 43 --scale 1:10 -o "$tmp/w2.csv"
f11=$(best "$build/wold" fit models/ecsi.wold "$tmp/w1.csv" --threads 1 -o "$tmp/f11.txt")
f21=$(best mpi 1 fit models/ecsi.wold "$tmp/w1.csv" --threads 1 -o "$tmp/f21.txt")
f22=$(best mpi 2 fit models/ecsi.wold "$tmp/w2.csv" --threads 1 -o "$tmp/f22.txt")
g22=$(best "$build/wold" fit models/ecsi.wold "$tmp/w2.csv" --threads 1 -o "$tmp/g22.txt")
cmp "$tmp/f22.txt" "$tmp/g22.txt"
echo "weak scaling, streamed fit, 5*10^5 x 24 Likert rows per rank ($(du -m "$tmp/w1.csv" | cut -f1) MB), 1 thread per rank: 1 process $f11 s; mpirun 1 rank $f21 s; 2 ranks on 2x the rows $f22 s (1 process on those: $g22 s, same bytes)"
echo "efficiency T(1 rank) / T(2 ranks): $(ratio "$f21" "$f22")"
