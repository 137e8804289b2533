import Foundation

/// Remembers what the analyzer worked out per folded word (stem, part stems),
/// because ingest sees the same words over and over and decompounding and
/// stemming dominate the cost of a token.
///
/// Shared by all copies of an Analyzer and safe across threads. Memory stays
/// bounded with two generations: when the young one is full, it becomes the
/// old one and the previous old one is dropped; words still in use move back
/// to the young generation on their next lookup.
final class WordCache: @unchecked Sendable {  // all state is guarded by `lock`
    struct Entry {
        var stem: String
        var parts: [String]
        var isStopword: Bool
    }

    private let compute: @Sendable (String) -> Entry
    private let lock = NSLock()
    private var young: [String: Entry] = [:]
    private var old: [String: Entry] = [:]
    private let generationSize: Int

    init(generationSize: Int = 1 << 16, compute: @escaping @Sendable (String) -> Entry) {
        self.generationSize = generationSize
        self.compute = compute
    }

    func entry(for word: String) -> Entry {
        lock.lock()
        if let hit = young[word] {
            lock.unlock()
            return hit
        }
        let promoted = old[word]
        lock.unlock()
        // Computed outside the lock: another thread may do the same word at
        // the same time, which costs a little work but never blocks the rest.
        let entry = promoted ?? compute(word)
        lock.lock()
        if young.count >= generationSize {
            old = young
            young = [:]
            young.reserveCapacity(generationSize)
        }
        young[word] = entry
        lock.unlock()
        return entry
    }
}
