import GermanAnalysis
import QueryLanguage
import Xapian

/// Turns a parsed query into a Xapian query, running every word through the
/// same Analyzer that indexed the passages.
///
/// How one word is matched (the weights are the ranking's main levers):
/// - its stem (Z), the main evidence;
/// - its folded surface form, a bonus for the exact spelling;
/// - its stem as a compound part (P), weaker: "Rakete" finds
///   "Kurzstreckenraketen", but below passages about Raketen themselves;
/// - a compound in the query also finds its parts near each other.
struct QueryBuilder {
    enum DefaultOperator: Sendable { case and, or }

    let analyzer: Analyzer
    var weights: Ranking
    var wildcardLimit: UInt32 = 200
    var nearWindow: UInt32 = 10
    /// The index's terms that start with a prefix (for wildcards inside NEAR/ADJ).
    var expandWildcard: ((String) -> [String])?
    /// Whether the index holds a term (verb forms are looked up before use).
    var termExists: ((String) -> Bool)?
    /// Every passage of the documents that have a passage matching the
    /// query: what an exclusion (`-word`, `NOT`, `AND NOT`) takes away, so a
    /// document shown for `A -B` holds B in none of its passages.
    var wholeDocuments: ((Query) throws -> Query)?

    /// Indexed words near a word the index lacks, best first (see
    /// `TypoCandidates`); nil turns typo tolerance off.
    var nearWords: ((String) -> [TypoCandidates.Candidate])?
    /// The words read as others in the query being built.
    private(set) var readings: [TypoReading] = []

    /// How many index terms start with a prefix, counting at most `limit`
    /// (what a wildcard will stand for, against `QueryLimits.wildcardTerms`).
    var countPrefix: ((String, Int) -> Int)?
    /// The term queries of the query being built, and its wildcards' terms:
    /// a reference, so that the non-mutating helpers count too.
    let budget = TermBudget()

    private(set) var highlight = HighlightTerms()
    /// Each word the user wrote (outside NOT), for judging whole documents
    /// by how many of the words they hold.
    private(set) var words: [WordEvidence] = []

    /// A word of the query as the re-ranking sees it.
    struct WordEvidence {
        /// The word's own (weighted) query.
        var query: Query
        /// The word in any form, as groups one passage must satisfy (see `Database.documentsHolding`).
        var groups: [[[String]]]?
        /// The word's stem term, for its rarity; nil for phrases, wildcards and the like.
        var stem: String?
    }

    init(analyzer: Analyzer, ranking: Ranking) {
        self.analyzer = analyzer
        self.weights = ranking
    }

    /// Builds the query; `op` is the operator for words written side by side.
    mutating func build(_ node: QueryNode, defaultOperator op: DefaultOperator) throws -> Query {
        highlight = HighlightTerms()
        words = []
        readings = []
        budget.reset()
        return try build(node, op, positive: true) ?? Query.matchNothing()
    }

    // MARK: - nodes

    /// nil means "matches nothing to weigh" (e.g. a query of stopwords dropped).
    private mutating func build(_ node: QueryNode, _ op: DefaultOperator, positive: Bool) throws -> Query? {
        switch node {
        case .word(let w, let field):
            return try word(w.text, field: field, positive: positive)
        case .phrase(let words, let field):
            return try phrase(words.map(\.text), field: field, positive: positive)
        case .wildcard(let w, let field):
            let prefix = analyzer.fold(w.text)
            guard !prefix.isEmpty else { return nil }
            let termPrefix = field == "title" ? TermVocabulary.title(prefix) : TermVocabulary.exact(prefix)
            if positive && field == nil { highlight.prefixes.append(prefix) }
            // Xapian expands it when the match starts; counted here first,
            // so that 999 short wildcards are refused before they cost.
            try budget.addWildcard(terms: countPrefix?(termPrefix, Int(wildcardLimit)) ?? 0)
            return try Query.wildcard(termPrefix, maxExpansion: wildcardLimit)
        case .filter(let field, let value):
            let term = field == "id" ? Schema.documentTerm(value)
                : field == "from" ? Schema.fromTerm(value) : Schema.sourceTerm(value)
            return try leaf(term)
        case .dateRange(let from, let to):
            return try Query.valueRange(slot: Schema.Slot.date, from: from, to: to)
        case .loose(let clauses):
            return try loose(clauses, op, positive: positive)
        case .and(let nodes):
            return try combine(.and, nodes, op, positive: positive)
        case .or(let nodes):
            return try combine(.or, nodes, op, positive: positive)
        case .xor(let nodes):
            return try combine(.xor, nodes, op, positive: positive)
        case .andNot(let left, let right):
            guard let l = try build(left, op, positive: positive) else { return nil }
            guard let r = try build(right, op, positive: !positive) else { return l }
            return try Query.combine(.andNot, [l, try documents(r)])
        case .near(let nodes, let window, let ordered):
            let subs = try nodes.flatMap { try positional($0, positive: positive) }
            guard subs.count > 1 else { return subs.first }
            // "NEAR/n" means at most n words apart, as in Xapian's QueryParser;
            // Xapian's window is the span of positions holding all the terms.
            return try Query.combine(ordered ? .phrase : .near, subs, window: UInt32(window + subs.count - 1))
        case .not(let inner):
            let all = try Query.matchAll()
            guard let r = try build(inner, op, positive: !positive) else { return all }
            return try Query.combine(.andNot, [all, try documents(r)])
        }
    }

    private func documents(_ excluded: Query) throws -> Query {
        guard let wholeDocuments else { return excluded }
        try budget.addDocumentCondition()
        return try wholeDocuments(excluded)
    }

    /// `A AND B`, `+A +B`: the passages matching any of them, of the
    /// documents that hold every one of them, in one passage or in several
    /// (a passage holding all of them weighs most, so it is the one shown).
    private func inOneDocument(_ queries: [Query]) throws -> Query {
        guard queries.count > 1, wholeDocuments != nil else { return try one(.and, queries) }
        return try Query.combine(.filter, [try Query.combine(.or, queries)] + queries.map(documents))
    }

    /// Operands of NEAR and ADJ. Xapian matches positions only of terms and
    /// plain ORs of terms (no weights, no nested NEAR), so each word becomes
    /// the OR of its stem and compound-part terms, and a phrase its words.
    private mutating func positional(_ node: QueryNode, positive: Bool) throws -> [Query] {
        let words: [QueryWord]
        switch node {
        case .word(let w, _): words = [w]
        case .phrase(let ws, _): words = ws
        case .wildcard(let w, _):
            // Xapian 1.4 cannot nest a wildcard in NEAR/ADJ; an OR of the
            // terms it stands for can.
            let prefix = analyzer.fold(w.text)
            if positive { highlight.prefixes.append(prefix) }
            let terms = (expandWildcard?(prefix) ?? []).prefix(Int(wildcardLimit))
            try budget.addWildcard(terms: terms.count, built: false)
            if terms.isEmpty { return [try leaf(prefix)] }
            return [try Query.combine(.or, terms.map { try leaf($0) })]
        default: return []
        }
        return try words.flatMap { analyzer.analyze($0.text) }.map { t in
            let exact = TermVocabulary.exact(t.exact)
            if positive { highlight.terms.insert(exact) }
            if t.isStopword { return try leaf(exact) }
            let forms = TermVocabulary.asPart(t.stem)
            if positive { highlight.terms.formUnion(forms) }
            return try Query.combine(.or, forms.map { try leaf($0) })
        }
    }

    private mutating func combine(_ xop: Query.Operator, _ nodes: [QueryNode], _ op: DefaultOperator,
                                  positive: Bool) throws -> Query? {
        var weighted: [Query] = []
        var filters: [Query] = []
        for node in nodes {
            guard let q = try build(node, op, positive: positive) else { continue }
            if xop == .and && Self.isBoolean(node) { filters.append(q) } else { weighted.append(q) }
        }
        let combined: Query?
        switch weighted.count {
        case 0: combined = nil
        case 1: combined = weighted[0]
        default: combined = xop == .and ? try inOneDocument(weighted) : try Query.combine(xop, weighted)
        }
        return try applyFilters(combined, filters)
    }

    private mutating func loose(_ clauses: [Clause], _ op: DefaultOperator, positive: Bool) throws -> Query? {
        // Stopwords in a keyword list or a question ("Wann wurde die Stadt
        // gegründet?") carry no meaning; drop them unless nothing else is left.
        let content = clauses.filter { $0.modifier != .excluded && !isStopword($0.node) && !Self.isBoolean($0.node) }
        var required: [Query] = [], optional: [Query] = [], excluded: [Query] = [], filters: [Query] = []
        for clause in clauses {
            if clause.modifier == .excluded {
                if let q = try build(clause.node, op, positive: !positive) { excluded.append(q) }
                continue
            }
            if Self.isBoolean(clause.node) {
                if let q = try build(clause.node, op, positive: positive) { filters.append(q) }
                continue
            }
            if clause.modifier == .none && !content.isEmpty && isStopword(clause.node) { continue }
            guard let q = try build(clause.node, op, positive: positive) else { continue }
            if positive && !isStopword(clause.node) {
                words.append(WordEvidence(query: q, groups: presence(clause.node), stem: stemTerm(clause.node)))
            }
            if clause.modifier == .required { required.append(q) } else { optional.append(q) }
        }
        var result: Query?
        switch (required.isEmpty, optional.isEmpty) {
        case (true, true): result = nil
        case (false, true): result = try inOneDocument(required)
        case (true, false): result = try one(op == .and ? .and : .or, optional)
        case (false, false):
            // Required clauses must match; the others only add weight.
            result = try Query.combine(.andMaybe, [try inOneDocument(required), try one(.or, optional)])
        }
        if let r = result, weights.proximity > 0, let near = try proximity(clauses, content: !content.isEmpty) {
            // Passages where the words stand close together rank higher.
            result = try Query.combine(.andMaybe, [r, try near.scaled(by: weights.proximity)])
        }
        if result == nil && !excluded.isEmpty && filters.isEmpty { result = try Query.matchAll() }
        if let r = result, !excluded.isEmpty {
            result = try Query.combine(.andNot, [r, try documents(try one(.or, excluded))])
        }
        return try applyFilters(result, filters)
    }

    /// The stems of the group's plain words, NEAR each other; nil for fewer than two.
    private func proximity(_ clauses: [Clause], content: Bool) throws -> Query? {
        var terms: [Query] = []
        for clause in clauses where clause.modifier != .excluded {
            guard case .word(let w, nil) = clause.node else { continue }
            for t in analyzer.analyze(w.text) where !(content && t.isStopword) {
                terms.append(try leaf(TermVocabulary.stem(t.stem)))
            }
        }
        guard terms.count > 1 else { return nil }
        return try Query.combine(.near, terms, window: UInt32(max(Double(terms.count), weights.proximityWindow)))
    }

    private func applyFilters(_ weighted: Query?, _ filters: [Query]) throws -> Query? {
        guard !filters.isEmpty else { return weighted }
        let filter = try one(.and, filters)
        guard let weighted else { return filter }
        return try Query.combine(.filter, [weighted, filter])
    }

    private func one(_ op: Query.Operator, _ queries: [Query]) throws -> Query {
        queries.count == 1 ? queries[0] : try Query.combine(op, queries)
    }

    // MARK: - words

    private mutating func word(_ text: String, field: String?, positive: Bool) throws -> Query? {
        let spelled = try spelledWord(text, field: field, positive: positive)
        guard positive, field == nil, let spelled, let reading = typoReading(text) else { return spelled }
        // The word as typed stays (it may match a rare form), and each reading
        // of it joins below an exact match, the nearer and more common higher.
        var alternatives = [spelled]
        for (i, variant) in reading.readAs.enumerated() {
            guard let q = try spelledWord(variant, field: nil, positive: true) else { continue }
            let weight = TypoReading.weight(distance: reading.distances[i], rank: i)
            alternatives.append(try q.scaled(by: weight))
        }
        readings.append(reading)
        return try Query.combine(.or, alternatives)
    }

    /// How a word typed with a typo may be read: nil when the index holds
    /// every piece of it (a word it holds is never expanded), when `=` asks
    /// for the word as typed, or when nothing near it is indexed.
    private func typoReading(_ text: String) -> TypoReading? {
        guard let nearWords, !text.hasPrefix("=") else { return nil }
        let bytes = Array(text.utf8)
        var unknown: [(range: Range<Int>, candidates: [TypoCandidates.Candidate])] = []
        for t in analyzer.analyze(text) where !t.isStopword {
            let held = holds(t)
            guard held != .whole else { continue }
            let typed = String(decoding: bytes[t.range], as: UTF8.self)
            var candidates = nearWords(typed)
            // A compound found only by its parts may be new ("Codezeichen")
            // or a typo that left the parts whole ("Absatzvoragen"): only a
            // word one edit away stands in for it.
            if held == .byParts { candidates = candidates.filter { $0.distance == 1 } }
            if !candidates.isEmpty { unknown.append((t.range, candidates)) }
        }
        guard let first = unknown.first else { return nil }
        // Readings of the first unknown piece, the others at their best
        // reading (one typo per word is the common case).
        var readAs: [String] = [], distances: [Int] = []
        for candidate in first.candidates.prefix(TypoReading.maximumReadings) {
            var out = bytes
            for (k, piece) in unknown.enumerated().reversed() {
                let c = k == 0 ? candidate : piece.candidates[0]
                out.replaceSubrange(piece.range, with: Array(Self.cased(c.word, like: bytes[piece.range]).utf8))
            }
            readAs.append(String(decoding: out, as: UTF8.self))
            distances.append(candidate.distance + unknown.dropFirst().map { $0.candidates[0].distance }.reduce(0, +))
        }
        return TypoReading(word: text, readAs: readAs, distances: distances)
    }

    private enum Held { case whole, byParts, no }

    /// Whether the index holds the word in a form the match would use: whole,
    /// or, for a compound no text holds whole, each of its parts.
    private func holds(_ t: Token) -> Held {
        guard let termExists else { return .whole }
        if TermVocabulary.wholeWord(t).contains(where: termExists) { return .whole }
        let byParts = t.parts.count > 1 && t.parts.allSatisfy { TermVocabulary.asPart($0).contains(where: termExists) }
        return byParts ? .byParts : .no
    }

    /// `candidate` (lower case) with the typed word's capital: "Raketnabwehr" -> "Raketenabwehr".
    static func cased(_ candidate: String, like typed: ArraySlice<UInt8>) -> String {
        guard let first = typed.first, first >= 0x41 && first <= 0x5A || first >= 0xC3,
              String(decoding: typed, as: UTF8.self).first?.isUppercase == true
        else { return candidate }
        return candidate.prefix(1).uppercased() + candidate.dropFirst()
    }

    private mutating func spelledWord(_ text: String, field: String?, positive: Bool) throws -> Query? {
        let tokens = analyzer.analyze(text)
        guard !tokens.isEmpty else { return nil }
        if tokens.count == 1 { return try token(tokens[0], field: field, positive: positive) }
        // A hyphenated word ("Kreml-Sprecher"): the pieces as a phrase, and
        // also near each other (a writer may have dropped the hyphen),
        // anywhere in the passage ("der Sprecher des Kreml"), and, weakest,
        // each piece alone, so that a word no passage holds whole still finds
        // something ("PowerPoint-Export" in a page on exporting to PowerPoint).
        let piecePhrase = try phraseQuery(tokens, field: field, positive: positive)
        guard field == nil else { return piecePhrase }
        let parts = try positional(.word(QueryWord(text: text, range: 0..<0), field: nil), positive: positive)
        let near = try Query.combine(.near, parts, window: UInt32(parts.count + 2))
        var alternatives = [piecePhrase, near]
        if parts.count > 1 {
            if weights.hyphenSpread > 0 {
                alternatives.append(try Query.combine(.and, parts).scaled(by: weights.hyphenSpread))
            }
            if weights.hyphenAny > 0 {
                alternatives.append(try Query.combine(.or, parts).scaled(by: weights.hyphenAny))
            }
        }
        return try Query.combine(.or, alternatives)
    }

    private mutating func token(_ t: Token, field: String?, positive: Bool) throws -> Query {
        if field == "title" {
            let stem = TermVocabulary.titleStem(t.stem), exact = TermVocabulary.title(t.exact)
            if t.isStopword { return try leaf(exact) }
            return try Query.combine(.or, [try leaf(stem), try leaf(exact).scaled(by: weights.exact)])
        }
        let exact = TermVocabulary.exact(t.exact)
        if positive { highlight.terms.insert(exact) }
        if t.isStopword { return try leaf(exact) }
        let stem = TermVocabulary.stem(t.stem), part = TermVocabulary.part(t.stem)
        if positive {
            highlight.terms.insert(stem)
            highlight.terms.insert(part)
        }
        var alternatives = [
            try leaf(stem),
            try leaf(exact).scaled(by: weights.exact),
            try leaf(part).scaled(by: weights.part),
        ]
        for form in related(t, VerbForms.related(to:), weights.verbForms) {
            if positive { highlight.terms.insert(form) }
            alternatives.append(try leaf(form).scaled(by: weights.verbForms))
        }
        for noun in related(t, VerbForms.nouns(ofInfinitive:), weights.verbNouns) {
            if positive { highlight.terms.insert(noun) }
            alternatives.append(try leaf(noun).scaled(by: weights.verbNouns))
        }

        if t.parts.count > 1 {
            let parts = try t.parts.map { p -> Query in
                let forms = TermVocabulary.asPart(p)
                if positive { highlight.terms.formUnion(forms) }
                return try Query.combine(.or, forms.map { try leaf($0) })
            }
            var near = try Query.combine(.near, parts, window: UInt32(parts.count + 2))
            if weights.compoundPartsApart > 0 {
                // The compound itself is weighed above; its parts near each
                // other stand in for it only where it does not stand.
                near = try Query.combine(.andNot, [near, try leaf(stem)])
            }
            alternatives.append(try near.scaled(by: weights.compoundParts))
            if weights.compoundSpread > 0 {
                alternatives.append(try Query.combine(.and, parts).scaled(by: weights.compoundSpread))
            }
        }
        let word = try Query.combine(.or, alternatives)
        guard weights.title > 0 else { return word }
        // A word in the title says what the whole document is about. It adds
        // weight but never makes a match on its own (title words are in the
        // text field already), so "Start" does not find every "Raketenstart" title.
        let inTitle = try leaf(TermVocabulary.titleStem(t.stem)).scaled(by: weights.title)
        return try Query.combine(.andMaybe, [word, inTitle])
    }

    private func stemTerm(_ node: QueryNode) -> String? {
        guard case .word(let w, nil) = node else { return nil }
        // A misspelt word's rarity is its best reading's.
        let text = reading(of: w.text)?.readAs.first ?? w.text
        guard let t = analyzer.analyze(text).first(where: { !$0.isStopword }) else { return nil }
        return TermVocabulary.stem(t.stem)
    }

    private func reading(of text: String) -> TypoReading? {
        readings.last(where: { $0.word == text })
    }

    /// The word in any form, as groups that one passage must satisfy: each
    /// form alone, or all of a compound's parts (each as a stem or a part
    /// term), or all pieces of a hyphenated word. nil for phrases, wildcards
    /// and other nodes (the re-ranking then runs their query).
    private func presence(_ node: QueryNode) -> [[[String]]]? {
        guard case .word(let w, nil) = node else { return nil }
        // A misspelt word is present in any of its readings.
        let readAs = reading(of: w.text)?.readAs ?? []
        guard !readAs.isEmpty else { return presence(of: w.text) }
        let groups = ([w.text] + readAs).compactMap { presence(of: $0) }.flatMap { $0 }
        return groups.isEmpty ? nil : groups
    }

    private func presence(of text: String) -> [[[String]]]? {
        let tokens = analyzer.analyze(text).filter { !$0.isStopword }
        guard let t = tokens.first else { return nil }
        if tokens.count > 1 { return [tokens.map(TermVocabulary.wholeWord)] }
        var groups = TermVocabulary.wholeWord(t).map { [[$0]] }
        groups += related(t, VerbForms.related(to:), weights.verbForms).map { [[$0]] }
        groups += related(t, VerbForms.nouns(ofInfinitive:), weights.verbNouns).map { [[$0]] }
        if t.parts.count > 1 {
            groups.append(t.parts.map(TermVocabulary.asPart))
        }
        return groups
    }

    /// Stem terms of words related to the query word ("gespeichert" for
    /// "speichern") that the index holds.
    private func related(_ t: Token, _ words: (String) -> [String], _ weight: Double) -> [String] {
        guard weight > 0, let termExists else { return [] }
        var terms: [String] = []
        for word in words(t.exact) {
            let term = TermVocabulary.stem(analyzer.stemmer.stem(word))
            if term != TermVocabulary.stem(t.stem) && !terms.contains(term) && termExists(term) { terms.append(term) }
        }
        return terms
    }

    private mutating func phrase(_ words: [String], field: String?, positive: Bool) throws -> Query? {
        let tokens = words.flatMap { analyzer.analyze($0) }
        guard !tokens.isEmpty else { return nil }
        return try phraseQuery(tokens, field: field, positive: positive)
    }

    /// Exact folded forms in order; stopwords count here.
    ///
    /// In the text field only stopwords keep positions on their exact terms
    /// (see `TermVocabulary.forEachBodyTerm`), so the order is checked on the
    /// other words' stems, and each exact form must occur in the passage:
    /// the exact words score, the stem phrase filters. A passage with the
    /// stems in order but the exact forms only elsewhere would also match;
    /// that is rare enough to be worth a third of the index.
    private mutating func phraseQuery(_ tokens: [Token], field: String?, positive: Bool) throws -> Query {
        let inTitle = field == "title"
        if positive && !inTitle { highlight.phrases.append(tokens.map(\.exact)) }
        let exact = try tokens.enumerated().map { i, t -> Query in
            try leaf(inTitle ? TermVocabulary.title(t.exact) : TermVocabulary.exact(t.exact), position: UInt32(i + 1))
        }
        if exact.count == 1 { return exact[0] }
        if inTitle { return try Query.combine(.phrase, exact, window: UInt32(exact.count)) }
        let ordered = try tokens.enumerated().map { i, t -> Query in
            t.isStopword ? exact[i] : try leaf(TermVocabulary.stem(t.stem), position: UInt32(i + 1))
        }
        let phrase = try Query.combine(.phrase, ordered, window: UInt32(ordered.count))
        return try Query.combine(.filter, [try Query.combine(.and, exact), phrase])
    }

    /// A term query, counted against `QueryLimits.terms`.
    private func leaf(_ term: String, position: UInt32 = 0) throws -> Query {
        try budget.addTerms(1)
        return try Query(term: term, position: position)
    }

    private func isStopword(_ node: QueryNode) -> Bool {
        guard case .word(let w, _) = node else { return false }
        let tokens = analyzer.analyze(w.text)
        return !tokens.isEmpty && tokens.allSatisfy(\.isStopword)
    }

    static func isBoolean(_ node: QueryNode) -> Bool {
        switch node {
        case .filter, .dateRange: return true
        default: return false
        }
    }
}

/// Counts what a query being built will cost Xapian (see `QueryLimits`).
final class TermBudget {
    private(set) var terms = 0
    private(set) var wildcardTerms = 0
    private(set) var documentConditions = 0

    func reset() {
        terms = 0
        wildcardTerms = 0
        documentConditions = 0
    }

    /// One condition that holds for whole documents: a pass over its matches.
    func addDocumentCondition() throws(QueryLimitError) {
        documentConditions += 1
        if documentConditions > QueryLimits.documentConditions { throw .documentConditions }
    }

    func addTerms(_ n: Int) throws(QueryLimitError) {
        terms += n
        if terms > QueryLimits.terms { throw .terms }
    }

    /// `built`: the wildcard is one Xapian query that expands itself (its
    /// terms count here); otherwise its terms are built one by one, and
    /// counted as they are.
    func addWildcard(terms n: Int, built: Bool = true) throws(QueryLimitError) {
        wildcardTerms += n
        if wildcardTerms > QueryLimits.wildcardTerms { throw .wildcardTerms }
        if built { try addTerms(n) }
    }
}
