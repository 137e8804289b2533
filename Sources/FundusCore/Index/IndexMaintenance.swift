import Foundation
import Xapian

/// `fundus-ingest --compact` and `--check`. The caller holds the `IndexLock`.
public enum IndexMaintenance {
    public struct Compaction: Sendable {
        public var bytesBefore: Int64
        public var bytesAfter: Int64
        public var generation: Int
    }

    /// Compacts the current database into a new generation and switches to
    /// it atomically (see `IndexStore`). Searches keep working throughout.
    public static func compact(_ store: IndexStore) throws -> Compaction {
        let source = try existingDatabase(store)
        // Compaction copies what Xapian reads, and Xapian reads a lost table
        // as an empty one: the copy would pass for whole.
        try store.requireIntact(source)
        store.removeLeftovers()
        try store.makeGenerationsFolder()
        let generation = try store.nextGeneration()
        let destination = store.generationPath(generation)
        do {
            try DatabaseMaintenance.compact([source], into: destination)
        } catch {
            store.removeLeftovers()
            throw FundusError.database(error, path: store.path)
        }
        let before = folderBytes(source)
        try store.publish(generation)
        return Compaction(bytesBefore: before, bytesAfter: folderBytes(destination), generation: generation)
    }

    public struct Check: Sendable {
        /// The database that was checked (the current generation).
        public var database: String
        public var errors: Int
        /// Xapian's report, table by table.
        public var report: String
    }

    /// Runs Xapian's consistency check on the current database (which
    /// includes looking for lost tables, see `DatabaseMaintenance.verify`).
    public static func check(_ store: IndexStore) throws -> Check {
        let database = try existingDatabase(store)
        do {
            let (errors, report) = try DatabaseMaintenance.verify(path: database)
            return Check(database: database, errors: errors, report: report)
        } catch {
            // A database too broken to check is a check that failed.
            return Check(database: database, errors: 1, report: error.description)
        }
    }

    private static func existingDatabase(_ store: IndexStore) throws -> String {
        guard try store.layout() != .missing else {
            throw IndexStore.noIndex(store.path)
        }
        return try store.currentDatabase()
    }

    /// The bytes of the files in a database folder.
    static func folderBytes(_ path: String) -> Int64 {
        var total: Int64 = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            var info = stat()
            if stat(path + "/" + name, &info) == 0 { total += Int64(info.st_size) }
        }
        return total
    }
}
