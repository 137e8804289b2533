import Foundation

/// MIME's transfer encodings (RFC 2045), lenient with what mailers write.
enum TransferEncoding {
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            guard byte == 0x3D else {
                out.append(byte)
                i += 1
                continue
            }
            // "=" CRLF or "=" LF: a soft line break.
            if i + 1 < bytes.endIndex, bytes[i + 1] == 0x0A { i += 2; continue }
            if i + 2 < bytes.endIndex, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A { i += 3; continue }
            if i + 2 < bytes.endIndex, let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
                continue
            }
            out.append(byte)  // a lone "=": kept
            i += 1
        }
        return out
    }

    static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            let value: UInt8
            switch byte {
            case 0x41...0x5A: value = byte - 0x41
            case 0x61...0x7A: value = byte - 0x61 + 26
            case 0x30...0x39: value = byte - 0x30 + 52
            case 0x2B, 0x2D: value = 62
            case 0x2F, 0x5F: value = 63
            case 0x3D: return out  // padding: the end
            default: continue  // line breaks, stray characters
            }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return out
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}

/// RFC 2047 encoded words in headers: `=?UTF-8?B?…?=`, `=?ISO-8859-1?Q?…?=`.
/// White space between two encoded words is dropped, as the RFC says.
enum EncodedWords {
    static func decode(_ header: String) -> String {
        guard header.contains("=?") else { return header }
        var out = ""
        var rest = Substring(header)
        var pendingSpace = ""
        var lastWasEncoded = false
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, after) = encodedWord(rest) {
                if !lastWasEncoded { out += pendingSpace }
                pendingSpace = ""
                out += decoded
                rest = after
                lastWasEncoded = true
                continue
            }
            let c = rest.removeFirst()
            if c == " " || c == "\t" {
                pendingSpace.append(c)
                continue
            }
            out += pendingSpace
            pendingSpace = ""
            out.append(c)
            lastWasEncoded = false
        }
        return out + pendingSpace
    }

    /// One encoded word at the start of `text`, and what follows it.
    private static func encodedWord(_ text: Substring) -> (String, Substring)? {
        let body = text.dropFirst(2)
        guard let q1 = body.prefix(80).firstIndex(of: "?") else { return nil }
        var charset = String(body[..<q1])
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        let afterCharset = body[body.index(after: q1)...]
        guard let q2 = afterCharset.firstIndex(of: "?"), afterCharset.distance(from: afterCharset.startIndex, to: q2) == 1
        else { return nil }
        let encoding = afterCharset[afterCharset.startIndex].uppercased()
        let payloadStart = afterCharset.index(after: q2)
        // An encoded word is at most 75 characters (RFC 2047): a stray "=?"
        // must not make every later one search the rest of a long header.
        let window = afterCharset[payloadStart...].prefix(256)
        guard let end = window.range(of: "?=") else { return nil }
        let payload = Array(afterCharset[payloadStart..<end.lowerBound].utf8)
        let bytes: [UInt8]
        switch encoding {
        case "B": bytes = TransferEncoding.base64(payload[...])
        case "Q": bytes = TransferEncoding.quotedPrintable(payload.map { $0 == 0x5F ? 0x20 : $0 }[...])
        default: return nil
        }
        return (Charset.decodeLeniently(bytes, charset: charset), afterCharset[end.upperBound...])
    }
}

/// The day of an RFC 2822 date ("Tue, 3 Dec 2024 09:15:00 +0100"), as
/// written by the sender (its own time zone), as YYYY-MM-DD.
enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func day(_ header: String) -> String? {
        let words = header.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
        guard let m = words.firstIndex(where: { months.contains(String($0.prefix(3)).lowercased()) && $0.count >= 3 }),
              m > words.startIndex, m + 1 < words.endIndex,
              let day = Int(words[m - 1]), (1...31).contains(day),
              var year = Int(words[m + 1])
        else { return nil }
        if year < 50 { year += 2000 } else if year < 100 { year += 1900 }
        guard (1000...9999).contains(year) else { return nil }
        let month = months.firstIndex(of: String(words[m].prefix(3)).lowercased())! + 1
        let text = String(format: "%04d-%02d-%02d", year, month, day)
        return DateValue.normalise(text)
    }
}

/// The address in a From header: `Anna Beispiel <anna@example.org>` → `anna@example.org`.
enum MailAddress {
    static func address(in header: String) -> String? {
        if let open = header.lastIndex(of: "<"), let close = header[open...].firstIndex(of: ">") {
            let inside = header[header.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            return inside.contains("@") ? inside : nil
        }
        return header.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" || $0 == ")" })
            .first { $0.contains("@") }.map(String.init)
    }
}
