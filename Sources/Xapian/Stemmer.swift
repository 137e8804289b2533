import CXapian
import Foundation

/// A Snowball stemmer, e.g. `german2`.
///
/// ```swift
/// let stemmer = try Stemmer(language: "german2")
/// stemmer.stem("raketen")   // "raket"
/// ```
///
/// Xapian's stemmers keep state between calls, so one instance is guarded by
/// a lock; threads that stem a lot should each make their own.
public final class Stemmer: @unchecked Sendable {
    private let handle: OpaquePointer
    private let lock = NSLock()
    private var buffer = [CChar](repeating: 0, count: 256)
    public let language: String

    /// Throws `XapianError` with code `.invalidArgument` for an unknown language.
    public init(language: String) throws(XapianError) {
        var out: OpaquePointer? = nil
        try check(cx_stem_new(language, &out))
        handle = out!
        self.language = language
    }

    deinit { cx_stem_free(handle) }

    public func stem(_ word: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        // Stemming cannot fail for valid input; on any error keep the word.
        return (try? withBytes(word) { (bytes, count) throws(XapianError) -> String in
            var length = 0
            try check(cx_stem_apply(handle, bytes, count, &buffer, buffer.count, &length))
            if length >= buffer.count {
                buffer = [CChar](repeating: 0, count: length + 1)
                try check(cx_stem_apply(handle, bytes, count, &buffer, buffer.count, &length))
            }
            return buffer.withUnsafeBufferPointer {
                $0.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: length) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                }
            }
        }) ?? word
    }
}
