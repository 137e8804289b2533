import Foundation
import GermanAnalysis
import Xapian

/// Which items (JSON Lines records, files) one worker of a parallel build
/// takes: the items are numbered in reading order across all inputs, and
/// each worker takes one run of them (`items`), the runs holding about as
/// many bytes each. Every worker reads every input (reading is cheap next to
/// analysis) and skips the items of the others without parsing them.
///
/// Runs rather than every N-th item: the merge puts the shards one after
/// the other, so passages keep the order a single writer gives them, and
/// equally ranked hits come out in the same order.
final class WorkShare {
    let items: Range<Int>
    /// Set by any worker that failed: the others skip what is left.
    let cancelled: CancelFlag
    /// The number of the item seen last, from 0.
    private(set) var item = -1
    /// The input being read (its position among the inputs).
    var input = 0
    /// Documents this worker indexed, by the hash of their id: the item and
    /// input of the last occurrence, to settle ids that occur on lines given
    /// to different workers. By hash, because the ids themselves were the
    /// part of a build's memory that grew with the input (ten copies of the
    /// corpus); `settleDuplicates` reads the few ids it needs back.
    var indexed: [Int: (item: Int, input: Int, line: Int)] = [:]

    init(items: Range<Int>, cancelled: CancelFlag) {
        self.items = items
        self.cancelled = cancelled
    }

    /// The line of a JSON Lines input being indexed, for messages about it.
    var line = 0

    /// Whether the item after the last one seen is this worker's.
    var nextIsMine: Bool { items.contains(item + 1) && !cancelled.isSet }

    /// Counts the next item and tells whether it is this worker's.
    func take() -> Bool {
        item += 1
        return items.contains(item) && !cancelled.isSet
    }

    /// Splits the items of `inputs` into `count` runs of about equal bytes.
    /// The first starts at 0 and the last never ends, so that every item
    /// has exactly one worker even if an input changes while it is read.
    static func split(_ inputs: [String], into count: Int) -> [Range<Int>] {
        let sizes = itemSizes(inputs)
        let total = sizes.reduce(0, +)
        var bounds = [0]
        var sum = 0
        for (i, size) in sizes.enumerated() where bounds.count < count {
            sum += size
            if sum * count >= total * bounds.count { bounds.append(i + 1) }
        }
        while bounds.count < count { bounds.append(sizes.count) }
        bounds.append(Int.max)
        return (0..<count).map { bounds[$0]..<bounds[$0 + 1] }
    }

    /// The size of each item, as `Ingestor.ingest(_:)` will meet them
    /// (plus a little for the work per document).
    private static func itemSizes(_ inputs: [String]) -> [Int] {
        var sizes: [Int] = []
        for input in inputs {
            let path = Ingestor.absolute(input)
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                sizes += ((try? DirectoryScanner.scan(path))?.files ?? []).map { Int($0.size) + 200 }
            } else if info.st_mode & S_IFMT != S_IFREG {
                continue  // a FIFO or a device: never opened, the ingest reports it
            } else if input.hasSuffix(".jsonl") || input.hasSuffix(".ndjson") || input.hasSuffix(".json") {
                guard case .success(let handle) = Ingestor.openRegularFile(path, name: input) else { continue }
                defer { try? handle.close() }
                var reader = JSONLinesReader(handle: handle, name: input)
                while let next = try? reader.nextLine() {
                    sizes.append((try? next.get().bytes.count).map { $0 + 200 } ?? 200)
                }
            } else if let entry = DirectoryScanner.entry(for: path) {
                sizes.append(Int(entry.size) + 200)
            }
        }
        return sizes
    }
}

final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// Hands a worker's ingestor to its thread: each is used by one thread at a time.
private final class WorkerBox: @unchecked Sendable {
    let ingestor: Ingestor
    var error: Error?
    init(_ ingestor: Ingestor) { self.ingestor = ingestor }
}

/// Progress and change callbacks of the workers, passed on one at a time.
private final class Relay: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [IngestReport]
    let onProgress: ((IngestProgress) -> Void)?
    let onChange: ((IngestChange) -> Void)?

    init(workers: Int, onProgress: ((IngestProgress) -> Void)?, onChange: ((IngestChange) -> Void)?) {
        reports = Array(repeating: IngestReport(), count: workers)
        self.onProgress = onProgress
        self.onChange = onChange
    }

    func progress(_ worker: Int, _ progress: IngestProgress) {
        guard let onProgress else { return }
        lock.withLock {
            reports[worker] = progress.report
            var sum = IngestReport()
            for r in reports {
                sum.addCounts(of: r)
                sum.problems += r.problems
            }
            var combined = progress
            combined.report = sum
            // Each worker is at its own place in the input: show the bytes
            // done by all of them instead.
            combined.bytesDone = progress.bytesTotal.map { min(sum.bytesRead, $0) } ?? sum.bytesRead
            onProgress(combined)
        }
    }

    func change(_ change: IngestChange) {
        guard let onChange else { return }
        lock.withLock { onChange(change) }
    }
}

/// `fundus-ingest --jobs N`: a full build split across N threads, each with
/// its own `IndexWriter` (own stemmer and analyzer: no Xapian object is
/// shared between threads) writing a shard without fsync in
/// `PATH.generations/shards-G/`. Xapian's compaction then merges the shards
/// into generation G, which is switched in as `--full` does.
///
/// What the merge does to what a single writer would have left:
/// - Passages: all of them, docids renumbered shard after shard. Term and
///   collection statistics, document lengths and value statistics are sums,
///   so weights are those of a single-threaded build.
/// - User metadata: each shard holds the `D:`/`H:` states of its own
///   documents (disjoint keys); the schema version and the lexicon are
///   written into every shard alike, and compaction keeps the first value of
///   a key several shards hold.
/// - Spelling: compaction adds up the frequencies of each word, so each word
///   ends with the number of documents it occurs in, as with one writer.
/// - An id that occurs in items given to different workers (a JSON Lines id
///   given twice): the last occurrence wins, as with one writer; the other
///   workers delete theirs (passages and state) before the merge. Its words
///   stay counted in the spelling data, as they do with one writer.
extension Ingestor {
    /// The number of workers this run may use: `options.jobs` for a full
    /// build, or an incremental run on a missing or empty index; otherwise 1,
    /// with the reason in `parallelFallback`.
    func parallelJobs(_ inputs: [String]) throws -> Int {
        guard options.jobs > 1 else { return 1 }
        if inputs.contains("-") {
            parallelFallback = "--jobs \(options.jobs) ignored: standard input is read by one job"
            return 1
        }
        if options.full { return options.jobs }
        if try isNew() { return options.jobs }
        parallelFallback = "--jobs \(options.jobs) ignored: an incremental run on an index that has documents uses one job"
        return 1
    }

    /// Whether the index is missing, or has neither documents nor document
    /// states: a first ingest, with nothing in the index to keep.
    func isNew() throws -> Bool {
        switch try store.layout() {
        case .missing: return true
        case .directory, .generation:
            let database = try Database(path: try store.currentDatabase())
            return try database.documentCount == 0
                && database.metadataKeys(withPrefix: DocumentStates.statePrefix).isEmpty
        }
    }

    /// Builds a new generation from `inputs` with `jobs` workers and switches to it.
    func buildInParallel(_ inputs: [String], lexicon: Lexicon, jobs: Int) throws {
        var lexicon = lexicon
        if lexicon.count == 0 { lexicon = try storedLexicon() }
        let previous = (try? KnownProblems.keys(in: try Database(path: store.path))) ?? []
        // A new index appears at PATH only when it is complete, as with one
        // job: a run killed before leaves no index, rather than an empty one.
        try store.makeGenerationsFolder()
        let generation = try store.nextGeneration()
        let shardFolder = store.generationsFolder + "/shards-\(generation)"
        do {
            try FileManager.default.createDirectory(atPath: shardFolder, withIntermediateDirectories: false)
            let shards = (0..<jobs).map { shardFolder + "/shard-\($0)" }
            report = try runWorkers(inputs, lexicon: lexicon, shards: shards)
            try DatabaseMaintenance.compact(shards, into: store.generationPath(generation))
            LeftoverRemoval.remove("shards-\(generation)", in: store.generationsFolder)
            // The shards' problems, remembered in the merged generation as a
            // one-thread build remembers them.
            let merged = try WritableDatabase(path: store.generationPath(generation), mode: .openExisting)
            (report.problems, report.knownProblems) = try KnownProblems.reconcile(report.problems, previous: previous,
                                                                                  in: merged)
            try merged.commit()
            try merged.close()
        } catch {
            store.removeLeftovers()  // the shards and the half-merged generation
            throw error
        }
        guard !report.nothingDone else {
            store.removeLeftovers()
            return
        }
        try store.publish(generation)
    }

    private func runWorkers(_ inputs: [String], lexicon: Lexicon, shards: [String]) throws -> IngestReport {
        let cancelled = CancelFlag()
        let relay = Relay(workers: shards.count, onProgress: onProgress, onChange: onChange)
        let runs = WorkShare.split(inputs, into: shards.count)
        var boxes: [WorkerBox] = []
        // A Xapian writer holds XAPIAN_FLUSH_THRESHOLD documents (10,000 by
        // default) in memory before writing them out, so N shard writers
        // would hold N times what one job does. Each gets a share of 8,000
        // instead, unless the user chose a threshold: the extra threads cost
        // memory of their own (on the whole corpus, two writers of 5,000 each
        // peaked at 298 MiB, of 4,000 each at 258 MiB, in the same time).
        // Xapian reads the variable when a writer opens: set only around
        // these opens, before any thread starts.
        let shareFlush = getenv("XAPIAN_FLUSH_THRESHOLD") == nil
        if shareFlush { setenv("XAPIAN_FLUSH_THRESHOLD", String(max(500, 8_000 / shards.count)), 1) }
        defer { if shareFlush { unsetenv("XAPIAN_FLUSH_THRESHOLD") } }
        for (k, shard) in shards.enumerated() {
            let worker = Ingestor(store: store, lexiconURL: nil, options: options)
            worker.writer = try IndexWriter(path: shard, lexicon: lexicon, options: .noSync, storesLexicon: k == 0)
            worker.indexEverything = true
            let share = WorkShare(items: runs[k], cancelled: cancelled)
            worker.share = share
            worker.onProgress = { relay.progress(k, $0) }
            worker.onChange = { change in
                share.indexed[change.id.hashValue] = (share.item, share.input, share.line)
                relay.change(change)
            }
            boxes.append(WorkerBox(worker))
        }
        let group = DispatchGroup()
        // Xapian gathers a writer's spelling data in memory until the commit
        // merges it into its table, and each shard's holds most of the
        // vocabulary: two such merges at once took a two-job build of the
        // whole corpus from 192 to 320 MiB. One at a time, the other
        // worker's memory meanwhile is only its flush buffer.
        let commits = NSLock()
        for box in boxes {
            group.enter()
            let thread = Thread {
                do {
                    for (i, input) in inputs.enumerated() {
                        box.ingestor.share?.input = i
                        try box.ingestor.ingest(input)
                    }
                    // The last flush of postings and the spelling data, on
                    // this worker's thread: left to close() they ran one
                    // shard after the other on one core.
                    try commits.withLock { try box.ingestor.writer.commit() }
                } catch {
                    box.error = error
                    box.ingestor.share?.cancelled.set()
                }
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        if let error = boxes.lazy.compactMap(\.error).first { throw error }

        var merged = IngestReport()
        merged.withoutLexicon = !boxes[0].ingestor.writer.hasLexicon
        var seen = Set<String>()
        for box in boxes {
            let r = box.ingestor.report
            merged.addCounts(of: r)
            // A problem with a whole input (missing, unreadable) is met by every worker.
            for problem in r.problems where seen.insert(problem.location + "\u{0}" + problem.reason).inserted {
                merged.problems.append(problem)
            }
            for warning in r.warnings where seen.insert(warning.location + "\u{1}" + warning.reason).inserted {
                merged.warnings.append(warning)
            }
            for path in r.unknownFormat where seen.insert(path + "\u{2}").inserted { merged.unknownFormat.append(path) }
        }
        try settleDuplicates(boxes.map { $0.ingestor }, inputs: inputs, report: &merged)
        for box in boxes {
            try box.ingestor.writer.close()
            box.ingestor.writer = nil
        }
        return merged
    }

    /// Ids indexed by more than one worker: keeps the last occurrence, and
    /// counts the later ones as changed, as one writer would have.
    private func settleDuplicates(_ workers: [Ingestor], inputs: [String], report: inout IngestReport) throws {
        typealias Occurrence = (worker: Int, item: Int, input: Int, line: Int)
        var byHash: [Int: [Occurrence]] = [:]
        for (k, worker) in workers.enumerated() {
            for (hash, last) in worker.share!.indexed {
                byHash[hash, default: []].append((k, last.item, last.input, last.line))
            }
        }
        // The ids behind hashes that more than one worker indexed, read back
        // from those workers' document states; equal hashes of different ids
        // part here.
        var occurrences: [String: [Occurrence]] = [:]
        let shared = byHash.filter { $0.value.count > 1 }
        for (k, worker) in workers.enumerated() {
            let hashes = Set(shared.filter { $0.value.contains { $0.worker == k } }.keys)
            for id in try worker.writer.states.ids(hashedIn: hashes) {
                for occurrence in shared[id.hashValue] ?? [] where occurrence.worker == k {
                    occurrences[id, default: []].append(occurrence)
                }
            }
        }
        for (id, list) in occurrences where list.count > 1 {
            let sorted = list.sorted { $0.item < $1.item }
            for loser in sorted.dropLast() {
                let writer = workers[loser.worker].writer!
                if let state = try writer.states.state(of: id), state.kind == .record {
                    try writer.states.removeLine(hash: state.hash)
                }
                try writer.states.remove(id: id)
                try writer.remove(id: id)
            }
            // One writer counts the first occurrence as added, every later one as changed.
            report.added -= list.count - 1
            report.changed += list.count - 1
            // Worded as one writer words it (see `ingestJSONLines`).
            for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.input == next.input {
                report.warnings.append(IngestProblem(location: "\(inputs[next.input]):\(next.line)",
                                                     reason: "duplicate id (also on line \(previous.line)), the last one wins"))
            }
        }
    }

    /// Whether this ingestor handles the next item (always, outside a parallel build).
    func takes() -> Bool { share?.take() ?? true }
}
