import Foundation
import Xapian

/// What the index remembers about one ingested document, so that the next
/// ingest can tell new, changed, unchanged and deleted documents apart
/// without reading what did not change.
///
/// Kept as Xapian metadata (see `DocumentStates`), written in the same commit
/// as the passages: the two can never disagree, whatever moment a crash hits.
struct DocumentState: Equatable {
    enum Kind: String {
        /// A text file found in a directory or named on the command line; its id is its path.
        case file = "f"
        /// A JSON Lines record.
        case record = "r"
        /// One of several documents in a file (a message of an mbox); its
        /// input is the file's path, its id the path, "#" and more.
        case part = "p"
    }

    var kind: Kind
    /// Files: their size in bytes. Records: the line's length.
    var size: Int64
    /// Files: modification time, nanoseconds since 1970. Records: 0.
    var modified: Int64
    /// `ContentHash` of the file's bytes or of the record's line.
    var hash: String
    /// Records: the input they came from (an absolute path, or "-" for
    /// standard input), for `--prune`. Files: their path.
    var input: String
    var id: String

    /// Fields joined by NUL bytes, the id last: paths cannot hold a NUL, and
    /// an id (which might, from JSON) is whatever follows the last separator
    /// needed. Decoding a few thousand of these per run must be cheap, so no JSON.
    var encoded: String {
        ["1", kind.rawValue, String(size), String(modified), hash, input, id].joined(separator: "\u{0}")
    }

    init(kind: Kind, size: Int64, modified: Int64, hash: String, input: String, id: String) {
        self.kind = kind
        self.size = size
        self.modified = modified
        self.hash = hash
        self.input = input
        self.id = id
    }

    init?(encoded: String) {
        let fields = encoded.split(separator: "\u{0}", maxSplits: 6, omittingEmptySubsequences: false)
        guard fields.count == 7, fields[0] == "1", let kind = Kind(rawValue: String(fields[1])),
              let size = Int64(fields[2]), let modified = Int64(fields[3])
        else { return nil }
        self.init(kind: kind, size: size, modified: modified, hash: String(fields[4]), input: String(fields[5]),
                  id: String(fields[6]))
    }
}

/// The per-document states of an index, as metadata:
/// `D:` + document id → the encoded `DocumentState`, and for records also
/// `H:` + the line's hash → document id, so that an unchanged line is
/// recognised before it is parsed. Ids longer than Xapian's key limit are
/// shortened the way terms are (`Schema.termSafe`); the state holds the whole id.
struct DocumentStates {
    static let statePrefix = "D:"
    static let linePrefix = "H:"

    let database: WritableDatabase

    /// The ids of the documents whose id has a hash (`hashValue`) in `hashes`.
    func ids(hashedIn hashes: Set<Int>) throws -> [String] {
        guard !hashes.isEmpty else { return [] }
        var found: [String] = []
        for key in try database.metadataKeys(withPrefix: Self.statePrefix) {
            guard let state = DocumentState(encoded: try database.metadata(forKey: key)),
                  hashes.contains(state.id.hashValue) else { continue }
            found.append(state.id)
        }
        return found
    }

    func state(of id: String) throws -> DocumentState? {
        let value = try database.metadata(forKey: Self.statePrefix + Schema.termSafe(id))
        guard let state = DocumentState(encoded: value), state.id == id else { return nil }
        return state
    }

    func set(_ state: DocumentState) throws {
        try database.setMetadata(state.encoded, forKey: Self.statePrefix + Schema.termSafe(state.id))
    }

    func remove(id: String) throws {
        try database.setMetadata("", forKey: Self.statePrefix + Schema.termSafe(id))  // empty deletes
    }

    /// The document id whose record line had this hash, if one was indexed.
    func recordID(forLineHash hash: String) throws -> String? {
        let id = try database.metadata(forKey: Self.linePrefix + hash)
        return id.isEmpty ? nil : id
    }

    func setLine(hash: String, id: String) throws {
        try database.setMetadata(id, forKey: Self.linePrefix + hash)
    }

    func removeLine(hash: String) throws {
        try database.setMetadata("", forKey: Self.linePrefix + hash)
    }

    /// The states of files whose path starts with `folder` (which ends in "/").
    func files(under folder: String) throws -> [String: DocumentState] {
        var found: [String: DocumentState] = [:]
        for state in try states(idPrefix: folder) where state.kind == .file { found[state.id] = state }
        return found
    }

    /// The documents of a file that holds several (`Kind.part`).
    func parts(of path: String) throws -> [DocumentState] {
        try states(idPrefix: path + "#").filter { $0.kind == .part && $0.input == path }
    }

    /// Every state whose id starts with `prefix`.
    private func states(idPrefix folder: String) throws -> [DocumentState] {
        // Keys of long paths keep only their first 160 bytes or so, so list
        // by a head that every such key keeps, and check the whole path in
        // the state.
        var head = Array(folder.utf8.prefix(150))
        if head.count < folder.utf8.count {
            while let last = head.last, last & 0xC0 == 0x80 { head.removeLast() }  // no half characters
            if let last = head.last, last >= 0xC0 { head.removeLast() }
        }
        var found: [DocumentState] = []
        for key in try database.metadataKeys(withPrefix: Self.statePrefix + String(decoding: head, as: UTF8.self)) {
            guard let state = DocumentState(encoded: try database.metadata(forKey: key)), state.id.hasPrefix(folder)
            else { continue }
            found.append(state)
        }
        return found
    }

    /// The ids of every record that came from `input`.
    func records(from input: String) throws -> [DocumentState] {
        var found: [DocumentState] = []
        for key in try database.metadataKeys(withPrefix: Self.statePrefix) {
            guard let state = DocumentState(encoded: try database.metadata(forKey: key)), state.kind == .record,
                  state.input == input
            else { continue }
            found.append(state)
        }
        return found
    }
}
