import Xapian

/// Whole-document conditions (`-Wort`, `A AND B`) in a form every backend
/// can run.
///
/// Locally, `Query.sameValue` matches every passage of the documents that
/// have a passage matching a query with a posting source of the shim's own,
/// which walks the document slot once. `xapian-tcpsrv` cannot unserialise a
/// posting source it does not know, so a search with a remote shard asks
/// for the same set as the OR of the documents' own boolean terms (`I` +
/// id), which any Xapian server can run.
enum WholeDocuments {
    /// Every passage of the documents with a passage matching `query`, as a
    /// weightless OR of their document terms.
    static func byTerms(matching query: Query, in database: Database) throws(XapianError) -> Query {
        let enquire = try Enquire(database: database)
        try enquire.setQuery(query)
        // One hit per document: its collapse key is the document's id, which
        // the match set carries, so no document is fetched.
        try enquire.setCollapseKey(slot: Schema.Slot.document)
        let matches = try enquire.matches(first: 0, count: try database.documentCount)
        var terms: [Query] = []
        terms.reserveCapacity(matches.matches.count)
        for i in matches.matches.indices {
            terms.append(try Query(term: Schema.documentTerm(try matches.collapseKey(at: i))))
        }
        guard !terms.isEmpty else { return try Query.matchNothing() }
        return try Query.combine(.or, terms).scaled(by: 0)
    }

    /// How many passages of each document in `ids` match `query`, exactly:
    /// one match over the candidates' passages, collapsing nothing but
    /// noting each hit's key. For searches over shards, where Xapian's
    /// collapse counts are lost or order-dependent (see
    /// `IndexReader.countsPassagesItself`).
    static func passageCounts(matching query: Query, ids: [String], in database: Database) throws(XapianError)
        -> [String: Int]
    {
        guard !ids.isEmpty else { return [:] }
        let candidates = try Query.combine(.or, ids.map { id throws(XapianError) in try Query(term: Schema.documentTerm(id)) })
        let enquire = try Enquire(database: database)
        try enquire.setQuery(try Query.combine(.filter, [query, candidates]))
        try enquire.setCollapseKey(slot: Schema.Slot.document, max: UInt32.max)
        let matches = try enquire.matches(first: 0, count: try database.documentCount)
        var counts: [String: Int] = [:]
        for i in matches.matches.indices { counts[try matches.collapseKey(at: i), default: 0] += 1 }
        return counts
    }
}
