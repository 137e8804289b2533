/// Stage 2: cuts a text into words, as byte ranges of its UTF-8.
///
/// A word is a run of letters and digits (any script), with combining marks,
/// and with invisible characters and apostrophes that stand between two word
/// characters. Everything else separates words, hyphens included: "Kreml-Sprecher"
/// gives "Kreml" and "Sprecher" at consecutive positions, so a phrase query
/// "Kreml Sprecher" matches and each part is found on its own.
/// Punctuation inside numbers separates too ("3,5" gives "3" and "5").
enum Tokenizer {
    /// Calls `body` with the byte range of each word, in order.
    static func forEachWord(in text: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        let n = text.count
        var i = 0
        while i < n {
            let (v, len) = decode(text, at: i)
            guard Normalizer.role(v) == .word else {
                i += len
                continue
            }
            let start = i
            i += len
            var end = i
            scan: while i < n {
                let (v, len) = decode(text, at: i)
                switch Normalizer.role(v) {
                case .word, .mark:
                    i += len
                    end = i
                case .invisible, .apostrophe:
                    // Joiners count only when a word character follows them;
                    // a trailing apostrophe ("Hans'") is punctuation.
                    var j = i + len
                    while j < n {
                        let (v, len) = decode(text, at: j)
                        let role = Normalizer.role(v)
                        if role == .invisible || role == .apostrophe { j += len } else { break }
                    }
                    guard j < n, Normalizer.role(decode(text, at: j).0) == .word else { break scan }
                    i = j
                case .separator:
                    break scan
                }
            }
            body(start..<end)
            i = end
        }
    }

    /// Decodes the scalar at `i`. Swift strings hold valid UTF-8, so the lead
    /// byte tells the length.
    @inline(__always)
    static func decode(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(s[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(s[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(s[i + 1] & 0x3F) << 6 | UInt32(s[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(s[i + 1] & 0x3F) << 12 | UInt32(s[i + 2] & 0x3F) << 6
            | UInt32(s[i + 3] & 0x3F), 4)
    }
}
