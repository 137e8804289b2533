# fish completion for fundus-search. fundus-search parses its own command
# line, so this file is written by hand; keep it in step with
# `fundus-search --help`. Install it as
# ~/.config/fish/completions/fundus-search.fish (or in a folder of
# $fish_complete_path). Options take their value as the next word or after
# "=" (--limit=5); fish completes both spellings of a long option with -r.

complete -c fundus-search -f

complete -c fundus-search -l db -r -F -d 'The index, a shard or a shard list (default: $FUNDUS_DB, else Index/db)'
complete -c fundus-search -l timeout -x -d 'Seconds a remote shard may take to answer (default: 10)'
complete -c fundus-search -l allow-partial -d 'When a remote shard does not answer, search the others'
complete -c fundus-search -l format -x -a 'text\t"for people, matches highlighted" jsonl\t"JSON Lines, one object per hit" json\t"one JSON object per query" tsv\t"tab-separated, one line per hit"' -d 'Output format'
complete -c fundus-search -l limit -x -d 'How many hits per query (default: 10)'
complete -c fundus-search -l offset -x -d 'Skip this many hits first, for paging (default: 0)'
complete -c fundus-search -l all-passages -d 'Show every matching passage, not only the best per document'
complete -c fundus-search -l sort -x -a 'relevance\t"best score first" date\t"newest first"' -d 'Order of the hits'
complete -c fundus-search -l snippet-chars -x -d 'Longest snippet in characters (0: no snippets)'
complete -c fundus-search -l no-snippets -d 'Leave snippets and highlights out'
complete -c fundus-search -l color -x -a 'auto\t"on a terminal, unless NO_COLOR is set" always\t"always colour" never\t"never colour"' -d 'Colour in text output'
complete -c fundus-search -l queries -r -F -a '-\t"standard input"' -d 'Run one query per line of FILE'
complete -c fundus-search -l threads -x -d 'Threads for a --queries batch (default: one per core)'
complete -c fundus-search -l stats -d 'After the hits, print a summary of the batch'
complete -c fundus-search -l count -d 'Print only the number of matching documents'
complete -c fundus-search -l ids -d 'Print only the matching document ids'
complete -c fundus-search -l no-typos -d 'Search every word only as written'
complete -c fundus-search -l explain -d 'Show the Xapian query and each hit\'s matching terms'
complete -c fundus-search -l version -d 'Show the version of Fundus and of Xapian'
complete -c fundus-search -s h -l help -d 'Show help information'
