import Foundation

/// Which tables a glass database's version file (`iamglass`) says hold
/// entries, checked against the table files present.
///
/// Xapian opens the position, termlist, docdata and spelling tables lazily
/// and takes a missing file for an empty table: with `position.glass` gone,
/// phrase searches quietly change their answers, and neither opening the
/// database nor `xapian-check` complains. The version file still records
/// each table's entry count, so a table with entries and no file is known
/// to be lost.
///
/// The format read here is Xapian 1.4's (glass_version.cc): a 16-byte magic
/// and format version, a 16-byte UUID, the revision, then for each table in
/// the order below: root block, flags and level, entry count, block size,
/// compress_min (each a packed unsigned: 7 bits a byte, low bits first, the
/// high bit set on all but the last byte) and a length-prefixed free list.
public enum GlassTables {
    /// The tables in the version file's order.
    public static let names = ["postlist", "docdata", "termlist", "position", "spelling", "synonym"]

    public struct Table: Sendable, Equatable {
        public var name: String
        public var entries: UInt64
        public var filePresent: Bool
        /// Entries recorded, but the table's file is gone.
        public var isMissing: Bool { entries > 0 && !filePresent }
    }

    /// Reads `database/iamglass`; throws `.databaseCorrupt` if it cannot be
    /// read or is not a glass version file.
    public static func tables(inDatabase database: String) throws -> [Table] {
        let versionFile = database + "/iamglass"
        guard let data = FileManager.default.contents(atPath: versionFile) else {
            throw XapianError(code: .databaseOpening, message: "cannot read \(versionFile)")
        }
        let bytes = [UInt8](data)
        let magic = Array("\u{0F}\u{0D}Xapian Glass".utf8)
        guard bytes.count > 32, Array(bytes[0..<magic.count]) == magic else {
            throw XapianError(code: .databaseCorrupt, message: "\(versionFile) is not a glass version file")
        }
        var reader = PackedReader(bytes: bytes, at: 32)
        var tables: [Table] = []
        do {
            _ = try reader.unsigned()  // revision
            for name in names {
                _ = try reader.unsigned()  // root block
                _ = try reader.unsigned()  // level, sequential, fake root
                let entries = try reader.unsigned()
                _ = try reader.unsigned()  // block size / 2048
                _ = try reader.unsigned()  // compress_min
                try reader.skip(Int(try reader.unsigned()))  // free list
                var info = stat()
                let present = lstat(database + "/\(name).glass", &info) == 0 && info.st_mode & S_IFMT == S_IFREG
                tables.append(Table(name: name, entries: entries, filePresent: present))
            }
        } catch {
            throw XapianError(code: .databaseCorrupt, message: "\(versionFile) is cut short or damaged")
        }
        return tables
    }

    private struct PackedReader {
        struct End: Error {}
        let bytes: [UInt8]
        var at: Int

        mutating func unsigned() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard at < bytes.count, shift < 64 else { throw End() }
                let byte = bytes[at]
                at += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }

        mutating func skip(_ count: Int) throws {
            guard count >= 0, at + count <= bytes.count else { throw End() }
            at += count
        }
    }
}
