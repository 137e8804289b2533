import Foundation

/// Reads environment variables one by one. `ProcessInfo.environment` copies
/// the whole environment into a dictionary first, which is a measurable part
/// of a one-shot search's start.
public enum Environment {
    /// The named variables that are set, e.g. `subset("FUNDUS_DB")`.
    public static func subset(_ names: String...) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { values[name] = String(cString: value) }
        }
        return values
    }
}
