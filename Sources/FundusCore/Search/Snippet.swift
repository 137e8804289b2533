/// Cuts the best window of a passage around its highlights.
///
/// The window holds the most distinct matched words; it starts at a word
/// start and ends at a word end, with "…" where the passage goes on. Line
/// breaks become spaces so a snippet prints on one line; that keeps every
/// byte offset valid, because both are one byte.
struct SnippetMaker {
    var maxCharacters: Int

    /// `highlights` are UTF-8 byte ranges into `text`, sorted.
    func make(_ text: String, highlights: [Range<Int>]) -> (String, [Range<Int>]) {
        let bytes = Array(text.utf8)
        // Byte offset where each character starts, and the end: one pass, so
        // every window below costs O(1) to place.
        let starts = Self.characterStarts(text, bytes)
        let characterCount = starts.count - 1
        if characterCount <= maxCharacters {
            return (flatten(bytes[...]), highlights)
        }
        let (start, end) = bestWindow(bytes: bytes, starts: starts, highlights: highlights)
        let lead = start > 0 && marksCut ? "… " : ""
        let tail = end < bytes.count && marksCut ? " …" : ""
        let shift = lead.utf8.count - start
        let inside = highlights.filter { $0.lowerBound >= start && $0.upperBound <= end }
            .map { ($0.lowerBound + shift)..<($0.upperBound + shift) }
        return (lead + flatten(bytes[start..<end]) + tail, inside)
    }

    /// The byte offset where each character (grapheme cluster) of `text`
    /// starts, then its length.
    static func characterStarts(_ text: String, _ bytes: [UInt8]) -> [Int] {
        var starts = scalarStarts(bytes) ?? graphemeStarts(text)
        starts.append(bytes.count)
        return starts
    }

    private static func graphemeStarts(_ text: String) -> [Int] {
        var starts: [Int] = [], offset = 0
        for character in text {
            starts.append(offset)
            offset += character.utf8.count
        }
        return starts
    }

    /// Walking grapheme clusters was a twentieth of a batch with snippets,
    /// for text where every scalar is a character of its own: so when no
    /// scalar can join its neighbour (all below U+0300, where combining marks
    /// begin, or common punctuation and currency signs), each scalar start is
    /// a character start, except LF after CR. Nil for any other text.
    static func scalarStarts(_ bytes: [UInt8]) -> [Int]? {
        var starts: [Int] = []
        starts.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                if !(b == 0x0A && i > 0 && bytes[i - 1] == 0x0D) { starts.append(i) }
                i += 1
            } else if b >= 0xC2 && b < 0xCC {  // U+0080…U+02FF
                starts.append(i)
                i += 2
            } else if b == 0xE2 && i + 2 < bytes.count && standsAlone(0x2000 | Int(bytes[i + 1] & 0x3F) << 6 | Int(bytes[i + 2] & 0x3F)) {
                starts.append(i)
                i += 3
            } else {
                return nil
            }
        }
        return i == bytes.count ? starts : nil
    }

    /// Dashes, quotes, bullets and the ellipsis (U+2010…U+2027), per mille to
    /// the end of General Punctuation's signs (U+2030…U+205E), currency signs
    /// (U+20A0…U+20CF): none of them joins another scalar into a character.
    private static func standsAlone(_ scalar: Int) -> Bool {
        (0x2010...0x2027).contains(scalar) || (0x2030...0x205E).contains(scalar) || (0x20A0...0x20CF).contains(scalar)
    }

    /// "… " and " …" count towards `maxCharacters`; below 8 there is no
    /// room for them and the cut goes unmarked.
    private var marksCut: Bool { maxCharacters >= 8 }

    /// How many characters of the passage a window starting at `start` may
    /// hold, leaving room for the marks, so a snippet never exceeds the limit.
    private func budget(from start: Int) -> Int {
        guard marksCut else { return maxCharacters }
        return maxCharacters - 2 - (start > 0 ? 2 : 0)
    }

    private func bestWindow(bytes: [UInt8], starts: [Int], highlights: [Range<Int>]) -> (Int, Int) {
        let context = min(max(maxCharacters / 6, 10), maxCharacters / 3)
        // The matched words, case-folded, so "Rakete" twice counts once.
        let words = highlights.map { String(decoding: bytes[$0], as: UTF8.self).lowercased() }
        var candidates = [0]
        for h in highlights {
            let character = characterIndex(ofByte: h.lowerBound, starts)
            candidates.append(wordStart(before: starts[max(character - context, 0)], bytes: bytes))
            // Starting at the match itself: a window that holds it whenever it
            // fits, however long the words before it are.
            candidates.append(wordStart(before: h.lowerBound, bytes: bytes))
        }
        var best = (start: 0, end: 0, score: -1)
        for start in candidates {
            let end = windowEnd(from: start, bytes: bytes, starts: starts)
            var distinct = Set<String>(), count = 0
            for (i, h) in highlights.enumerated() where h.lowerBound >= start && h.upperBound <= end {
                distinct.insert(words[i])
                count += 1
            }
            let score = distinct.count * 1000 + count
            if score > best.score { best = (start, end, score) }
        }
        return (best.start, best.end)
    }

    private func characterIndex(ofByte b: Int, _ starts: [Int]) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= b { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    private func wordStart(before offset: Int, bytes: [UInt8]) -> Int {
        var i = offset
        while i > 0 && !isSpace(bytes[i - 1]) { i -= 1 }
        return i
    }

    /// At most `budget(from: start)` characters after `start`, backed up to
    /// the end of a word.
    private func windowEnd(from start: Int, bytes: [UInt8], starts: [Int]) -> Int {
        let first = characterIndex(ofByte: start, starts)
        var end = starts[min(first + max(budget(from: start), 1), starts.count - 1)]
        if end < bytes.count {
            var j = end
            while j > start && !isSpace(bytes[j - 1]) { j -= 1 }
            if j > start { end = j }
            while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        }
        return end
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    private func flatten(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 ? 0x20 : $0 }, as: UTF8.self)
    }
}
