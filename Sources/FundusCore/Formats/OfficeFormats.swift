import Foundation

/// OpenDocument text, spreadsheets and presentations (.odt, .ods, .odp):
/// the text of content.xml, title and date from meta.xml.
struct OpenDocumentFormat: DocumentExtractor {
    let name = "OpenDocument"
    let extensions: Set<String> = ["odt", "ods", "odp", "ott", "fodt"]
    let maxBytes: Int64 = 100 << 20

    func isCertain(head: [UInt8]) -> Bool {
        ZipReader.firstEntry(of: head, is: "mimetype", holding: "application/vnd.oasis.opendocument.")
    }

    func extract(path: String, data: Data) throws -> Extraction {
        let zip = try ZipReader(data: data)
        guard let content = try zip.read("content.xml") else { throw ExtractionFailure("no content.xml: not OpenDocument, skipped") }
        let paragraphs = try OfficeXMLText.openDocument.paragraphs(content, part: "content.xml")
        let meta = try zip.read("meta.xml").map { OfficeXMLText.firstTexts($0, names: ["title", "date", "creation-date"]) } ?? [:]
        let date = (meta["creation-date"] ?? meta["date"]).flatMap(DateValue.normalise)
        return Extraction(OfficeDocuments.document(path: path, title: meta["title"], date: date, paragraphs: paragraphs))
    }
}

/// Office Open XML: Word, Excel and PowerPoint files (.docx, .xlsx, .pptx):
/// the document body, the shared strings of the sheets, the slides in
/// order; title and date from docProps/core.xml.
struct OfficeOpenXMLFormat: DocumentExtractor {
    let name = "Office Open XML"
    let extensions: Set<String> = ["docx", "xlsx", "pptx", "docm", "xlsm", "pptm"]
    let maxBytes: Int64 = 100 << 20

    func isCertain(head: [UInt8]) -> Bool { ZipReader.firstEntry(of: head, is: "[Content_Types].xml") }

    func extract(path: String, data: Data) throws -> Extraction {
        let zip = try ZipReader(data: data)
        var paragraphs: [String] = []
        if let body = try zip.read("word/document.xml") {
            paragraphs = try OfficeXMLText.word.paragraphs(body, part: "word/document.xml")
        } else if zip.contains("xl/workbook.xml") {
            if let strings = try zip.read("xl/sharedStrings.xml") {
                paragraphs = try OfficeXMLText.sharedStrings.paragraphs(strings, part: "xl/sharedStrings.xml")
            }
        } else if zip.contains("ppt/presentation.xml") {
            for slide in Self.slides(zip.paths) {
                guard let xml = try zip.read(slide) else { continue }
                paragraphs += try OfficeXMLText.drawing.paragraphs(xml, part: slide)
            }
        } else {
            throw ExtractionFailure("neither a Word, an Excel nor a PowerPoint file, skipped")
        }
        let core = try zip.read("docProps/core.xml").map { OfficeXMLText.firstTexts($0, names: ["title", "created"]) } ?? [:]
        return Extraction(OfficeDocuments.document(path: path, title: core["title"],
                                                   date: core["created"].flatMap(DateValue.normalise), paragraphs: paragraphs))
    }

    /// ppt/slides/slide1.xml, slide2.xml, … in their number's order.
    static func slides(_ paths: [String]) -> [String] {
        let prefix = "ppt/slides/slide"
        return paths.compactMap { path -> (Int, String)? in
            guard path.hasPrefix(prefix), path.hasSuffix(".xml"),
                  let n = Int(path.dropFirst(prefix.count).dropLast(4)) else { return nil }
            return (n, path)
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

enum OfficeDocuments {
    /// The title from the metadata, else the first paragraph if it is short.
    static func document(path: String, title: String?, date: String?, paragraphs: [String]) -> SourceDocument {
        let text = paragraphs.joined(separator: "\n\n")
        let title = title ?? TextFileReader.splitTitle(paragraphs.first ?? "").0
        return SourceDocument(id: path, title: title, text: text, date: date)
    }
}
