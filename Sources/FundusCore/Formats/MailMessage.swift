import Foundation

/// One RFC 822 / MIME message: its headers, and the text a person reads in
/// it. Headers are kept apart (the subject is the title, the date and the
/// sender are fields) and never become words of the text.
struct MailMessage {
    var subject = ""
    var from: String?
    var date: String?
    var messageID: String?
    /// Paragraphs of the readable parts, blank-line separated.
    var text = ""

    /// Deeper MIME nesting and more parts than these are not read.
    static let maxDepth = 16
    static let maxParts = 500

    init(_ bytes: ArraySlice<UInt8>) {
        let entity = MIMEEntity(bytes)
        subject = EncodedWords.decode(entity.header("subject") ?? "")
        from = entity.header("from").map(EncodedWords.decode).flatMap { $0.isEmpty ? nil : $0 }
        date = entity.header("date").flatMap(MailDate.day)
        messageID = entity.header("message-id").map { id in
            id.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        }.flatMap { $0.isEmpty ? nil : $0 }
        var parts = 0
        text = Self.readable(entity, depth: 0, parts: &parts).joined(separator: "\n\n")
    }

    /// The readable text of an entity: text/plain as is, text/html through
    /// the HTML extractor, multipart/alternative its plain part (its HTML
    /// part when it has none), other multiparts each part in turn.
    /// Attachments and other types are left out.
    private static func readable(_ entity: MIMEEntity, depth: Int, parts: inout Int) -> [String] {
        parts += 1
        guard depth <= maxDepth, parts <= maxParts, !entity.isAttachment else { return [] }
        let type = entity.contentType
        if type.hasPrefix("multipart/") {
            let children = entity.parts()
            if type == "multipart/alternative" {
                let plain = children.first { $0.contentType == "text/plain" && !$0.isAttachment }
                let html = children.first { $0.contentType == "text/html" && !$0.isAttachment }
                guard let chosen = plain ?? html ?? children.first else { return [] }
                return readable(chosen, depth: depth + 1, parts: &parts)
            }
            return children.flatMap { readable($0, depth: depth + 1, parts: &parts) }
        }
        switch type {
        case "text/plain":
            let text = Charset.decodeLeniently(entity.decodedBody(), charset: entity.parameter("charset"))
            return text.isEmpty ? [] : [text]
        case "text/html":
            let body = entity.decodedBody()
            let utf8 = entity.parameter("charset").flatMap { Charset.decode(body, charset: $0) }.map { Array($0.utf8) }
                ?? HTMLFormat.utf8(body).0
            return HTMLText(utf8: utf8).map { [$0.text] } ?? []
        default:
            return []
        }
    }
}

/// A MIME entity: header fields (unfolded) and a body.
struct MIMEEntity {
    private var fields: [(name: String, value: String)] = []
    let body: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        var i = bytes.startIndex
        var lines: [ArraySlice<UInt8>] = []
        // Header lines until the first empty one.
        while i < bytes.endIndex {
            let end = bytes[i...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var line = bytes[i..<end]
            if line.last == 0x0D { line = line.dropLast() }
            i = end < bytes.endIndex ? end + 1 : end
            if line.isEmpty { break }
            lines.append(line)
        }
        body = bytes[i...]
        for line in lines {
            if let first = line.first, first == 0x20 || first == 0x09, !fields.isEmpty {
                fields[fields.count - 1].value += " " + Self.latin(line).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A) else { continue }
            let name = Self.latin(line[line.startIndex..<colon]).lowercased().trimmingCharacters(in: .whitespaces)
            let value = Self.latin(line[(colon + 1)...]).trimmingCharacters(in: .whitespaces)
            fields.append((name, value))
        }
    }

    /// Header bytes as text: UTF-8 if they are (RFC 6532), else Latin-1.
    private static func latin(_ bytes: ArraySlice<UInt8>) -> String {
        String(validating: bytes, as: UTF8.self) ?? String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    func header(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// "text/plain" (lower case); text/plain when absent, as RFC 2045 says.
    var contentType: String {
        guard let value = header("content-type") else { return "text/plain" }
        let type = value.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased()
        return type.isEmpty ? "text/plain" : type
    }

    var isAttachment: Bool {
        header("content-disposition")?.lowercased().trimmingCharacters(in: .whitespaces).hasPrefix("attachment") ?? false
    }

    /// A parameter of Content-Type (`charset`, `boundary`), unquoted.
    func parameter(_ name: String) -> String? {
        guard let value = header("content-type") else { return nil }
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            return pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// The body with its Content-Transfer-Encoding undone.
    func decodedBody() -> [UInt8] {
        switch header("content-transfer-encoding")?.lowercased().trimmingCharacters(in: .whitespaces) {
        case "quoted-printable": return TransferEncoding.quotedPrintable(body)
        case "base64": return TransferEncoding.base64(body)
        default: return Array(body)
        }
    }

    /// The parts of a multipart body, between `--boundary` lines.
    func parts() -> [MIMEEntity] {
        guard let boundary = parameter("boundary"), !boundary.isEmpty else { return [] }
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [MIMEEntity] = []
        var start: Int? = nil
        var i = body.startIndex
        while i < body.endIndex {
            let end = body[i...].firstIndex(of: 0x0A) ?? body.endIndex
            let line = body[i..<end]
            if line.starts(with: delimiter) {
                // The part ends before the line break that precedes the delimiter.
                if let s = start {
                    var e = i
                    if e > s, body[e - 1] == 0x0A { e -= 1 }
                    if e > s, body[e - 1] == 0x0D { e -= 1 }
                    parts.append(MIMEEntity(body[s..<e]))
                    if parts.count >= MailMessage.maxParts { break }
                }
                if line.dropFirst(delimiter.count).starts(with: [0x2D, 0x2D]) { start = nil; break }
                start = end < body.endIndex ? end + 1 : end
            }
            i = end < body.endIndex ? end + 1 : end
        }
        if let s = start, s < body.endIndex { parts.append(MIMEEntity(body[s...])) }  // no closing delimiter
        return parts
    }
}
