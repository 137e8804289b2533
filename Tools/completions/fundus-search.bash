# bash completion for fundus-search                        -*- shell-script -*-
#
# fundus-search parses its own command line, so this file is written by hand;
# keep it in step with `fundus-search --help`. Install it as
# /usr/share/bash-completion/completions/fundus-search (or source it).
# Options take their value as the next word or after "=" (--limit=5).

_fundus_search()
{
    COMPREPLY=()
    local words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
    local cur=${words[cword]} prev=""
    if ((cword > 0)); then
        prev=${words[cword - 1]}
    fi

    local options="--db --format --limit --offset --all-passages --sort
        --snippet-chars --no-snippets --color --queries --threads --stats
        --count --ids --no-typos --explain --timeout --allow-partial
        --version --help -h"

    # After a bare "--", every word is part of the query.
    local i
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} == -- ]]; then
            return 0
        fi
    done

    # The option whose value is being completed, and what is typed of it.
    # With "=" in COMP_WORDBREAKS (bash's default) "--limit=5" arrives as
    # three words, "--limit" "=" "5", and readline replaces only the part
    # after "="; without it, as one word that the answers must repeat.
    local option="" value=$cur prefix=""
    if [[ $cur == = && $prev == --* ]]; then
        option=$prev
        value=""
    elif [[ $prev == = ]] && ((cword > 1)) && [[ ${words[cword - 2]} == --* ]]; then
        option=${words[cword - 2]}
    elif [[ $cur == --*=* ]]; then
        option=${cur%%=*}
        value=${cur#*=}
        prefix="$option="
    elif [[ $prev == --* ]]; then
        option=$prev
    fi

    case $option in
        --format)
            COMPREPLY=($(compgen -P "$prefix" -W 'text jsonl json tsv' -- "$value"))
            return 0
            ;;
        --sort)
            COMPREPLY=($(compgen -P "$prefix" -W 'relevance date' -- "$value"))
            return 0
            ;;
        --color)
            COMPREPLY=($(compgen -P "$prefix" -W 'auto always never' -- "$value"))
            return 0
            ;;
        --db | --queries)
            # Files and folders (the index is a stub file or, for an old
            # index, a folder); --queries also takes "-" for standard input.
            local IFS=$'\n'
            COMPREPLY=($(compgen -P "$prefix" -f -- "$value"))
            if [[ $option == --queries && ( -z $value || $value == - ) ]]; then
                COMPREPLY+=("$prefix-")
            fi
            if [[ -z $prefix ]]; then
                compopt -o filenames 2>/dev/null
            fi
            return 0
            ;;
        --limit | --offset | --snippet-chars | --threads | --timeout)
            # A number: nothing to offer.
            return 0
            ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    fi
    return 0
} &&
    complete -F _fundus_search fundus-search

# ex: filetype=sh
