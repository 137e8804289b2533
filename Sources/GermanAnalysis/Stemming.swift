/// Injected by the caller (FundusCore wraps Xapian's "german2" Snowball stemmer).
/// Input is already folded+lowercased (e.g. "raketen", "suedkorea", "strasse"); output is the stem.
///
/// The module takes the stemmer from outside so that it stays free of Xapian
/// and its tests can use a tiny fake. Implementations must be pure: the
/// analyzer caches their answers per word.
public protocol Stemming: Sendable {
    func stem(_ word: String) -> String
}
