import Foundation
import ZIPFoundation

/// Documents of each format, written by the tests themselves (German text of
/// our own): a PDF assembled object by object with its cross-reference
/// table, zip containers (DOCX, ODT, EPUB) made with ZIPFoundation.
enum FormatFixtures {
    /// A PDF with one page of text per entry (Helvetica, WinAnsiEncoding, so
    /// umlauts are single bytes), and an Info dictionary when there is a title.
    static func pdf(pages: [String], title: String? = nil) -> Data {
        var objects: [Data] = []
        func add(_ text: String) { objects.append(Data(text.utf8)) }
        add("<< /Type /Catalog /Pages 2 0 R >>")
        let kids = pages.indices.map { "\(3 + 2 * $0) 0 R" }.joined(separator: " ")
        add("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")
        let font = 3 + 2 * pages.count
        for (i, text) in pages.enumerated() {
            add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 \(font) 0 R >> >> "
                + "/Contents \(4 + 2 * i) 0 R >>")
            // Each line its own text line, 16 points apart.
            var stream = Data("BT /F1 12 Tf 72 760 Td 16 TL".utf8)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                stream += Data(" (".utf8) + (line.data(using: .windowsCP1252) ?? Data()) + Data(") Tj T*".utf8)
            }
            stream += Data(" ET".utf8)
            objects.append(Data("<< /Length \(stream.count) >>\nstream\n".utf8) + stream + Data("\nendstream".utf8))
        }
        add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        var info: Int?
        if let title {
            objects.append(Data("<< /Title (".utf8) + (title.data(using: .isoLatin1) ?? Data())
                + Data(") /CreationDate (D:20240301120000Z) >>".utf8))
            info = objects.count
        }
        var out = Data("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (i, object) in objects.enumerated() {
            offsets.append(out.count)
            out += Data("\(i + 1) 0 obj\n".utf8) + object + Data("\nendobj\n".utf8)
        }
        let xref = out.count
        out += Data("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets { out += Data((String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n").utf8) }
        out += Data("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R\(info.map { " /Info \($0) 0 R" } ?? "") >>\n".utf8)
        out += Data("startxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }

    /// A zip archive; the first entry is stored (uncompressed), as
    /// OpenDocument and EPUB want their `mimetype`, the rest deflated.
    static func zip(_ entries: [(String, Data)], storedFirst: Bool = false) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (i, (path, data)) in entries.enumerated() {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: storedFirst && i == 0 ? .none : .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }

    static func zip(_ entries: [(String, String)], storedFirst: Bool = false) throws -> Data {
        try zip(entries.map { ($0.0, Data($0.1.utf8)) }, storedFirst: storedFirst)
    }

    static func docx(paragraphs: [String], deleted: String, title: String) throws -> Data {
        let body = paragraphs.map { "<w:p><w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r></w:p>" }.joined()
            + "<w:p><w:del><w:r><w:delText>\(deleted)</w:delText></w:r></w:del></w:p>"
        return try zip([
            ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#),
            ("word/document.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"# + body + "</w:body></w:document>"),
            ("docProps/core.xml", #"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>"# + title + "</dc:title><dcterms:created>2024-01-15T10:00:00Z</dcterms:created></cp:coreProperties>"),
        ])
    }

    static func odt(heading: String, paragraph: String, title: String) throws -> Data {
        try zip([
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", #"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:h text:outline-level="1">"# + heading + "</text:h><text:p>" + paragraph + "</text:p></office:text></office:body></office:document-content>"),
            ("meta.xml", #"<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta><dc:title>"# + title + "</dc:title><meta:creation-date>2023-05-02T08:00:00</meta:creation-date></office:meta></office:document-meta>"),
        ], storedFirst: true)
    }

    /// An EPUB whose spine lists the chapters in the order given, each
    /// (file name, heading, paragraph); the manifest lists them reversed.
    static func epub(title: String, chapters: [(String, String, String)]) throws -> Data {
        let manifest = chapters.reversed().map { #"<item id="\#($0.0)" href="Text/\#($0.0).xhtml" media-type="application/xhtml+xml"/>"# }.joined()
        let spine = chapters.map { #"<itemref idref="\#($0.0)"/>"# }.joined()
        var entries: [(String, String)] = [
            ("mimetype", "application/epub+zip"),
            ("META-INF/container.xml", #"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#),
            ("OEBPS/content.opf", #"<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>"# + title + "</dc:title><dc:date>2020-06-01</dc:date></metadata><manifest>" + manifest + "</manifest><spine>" + spine + "</spine></package>"),
        ]
        for (name, heading, paragraph) in chapters {
            entries.append(("OEBPS/Text/\(name).xhtml", #"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>\#(name)</title></head><body><h1>\#(heading)</h1><p>\#(paragraph)</p></body></html>"#))
        }
        return try zip(entries, storedFirst: true)
    }

    /// Sets the uncompressed size an archive declares for `path` (in its
    /// local header and its central directory) to `size`: a zip bomb lies.
    static func lyingAboutSize(_ zip: Data, path: String, size: UInt32) -> Data {
        var bytes = [UInt8](zip)
        let name = Array(path.utf8)
        func put(_ at: Int) { for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: size >> (8 * UInt32(k))) } }
        var i = 0
        while i + 46 < bytes.count {
            if bytes[i..<i + 4] == [0x50, 0x4B, 0x03, 0x04][...], Array(bytes[(i + 30)..<min(i + 30 + name.count, bytes.count)]) == name {
                put(i + 22)
            } else if bytes[i..<i + 4] == [0x50, 0x4B, 0x01, 0x02][...], Array(bytes[(i + 46)..<min(i + 46 + name.count, bytes.count)]) == name {
                put(i + 24)
            }
            i += 1
        }
        return Data(bytes)
    }
}
