import FundusCore

/// fundus-search's command line.
///
/// Parsed by hand rather than with swift-argument-parser: its reflection
/// (a protocol-conformance scan per option type) took about 1.6 ms of every
/// start, a third of a one-shot search before the index is even opened
/// (BENCHMARKS.md, "One-shot search"). fundus-ingest keeps the library.
struct Arguments {
    var db: [String] = []
    var allowPartial = false
    var timeout: Double?
    var format = "text"
    var limit = 10
    var offset = 0
    var allPassages = false
    var sort = "relevance"
    var snippetChars = 240
    var noSnippets = false
    var color = "auto"
    var queries: String?
    var threads: Int?
    var stats = false
    var count = false
    var ids = false
    var null = false
    var explain = false
    var noTypos = false
    var help = false
    var version = false
    var query: [String] = []

    /// Options take their value as the next word or after "=". Words that do
    /// not start with "--" are query words, so `Rakete -Nordkorea` needs no
    /// `--`; after a bare `--` every word is a query word.
    static func parse(_ words: [String]) throws(FundusError) -> Arguments {
        var a = Arguments()
        var i = 0
        func value(_ name: String, _ inline: String?) throws(FundusError) -> String {
            if let inline { return inline }
            i += 1
            guard i < words.count else { throw FundusError(.usage, "\(name) needs a value (see --help)") }
            return words[i]
        }
        func number(_ name: String, _ inline: String?) throws(FundusError) -> Int {
            let text = try value(name, inline)
            guard let n = Int(text) else { throw FundusError(.usage, "\(name) expects a whole number, not '\(text)' (see --help)") }
            return n
        }
        while i < words.count {
            let word = words[i]
            if word == "--" {
                a.query += words[(i + 1)...]
                break
            }
            guard word.hasPrefix("--") || word == "-h" else {
                a.query.append(word)
                i += 1
                continue
            }
            let parts = word.split(separator: "=", maxSplits: 1)
            let name = String(parts[0]), inline = parts.count > 1 ? String(parts[1]) : nil
            switch name {
            case "--db": a.db.append(try value(name, inline))
            case "--timeout":
                let text = try value(name, inline)
                guard let seconds = Double(text), seconds > 0, seconds <= 3600 else {
                    throw FundusError(.usage, "--timeout expects seconds between 0 and 3600, not '\(text)' (see --help)")
                }
                a.timeout = seconds
            case "--format": a.format = try value(name, inline)
            case "--limit": a.limit = try number(name, inline)
            case "--offset": a.offset = try number(name, inline)
            case "--sort": a.sort = try value(name, inline)
            case "--snippet-chars": a.snippetChars = try number(name, inline)
            case "--color": a.color = try value(name, inline)
            case "--queries": a.queries = try value(name, inline)
            case "--threads": a.threads = try number(name, inline)
            default:
                guard inline == nil else { throw FundusError(.usage, "\(name) takes no value (see --help)") }
                switch name {
                case "--all-passages": a.allPassages = true
                case "--no-snippets": a.noSnippets = true
                case "--stats": a.stats = true
                case "--count": a.count = true
                case "--ids": a.ids = true
                case "--null": a.null = true
                case "--explain": a.explain = true
                case "--no-typos": a.noTypos = true
                case "--allow-partial": a.allowPartial = true
                case "-h", "--help": a.help = true
                case "--version": a.version = true
                default: throw FundusError(.usage, "unknown option '\(name)' (see --help)")
                }
            }
            i += 1
        }
        return a
    }

    static let helpText = """
        OVERVIEW: Search a Fundus index of German text; prints the best passages with
        the matches highlighted.

        Exit status: 0 if anything matched, 1 if nothing did, 2 on an error (bad usage,
        bad query, no index, output that could not be written).

        USAGE: fundus-search [<options>] [--] <query> ...

        ARGUMENTS:
          <query>                 The query (words are joined with spaces). Words
                                  that start with "--" are options unless they
                                  follow "--".

        OPTIONS:
          --db <path>             The index (default: $FUNDUS_DB, else Index/db).
                                  Given more than once, or naming a shard list
                                  (a Xapian stub file: auto PATH, glass PATH,
                                  remote HOST:PORT), searches the shards as one
                                  index.
          --timeout <seconds>     How long a remote shard may take to connect
                                  and to answer each request. (default: 10)
          --allow-partial         When a remote shard does not answer, search
                                  the others (with a warning) instead of failing.
          --format <format>       Output format: text, jsonl, json or tsv. (default:
                                  text)
          --limit <n>             How many hits per query. (default: 10)
          --offset <n>            Skip this many hits first (for paging). (default: 0)
          --all-passages          Show every matching passage, not only the best one
                                  per document.
          --sort <order>          Order hits by relevance or by date (newest first).
                                  (default: relevance)
          --snippet-chars <n>     Longest snippet, in characters (0: no snippets,
                                  faster). (default: 240)
          --no-snippets           Leave snippets and highlights out (same as
                                  --snippet-chars 0).
          --color <when>          Colour: auto (on a terminal, unless NO_COLOR is set),
                                  always or never. (default: auto)
          --queries <file>        Run one query per line of FILE ('-' for standard
                                  input) in one process.
          --threads <n>           Answer a --queries batch on this many threads
                                  (default: one per processor core).
          --stats                 After the hits, print a summary of the batch.
          --count                 Print only the number of matching documents (passages
                                  with --all-passages).
          --ids                   Print only the matching document ids, one per line
                                  (for xargs).
          --null                  With --ids: end each id with a NUL byte instead of
                                  a line break, the id exactly as stored (for
                                  xargs -0).
          --no-typos              Search every word only as written: a word the
                                  index lacks is not also read as the indexed words
                                  one or two edits away (=Wort does this for one word).
          --explain               Show the Xapian query that ran and each hit's
                                  matching terms with their weights.
          --version               Show the version of Fundus and of Xapian.
          -h, --help              Show help information.

        """
}
