import Foundation

/// PDF files, through poppler's `pdftotext` (text, page by page) and
/// `pdfinfo` (title, date), run as filters (`ExternalFilter`). Each page is
/// a section: passages never cross pages and say which page they are on.
struct PDFFormat: DocumentExtractor {
    let name = "PDF"
    let extensions: Set<String> = ["pdf"]
    let maxBytes: Int64 = 100 << 20

    func isCertain(head: [UInt8]) -> Bool {
        // The header may follow some bytes of junk (readers allow 1 KB).
        head.prefix(1024).firstRange(of: Array("%PDF-".utf8)) != nil
    }

    func extract(path: String, data: Data) throws -> Extraction {
        let run = ExternalFilter.run(["pdftotext", "-enc", "UTF-8", "-eol", "unix", path, "-"])
        if let failure = run.failure { throw ExtractionFailure(ExternalFilter.describe(failure, program: "pdftotext") + ", skipped") }
        switch run.status {
        case 0: break
        case 127: throw ExtractionFailure(ExternalFilter.describe(.notFound, program: "pdftotext") + ", skipped")
        case let status?:
            // pdftotext: 1 cannot open (damaged), 3 permissions (encrypted against copying).
            let why = status == 3 ? "its permissions forbid copying text" : status == 1 ? "damaged or encrypted" : "exit \(status)"
            throw ExtractionFailure("pdftotext could not read it (\(why)), skipped")
        case nil: throw ExtractionFailure("pdftotext was killed (out of memory?), skipped")
        }
        let text = String(decoding: run.output, as: UTF8.self)
        var sections: [SourceDocument.Section] = []
        for (i, page) in text.split(separator: "\u{0C}", omittingEmptySubsequences: false).enumerated()
        where page.contains(where: { !$0.isWhitespace }) {
            sections.append(SourceDocument.Section(text: String(page), page: i + 1))
        }
        guard !sections.isEmpty else { throw ExtractionFailure("no text layer (scanned?), skipped") }
        let info = Self.info(path)
        let title = info.title ?? TextFileReader.splitTitle(sections[0].text).0
        return Extraction(SourceDocument(id: path, title: title, text: "", date: info.date, sections: sections))
    }

    /// Title and creation date from the document's metadata, if pdfinfo gives them.
    private static func info(_ path: String) -> (title: String?, date: String?) {
        let run = ExternalFilter.run(["pdfinfo", "-enc", "UTF-8", "-isodates", path], maxOutput: 1 << 20)
        guard run.failure == nil, run.status == 0 else { return (nil, nil) }
        var title: String?, date: String?
        for line in String(decoding: run.output, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("Title:") {
                let value = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { title = value }
            } else if line.hasPrefix("CreationDate:") {
                date = DateValue.normalise(line.dropFirst(13).trimmingCharacters(in: .whitespaces))
            }
        }
        return (title, date)
    }
}
