import CXapian

/// The one error type of the Xapian wrapper: what went wrong (`code`) and
/// Xapian's explanation (`message`).
///
/// ```swift
/// do {
///     let db = try WritableDatabase(path: "/tmp/idx")
/// } catch let error as XapianError where error.code == .databaseLocked {
///     print("another writer is running: \(error.message)")
/// }
/// ```
public struct XapianError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: UInt32, Sendable {
        case databaseNotFound = 1
        case databaseOpening
        case databaseLocked
        case databaseModified
        case databaseCorrupt
        case database
        case queryParser
        case invalidArgument
        case invalidOperation
        case documentNotFound
        case range
        case network
        case xapian
        case outOfMemory
        case cppException
        case unknownException
        case nullArgument
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The shim's short name for the code, e.g. "database is locked".
    public var summary: String {
        String(cString: cx_status_to_string(cx_status_t(rawValue: code.rawValue)))
    }

    public var description: String { message.isEmpty ? summary : "\(summary): \(message)" }
}

/// Turns a shim status into a thrown error carrying the shim's message.
@inline(__always)
func check(_ status: cx_status_t) throws(XapianError) {
    guard status != CX_OK else { return }
    let code = XapianError.Code(rawValue: status.rawValue) ?? .unknownException
    throw XapianError(code: code, message: String(cString: cx_last_error()))
}

/// Reads a malloc'd buffer handed out by the shim, then frees it.
func takeString(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, UnsafeMutablePointer<Int>) -> cx_status_t)
    throws(XapianError) -> String
{
    var buffer: UnsafeMutablePointer<CChar>? = nil
    var length = 0
    try check(body(&buffer, &length))
    defer { cx_free(buffer) }
    guard let buffer else { return "" }
    return buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
}

/// Reads a shim list (entries separated by NUL bytes), then frees it.
func takeList(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, UnsafeMutablePointer<Int>, UnsafeMutablePointer<Int>) -> cx_status_t)
    throws(XapianError) -> [String]
{
    var buffer: UnsafeMutablePointer<CChar>? = nil
    var length = 0
    var count = 0
    try check(body(&buffer, &length, &count))
    defer { cx_free(buffer) }
    guard let buffer, count > 0 else { return [] }
    return buffer.withMemoryRebound(to: UInt8.self, capacity: length) { base in
        UnsafeBufferPointer(start: base, count: length)
            .split(separator: 0, omittingEmptySubsequences: false)
            .prefix(count)
            .map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Calls `body` with the string's UTF-8 bytes and their count, without a copy
/// when the string is already contiguous.
@inline(__always)
func withBytes<R>(_ string: String, _ body: (UnsafePointer<CChar>, Int) throws(XapianError) -> R) throws(XapianError) -> R {
    var s = string
    let result: Result<R, XapianError> = s.withUTF8 { utf8 in
        do throws(XapianError) {
            if let base = utf8.baseAddress {
                return .success(try body(UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), utf8.count))
            }
            // An empty string may have no storage; any valid pointer will do.
            var zero: CChar = 0
            return .success(try withUnsafePointer(to: &zero) { (p) throws(XapianError) -> R in try body(p, 0) })
        } catch {
            return .failure(error)
        }
    }
    return try result.get()
}

/// The version of libxapian the shim is linked against, e.g. "1.4.22".
public var xapianVersion: String { String(cString: cx_xapian_version()) }
