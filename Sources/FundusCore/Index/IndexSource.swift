import Foundation

/// What a search reads: one Fundus index, or several shards searched as one.
///
/// Each `--db` names a Fundus index (its own stub and generations, or an old
/// database folder), or a shard list: a file in Xapian's stub format naming
/// several databases, one a line:
///
/// ```
/// # shards of the news index
/// auto shard-1            # a Fundus index, relative to this file's folder
/// glass /srv/news-2       # the same ("glass" and "auto" are alike here)
/// remote 10.0.0.7:33333   # a database served by xapian-tcpsrv
/// ```
///
/// A shard list is only ever read. It is not an index's own stub, whose
/// rule (it may name only a generation in its own `PATH.generations/`, see
/// `IndexStore.layout`) keeps a writer from being sent elsewhere; a list is
/// given to searches, which write nothing.
public struct IndexSource: Sendable, Equatable, CustomStringConvertible {
    public enum Shard: Sendable, Equatable, CustomStringConvertible {
        /// A Fundus index on this machine, opened as `--db PATH` would be.
        case local(String)
        /// A database served by `xapian-tcpsrv`.
        case remote(host: String, port: UInt16)

        public var description: String {
            switch self {
            case .local(let path): return path
            case .remote(let host, let port): return "remote \(host.contains(":") ? "[\(host)]" : host):\(port)"
            }
        }

        public var isRemote: Bool { if case .remote = self { return true } else { return false } }
    }

    public var shards: [Shard]
    /// How long a remote shard may take to connect, and to answer each request.
    public var timeoutMilliseconds: UInt32 = 10_000
    /// Search the shards that answer when others do not (`--allow-partial`).
    public var allowPartial = false
    /// A reader moves to a generation published since its last query
    /// (`IndexReader.refresh`); false keeps the one it opened, as a snapshot.
    public var followsGenerations = true

    public init(shards: [Shard]) { self.shards = shards }

    /// One local index.
    public static func local(_ path: String) -> IndexSource { IndexSource(shards: [.local(path)]) }

    public var description: String { shards.map(\.description).joined(separator: ", ") }

    /// The source the `--db` values name: each an index or a shard list.
    public static func resolve(_ paths: [String]) throws -> IndexSource {
        var shards: [Shard] = []
        for path in paths {
            if let list = try shardList(at: path) { shards += list } else { shards.append(.local(path)) }
        }
        return IndexSource(shards: shards)
    }

    /// The words a shard list's lines start with (Xapian's stub keywords).
    static let keywords: Set<Substring> = ["auto", "glass", "chert", "remote", "inmemory"]

    /// The shards a list at `path` names, or nil when `path` is not a shard
    /// list (an index, nothing, or a file that is neither: `IndexStore`
    /// then says what is wrong with it).
    static func shardList(at path: String) throws -> [Shard]? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        // An index's own stub is not a list, whatever it says: `layout`
        // accepts it only naming a generation of its own, and refuses it
        // otherwise (a writer must never follow it elsewhere, nor a search
        // read what it was turned to).
        let store = IndexStore(path: path)
        var beside = stat()
        if (try? store.layout()) != nil || lstat(store.generationsFolder, &beside) == 0
            || lstat(store.location + ".lock", &beside) == 0 { return nil }
        guard info.st_size <= 1 << 20, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(Self.content)
        // Not a list unless some line reads like one: a damaged stub keeps
        // the message that says it is not an index.
        guard lines.contains(where: { $0.split(separator: " ").first.map(keywords.contains) ?? false }) else { return nil }
        let folder = PathText.folder(of: IndexStore.resolve(path))
        var shards: [Shard] = []
        for (n, line) in lines.enumerated() where !line.isEmpty {
            do {
                shards.append(try parse(line, relativeTo: folder))
            } catch let reason as ListError {
                throw FundusError(.database, "shard list \(path):\(n + 1): \(reason.text)")
            }
        }
        guard !shards.isEmpty else { throw FundusError(.database, "shard list \(path) names no shard") }
        for case .local(let shard) in shards {
            var other = stat()
            if stat(shard, &other) == 0, other.st_mode & S_IFMT == S_IFREG, (try? IndexStore(path: shard).layout()) == nil {
                throw FundusError(.database, "shard list \(path) names \(shard), which is not a Fundus index "
                    + "(a list may not name another list)")
            }
        }
        return shards
    }

    private struct ListError: Error { var text: String }

    /// A line without its comment (from a `#` at its start or after a
    /// blank: a path may hold one) and surrounding blanks, tabs as spaces.
    private static func content(_ line: Substring) -> String {
        let spaced = " " + line.replacingOccurrences(of: "\t", with: " ")
        let cut = spaced.range(of: " #").map { spaced[..<$0.lowerBound] } ?? Substring(spaced)
        return cut.trimmingCharacters(in: .whitespaces)
    }

    /// One line: `auto PATH`, `glass PATH`, or `remote HOST:PORT` (Xapian
    /// 1.4's TCP form; `[::1]:PORT` for an IPv6 address).
    private static func parse(_ line: String, relativeTo folder: String) throws -> Shard {
        let keyword = String(line.prefix { $0 != " " })
        let argument = line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
        switch keyword {
        case "auto", "glass":
            guard !argument.isEmpty else { throw ListError(text: "'\(keyword)' needs a path") }
            return .local(argument.hasPrefix("/") ? argument : (folder == "/" ? "" : folder) + "/" + argument)
        case "remote":
            if argument.hasPrefix(":") || argument.contains(" ") {
                throw ListError(text: "'\(line)' runs a program; only TCP shards are supported (remote HOST:PORT)")
            }
            guard let colon = argument.lastIndex(of: ":"), let port = UInt16(argument[argument.index(after: colon)...]),
                  port > 0
            else { throw ListError(text: "'\(line)': expected remote HOST:PORT") }
            var host = String(argument[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty, !host.contains(" ") else { throw ListError(text: "'\(line)': expected remote HOST:PORT") }
            return .remote(host: host, port: port)
        case "chert", "inmemory":
            throw ListError(text: "'\(keyword)' databases are not Fundus indexes")
        default:
            throw ListError(text: "'\(line)' is not a shard (auto PATH, glass PATH or remote HOST:PORT)")
        }
    }
}
