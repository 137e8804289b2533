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
        Self.field("id", id, &out)
        Self.key("passage", &out)
        out.append(contentsOf: String(passage).utf8)
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
