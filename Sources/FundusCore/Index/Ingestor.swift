import Foundation
import GermanAnalysis
import Xapian

/// How an ingest run treats what the index already holds.
public struct IngestOptions: Sendable {
    /// Rebuild from scratch into a new generation and switch to it at the end.
    public var full = false
    /// Remove the records of a JSON Lines input that were not in it this time.
    public var prune = false
    /// Seconds to wait for Xapian's write lock when another program holds it.
    public var wait: Double = 0
    /// Worker threads for a full build (or a first one into an empty index);
    /// see `buildInParallel`. An incremental run on an index with documents uses one.
    public var jobs = 1
    /// Index only the documents of this shard (`--shard K/N`); the others
    /// are passed over as if the inputs did not hold them.
    public var shard: ShardChoice?

    /// What `fundus-ingest` uses when not told: one worker per core, up to
    /// eight. Beyond eight, each writer's share of Xapian's buffer (see
    /// `runWorkers`) gets so small that flushing costs more than the cores
    /// win, and the per-thread analysers add up against the 300 MB budget.
    public static var defaultJobs: Int { min(8, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    public init(full: Bool = false, prune: Bool = false, wait: Double = 0, jobs: Int = 1, shard: ShardChoice? = nil) {
        self.full = full
        self.prune = prune
        self.wait = wait
        self.jobs = jobs
        self.shard = shard
    }
}

/// Reads inputs (directories, JSON Lines files, "-" for JSON Lines on
/// standard input, single text files) and brings the index in step with them.
///
/// By default a run is incremental: it indexes new and changed documents,
/// removes files deleted from an ingested directory, and leaves the rest
/// alone (see `DocumentStates`), all in one commit. With `full`, and for a
/// first ingest into a new or empty index, it builds a new generation from
/// the inputs alone and switches to it (`IndexStore`).
/// The caller holds the `IndexLock`.
///
/// ```swift
/// let lock = try IndexLock(indexPath: "Index/db")
/// let ingestor = Ingestor(store: IndexStore(path: "Index/db"), lexiconURL: nil)
/// let report = try ingestor.ingest(["Index/samples"])
/// ```
public final class Ingestor {
    public let store: IndexStore
    let lexiconURL: URL?
    let defaultLexicon: URL?
    let options: IngestOptions
    /// Called after each document, e.g. for a progress line.
    public var onProgress: ((IngestProgress) -> Void)?
    /// Called for each document added, changed or removed.
    public var onChange: ((IngestChange) -> Void)?

    var writer: IndexWriter!
    var report = IngestReport()
    /// Index every document read, changed or not: a full rebuild, or a run
    /// with a new lexicon (the old passages were split with the old one).
    var indexEverything = false
    /// In a parallel build: which items this worker takes.
    var share: WorkShare?
    /// Why a run asked for several jobs used one, if it did.
    public internal(set) var parallelFallback: String?

    /// `lexiconURL` is the lexicon the user named (always used);
    /// `defaultLexicon` the one found in the usual places
    /// (`LexiconLocation`), used only for an index that holds none yet, so
    /// an index keeps the lexicon it was built with until the user names
    /// another.
    public init(store: IndexStore, lexiconURL: URL?, defaultLexicon: URL? = nil, options: IngestOptions = IngestOptions()) {
        self.store = store
        self.lexiconURL = lexiconURL
        self.defaultLexicon = defaultLexicon
        self.options = options
    }

    /// Indexes every input, then commits once. A bad input is reported and
    /// skipped; an error of the index itself throws and leaves the index as
    /// it was before the run.
    public func ingest(_ inputs: [String]) throws -> IngestReport {
        report = IngestReport()
        let lexicon = try loadLexicon()
        var new = false
        do {
            // Before anything else, for every kind of run: a switch a crash
            // interrupted leaves no index at PATH, which must not pass for a
            // new index below; half-built generations go.
            store.removeLeftovers()
            let jobs = try parallelJobs(inputs)
            new = try isNew()
            if jobs > 1 {
                try buildInParallel(inputs, lexicon: lexicon, jobs: jobs)
            } else if options.full {
                try rebuild(inputs, lexicon: lexicon)
            } else if new {
                // A first ingest has nothing to keep, so it need not be one
                // transaction: built as a generation, Xapian commits as it
                // goes and memory stays bounded however large the input (one
                // transaction over ten copies of the corpus peaked at 670 MB).
                try rebuild(inputs, lexicon: lexicon)
            } else {
                try update(inputs, lexicon: lexicon)
            }
        } catch let error as XapianError {
            throw FundusError.database(error, path: store.path)
        }
        report.newWithoutLexicon = report.withoutLexicon && (new || options.full)
        return report
    }

    /// Incremental: one transaction on the current database, or, when the
    /// update outgrows `transactionBudget`, a copy of it (see `updateInCopy`).
    private func update(_ inputs: [String], lexicon: Lexicon) throws {
        try store.createIfMissing { path in
            try IndexWriter(path: path).close()  // empty, with the schema version
        }
        // Xapian would open a database that lost a table and write into it;
        // refuse before anything is written.
        let database = try store.currentDatabase()
        try store.requireIntact(database)
        // Changes are told once they are committed, so that a transaction
        // given up for a copy does not tell them twice.
        let tell = onChange
        var told: [IngestChange] = []
        if tell != nil { onChange = { told.append($0) } }
        defer { onChange = tell }
        do {
            // Dropped on an error without close(): Xapian then cancels the
            // transaction, and the index stays as it was.
            defer { writer = nil }
            writer = try openWriter(database, lexicon: lexicon, oneCommit: true)
            indexEverything = writer.lexiconChanged
            report.withoutLexicon = !writer.hasLexicon
            let previous = try KnownProblems.keys(in: writer.database)
            transactionBudget = Self.transactionBudget
            defer { transactionBudget = nil }
            for input in inputs { try ingest(input) }
            try rememberProblems(previous: previous)
            try writer.close()
        } catch is TransactionFull {
            onChange = tell
            report = IngestReport()
            try updateInCopy(inputs, lexicon: lexicon, from: database)
            return
        }
        for change in told { tell?(change) }
    }

    /// Passages (a removed document counts as 4) an incremental run writes
    /// in its one transaction before it moves to a copy. Xapian keeps a
    /// transaction's changes in memory: on the whole corpus, 111,000
    /// passages replaced in one transaction peaked at 133 MiB, 222,000
    /// written (half of them replacing) at 244 MiB.
    /// `FUNDUS_TRANSACTION_PASSAGES` sets another budget (0: always copy).
    static var transactionBudget: Int {
        guard let text = getenv("FUNDUS_TRANSACTION_PASSAGES"), let n = Int(String(cString: text)), n >= 0 else {
            return 100_000
        }
        return n
    }

    struct TransactionFull: Error {}

    /// The budget of the running transaction, if there is one.
    var transactionBudget: Int?

    /// Throws `TransactionFull` once the transaction has written its budget.
    func checkTransactionBudget() throws {
        if let budget = transactionBudget, report.passages + 4 * report.removed >= max(budget, 1) { throw TransactionFull() }
    }

    /// A large update: the current generation is copied (compacted) into a
    /// new one, the update goes into the copy with Xapian committing as it
    /// goes, so memory stays bounded, and the copy is switched in when it is
    /// complete. Searches and a killed run see the index as it was, as with
    /// one transaction; the price is the copy (about a second per 100 MB)
    /// and the passages the given-up transaction had written.
    private func updateInCopy(_ inputs: [String], lexicon: Lexicon, from database: String) throws {
        try store.makeGenerationsFolder()
        let generation = try store.nextGeneration()
        let path = store.generationPath(generation)
        do {
            try DatabaseMaintenance.compact([database], into: path)
            writer = try openWriter(path, lexicon: lexicon, oneCommit: false)
            indexEverything = writer.lexiconChanged
            report.withoutLexicon = !writer.hasLexicon
            let previous = try KnownProblems.keys(in: writer.database)
            for input in inputs { try ingest(input) }
            try rememberProblems(previous: previous)
            try writer.close()
            writer = nil
        } catch {
            writer = nil
            store.removeLeftovers()
            throw error
        }
        try store.publish(generation)
    }

    /// Sorts this run's problems into new and known, and stores them with
    /// the run's commit (see `KnownProblems`).
    private func rememberProblems(previous: Set<String>) throws {
        (report.problems, report.knownProblems) = try KnownProblems.reconcile(report.problems, previous: previous,
                                                                              in: writer.database)
    }

    /// Full: a new generation, switched in only when it is complete.
    private func rebuild(_ inputs: [String], lexicon: Lexicon) throws {
        var lexicon = lexicon
        if lexicon.count == 0 { lexicon = try storedLexicon() }
        // A rebuild knows what the index it replaces had reported.
        let previous = (try? KnownProblems.keys(in: try Database(path: store.path))) ?? []
        try store.makeGenerationsFolder()
        let generation = try store.nextGeneration()
        let path = store.generationPath(generation)
        // Nobody reads this generation until the switch, so Xapian may commit
        // as it goes; a crash leaves a folder that the next run deletes.
        do {
            writer = try openWriter(path, lexicon: lexicon, oneCommit: false)
            indexEverything = true
            report.withoutLexicon = !writer.hasLexicon
            for input in inputs { try ingest(input) }
            try rememberProblems(previous: previous)
            try writer.close()
            writer = nil
        } catch {
            writer = nil  // releases the half-built generation, which goes next
            store.removeLeftovers()
            throw error
        }
        guard !report.nothingDone else {
            // Every input failed: keep the index that works.
            store.removeLeftovers()
            return
        }
        try store.publish(try compacted(generation))
    }

    /// A build that Xapian committed as it went leaves its B-trees about half
    /// full; a compacted copy is half the size and reads faster, for about a
    /// second per 100 MB. The copy (metadata, spelling data and all) takes
    /// the generation's place before anyone reads it; a crash in between
    /// leaves only leftovers, and the index as it was. (A `--jobs` build is
    /// compacted already: merging its shards is a compaction.)
    private func compacted(_ generation: Int) throws -> Int {
        let built = store.generationPath(generation)
        let copy = built + ".compact"
        do {
            try DatabaseMaintenance.compact([built], into: copy)
            guard LeftoverRemoval.remove("gen-\(generation)", in: store.generationsFolder) else {
                throw FundusError(.database, "cannot replace \(built) by its compacted copy")
            }
            try FileManager.default.moveItem(atPath: copy, toPath: built)
        } catch {
            store.removeLeftovers()
            throw error
        }
        return generation
    }

    /// Whether the index at PATH holds a lexicon (false when there is no
    /// index, or it cannot be opened: the run reports that on its own).
    private func storedLexiconExists() -> Bool {
        guard (try? store.layout()) != .missing, let database = try? Database(path: store.path) else { return false }
        return ((try? database.metadata(forKey: Schema.Metadata.lexiconHash)) ?? "").isEmpty == false
    }

    /// The lexicon the current index holds: a rebuild without `--lexicon`
    /// must not lose the compound splitting the index had.
    func storedLexicon() throws -> Lexicon {
        guard try store.layout() != .missing else { return .empty }
        return try Lexicon.loaded(from: try Database(path: try store.currentDatabase())) ?? .empty
    }

    private func loadLexicon() throws -> Lexicon {
        var chosen = lexiconURL
        if chosen == nil, let found = defaultLexicon, !storedLexiconExists() { chosen = found }
        guard let url = chosen else { return .empty }
        do {
            return try Lexicon(contentsOf: url)
        } catch {
            throw FundusError(.usage, "cannot read lexicon \(url.path): \(TextFileReader.describe(error))")
        }
    }

    /// Opens the writer; with `options.wait`, retries while another program
    /// holds Xapian's lock (another fundus-ingest is kept out by `IndexLock`).
    private func openWriter(_ path: String, lexicon: Lexicon, oneCommit: Bool) throws -> IndexWriter {
        let deadline = Date().addingTimeInterval(options.wait)
        while true {
            do {
                return try IndexWriter(path: path, lexicon: lexicon, oneCommit: oneCommit)
            } catch let error as XapianError where error.code == .databaseLocked && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }
}
