import Foundation

/// Reads one file format into documents. Each format is one type in this
/// folder, listed once in `Formats.all`; the directory scan, the files named
/// on the command line and the parallel build all go through `Formats`, so a
/// new format touches this folder only.
public protocol DocumentExtractor: Sendable {
    /// A short name for messages and the README ("HTML", "PDF").
    var name: String { get }
    /// File name extensions, lower case, without the dot.
    var extensions: Set<String> { get }
    /// Whether the first bytes of a file (up to `Formats.headBytes`) are
    /// this format beyond doubt: magic bytes, or a zip whose first entry says
    /// so. Such a match wins over the extension.
    func isCertain(head: [UInt8]) -> Bool
    /// Whether the first bytes look like this format (an HTML tag, mail
    /// headers): used for files whose extension names no format.
    func isLikely(head: [UInt8]) -> Bool
    /// Larger files are skipped with a reason, unread.
    var maxBytes: Int64 { get }
    /// The documents in a file's bytes. Throws `ExtractionFailure` with the
    /// reason the file cannot be indexed.
    func extract(path: String, data: Data) throws -> Extraction
}

extension DocumentExtractor {
    public func isCertain(head: [UInt8]) -> Bool { false }
    public func isLikely(head: [UInt8]) -> Bool { false }
}

/// What a file held: usually one document whose id is the file's path; an
/// mbox holds one per message (ids `path#Message-ID`).
public struct Extraction: Sendable {
    public var documents: [SourceDocument]
    /// Indexed, with a caveat (a file read as Windows-1252): printed, not failed.
    public var warnings: [String] = []

    public init(documents: [SourceDocument], warnings: [String] = []) {
        self.documents = documents
        self.warnings = warnings
    }

    public init(_ document: SourceDocument, warning: String? = nil) {
        self.init(documents: [document], warnings: warning.map { [$0] } ?? [])
    }
}

/// Why a file could not be indexed: one line, without the path (the caller
/// adds it), e.g. "no text layer (scanned?), skipped".
public struct ExtractionFailure: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}
