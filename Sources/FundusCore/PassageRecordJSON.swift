import Foundation

extension PassageRecord {
    /// The record as stored in a passage's document data: the JSON that
    /// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes,
    /// byte for byte (a test holds them equal), at a fraction of its cost.
    /// Every passage of an ingest is written, so the encoder showed up in
    /// profiles; the format itself is unchanged, and records are still read
    /// with `JSONDecoder`.
    public var storedJSON: String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + title.utf8.count + id.utf8.count + 96)
        out.append(UInt8(ascii: "{"))
        // Keys in sorted order; absent optionals are left out, as Codable does.
        if let date { Self.field("date", date, &out) }
        if let from { Self.field("from", from, &out) }
        Self.field("id", id, &out)
        if let page {
            Self.key("page", &out)
            out.append(contentsOf: String(page).utf8)
        }
        Self.key("passage", &out)
        out.append(contentsOf: String(passage).utf8)
        if let section { Self.field("section", section, &out) }
        if let source { Self.field("source", source, &out) }
        Self.field("text", text, &out)
        Self.field("title", title, &out)
        if let url { Self.field("url", url, &out) }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    private static func key(_ name: StaticString, _ out: inout [UInt8]) {
        if out.count > 1 { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(contentsOf: "\":".utf8)
    }

    private static func field(_ name: StaticString, _ value: String, _ out: inout [UInt8]) {
        key(name, &out)
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension PassageRecord {
    /// A passage's stored record: the small reader first, `JSONDecoder` for
    /// anything it declines; nil if neither can read it.
    static func decode(stored data: String, using decoder: JSONDecoder) -> PassageRecord? {
        PassageRecord(storedJSON: data) ?? (try? decoder.decode(PassageRecord.self, from: Data(data.utf8)))
    }

    /// Reads a stored record (see `storedJSON`) without `JSONDecoder`, whose
    /// generic machinery cost more than the rest of building a hit. Returns
    /// nil for anything but a flat object of strings, numbers and nulls;
    /// callers then fall back to `JSONDecoder`, so nothing valid is lost.
    public init?(storedJSON text: String) {
        var fields: [String: String] = [:]
        var passage: Int?
        var page: Int?
        var text = text
        let ok = text.withUTF8 { bytes -> Bool in
            var reader = FlatJSONReader(bytes: bytes)
            return reader.readObject { key, value in
                switch value {
                case .string(let s): fields[key] = s
                case .number(let n):
                    if key == "passage" { passage = Int(n) } else if key == "page" { page = Int(n) }
                case .null: break
                }
            }
        }
        guard ok, let passage, let id = fields["id"], let title = fields["title"], let body = fields["text"] else { return nil }
        self.init(id: id, title: title, passage: passage, text: body, source: fields["source"], url: fields["url"],
                  date: fields["date"], page: page, section: fields["section"], from: fields["from"])
    }
}

/// The little JSON a passage record needs: one object, string keys, values
/// that are strings, integers or null.
private struct FlatJSONReader {
    enum Value { case string(String), number(Substring), null }

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func readObject(_ field: (String, Value) -> Void) -> Bool {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if take(UInt8(ascii: "}")) { return atEnd() }
        while true {
            skipSpace()
            guard let key = readString() else { return false }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipSpace()
            guard let value = readValue() else { return false }
            field(key, value)
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "}")) && atEnd()
        }
    }

    private mutating func readValue() -> Value? {
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "\""): return readString().map(Value.string)
        case UInt8(ascii: "n"):
            guard bytes.count - i >= 4, bytes[i + 1] == UInt8(ascii: "u"), bytes[i + 2] == UInt8(ascii: "l"),
                  bytes[i + 3] == UInt8(ascii: "l") else { return nil }
            i += 4
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = i
            i += 1
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            return .number(Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)))
        default: return nil
        }
    }

    private mutating func readString() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        // Most strings hold no escape: up to the closing quote in one copy.
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            i += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)]), as: UTF8.self)
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { return nil }
                let escape = bytes[i]
                i += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = readHex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A surrogate pair: the low half must follow.
                        guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = readHex4(),
                              (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let s = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: String(s).utf8)
                default: return nil
                }
            case 0..<0x20: return nil
            default: out.append(byte)
            }
        }
        return nil
    }

    private mutating func readHex4() -> UInt32? {
        guard bytes.count - i >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i], letter = b | 0x20
            let digit: UInt8
            if b &- UInt8(ascii: "0") < 10 {
                digit = b - UInt8(ascii: "0")
            } else if letter &- UInt8(ascii: "a") < 6 {
                digit = letter - UInt8(ascii: "a") + 10
            } else {
                return nil
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    private mutating func atEnd() -> Bool {
        skipSpace()
        return i == bytes.count
    }
}
