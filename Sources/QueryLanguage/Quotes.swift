// Which characters delimit phrases.

/// Straight quotes plus the German and typographic ones users paste in.
enum Quotes {
    static func isQuote(_ character: Character) -> Bool {
        switch character {
        case "\"", "„", "“", "”", "»", "«": return true
        default: return false
        }
    }

    /// Guillemets pair strictly (they point both ways in German and French);
    /// the double quotes are mixed freely in practice („…“, “…”, "…“), so any
    /// of them closes any of them, except „ which only ever opens.
    static func closes(_ opener: Character, with character: Character) -> Bool {
        switch opener {
        case "»": return character == "«"
        case "«": return character == "»"
        default: return character == "\"" || character == "“" || character == "”"
        }
    }
}
