import Foundation
import GermanAnalysis
import Xapian

/// What one ingest run did.
public struct IngestReport: Sendable {
    public var documents = 0
    public var passages = 0
    public var problems: [IngestProblem] = []
}

/// Reads inputs (directories, JSON Lines files, "-" for JSON Lines on
/// standard input, single text files) and indexes them.
///
/// ```swift
/// let ingestor = try Ingestor(databasePath: "Index/db", lexiconURL: nil)
/// let report = try ingestor.ingest(["Index/samples"])
/// ```
public final class Ingestor {
    private let writer: IndexWriter
    /// Called after each document, e.g. for progress output.
    public var onProgress: ((IngestReport) -> Void)?

    public init(databasePath: String, lexiconURL: URL?) throws {
        var lexicon = Lexicon.empty
        if let url = lexiconURL {
            do {
                lexicon = try Lexicon(contentsOf: url)
            } catch {
                throw FundusError(.usage, "cannot read lexicon \(url.path): \(TextFileReader.describe(error))")
            }
        }
        do {
            writer = try IndexWriter(path: databasePath, lexicon: lexicon)
        } catch let error as XapianError {
            throw FundusError.database(error, path: databasePath)
        }
    }

    /// Indexes every input, then commits once, so searchers see the whole
    /// run's changes together. A bad input is reported and skipped.
    public func ingest(_ inputs: [String]) throws -> IngestReport {
        var report = IngestReport()
        for input in inputs {
            try ingest(input, into: &report)
        }
        do {
            try writer.close()
        } catch let error as XapianError {
            throw FundusError.database(error, path: writer.path)
        }
        return report
    }

    private func ingest(_ input: String, into report: inout IngestReport) throws {
        if input == "-" {
            try ingestJSONLines(FileHandle.standardInput, name: "-", into: &report)
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
            report.problems.append(IngestProblem(location: input, reason: "no such file or directory"))
            return
        }
        if isDirectory.boolValue {
            let files: [String]
            do {
                files = try DirectoryScanner.textFiles(under: input)
            } catch let problem as IngestProblem {
                report.problems.append(problem)
                return
            }
            for file in files { try add(TextFileReader.read(path: absolute(file)), into: &report) }
        } else if input.hasSuffix(".jsonl") || input.hasSuffix(".ndjson") || input.hasSuffix(".json") {
            guard let handle = FileHandle(forReadingAtPath: input) else {
                report.problems.append(IngestProblem(location: input, reason: "cannot open for reading"))
                return
            }
            defer { try? handle.close() }
            try ingestJSONLines(handle, name: input, into: &report)
        } else {
            try add(TextFileReader.read(path: absolute(input)), into: &report)
        }
    }

    private func ingestJSONLines(_ handle: FileHandle, name: String, into report: inout IngestReport) throws {
        var reader = JSONLinesReader(handle: handle, name: name)
        while true {
            let next: Result<SourceDocument, IngestProblem>?
            do {
                next = try reader.next()
            } catch {
                report.problems.append(IngestProblem(location: name, reason: "read failed: \(TextFileReader.describe(error))"))
                return
            }
            guard let next else { return }
            try add(next, into: &report)
        }
    }

    private func add(_ result: Result<SourceDocument, IngestProblem>, into report: inout IngestReport) throws {
        switch result {
        case .failure(let problem):
            report.problems.append(problem)
        case .success(let document):
            do {
                report.passages += try writer.add(document)
            } catch let error as XapianError {
                throw FundusError.database(error, path: writer.path)
            }
            report.documents += 1
            onProgress?(report)
        }
    }

    private func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        return (full as NSString).standardizingPath
    }
}
