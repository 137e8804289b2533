import GermanAnalysis
import Xapian

extension Lexicon {
    /// The lexicon an index holds (one metadata key per word), looked up word
    /// by word as compounds need it, so opening an index never loads it whole.
    /// nil when the index holds none. Used by searches, and by an ingest
    /// started without `--lexicon`, so both split compounds as the index did.
    static func stored(in database: some DatabaseReading) throws(XapianError) -> Lexicon? {
        guard try !database.metadata(forKey: Schema.Metadata.lexiconHash).isEmpty else { return nil }
        let box = LookupBox(database)
        return Lexicon { word in
            (try? box.database.metadata(forKey: Schema.Metadata.lexiconWordPrefix + word)) == "1"
        }
    }
}

/// Lets the lookup closure hold the database. A database handle is used from
/// one thread at a time, and so is the analyzer that holds this lexicon.
private final class LookupBox: @unchecked Sendable {
    let database: any DatabaseReading
    init(_ database: any DatabaseReading) { self.database = database }
}
