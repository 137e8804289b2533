/// Exit codes shared by both commands (documented in README.md).
public enum FundusExit {
    /// Search: something matched. Ingest: everything was indexed.
    public static let success: Int32 = 0
    /// Search: nothing matched. Ingest: some inputs were skipped (listed on stderr).
    public static let partial: Int32 = 1
    /// Bad usage, a bad query, a missing or broken index, nothing could be done.
    public static let error: Int32 = 2
    /// Ingest: another ingest holds the index's lock (EX_TEMPFAIL).
    public static let locked: Int32 = 75

    public static func code(for error: FundusError) -> Int32 {
        error.code == .locked ? locked : self.error
    }
}
