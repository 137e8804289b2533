import GermanAnalysis
import Foundation

/// How Fundus lays out an index in Xapian. `Index/README.md` describes the
/// same layout for people; a test keeps the two in step.
public enum Schema {
    /// Bumped when the layout changes incompatibly; stored as metadata.
    /// Version 2 keeps positions on exact words only for stopwords; this
    /// code reads version 1 indexes (positions on every exact word) alike.
    /// Version 3 names ids over 180 bytes by a SHA-256 hash (`termSafe`);
    /// an older index is upgraded by the next ingest when it holds no such
    /// id, and must be rebuilt with --full when it does (`LegacyIds`).
    public static let version = "3"

    public enum Prefix {
        /// Folded surface words (no prefix): exact matches; positions for stopwords only.
        public static let exact = ""
        /// Stems of folded words, with positions.
        public static let stem = "Z"
        /// Stems of compound parts, at the position of their compound.
        public static let part = "P"
        /// Title words (folded surface), with positions: the `title:` field.
        public static let title = "S"
        /// Title stems: the `title:` field.
        public static let titleStem = "ZS"
        /// Boolean: one per passage, unique (document id + passage number).
        public static let passage = "Q"
        /// Boolean: every passage of a document (document id).
        public static let document = "I"
        /// Boolean: the `source` field.
        public static let source = "K"
        /// Boolean: an e-mail sender's address, lower case: the `from` field.
        public static let from = "A"
    }

    public enum Slot {
        /// The document id: groups passages (collapse key).
        public static let document: UInt32 = 0
        /// The date as YYYY-MM-DD (sortable, range-searchable); absent if none.
        public static let date: UInt32 = 1
        /// The title's stems (stopwords aside), space-separated; one space for
        /// a title without any. Read by the re-ranking, which would otherwise
        /// decode every candidate's document data for its title.
        public static let titleStems: UInt32 = 2

        /// The slot value for a title's tokens: a mark (`partMark`), then
        /// each stem once, space-separated, with its compound parts after
        /// it, each behind a `partMark`. Values without the leading mark come
        /// from indexes before parts were stored (plain stems).
        public static func titleStemsValue(_ tokens: [Token]) -> String {
            var seen = Set<String>()
            let entries = tokens.filter { !$0.isStopword && seen.insert($0.stem).inserted }.map { token in
                token.parts.reduce(token.stem) { $0 + String(partMark) + $1 }
            }
            return String(partMark) + entries.joined(separator: " ")
        }

        /// Separates a title stem from its parts: a control character, which
        /// no token holds.
        public static let partMark: Character = "\u{1F}"
        static let partByte: UInt8 = 0x1F
    }

    public enum Metadata {
        public static let schemaVersion = "fundus.schema"
        /// A hash of the lexicon the index holds, to skip rewriting an unchanged one.
        public static let lexiconHash = "fundus.lexicon.hash"
        /// One key per lexicon word: `L:` + folded word, value "1".
        public static let lexiconWordPrefix = "L:"
    }

    /// Longer words are not indexed: with a prefix they would pass Xapian's
    /// 245-byte term limit.
    public static let maxWordBytes = 200

    /// Xapian rejects terms over 245 bytes; ids longer than this are hashed.
    static let maxIdBytesInTerm = 180
    /// How much of a long id its term keeps in clear, at most.
    static let idHeadBytes = 160

    /// The boolean term that names every passage of a document.
    public static func documentTerm(_ id: String) -> String { Prefix.document + termSafe(id) }

    /// The boolean term that names one passage.
    public static func passageTerm(_ id: String, passage: Int) -> String {
        Prefix.passage + termSafe(id) + "#" + String(passage)
    }

    public static func sourceTerm(_ source: String) -> String { Prefix.source + termSafe(source) }

    /// The boolean term of a sender's address (`from:`), case folded.
    public static func fromTerm(_ address: String) -> String { Prefix.from + termSafe(address.lowercased()) }

    /// A value of up to 180 bytes is its own term. A longer one keeps a
    /// readable head (156 to 160 bytes, whole characters), `#` and the
    /// SHA-256 of the whole value in hex: 221 to 225 bytes. Two different
    /// values never share a term: short ones are themselves, long ones are
    /// longer than any short one, and differ in their hash. (Schema 2 used
    /// a 64-bit FNV-1a hash, 177 bytes at most: a crafted short id could
    /// equal a long id's term, and FNV collisions are easy to make.)
    static func termSafe(_ value: String) -> String {
        let utf8 = Array(value.utf8)
        guard utf8.count > maxIdBytesInTerm else { return value }
        return String(decoding: head(utf8), as: UTF8.self) + "#" + SHA256.hex(utf8)
    }

    /// The first `idHeadBytes` bytes of a long value, not cutting a UTF-8
    /// sequence in half.
    static func head(_ utf8: [UInt8]) -> ArraySlice<UInt8> {
        var head = utf8.prefix(idHeadBytes)
        while let last = head.last, last & 0xC0 == 0x80 { head.removeLast() }
        if let last = head.last, last >= 0xC0 { head.removeLast() }
        return head
    }

    static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            hash ^= UInt64(b)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func fnv1a64Hex(_ bytes: [UInt8]) -> String {
        let hex = String(fnv1a64(bytes), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// What each passage's Xapian document data holds, as JSON.
public struct PassageRecord: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    /// 1-based passage number within the document.
    public var passage: Int
    public var text: String
    public var source: String?
    public var url: String?
    public var date: String?
    /// The PDF page the passage is on (1-based).
    public var page: Int?
    /// The chapter heading of an e-book passage.
    public var section: String?
    /// An e-mail's sender.
    public var from: String?

    public init(id: String, title: String, passage: Int, text: String, source: String? = nil, url: String? = nil,
                date: String? = nil, page: Int? = nil, section: String? = nil, from: String? = nil) {
        self.id = id
        self.title = title
        self.passage = passage
        self.text = text
        self.source = source
        self.url = url
        self.date = date
        self.page = page
        self.section = section
        self.from = from
    }
}
