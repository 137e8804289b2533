import Foundation
import GermanAnalysis
import XCTest

/// Stands in for Xapian's german2 stemmer: drops one of a few endings, which
/// is enough to see that stems of "rakete" and "raketen" meet.
struct FakeStemmer: Stemming {
    func stem(_ word: String) -> String {
        for ending in ["en", "n", "e", "s"] where word.hasSuffix(ending) && word.count - ending.count >= 3 {
            return String(word.dropLast(ending.count))
        }
        return word
    }
}

/// Keeps the first four letters: many words share a stem, so deduplication shows.
struct PrefixStemmer: Stemming {
    func stem(_ word: String) -> String { String(word.prefix(4)) }
}

let fake = FakeStemmer()

/// Words of our own example sentences, as a small lexicon for the splitter.
let smallLexicon = Lexicon(words: [
    "kurz", "strecke", "rakete", "panzer", "abwehr", "spionage", "satellit", "artillerie", "munition",
    "präsidial", "amt", "sprecher", "flüchtling", "krise", "sport", "halle", "hall", "affen", "asse",
    "kauf", "geld", "spritze", "sprit", "angriff", "griff", "krieg", "gleichberechtigung", "gleich",
    "berechtigung", "gesetz", "frau", "woche", "ende", "enden", "datei", "vorsitz", "zug", "zugriff",
    "riff", "rechte", "holung", "leiter", "atom", "boot", "kreml", "deal", "waffe",
])

extension String {
    /// The surface text a token's byte range covers.
    func slice(_ range: Range<Int>) -> String {
        String(decoding: Array(utf8)[range], as: UTF8.self)
    }
}

/// The package root, found from this file, for files like Index/lexicon/de.txt.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
