import Foundation

/// One e-mail message in a file (`.eml`): the subject is the title, the
/// date and the sender are fields, the readable parts are the text.
struct MailFormat: DocumentExtractor {
    let name = "e-mail"
    let extensions: Set<String> = ["eml"]
    let maxBytes: Int64 = 64 << 20

    func isLikely(head: [UInt8]) -> Bool { MailHeaders.look(head) && !head.starts(with: Array("From ".utf8)) }

    func extract(path: String, data: Data) throws -> Extraction {
        var bytes = Array(data)[...]
        // An export may begin with an mbox "From " line.
        if bytes.starts(with: Array("From ".utf8)) { bytes = bytes.drop { $0 != 0x0A }.dropFirst() }
        // Named .eml, one header field at the start will do.
        guard MailHeaders.look(Array(bytes.prefix(Formats.headBytes)), fields: 1) else {
            throw ExtractionFailure("no mail headers at its start, skipped")
        }
        return Extraction(Self.document(MailMessage(bytes), id: path))
    }

    static func document(_ message: MailMessage, id: String) -> SourceDocument {
        SourceDocument(id: id, title: message.subject, text: message.text, date: message.date, from: message.from)
    }
}

/// A mailbox in mbox format: messages each after a line "From …", each its
/// own document, with id `path#Message-ID` (`path#N`, the message's number
/// from 1, when it has none or shares it with an earlier one).
struct MboxFormat: DocumentExtractor {
    let name = "mbox"
    let extensions: Set<String> = ["mbox", "mbx"]
    /// The mailbox, its copy as bytes and the messages' text are in memory
    /// at once: 64 MB keeps a run under 300 MB.
    let maxBytes: Int64 = 64 << 20
    /// More messages than this in one mailbox are left out, with a warning:
    /// 10,000 take about 5 s to index.
    static let maxMessages = 10_000

    func isLikely(head: [UInt8]) -> Bool {
        guard head.starts(with: Array("From ".utf8)), let end = head.firstIndex(of: 0x0A) else { return false }
        return MailHeaders.look(Array(head[(end + 1)...]))
    }

    func extract(path: String, data: Data) throws -> Extraction {
        let bytes = Array(data)
        var documents: [SourceDocument] = []
        var ids = Set<String>()
        var count = 0
        for message in Self.messages(bytes[...]) {
            count += 1
            guard count <= Self.maxMessages else { continue }
            let mail = MailMessage(message)
            var id = path + "#" + (mail.messageID ?? String(count))
            if !ids.insert(id).inserted {
                id = path + "#" + String(count)
                ids.insert(id)
            }
            documents.append(MailFormat.document(mail, id: id))
        }
        guard count > 0 else { throw ExtractionFailure("no messages (no line starting with \"From \"), skipped") }
        var warnings: [String] = []
        if count > Self.maxMessages {
            warnings.append("\(count) messages, only the first \(Self.maxMessages) indexed")
        }
        return Extraction(documents: documents, warnings: warnings)
    }

    /// The messages of a mailbox: the text after each "From " line that
    /// starts the file or follows a blank line, with mboxrd's quoting of
    /// ">From " lines undone.
    static func messages(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        let from = Array("From ".utf8)
        var starts: [(line: Int, body: Int)] = []
        var i = bytes.startIndex
        var previousBlank = true
        while i < bytes.endIndex {
            let end = bytes[i...].firstIndex(of: 0x0A) ?? bytes.endIndex
            let next = end < bytes.endIndex ? end + 1 : end
            if previousBlank, bytes[i..<end].starts(with: from) { starts.append((i, next)) }
            previousBlank = end == i || (end == i + 1 && bytes[i] == 0x0D)
            i = next
        }
        return starts.enumerated().map { k, start in
            let end = k + 1 < starts.count ? starts[k + 1].line : bytes.endIndex
            return unquote(bytes[start.body..<end])
        }
    }

    /// ">From " → "From ", ">>From " → ">From " (mboxrd); a message with no
    /// such line is returned as it is, uncopied.
    private static func unquote(_ message: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let quoted = Array(">From ".utf8)
        guard message.firstRange(of: quoted) != nil else { return message }
        var out: [UInt8] = []
        out.reserveCapacity(message.count)
        var i = message.startIndex
        while i < message.endIndex {
            let end = message[i...].firstIndex(of: 0x0A).map { $0 + 1 } ?? message.endIndex
            let line = message[i..<end]
            let rest = line.drop { $0 == 0x3E }
            if line.first == 0x3E, rest.starts(with: Array("From ".utf8)) { out.append(contentsOf: line.dropFirst()) }
            else { out.append(contentsOf: line) }
            i = end
        }
        return out[...]
    }
}

/// Whether bytes start like a message: header lines, `fields` or more of
/// them fields every mail has (two, for a file whose name says nothing).
enum MailHeaders {
    private static let common: Set<String> = [
        "from", "to", "subject", "date", "message-id", "received", "return-path", "mime-version", "content-type",
        "delivered-to", "cc", "reply-to", "x-mailer", "user-agent",
    ]

    static func look(_ head: [UInt8], fields: Int = 2) -> Bool {
        var known = 0
        for line in head.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(40) {
            let line = line.last == 0x0D ? line.dropLast() : line
            if line.isEmpty { break }
            if line.first == 0x20 || line.first == 0x09 { continue }
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            else { return false }
            if common.contains(String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()) { known += 1 }
        }
        return known >= fields
    }
}
