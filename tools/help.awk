# help.awk - splits a `wold ... --help` text into records, one per line,
# fields separated by a tab:
#   U <line>            a line of the usage (synopsis), "usage: " removed
#   P <text>            a paragraph, its lines joined
#   L <title>           a list begins: "options", "commands", ... ("" when
#                       the option lines follow a paragraph directly)
#   I <spec> <text>     an item of that list: "--scheme S", its description
#   X <text>            the "exit codes:" paragraph, without that label
# man.awk and completion.awk read these records, so the --help text is the
# one source of the man pages and of the completion.  The help texts align
# descriptions in a column; an item whose spec reaches that column (one
# space before the description) is split at the column.

function flush() {
    if (mode == "P" || mode == "X")
        printf "%s\t%s\n", mode, text
    else if (mode == "I")
        printf "I\t%s\t%s\n", spec, text
    text = ""
    if (mode == "I")
        mode = "L"
    else if (mode != "L")
        mode = ""
}

function trim(s) {
    sub(/^ +/, "", s)
    sub(/ +$/, "", s)
    return s
}

function join(s) {
    s = trim(s)
    return text == "" ? s : text " " s
}

# The item line "  --scheme S        inner weighting: ...".
function item(line,    rest) {
    flush()
    rest = substr(line, 3)
    if (match(rest, /  +/)) {
        spec = substr(rest, 1, RSTART - 1)
        text = trim(substr(rest, RSTART))
        col = RSTART + RLENGTH + 2
    } else if (col > 3 && length(line) >= col &&
               substr(line, col - 1, 1) == " " &&
               substr(line, col, 1) != " ") {
        spec = trim(substr(line, 3, col - 3))
        text = trim(substr(line, col))
    } else {
        spec = trim(rest)
        text = ""
    }
    mode = "I"
}

BEGIN { mode = ""; text = ""; col = 0 }

{ sub(/\r$/, "") }

/^$/ {
    flush()
    if (mode == "L")
        mode = ""
    next
}

/^usage: / {
    flush()
    mode = "U"
    printf "U\t%s\n", substr($0, 8)
    next
}

mode == "U" {
    printf "U\t%s\n", substr($0, 8)
    next
}

/^exit codes:/ {
    flush()
    mode = "X"
    text = trim(substr($0, 12))
    next
}

/^[^ ].*:$/ && mode == "" {
    mode = "L"
    col = 0
    title = substr($0, 1, length($0) - 1)
    printf "L\t%s\n", title
    next
}

/^  [^ ]/ && (mode == "L" || mode == "I") {
    item($0)
    next
}

/^  -/ && mode == "P" {
    flush()
    mode = "L"
    col = 0
    printf "L\t\n"
    item($0)
    next
}

/^   +[^ ]/ && mode == "I" {
    text = join($0)
    next
}

{
    if (mode == "L" || mode == "I")
        flush()
    if (mode == "L")
        mode = ""
    if (mode == "")
        mode = "P"
    text = join($0)
}

END { flush() }
