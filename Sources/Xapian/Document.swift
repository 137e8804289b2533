import CXapian

/// One Xapian document: terms (with or without positions), values and data.
///
/// ```swift
/// let doc = try Document()
/// try doc.addPosting("rakete", position: 1)
/// try doc.setData("{\"id\":\"a\"}")
/// ```
public final class Document {
    let handle: OpaquePointer

    public init() throws(XapianError) {
        var out: OpaquePointer? = nil
        try check(cx_document_new(&out))
        handle = out!
    }

    init(owning handle: OpaquePointer) { self.handle = handle }

    deinit { cx_document_free(handle) }

    public func addPosting(_ term: String, position: UInt32, wdfIncrement: UInt32 = 1) throws(XapianError) {
        try withBytes(term) { (p, n) throws(XapianError) in
            try check(cx_document_add_posting(handle, p, n, position, wdfIncrement))
        }
    }

    /// Adds many postings in one call to the shim (see `PostingBuffer`).
    public func addPostings(_ buffer: PostingBuffer) throws(XapianError) {
        guard buffer.count > 0 else { return }
        let status = buffer.bytes.withUnsafeBufferPointer { bytes in
            buffer.lengths.withUnsafeBufferPointer { lengths in
                buffer.positions.withUnsafeBufferPointer { positions in
                    bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        cx_document_add_postings(handle, $0, lengths.baseAddress, positions.baseAddress, buffer.count)
                    }
                }
            }
        }
        try check(status)
    }

    public func addTerm(_ term: String, wdfIncrement: UInt32 = 1) throws(XapianError) {
        try withBytes(term) { (p, n) throws(XapianError) in try check(cx_document_add_term(handle, p, n, wdfIncrement)) }
    }

    /// A term that filters but does not weigh (wdf 0).
    public func addBooleanTerm(_ term: String) throws(XapianError) {
        try withBytes(term) { (p, n) throws(XapianError) in try check(cx_document_add_boolean_term(handle, p, n)) }
    }

    public func setData(_ data: String) throws(XapianError) {
        try withBytes(data) { (p, n) throws(XapianError) in try check(cx_document_set_data(handle, p, n)) }
    }

    public func data() throws(XapianError) -> String {
        try takeString { cx_document_get_data(handle, $0, $1) }
    }

    public func setValue(_ value: String, slot: UInt32) throws(XapianError) {
        try withBytes(value) { (p, n) throws(XapianError) in try check(cx_document_add_value(handle, slot, p, n)) }
    }

    public func value(slot: UInt32) throws(XapianError) -> String {
        try takeString { cx_document_get_value(handle, slot, $0, $1) }
    }

    /// All terms, sorted.
    public func terms() throws(XapianError) -> [String] {
        try takeList { cx_document_terms(handle, $0, $1, $2) }
    }
}

/// Terms and positions collected for one document, handed to Xapian at once.
/// Reuse one buffer across documents (`removeAll()`) to avoid reallocating.
public struct PostingBuffer {
    var bytes: [UInt8] = []
    var lengths: [UInt32] = []
    var positions: [UInt32] = []

    public init() {}

    public var count: Int { lengths.count }

    /// `position` 0 adds the term without a position.
    public mutating func add(_ term: String, position: UInt32) {
        let before = bytes.count
        bytes.append(contentsOf: term.utf8)
        lengths.append(UInt32(bytes.count - before))
        positions.append(position)
    }

    /// `prefix` followed by `term`, without building the joined string.
    public mutating func add(prefix: String, _ term: String, position: UInt32) {
        let before = bytes.count
        bytes.append(contentsOf: prefix.utf8)
        bytes.append(contentsOf: term.utf8)
        lengths.append(UInt32(bytes.count - before))
        positions.append(position)
    }

    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
    }
}
