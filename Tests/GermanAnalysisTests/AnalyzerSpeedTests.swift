import Foundation
import GermanAnalysis
import XCTest

/// Throughput on the shared Debian corpus, run only on request:
///
///     FUNDUS_ANALYSIS_BENCH=1 swift test -c release --scratch-path .build-analysis \
///         --filter AnalyzerSpeedTests
///
/// It reads ../shared/corpus/debian-de.jsonl.gz (through zcat) and the built
/// lexicon, and prints MB/s for a first pass (every word new) and a second
/// pass (every word cached), by wall clock and by CPU time.
final class AnalyzerSpeedTests: XCTestCase {
    func testThroughputOnTheDebianCorpus() throws {
        guard ProcessInfo.processInfo.environment["FUNDUS_ANALYSIS_BENCH"] != nil else {
            throw XCTSkip("set FUNDUS_ANALYSIS_BENCH=1 to measure")
        }
        let corpus = packageRoot.appendingPathComponent("../shared/corpus/debian-de.jsonl.gz").standardized
        let lexiconURL = packageRoot.appendingPathComponent("Index/lexicon/de.txt")
        guard FileManager.default.fileExists(atPath: corpus.path),
              FileManager.default.fileExists(atPath: lexiconURL.path) else {
            throw XCTSkip("needs \(corpus.path) and \(lexiconURL.path)")
        }
        let texts = try readTexts(corpus)
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }

        var start = Date()
        let lexicon = try Lexicon(contentsOf: lexiconURL)
        print("lexicon: \(lexicon.count) words loaded in \(ms(since: start)) ms")

        let analyzer = Analyzer(stemmer: FakeStemmer(), lexicon: lexicon)
        for pass in 1...2 {
            start = Date()
            let cpuStart = cpuSeconds()
            var tokens = 0, compounds = 0
            for text in texts {
                for token in analyzer.analyze(text) {
                    tokens += 1
                    if !token.parts.isEmpty { compounds += 1 }
                }
            }
            let seconds = Date().timeIntervalSince(start), cpu = cpuSeconds() - cpuStart
            print(String(format: "pass %d: %.1f MB, %d tokens (%d with parts) in %.2f s = %.1f MB/s (CPU %.2f s = %.1f MB/s)",
                         pass, Double(bytes) / 1e6, tokens, compounds, seconds, Double(bytes) / 1e6 / seconds,
                         cpu, Double(bytes) / 1e6 / cpu))
        }
    }

    private func ms(since start: Date) -> Int { Int(Date().timeIntervalSince(start) * 1000) }

    /// CPU time of this thread: on a busy machine it is steadier than wall time.
    private func cpuSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Title and text of each JSON line.
    private func readTexts(_ url: URL) throws -> [String] {
        let zcat = Process()
        zcat.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zcat.arguments = ["zcat", url.path]
        let pipe = Pipe()
        zcat.standardOutput = pipe
        try zcat.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        zcat.waitUntilExit()
        struct Document: Decodable { var title: String?; var text: String? }
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let doc = try? decoder.decode(Document.self, from: line) else { return nil }
            return (doc.title ?? "") + "\n" + (doc.text ?? "")
        }
    }
}
