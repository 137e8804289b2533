import Foundation
import FundusCore
import FundusOutput

@main
enum FundusSearch {
    static func main() {
        StandardStreams.setUp(tool: "fundus-search")
        do {
            let arguments = try Arguments.parse(Array(CommandLine.arguments.dropFirst()))
            if arguments.help {
                StandardStreams.output(Arguments.helpText)
                Foundation.exit(StandardStreams.exitStatus(0))
            }
            if arguments.version {
                StandardStreams.output(FundusVersion.line(tool: "fundus-search") + "\n")
                Foundation.exit(StandardStreams.exitStatus(0))
            }
            Foundation.exit(StandardStreams.exitStatus(try arguments.execute()))
        } catch let error as FundusError {
            fail(error.message)
        } catch {
            fail("\(error)")
        }
    }

    static func fail(_ message: String) -> Never {
        StandardStreams.message("fundus-search: \(message)")
        Foundation.exit(FundusExit.error)
    }
}

extension Arguments {
    func execute() throws -> Int32 {
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
        options.typos = !noTypos
        if ids || noSnippets { options.snippetCharacters = 0 }
        if count && ids { throw FundusError(.usage, "--count and --ids exclude each other") }
        if null && !ids { throw FundusError(.usage, "--null goes with --ids") }
        if let threads, threads < 1 { throw FundusError(.usage, "--threads must be at least 1") }
        if let spec = Environment.subset("FUNDUS_RANKING")["FUNDUS_RANKING"], !spec.isEmpty {
            try options.ranking.apply(spec)
        }

        var source = try IndexSource.resolve(db.isEmpty ? [IndexLocation.resolve(nil).path]
                                                        : db.map { IndexLocation.resolve($0).path })
        source.allowPartial = allowPartial
        if let timeout { source.timeoutMilliseconds = UInt32(max(timeout * 1000, 1)) }
        let (next, known) = try querySource()
        // One query needs one thread; asking Foundation for the core count reads
        // cgroup files, which a one-shot search can do without.
        let cores = { Int(max(sysconf(Int32(_SC_NPROCESSORS_ONLN)), 1)) }
        let workers = known.map { $0 < 2 ? 1 : min(threads ?? cores(), $0) } ?? (threads ?? cores())
        let search = try ParallelSearch(source: source, threads: workers)
        // Each shard left out is said once, when first found missing.
        var warned = Set<String>()
        func warnMissing(_ shards: [String]) {
            for shard in shards where warned.insert(shard).inserted {
                StandardStreams.message("fundus-search: warning: shard \(shard) does not answer; the results are of the others")
            }
        }
        warnMissing(search.missingShards)
        let sink = OutputSink()
        let batch = queries != nil
        let printer = outputFormat.makePrinter(sink: sink, style: TextStyle.resolve(colorChoice, isTerminal: sink.isTerminal),
                                               explain: explain, batch: batch, stats: stats)
        var summary = BatchSummary()
        let started = Date()
        // Output goes out whenever the next answer is not ready yet, so a script
        // that writes one query and waits for its answer gets it.
        try search.run(next: next, options: options, countOnly: count, idle: { sink.flush() }) { query, answer in
            let (number, text) = (query.number, query.text)
            summary.queries += 1
            switch answer {
            case .count(let n):
                printer.printCount(n, query: text, number: number)
                summary.hits += n
                if n > 0 { summary.queriesWithHits += 1 }
            case .result(let result):
                warnMissing(result.missingShards)
                if ids && null {
                    // Each id exactly as stored, NUL-ended; in a batch an empty one ends each query's.
                    for hit in result.hits { sink.write(hit.id + "\0") }
                    if batch { sink.write("\0") }
                } else if ids {
                    printer.printIDs(result, number: number)
                } else {
                    printer.print(result, number: number)
                }
                summary.hits += result.hits.count
                if !result.hits.isEmpty { summary.queriesWithHits += 1 }
                if result.hits.isEmpty, let suggestion = result.suggestion, outputFormat == .text {
                    StandardStreams.message("Meinten Sie: \(suggestion)")
                }
                if !result.hits.isEmpty, outputFormat == .text, !ids, !result.readings.isEmpty {
                    // Hits found through a reading: say so, as grep would not.
                    let read = result.readings.map { "\($0.word) → \($0.readAs.joined(separator: " / "))" }
                    StandardStreams.message("Auch gesucht: \(read.joined(separator: ", ")) (=Wort sucht nur wie geschrieben)")
                }
            case .rejected(let error):
                summary.errors += 1
                let prefix = queries == nil ? "" : "\(queries == "-" ? "stdin" : queries!):\(number): "
                StandardStreams.message("fundus-search: \(prefix)\(error.message)")
                if count {
                    // Every query of a batch gets its line, a failed one too.
                    if batch { printer.printCount(nil, query: text, number: number) }
                } else if ids && (null || outputFormat == .text) {
                    if batch { sink.write(null ? "\0" : "\n") }
                } else {
                    printer.printError(error.message, query: text, number: number)
                }
            }
        }
        summary.seconds = Date().timeIntervalSince(started)
        printer.finish(stats ? summary : nil)
        if summary.errors > 0 { return FundusExit.error }
        return summary.queriesWithHits > 0 ? FundusExit.success : FundusExit.partial
    }

    /// Where the queries come from, with their 1-based line numbers (blank
    /// lines are skipped but still counted, so numbers match the input), and
    /// how many there are when that is known before reading them. Standard
    /// input is read a line at a time, as queries arrive.
    private func querySource() throws -> (next: () -> BatchQuery?, count: Int?) {
        guard let queries else {
            var single: BatchQuery? = BatchQuery(number: 1, text: query.joined(separator: " "))
            return ({ defer { single = nil }; return single }, 1)
        }
        func trimmed(_ line: Substring) -> String { line.trimmingCharacters(in: .whitespacesAndNewlines) }
        if queries == "-" {
            var number = 0
            return ({
                while let line = readLine(strippingNewline: true) {
                    number += 1
                    let text = trimmed(Substring(line))
                    if !text.isEmpty { return BatchQuery(number: number, text: text) }
                }
                return nil
            }, nil)
        }
        // A FileHandle also reads a FIFO or <(command), which contents(atPath:) does not.
        guard let handle = FileHandle(forReadingAtPath: queries) else {
            throw FundusError(.usage, "cannot read queries file \(queries): \(String(cString: strerror(errno)))")
        }
        let data = handle.readDataToEndOfFile()
        try? handle.close()
        let list = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().compactMap { i, line -> BatchQuery? in
                let text = trimmed(line)
                return text.isEmpty ? nil : BatchQuery(number: i + 1, text: text)
            }
        var iterator = list.makeIterator()
        return ({ iterator.next() }, list.count)
    }
}
