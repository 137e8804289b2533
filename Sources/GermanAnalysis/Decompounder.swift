/// Stage 4: splits a folded compound into known words.
///
/// "kurzstreckenraketen" -> kurz + strecken + raketen. A split must cover the
/// whole word: modifiers, each optionally followed by a linking element
/// (-s-, -es-, -n-, -en-, -er-, -e-), then a head that may carry an
/// inflection ending. Every part must be a lexicon word of at least three
/// letters that is neither a stopword nor a prefix or particle ("ver", "hinzu"),
/// and a head found only by dropping an ending must keep four letters.
///
/// Of all splits the one with the fewest parts wins, then the one with the
/// longest head: a lexicon rich in compounds then gives the natural reading
/// ("panzerabwehr" + "raketen"), and `decompose` splits the parts again.
/// Remaining ties go to fewer linking letters ("kurz+strecken", not
/// "kurz+s+trecken"), then to longer early parts ("anfangs+konto", not
/// "anfang+skonto").
public struct Decompounder: Sendable {
    public let lexicon: Lexicon
    private let stopwords: Stopwords

    /// Shorter words are left alone: few are compounds, and most splits of
    /// them are accidents ("Wasser" is not "was" + "ser").
    public static let minimumWordLength = 8
    public static let minimumPartLength = 3
    /// "-en" and "-er" cut from short heads leave accidents ("enden" -> "end").
    static let minimumReducedHeadLength = 4
    /// Longer letter runs are code, hashes or noise; no need to pay for them.
    static let maximumWordLength = 64
    static let maximumDepth = 3

    public init(lexicon: Lexicon, stopwords: Stopwords = .german) {
        self.lexicon = lexicon
        self.stopwords = stopwords
    }

    /// The parts of one split, modifiers then head, each as it stands in the
    /// lexicon (a linking element dropped only where needed to find the word);
    /// empty if the word is not a compound.
    public func split(_ folded: String) -> [String] {
        let word = Array(folded.utf8)
        guard let pieces = bestSplit(word) else { return [] }
        return pieces.map { string(word, $0.form) }
    }

    /// Every part worth a term, left to right: the finest split (parts split
    /// again, recursively) plus each run of neighbouring parts that is itself
    /// a lexicon word. "hochwasserschutz" -> hochwasser, hoch, wasserschutz,
    /// wasser, schutz: the run "hochwasser" makes a query "Hochwasser" find it,
    /// although the best split was hoch + wasserschutz.
    public func decompose(_ folded: String) -> [String] {
        let word = Array(folded.utf8)
        guard let top = bestSplit(word) else { return [] }
        let pieces = refine(word, top, depth: 1)
        var out: [String] = []
        for i in pieces.indices {
            // Longer runs first, the whole word excepted.
            for j in stride(from: pieces.count, to: i + 1, by: -1) where i > 0 || j < pieces.count {
                let run = pieces[i].start..<(j == pieces.count ? word.count : pieces[j].start)
                if let form = j == pieces.count ? head(word, run) : modifier(word, run)?.form {
                    out.append(string(word, form))
                }
            }
            out.append(string(word, pieces[i].form))
        }
        return out
    }

    /// A part of a word: where its surface starts (the surface runs to the
    /// next part, linking element included) and its lexicon form.
    private struct Piece {
        var start: Int
        var form: Range<Int>
    }

    /// Replaces each piece that is a compound by its own pieces.
    private func refine(_ w: [UInt8], _ pieces: [Piece], depth: Int) -> [Piece] {
        guard depth < Self.maximumDepth else { return pieces }
        return pieces.flatMap { piece -> [Piece] in
            let offset = piece.form.lowerBound
            guard let inner = bestSplit(Array(w[piece.form])) else { return [piece] }
            let shifted = inner.map { Piece(start: $0.start + offset, form: ($0.form.lowerBound + offset)..<($0.form.upperBound + offset)) }
            return refine(w, shifted, depth: depth + 1)
        }
    }

    private func string(_ w: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: w[range], as: UTF8.self)
    }

    // MARK: - The search

    private static let linkers: [[UInt8]] = ["s", "n", "e", "es", "en", "er"].map { Array($0.utf8) }
    private static let endings: [[UInt8]] = ["s", "n", "e", "es", "en", "er", "ern"].map { Array($0.utf8) }

    /// Heads that are also the participle ending -end- ("Vorsitzende",
    /// "Reisenden"). They count only after a modifier that ends in a vowel or
    /// a linking element, as nouns do ("Dateiende", "Wochenende", "Kriegsende"),
    /// never after a bare verb stem.
    private static let participleHeads: Set<[UInt8]> = Set(
        ["end", "ende", "enden", "ender", "endes", "endem"].map { Array($0.utf8) })

    /// Prefixes and verb particles that are not parts, beyond the stopwords
    /// (which already hold the prepositions).
    private static let nonParts: Set<String> = [
        "be", "ge", "er", "ver", "zer", "ent", "emp", "miss", "un", "ur",
        "zurueck", "fort", "her", "hin", "dar", "voran", "vorbei", "heraus", "herein", "hinaus",
        "hinein", "herunter", "hinunter", "herauf", "hinauf", "zusammen", "entgegen", "empor",
        "nieder", "hervor", "hinzu", "voraus", "vorher", "vorab", "herum", "heran", "herab",
        "hinweg", "runter", "rauf", "raus", "ueberein",
    ]

    /// A split being built: parts as ranges of the word, and what ranks it.
    private struct Candidate {
        var parts: [Range<Int>] = []
        var spans: [Int] = []        // surface lengths, linking elements included
        var linkerLetters = 0

        func ranksBefore(_ other: Candidate) -> Bool {
            if parts.count != other.parts.count { return parts.count < other.parts.count }
            if linkerLetters != other.linkerLetters { return linkerLetters < other.linkerLetters }
            for (a, b) in zip(spans, other.spans) where a != b { return a > b }
            return false
        }
    }

    private func bestSplit(_ w: [UInt8]) -> [Piece]? {
        guard isCandidate(w) else { return nil }
        let n = w.count, minPart = Self.minimumPartLength
        // Where a participle-like head could start: only there does it matter
        // how the modifier before it ends.
        let participleStarts = Set((n - 5...n - 3).filter { Self.participleHeads.contains(Array(w[$0...])) })

        // best[i]: the best split of w[..<i] into modifiers; linked[i]: the
        // best one whose last modifier ends in a vowel or linking element.
        var best = [Candidate?](repeating: nil, count: n + 1)
        var linked = [Candidate?](repeating: nil, count: n + 1)
        best[0] = Candidate()
        for end in minPart...(n - minPart) {
            for start in 0...(end - minPart) {
                guard let before = best[start],
                      let (form, linkerLetters) = modifier(w, start..<end) else { continue }
                var next = before
                next.parts.append(form)
                next.spans.append(end - start)
                next.linkerLetters += linkerLetters
                if best[end].map({ next.ranksBefore($0) }) ?? true { best[end] = next }
                if participleStarts.contains(end), endsLikeNoun(w, start..<end, form: form),
                   linked[end].map({ next.ranksBefore($0) }) ?? true {
                    linked[end] = next
                }
            }
        }
        // Fewest parts first, then the longest head, i.e. the earliest start.
        var winner: Candidate?
        for start in minPart...(n - minPart) {
            guard best[start] != nil, let head = head(w, start..<n),
                  var split = participleStarts.contains(start) ? linked[start] : best[start] else { continue }
            split.parts.append(head)
            if winner.map({ split.parts.count < $0.parts.count }) ?? true { winner = split }
        }
        guard let winner else { return nil }
        var pieces: [Piece] = []
        var start = 0
        for (k, form) in winner.parts.enumerated() {
            pieces.append(Piece(start: start, form: form))
            if k < winner.spans.count { start += winner.spans[k] }
        }
        return pieces
    }

    /// Long enough, plain letters, and not an inflected form of a short word:
    /// "zugriffs" is "Zugriff" + s, not "Zug" + "Riffs".
    private func isCandidate(_ w: [UInt8]) -> Bool {
        let n = w.count
        guard n >= Self.minimumWordLength, n <= Self.maximumWordLength,
              w.allSatisfy({ $0 &- 0x61 < 26 }) else { return false }
        for e in Self.endings where n - e.count < Self.minimumWordLength && w.ends(with: e) {
            if lexicon.contains(String(decoding: w[..<(n - e.count)], as: UTF8.self)) { return false }
        }
        return true
    }

    /// The lexicon form of a modifier span and the linking letters it drops.
    private func modifier(_ w: [UInt8], _ span: Range<Int>) -> (form: Range<Int>, linkerLetters: Int)? {
        if isPart(w, span) { return (span, 0) }
        for l in Self.linkers where w[span].ends(with: l) {
            let form = span.lowerBound..<(span.upperBound - l.count)
            if isPart(w, form) { return (form, l.count) }
        }
        return nil
    }

    private func endsLikeNoun(_ w: [UInt8], _ span: Range<Int>, form: Range<Int>) -> Bool {
        if form != span || "aeiouy".utf8.contains(w[span.upperBound - 1]) { return true }
        return Self.linkers.contains { l in
            w[span].ends(with: l) && isPart(w, span.lowerBound..<(span.upperBound - l.count))
        }
    }

    /// The lexicon form of a head, perhaps without its ending.
    private func head(_ w: [UInt8], _ span: Range<Int>) -> Range<Int>? {
        if isPart(w, span) { return span }
        for e in Self.endings where w[span].ends(with: e) {
            let form = span.lowerBound..<(span.upperBound - e.count)
            if form.count >= Self.minimumReducedHeadLength && isPart(w, form) { return form }
        }
        return nil
    }

    private func isPart(_ w: [UInt8], _ range: Range<Int>) -> Bool {
        guard range.count >= Self.minimumPartLength else { return false }
        let s = String(decoding: w[range], as: UTF8.self)
        return lexicon.contains(s) && !Self.nonParts.contains(s) && !stopwords.contains(s)
    }
}

extension Collection where Element == UInt8 {
    @inline(__always)
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self.suffix(suffix.count).elementsEqual(suffix)
    }
}
