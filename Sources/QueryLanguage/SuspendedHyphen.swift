// German shortens coordinated compounds with a hyphen (Ergänzungsstrich):
// "Systemdatum und -zeit", "Import und -Export", "CUPS-API-, -Compiler- und
// -Link-Informationen". Read as Xapian's `-` modifier, "-zeit" would exclude
// every document about time, so a man page description pasted as a query
// would rule out its own man page.

enum SuspendedHyphen {
    /// Words that join the parts of such a compound. Lowercase only, as they
    /// are written mid-sentence.
    private static let conjunctions: Set<String> = ["und", "oder", "bzw.", "sowie", "bis"]

    /// Whether the `-` at `dash`, which follows whitespace, continues a
    /// compound: the word before it is one of the conjunctions above or is
    /// itself a shortened part ("IPv4-", "API-,"). Looks back over the
    /// whitespace and at most a few characters of that word, so lexing stays
    /// linear.
    static func continuesCompound(_ characters: [Character], dash: Int) -> Bool {
        var end = dash
        while end > 0, characters[end - 1].isWhitespace {
            end -= 1
        }
        guard end > 0 else { return false }
        var last = end - 1
        if characters[last] == ",", last > 0 { last -= 1 }
        if characters[last] == "-" { return true }

        let longest = conjunctions.map(\.count).max() ?? 0
        var start = end
        while start > 0, end - start <= longest, !isWordBreak(characters[start - 1]) {
            start -= 1
        }
        guard start == 0 || isWordBreak(characters[start - 1]) else { return false }
        return conjunctions.contains(String(characters[start..<end]))
    }

    private static func isWordBreak(_ character: Character) -> Bool {
        character.isWhitespace || character == "(" || character == ")" || Quotes.isQuote(character)
    }
}
