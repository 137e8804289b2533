import Foundation

/// Turns a .txt or .md file into a document. Its id is the file's absolute
/// path; its title is the first line when that line is short (a Markdown
/// heading loses its `#` marks), and the text is the rest.
public enum TextFileReader {
    public static let extensions: Set<String> = ["txt", "md", "markdown", "text"]
    static let maxTitleCharacters = 150

    public static func read(path: String) -> Result<SourceDocument, IngestProblem> {
        readBytes(path: path).flatMap { document(path: path, data: $0) }
    }

    /// The file's bytes, so that an incremental ingest can fingerprint them
    /// before it decodes anything.
    public static func readBytes(path: String) -> Result<Data, IngestProblem> {
        do {
            return .success(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            return .failure(IngestProblem(location: path, reason: "cannot read: \(describe(error))"))
        }
    }

    /// The document in a file's bytes, or why they are not a text file.
    public static func document(path: String, data: Data) -> Result<SourceDocument, IngestProblem> {
        if data.contains(0) {
            return .failure(IngestProblem(location: path, reason: "binary file (contains NUL bytes), skipped"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(IngestProblem(location: path, reason: "not valid UTF-8, skipped"))
        }
        let (title, body) = splitTitle(text)
        return .success(SourceDocument(id: path, title: title, text: body))
    }

    static func splitTitle(_ text: String) -> (String, String) {
        var rest = Substring(text)
        while let first = rest.first, first.isNewline || first == " " || first == "\t" { rest = rest.dropFirst() }
        let line = rest.prefix { !$0.isNewline }
        var title = line.trimmingCharacters(in: .whitespaces)
        let isHeading = title.hasPrefix("#")
        if isHeading { title = String(title.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces) }
        guard !title.isEmpty, title.count <= maxTitleCharacters else { return ("", text) }
        return (title, String(rest.dropFirst(line.count)))
    }

    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoPermissionError: return "permission denied"
            case NSFileReadNoSuchFileError: return "no such file"
            default: break
            }
        }
        return ns.localizedDescription
    }
}
