import Foundation

/// Text from the XML parts of office files: which elements are paragraphs,
/// which are a tab or a line break, and which to leave out (deleted text,
/// field codes) differ between OpenDocument and Office Open XML.
struct OfficeXMLText {
    var paragraph: Set<String>
    var space: Set<String> = []
    var lineBreak: Set<String> = []
    var skip: Set<String> = []

    static let openDocument = OfficeXMLText(paragraph: ["p", "h"], space: ["s", "tab"], lineBreak: ["line-break"],
                                            skip: ["tracked-changes", "annotation"])
    static let word = OfficeXMLText(paragraph: ["p"], space: ["tab"], lineBreak: ["br", "cr"],
                                    skip: ["instrText", "delText", "delInstrText"])
    static let sharedStrings = OfficeXMLText(paragraph: ["si"], skip: ["rPh"])  // rPh: Japanese readings
    static let drawing = OfficeXMLText(paragraph: ["p"], lineBreak: ["br"])

    /// The paragraphs of one XML part, read as a stream; throws when it is
    /// not well-formed XML.
    func paragraphs(_ xml: [UInt8], part: String) throws -> [String] {
        var paragraphs: [String] = []
        var buffer: [UInt8] = []
        func flush() {
            let text = HTMLText.collapsed(buffer)
            if !text.isEmpty { paragraphs.append(text) }
            buffer.removeAll(keepingCapacity: true)
        }
        let wellFormed = LibXML.streamXML(xml, start: { name in
            if skip.contains(name) { return .skip }
            if paragraph.contains(name) { flush() }
            if space.contains(name) || lineBreak.contains(name) { buffer.append(0x20) }
            return .enter
        }, end: { name in
            if paragraph.contains(name) { flush() }
        }, text: { buffer.append(contentsOf: $0) })
        guard wellFormed else { throw ExtractionFailure("\(part) is not well-formed XML, skipped") }
        flush()
        return paragraphs
    }

    /// The text of the first element of each name found (metadata: a
    /// title, a date), by local name.
    static func firstTexts(_ xml: [UInt8], names: [String]) -> [String: String] {
        guard xml.count <= LibXML.maxTreeBytes, let document = LibXML.xml(xml), let root = document.root else { return [:] }
        var found: [String: String] = [:]
        let wanted = Set(names)
        LibXML.walk(root, enter: { node in
            guard LibXML.isElement(node) else { return false }
            let name = LibXML.name(node)
            if wanted.contains(name), found[name] == nil {
                let text = HTMLText.collapsed(Array(LibXML.text(of: node).utf8))
                if !text.isEmpty { found[name] = text }
                return false
            }
            return true
        }, leave: { _ in })
        return found
    }
}
