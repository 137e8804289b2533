import Foundation
import ZIPFoundation

/// The entries of a zip container (OpenDocument, Office Open XML, EPUB),
/// read within bounds: a damaged or truncated archive is refused, and a zip
/// bomb is stopped while it unpacks, by the bytes that actually come out
/// (the sizes an archive declares may lie).
final class ZipReader {
    static let maxEntries = 10_000
    static let maxEntryBytes = 64 << 20
    static let maxTotalBytes = 256 << 20

    private let archive: Archive
    private var entries: [String: Entry] = [:]
    /// Entry paths in archive order.
    private(set) var paths: [String] = []
    private var unpacked = 0

    init(data: Data) throws {
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ExtractionFailure("not a readable zip archive (damaged or truncated?), skipped")
        }
        for entry in archive {
            guard paths.count < Self.maxEntries else {
                throw ExtractionFailure("more than \(Self.maxEntries) entries in the archive, skipped")
            }
            if entries[entry.path] == nil {
                entries[entry.path] = entry
                paths.append(entry.path)
            }
        }
        guard !paths.isEmpty else { throw ExtractionFailure("not a readable zip archive (damaged or truncated?), skipped") }
    }

    func contains(_ path: String) -> Bool { entries[path] != nil }

    /// An entry's bytes, or nil when there is no such entry.
    func read(_ path: String) throws -> [UInt8]? {
        guard let entry = entries[path] else { return nil }
        if entry.uncompressedSize > UInt64(Self.maxEntryBytes) { throw Self.bomb(path) }
        var bytes: [UInt8] = []
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                bytes.append(contentsOf: chunk)
                unpacked += chunk.count
                if bytes.count > Self.maxEntryBytes || unpacked > Self.maxTotalBytes { throw Self.bomb(path) }
            }
        } catch let failure as ExtractionFailure {
            throw failure
        } catch {
            throw ExtractionFailure("\(path) in the archive cannot be unpacked (damaged or truncated?), skipped")
        }
        return bytes
    }

    private static func bomb(_ path: String) -> ExtractionFailure {
        ExtractionFailure("\(path) unpacks to more than \(maxEntryBytes >> 20) MB (\(maxTotalBytes >> 20) MB in all): "
            + "a zip bomb?, skipped")
    }

    /// Whether a file's first bytes are a zip whose first entry is named
    /// `name` (OpenDocument and EPUB put `mimetype` first, stored) and, if
    /// `content` is given, holds it.
    static func firstEntry(of head: [UInt8], is name: String, holding content: String? = nil) -> Bool {
        guard head.count >= 30, head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return false }
        let nameLength = Int(head[26]) | Int(head[27]) << 8
        let extraLength = Int(head[28]) | Int(head[29]) << 8
        guard head.count >= 30 + nameLength, Array(head[30..<30 + nameLength]) == Array(name.utf8) else { return false }
        guard let content else { return true }
        let start = 30 + nameLength + extraLength
        return head.count >= start + content.utf8.count && head[start...].starts(with: Array(content.utf8))
    }
}
