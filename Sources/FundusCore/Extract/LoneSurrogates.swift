import Foundation

/// JSON may spell a UTF-16 surrogate as an escape (`"\ud800"`) without its
/// other half. That is no character, and Foundation rejects the whole line;
/// a record should not be lost to one bad escape in a long text, so such
/// escapes are replaced by U+FFFD (the replacement character) and the line
/// is parsed again, with a warning.
enum LoneSurrogates {
    /// The line with every lone surrogate escape inside a string replaced by
    /// `\ufffd`, and how many there were. One pass over the bytes.
    static func repair(_ data: Data) -> (Data, count: Int) {
        let bytes = [UInt8](data)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var count = 0
        var inString = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            guard inString else {
                if b == UInt8(ascii: "\"") { inString = true }
                out.append(b)
                i += 1
                continue
            }
            if b == UInt8(ascii: "\"") {
                inString = false
            } else if b == UInt8(ascii: "\\"), i + 1 < n {
                if bytes[i + 1] == UInt8(ascii: "u"), let unit = hex4(bytes, i + 2), (0xD800...0xDFFF).contains(unit) {
                    let isHigh = unit < 0xDC00
                    if isHigh, i + 11 < n, bytes[i + 6] == UInt8(ascii: "\\"), bytes[i + 7] == UInt8(ascii: "u"),
                       let low = hex4(bytes, i + 8), (0xDC00...0xDFFF).contains(low) {
                        out.append(contentsOf: bytes[i..<(i + 12)])  // a proper pair
                        i += 12
                        continue
                    }
                    out.append(contentsOf: Array(#"\ufffd"#.utf8))
                    count += 1
                    i += 6
                    continue
                }
                out.append(contentsOf: bytes[i...(i + 1)])  // any other escape, `\\` and `\"` included
                i += 2
                continue
            }
            out.append(b)
            i += 1
        }
        return (Data(out), count)
    }

    private static func hex4(_ bytes: [UInt8], _ at: Int) -> Int? {
        guard at + 4 <= bytes.count else { return nil }
        var value = 0
        for b in bytes[at..<(at + 4)] {
            let digit: Int
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(b) - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(b) - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(b) - 55
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
