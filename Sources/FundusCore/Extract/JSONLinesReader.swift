import Foundation

/// Reads documents from JSON Lines: one object a line with "id" and "text"
/// (strings), and optional "title", "date" (YYYY-MM-DD), "source", "url".
/// Blank lines are skipped; a bad line is reported with its number and the
/// reading goes on.
public struct JSONLinesReader {
    private var lines: LineReader
    private let name: String
    private var lineNumber = 0

    /// `name` is how problems refer to the input: a path, or "-" for stdin.
    public init(handle: FileHandle, name: String) {
        self.lines = LineReader(handle: handle)
        self.name = name
    }

    /// One non-blank line, not yet decoded: an incremental ingest fingerprints
    /// the bytes and decodes only lines it has not indexed before.
    public struct Line: Sendable {
        public var number: Int
        public var bytes: Data
    }

    /// Bytes of the input consumed so far, for progress against its size.
    public var bytesRead: Int { lines.bytesRead }

    public mutating func next() throws -> Result<SourceDocument, IngestProblem>? {
        guard let line = try nextLine() else { return nil }
        return line.flatMap(decode)
    }

    /// The next non-blank line, or the problem with it (too long to read).
    public mutating func nextLine() throws -> Result<Line, IngestProblem>? {
        while let line = try lines.next() {
            lineNumber += 1
            switch line {
            case .tooLong(let bytes):
                return .failure(problem("line of \(bytes) bytes is too long"))
            case .text(let data):
                if data.allSatisfy(Self.isBlank) { continue }
                return .success(Line(number: lineNumber, bytes: data))
            }
        }
        return nil
    }

    /// Passes over the next line without keeping it (see `LineReader.skip`):
    /// nil at the end, else whether it was an item that `nextLine()` would
    /// have returned rather than a blank line it passes over.
    public mutating func skipLine() throws -> Bool? {
        guard let item = try lines.skip(isBlank: Self.isBlank) else { return nil }
        lineNumber += 1
        return item
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    /// Decodes one line into a document, or says what is wrong with it.
    public func decode(_ line: Line) -> Result<SourceDocument, IngestProblem> {
        decodeWithWarning(line).result
    }

    /// Like `decode(_:)`, and what to warn about in a line that was read
    /// (a lone surrogate escape, replaced by U+FFFD).
    public func decodeWithWarning(_ line: Line) -> (result: Result<SourceDocument, IngestProblem>, warning: IngestProblem?) {
        let problem = { (reason: String) in IngestProblem(location: "\(name):\(line.number)", reason: reason) }
        var replaced = 0
        let result = decode(line.bytes, replacedSurrogates: &replaced, problem: problem)
        guard case .success = result, replaced > 0 else { return (result, nil) }
        let what = replaced == 1 ? "a lone surrogate escape" : "\(replaced) lone surrogate escapes"
        return (result, problem("\(what) replaced by U+FFFD"))
    }

    private func problem(_ reason: String) -> IngestProblem {
        IngestProblem(location: "\(name):\(lineNumber)", reason: reason)
    }

    private func decode(_ data: Data, replacedSurrogates: inout Int, problem: (String) -> IngestProblem)
        -> Result<SourceDocument, IngestProblem>
    {
        guard String(validatingUTF8: data) != nil else {
            return .failure(problem("not valid UTF-8"))
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            // Only a line that fails pays for the second look.
            let (repaired, count) = LoneSurrogates.repair(data)
            guard count > 0, let second = try? JSONSerialization.jsonObject(with: repaired) else {
                return .failure(problem("malformed JSON"))
            }
            object = second
            replacedSurrogates = count
        }
        guard let record = object as? [String: Any] else { return .failure(problem("expected a JSON object")) }
        func string(_ key: String, required: Bool) -> Result<String?, IngestProblem> {
            switch record[key] {
            case nil, is NSNull:
                return required ? .failure(problem("missing \"\(key)\"")) : .success(nil)
            case let s as String:
                return .success(s)
            default:
                return .failure(problem("\"\(key)\" must be a string"))
            }
        }
        do {
            guard let id = try string("id", required: true).get(), !id.isEmpty else {
                return .failure(problem("\"id\" is empty"))
            }
            let text = try string("text", required: true).get() ?? ""
            let title = try string("title", required: false).get() ?? ""
            var date = try string("date", required: false).get()
            if let d = date, !d.isEmpty {
                guard let normal = DateValue.normalise(d) else {
                    return .failure(problem("\"date\" must be YYYY-MM-DD, got \"\(d.prefix(40))\""))
                }
                date = normal
            } else {
                date = nil
            }
            let source = try string("source", required: false).get()
            let url = try string("url", required: false).get()
            return .success(SourceDocument(id: id, title: title, text: text, date: date, source: source, url: url))
        } catch {
            return .failure(error)
        }
    }
}

extension String {
    /// nil unless the bytes are valid UTF-8.
    init?(validatingUTF8 data: Data) {
        guard let s = String(data: data, encoding: .utf8) else { return nil }
        self = s
    }
}
