import Foundation

/// What one query of a batch came to.
public enum BatchAnswer: Sendable {
    case result(SearchResult)
    /// `--count`: the number of matching documents (or passages).
    case count(Int)
    /// The query itself was at fault (`.badQuery`); the batch goes on.
    case rejected(FundusError)
}

/// Answers a list of queries on several threads and hands the answers back
/// in the order of the list, as they become ready.
///
/// A Xapian handle serves one thread at a time, so each thread has its own
/// `Searcher` on the same index. The matcher is most of a query's cost and
/// needs no lock, so two threads answer close to twice as many queries.
///
/// ```swift
/// let batch = try ParallelSearch(path: "Index/db", threads: 2)
/// try batch.run(["Rakete", "Satellit"], options: SearchOptions()) { index, answer in
///     if case .result(let r) = answer { print(index, r.hits.count) }
/// }
/// ```
public final class ParallelSearch {
    private let searchers: [SearcherBox]

    /// Opens the index once per thread; fails as `Searcher(path:)` does.
    public init(path: String, threads: Int) throws {
        searchers = try (0..<max(threads, 1)).map { _ in SearcherBox(try Searcher(path: path)) }
    }

    /// Runs every query and calls `emit` for each, in list order, on the
    /// calling thread. An error other than a bad query (the index vanished,
    /// a disk error) stops the batch: the answers before it are emitted, then
    /// it is thrown.
    public func run(_ queries: [String], options: SearchOptions, countOnly: Bool = false,
                    emit: (Int, BatchAnswer) -> Void) throws {
        if searchers.count == 1 {
            // One thread: answer on the caller's, with no thread to start.
            for (i, query) in queries.enumerated() {
                emit(i, try Self.answer(query, searchers[0].searcher, options, countOnly))
            }
            return
        }
        let board = AnswerBoard(count: queries.count, window: 64 * searchers.count)
        let group = DispatchGroup()
        for box in searchers {
            group.enter()
            let thread = Thread {
                while let i = board.take() {
                    do {
                        board.put(try Self.answer(queries[i], box.searcher, options, countOnly), at: i)
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
        for i in queries.indices {
            switch board.await(i) {
            case .answer(let answer): emit(i, answer)
            case .failed(let error):
                board.stop()
                throw error
            }
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

/// The shared state of a batch: which query is next, and the answers that
/// wait for their turn. Workers stay at most `window` queries ahead of the
/// caller, so a slow reader (a pipe into `less`) holds few answers in memory.
private final class AnswerBoard: @unchecked Sendable {
    enum Slot { case answer(BatchAnswer), failed(Error) }

    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    private var next = 0
    private var emitted = 0
    private var stopped = false
    private var slots: [Int: Slot] = [:]

    init(count: Int, window: Int) {
        self.count = count
        self.window = window
    }

    /// The next query to answer, or nil when none is left (or the batch stopped).
    func take() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && next < count && next - emitted >= window { condition.wait() }
        guard !stopped && next < count else { return nil }
        next += 1
        return next - 1
    }

    func put(_ answer: BatchAnswer, at i: Int) { store(.answer(answer), at: i) }

    func fail(at i: Int, _ error: Error) { store(.failed(error), at: i) }

    private func store(_ slot: Slot, at i: Int) {
        condition.lock()
        slots[i] = slot
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for query i's answer and makes room for the workers.
    func await(_ i: Int) -> Slot {
        condition.lock()
        defer { condition.unlock() }
        while slots[i] == nil { condition.wait() }
        emitted = i + 1
        condition.broadcast()
        return slots.removeValue(forKey: i)!
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
