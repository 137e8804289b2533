import Foundation

/// E-books (.epub): the chapters in the order of the spine, each a section
/// whose passages carry the chapter's heading; the book's title and date
/// from its package document.
struct EPUBFormat: DocumentExtractor {
    let name = "EPUB"
    let extensions: Set<String> = ["epub"]
    let maxBytes: Int64 = 100 << 20
    static let maxChapters = 2_000

    func isCertain(head: [UInt8]) -> Bool { ZipReader.firstEntry(of: head, is: "mimetype", holding: "application/epub+zip") }

    func extract(path: String, data: Data) throws -> Extraction {
        let zip = try ZipReader(data: data)
        guard let container = try zip.read("META-INF/container.xml"), let containerDoc = LibXML.xml(container),
              let containerRoot = containerDoc.root,
              let rootfile = LibXML.elements(named: "rootfile", under: containerRoot).first,
              let opfPath = LibXML.attribute(rootfile, "full-path"), !opfPath.isEmpty
        else { throw ExtractionFailure("no META-INF/container.xml naming its package: not an EPUB, skipped") }
        guard let opf = try zip.read(opfPath), let package = LibXML.xml(opf), let root = package.root else {
            throw ExtractionFailure("its package document \(opfPath) is missing or not XML, skipped")
        }
        var hrefs: [String: String] = [:]
        for item in LibXML.elements(named: "item", under: root) {
            if let id = LibXML.attribute(item, "id"), let href = LibXML.attribute(item, "href") { hrefs[id] = href }
        }
        let base = (opfPath as NSString).deletingLastPathComponent
        var sections: [SourceDocument.Section] = []
        var firstTitle: String?
        for itemref in LibXML.elements(named: "itemref", under: root).prefix(Self.maxChapters) {
            guard let idref = LibXML.attribute(itemref, "idref"), let href = hrefs[idref],
                  let bytes = try zip.read(Self.resolve(href, against: base)),
                  let chapter = HTMLText(utf8: HTMLFormat.utf8(bytes).0)
            else { continue }
            if firstTitle == nil, !chapter.title.isEmpty { firstTitle = chapter.title }
            let heading = chapter.firstHeading ?? (chapter.title.isEmpty ? nil : chapter.title)
            sections.append(SourceDocument.Section(text: chapter.text, heading: heading))
        }
        let meta = OfficeXMLText.firstTexts(opf, names: ["title", "date"])
        let title = meta["title"] ?? firstTitle ?? ""
        return Extraction(SourceDocument(id: path, title: title, text: "", date: meta["date"].flatMap(DateValue.normalise),
                                         sections: sections))
    }

    /// A manifest href (relative to the package document, percent-encoded)
    /// as an entry path: "../Text/kap%201.xhtml" from "OEBPS/content" → "OEBPS/Text/kap 1.xhtml".
    static func resolve(_ href: String, against base: String) -> String {
        let plain = (href.split(separator: "#", maxSplits: 1).first.map(String.init) ?? href).removingPercentEncoding ?? href
        var parts = base.isEmpty ? [] : base.split(separator: "/").map(String.init)
        for piece in plain.split(separator: "/") {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }
}
