/// One input that could not be indexed, and why. Ingest goes on past it.
public struct IngestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// "path", "path:line" or "-:line" for standard input.
    public var location: String
    public var reason: String

    public init(location: String, reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { "\(location): \(reason)" }
}
