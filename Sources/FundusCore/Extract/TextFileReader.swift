import Foundation

/// Turns a text file into a document (`PlainTextFormat`; `MarkdownFormat`
/// decodes with it too). Its id is the file's absolute
/// path; its title is the first line when that line is short (a Markdown
/// heading loses its `#` marks), and the text is the rest.
public enum TextFileReader {
    static let maxTitleCharacters = 150

    public static func read(path: String) -> Result<SourceDocument, IngestProblem> {
        readBytes(path: path).flatMap { document(path: path, data: $0) }
    }

    /// The file's bytes, so that an incremental ingest can fingerprint them
    /// before it decodes anything.
    public static func readBytes(path: String) -> Result<Data, IngestProblem> {
        // Opened without following a link and without blocking, then checked
        // to be a regular file: between the scan and this read the file may
        // have been deleted, or replaced by a FIFO, a device or a link.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "is now a symbolic link, skipped" : "cannot read: \(String(cString: strerror(errno)))"
            return .failure(IngestProblem(location: path, reason: reason))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            return .failure(IngestProblem(location: path, reason: "no longer a regular file, skipped"))
        }
        do {
            return .success(try handle.readToEnd() ?? Data())
        } catch {
            return .failure(IngestProblem(location: path, reason: "cannot read: \(describe(error))"))
        }
    }

    /// The document in a file's bytes, or why they are not a text file.
    public static func document(path: String, data: Data) -> Result<SourceDocument, IngestProblem> {
        textFile(path: path, data: data).map(\.document)
    }

    /// A document read from a file, and what to warn about (a file that was
    /// not UTF-8 and was read as Windows-1252).
    public struct TextFile: Sendable {
        public var document: SourceDocument
        public var warning: IngestProblem?
    }

    /// Like `document(path:data:)`, with the warning. UTF-8 (a byte order
    /// mark is dropped) is read as such; bytes that are not UTF-8 but are
    /// plausible Windows-1252 text (German in Latin-1 or CP1252: ä = E4,
    /// „ = 84, € = 80) are read as Windows-1252 with a warning; anything
    /// else (NUL bytes, UTF-16, control characters in a file that is not
    /// UTF-8, many of them in one that is) is skipped with a reason; a few
    /// control characters in UTF-8 text are replaced by spaces, with a warning.
    public static func textFile(path: String, data: Data) -> Result<TextFile, IngestProblem> {
        decode(path: path, data: data).map { text, warning in
            let (title, body) = splitTitle(text)
            return TextFile(document: SourceDocument(id: path, title: title, text: body), warning: warning)
        }
    }

    /// A text file's bytes as text, by the rules of `textFile`, and its warning.
    static func decode(path: String, data: Data) -> Result<(String, IngestProblem?), IngestProblem> {
        if data.contains(0) {
            return .failure(IngestProblem(location: path, reason: "binary file (contains NUL bytes), skipped"))
        }
        var warning: IngestProblem? = nil
        let text: String
        if let utf8 = String(data: data, encoding: .utf8) {
            let (clean, controls) = replacingControls(utf8.hasPrefix("\u{FEFF}") ? String(utf8.dropFirst()) : utf8)
            // A stray escape sequence or bell in a note is still a note; a
            // file full of them is not text (a file with NUL bytes never is).
            if controls > max(maxStrayControls, clean.utf8.count / 100) {
                return .failure(IngestProblem(location: path, reason: "binary file (\(controls) control characters), skipped"))
            }
            text = clean
            if controls > 0 {
                let what = controls == 1 ? "a control character" : "\(controls) control characters"
                warning = IngestProblem(location: path, reason: "\(what) replaced by spaces")
            }
        } else if let cp1252 = Windows1252.decode(data) {
            text = cp1252
            warning = IngestProblem(location: path, reason: "not UTF-8, read as Windows-1252")
        } else {
            return .failure(IngestProblem(location: path, reason: "not valid UTF-8, skipped"))
        }
        return .success((text, warning))
    }

    /// More control characters than this, and more than one in a hundred
    /// bytes, make a UTF-8 file binary.
    static let maxStrayControls = 8

    /// The text with each control character (C0 but tab, line feed, vertical
    /// tab, form feed and carriage return; DEL; C1) replaced by a space, and
    /// how many there were. Indexed raw, they would reach snippets and
    /// terminals, and an ESC or BEL means nothing to a search.
    static func replacingControls(_ text: String) -> (String, Int) {
        func isControl(_ s: Unicode.Scalar) -> Bool {
            switch s.value {
            case 0x09...0x0D: return false
            case 0..<0x20, 0x7F...0x9F: return true
            default: return false
            }
        }
        let count = text.unicodeScalars.reduce(0) { $0 + (isControl($1) ? 1 : 0) }
        guard count > 0 else { return (text, 0) }
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars { scalars.append(isControl(s) ? " " : s) }
        return (String(scalars), count)
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
