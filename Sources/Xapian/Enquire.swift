import CXapian

/// One ranked match.
public struct Match: Sendable, Equatable {
    public var documentID: UInt32
    public var weight: Double
    /// How many further matches with the same collapse key were folded into this one.
    public var collapseCount: UInt32
}

/// Runs queries against a database.
///
/// ```swift
/// let enquire = try Enquire(database: db)
/// try enquire.setQuery(query)
/// let results = try enquire.matches(first: 0, count: 10)
/// for m in results.matches { print(m.documentID, m.weight) }
/// ```
public final class Enquire {
    let handle: OpaquePointer
    private let database: any DatabaseReading  // kept alive while the enquire uses it

    public init(database: any DatabaseReading) throws(XapianError) {
        var out: OpaquePointer? = nil
        try check(cx_enquire_new(database.rawHandle, &out))
        handle = out!
        self.database = database
    }

    deinit { cx_enquire_free(handle) }

    public func setQuery(_ query: Query) throws(XapianError) { try check(cx_enquire_set_query(handle, query.handle)) }

    public func setBM25(k1: Double = 1, k2: Double = 0, k3: Double = 1, b: Double = 0.5, minNormalizedLength: Double = 0.5)
        throws(XapianError)
    {
        try check(cx_enquire_set_bm25(handle, k1, k2, k3, b, minNormalizedLength))
    }

    /// Keep at most `max` matches per distinct value in `slot`; nil turns collapsing off.
    public func setCollapseKey(slot: UInt32?, max: UInt32 = 1) throws(XapianError) {
        try check(cx_enquire_set_collapse_key(handle, slot ?? 0, slot == nil ? 0 : max))
    }

    public func sortByValue(slot: UInt32, descending: Bool) throws(XapianError) {
        try check(cx_enquire_set_sort_by_value(handle, slot, descending ? 1 : 0))
    }

    public func matches(first: UInt32, count: UInt32, checkAtLeast: UInt32 = 0) throws(XapianError) -> MatchSet {
        var out: OpaquePointer? = nil
        try check(cx_enquire_get_mset(handle, first, count, checkAtLeast, &out))
        return try MatchSet(owning: out!)
    }

    /// From now on, notes the id and weight of every document the matcher
    /// weighs at or above its running threshold, before collapsing (one
    /// local database only), for `spiedValues`.
    public func spyWeights() throws(XapianError) { try check(cx_enquire_spy_weights(handle)) }

    /// The value in `slot` of each noted document that weighs more than `above`.
    public func spiedValues(above: Double, slot: UInt32) throws(XapianError) -> [String] {
        try takeList { cx_enquire_spied_values(handle, above, slot, $0, $1, $2) }
    }

    /// The query's terms that occur in the document.
    public func matchingTerms(documentID: UInt32) throws(XapianError) -> [String] {
        try takeList { cx_enquire_matching_terms(handle, documentID, $0, $1, $2) }
    }
}

/// The matches of one `Enquire.matches` call, with their documents.
public final class MatchSet {
    let handle: OpaquePointer
    public let matches: [Match]
    public let estimatedTotal: UInt32
    /// At least this many documents match (exact when the enquire checked them all).
    public let lowerBound: UInt32

    init(owning handle: OpaquePointer) throws(XapianError) {
        self.handle = handle
        var list: [Match] = []
        let n = cx_mset_size(handle)
        list.reserveCapacity(Int(n))
        var hit = cx_hit_t()
        for i in 0..<n {
            let status = cx_mset_hit(handle, i, &hit)
            if status != CX_OK { cx_mset_free(handle); try check(status) }
            list.append(Match(documentID: hit.docid, weight: hit.weight, collapseCount: hit.collapse_count))
        }
        var estimated: UInt32 = 0, lower: UInt32 = 0
        _ = cx_mset_estimates(handle, &lower, &estimated, nil)
        matches = list
        estimatedTotal = estimated
        lowerBound = lower
    }

    deinit { cx_mset_free(handle) }

    /// Fetches every hit's document in one go (see `cx_mset_fetch`):
    /// worth it when the database is remote and most documents will be read.
    public func fetchDocuments() throws(XapianError) { try check(cx_mset_fetch(handle)) }

    /// The match's collapse key (its value in the collapse slot), read
    /// without fetching its document; empty when the enquire did not collapse.
    public func collapseKey(at index: Int) throws(XapianError) -> String {
        try takeString { cx_mset_collapse_key(handle, UInt32(index), $0, $1) }
    }

    public func document(at index: Int) throws(XapianError) -> Document {
        var out: OpaquePointer? = nil
        try check(cx_mset_document(handle, UInt32(index), &out))
        return Document(owning: out!)
    }
}

/// Lets tests see how each kind of C++ exception arrives in Swift.
public func injectShimException(_ kind: String) throws(XapianError) {
    try check(cx_debug_throw(kind))
}
