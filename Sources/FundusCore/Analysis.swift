import Foundation
import GermanAnalysis
import Xapian

/// The analysis settings shared by indexing and searching.
public enum Analysis {
    /// Snowball's german2 treats ae/oe/ue as ä/ö/ü, so folded and unfolded
    /// spellings stem alike.
    public static let stemmerLanguage = "german2"
}
