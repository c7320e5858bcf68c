#!/bin/sh
# completion.sh WOLD BUILD - the bash completion that the build made from
# --help (tools/completion.sh), run in bash as readline would: every
# command, every option of every command's --help, the values of the
# choice options, file names for MODEL, DATA and -o.
set -eu
wold=$1
comp=$2/completion/wold
here=$(cd "$(dirname "$0")" && pwd)
. "$here/options.sh"
command -v bash >/dev/null || { echo "SKIPPED: no bash"; exit 0; }
[ -f "$comp" ] || { echo "FAIL: no $comp"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/acsi.wold" "$tmp/acsi.csv"
# The expectations, one a line: WORDS<TAB>EXPECTED (each expected word in
# COMPREPLY; "=" alone: COMPREPLY exactly these).
{
    for c in $(wold_commands "$wold"); do
        printf 'wold %s\t%s\n' "$(printf %s "$c" | cut -c1-2)" "$c"
        for o in $(wold_options "$wold" "$c"); do
            printf 'wold %s %s\t%s\n' "$c" "$o" "$o"
        done
    done
    for o in $(wold_options "$wold"); do printf 'wold %s\t%s\n' "$o" "$o"; done
    printf 'wold fit m d --scheme \t= path centroid factorial\n'
    printf 'wold fit m d --scheme c\t= centroid\n'
    printf 'wold fit m d --scheme = f\t= factorial\n'
    printf 'wold fit m d --missing \t= listwise mean pairwise\n'
    printf 'wold check m --missing \t= listwise mean pairwise\n'
    printf 'wold fit m d --format \ttext json\n'
    printf 'wold ipma m d --format \ttext json csv\n'
    printf 'wold fit m d --lang \t= en zh\n'
    printf 'wold fit m d --compat \t= plspm none\n'
    printf 'wold fit m d --ci \t= percentile bca both\n'
    printf 'wold predict m d --approach \t= earliest direct\n'
    printf 'wold fit m d --sep \ttab \\;\n'
    printf 'wold fit m d --tol \t=\n'
    printf 'wold fit %s/ac\t= %s/acsi.csv %s/acsi.wold\n' "$tmp" "$tmp" "$tmp"
    printf 'wold fit m d -o %s/acsi.c\t= %s/acsi.csv\n' "$tmp" "$tmp"
    printf 'wold fit m d --scores %s/acsi.w\t= %s/acsi.wold\n' "$tmp" "$tmp"
} >"$tmp/cases"

cat >"$tmp/run.bash" <<'BASH'
[ -f /usr/share/bash-completion/bash_completion ] &&
    . /usr/share/bash-completion/bash_completion
. "$1"
complete -p wold >/dev/null || { echo "FAIL: no complete -F for wold"; exit 1; }
fail=0 n=0
while IFS=$'\t' read -r line want; do
    read -r -a COMP_WORDS <<<"$line"
    [[ $line == *' ' ]] && COMP_WORDS+=('')
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line COMP_POINT=${#line}
    COMPREPLY=()
    _wold wold "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    got=" ${COMPREPLY[*]} "
    n=$((n + 1))
    if [[ $want == '=' || $want == '= '* ]]; then
        want=${want#=}; want=${want# }
        sorted=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
        exp=$(printf '%s\n' $want | sort | tr '\n' ' ')
        [[ -z $want ]] && exp='' && sorted=$(printf '%s' "${COMPREPLY[*]}")
        [[ $sorted == "$exp" ]] || { echo "FAIL: '$line' gives '${COMPREPLY[*]}', expected '$want'"; fail=1; }
    else
        for w in $want; do
            [[ $got == *" $w "* ]] || { echo "FAIL: '$line' gives '${COMPREPLY[*]}', without '$w'"; fail=1; }
        done
    fi
done <"$2"
((fail == 0)) && echo "completion: $n cases"
exit $fail
BASH
bash "$tmp/run.bash" "$comp" "$tmp/cases"
