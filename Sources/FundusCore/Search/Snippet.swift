/// Cuts the best window of a passage around its highlights.
///
/// The window holds the most distinct matched words; it starts at a sentence
/// or word start and ends at a word end, with "…" where the passage goes on.
/// Line breaks become spaces so a snippet prints on one line; that keeps every
/// byte offset valid, because both are one byte.
struct SnippetMaker {
    var maxCharacters: Int

    /// `highlights` are UTF-8 byte ranges into `text`, sorted.
    func make(_ text: String, highlights: [Range<Int>]) -> (String, [Range<Int>]) {
        let bytes = Array(text.utf8)
        let characterCount = text.count
        if characterCount <= maxCharacters {
            return (flatten(bytes[...]), highlights)
        }
        let (start, end) = bestWindow(text, bytes: bytes, highlights: highlights)
        let lead = start > 0 ? "… " : ""
        let tail = end < bytes.count ? " …" : ""
        let body = flatten(bytes[start..<end])
        let shift = lead.utf8.count - start
        let inside = highlights.filter { $0.lowerBound >= start && $0.upperBound <= end }
            .map { ($0.lowerBound + shift)..<($0.upperBound + shift) }
        return (lead + body + tail, inside)
    }

    private func bestWindow(_ text: String, bytes: [UInt8], highlights: [Range<Int>]) -> (Int, Int) {
        // Candidate starts: a little before each highlight, and the passage start.
        let context = max(maxCharacters / 6, 10)
        var best = (start: 0, end: windowEnd(from: 0, text: text, bytes: bytes), score: -1)
        var candidates = [0]
        for h in highlights {
            candidates.append(wordStart(before: byteOffset(text, h.lowerBound, minusCharacters: context), bytes: bytes))
        }
        for start in candidates {
            let end = windowEnd(from: start, text: text, bytes: bytes)
            let inside = highlights.filter { $0.lowerBound >= start && $0.upperBound <= end }
            let distinct = Set(inside.map { Array(bytes[$0]).map { $0 | 0x20 } }).count
            let score = distinct * 1000 + inside.count
            if score > best.score { best = (start, end, score) }
        }
        return (best.start, best.end)
    }

    /// The byte offset `n` characters before `offset` (or 0).
    private func byteOffset(_ text: String, _ offset: Int, minusCharacters n: Int) -> Int {
        let utf8 = text.utf8
        var i = utf8.index(utf8.startIndex, offsetBy: offset)
        var remaining = n
        while remaining > 0, i > text.startIndex {
            i = text.index(before: i)
            remaining -= 1
        }
        return utf8.distance(from: utf8.startIndex, to: i)
    }

    /// Moves back to the start of a word, or to a sentence start nearby.
    private func wordStart(before offset: Int, bytes: [UInt8]) -> Int {
        var i = offset
        while i > 0 && !isSpace(bytes[i - 1]) { i -= 1 }
        return i
    }

    /// About `maxCharacters` after `start`, backed up to the end of a word.
    private func windowEnd(from start: Int, text: String, bytes: [UInt8]) -> Int {
        let utf8 = text.utf8
        var i = utf8.index(utf8.startIndex, offsetBy: start)
        var count = 0
        while count < maxCharacters, i < text.endIndex {
            i = text.index(after: i)
            count += 1
        }
        var end = utf8.distance(from: utf8.startIndex, to: i)
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
