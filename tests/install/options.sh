# options.sh - sourced by the install tests: what --help says, read
# independently of tools/help.awk, so that the tests check the generators.
#   wold_commands WOLD        the commands of 'WOLD --help'
#   wold_options WOLD [CMD]   the options of 'WOLD [CMD] --help'

wold_commands() {
    "$1" --help </dev/null |
        awk '/^commands:$/ { on = 1; next } /^$/ { on = 0 }
             on && /^  [a-z]/ { print $1 }'
}

wold_options() {
    w=$1
    shift
    "$w" "$@" --help </dev/null |
        awk '/^  -/ { sub(/^  /, ""); split($0, part, /  /)
                      n = split(part[1], tok, /[ ,]+/)
                      for (i = 1; i <= n; i++) if (tok[i] ~ /^-/) print tok[i] }' |
        sort -u
}
