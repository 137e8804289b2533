import Foundation
import GermanAnalysis
import Xapian

/// The analysis settings shared by indexing and searching.
public enum Analysis {
    /// Snowball's german2 treats ae/oe/ue as ä/ö/ü, so folded and unfolded
    /// spellings stem alike.
    public static let stemmerLanguage = "german2"

    /// Reads a lexicon file (one word a line) and returns it with its text, so
    /// the indexer can store the text in the index for query-time use.
    public static func loadLexicon(at url: URL) throws -> (Lexicon, String) {
        let text = try String(contentsOf: url, encoding: .utf8)
        return (Lexicon(text: text), text)
    }
}
