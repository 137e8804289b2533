import Foundation
import Xapian

/// Tables lost from a database folder, which Xapian itself does not notice
/// (see `GlassTables`): a searcher would silently answer differently (no
/// phrases without positions), an incremental ingest would fail on every
/// later run (no termlists to remove old postings with).
extension IndexStore {
    /// The tables of `database` that hold entries by its version file but
    /// whose file is gone. Empty for a folder without a glass version file
    /// (Xapian then reports what it makes of it).
    static func missingTables(in database: String) throws -> [GlassTables.Table] {
        guard FileManager.default.fileExists(atPath: database + "/iamglass") else { return [] }
        return try GlassTables.tables(inDatabase: database).filter(\.isMissing)
    }

    /// Throws a one-line `.database` error naming the lost tables, if any.
    func requireIntact(_ database: String) throws {
        let missing: [GlassTables.Table]
        do {
            missing = try Self.missingTables(in: database)
        } catch let error as XapianError {
            throw FundusError.database(error, path: path)
        }
        guard !missing.isEmpty else { return }
        throw FundusError(.database, "index \(path) is damaged: " + Self.describe(missing, in: database)
            + "; rebuild it with fundus-ingest --full")
    }

    static func describe(_ missing: [GlassTables.Table], in database: String) -> String {
        missing.map { "\(database)/\($0.name).glass is missing (it held \($0.entries) entries)" }.joined(separator: ", ")
    }
}
