import Xapian

/// Indexes of schema 1 and 2 named an id over 180 bytes by its head, `#` and
/// a 64-bit FNV-1a hash: terms that a crafted short id (or another long id)
/// can share. Schema 3 names them by SHA-256 (`Schema.termSafe`), so such an
/// index cannot be updated in place: its long ids would be looked up under
/// terms it does not hold, and their old passages never replaced.
enum LegacyIds {
    /// The first id of `database` named the old way, if any. Reads every
    /// document term once: done only by the first ingest into an index
    /// older than schema 3.
    static func first(in database: WritableDatabase) throws -> String? {
        let prefix = Schema.Prefix.document
        for term in try database.terms(withPrefix: prefix) {
            let body = term.utf8.dropFirst(prefix.utf8.count)
            // head (156 to 160 bytes) + "#" + 16 hex digits
            guard (150...177).contains(body.count), body.dropLast(16).last == UInt8(ascii: "#"),
                  let docid = try database.firstDocumentID(withTerm: term)
            else { continue }
            let id = try database.document(id: docid).value(slot: Schema.Slot.document)
            let utf8 = Array(id.utf8)
            guard utf8.count > Schema.maxIdBytesInTerm else { continue }
            if Array(body) == Array(Schema.head(utf8)) + Array("#".utf8) + Array(Schema.fnv1a64Hex(utf8).utf8) { return id }
        }
        return nil
    }
}
