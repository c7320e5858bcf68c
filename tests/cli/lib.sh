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

# no_temp NAME DIR: no temporary output file (*.tmp-*) is left in DIR
no_temp() {
    left=$(ls -a "$2" | grep '\.tmp-')
    [ -z "$left" ] || fail "$1: left temporary files behind: $left"
}
