import Foundation

/// What one query of a batch came to.
public enum BatchAnswer: Sendable {
    case result(SearchResult)
    /// `--count`: the number of matching documents (or passages).
    case count(Int)
    /// The query itself was at fault (`.badQuery`); the batch goes on.
    case rejected(FundusError)
}

/// One query of a batch: its text and its line number in the input.
public struct BatchQuery: Sendable {
    public var number: Int
    public var text: String

    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }
}

/// Answers a stream of queries on several threads and hands the answers back
/// in input order, as they become ready.
///
/// A Xapian handle serves one thread at a time, so each thread has its own
/// `Searcher` on the same index. The matcher is most of a query's cost and
/// needs no lock, so two threads answer close to twice as many queries.
/// Queries are read as they come (a reader thread calls `next`), so a script
/// that writes one query and waits for its answer gets it: `idle` runs
/// whenever the caller would wait (the place to flush output).
///
/// ```swift
/// let batch = try ParallelSearch(path: "Index/db", threads: 2)
/// var queries = [BatchQuery(number: 1, text: "Rakete")].makeIterator()
/// try batch.run(next: { queries.next() }, options: SearchOptions()) { query, answer in
///     if case .result(let r) = answer { print(query.number, r.hits.count) }
/// }
/// ```
public final class ParallelSearch {
    private let searchers: [SearcherBox]

    /// Opens the index once per thread; fails as `Searcher(path:)` does.
    public convenience init(path: String, threads: Int) throws {
        try self.init(source: try IndexSource.resolve([path]), threads: threads)
    }

    /// Opens the source once per thread (a reader each: Xapian handles are
    /// not shared). A lexicon loaded whole (all shards remote) is loaded once.
    public init(source: IndexSource, threads: Int) throws {
        let first = try IndexReader(source: source)
        let lexicon = first.analyzer.lexicon.count > 0 ? first.analyzer.lexicon : nil
        var readers = [first]
        for _ in 1..<max(threads, 1) { readers.append(try IndexReader(source: source, lexicon: lexicon)) }
        searchers = readers.map { SearcherBox(Searcher(reader: $0)) }
        missingShards = first.missing.map(\.shard)
    }

    /// Shards that did not answer when the source was opened (`allowPartial`).
    public let missingShards: [String]

    /// Answers every query `next` yields (until it returns nil) and calls
    /// `emit` for each, in input order, on the calling thread. An error other
    /// than a bad query (the index vanished, a disk error) stops the batch:
    /// the answers before it are emitted, then it is thrown.
    public func run(next: @escaping () -> BatchQuery?, options: SearchOptions, countOnly: Bool = false,
                    idle: () -> Void = {}, emit: (BatchQuery, BatchAnswer) -> Void) throws {
        if searchers.count == 1 {
            // One thread: answer on the caller's, with no thread to start.
            while true {
                idle()
                guard let query = next() else { return }
                emit(query, try Self.answer(query.text, searchers[0].searcher, options, countOnly))
            }
        }
        let board = AnswerBoard(window: 64 * searchers.count)
        let source = SourceBox(next)
        // Not joined: at the end of the input it has ended; after an error it
        // may wait on input that never comes, and the process exits anyway.
        let reader = Thread {
            while let query = source.next() { board.append(query) }
            board.close()
        }
        reader.stackSize = 1 << 20
        reader.start()
        let group = DispatchGroup()
        for box in searchers {
            group.enter()
            let thread = Thread {
                while let (i, query) = board.take() {
                    do {
                        board.put(try Self.answer(query.text, box.searcher, options, countOnly), at: i)
                    } catch {
                        board.fail(at: i, error)
                        break
                    }
                }
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        defer { group.wait() }
        var i = 0
        while let (query, slot) = board.await(i, idle: idle) {
            switch slot {
            case .answer(let answer): emit(query, answer)
            case .failed(let error):
                board.stop()
                throw error
            }
            i += 1
        }
    }
}

extension ParallelSearch {
    /// One query's answer; a bad query is an answer, any other error is thrown.
    private static func answer(_ query: String, _ searcher: Searcher, _ options: SearchOptions, _ countOnly: Bool) throws
        -> BatchAnswer
    {
        do {
            return countOnly ? .count(try searcher.count(query, options: options))
                : .result(try searcher.search(query, options: options))
        } catch let error as FundusError where error.code == .badQuery {
            return .rejected(error)
        }
    }
}

private final class SearcherBox: @unchecked Sendable {
    let searcher: Searcher
    init(_ searcher: Searcher) { self.searcher = searcher }
}

/// Hands the caller's query source to the reader thread, its only user.
private final class SourceBox: @unchecked Sendable {
    let next: () -> BatchQuery?
    init(_ next: @escaping () -> BatchQuery?) { self.next = next }
}

/// The shared state of a batch: the queries read so far, which is next, and
/// the answers that wait for their turn. Workers stay at most `window`
/// queries ahead of the caller, so a slow reader (a pipe into `less`) holds
/// few answers in memory.
private final class AnswerBoard: @unchecked Sendable {
    enum Slot { case answer(BatchAnswer), failed(Error) }

    private let condition = NSCondition()
    private let window: Int
    private var queries: [Int: BatchQuery] = [:]
    private var available = 0
    private var closed = false
    private var next = 0
    private var emitted = 0
    private var stopped = false
    private var slots: [Int: Slot] = [:]

    init(window: Int) { self.window = window }

    func append(_ query: BatchQuery) {
        condition.lock()
        queries[available] = query
        available += 1
        condition.broadcast()
        condition.unlock()
    }

    /// The input has ended.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next query to answer, or nil when none is left (or the batch stopped).
    func take() -> (Int, BatchQuery)? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && (next >= available && !closed || next < available && next - emitted >= window) {
            condition.wait()
        }
        guard !stopped && next < available, let query = queries[next] else { return nil }
        next += 1
        return (next - 1, query)
    }

    func put(_ answer: BatchAnswer, at i: Int) { store(.answer(answer), at: i) }

    func fail(at i: Int, _ error: Error) { store(.failed(error), at: i) }

    private func store(_ slot: Slot, at i: Int) {
        condition.lock()
        slots[i] = slot
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for query i's answer (running `idle` first if it is not ready)
    /// and makes room for the workers; nil once the input has ended before i.
    func await(_ i: Int, idle: () -> Void) -> (BatchQuery, Slot)? {
        condition.lock()
        defer { condition.unlock() }
        func ready() -> Bool { slots[i] != nil || closed && i >= available }
        if !ready() {
            condition.unlock()
            idle()
            condition.lock()
        }
        while !ready() { condition.wait() }
        guard let slot = slots.removeValue(forKey: i), let query = queries.removeValue(forKey: i) else { return nil }
        emitted = i + 1
        condition.broadcast()
        return (query, slot)
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
