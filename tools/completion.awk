# completion.awk - "O\tCMD\tOPTION\tMETAVAR" for every option of the
# records of help.awk: "-h, --help" gives -h and --help, "--scheme S" the
# option --scheme with the metavariable S.
$1 == "L" { inlist = ($2 != "commands") }
$1 == "I" && inlist {
    n = split($2, alt, /, /)
    for (i = 1; i <= n; i++) {
        name = alt[i]
        meta = ""
        if (match(name, / /)) {
            meta = substr(name, RSTART + 1)
            name = substr(name, 1, RSTART - 1)
        }
        if (name ~ /^-/)
            printf "O\t%s\t%s\t%s\n", cmd, name, meta
    }
}
