import ArgumentParser
import Foundation
import FundusCore

@main
struct FundusIngest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fundus-ingest",
        abstract: "Index German documents for fundus-search.",
        discussion: """
            INPUT is a directory (its .txt and .md files, recursively), a JSON Lines file \
            ({"id","title","text", optional "date","source","url"} per line), a single text file, \
            or '-' for JSON Lines on standard input.
            A run is incremental: only new and changed documents are indexed, files deleted from an \
            ingested directory are removed, and searches see the index as before the run or after it. \
            Only one ingest writes an index at a time. Safe to run from cron.
            Exit status: 0 all indexed, 1 some inputs skipped (listed on stderr), 2 error, nothing \
            could be done, or output, messages or the log could not be written, 75 the index is locked by another ingest.
            """,
        version: FundusVersion.line(tool: "fundus-ingest")
    )

    @Option(help: "The index (default: $FUNDUS_DB, else Index/db). Created if missing.")
    var db: String?

    @Option(help: "Word list for splitting compounds (default: $FUNDUS_LEXICON, else the one the index holds, else share/fundus/de.txt beside the program's bin folder, $XDG_DATA_HOME/fundus/de.txt or $XDG_DATA_DIRS/fundus/de.txt).")
    var lexicon: String?

    @Flag(help: "Rebuild from scratch: index the inputs into a new generation and switch to it when done.")
    var full = false

    @Flag(help: "Remove the records of each JSON Lines input that are no longer in it.")
    var prune = false

    @Flag(help: "Compact the index into a new generation and switch to it (after ingesting INPUTs, if any).")
    var compact = false

    @Flag(help: "Check the index's consistency (exit 0 when sound, 2 when not).")
    var check = false

    // Unconditional: "--wait -5" is a bad value (said so below), not a missing one.
    @Option(parsing: .unconditional,
            help: ArgumentHelp("If another ingest holds the index, wait up to SECONDS for it instead of exiting with 75.",
                               valueName: "SECONDS"))
    var wait: Double = 0

    @Option(help: ArgumentHelp("Index with N threads on a full build (--full, or a new or empty index; default: one per core, up to \(IngestOptions.defaultJobs)); other runs use one.",
                               valueName: "N"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Index only the documents of shard K of N: those whose id's SHA-256, first 8 bytes as a big-endian number, modulo N is K - 1.",
                               valueName: "K/N"))
    var shard: String?

    @Flag(help: "Print a one-line summary (added, changed, removed, unchanged, failed, time) even when not on a terminal.")
    var summary = false

    @Flag(help: "Print each document added, changed or removed, and the summary.")
    var verbose = false

    @Option(help: ArgumentHelp("Append what the run did (start, problems, summary, exit status) to FILE.", valueName: "FILE"))
    var log: String?

    @Argument(help: "Directories, JSON Lines files, text files, or '-' for standard input.")
    var inputs: [String] = []

    static func main() {
        StandardStreams.setUp(tool: "fundus-ingest")
        var log: RunLog? = nil
        do {
            // --help comes back as ArgumentParser's own HelpCommand, not as
            // this command: print the help rather than crash on a cast.
            guard var command = try parseAsRoot() as? FundusIngest else {
                StandardStreams.output(helpMessage() + "\n")
                Foundation.exit(StandardStreams.exitStatus(0))
            }
            let runLog: RunLog
            do {
                runLog = try RunLog(path: command.log)
            } catch let error as RunLog.LogError {
                fail(error.message, code: FundusExit.error, log: nil)
            }
            log = runLog
            runLog.write("start: " + CommandLine.arguments.dropFirst().joined(separator: " "))
            let status = try command.execute(log: runLog)
            // A lost message or log line is a failed run (see StandardStreams).
            runLog.write("exit \(StandardStreams.exitStatus(status))")
            Foundation.exit(StandardStreams.exitStatus(status))
        } catch let error as FundusError {
            fail(error.message, code: FundusExit.code(for: error), log: log)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                StandardStreams.output(fullMessage(for: error) + "\n")
                Foundation.exit(StandardStreams.exitStatus(0))
            }
            fail(usageMessage(fullMessage(for: error)), code: FundusExit.error, log: log)
        }
    }

    /// The argument parser's message in the style both tools share:
    /// `Error: Unknown option '--bogus'. Did you mean '--jobs'?` becomes
    /// `unknown option '--bogus' (see --help)`. Its guesses go: they are made
    /// by spelling alone and point at unrelated options.
    static func usageMessage(_ full: String) -> String {
        var line = full.split(separator: "\n").first.map(String.init) ?? "usage error"
        if line.hasPrefix("Error: ") { line.removeFirst("Error: ".count) }
        if let guess = line.range(of: ". Did you mean") { line = String(line[..<guess.lowerBound]) }
        while line.hasSuffix(".") { line.removeLast() }
        if let first = line.first, first.isUppercase { line = first.lowercased() + line.dropFirst() }
        return line + " (see --help)"
    }

    static func fail(_ message: String, code: Int32, log: RunLog?) -> Never {
        StandardStreams.message("fundus-ingest: \(message)")
        log?.write("error: \(message)")
        log?.write("exit \(code)")
        Foundation.exit(code)
    }

    mutating func execute(log: RunLog) throws -> Int32 {
        guard !inputs.isEmpty || compact || check else {
            throw FundusError(.usage, "no input given (a directory, a .jsonl file, or '-' for standard input), and no --compact or --check")
        }
        guard !(full && prune) else { throw FundusError(.usage, "--prune has no meaning with --full, which keeps only what it reads") }
        guard !(full && inputs.isEmpty) else { throw FundusError(.usage, "--full needs inputs to rebuild from") }
        guard wait >= 0 else { throw FundusError(.usage, "--wait must be 0 or more seconds") }
        guard (jobs ?? 1) >= 1 else { throw FundusError(.usage, "--jobs must be 1 or more") }
        let location = IndexLocation.resolve(db)
        // The index is created if missing; its folder is not (a typo in a
        // path must not become a new folder tree).
        let folder = PathText.folder(of: location.path)
        var info = stat()
        guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw FundusError(.usage, "index \(location.path): the folder \(folder) does not exist (create it first)")
        }
        let started = Date()
        let lock = try IndexLock(indexPath: location.path, wait: wait)
        defer { lock.release() }
        // What is left of --wait, for a writer outside Fundus holding Xapian's own lock.
        let waitLeft = max(0, wait - Date().timeIntervalSince(started))
        let store = IndexStore(path: location.path)
        var status = FundusExit.success
        if !inputs.isEmpty { status = try ingest(store, wait: waitLeft, log: log) }
        if compact && status != FundusExit.error { try runCompact(store, log: log) }
        if check {
            let checked = try runCheck(store, log: log)
            if checked != FundusExit.success { status = checked }
        }
        return status
    }

    private func ingest(_ store: IndexStore, wait: Double, log: RunLog) throws -> Int32 {
        let onTerminal = isatty(STDERR_FILENO) == 1
        let started = Date()
        let ingestor = Ingestor(store: store, lexiconURL: IndexLocation.lexicon(lexicon),
                                defaultLexicon: LexiconLocation.defaultLexicon(),
                                options: IngestOptions(full: full, prune: prune, wait: wait, jobs: jobs ?? IngestOptions.defaultJobs,
                                                       shard: try shard.map(ShardChoice.init)))
        let progress = onTerminal ? ProgressLine() : nil
        if let progress { ingestor.onProgress = { progress.update($0) } }
        if verbose {
            ingestor.onChange = { change in
                progress?.clear()
                StandardStreams.message("fundus-ingest: \(change.kind.rawValue) \(change.id)")
                log.write("\(change.kind.rawValue) \(change.id)")
            }
        }
        let report: IngestReport
        do {
            report = try ingestor.ingest(inputs)
        } catch {
            progress?.clear()
            throw error
        }
        progress?.clear()
        // Only a --jobs the user chose is worth a note when a run cannot use it.
        if verbose, jobs != nil, let note = ingestor.parallelFallback { StandardStreams.message("fundus-ingest: \(note)") }
        if report.newWithoutLexicon {
            let warning = Self.noLexiconWarning(path: store.path)
            StandardStreams.message("fundus-ingest: \(warning)")
            log.write(warning)
        }
        for warning in report.warnings {
            StandardStreams.message("fundus-ingest: \(warning)")
            log.write("warning \(warning)")
        }
        for problem in report.problems {
            StandardStreams.message("fundus-ingest: skipped \(problem)")
            log.write("skipped \(problem)")
        }
        if verbose {
            for path in report.unknownFormat {
                StandardStreams.message("fundus-ingest: skipped \(path): unknown format")
            }
        }
        // Reported by an earlier run and unchanged since: logged, not mailed by cron again.
        for problem in report.knownProblems {
            if verbose { StandardStreams.message("fundus-ingest: skipped (as before) \(problem)") }
            log.write("skipped (as before) \(problem)")
        }
        let line = Self.summaryLine(report, path: store.path, seconds: Date().timeIntervalSince(started), full: full)
        if summary || verbose || onTerminal { StandardStreams.message("fundus-ingest: \(line)") }
        log.write(line)
        // Nothing indexed and something new to say: an error. When all that
        // failed had failed before, the run did what it could, quietly.
        if report.nothingDone && !report.problems.isEmpty { return FundusExit.error }
        return report.problems.isEmpty ? FundusExit.success : FundusExit.partial
    }

    static func summaryLine(_ report: IngestReport, path: String, seconds: Double, full: Bool) -> String {
        var line = "\(path): \(report.added) added, \(report.changed) changed, \(report.removed) removed, "
            + "\(report.unchanged) unchanged, \(report.failed) failed\(report.knownProblems.isEmpty ? "" : " (\(report.knownProblems.count) as before)"); \(report.passages) passage\(report.passages == 1 ? "" : "s") written"
        line += String(format: " in %.1f s", seconds)
        if full { line += " (full rebuild)" }
        if report.withoutLexicon { line += "; no lexicon, compounds not split" }
        return line
    }

    /// Said even off a terminal: an index without compound splitting is
    /// degraded (`Rakete` does not find `Kurzstreckenraketen`), not normal.
    static func noLexiconWarning(path: String) -> String {
        "warning: no compound lexicon found, so \(path) does not split compounds; install Fundus with Tools/install "
            + "(it puts one in PREFIX/share/fundus/de.txt) or name one with --lexicon FILE, then run again"
    }

    private func runCompact(_ store: IndexStore, log: RunLog) throws {
        let started = Date()
        let result = try IndexMaintenance.compact(store)
        let line = String(format: "%@: compacted %.1f MB to %.1f MB (generation %d) in %.1f s", store.path,
                          Double(result.bytesBefore) / 1e6, Double(result.bytesAfter) / 1e6, result.generation,
                          Date().timeIntervalSince(started))
        if summary || verbose || isatty(STDERR_FILENO) == 1 {
            StandardStreams.message("fundus-ingest: \(line)")
        }
        log.write(line)
    }

    /// Prints the result on stdout (the report too when there are errors).
    private func runCheck(_ store: IndexStore, log: RunLog) throws -> Int32 {
        let result = try IndexMaintenance.check(store)
        if result.errors == 0 {
            StandardStreams.output("\(store.path): ok (\(result.database))\n")
            log.write("check ok: \(result.database)")
            if verbose { StandardStreams.output(result.report + (result.report.hasSuffix("\n") ? "" : "\n")) }
            return FundusExit.success
        }
        StandardStreams.output(result.report + (result.report.hasSuffix("\n") ? "" : "\n"))
        let errors = "\(result.errors) error\(result.errors == 1 ? "" : "s")"
        StandardStreams.output("\(store.path): \(errors) (\(result.database))\n")
        log.write("check failed: \(errors) in \(result.database)")
        StandardStreams.message("fundus-ingest: \(store.path) failed its check: \(errors)")
        return FundusExit.error
    }
}
