/// Splits a document's text into passages: the units Fundus ranks and shows.
///
/// Paragraphs end at blank lines. A paragraph longer than `maxCharacters` is
/// cut at sentence ends (at spaces if a sentence alone is too long). Short
/// paragraphs are joined to the next ones until the passage reaches
/// `joinBelow` characters: a heading, a man page's "OPTIONEN" or one line of
/// an option list answers nothing on its own, and every passage costs index
/// space (its own term list and position lists).
///
/// ```swift
/// PassageSplitter().split("Titel\n\nErster Absatz.\n\nZweiter Absatz.")
/// // ["Titel\nErster Absatz.", "Zweiter Absatz."]
/// ```
public struct PassageSplitter: Sendable {
    public var maxCharacters: Int
    public var joinBelow: Int

    public init(maxCharacters: Int = 1000, joinBelow: Int = 300) {
        self.maxCharacters = max(maxCharacters, 20)
        self.joinBelow = joinBelow
    }

    public func split(_ text: String) -> [String] {
        var pieces: [Substring] = []
        for paragraph in paragraphs(of: text) {
            if !Self.holds(paragraph, moreThan: maxCharacters) {
                pieces.append(paragraph)
            } else {
                pieces.append(contentsOf: cutLong(paragraph))
            }
        }
        return joinShort(pieces)
    }

    private func paragraphs(of text: String) -> [Substring] {
        var result: [Substring] = []
        var current: [Substring] = []
        func flush() {
            if !current.isEmpty {
                let start = current.first!.startIndex, end = current.last!.endIndex
                result.append(text[start..<end])
                current.removeAll(keepingCapacity: true)
            }
        }
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.allSatisfy(\.isWhitespace) { flush() } else { current.append(line) }
        }
        flush()
        return result.map(trimmed).filter { !$0.isEmpty }
    }

    /// Each cut looks at most `maxCharacters` ahead and moves on by at least
    /// half of that, so a paragraph is walked a bounded number of times
    /// whatever its length. (Counting the rest of it before every cut made a
    /// paragraph of n characters cost n² / 1000 steps: 20 MB took hours.)
    private func cutLong(_ paragraph: Substring) -> [Substring] {
        var result: [Substring] = []
        var rest = paragraph
        while let limit = rest.index(rest.startIndex, offsetBy: maxCharacters, limitedBy: rest.endIndex),
              limit < rest.endIndex {
            let window = rest[rest.startIndex..<limit]
            let half = rest.index(rest.startIndex, offsetBy: maxCharacters / 2)
            let cut = lastSentenceEnd(in: window, after: half) ?? lastSpace(in: window, after: half) ?? limit
            result.append(trimmed(rest[rest.startIndex..<cut]))
            // Only leading blanks: the paragraph itself is trimmed, so its end
            // needs no second look (a scan from the end for every cut).
            rest = rest[cut...].drop(while: \.isWhitespace)
        }
        if !rest.isEmpty { result.append(rest) }
        return result.filter { !$0.isEmpty }
    }

    /// True when `text` has more than `n` characters, found by walking at
    /// most n + 1 of them (`count` walks them all).
    static func holds(_ text: Substring, moreThan n: Int) -> Bool {
        guard let end = text.index(text.startIndex, offsetBy: n, limitedBy: text.endIndex) else { return false }
        return end < text.endIndex
    }

    /// The index just after the last ". ", "! ", "? " (or before a newline)
    /// in the second half of the window; cutting earlier makes tiny passages.
    private func lastSentenceEnd(in window: Substring, after half: Substring.Index) -> Substring.Index? {
        var i = window.endIndex
        while i > half {
            let prev = window.index(before: i)
            if i < window.endIndex, ".!?:;".contains(window[prev]), window[i].isWhitespace { return i }
            i = prev
        }
        return nil
    }

    private func lastSpace(in window: Substring, after half: Substring.Index) -> Substring.Index? {
        window[half...].lastIndex(where: \.isWhitespace)
    }

    private func joinShort(_ pieces: [Substring]) -> [String] {
        var result: [String] = []
        var pending = ""
        var pendingCount = 0
        for piece in pieces {
            let n = piece.count
            if pending.isEmpty {
                pending = String(piece)
                pendingCount = n
            } else if pendingCount < joinBelow && pendingCount + 1 + n <= maxCharacters {
                pending += "\n" + piece
                pendingCount += 1 + n
            } else {
                result.append(pending)
                pending = String(piece)
                pendingCount = n
            }
        }
        if !pending.isEmpty { result.append(pending) }
        return result
    }

    private func trimmed(_ s: Substring) -> Substring {
        guard let first = s.firstIndex(where: { !$0.isWhitespace }),
              let last = s.lastIndex(where: { !$0.isWhitespace })
        else { return s[s.endIndex...] }
        return s[first...last]
    }
}
