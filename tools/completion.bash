# The completion function (tools/completion.bash, appended to the tables
# above by tools/completion.sh).

_wold_files()
{
    if declare -F _filedir >/dev/null; then
        _filedir
    else
        compopt -o filenames 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

_wold()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev='' cmd='' v i
    COMPREPLY=()
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # --opt=value: readline splits at '=' (COMP_WORDBREAKS).
    if [[ $cur == = ]]; then
        cur=''
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    if ((COMP_CWORD == 1)); then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$(_wold_options '')" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$_wold_commands" -- "$cur"))
        fi
        return 0
    fi
    cmd=${COMP_WORDS[1]}
    v=$(_wold_values "$cmd" "$prev")
    if [[ $prev == -* && -n $v ]]; then
        case $v in
            w\ *)
                local w
                for w in $(compgen -W "${v#w }" -- "$cur"); do
                    # ';' (--sep) would end the command line.
                    [[ $w == *[\;\&\|\<\>]* ]] && w=$(printf '%q' "$w")
                    COMPREPLY+=("$w")
                done
                ;;
            f) _wold_files ;;
        esac
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_wold_options "$cmd")" -- "$cur"))
        return 0
    fi
    _wold_files
    return 0
} && complete -F _wold wold
