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

    /// How many passages of each document in `ids` match `query` and weigh
    /// more than `above`, under the weighting `configure` sets (the main
    /// match's), for a search over shards. (One index notes them in its main
    /// match as it goes, `Enquire.spyWeights`; a remote shard's matcher
    /// reports to no one, and over local shards Xapian 1.4's matcher passed
    /// over some passages above the final threshold before they reached the
    /// spy, 2.13 against 1.52 in one test query.) One match for the best
    /// passages, collapsing nothing, asked for more of them until the last
    /// one weighs no more than `above`. Neither of the cheaper forms agrees with the main match:
    /// given a weight cutoff from the start, Xapian 1.4 left out passages
    /// above it (19 of 53 in one query), and filtered to the candidates'
    /// document terms, passages matching a phrase or NEAR part of the query
    /// weighed more than in the unfiltered match.
    static func passageCounts(matching query: Query, ids: [String], above: Double, in database: Database,
                              configure: (Enquire) throws(XapianError) -> Void) throws(XapianError) -> [String: Int]
    {
        guard !ids.isEmpty else { return [:] }
        let enquire = try Enquire(database: database)
        try enquire.setQuery(query)
        try configure(enquire)
        // Collapsing nothing away, for the keys the match set then carries.
        try enquire.setCollapseKey(slot: Schema.Slot.document, max: UInt32.max)
        let wanted = Set(ids)
        var want = UInt32(clamping: ids.count * 4)
        while true {
            let matches = try enquire.matches(first: 0, count: want)
            let complete = matches.matches.count < Int(want) || (matches.matches.last?.weight ?? 0) <= above
            if complete || want >= UInt32.max / 4 {
                var counts: [String: Int] = [:]
                for (i, match) in matches.matches.enumerated() where match.weight > above {
                    let id = try matches.collapseKey(at: i)
                    if wanted.contains(id) { counts[id, default: 0] += 1 }
                }
                return counts
            }
            want *= 4
        }
    }
}
