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

    static func query(_ error: QuerySyntaxError) -> FundusError { FundusError(.badQuery, error.description) }

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
