import Foundation
import Ink

/// Markdown notes, parsed by Ink into HTML and read by the HTML extractor:
/// markup is gone from the text (links keep their text, code blocks stay as
/// text), headings and blocks are paragraphs. The title is front matter's
/// `title:`, else the first line as for text files (a `# heading` without
/// its marks, inline markup removed); front matter's `date:` is the date.
struct MarkdownFormat: DocumentExtractor {
    let name = "Markdown"
    let extensions: Set<String> = ["md", "markdown"]
    let maxBytes: Int64 = 64 << 20

    func extract(path: String, data: Data) throws -> Extraction {
        let (text, warning): (String, IngestProblem?)
        switch TextFileReader.decode(path: path, data: data) {
        case .failure(let problem): throw ExtractionFailure(problem.reason)
        case .success(let decoded): (text, warning) = decoded
        }
        let (meta, rest) = Self.frontMatter(text)
        var title = meta["title"] ?? ""
        var body = rest
        if title.isEmpty {
            let (line, after) = TextFileReader.splitTitle(rest)
            title = Self.plain(line).joined(separator: " ")
            body = after
        }
        let document = SourceDocument(id: path, title: title, text: Self.plain(body).joined(separator: "\n\n"),
                                      date: meta["date"].flatMap(DateValue.normalise))
        return Extraction(document, warning: warning?.reason)
    }

    /// The paragraphs of Markdown text, markup removed.
    static func plain(_ markdown: String) -> [String] {
        guard markdown.contains(where: { !$0.isWhitespace }) else { return [] }
        let html = MarkdownParser().html(from: markdown)
        return HTMLText(utf8: Array(html.utf8))?.paragraphs ?? []
    }

    /// YAML front matter between two `---` lines at the very start: its
    /// `key: value` lines (quotes removed), and the text after it.
    static func frontMatter(_ text: String) -> ([String: String], String) {
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else { return ([:], text) }
        var fields: [String: String] = [:]
        let lines = text.split(separator: "\n", maxSplits: 200, omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated().dropFirst() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed == "---" || trimmed == "..." {
                // maxSplits left the remainder whole in the last element.
                return (fields, lines[(i + 1)...].joined(separator: "\n"))
            }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if !key.isEmpty, !value.isEmpty { fields[key] = value }
        }
        return ([:], text)  // no closing line: not front matter
    }
}
