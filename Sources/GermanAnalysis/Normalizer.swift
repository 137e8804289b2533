import Foundation

/// Stage 1: which code points a word is made of, and Unicode NFC.
///
/// Normalisation happens per word, never on the whole text: NFC changes byte
/// lengths ("u" + U+0308 becomes "ü"), and every token must keep exact byte
/// offsets into the text as the caller gave it.
enum Normalizer {
    /// What a code point is to the tokenizer.
    enum Role {
        /// Letters and digits: they make words.
        case word
        /// Combining marks: they continue a word but never start one.
        case mark
        /// Soft hyphen and zero-width characters: inside a word they vanish,
        /// so "Kurz\u{AD}strecken" is one word "kurzstrecken".
        case invisible
        /// Apostrophes join letters ("geht's", "O'Reilly") and are dropped
        /// from the folded form, so queries need not guess the apostrophe.
        case apostrophe
        case separator
    }

    @inline(__always)
    static func role(_ v: UInt32) -> Role {
        if v < 0x80 {
            switch v {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return .word
            case 0x27: return .apostrophe
            default: return .separator
            }
        }
        // Latin-1 letters are most of the non-ASCII in German text.
        if v >= 0xC0 && v <= 0xFF { return v == 0xD7 || v == 0xF7 ? .separator : .word }
        switch v {
        case 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return .invisible
        case 0x2019, 0x02BC: return .apostrophe
        default: break
        }
        guard let scalar = Unicode.Scalar(v) else { return .separator }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        case .decimalNumber: return .word
        default: return scalar.properties.isAlphabetic ? .word : .separator
        }
    }

    /// True when NFC could change a word containing this code point. Only then
    /// do we pay for Foundation's normalisation.
    @inline(__always)
    static func mayCompose(_ v: UInt32) -> Bool {
        // Combining marks, and Hangul jamo that compose into syllables.
        v >= 0x300 && (role(v) == .mark || (0x1100...0x11FF).contains(v))
    }

    /// NFC of a sequence of scalars.
    static func composed(_ scalars: String.UnicodeScalarView) -> String {
        String(scalars).precomposedStringWithCanonicalMapping
    }
}
