/// What one ingest run did, document by document.
public struct IngestReport: Sendable {
    /// Documents the index did not have.
    public var added = 0
    /// Documents whose content changed and were indexed again.
    public var changed = 0
    /// Documents removed: files deleted from an ingested directory, records
    /// `--prune`d.
    public var removed = 0
    /// Documents left alone because they did not change.
    public var unchanged = 0
    /// Passages written (of added and changed documents).
    public var passages = 0
    /// Bytes read from files and JSON Lines inputs.
    public var bytesRead: Int64 = 0
    /// Inputs, files and lines that were skipped, and why: those not
    /// reported by an earlier run (see `KnownProblems`).
    public var problems: [IngestProblem] = []
    /// Skipped as in the last run, for the same reason, their files unchanged.
    public var knownProblems: [IngestProblem] = []
    /// Inputs indexed with a caveat, and what it was (a file read as
    /// Windows-1252, a JSON Lines id given twice): printed, not counted as failed.
    public var warnings: [IngestProblem] = []
    /// Files in ingested folders that no format reads: not indexed, listed by `--verbose`.
    public var unknownFormat: [String] = []
    /// True when compounds were not split: no lexicon given, and the index holds none.
    public var withoutLexicon = false
    /// True when this run made a new index (a first ingest, `--full`)
    /// without a lexicon: a degraded index, said on stderr in every case.
    public var newWithoutLexicon = false

    public init() {}

    public var failed: Int { problems.count + knownProblems.count }

    /// Adds another report's counts (not its problems or warnings).
    mutating func addCounts(of other: IngestReport) {
        added += other.added
        changed += other.changed
        removed += other.removed
        unchanged += other.unchanged
        passages += other.passages
        bytesRead += other.bytesRead
    }

    /// Documents read without a problem, whether or not they changed.
    public var documents: Int { added + changed + unchanged }

    /// Whether the run did anything at all, or only failed.
    public var nothingDone: Bool { documents == 0 && removed == 0 && failed > 0 }
}

/// Where a run stands, for a progress line.
public struct IngestProgress: Sendable {
    public var report: IngestReport
    /// The input being read, as given.
    public var input: String
    /// How far into that input, in bytes of files or lines (unchanged ones included).
    public var bytesDone: Int64
    /// The input's size, when known (a directory after its scan, a file; not standard input).
    public var bytesTotal: Int64?
}

/// One document that the run added, changed or removed (for `--verbose`).
public struct IngestChange: Sendable, Equatable {
    public enum Kind: String, Sendable { case added, changed, removed }
    public var kind: Kind
    public var id: String
}
