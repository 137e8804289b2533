import Foundation

/// The one list of file formats, and how a file's format is told: magic
/// bytes first (a PDF named `.txt` is still a PDF), then the extension,
/// then a likely start (HTML, mail) for files whose extension names none.
public enum Formats {
    static let all: [any DocumentExtractor] = [
        PlainTextFormat(), MarkdownFormat(), HTMLFormat(), MailFormat(), MboxFormat(), PDFFormat(), OpenDocumentFormat(),
        OfficeOpenXMLFormat(), EPUBFormat(),
    ]

    /// How much of a file detection looks at.
    static let headBytes = 4096

    private static let byExtension: [String: any DocumentExtractor] = {
        var map: [String: any DocumentExtractor] = [:]
        for format in all { for ext in format.extensions { map[ext] = format } }
        return map
    }()

    /// The format of a file, from its name and first bytes; nil when none fits.
    static func format(path: String, head: [UInt8]) -> (any DocumentExtractor)? {
        if let certain = all.first(where: { $0.isCertain(head: head) }) { return certain }
        if let known = byExtension[(path as NSString).pathExtension.lowercased()] { return known }
        return all.first { $0.isLikely(head: head) }
    }

    /// Whether a directory scan takes this file: a known extension, or a
    /// start that some format recognises (the file's head is read only when
    /// its extension names no format).
    static func accepts(path: String) -> Bool {
        if byExtension[(path as NSString).pathExtension.lowercased()] != nil { return true }
        guard let head = readHead(path), !head.isEmpty else { return false }
        return all.contains { $0.isCertain(head: head) || $0.isLikely(head: head) }
    }

    /// Whether the extension alone names a format (a FIFO named so is reported).
    static func knownExtension(_ path: String) -> Bool {
        byExtension[(path as NSString).pathExtension.lowercased()] != nil
    }

    /// The documents in a file's bytes: by its format, or as text when it is
    /// named on the command line (`fallback`) and no format fits.
    static func extract(path: String, data: Data, fallbackToText: Bool) -> Result<Extraction, IngestProblem> {
        let head = Array(data.prefix(headBytes))
        guard let format = format(path: path, head: head) ?? (fallbackToText ? PlainTextFormat() : nil) else {
            return .failure(IngestProblem(location: path, reason: "unknown format, skipped"))
        }
        do {
            return .success(try format.extract(path: path, data: data))
        } catch let failure as ExtractionFailure {
            return .failure(IngestProblem(location: path, reason: failure.reason))
        } catch {
            return .failure(IngestProblem(location: path, reason: "\(format.name): \(TextFileReader.describe(error)), skipped"))
        }
    }

    /// Why a file of this size is not read at all, or nil.
    static func sizeProblem(path: String, size: Int64, head: [UInt8]) -> IngestProblem? {
        guard let format = format(path: path, head: head), size > format.maxBytes else { return nil }
        return IngestProblem(location: path,
                             reason: "too large for \(format.name) (\(size >> 20) MB, the limit is \(format.maxBytes >> 20) MB), skipped")
    }

    /// The first bytes of a regular file, opened without following a link
    /// or blocking; nil if it cannot be read.
    static func readHead(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        var buffer = [UInt8](repeating: 0, count: headBytes)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, headBytes) }
        return n < 0 ? nil : Array(buffer.prefix(n))
    }

    /// The bytes after a UTF-8 byte order mark and leading whitespace.
    static func skippingBOMAndSpace(_ head: [UInt8]) -> ArraySlice<UInt8> {
        var slice = head[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        return slice.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    }
}
