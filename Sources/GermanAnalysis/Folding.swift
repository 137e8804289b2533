import Foundation

/// Stage 3: the folded form that becomes `Token.exact`.
///
/// Lowercase; ä/ö/ü become ae/oe/ue and ß/ẞ become ss, because that is how
/// Germans type without those keys ("Suedkorea", "Strasse"), so both spellings
/// must meet in one term. Other Latin diacritics are dropped (é -> e), since
/// German text spells loanwords and names both ways. Other scripts are only
/// lowercased.
enum Folding {
    /// Folds one word. Invisible characters and apostrophes are dropped and the
    /// rest is put in NFC first, so every spelling of a word folds alike.
    static func fold(_ word: some StringProtocol) -> String {
        var word = String(word)
        return word.withUTF8 { fold(utf8: $0) }
    }

    /// Folds the UTF-8 bytes of one word, as the tokenizer cut it from the text.
    static func fold(utf8 word: UnsafeBufferPointer<UInt8>) -> String {
        // Most words are plain ASCII: lowercase the bytes in one pass.
        if !word.contains(where: { $0 >= 0x80 || $0 == 0x27 }) {
            return String(unsafeUninitializedCapacity: word.count) { out in
                for (k, b) in word.enumerated() { out[k] = b &- 0x41 < 26 ? b | 0x20 : b }
                return word.count
            }
        }
        var scalars = String.UnicodeScalarView()
        var needsNFC = false
        for scalar in String(decoding: word, as: UTF8.self).unicodeScalars {
            switch Normalizer.role(scalar.value) {
            case .invisible, .apostrophe: continue
            default:
                if Normalizer.mayCompose(scalar.value) { needsNFC = true }
                scalars.append(scalar)
            }
        }
        let clean = needsNFC ? Normalizer.composed(scalars).unicodeScalars : scalars
        var out = ""
        out.reserveCapacity(word.count + 4)
        for scalar in clean { appendFolded(scalar, to: &out) }
        return out
    }

    @inline(__always)
    private static func appendFolded(_ scalar: Unicode.Scalar, to out: inout String) {
        let v = scalar.value
        if v < 0x80 {
            out.unicodeScalars.append(v &- 0x41 < 26 ? Unicode.Scalar(UInt8(v) | 0x20) : scalar)
        } else if v >= 0xC0 && v <= 0x24F {
            out += latin[Int(v - 0xC0)]
        } else if v >= 0x1E00 && v <= 0x1EFF {
            out += latinAdditional[Int(v - 0x1E00)]
        } else if v >= 0x300 && v <= 0x36F {
            // A diacritic that NFC could not attach to its letter: drop it as
            // we drop the attached ones.
        } else {
            out += scalar.properties.lowercaseMapping
        }
    }

    /// Letters that do not fold by dropping a diacritic.
    static let special: [Character: String] = [
        "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss", "æ": "ae", "œ": "oe",
        "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t",
    ]

    /// The definition of `latin` and `latinAdditional` (FoldingTable.swift):
    /// Unicode's own decompositions, for the tests to check the written-out
    /// tables against.
    static func derivedTable(_ range: ClosedRange<UInt32>) -> [String] {
        range.map { v in
            guard let scalar = Unicode.Scalar(v) else { return "" }
            let lower = String(scalar).lowercased()
            if let s = special[Character(lower)] { return s }
            let base = String(lower.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
                !(0x300...0x36F).contains($0.value)
            })
            return !base.isEmpty && base.allSatisfy(\.isASCII) ? base : lower
        }
    }
}
