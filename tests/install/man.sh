#!/bin/sh
# man.sh WOLD BUILD - the man pages that the build made from --help
# (tools/man.sh): one per command of 'wold --help' and wold.1, each
# rendering without a warning (groff -ww), with the sections NAME,
# SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS and SEE ALSO, and every
# option of the command's --help in its page.
set -eu
wold=$1
dir=$2/man
here=$(cd "$(dirname "$0")" && pwd)
. "$here/options.sh"
command -v groff >/dev/null || { echo "SKIPPED: no groff"; exit 0; }

fail=0
bad() { echo "FAIL: $*"; fail=1; }
check_page() { # PAGE CMD...
    page=$1
    shift
    [ -f "$page" ] || { bad "no $page"; return; }
    warn=$(groff -man -ww -z -Tutf8 "$page" 2>&1)
    [ -z "$warn" ] || bad "$page: groff warns: $warn"
    text=$(groff -man -Tascii -P-c -P-b -P-u "$page" 2>/dev/null)
    for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" "SEE ALSO"; do
        printf '%s\n' "$text" | grep -q "^$s\$" || bad "$page: no section $s"
    done
    for o in $(wold_options "$wold" "$@"); do
        printf '%s\n' "$text" |
            grep -qE -e "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" || bad "$page: no $o"
    done
    for code in 0 1 2 4 5; do
        printf '%s\n' "$text" | sed -n '/^EXIT STATUS$/,/^[A-Z]/p' |
            grep -q "^       $code " || bad "$page: exit status $code missing"
    done
}

check_page "$dir/wold.1"
n=1
for c in $(wold_commands "$wold"); do
    check_page "$dir/wold-$c.1" "$c"
    groff -man -Tascii -P-c -P-b -P-u "$dir/wold.1" | grep -q "wold-$c(1)" ||
        bad "wold.1 does not refer to wold-$c(1)"
    n=$((n + 1))
done
pages=$(ls "$dir" | wc -l)
[ "$pages" -eq "$n" ] || bad "$pages pages for $n commands and wold.1"
if command -v man >/dev/null; then
    warn=$(man --warnings -l "$dir/wold-fit.1" 2>&1 >/dev/null)
    [ -z "$warn" ] || bad "man --warnings: $warn"
fi
[ $fail = 0 ] && echo "man: $n pages render without warnings, every option in its page"
exit $fail
