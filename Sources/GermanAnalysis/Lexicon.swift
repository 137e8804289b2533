import Foundation

/// A set of known German words (folded, lowercased) used by the decompounder.
///
/// `Tools/build-lexicon` writes the file from Debian's word lists. The lexicon
/// is policy as much as data: what it leaves out can never become a compound
/// part, which is how junk parts such as "spe" (from "Speicher") are kept out.
public struct Lexicon: Sendable {
    private let words: Set<String>

    /// Words are folded here, so "Straße", "Strasse" and "strasse" are one entry.
    public init(words: some Sequence<String>) {
        var set = Set<String>(minimumCapacity: words.underestimatedCount)
        for word in words {
            let folded = Folding.fold(word)
            if !folded.isEmpty { set.insert(folded) }
        }
        self.words = set
    }

    /// One word per line, UTF-8; lines starting with '#' and blank lines are
    /// ignored, surrounding whitespace is trimmed.
    public init(contentsOf url: URL) throws {
        self.init(text: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// The text of a lexicon file (see `init(contentsOf:)`), e.g. as stored in an index.
    public init(text: String) {
        var text = text
        var set = Set<String>(minimumCapacity: text.utf8.count / 11)
        text.withUTF8 { bytes in
            // Cut lines on the bytes: a tool-built file of 350,000 lines loads
            // in a fraction of what String.split plus trimming would take.
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                var lo = start, hi = end
                while lo < hi && Self.isSpace(bytes[lo]) { lo += 1 }
                while hi > lo && Self.isSpace(bytes[hi - 1]) { hi -= 1 }
                if lo < hi && bytes[lo] != 0x23 {  // '#'
                    let folded = Folding.fold(utf8: UnsafeBufferPointer(rebasing: bytes[lo..<hi]))
                    if !folded.isEmpty { set.insert(folded) }
                }
                start = end + 1
            }
        }
        self.words = set
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    public static let empty = Lexicon(words: [String]())

    /// A lexicon kept elsewhere (e.g. in an index), asked one word at a time.
    /// Searching uses this so that start-up does not load every word.
    public init(lookup: @escaping @Sendable (String) -> Bool) {
        self.words = []
        self.lookup = lookup
    }

    private var lookup: (@Sendable (String) -> Bool)? = nil

    public func contains(_ foldedWord: String) -> Bool { lookup?(foldedWord) ?? words.contains(foldedWord) }

    /// Words held in memory (0 for a lookup lexicon).
    public var count: Int { words.count }

    /// Every word held in memory, in no particular order.
    public var allWords: Set<String> { words }
}
