import CLibXML2
import Foundation

/// The visible text of an HTML page, as libxml2's HTML parser reads it:
/// block elements and headings end paragraphs, scripts, styles, navigation,
/// templates and comments are left out, entities are decoded (by the parser).
struct HTMLText {
    /// The `<title>`, else the first `h1`; "" if neither.
    var title = ""
    /// The first heading (h1 to h3) of the body: an e-book chapter's name.
    var firstHeading: String?
    /// Paragraphs, whitespace collapsed (kept in `pre`).
    var paragraphs: [String] = []

    /// nil when libxml2 could not make a document of it at all.
    init?(utf8: [UInt8]) {
        guard let document = LibXML.html(utf8), let root = document.root else { return nil }
        var reader = Reader()
        LibXML.walk(root, enter: { reader.enter($0) }, leave: { reader.leave($0) })
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

    private struct Reader {
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

        mutating func enter(_ node: xmlNodePtr) -> Bool {
            if LibXML.isText(node) {
                LibXML.withText(node) { append($0) }
                return false
            }
            guard LibXML.isElement(node) else { return false }  // comments, processing instructions
            let tag = LibXML.name(node).lowercased()
            if tag == "title" && !inTitle && pre == 0 && paragraphs.isEmpty && heading == nil && titleBytes.isEmpty {
                flush()
                inTitle = true
                return true
            }
            if HTMLTags.skip.contains(tag) || (!HTMLTags.void.contains(tag) && isBoilerplate(node, tag)) { return false }
            if HTMLTags.block.contains(tag) {
                flush()
            } else if HTMLTags.cell.contains(tag), hasText {
                buffer.append(contentsOf: " | ".utf8)
            }
            if tag.count == 2, tag.first == "h", let level = Int(tag.dropFirst()), (1...6).contains(level) { heading = level }
            if HTMLTags.pre.contains(tag) { pre += 1 }
            return true
        }

        mutating func leave(_ node: xmlNodePtr) {
            let tag = LibXML.name(node).lowercased()
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
        private func isBoilerplate(_ node: xmlNodePtr, _ tag: String) -> Bool {
            if tag == "html" || tag == "body" { return false }
            if LibXML.attribute(node, "aria-hidden") == "true" { return true }
            for name in ["class", "id", "role"] {
                guard let value = LibXML.attribute(node, name)?.lowercased(), !value.isEmpty else { continue }
                if HTMLTags.boiler.contains(value) { return true }
                let tokens = value.split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" || $0 == "\t" || $0 == "\n" })
                if tokens.contains(where: { HTMLTags.boiler.contains(String($0)) }) { return true }
            }
            return false
        }

        mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
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

        mutating func flush() {
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
