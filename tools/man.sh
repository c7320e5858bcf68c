#!/bin/sh
# man.sh WOLD OUTDIR - writes OUTDIR/wold.1 and OUTDIR/wold-COMMAND.1 for
# every command of 'WOLD --help', each from that command's --help text
# (tools/help.awk, tools/man.awk): the pages say what --help says.  A
# help text without its "exit codes:" paragraph gets the table of
# docs/cli.md, "Exit codes".
# The date is SOURCE_DATE_EPOCH's when set (reproducible builds).
set -eu
wold=$1
out=$2
tools=$(cd "$(dirname "$0")" && pwd)

version=$("$wold" --version </dev/null | sed 's/^wold //')
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
    date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
else
    date=$(date -u +%Y-%m-%d)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$wold" --help </dev/null >"$tmp/wold.help"
awk -f "$tools/help.awk" "$tmp/wold.help" >"$tmp/wold.rec"
grep -q '^exit codes:' "$tmp/wold.help" || cat "$tmp/exits" >>"$tmp/wold.rec"
# The commands and their one-line summaries, from the "commands:" list.
awk -F '\t' '$1 == "L" { inlist = ($2 == "commands") }
             $1 == "I" && inlist { c = $2; sub(/ .*/, "", c); print c "\t" $3 }' \
    "$tmp/wold.rec" >"$tmp/commands"
commands=$(cut -f1 "$tmp/commands" | tr '\n' ' ' | sed 's/ $//')
[ -n "$commands" ] || { echo "man.sh: no commands in '$wold --help'" >&2; exit 1; }

# The NAME line of a command's page is its line of the command list;
# wold.1's is the first paragraph of 'wold --help', without the period.
summary=$(awk -F '\t' '$1 == "P" { s = $2; sub(/\.$/, "", s); print s; exit }' \
    "$tmp/wold.rec")

# A help text without "exit codes:" gets docs/cli.md's table of the codes.
sed -n 's/^| \([0-9]\) | \(.*\) |$/Y\t\1\t\2/p' "$tools/../docs/cli.md" |
    sed -e 's/`//g' -e 's/\xe2\x80\xa6/.../g' >"$tmp/exits"
records() { # HELP
    awk -f "$tools/help.awk" "$1"
    grep -q '^exit codes:' "$1" || cat "$tmp/exits"
}

mkdir -p "$tmp/pages"
awk -v name=wold -v summary="$summary" -v version="$version" -v date="$date" \
    -v commands="$commands" -f "$tools/man.awk" "$tmp/wold.rec" \
    >"$tmp/pages/wold.1"
while IFS="$(printf '\t')" read -r cmd text; do
    "$wold" "$cmd" --help </dev/null >"$tmp/$cmd.help"
    records "$tmp/$cmd.help" |
        awk -v name="wold-$cmd" -v summary="$text" -v version="$version" \
            -v date="$date" -v commands="$commands" -f "$tools/man.awk" \
            >"$tmp/pages/wold-$cmd.1"
done <"$tmp/commands"

# Replace the whole directory, so that a removed command's page goes too.
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$tmp/pages" "$out"
