import Foundation
import XCTest

/// Runs the built fundus-ingest / fundus-search binaries the way a user does.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// The `hit` records of JSON Lines output (every line must parse; the
    /// `end`, `count` and `summary` records are left out).
    func hitRecords(file: StaticString = #filePath, line: UInt = #line) -> [[String: Any]] {
        jsonLines(file: file, line: line).filter { $0["type"] as? String == "hit" }
    }

    /// Each stdout line parsed as a JSON object (fails the test if one is not).
    func jsonLines(file: StaticString = #filePath, line: UInt = #line) -> [[String: Any]] {
        stdoutLines.compactMap { text in
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                XCTFail("not a JSON object: \(text)", file: file, line: line)
                return nil
            }
            return object
        }
    }
}

enum CLI {
    /// Where SwiftPM put the binaries: beside the test bundle.
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var fixtures: URL { repositoryRoot.appendingPathComponent("Tests/Fixtures") }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    directory: URL? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent(tool)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FUNDUS_DB")
        env.removeValue(forKey: "NO_COLOR")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes while the process runs so a full pipe cannot block it.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a bash command line (for pipes).
    static func runShell(_ script: String) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The lexicon built by Tools/build-lexicon, if this checkout has one.
    static var lexicon: String? {
        let path = repositoryRoot.appendingPathComponent("Index/lexicon/de.txt").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}

class CLITestCase: XCTestCase {
    /// A few words, so compounds like "Raketenstart" split as with the real lexicon.
    static let smallLexicon: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-test-lexicon.txt")
        try? ["rakete", "raketen", "start", "abwehr", "satellit", "bruecke", "wetter", "bericht", "wald", "brand"]
            .joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }()

    var directory: URL!
    var db: String { directory.appendingPathComponent("db").path }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func writeData(_ name: String, _ data: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url.path
    }

    @discardableResult
    func ingest(_ arguments: [String], stdin: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws
        -> CommandResult
    {
        // Storing the 350,000-word lexicon costs seconds per fresh index; the
        // tests that exercise compounds (AnalysisCLITests) pass it themselves.
        let args = ["--db", db, "--lexicon", CLITestCase.smallLexicon]
        let result = try CLI.run("fundus-ingest", args + arguments, stdin: stdin)
        XCTAssertEqual(result.status, 0, "ingest failed: \(result.stderr)", file: file, line: line)
        return result
    }

    func search(_ arguments: [String], stdin: String? = nil) throws -> CommandResult {
        try CLI.run("fundus-search", ["--db", db] + arguments, stdin: stdin)
    }

    /// The highlighted words of a JSON Lines hit, cut out of its snippet by code point offsets.
    func highlightedWords(_ hit: [String: Any]) -> [String] {
        let snippet = Array((hit["snippet"] as? String ?? "").unicodeScalars)
        let spans = hit["highlights"] as? [[Int]] ?? []
        return spans.map { span in
            var s = String.UnicodeScalarView()
            s.append(contentsOf: snippet[span[0]..<span[1]])
            return String(s)
        }
    }
}
