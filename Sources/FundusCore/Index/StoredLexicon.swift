import Foundation
import GermanAnalysis
import Xapian

extension Lexicon {
    /// The whole lexicon an index holds (one metadata key per word), in
    /// memory; nil when the index holds none. For a writer, and for a search
    /// whose shards are all remote, where a word-by-word lookup would be a
    /// network round trip per probe (the decompounder probes dozens of
    /// substrings per word). About 25 ms for 350,000 words from a local
    /// index; over `xapian-tcpsrv` the key list streams in seconds, once.
    static func loaded(from database: some DatabaseReading) throws(XapianError) -> Lexicon? {
        guard try !database.metadata(forKey: Schema.Metadata.lexiconHash).isEmpty else { return nil }
        let prefix = Schema.Metadata.lexiconWordPrefix
        return Lexicon(words: try database.metadataKeys(withPrefix: prefix).lazy.map { String($0.dropFirst(prefix.count)) })
    }

    /// The lexicon of the local database at `path`, looked up word by word
    /// as compounds need it, through a handle of its own: a one-shot search
    /// then never pays for loading 350,000 words. nil when the index holds
    /// none.
    static func stored(atPath path: String) throws(XapianError) -> Lexicon? {
        let database = try Database(path: path)
        guard try !database.metadata(forKey: Schema.Metadata.lexiconHash).isEmpty else { return nil }
        let box = LockedLookup(database)
        return Lexicon { word in box.contains(word) }
    }
}

/// A Xapian handle serves one thread at a time, and an analyzer (hence its
/// lexicon) may be shared between threads: every lookup takes the lock. The
/// handle is this box's alone, so nothing else touches it.
private final class LockedLookup: @unchecked Sendable {  // the handle is only used under `lock`
    private let database: Database
    private let lock = NSLock()

    init(_ database: Database) { self.database = database }

    func contains(_ word: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return (try? database.metadata(forKey: Schema.Metadata.lexiconWordPrefix + word)) == "1"
    }
}
