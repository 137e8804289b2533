import Foundation

/// Web pages saved as files: `.html`, `.htm`, `.xhtml`, or a file without a
/// known extension that starts like HTML.
struct HTMLFormat: DocumentExtractor {
    let name = "HTML"
    let extensions: Set<String> = ["html", "htm", "xhtml", "xht", "shtml"]
    var maxBytes: Int64 { Int64(LibXML.maxInputBytes) }

    func isLikely(head: [UInt8]) -> Bool {
        let start = String(decoding: Formats.skippingBOMAndSpace(head).prefix(512), as: UTF8.self).lowercased()
        return start.hasPrefix("<!doctype html") || start.hasPrefix("<html")
            || (start.hasPrefix("<?xml") && start.contains("<html"))
    }

    func extract(path: String, data: Data) throws -> Extraction {
        // NUL bytes: a binary file named .html (UTF-16 pages have a byte order mark).
        if data.contains(0) && !(data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])) {
            throw ExtractionFailure("binary file (contains NUL bytes), skipped")
        }
        let (utf8, warning) = Self.utf8(Array(data))
        guard let page = HTMLText(utf8: utf8) else { throw ExtractionFailure("not readable as HTML, skipped") }
        return Extraction(SourceDocument(id: path, title: page.title, text: page.text), warning: warning)
    }

    /// The page's bytes as UTF-8: by its byte order mark, else the charset
    /// its meta tag declares (`<meta charset>` or `http-equiv`), else UTF-8
    /// if it is, else Windows-1252 (with a warning).
    static func utf8(_ bytes: [UInt8]) -> ([UInt8], String?) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (Array(bytes.dropFirst(3)), nil) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            if let text = String(data: Data(bytes.dropFirst(2)), encoding: encoding) { return (Array(text.utf8), nil) }
        }
        if let declared = declaredCharset(bytes) {
            if let text = Charset.decode(bytes, charset: declared) { return (Array(text.utf8), nil) }
        }
        if String(validating: bytes, as: UTF8.self) != nil { return (bytes, nil) }
        let text = Charset.decodeLeniently(bytes, charset: "windows-1252")
        return (Array(text.utf8), "not UTF-8 and no charset declared, read as Windows-1252")
    }

    /// The charset named in the first 4 KB: `charset=NAME` in a meta tag
    /// (either form) or in the XML declaration's `encoding="NAME"`.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = Array(bytes.prefix(4096)).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        for key in ["charset=", "encoding="] {
            let pattern = Array(key.utf8)
            var i = 0
            while i + pattern.count <= head.count {
                if head[i] == pattern[0], Array(head[i..<i + pattern.count]) == pattern {
                    var j = i + pattern.count
                    while j < head.count, head[j] == 0x22 || head[j] == 0x27 || head[j] == 0x20 { j += 1 }
                    var name: [UInt8] = []
                    while j < head.count, name.count < 40,
                          isalnum(Int32(head[j])) != 0 || head[j] == 0x2D || head[j] == 0x5F || head[j] == 0x3A || head[j] == 0x2E {
                        name.append(head[j])
                        j += 1
                    }
                    if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
                }
                i += 1
            }
        }
        return nil
    }
}
