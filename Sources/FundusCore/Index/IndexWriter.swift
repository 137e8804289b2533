import Foundation
import GermanAnalysis
import Xapian

extension Stemmer: Stemming {}

/// Writes documents into a Fundus index, one Xapian document per passage.
///
/// ```swift
/// let writer = try IndexWriter(path: "/tmp/idx", lexicon: lexicon)
/// try writer.add(SourceDocument(id: "a", title: "Raketen", text: "…"))
/// try writer.close()   // commits
/// ```
///
/// Re-adding a document id replaces its passages in place and deletes the
/// ones it no longer has, so re-ingesting never duplicates.
public final class IndexWriter {
    public let path: String
    private let database: WritableDatabase
    private let analyzer: Analyzer
    private let splitter: PassageSplitter
    private let encoder = JSONEncoder()
    private var postings = PostingBuffer()

    public init(path: String, lexicon: Lexicon = .empty, lexiconText: String? = nil,
                splitter: PassageSplitter = PassageSplitter(), options: WritableDatabase.Options = []) throws {
        // The stemmer comes first: a bad language must fail before a database
        // directory is created.
        let stemmer = try Stemmer(language: Analysis.stemmerLanguage)
        self.path = path
        self.analyzer = Analyzer(stemmer: stemmer, lexicon: lexicon)
        self.splitter = splitter
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        database = try WritableDatabase(path: path, mode: .createOrOpen, options: options)
        try database.setMetadata(Schema.version, forKey: Schema.Metadata.schemaVersion)
        if let lexiconText { try database.setMetadata(lexiconText, forKey: Schema.Metadata.lexicon) }
    }

    /// Indexes one document and returns how many passages it has.
    @discardableResult
    public func add(_ source: SourceDocument) throws -> Int {
        let passages = splitter.split(source.text)
        let documentTerm = Schema.documentTerm(source.id)
        let before = Int(try database.termFrequency(documentTerm))
        let titleTokens = analyzer.analyze(source.title)
        for (i, text) in passages.enumerated() {
            let number = i + 1
            let doc = try makeDocument(source, passage: number, text: text, titleTokens: titleTokens)
            try database.replaceDocument(uniqueTerm: Schema.passageTerm(source.id, passage: number), doc)
        }
        if before > passages.count {
            for number in (passages.count + 1)...before {
                try database.deleteDocuments(withTerm: Schema.passageTerm(source.id, passage: number))
            }
        }
        return passages.count
    }

    /// Deletes every passage of a document.
    public func remove(id: String) throws {
        try database.deleteDocuments(withTerm: Schema.documentTerm(id))
    }

    public func commit() throws { try database.commit() }

    /// Commits and releases the write lock.
    public func close() throws { try database.close() }

    public var passageCount: Int { get throws { Int(try database.documentCount) } }

    private func makeDocument(_ source: SourceDocument, passage: Int, text: String, titleTokens: [Token]) throws -> Document {
        let doc = try Document()
        postings.removeAll()
        var lastPosition: UInt32 = 0
        for token in analyzer.analyze(text) {
            TermMapping.forEachBodyTerm(of: token) { postings.add(prefix: $0, $1, position: token.position) }
            lastPosition = token.position
        }
        // The title is part of every passage's text field too: short passages
        // otherwise lose the context the title gives them.
        let titleBase = lastPosition + Schema.titlePositionGap
        for token in titleTokens {
            TermMapping.forEachBodyTerm(of: token) { postings.add(prefix: $0, $1, position: titleBase + token.position) }
            TermMapping.forEachTitleTerm(of: token) { postings.add(prefix: $0, $1, position: token.position) }
        }
        try doc.addPostings(postings)
        try doc.addBooleanTerm(Schema.passageTerm(source.id, passage: passage))
        try doc.addBooleanTerm(Schema.documentTerm(source.id))
        if let s = source.source, !s.isEmpty { try doc.addBooleanTerm(Schema.sourceTerm(s)) }
        try doc.setValue(source.id, slot: Schema.Slot.document)
        if let date = source.date { try doc.setValue(date, slot: Schema.Slot.date) }
        let record = PassageRecord(id: source.id, title: source.title, passage: passage, text: text,
                                   source: source.source, url: source.url, date: source.date)
        try doc.setData(String(decoding: try encoder.encode(record), as: UTF8.self))
        return doc
    }
}
