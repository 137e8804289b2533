import Foundation
import GermanAnalysis
import Xapian

/// The read side of an index source (`IndexSource`), for one thread: the
/// open handles, the generation of each local shard it holds, the schema
/// version (checked to agree across shards) and the analyzer with the
/// index's lexicon.
///
/// Several shards are one `Database` with every shard added (Xapian merges
/// document counts, lengths and term statistics, so BM25 ranks as in one
/// index of everything). Metadata is read from each shard on its own handle:
/// a combined handle reads it from the first shard only.
///
/// A Xapian handle serves one thread at a time, so a reader is not
/// `Sendable`: each thread opens its own (`ParallelSearch`). A reader that
/// lives long (`--queries -`) calls `refresh()` before each query and moves
/// to a generation published since.
public final class IndexReader {
    public let source: IndexSource
    /// Every shard that answered, as one database.
    public private(set) var database: Database
    public private(set) var analyzer: Analyzer
    /// Shards left out because they did not answer (`allowPartial`), each
    /// with the reason, in the order of the source.
    public private(set) var missing: [(shard: String, reason: String)] = []
    /// Counts the moves to new generations (0 for the generations first opened).
    public private(set) var moves = 0
    /// Whether a shard is remote: then the query must use only what
    /// `xapian-tcpsrv` can unserialise (no posting source of our own).
    public var hasRemoteShard: Bool { opened.contains { $0.shard.isRemote } }

    /// Whether the searcher counts each hit's strong passages by a match of
    /// its own (`WholeDocuments.passageCounts`) rather than while matching:
    /// over several shards, where Xapian 1.4 loses collapse counts for hits
    /// of a remote shard, its match spies see only local documents, and a
    /// remote database takes no spy at all.
    public var countsPassagesItself: Bool { opened.count > 1 || hasRemoteShard }

    private var opened: [OpenShard] = []

    private struct OpenShard {
        var shard: IndexSource.Shard
        var database: Database
        /// For a local shard: the generation it reads and its hold.
        var layout: IndexStore.Layout?
        var hold: ReaderHold?
    }

    /// Opens every shard of `source`. A remote shard that cannot be reached
    /// in time fails the whole open (naming it), unless `allowPartial`.
    /// `lexicon`: one already loaded from the same source (by another
    /// thread's reader), to share rather than load again.
    public init(source: IndexSource, lexicon: Lexicon? = nil) throws {
        guard !source.shards.isEmpty else { throw FundusError(.usage, "no index given") }
        self.source = source
        (opened, database, analyzer, missing) = try Self.open(source, keeping: lexicon.map { (nil, $0) })
        openedAt = Date()
    }

    /// When the shards were last opened.
    private var openedAt: Date

    /// A remote shard is reopened (a new connection) before a query when its
    /// connection is older than this: `xapian-tcpsrv` follows a Fundus stub
    /// when a connection opens, and a connection keeps reading the generation
    /// it found, so a long-lived search would never see a rebuild otherwise.
    static let remoteRecheckSeconds = 5.0

    /// The label of the source in messages: the path of a single index.
    public var label: String { source.description }

    /// Moves to the generations published since the last query, if any
    /// local shard has a new one. Returns whether it moved. Cheap: a stat
    /// and a read of each local stub.
    @discardableResult
    public func refresh() throws -> Bool {
        guard source.followsGenerations else { return false }
        var stale = hasRemoteShard && Date().timeIntervalSince(openedAt) > Self.remoteRecheckSeconds
        for shard in opened {
            guard case .local(let path) = shard.shard, let layout = shard.layout else { continue }
            if (try? IndexStore(path: path).layout()) != layout { stale = true }
        }
        guard stale else { return false }
        try reopenAll()
        return true
    }

    /// Opens every shard again: new generations, new connections. A lexicon
    /// held in memory is kept when the index still holds the same one.
    func reopenAll() throws {
        // Kept only when its hash can be compared (nil means "keep as is").
        let kept = analyzer.lexicon.count > 0 ? lexiconHash.map { (hash: Optional($0), lexicon: analyzer.lexicon) } : nil
        (opened, database, analyzer, missing) = try Self.open(source, keeping: kept)
        openedAt = Date()
        moves += 1
    }

    /// Names the remote shard that does not answer now, asking each on its
    /// own handle (nil if all answer: the failure was elsewhere).
    public func unansweringShard() -> String? {
        for shard in opened where shard.shard.isRemote {
            if (try? shard.database.reopen()) == nil { return shard.shard.description }
        }
        return nil
    }

    /// After a network failure during a query, with `allowPartial`: leaves
    /// the shards that no longer answer out and searches the rest. Returns
    /// false when none is left out (nothing to retry).
    func dropUnanswering() throws -> Bool {
        var kept: [OpenShard] = []
        var dropped = false
        for shard in opened {
            if shard.shard.isRemote, let reason = Self.failure(of: { () throws(XapianError) in _ = try shard.database.reopen() }) {
                missing.append((shard.shard.description, reason))
                dropped = true
            } else {
                kept.append(shard)
            }
        }
        guard dropped else { return false }
        guard !kept.isEmpty else { throw FundusError(.database, "no shard answers: " + Self.describe(missing)) }
        opened = kept
        database = try Self.combine(kept.map(\.database), source)
        return true
    }

    private static func failure(of body: () throws(XapianError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return error.message
        }
    }

    static func describe(_ missing: [(shard: String, reason: String)]) -> String {
        missing.map { "\($0.shard) (\($0.reason))" }.joined(separator: "; ")
    }

    private typealias State = ([OpenShard], Database, Analyzer, [(shard: String, reason: String)])

    /// The lexicon hash of the first shard, as last read.
    private var lexiconHash: String? { try? opened[0].database.metadata(forKey: Schema.Metadata.lexiconHash) }

    /// Opens the shards; `keeping` is a lexicon to use rather than load
    /// (when `hash` is nil, or the index still holds the lexicon of that hash).
    private static func open(_ source: IndexSource, keeping: (hash: String?, lexicon: Lexicon)?) throws -> State {
        var opened: [OpenShard] = []
        var missing: [(shard: String, reason: String)] = []
        for shard in source.shards {
            switch shard {
            case .local(let path):
                opened.append(try openLocal(path))
            case .remote(let host, let port):
                do {
                    let database = try Database(remoteHost: host, port: port, timeoutMilliseconds: source.timeoutMilliseconds)
                    // The handshake may succeed on a server whose database is
                    // broken; a first real request says whether it answers.
                    _ = try database.documentCount
                    opened.append(OpenShard(shard: shard, database: database))
                } catch {
                    let reason = FundusError.oneLine(error.message)
                    guard source.allowPartial && source.shards.count > 1 else {
                        throw FundusError(.database, "shard \(shard) does not answer: \(reason)")
                    }
                    missing.append((shard.description, reason))
                }
            }
        }
        guard !opened.isEmpty else { throw FundusError(.database, "no shard answers: " + describe(missing)) }
        do {
            try checkAgreement(opened)
            let database = try combine(opened.map(\.database), source)
            let stemmer = try Stemmer(language: Analysis.stemmerLanguage)
            // The lexicon the index was built with, so a query compound splits
            // as the passages did.
            var lexicon: Lexicon? = nil
            if let keeping, try keeping.hash == nil || keeping.hash == opened[0].database.metadata(forKey: Schema.Metadata.lexiconHash) {
                lexicon = keeping.lexicon
            }
            lexicon = try lexicon ?? loadLexicon(opened)
            return (opened, database, Analyzer(stemmer: stemmer, lexicon: lexicon ?? .empty), missing)
        } catch let error as XapianError {
            throw FundusError.database(error, path: source.description)
        }
    }

    private static func openLocal(_ path: String) throws -> OpenShard {
        let store = IndexStore(path: path)
        let layout = try store.layout()
        let hold = try store.holdCurrent()
        let database: Database
        do {
            database = try Database(path: hold.database)
        } catch {
            throw FundusError.database(error, path: path)
        }
        try store.requireIntact(hold.database)
        // The layout read before the hold may be older than the one held; a
        // refresh then moves once more, to the same place: harmless.
        return OpenShard(shard: .local(path), database: database, layout: layout, hold: hold)
    }

    private static func combine(_ databases: [Database], _ source: IndexSource) throws(XapianError) -> Database {
        databases.count == 1 ? databases[0] : try Database.combined(databases)
    }

    /// Shards built by different Fundus versions or with different lexicons
    /// would be searched inconsistently (terms, compound splits): refused.
    private static func checkAgreement(_ opened: [OpenShard]) throws {
        guard opened.count > 1 else { return }
        for key in [Schema.Metadata.schemaVersion, Schema.Metadata.lexiconHash] {
            var seen: [(String, String)] = []
            for shard in opened {
                let value: String
                do {
                    value = try shard.database.metadata(forKey: key)
                } catch {
                    throw FundusError(.database, "shard \(shard.shard): \(FundusError.oneLine(error.message))")
                }
                seen.append((shard.shard.description, value))
            }
            if let other = seen.first(where: { $0.1 != seen[0].1 }) {
                let what = key == Schema.Metadata.schemaVersion ? "schema versions" : "lexicons"
                throw FundusError(.database, "shards \(seen[0].0) and \(other.0) have different \(what) "
                    + "(build every shard with the same Fundus and the same --lexicon)")
            }
        }
    }

    /// From the first local shard, looked up word by word; when every shard
    /// is remote, loaded whole, once (a lookup would be a round trip).
    private static func loadLexicon(_ opened: [OpenShard]) throws(XapianError) -> Lexicon {
        if let local = opened.first(where: { $0.hold != nil }), let hold = local.hold {
            return try Lexicon.stored(atPath: hold.database) ?? .empty
        }
        return try Lexicon.loaded(from: opened[0].database) ?? .empty
    }
}
