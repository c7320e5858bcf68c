# lib.sh - helpers shared by the CLI test scripts (sourced, not run).
# The caller sets $tmp (a scratch directory) and fails=0.

fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# run NAME EXPECTED_EXIT CMD...: stdout to $tmp/NAME.out, stderr to .err
run() {
    name=$1; want=$2; shift 2
    "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    got=$?
    if [ "$got" != "$want" ]; then
        fail "$name: exit $got, expected $want"
        sed 's/^/    /' "$tmp/$name.err" | head -20
    fi
}

# contains NAME FILE TEXT: FILE must contain TEXT
contains() {
    grep -qF -- "$3" "$2" || { fail "$1: output lacks '$3'"; head -20 "$2"; }
}

# lacks NAME FILE TEXT: FILE must not contain TEXT
lacks() {
    ! grep -qF -- "$3" "$2" || { fail "$1: output has '$3'"; head -20 "$2"; }
}

# golden_num NAME FILE: FILE equals tests/golden/NAME but that numbers may
# differ by 1e-12 relative (1e-300 absolute): for reports that print
# estimates to 17 digits, whose last bits depend on how the machine's BLAS
# kernels round (OpenBLAS picks them by CPU).  Fields are split at commas
# and blanks; every other field must be the same text.  WOLD_UPDATE_GOLDEN
# as for golden.
golden_num() {
    if [ -n "${WOLD_UPDATE_GOLDEN:-}" ]; then
        cp "$2" "tests/golden/$1"
        return
    fi
    awk -v name="$1" '
        function num(s) { return s ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/ }
        function abs(x) { return x < 0 ? -x : x }
        NR == FNR { g[++ng] = $0; next }
        {
            k++
            if (k > ng) { print name ": more lines than the golden file"; bad = 1; exit }
            if ($0 == g[k]) next
            na = split($0, a, /[, ]+/); nb = split(g[k], b, /[, ]+/)
            same = na == nb
            for (i = 1; same && i <= na; i++) {
                if (a[i] == b[i]) continue
                if (!num(a[i]) || !num(b[i])) { same = 0; break }
                d = abs(a[i] - b[i]); m = abs(a[i]) > abs(b[i]) ? abs(a[i]) : abs(b[i])
                same = d <= 1e-12 * m || d <= 1e-300
            }
            if (same) next
            print name ": line " k " differs: " $0 " vs the golden " g[k]
            if (++bad > 5) exit
        }
        END {
            if (!bad && k != ng) { print name ": fewer lines than the golden file"; bad = 1 }
            exit bad ? 1 : 0
        }' "tests/golden/$1" "$2" || fail "$1 differs from tests/golden/$1 beyond rounding"
}

# no_temp NAME DIR: no temporary output file (*.tmp-*) is left in DIR
no_temp() {
    left=$(ls -a "$2" | grep '\.tmp-')
    [ -z "$left" ] || fail "$1: left temporary files behind: $left"
}
