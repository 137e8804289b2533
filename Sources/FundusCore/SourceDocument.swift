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

    public init(id: String, title: String, text: String, date: String? = nil, source: String? = nil, url: String? = nil) {
        self.id = id
        self.title = title
        self.text = text
        self.date = date
        self.source = source
        self.url = url
    }
}
