import CXapian

/// An immutable Xapian query tree, built bottom-up.
///
/// ```swift
/// let q = try Query.combine(.or, [try Query(term: "Zraket"), try Query(term: "rakete").scaled(by: 1.5)])
/// ```
public final class Query: CustomStringConvertible {
    public enum Operator: UInt32, Sendable {
        case and = 0, or = 1, andNot = 2, xor = 3, andMaybe = 4, filter = 5, near = 6, phrase = 7
        case eliteSet = 10, synonym = 13, max = 14
    }

    let handle: OpaquePointer

    init(owning handle: OpaquePointer) { self.handle = handle }

    deinit { cx_query_free(handle) }

    /// A single term. `wqf` counts repeats in the query; `position` orders
    /// terms for phrase matching (0 = none).
    public convenience init(term: String, wqf: UInt32 = 1, position: UInt32 = 0) throws(XapianError) {
        var out: OpaquePointer? = nil
        try withBytes(term) { (p, n) throws(XapianError) in try check(cx_query_term(p, n, wqf, position, &out)) }
        self.init(owning: out!)
    }

    /// Combines subqueries; `window` applies to `.near` and `.phrase`
    /// (0 = the number of subqueries) and is the set size for `.eliteSet`.
    public static func combine(_ op: Operator, _ subqueries: [Query], window: UInt32 = 0) throws(XapianError) -> Query {
        var out: OpaquePointer? = nil
        let handles: [OpaquePointer?] = subqueries.map { $0.handle }
        let status = handles.withUnsafeBufferPointer {
            cx_query_combine(cx_query_op_t(rawValue: op.rawValue), $0.baseAddress, $0.count, window, &out)
        }
        try check(status)
        return withExtendedLifetime(subqueries) { Query(owning: out!) }
    }

    public func scaled(by factor: Double) throws(XapianError) -> Query {
        var out: OpaquePointer? = nil
        try check(cx_query_scale(handle, factor, &out))
        return Query(owning: out!)
    }

    /// Every indexed term starting with `prefix` (the most frequent `maxExpansion`).
    public static func wildcard(_ prefix: String, maxExpansion: UInt32 = 0) throws(XapianError) -> Query {
        var out: OpaquePointer? = nil
        try withBytes(prefix) { (p, n) throws(XapianError) in try check(cx_query_wildcard(p, n, maxExpansion, &out)) }
        return Query(owning: out!)
    }

    /// Documents whose value in `slot` lies in `lower...upper` (nil = open).
    public static func valueRange(slot: UInt32, from lower: String?, to upper: String?) throws(XapianError) -> Query {
        var out: OpaquePointer? = nil
        try check(cx_query_value_range(slot, lower, upper, &out))
        return Query(owning: out!)
    }

    /// The documents whose value in `slot` equals that of some document of
    /// `database` matching `query`: with a slot that names each passage's
    /// document, every passage of the documents that have a matching one.
    public static func sameValue(in slot: UInt32, as query: Query, database: some DatabaseReading) throws(XapianError)
        -> Query
    {
        var out: OpaquePointer? = nil
        try check(cx_query_same_value_as(database.rawHandle, query.handle, slot, &out))
        return Query(owning: out!)
    }

    public static func matchAll() throws(XapianError) -> Query {
        var out: OpaquePointer? = nil
        try check(cx_query_match_all(&out))
        return Query(owning: out!)
    }

    public static func matchNothing() throws(XapianError) -> Query {
        var out: OpaquePointer? = nil
        try check(cx_query_match_nothing(&out))
        return Query(owning: out!)
    }

    /// Xapian's own QueryParser (for baselines and comparisons).
    /// Throws `.queryParser` for text it rejects.
    public static func parse(_ text: String, database: (any DatabaseReading)? = nil, stemLanguage: String? = nil,
                             stemAllZ: Bool = false) throws(XapianError) -> Query {
        var out: OpaquePointer? = nil
        try check(cx_query_parse(database?.rawHandle, text, stemLanguage, stemAllZ ? Int32(CX_PARSE_STEM_ALL_Z) : 0, &out))
        return Query(owning: out!)
    }

    public var isEmpty: Bool { cx_query_is_empty(handle) != 0 }

    public var description: String {
        (try? takeString { cx_query_describe(handle, $0, $1) }) ?? "Query(?)"
    }
}
