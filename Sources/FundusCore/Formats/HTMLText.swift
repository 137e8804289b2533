import Foundation

/// The visible text of an HTML page, as libxml2's HTML parser reads it (as
/// a stream: no tree is built):
/// block elements and headings end paragraphs, scripts, styles, navigation,
/// templates and comments are left out, entities are decoded (by the parser).
struct HTMLText {
    /// The `<title>`, else the first `h1`; "" if neither.
    var title = ""
    /// The first heading (h1 to h3) of the body: an e-book chapter's name.
    var firstHeading: String?
    /// Paragraphs, whitespace collapsed (kept in `pre`).
    var paragraphs: [String] = []

    /// nil when libxml2's parser could not start.
    init?(utf8: [UInt8]) {
        let reader = Reader()
        let events = LibXML.HTMLEvents(start: { reader.start($0, $1) }, end: { reader.end($0) }, text: { reader.append($0) })
        guard LibXML.streamHTML(utf8, events) else { return nil }
        reader.flush()
        paragraphs = reader.paragraphs
        firstHeading = reader.firstHeading
        let title = Self.collapsed(reader.titleBytes)
        self.title = title.isEmpty ? (reader.firstH1 ?? "") : title
    }

    /// The text as the passage splitter reads it: paragraphs separated by blank lines.
    var text: String { paragraphs.joined(separator: "\n\n") }

    static func collapsed(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            if isSpace(byte) {
                if let last = out.last, last != 0x20 { out.append(0x20) }
            } else {
                out.append(byte)
            }
        }
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    private final class Reader {
        var paragraphs: [String] = []
        var buffer: [UInt8] = []
        /// Whether `buffer` holds more than white space (a cell after text gets a separator).
        var hasText = false
        var titleBytes: [UInt8] = []
        var inTitle = false
        var pre = 0
        var heading: Int? = nil
        var firstH1: String?
        var firstHeading: String?
        /// Inside an element left out (a script, a nav): how deep.
        var skipping = 0

        func start(_ tag: String, _ attribute: (String) -> String?) {
            if skipping > 0 {
                skipping += 1
                return
            }
            if tag == "title" && !inTitle && pre == 0 && paragraphs.isEmpty && heading == nil && titleBytes.isEmpty {
                flush()
                inTitle = true
                return
            }
            if HTMLTags.skip.contains(tag) || (!HTMLTags.void.contains(tag) && isBoilerplate(tag, attribute)) {
                skipping = 1
                return
            }
            if HTMLTags.block.contains(tag) {
                flush()
            } else if HTMLTags.cell.contains(tag), hasText {
                buffer.append(contentsOf: " | ".utf8)
            }
            if tag.count == 2, tag.first == "h", let level = Int(tag.dropFirst()), (1...6).contains(level) { heading = level }
            if HTMLTags.pre.contains(tag) { pre += 1 }
        }

        func end(_ tag: String) {
            if skipping > 0 {
                skipping -= 1
                return
            }
            if inTitle && tag == "title" {
                inTitle = false
                return
            }
            if HTMLTags.block.contains(tag) { flush() }
            if tag.count == 2, tag.first == "h", Int(tag.dropFirst()) != nil { heading = nil }
            if HTMLTags.pre.contains(tag) && pre > 0 { pre -= 1 }
        }

        /// Navigation and tables of contents by class, id or role, and
        /// what is hidden from screen readers: the same on every page.
        private func isBoilerplate(_ tag: String, _ attribute: (String) -> String?) -> Bool {
            if tag == "html" || tag == "body" { return false }
            if attribute("aria-hidden") == "true" { return true }
            for name in ["class", "id", "role"] {
                guard let value = attribute(name)?.lowercased(), !value.isEmpty else { continue }
                if HTMLTags.boiler.contains(value) { return true }
                let tokens = value.split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" || $0 == "\t" || $0 == "\n" })
                if tokens.contains(where: { HTMLTags.boiler.contains(String($0)) }) { return true }
            }
            return false
        }

        func append(_ text: UnsafeBufferPointer<UInt8>) {
            if skipping > 0 { return }
            if inTitle {
                titleBytes.append(contentsOf: text)
                return
            }
            if pre > 0 {
                // Blank lines inside pre would split it into passages: one newline each.
                for byte in text where byte != 0x0D {
                    if byte == 0x0A && buffer.last == 0x0A { continue }
                    buffer.append(byte)
                    if !HTMLText.isSpace(byte) { hasText = true }
                }
                return
            }
            for byte in text {
                if HTMLText.isSpace(byte) {
                    if let last = buffer.last, last != 0x20 { buffer.append(0x20) }
                } else {
                    buffer.append(byte)
                    hasText = true
                }
            }
        }

        func flush() {
            guard !buffer.isEmpty else { return }
            defer {
                buffer.removeAll(keepingCapacity: true)
                hasText = false
            }
            var start = 0, end = buffer.count
            while start < end && HTMLText.isSpace(buffer[start]) { start += 1 }
            while end > start && HTMLText.isSpace(buffer[end - 1]) { end -= 1 }
            guard start < end else { return }
            let paragraph = String(decoding: buffer[start..<end], as: UTF8.self)
            if let heading {
                if heading == 1 && firstH1 == nil { firstH1 = paragraph }
                if heading <= 3 && firstHeading == nil { firstHeading = paragraph }
            }
            paragraphs.append(paragraph)
        }
    }
}
