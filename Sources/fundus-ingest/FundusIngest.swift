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
            Exit status: 0 all indexed, 1 some inputs skipped (listed on stderr), 2 error, 75 index locked.
            """
    )

    @Option(help: "The index (default: $FUNDUS_DB, else Index/db). Created if missing.")
    var db: String?

    @Option(help: "Word list for splitting compounds (default: $FUNDUS_LEXICON, else Index/lexicon/de.txt).")
    var lexicon: String?

    @Flag(help: "Print a one-line summary even when not on a terminal.")
    var summary = false

    @Argument(help: "Directories, JSON Lines files, text files, or '-' for standard input.")
    var inputs: [String] = []

    static func main() {
        do {
            var command = try parseAsRoot() as! FundusIngest
            Foundation.exit(try command.execute())
        } catch let error as FundusError {
            fail(error.message, code: FundusExit.code(for: error))
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            fail(fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "usage error", code: FundusExit.error)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("fundus-ingest: \(message)\n".utf8))
        Foundation.exit(code)
    }

    mutating func execute() throws -> Int32 {
        guard !inputs.isEmpty else {
            throw FundusError(.usage, "no input given (a directory, a .jsonl file, or '-' for standard input)")
        }
        let location = IndexLocation.resolve(db)
        let lexiconURL = IndexLocation.lexicon(lexicon)
        let started = Date()
        let ingestor = try Ingestor(databasePath: location.path, lexiconURL: lexiconURL)
        let report = try ingestor.ingest(inputs)
        let stderr = FileHandle.standardError
        for problem in report.problems {
            stderr.write(Data("fundus-ingest: skipped \(problem)\n".utf8))
        }
        if summary || isatty(STDERR_FILENO) == 1 {
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            var line = "fundus-ingest: indexed \(report.documents) documents (\(report.passages) passages) into \(location.path)"
            line += " in \(seconds) s; \(report.problems.count) skipped"
            if lexiconURL == nil { line += "; no lexicon, compounds not split (run Tools/build-lexicon)" }
            stderr.write(Data((line + "\n").utf8))
        }
        if report.documents == 0 && !report.problems.isEmpty { return FundusExit.error }
        return report.problems.isEmpty ? FundusExit.success : FundusExit.partial
    }
}
