import CXapian
import Foundation

/// A read-only view of an index: a local database, a stub file, a remote
/// database served by `xapian-tcpsrv`, or several of these as shards.
///
/// ```swift
/// let db = try Database(path: "Index/db")
/// print(try db.documentCount)
/// ```
public final class Database {
    let handle: OpaquePointer
    private var closed = false

    /// Opens a local database directory or stub file. A missing database
    /// throws `.databaseNotFound`; something that is not a database throws
    /// `.databaseOpening`.
    public init(path: String) throws(XapianError) {
        // A C string would end at the NUL and open another path.
        guard !path.utf8.contains(0) else { throw XapianError(code: .invalidArgument, message: "path contains a NUL byte") }
        // Xapian reads an empty file as a stub naming no database at all.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size == 0 {
            throw XapianError(code: .databaseOpening, message: "\(path) is an empty file, not a database")
        }
        var out: OpaquePointer? = nil
        try check(cx_database_open(path, CX_OPEN_READONLY, 0, &out))
        handle = out!
    }

    /// Connects to `xapian-tcpsrv` on `host:port`.
    public init(remoteHost host: String, port: UInt16, timeoutMilliseconds: UInt32 = 10_000) throws(XapianError) {
        var out: OpaquePointer? = nil
        try check(cx_database_open_remote(host, UInt32(port), timeoutMilliseconds, &out))
        handle = out!
    }

    init(owning handle: OpaquePointer) { self.handle = handle }

    /// One handle over several databases, searched as one: document counts,
    /// lengths and term statistics are merged by Xapian, so BM25 weighs a
    /// term as it would in one database of everything. The shards stay
    /// usable on their own (for their metadata: a combined handle reads
    /// metadata from its first shard only).
    public static func combined(_ shards: [Database]) throws(XapianError) -> Database {
        var out: OpaquePointer? = nil
        try check(cx_database_new_combined(&out))
        let all = Database(owning: out!)
        for shard in shards { try all.addShard(shard) }
        return all
    }

    deinit { cx_database_free(handle) }

    /// Adds another database whose documents are searched alongside this one's.
    public func addShard(_ shard: Database) throws(XapianError) {
        try check(cx_database_add_shard(handle, shard.handle))
    }

    /// Moves to the latest committed revision. Returns true if it changed.
    @discardableResult
    public func reopen() throws(XapianError) -> Bool {
        var changed: Int32 = 0
        try check(cx_database_reopen(handle, &changed))
        return changed != 0
    }

    public func close() throws(XapianError) {
        guard !closed else { return }
        try check(cx_database_close(handle))
        closed = true
    }
}

/// A database open for writing. Only one writer may hold a database at a
/// time; a second one fails with `.databaseLocked`.
///
/// Changes become visible to readers at `commit()`. `close()` commits too;
/// dropping the object without `close()` also commits, but cannot report
/// an error, so call `close()` explicitly.
///
/// ```swift
/// let db = try WritableDatabase(path: "/tmp/idx", mode: .createOrOpen)
/// try db.replaceDocument(uniqueTerm: "Qdoc-1", doc)
/// try db.close()
/// ```
public final class WritableDatabase {
    public enum Mode: Sendable { case createOrOpen, createOrOverwrite, openExisting }
    public struct Options: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Skip fsync: for shards that are thrown away after merging, and tests.
        public static let noSync = Options(rawValue: 1)
        /// Wait for the write lock instead of failing with `.databaseLocked`.
        public static let waitForLock = Options(rawValue: 2)
    }

    let handle: OpaquePointer
    private var closed = false

    public init(path: String, mode: Mode = .createOrOpen, options: Options = []) throws(XapianError) {
        let cmode: cx_open_mode_t
        switch mode {
        case .createOrOpen: cmode = CX_OPEN_CREATE_OR_OPEN
        case .createOrOverwrite: cmode = CX_OPEN_CREATE_OR_OVERWRITE
        case .openExisting: cmode = CX_OPEN_WRITABLE_EXISTING
        }
        var out: OpaquePointer? = nil
        try check(cx_database_open(path, cmode, options.rawValue, &out))
        handle = out!
    }

    deinit { cx_database_free(handle) }

    @discardableResult
    public func replaceDocument(uniqueTerm: String, _ document: Document) throws(XapianError) -> UInt32 {
        var id: UInt32 = 0
        try withBytes(uniqueTerm) { (p, n) throws(XapianError) in
            try check(cx_database_replace_document(handle, p, n, document.handle, &id))
        }
        return id
    }

    @discardableResult
    public func addDocument(_ document: Document) throws(XapianError) -> UInt32 {
        var id: UInt32 = 0
        try check(cx_database_add_document(handle, document.handle, &id))
        return id
    }

    /// Deletes every document indexed by `term`.
    public func deleteDocuments(withTerm term: String) throws(XapianError) {
        try withBytes(term) { (p, n) throws(XapianError) in try check(cx_database_delete_documents(handle, p, n)) }
    }

    public func setMetadata(_ value: String, forKey key: String) throws(XapianError) {
        try withBytes(value) { (p, n) throws(XapianError) in try check(cx_database_set_metadata(handle, key, p, n)) }
    }

    public func addSpelling(_ word: String, frequencyIncrement: UInt32 = 1) throws(XapianError) {
        try withBytes(word) { (p, n) throws(XapianError) in try check(cx_database_add_spelling(handle, p, n, frequencyIncrement)) }
    }

    /// Lowers a word's spelling frequency; at zero the word is no longer suggested.
    public func removeSpelling(_ word: String, frequencyDecrement: UInt32 = 1) throws(XapianError) {
        try withBytes(word) { (p, n) throws(XapianError) in try check(cx_database_remove_spelling(handle, p, n, frequencyDecrement)) }
    }

    public func commit() throws(XapianError) { try check(cx_database_commit(handle)) }

    public func beginTransaction(flushed: Bool = true) throws(XapianError) {
        try check(cx_database_begin_transaction(handle, flushed ? 1 : 0))
    }

    public func commitTransaction() throws(XapianError) { try check(cx_database_commit_transaction(handle)) }

    public func cancelTransaction() throws(XapianError) { try check(cx_database_cancel_transaction(handle)) }

    /// Commits pending changes and releases the write lock.
    public func close() throws(XapianError) {
        guard !closed else { return }
        try check(cx_database_close(handle))
        closed = true
    }
}

/// Reading works the same on both kinds of handle.
public protocol DatabaseReading: AnyObject {
    var rawHandle: OpaquePointer { get }
}

extension Database: DatabaseReading { public var rawHandle: OpaquePointer { handle } }
extension WritableDatabase: DatabaseReading { public var rawHandle: OpaquePointer { handle } }

extension DatabaseReading {
    public var documentCount: UInt32 {
        get throws(XapianError) {
            var n: UInt32 = 0
            try check(cx_database_doccount(rawHandle, &n))
            return n
        }
    }

    /// The average document length (sum of wdf) over the database.
    public var averageLength: Double {
        get throws(XapianError) {
            var average = 0.0
            try check(cx_database_average_length(rawHandle, &average))
            return average
        }
    }

    /// Each document's length (the sum of its terms' wdf), in the order given.
    ///
    /// ```swift
    /// let lengths = try db.documentLengths([7, 3])  // [length of 7, length of 3]
    /// ```
    public func documentLengths(_ ids: [UInt32]) throws(XapianError) -> [UInt32] {
        var lengths = [UInt32](repeating: 0, count: ids.count)
        try check(cx_database_doclengths(rawHandle, ids, ids.count, &lengths))
        return lengths
    }

    /// Number of documents indexed by `term`.
    public func termFrequency(_ term: String) throws(XapianError) -> UInt32 {
        var n: UInt32 = 0
        try withBytes(term) { (p, n2) throws(XapianError) in try check(cx_database_termfreq(rawHandle, p, n2, &n)) }
        return n
    }

    public func document(id: UInt32) throws(XapianError) -> Document {
        var out: OpaquePointer? = nil
        try check(cx_database_get_document(rawHandle, id, &out))
        return Document(owning: out!)
    }

    /// Which words each document holds in any of its Xapian documents, in
    /// one pass over the postings (no matcher, no weights).
    ///
    /// A "document" here is every Xapian document indexed by one boolean
    /// term (Fundus: every passage of a file). A word is a list of groups and
    /// is held where one Xapian document satisfies a group: each of the
    /// group's slots by at least one of the slot's terms.
    ///
    /// ```swift
    /// // "Raketenstart": the whole word, or both parts, each as a stem or a part term.
    /// let word: [[[String]]] = [[["Zraketenstart"]], [["Zraket", "Praket"], ["Zstart", "Pstart"]]]
    /// let held = try db.documentsHolding(["Ia", "Ib"], words: [word])
    /// // held[1][0]: does document "b" say it anywhere?
    /// ```
    public func documentsHolding(_ documentTerms: [String], words: [[[[String]]]]) throws(XapianError) -> [[Bool]] {
        try documentsHolding(documentTerms, bestPassages: nil, words: words).documents
    }

    /// `documentsHolding(_:words:)`, and in the same pass which words one
    /// passage of each document holds: `bestPassages[d]` is a Xapian document
    /// id among document d's passages (`passages` is empty when nil).
    public func documentsHolding(_ documentTerms: [String], bestPassages: [UInt32]?, words: [[[[String]]]])
        throws(XapianError) -> (documents: [[Bool]], passages: [[Bool]])
    {
        var packed = PackedTerms()
        documentTerms.forEach { packed.add($0) }
        var wordGroups: [UInt32] = [], groupSlots: [UInt32] = [], slotTerms: [UInt32] = []
        for word in words {
            wordGroups.append(UInt32(word.count))
            for group in word {
                groupSlots.append(UInt32(group.count))
                for slot in group {
                    slotTerms.append(UInt32(slot.count))
                    slot.forEach { packed.add($0) }
                }
            }
        }
        if let bestPassages, bestPassages.count != documentTerms.count {
            throw XapianError(code: .invalidArgument, message: "one best passage per document expected")
        }
        var out = [UInt8](repeating: 0, count: documentTerms.count * words.count)
        var outBest = [UInt8](repeating: 0, count: max(out.count, 1))
        if let bestPassages {
            try check(cx_database_documents_holding(rawHandle, packed.bytes, packed.lengths, documentTerms.count, wordGroups,
                                                    words.count, groupSlots, slotTerms, &out, bestPassages, &outBest))
        } else {
            try check(cx_database_documents_holding(rawHandle, packed.bytes, packed.lengths, documentTerms.count, wordGroups,
                                                    words.count, groupSlots, slotTerms, &out, nil, nil))
        }
        let rows = { (flat: [UInt8]) in
            documentTerms.indices.map { d in words.indices.map { w in flat[d * words.count + w] != 0 } }
        }
        return (rows(out), bestPassages == nil ? [] : rows(outBest))
    }

    /// Which of the first `count` word positions of a document hold any of
    /// `terms`: element p - 1 is true when position p does.
    ///
    /// ```swift
    /// let marked = try db.positions(holding: ["Zraket"], inDocument: 7, count: tokens.count)
    /// ```
    public func positions(holding terms: [String], inDocument id: UInt32, count: Int) throws(XapianError) -> [Bool] {
        var packed = PackedTerms()
        terms.forEach { packed.add($0) }
        var marks = [UInt8](repeating: 0, count: max(count, 0))
        try check(cx_database_mark_positions(rawHandle, id, packed.bytes, packed.lengths, terms.count, &marks, marks.count))
        return marks.map { $0 != 0 }
    }

    /// The first document indexed by `term`, or nil.
    public func firstDocumentID(withTerm term: String) throws(XapianError) -> UInt32? {
        var id: UInt32 = 0
        try withBytes(term) { (p, n) throws(XapianError) in try check(cx_database_first_posting(rawHandle, p, n, &id)) }
        return id == 0 ? nil : id
    }

    /// Terms in the index that start with `prefix`, in sorted order.
    public func terms(withPrefix prefix: String, limit: Int = 0) throws(XapianError) -> [String] {
        try withBytes(prefix) { (p, n) throws(XapianError) in
            try takeList { cx_database_terms_with_prefix(rawHandle, p, n, limit, $0, $1, $2) }
        }
    }

    public func metadata(forKey key: String) throws(XapianError) -> String {
        try takeString { cx_database_get_metadata(rawHandle, key, $0, $1) }
    }

    /// Metadata keys that start with `prefix`, sorted.
    public func metadataKeys(withPrefix prefix: String) throws(XapianError) -> [String] {
        try takeList { cx_database_metadata_keys(rawHandle, prefix, $0, $1, $2) }
    }

    /// A better-spelled word from the index's spelling data, or nil.
    public func spellingSuggestion(for word: String, maxEditDistance: UInt32 = 2) throws(XapianError) -> String? {
        let s = try withBytes(word) { (p, n) throws(XapianError) in
            try takeString { cx_database_spelling_suggestion(rawHandle, p, n, maxEditDistance, $0, $1) }
        }
        return s.isEmpty ? nil : s
    }

    /// The spelling words within `maxDistance` edits of `word` that start
    /// with its first two letters, or as a typo in those would have them
    /// start (at most `maxScan` looked at).
    public func spellingWords(near word: String, maxDistance: Int, maxScan: Int) throws(XapianError)
        -> [SpellingNeighbour]
    {
        let lines = try withBytes(word) { (w, n) throws(XapianError) in
            try takeList { cx_database_spelling_near(rawHandle, w, n, UInt32(maxDistance), maxScan, $0, $1, $2) }
        }
        return lines.compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, let f = Int(fields[1]), let d = Int(fields[2]) else { return nil }
            return SpellingNeighbour(word: String(fields[0]), frequency: f, distance: d)
        }
    }
}

/// Database-wide operations that work on paths.
public enum DatabaseMaintenance {
    /// Merges the databases at `sources` into a new compact database at `destination`.
    public static func compact(_ sources: [String], into destination: String, multipass: Bool = false) throws(XapianError) {
        var cstrings = sources.map { strdup($0) }
        defer { cstrings.forEach { free($0) } }
        let status = cstrings.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buf.count) {
                cx_compact($0, buf.count, destination, multipass ? 1 : 0)
            }
        }
        try check(status)
    }

    /// Runs Xapian's consistency check, and counts each table lost from a
    /// glass database folder as an error too (xapian-check takes a missing
    /// lazily opened table for one never used: `GlassTables`). Returns the
    /// number of errors and the report.
    public static func verify(path: String) throws(XapianError) -> (errors: Int, report: String) {
        var errors = 0
        var report = try takeString { cx_database_check(path, &errors, $0, $1) }
        // A version file too damaged to read is the check's own finding.
        let missing = FileManager.default.fileExists(atPath: path + "/iamglass")
            ? ((try? GlassTables.tables(inDatabase: path)) ?? []).filter(\.isMissing) : []
        if !missing.isEmpty {
            errors += missing.count
            if !report.isEmpty && !report.hasSuffix("\n") { report += "\n" }
            for table in missing {
                report += "\(path)/\(table.name).glass is missing (it held \(table.entries) entries)\n"
            }
        }
        return (errors, report)
    }
}

/// Terms for one shim call: their bytes run together, cut by `lengths`.
struct PackedTerms {
    var bytes: [CChar] = []
    var lengths: [UInt32] = []

    mutating func add(_ term: String) {
        bytes.append(contentsOf: term.utf8.map { CChar(bitPattern: $0) })
        lengths.append(UInt32(term.utf8.count))
    }
}

/// A spelling word near a query word (see `spellingWords(near:…)`).
public struct SpellingNeighbour: Sendable, Equatable {
    public var word: String
    /// How many passages hold it.
    public var frequency: Int
    /// Edits away from the query word (a swap of neighbours is one).
    public var distance: Int
}

