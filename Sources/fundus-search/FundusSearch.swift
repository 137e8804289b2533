import ArgumentParser
import Foundation
import FundusCore
import FundusOutput

@main
struct FundusSearch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fundus-search",
        abstract: "Search a Fundus index of German text; prints the best passages with the matches highlighted.",
        discussion: "Exit status: 0 if anything matched, 1 if nothing did, 2 on an error (bad usage, bad query, no index)."
    )

    @Option(help: "The index (default: $FUNDUS_DB, else Index/db).")
    var db: String?

    @Option(help: "Output format: text, jsonl, json or tsv.")
    var format: String = "text"

    @Option(help: "How many hits per query.")
    var limit: Int = 10

    @Option(help: "Skip this many hits first (for paging).")
    var offset: Int = 0

    @Flag(help: "Show every matching passage, not only the best one per document.")
    var allPassages = false

    @Option(help: "Order hits by relevance or by date (newest first).")
    var sort: String = "relevance"

    @Option(help: "Longest snippet, in characters (0: no snippets, faster).")
    var snippetChars: Int = 240

    @Flag(help: "Leave snippets and highlights out (same as --snippet-chars 0).")
    var noSnippets = false

    @Option(help: "Colour: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: String = "auto"

    @Option(help: "Run one query per line of FILE ('-' for standard input) in one process.")
    var queries: String?

    @Option(help: "Answer a --queries batch on this many threads (default: one per processor core).")
    var threads: Int?

    @Flag(help: "After the hits, print a summary of the batch.")
    var stats = false

    @Flag(help: "Print only the number of matching documents (passages with --all-passages).")
    var count = false

    @Flag(help: "Print only the matching document ids, one per line (for xargs).")
    var ids = false

    @Flag(help: "Show the Xapian query that ran and each hit's matching terms with their weights.")
    var explain = false

    @Argument(help: "The query (words are joined with spaces).")
    var query: [String] = []

    static func main() {
        do {
            var command = try parse()
            let status = try command.execute()
            Foundation.exit(status)
        } catch let error as FundusError {
            fail(error.message)
        } catch {
            // Help and version requests exit 0; every usage error exits 2, as grep's do.
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            fail(fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "usage error")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("fundus-search: \(message)\n".utf8))
        Foundation.exit(FundusExit.error)
    }

    mutating func execute() throws -> Int32 {
        guard let outputFormat = OutputFormat(rawValue: format) else {
            throw FundusError(.usage, "unknown --format '\(format)' (use text, jsonl, json or tsv)")
        }
        guard let colorChoice = TextStyle.Choice(rawValue: color) else {
            throw FundusError(.usage, "unknown --color '\(color)' (use auto, always or never)")
        }
        guard let sortOrder = SearchOptions.Sort(rawValue: sort) else {
            throw FundusError(.usage, "unknown --sort '\(sort)' (use relevance or date)")
        }
        guard limit >= 0, offset >= 0, snippetChars >= 0 else {
            throw FundusError(.usage, "--limit, --offset and --snippet-chars must not be negative")
        }
        if queries != nil && !query.isEmpty {
            throw FundusError(.usage, "give either a query or --queries, not both")
        }
        if queries == nil && query.isEmpty {
            throw FundusError(.usage, "no query given (try: fundus-search Rakete, or --help)")
        }

        var options = SearchOptions()
        options.limit = limit
        options.offset = offset
        options.allPassages = allPassages
        options.sort = sortOrder
        options.snippetCharacters = snippetChars
        options.explain = explain
        if ids || noSnippets { options.snippetCharacters = 0 }
        if count && ids { throw FundusError(.usage, "--count and --ids exclude each other") }
        if let threads, threads < 1 { throw FundusError(.usage, "--threads must be at least 1") }
        if let spec = ProcessInfo.processInfo.environment["FUNDUS_RANKING"], !spec.isEmpty {
            try options.ranking.apply(spec)
        }

        let location = IndexLocation.resolve(db)
        let batch = try queryList()
        let workers = min(threads ?? ProcessInfo.processInfo.activeProcessorCount, max(batch.count, 1))
        let search = try ParallelSearch(path: location.path, threads: workers)
        let sink = OutputSink()
        let printer = outputFormat.makePrinter(sink: sink, style: TextStyle.resolve(colorChoice, isTerminal: sink.isTerminal),
                                               explain: explain)
        var summary = BatchSummary()
        let started = Date()
        try search.run(batch.map(\.text), options: options, countOnly: count) { i, answer in
            let (number, text) = batch[i]
            summary.queries += 1
            switch answer {
            case .count(let n):
                sink.write(countLine(n, text: text, number: number, format: outputFormat))
                summary.hits += n
                if n > 0 { summary.queriesWithHits += 1 }
            case .result(let result):
                if ids {
                    // One line per id, whatever the id holds (exact ids: --format jsonl).
                    for hit in result.hits { sink.write(TerminalSafe.line(hit.id) + "\n") }
                } else {
                    printer.print(result, number: number)
                }
                summary.hits += result.hits.count
                if !result.hits.isEmpty { summary.queriesWithHits += 1 }
                if result.hits.isEmpty, let suggestion = result.suggestion, outputFormat == .text {
                    FileHandle.standardError.write(Data("Meinten Sie: \(suggestion)\n".utf8))
                }
            case .rejected(let error):
                summary.errors += 1
                let prefix = queries == nil ? "" : "\(queries == "-" ? "stdin" : queries!):\(number): "
                FileHandle.standardError.write(Data("fundus-search: \(prefix)\(error.message)\n".utf8))
                if !count && !ids { printer.printError(error.message, query: text, number: number) }
            }
        }
        summary.seconds = Date().timeIntervalSince(started)
        printer.finish(stats ? summary : nil)
        if summary.errors > 0 { return FundusExit.error }
        return summary.queriesWithHits > 0 ? FundusExit.success : FundusExit.partial
    }

    private func countLine(_ n: Int, text: String, number: Int, format: OutputFormat) -> String {
        switch format {
        case .jsonl, .json:
            return "{\"qnum\":\(number),\"query\":\(JSONText.string(text)),\"count\":\(n)}\n"
        case .text, .tsv:
            return queries == nil ? "\(n)\n" : "\(n)\t\(text)\n"
        }
    }

    /// The queries with their 1-based line numbers; blank lines are skipped
    /// but still counted, so numbers match the file.
    private func queryList() throws -> [(number: Int, text: String)] {
        guard let queries else { return [(1, query.joined(separator: " "))] }
        let data: Data
        if queries == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            // A FileHandle also reads a FIFO or <(command), which contents(atPath:) does not.
            guard let handle = FileHandle(forReadingAtPath: queries) else {
                throw FundusError(.usage, "cannot read queries file \(queries)")
            }
            data = handle.readDataToEndOfFile()
            try? handle.close()
        }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { i, line in
            let q = line.trimmingCharacters(in: .whitespacesAndNewlines)
            return q.isEmpty ? nil : (i + 1, q)
        }
    }
}
