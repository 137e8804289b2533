// Sits between the lexer and the parser and smooths over what pasted keyword
// lists look like, so the grammar itself can stay strict:
//
// - Groups with nothing searchable in them (`glob()`, `(=)`, `(<>)`, `(())`)
//   are dropped. The lexer has already dropped the punctuation inside them,
//   so all that is left to spot is a `(` directly followed by its `)`. A
//   `+` or `-` in front of such a group goes with it.
// - An operator that is missing an operand at the edge of a (sub)query is a
//   plain word, as it is in Xapian's QueryParser (which retries without
//   operators): index entries such as "AND (Operator)" or "XOR (boolescher
//   Operator)" name the operator, they do not use it. A leading NOT keeps its
//   meaning "everything except", since it needs no left side.
//
// An operator next to another operator (`a AND OR b`) is left alone so the
// parser reports it: that is a typo rather than a pasted keyword.

struct TokenStream {
    private var lexer: Lexer
    /// Tokens read ahead with empty groups already removed, oldest first.
    private var pending: [Token] = []
    private var pendingStart = 0
    /// The token handed out last, after any rewriting; nil at the start.
    private var previous: Token?

    init(query: String) {
        lexer = Lexer(query: query)
    }

    var query: String { lexer.query }

    mutating func next() throws(QuerySyntaxError) -> Token {
        var token = try nextSolid()
        while token.isModifier, try Self.lostItsOperand(peekSolid()) {
            token = try nextSolid()
        }
        if token.isBinaryOperator, try readsAsWord(token) {
            let word = QueryWord(text: token.text, range: token.offset..<(token.offset + token.text.count))
            token.kind = .word(word)
        }
        previous = token
        return token
    }

    // MARK: - Operators at the edges

    /// Only looks ahead where the operator would otherwise be valid, so the
    /// token after it is read no earlier than the parser would read it and
    /// the first problem from the left is still the one reported.
    private mutating func readsAsWord(_ token: Token) throws(QuerySyntaxError) -> Bool {
        let isNot: Bool
        if case .not = token.kind { isNot = true } else { isNot = false }
        switch previous.map(Self.role(of:)) ?? .start {
        case .start:
            // Nothing on the left: fine for NOT, a stray word for the others.
            if !isNot { return true }
        case .operand:
            break
        case .prefixable:
            // `a AND NOT b` and `NOT NOT b` are valid; `a AND OR b` is not.
            guard isNot else { return false }
        case .other:
            return false
        }
        switch try peekSolid().kind {
        case .end, .closeParen: return true  // nothing on the right
        default: return false
        }
    }

    private enum Role { case start, operand, prefixable, other }

    private static func role(of token: Token) -> Role {
        switch token.kind {
        case .openParen, .field(_, .group): return .start
        case .word, .wildcard, .phrase, .field, .closeParen: return .operand
        case .and, .or, .xor, .not: return .prefixable
        case .near, .required, .excluded, .end: return .other
        }
    }

    // MARK: - Empty groups

    /// The lexer only makes `+`/`-` modifiers when something follows them, so
    /// if nothing does now, what followed was an empty group (`-()`, `-(=)`).
    private static func lostItsOperand(_ next: Token) -> Bool {
        switch next.kind {
        case .end, .closeParen, .required, .excluded: return true
        default: return false
        }
    }

    private mutating func nextSolid() throws(QuerySyntaxError) -> Token {
        let token = try peekSolid()
        pendingStart += 1
        if pendingStart == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingStart = 0
        }
        return token
    }

    private mutating func peekSolid() throws(QuerySyntaxError) -> Token {
        if pendingStart == pending.count {
            try fill()
        }
        return pending[pendingStart]
    }

    /// Reads up to the next token that is not a parenthesis of an empty
    /// group. Open parentheses are held back until it is clear they hold
    /// something; beyond the nesting limit they are passed on unread, so the
    /// parser reports the depth before anything further right.
    private mutating func fill() throws(QuerySyntaxError) {
        var opens: [Token] = []
        while true {
            let token = try lexer.next()
            switch token.kind {
            case .openParen:
                opens.append(token)
                guard opens.count > QueryParser.maximumNesting else { continue }
                pending.append(contentsOf: opens)
                return
            case .closeParen where !opens.isEmpty:
                opens.removeLast()
            default:
                pending.append(contentsOf: opens)
                pending.append(token)
                return
            }
        }
    }
}
