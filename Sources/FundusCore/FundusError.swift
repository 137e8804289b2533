import QueryLanguage
import Xapian

/// The one error type of FundusCore. `message` is a single line that names
/// what failed (a path, a query), ready to print after "fundus-search: ".
public struct FundusError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// No index where one was expected.
        case noIndex
        /// The query text could not be parsed.
        case badQuery
        /// Another writer holds the index.
        case locked
        /// Bad input given by the user (a path that does not exist, a bad option value).
        case usage
        /// The index could not be read or written.
        case database
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func query(_ error: QuerySyntaxError) -> FundusError { FundusError(.badQuery, oneLine(error.description)) }

    /// Messages quote what the user typed; line breaks and controls in it are
    /// shown escaped, and a very long message is cut, so it stays one line.
    static func oneLine(_ text: String, limit: Int = 400) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if out.unicodeScalars.count >= limit {
                out += "…"
                break
            }
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Wraps a Xapian error with what Fundus was doing at the time.
    static func database(_ error: XapianError, path: String) -> FundusError {
        switch error.code {
        case .databaseNotFound:
            return FundusError(.noIndex, "no index at \(path) (create one with fundus-ingest, or point --db or FUNDUS_DB at one)")
        case .databaseLocked:
            return FundusError(.locked, "index \(path) is locked by another writer: \(error.message)")
        case .databaseOpening:
            return FundusError(.database, "cannot open index \(path): \(error.message)")
        default:
            return FundusError(.database, "index \(path): \(error)")
        }
    }
}
