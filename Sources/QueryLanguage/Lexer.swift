// Splits a query into tokens. Works on an array of Characters so offsets are
// Character offsets (what a user sees as columns) and indexing is O(1); every
// character is looked at a bounded number of times, keeping lexing linear.
//
// A "run" is a stretch of characters up to whitespace, a parenthesis or a
// quote. A run is then read as an operator, a field with its value, a
// wildcard or a word; runs that are only punctuation are dropped.

struct Lexer {
    let query: String
    private let characters: [Character]
    private var position = 0

    static let defaultNearWindow = 10
    static let maximumNearWindow = 1000

    init(query: String) {
        self.query = query
        self.characters = Array(query)
    }

    mutating func next() throws(QuerySyntaxError) -> Token {
        while true {
            while position < characters.count, characters[position].isWhitespace {
                position += 1
            }
            guard position < characters.count else {
                return Token(kind: .end, offset: characters.count, text: "")
            }
            let start = position
            let character = characters[start]
            if character == "(" {
                position += 1
                return Token(kind: .openParen, offset: start, text: "(")
            }
            if character == ")" {
                position += 1
                return Token(kind: .closeParen, offset: start, text: ")")
            }
            if Quotes.isQuote(character) {
                let phrase = try lexPhrase(at: start)
                return Token(kind: .phrase(phrase), offset: start, text: String(character))
            }
            if let modifier = modifier(at: start) {
                position += 1
                return Token(kind: modifier, offset: start, text: String(character))
            }
            if let token = try lexRun() {
                return token
            }
            // The run was only punctuation: look for the next token.
        }
    }

    // MARK: - Modifiers

    /// `+`/`-` only count at the start of a clause, so `Kreml-Sprecher` stays
    /// one word, and only when something searchable follows, so the dashes
    /// in `Rakete - Start`, `-=` or `-*` are punctuation rather than dangling
    /// operators. A `-` that shortens a compound ("Import und -Export") is
    /// part of the word, see SuspendedHyphen.
    private func modifier(at index: Int) -> Token.Kind? {
        let character = characters[index]
        guard character == "+" || character == "-" else { return nil }
        if index > 0 {
            let previous = characters[index - 1]
            guard previous.isWhitespace || previous == "(" else { return nil }
            if character == "-", previous.isWhitespace,
                SuspendedHyphen.continuesCompound(characters, dash: index)
            {
                return nil
            }
        }
        let next = index + 1
        guard next < characters.count else { return nil }
        let following = characters[next]
        guard !following.isWhitespace, following != ")", following != "+", following != "-" else {
            return nil
        }
        if following != "(", !Quotes.isQuote(following), !runHasContent(from: next) {
            return nil
        }
        return character == "+" ? .required : .excluded
    }

    /// Whether the run starting at `start` has anything besides punctuation.
    /// Stops at the first such character, and the run is read again anyway,
    /// so this keeps lexing linear.
    private func runHasContent(from start: Int) -> Bool {
        var index = start
        while index < characters.count, !isRunBreak(characters[index]) {
            if !Self.isPunctuationOrSymbol(characters[index]) { return true }
            index += 1
        }
        return false
    }

    // MARK: - Runs

    private func isRunBreak(_ character: Character) -> Bool {
        character.isWhitespace || character == "(" || character == ")" || Quotes.isQuote(character)
    }

    private mutating func lexRun() throws(QuerySyntaxError) -> Token? {
        let start = position
        var end = start
        while end < characters.count, !isRunBreak(characters[end]) {
            end += 1
        }
        if let token = try lexField(start: start, end: end) {
            return token
        }
        position = end
        return try lexWord(start: start, end: end, allowOperators: true)
    }

    /// Reads `name:value` if the run starts with a field name. Returns nil when
    /// the colon is not a field separator (`12:30`, `https://…`, `Achtung:`).
    private mutating func lexField(start: Int, end: Int) throws(QuerySyntaxError) -> Token? {
        var colon = start
        while colon < end, characters[colon] != ":" {
            // Field names are letters only; anything else means a plain word,
            // which also keeps times like 12:30 out of here.
            guard characters[colon].isLetter else { return nil }
            colon += 1
        }
        guard colon < end, colon > start else { return nil }
        let valueStart = colon + 1
        if valueStart < end, characters[valueStart] == ":" {
            return nil  // Perl and C++ names such as Locale::Po4a::Po or std::string
        }
        if valueStart + 1 < characters.count,
            characters[valueStart] == "/", characters[valueStart + 1] == "/"
        {
            return nil  // a URL such as https://example.org
        }
        let name = String(characters[start..<colon])
        guard let field = Field(name: name) else {
            // A colon ending a word before a space reads as prose ("Achtung:
            // Rakete"); anything glued to it looks like a mistyped field.
            if valueStart == end, valueStart == characters.count || isProseBreak(characters[valueStart]) {
                return nil
            }
            throw QuerySyntaxError(
                message: "unknown field '\(name)' (known fields: \(Field.knownNames))",
                offset: start, query: query)
        }
        return try lexFieldValue(field, nameStart: start, valueStart: valueStart, runEnd: end)
    }

    private func isProseBreak(_ character: Character) -> Bool {
        character.isWhitespace || character == ")"
    }

    private mutating func lexFieldValue(
        _ field: Field, nameStart: Int, valueStart: Int, runEnd: Int
    ) throws(QuerySyntaxError) -> Token {
        let prefix = String(characters[nameStart..<valueStart])
        let missingValue = QuerySyntaxError(
            message: "missing value after '\(prefix)'", offset: valueStart, query: query)
        guard valueStart < characters.count, !isProseBreak(characters[valueStart]) else {
            throw missingValue
        }
        let first = characters[valueStart]
        if first == "(" {
            guard field.kind != .date else {
                throw QuerySyntaxError(
                    message: "'\(prefix)' takes one date or range, such as date:2023-01-01..2023-12-31, "
                        + "not a group",
                    offset: valueStart, query: query)
            }
            position = valueStart + 1
            return Token(kind: .field(field, .group), offset: nameStart, text: prefix + "(")
        }
        if Quotes.isQuote(first) {
            let phrase = try lexPhrase(at: valueStart)
            return Token(kind: .field(field, .phrase(phrase)), offset: nameStart, text: prefix)
        }
        position = runEnd
        switch field.kind {
        case .text:
            // A field value is never an operator: `title:AND` searches "AND".
            guard let token = try lexWord(start: valueStart, end: runEnd, allowOperators: false) else {
                throw missingValue
            }
            switch token.kind {
            case .word(let word):
                return Token(kind: .field(field, .word(word)), offset: nameStart, text: prefix)
            case .wildcard(let word):
                return Token(kind: .field(field, .wildcard(word)), offset: nameStart, text: prefix)
            default:
                throw missingValue
            }
        case .exact, .date:
            // Verbatim, because ids and sources may contain '.', '-', '/'
            // and dates need their '..'; only sentence punctuation goes.
            var end = runEnd
            while end > valueStart, Self.isValueTrailingPunctuation(characters[end - 1]) {
                end -= 1
            }
            guard end > valueStart else { throw missingValue }
            let value = String(characters[valueStart..<end])
            return Token(kind: .field(field, .raw(value, offset: valueStart)), offset: nameStart, text: prefix)
        }
    }

    private static func isValueTrailingPunctuation(_ character: Character) -> Bool {
        switch character {
        case ",", ";", "?", "!": return true
        default: return false
        }
    }

    // MARK: - Words

    /// Sentence punctuation trimmed from both ends of a word, so that
    /// "gegründet?" is the word "gegründet". Inside a word it stays
    /// ("zeit.de", "1,5", "geht's"): the analyzer deals with those.
    /// A switch rather than a Set: hashing a Character is surprisingly slow.
    private static func isEdgePunctuation(_ character: Character) -> Bool {
        switch character {
        case ",", ".", "?", "!", ";", ":", "'", "‘", "’", "‚", "…", "¿", "¡": return true
        default: return false
        }
    }

    /// Reads the run [start, end) as an operator, wildcard or word; nil when
    /// nothing of it is left after trimming punctuation.
    private func lexWord(start: Int, end: Int, allowOperators: Bool) throws(QuerySyntaxError) -> Token? {
        let trimmed = trim(start..<end, where: Self.isEdgePunctuation)
        guard !trimmed.isEmpty else { return nil }
        let (lower, upper) = (trimmed.lowerBound, trimmed.upperBound)
        let text = String(characters[trimmed])

        if allowOperators, let kind = try operatorKind(text, at: lower) {
            return Token(kind: kind, offset: lower, text: text)
        }
        // Before the wildcard check: a `*` on its own ("Fett * bei der
        // Eingabe", "* (mathematischer Operator)") is the symbol, not a
        // wildcard missing its word, and Xapian could not search it anyway.
        if isPunctuationOnly(trimmed) { return nil }
        if let star = characters[lower..<upper].firstIndex(of: "*") {
            return try wildcard(lower: lower, upper: upper, star: star)
        }
        return Token(kind: .word(QueryWord(text: text, range: trimmed)), offset: lower, text: text)
    }

    /// Dashes, '&', '+' and the like on their own carry no search term.
    private func isPunctuationOnly(_ range: Range<Int>) -> Bool {
        characters[range].allSatisfy(Self.isPunctuationOrSymbol)
    }

    private static func isPunctuationOrSymbol(_ character: Character) -> Bool {
        character.isPunctuation || character.isMathSymbol
    }

    private func trim(_ range: Range<Int>, where shouldTrim: (Character) -> Bool) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, shouldTrim(characters[lower]) { lower += 1 }
        while upper > lower, shouldTrim(characters[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Only a single trailing `*` is a wildcard; anywhere else it is an error
    /// rather than a literal, because Xapian cannot match it there and quietly
    /// searching for something else would be worse than saying so.
    private func wildcard(lower: Int, upper: Int, star: Int) throws(QuerySyntaxError) -> Token {
        guard star == upper - 1 else {
            throw QuerySyntaxError(
                message: "'*' may only appear once, at the end of a word (as in Rakete*)",
                offset: star, query: query)
        }
        let prefix = characters[lower..<star]
        guard prefix.contains(where: { $0.isLetter || $0.isNumber }) else {
            throw QuerySyntaxError(
                message: "'*' needs a word before it (as in Rakete*)", offset: star, query: query)
        }
        let word = QueryWord(text: String(prefix), range: lower..<star)
        return Token(kind: .wildcard(word), offset: lower, text: String(characters[lower..<upper]))
    }

    /// Capitals only: lowercase "and", "or", "not" occur as ordinary words in
    /// mixed German/English text, and Xapian users expect exactly this.
    private func operatorKind(_ text: String, at offset: Int) throws(QuerySyntaxError) -> Token.Kind? {
        switch text {
        case "AND": return .and
        case "OR": return .or
        case "XOR": return .xor
        case "NOT": return .not
        case "NEAR": return .near(window: nil, ordered: false)
        case "ADJ": return .near(window: nil, ordered: true)
        default: break
        }
        for (name, ordered) in [("NEAR/", false), ("ADJ/", true)] where text.hasPrefix(name) {
            let digits = text.dropFirst(name.count)
            // Bounded length first, so a huge number cannot overflow Int.
            guard (1...4).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let window = Int(digits), (1...Self.maximumNearWindow).contains(window)
            else {
                throw QuerySyntaxError(
                    message: "invalid window in '\(text)': expected a whole number from 1 to "
                        + "\(Self.maximumNearWindow)",
                    offset: offset, query: query)
            }
            return .near(window: window, ordered: ordered)
        }
        return nil
    }

    // MARK: - Phrases

    /// Reads a quoted phrase starting at the opening quote. Inside, everything
    /// is a plain word: no operators, fields or wildcards, as in Xapian.
    private mutating func lexPhrase(at opening: Int) throws(QuerySyntaxError) -> Phrase {
        let opener = characters[opening]
        var words: [QueryWord] = []
        var wordStart: Int?
        var index = opening + 1
        var closing: Int?
        while index < characters.count {
            let character = characters[index]
            if Quotes.closes(opener, with: character) {
                closing = index
                break
            }
            let breaks = character.isWhitespace || character == "(" || character == ")" || Quotes.isQuote(character)
            if breaks {
                if let start = wordStart, let word = phraseWord(start: start, end: index) {
                    words.append(word)
                }
                wordStart = nil
            } else if wordStart == nil {
                wordStart = index
            }
            index += 1
        }
        guard let closing else {
            throw QuerySyntaxError(
                message: "unterminated phrase: missing closing quote for '\(opener)'",
                offset: opening, query: query)
        }
        if let start = wordStart, let word = phraseWord(start: start, end: closing) {
            words.append(word)
        }
        guard !words.isEmpty else {
            throw QuerySyntaxError(message: "empty phrase", offset: opening, query: query)
        }
        position = closing + 1
        let raw = trim((opening + 1)..<closing, where: \.isWhitespace)
        return Phrase(words: words, raw: String(characters[raw]), rawOffset: raw.lowerBound, offset: opening)
    }

    private func phraseWord(start: Int, end: Int) -> QueryWord? {
        let trimmed = trim(start..<end, where: Self.isEdgePunctuation)
        guard !trimmed.isEmpty, !isPunctuationOnly(trimmed) else { return nil }
        return QueryWord(text: String(characters[trimmed]), range: trimmed)
    }
}
