// Recursive descent over the lexer's tokens, one token of lookahead. The
// tokens come through TokenStream, which drops empty groups and reads
// operators missing an operand at the edges as words, so the grammar below
// never sees those.
//
// Grammar, loosest first (as in Xapian's QueryParser):
//
//   query    := or END
//   or       := xor ("OR" xor)*
//   xor      := and ("XOR" and)*
//   and      := negated (("AND" | "AND NOT" | "NOT") negated)*
//   negated  := "NOT"* loose
//   loose    := clause+                      juxtaposition
//   clause   := ("+" | "-")? near
//   near     := primary (("NEAR" | "ADJ") primary)*
//   primary  := word | wildcard | phrase | field | "(" or ")"
//
// Only parentheses recurse; their depth is capped so no input can exhaust the
// stack, and every other repetition is a loop, so parsing stays linear.

public enum QueryParser {
    /// Deeper nesting is an error rather than a stack overflow.
    public static let maximumNesting = 100
    /// Window used by NEAR and ADJ when no `/n` is given.
    public static let defaultNearWindow = Lexer.defaultNearWindow

    public static func parse(_ query: String) throws(QuerySyntaxError) -> QueryNode {
        var parser = Parser(query: query)
        return try parser.parseQuery()
    }
}

struct Parser {
    private var tokens: TokenStream
    private var buffered: Token?
    private var depth = 0

    init(query: String) {
        tokens = TokenStream(query: query)
    }

    private var query: String { tokens.query }

    private func error(_ message: String, at offset: Int) -> QuerySyntaxError {
        QuerySyntaxError(message: message, offset: offset, query: query)
    }

    // MARK: - Token stream

    /// Tokens are read lazily so the first problem from the left is the one
    /// reported, whether the lexer or the parser finds it.
    private mutating func peek() throws(QuerySyntaxError) -> Token {
        if let buffered { return buffered }
        let token = try tokens.next()
        buffered = token
        return token
    }

    @discardableResult
    private mutating func advance() throws(QuerySyntaxError) -> Token {
        let token = try peek()
        buffered = nil
        return token
    }

    // MARK: - Levels

    mutating func parseQuery() throws(QuerySyntaxError) -> QueryNode {
        if case .end = try peek().kind {
            throw error("empty query", at: 0)
        }
        let node = try parseOr(field: nil, after: nil)
        let next = try peek()
        switch next.kind {
        case .end:
            return node
        case .closeParen:
            throw error("unmatched ')'", at: next.offset)
        default:
            // parseOr only stops at ')' or the end; kept as a safety net.
            throw error("unexpected '\(next.text)'", at: next.offset)
        }
    }

    /// `after` is the token before this operand (nil at the very start); it
    /// only serves to explain a missing operand.
    private mutating func parseOr(field: Field?, after: Token?) throws(QuerySyntaxError) -> QueryNode {
        var operands = [try parseXor(field: field, after: after)]
        while case .or = try peek().kind {
            let op = try advance()
            operands.append(try parseXor(field: field, after: op))
        }
        return Self.combine(operands, .or)
    }

    private mutating func parseXor(field: Field?, after: Token?) throws(QuerySyntaxError) -> QueryNode {
        var operands = [try parseAnd(field: field, after: after)]
        while case .xor = try peek().kind {
            let op = try advance()
            operands.append(try parseAnd(field: field, after: op))
        }
        return Self.combine(operands, .xor)
    }

    /// AND, AND NOT and NOT share one level. The result is normalised to
    /// `andNot(and(positives), or(negatives))`: set difference commutes with
    /// intersection, and keeping the tree flat means a long chain like
    /// `a NOT b AND c NOT d …` cannot build a deep tree. A NOT with nothing on
    /// its left becomes `.not`, unless an AND supplies a left side later
    /// (`NOT a AND b` is `b AND NOT a`).
    private mutating func parseAnd(field: Field?, after: Token?) throws(QuerySyntaxError) -> QueryNode {
        var positives: [QueryNode] = []
        var negatives: [QueryNode] = []
        func include(_ node: QueryNode) {
            if case .not(let inner) = node { negatives.append(inner) } else { positives.append(node) }
        }
        func exclude(_ node: QueryNode) {
            // a NOT (NOT b) is a AND b.
            if case .not(let inner) = node { positives.append(inner) } else { negatives.append(node) }
        }

        include(try parseNegated(field: field, after: after))
        while true {
            let op = try peek()
            switch op.kind {
            case .and:
                try advance()
                if case .not = try peek().kind {
                    let not = try advance()
                    let combined = Token(kind: .not, offset: op.offset, text: "\(op.text) \(not.text)")
                    exclude(try parseNegated(field: field, after: combined))
                } else {
                    include(try parseNegated(field: field, after: op))
                }
            case .not:
                try advance()
                exclude(try parseNegated(field: field, after: op))
            default:
                let positive = positives.isEmpty ? nil : Self.combine(positives, .and)
                let negative = negatives.isEmpty ? nil : Self.combine(negatives, .or)
                switch (positive, negative) {
                case (let positive?, nil): return positive
                case (let positive?, let negative?): return .andNot(positive, negative)
                case (nil, let negative?): return .not(negative)
                case (nil, nil): preconditionFailure("an AND level always has an operand")
                }
            }
        }
    }

    /// Prefix NOTs, in a loop: an odd number negates, an even number cancels,
    /// so `NOT NOT … x` never nests.
    private mutating func parseNegated(field: Field?, after: Token?) throws(QuerySyntaxError) -> QueryNode {
        var negate = false
        var previous = after
        while case .not = try peek().kind {
            previous = try advance()
            negate.toggle()
        }
        let node = try parseLoose(field: field, after: previous)
        guard negate else { return node }
        if case .not(let inner) = node { return inner }
        return .not(node)
    }

    private mutating func parseLoose(field: Field?, after: Token?) throws(QuerySyntaxError) -> QueryNode {
        var clauses = [try parseClause(field: field, after: after)]
        while Self.startsClause(try peek()) {
            clauses.append(try parseClause(field: field, after: after))
        }
        if clauses.count == 1, clauses[0].modifier == .none {
            return clauses[0].node
        }
        return .loose(clauses)
    }

    private static func startsClause(_ token: Token) -> Bool {
        switch token.kind {
        case .word, .wildcard, .phrase, .field, .openParen, .required, .excluded: return true
        default: return false
        }
    }

    private mutating func parseClause(field: Field?, after: Token?) throws(QuerySyntaxError) -> Clause {
        let token = try peek()
        let modifier: Clause.Modifier
        switch token.kind {
        case .required: modifier = .required
        case .excluded: modifier = .excluded
        default: return Clause(modifier: .none, node: try parseNear(field: field, after: after))
        }
        try advance()
        return Clause(modifier: modifier, node: try parseNear(field: field, after: token))
    }

    /// A chain `a NEAR b NEAR/5 c` becomes one node with the widest window
    /// given (as Xapian does); NEAR and ADJ cannot be mixed in one chain
    /// because one node cannot be both ordered and unordered.
    private mutating func parseNear(field: Field?, after: Token?) throws(QuerySyntaxError) -> QueryNode {
        let first = try parsePrimary(field: field, after: after)
        guard case .near(let window, let ordered) = try peek().kind else { return first.node }
        try requirePositional(first, for: try peek())
        var operands = [first.node]
        var widest = window ?? QueryParser.defaultNearWindow
        while case .near(let window, let isOrdered) = try peek().kind {
            let op = try advance()
            if isOrdered != ordered {
                throw error("NEAR and ADJ cannot be mixed in one chain", at: op.offset)
            }
            widest = max(widest, window ?? QueryParser.defaultNearWindow)
            let operand = try parsePrimary(field: field, after: op)
            try requirePositional(operand, for: op)
            operands.append(operand.node)
        }
        return .near(operands, window: widest, ordered: ordered)
    }

    /// Proximity is about word positions, so only things with positions may
    /// take part.
    private func requirePositional(_ operand: (node: QueryNode, offset: Int), for op: Token) throws(QuerySyntaxError) {
        switch operand.node {
        case .word, .phrase, .wildcard: return
        default:
            let name = op.text.hasPrefix("ADJ") ? "ADJ" : "NEAR"
            throw error("\(name) can only join words, phrases and wildcards", at: operand.offset)
        }
    }

    // MARK: - Primaries

    private mutating func parsePrimary(
        field: Field?, after: Token?
    ) throws(QuerySyntaxError) -> (node: QueryNode, offset: Int) {
        let token = try peek()
        switch token.kind {
        case .word(let word):
            try advance()
            return (Self.wordNode(word, field: field), token.offset)
        case .wildcard(let word):
            try advance()
            return (try wildcardNode(word, field: field, at: token.offset), token.offset)
        case .phrase(let phrase):
            try advance()
            return (Self.phraseNode(phrase, field: field), token.offset)
        case .field(let inner, let value):
            if let field {
                throw error("field '\(inner.rawValue)' cannot be used inside \(field.rawValue):(…)", at: token.offset)
            }
            try advance()
            return (try fieldNode(inner, value, token: token), token.offset)
        case .openParen:
            try advance()
            return (try parseGroup(field: field, opener: token), token.offset)
        case .required, .excluded:
            // Only reachable right after NEAR/ADJ: clauses take their own
            // modifiers before getting here.
            throw error("'\(token.text)' cannot be used after '\(after?.text ?? "")'", at: token.offset)
        default:
            throw missingOperand(after: after, found: token)
        }
    }

    private mutating func parseGroup(field: Field?, opener: Token) throws(QuerySyntaxError) -> QueryNode {
        guard depth < QueryParser.maximumNesting else {
            throw error("parentheses nested too deeply (limit \(QueryParser.maximumNesting))", at: opener.offset)
        }
        depth += 1
        defer { depth -= 1 }
        let node = try parseOr(field: field, after: opener)
        let closing = try peek()
        guard case .closeParen = closing.kind else {
            throw error("missing ')'", at: closing.offset)
        }
        try advance()
        return node
    }

    private mutating func fieldNode(
        _ field: Field, _ value: FieldValue, token: Token
    ) throws(QuerySyntaxError) -> QueryNode {
        switch value {
        case .word(let word):
            return Self.wordNode(word, field: field)
        case .wildcard(let word):
            return try wildcardNode(word, field: field, at: token.offset)
        case .phrase(let phrase):
            if field.kind == .date {
                return try DateRangeParser.parse(phrase.raw, at: phrase.rawOffset, query: query)
            }
            return Self.phraseNode(phrase, field: field)
        case .raw(let text, let offset):
            switch field.kind {
            case .date: return try DateRangeParser.parse(text, at: offset, query: query)
            case .exact, .text: return .filter(field: field.rawValue, value: text)
            }
        case .group:
            return try parseGroup(field: field, opener: token)
        }
    }

    /// Inside `source:(…)` or `id:(…)` each word or phrase is one exact value.
    private static func wordNode(_ word: QueryWord, field: Field?) -> QueryNode {
        if let field, field.kind == .exact {
            return .filter(field: field.rawValue, value: word.text)
        }
        return .word(word, field: field?.rawValue)
    }

    private static func phraseNode(_ phrase: Phrase, field: Field?) -> QueryNode {
        if let field, field.kind == .exact {
            return .filter(field: field.rawValue, value: phrase.raw)
        }
        return .phrase(phrase.words, field: field?.rawValue)
    }

    private func wildcardNode(_ word: QueryWord, field: Field?, at offset: Int) throws(QuerySyntaxError) -> QueryNode {
        if let field, field.kind == .exact {
            throw error("wildcards cannot be used in '\(field.rawValue):' values", at: offset)
        }
        return .wildcard(word, field: field?.rawValue)
    }

    // MARK: - Errors

    /// Operators with nothing on their left never get here: the token stream
    /// has turned them into words.
    private func missingOperand(after: Token?, found: Token) -> QuerySyntaxError {
        switch found.kind {
        case .end:
            // An open group is reported first: "(Rakete OR" is still being typed.
            if depth > 0 { return error("missing ')'", at: found.offset) }
            if let after { return error("missing search term after '\(after.text)'", at: found.offset) }
            return error("empty query", at: 0)
        case .closeParen:
            if after == nil { return error("unmatched ')'", at: found.offset) }
            // Only `field:()`: plain empty groups are dropped by the token stream.
            if let after, after.opensGroup { return error("empty parentheses", at: after.offset) }
        default:
            break
        }
        if let after { return error("missing search term after '\(after.text)'", at: found.offset) }
        return error("unexpected '\(found.text)'", at: found.offset)
    }

    // MARK: - Tree shape

    private enum Combination { case and, or, xor }

    /// One operand is just that operand; nested nodes of the same operator
    /// are merged, since AND, OR and XOR are associative.
    private static func combine(_ operands: [QueryNode], _ combination: Combination) -> QueryNode {
        if operands.count == 1 { return operands[0] }
        var flat: [QueryNode] = []
        flat.reserveCapacity(operands.count)
        for operand in operands {
            switch (combination, operand) {
            case (.and, .and(let inner)), (.or, .or(let inner)), (.xor, .xor(let inner)):
                flat.append(contentsOf: inner)
            default:
                flat.append(operand)
            }
        }
        switch combination {
        case .and: return .and(flat)
        case .or: return .or(flat)
        case .xor: return .xor(flat)
        }
    }
}
