import Foundation
import Xapian

/// Problems an earlier run already reported, remembered in the index so that
/// a file that stays broken is reported once per change, not on every run:
/// one unreadable file must not make cron mail every 15 minutes, forever.
///
/// A problem is known when the same location had the same reason last run
/// and its file has not changed since (same size and modification time).
/// Known problems still count as failed in `--summary` and go to `--log`;
/// they are printed with `--verbose`, and leave the exit status 0. A
/// problem whose file cannot be looked at (standard input, a file that is
/// gone) is never taken as known.
///
/// Kept as metadata, `K:` + a hash of (location, reason, file state) →
/// location, written in the run's own commit.
struct KnownProblems {
    static let prefix = "K:"

    /// The keys the index holds (nil database: none).
    static func keys(in database: (any DatabaseReading)?) throws -> Set<String> {
        guard let database else { return [] }
        return Set(try database.metadataKeys(withPrefix: prefix))
    }

    /// Splits `problems` into those not reported before and those that were,
    /// and makes the index remember exactly the current ones.
    static func reconcile(_ problems: [IngestProblem], previous: Set<String>, in database: WritableDatabase) throws
        -> (new: [IngestProblem], known: [IngestProblem])
    {
        var new: [IngestProblem] = [], known: [IngestProblem] = []
        var current = Set<String>()
        for problem in problems {
            guard let key = key(problem) else {
                new.append(problem)
                continue
            }
            current.insert(key)
            if previous.contains(key) { known.append(problem) } else { new.append(problem) }
            try database.setMetadata(problem.location, forKey: key)
        }
        for stale in try database.metadataKeys(withPrefix: prefix) where !current.contains(stale) {
            try database.setMetadata("", forKey: stale)  // empty deletes
        }
        return (new, known)
    }

    static func key(_ problem: IngestProblem) -> String? {
        guard let state = fileState(problem.location) else { return nil }
        let text = problem.location + "\u{0}" + problem.reason + "\u{0}" + state
        return prefix + ContentHash.hex(Data(text.utf8))
    }

    /// Size and modification time of the file a location names ("path" or
    /// "path:line"); nil when there is none to look at.
    static func fileState(_ location: String) -> String? {
        var info = stat()
        var path = location
        if lstat(path, &info) != 0, let colon = path.lastIndex(of: ":"),
           !path[path.index(after: colon)...].isEmpty, path[path.index(after: colon)...].allSatisfy(\.isASCIIDigit) {
            path = String(path[..<colon])
        }
        guard path != "-", lstat(path, &info) == 0 else { return nil }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
