import CLibXML2
import Foundation

/// libxml2's streaming parsers: no document tree is built, so memory stays
/// in proportion to the text, not to the markup (a tree of a 60 MB
/// content.xml took 900 MB). The same safety as the tree parsers: no
/// network, no DTD loaded, no entity substituted, errors not printed.
extension LibXML {
    /// What a streaming handler does with an element it is told of.
    enum Descent { case enter, skip }

    /// Reads an XML document start tag by start tag: `start` gets each
    /// element's local name (and returns whether to read what is inside),
    /// `end` each end of an element entered, `text` its text. Returns false
    /// when the document is not well-formed (what came before was read).
    static func streamXML(_ bytes: [UInt8], start: (String) -> Descent, end: (String) -> Void,
                          text: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        guard !bytes.isEmpty, bytes.count <= maxInputBytes else { return false }
        _ = initialized
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        return bytes.withUnsafeBufferPointer { buffer -> Bool in
            let reader = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReaderForMemory($0, Int32(buffer.count), "", nil, options)
            }
            guard let reader else { return false }
            defer { xmlFreeTextReader(reader) }
            var status = xmlTextReaderRead(reader)
            while status == 1 {
                switch xmlTextReaderNodeType(reader) {
                case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                    let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
                    let empty = xmlTextReaderIsEmptyElement(reader) == 1
                    if start(name) == .skip {
                        status = empty ? xmlTextReaderRead(reader) : xmlTextReaderNext(reader)
                        continue
                    }
                    if empty { end(name) }
                case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                    end(xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? "")
                case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                     Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                    if let value = xmlTextReaderConstValue(reader) {
                        text(UnsafeBufferPointer(start: value, count: strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))))
                    }
                default:
                    break  // entity references (never expanded), comments, processing instructions
                }
                status = xmlTextReaderRead(reader)
            }
            return status == 0
        }
    }

    /// What the HTML SAX parser tells of a page.
    final class HTMLEvents {
        let start: (String, (String) -> String?) -> Void
        let end: (String) -> Void
        let text: (UnsafeBufferPointer<UInt8>) -> Void

        init(start: @escaping (String, (String) -> String?) -> Void, end: @escaping (String) -> Void,
             text: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
            self.start = start
            self.end = end
            self.text = text
        }
    }

    /// Reads an HTML page (UTF-8; its meta charset ignored, the caller has
    /// decoded it) with libxml2's HTML push parser, in chunks. The parser
    /// closes elements a page leaves open, so every start has its end (void
    /// elements too). Returns false if it could not start.
    static func streamHTML(_ utf8: [UInt8], _ events: HTMLEvents) -> Bool {
        guard utf8.count <= maxInputBytes else { return false }
        _ = initialized
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        var sax = htmlSAXHandler()
        sax.startElement = { context, name, attributes in
            guard let context, let name else { return }
            let events = Unmanaged<HTMLEvents>.fromOpaque(context).takeUnretainedValue()
            events.start(String(cString: name).lowercased()) { wanted in
                var i = 0
                while let attributes, let key = attributes[i] {
                    let value = attributes[i + 1]
                    if String(cString: key).lowercased() == wanted { return value.map { String(cString: $0) } ?? "" }
                    i += 2
                }
                return nil
            }
        }
        sax.endElement = { context, name in
            guard let context, let name else { return }
            Unmanaged<HTMLEvents>.fromOpaque(context).takeUnretainedValue().end(String(cString: name).lowercased())
        }
        let characters: charactersSAXFunc = { context, bytes, length in
            guard let context, let bytes, length > 0 else { return }
            Unmanaged<HTMLEvents>.fromOpaque(context).takeUnretainedValue().text(UnsafeBufferPointer(start: bytes, count: Int(length)))
        }
        sax.characters = characters
        sax.cdataBlock = characters
        let context = Unmanaged.passUnretained(events).toOpaque()
        guard let parser = htmlCreatePushParserCtxt(&sax, context, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else { return false }
        defer { htmlFreeParserCtxt(parser) }
        _ = htmlCtxtUseOptions(parser, Int32(bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue
            | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_IGNORE_ENC.rawValue))
        let chunk = 1 << 16
        utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    var offset = 0
                    while offset < buffer.count {
                        let n = min(chunk, buffer.count - offset)
                        _ = htmlParseChunk(parser, chars + offset, Int32(n), 0)
                        offset += n
                    }
                }
            }
        }
        _ = htmlParseChunk(parser, nil, 0, 1)
        withExtendedLifetime(events) {}
        return true
    }
}
