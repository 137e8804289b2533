/// A document as read from a file or a JSON Lines record, before it is split
/// into passages.
public struct SourceDocument: Sendable, Equatable {
    public var id: String
    public var title: String
    public var text: String
    /// YYYY-MM-DD, validated by the reader.
    public var date: String?
    public var source: String?
    public var url: String?
    /// An e-mail's sender, as written in its From header (decoded); its
    /// address is searchable with `from:`.
    public var from: String?
    /// Parts that passages must not cross and that passages name: a PDF's
    /// pages, an e-book's chapters. When there are any, they are the
    /// document's text, and `text` is left empty.
    public var sections: [Section] = []

    public init(id: String, title: String, text: String, date: String? = nil, source: String? = nil, url: String? = nil,
                from: String? = nil, sections: [Section] = []) {
        self.id = id
        self.title = title
        self.text = text
        self.date = date
        self.source = source
        self.url = url
        self.from = from
        self.sections = sections
    }

    /// One page or chapter of a document: its text (paragraphs separated by
    /// blank lines), and where it is.
    public struct Section: Sendable, Equatable {
        public var text: String
        /// 1-based page number (PDF).
        public var page: Int?
        /// The chapter's heading (EPUB).
        public var heading: String?

        public init(text: String, page: Int? = nil, heading: String? = nil) {
            self.text = text
            self.page = page
            self.heading = heading
        }
    }
}
