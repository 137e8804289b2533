/// Which documents one shard of N holds (`fundus-ingest --shard K/N`), so
/// that N machines can each build one shard of a collection from the same
/// inputs, with the same lexicon.
///
/// A document belongs to shard K when the first 8 bytes of the SHA-256 of
/// its id (its UTF-8 bytes), read as a big-endian unsigned 64-bit number,
/// leave K - 1 when divided by N. The hash depends on nothing but the id: it
/// is the same on every machine, in every run and every Fundus version, and
/// spreads ids evenly whatever they look like (paths of one folder, serial
/// numbers).
public struct ShardChoice: Sendable, Equatable {
    /// 1-based: shard K of N.
    public let shard: Int
    public let count: Int

    public static let maximumCount = 4096

    /// Parses "K/N".
    public init(_ text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), (1...Self.maximumCount).contains(n),
              (1...n).contains(k)
        else {
            throw FundusError(.usage, "--shard expects K/N with 1 <= K <= N <= \(Self.maximumCount), not '\(FundusError.oneLine(text, limit: 40))'")
        }
        (shard, count) = (k, n)
    }

    /// The shard (1...N) a document id belongs to.
    public static func shard(of id: String, count: Int) -> Int {
        let digest = SHA256.digest(Array(id.utf8))
        let number = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(number % UInt64(count)) + 1
    }

    public func holds(_ id: String) -> Bool { count == 1 || Self.shard(of: id, count: count) == shard }
}
