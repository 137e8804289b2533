import CLibXML2
import Foundation

/// libxml2's HTML and XML parsers, used only through here (and
/// LibXMLStreams.swift). Documents are parsed from memory with the network off, errors neither printed nor
/// fatal, and entities never substituted beyond the parser's own (the XML
/// predefined ones, HTML's named ones): an entity reference is a node the
/// walk does not enter, so "billion laughs" costs nothing.
enum LibXML {
    /// Larger inputs are refused before parsing.
    static let maxInputBytes = 64 << 20
    /// Larger documents are not parsed into a tree (its nodes cost ten
    /// times the bytes or more): metadata and package files are small.
    static let maxTreeBytes = 4 << 20

    /// xmlInitParser, once: libxml2 2.9 does not guard it against two
    /// threads (--jobs) calling it at the same time.
    static let initialized: Void = { xmlInitParser() }()

    final class Document {
        let pointer: xmlDocPtr
        init(_ pointer: xmlDocPtr) { self.pointer = pointer }
        deinit { xmlFreeDoc(pointer) }
        var root: xmlNodePtr? { xmlDocGetRootElement(pointer) }
    }

    /// An XML document (office parts, EPUB's container and package files),
    /// or nil when it is not well-formed. No DTD is loaded, nothing fetched,
    /// no entity substituted.
    static func xml(_ bytes: [UInt8]) -> Document? {
        _ = initialized
        guard !bytes.isEmpty, bytes.count <= maxTreeBytes else { return nil }
        silenceErrors()
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let doc = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "", nil, options)
            }
        }
        return doc.map(Document.init)
    }

    /// libxml2 keeps its error handler per thread; structured errors that
    /// go nowhere keep a damaged file from writing to our stderr.
    private static func silenceErrors() {
        xmlSetStructuredErrorFunc(nil) { _, _ in }
    }

    // MARK: Nodes

    static func isElement(_ node: xmlNodePtr) -> Bool { node.pointee.type == XML_ELEMENT_NODE }

    static func isText(_ node: xmlNodePtr) -> Bool {
        node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE
    }

    /// The element's local name (no namespace prefix), as written.
    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The text of a text node, as UTF-8 bytes.
    static func withText<R>(_ node: xmlNodePtr, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let content = node.pointee.content else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(start: content, count: strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))))
    }

    /// An attribute's value by local name, whatever its namespace.
    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        var property = node.pointee.properties
        while let p = property {
            if let n = p.pointee.name, String(cString: n) == name {
                // The value is the attribute's text children (entities
                // already decoded by the parser).
                var value = ""
                var child = p.pointee.children
                while let c = child {
                    if isText(c), let content = c.pointee.content { value += String(cString: content) }
                    child = c.pointee.next
                }
                return value
            }
            property = p.pointee.next
        }
        return nil
    }

    /// The concatenated text below a node (entity references not entered).
    static func text(of node: xmlNodePtr) -> String {
        var bytes: [UInt8] = []
        walk(node, enter: { n in
            if isText(n) { withText(n) { bytes.append(contentsOf: $0) } }
            return isElement(n)
        }, leave: { _ in })
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Elements below `root` whose local name is `name`, in document order.
    static func elements(named name: String, under root: xmlNodePtr) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        walk(root, enter: { n in
            guard isElement(n) else { return false }
            if self.name(n) == name { found.append(n) }
            return true
        }, leave: { _ in })
        return found
    }

    /// Walks the tree below and including `root` in document order, without
    /// recursion (nesting depth costs no stack). `enter` sees every node and
    /// returns whether to go into it; `leave` is called for each element
    /// entered, after its children. Entity references are never entered:
    /// their children are the entity's shared definition.
    static func walk(_ root: xmlNodePtr, enter: (xmlNodePtr) -> Bool, leave: (xmlNodePtr) -> Void) {
        var node = root
        while true {
            if node.pointee.type != XML_ENTITY_REF_NODE && enter(node) {
                if let child = node.pointee.children {
                    node = child
                    continue
                }
                leave(node)
            }
            while true {
                if node == root { return }
                if let next = node.pointee.next {
                    node = next
                    break
                }
                guard let parent = node.pointee.parent else { return }
                node = parent
                leave(node)
            }
        }
    }
}
