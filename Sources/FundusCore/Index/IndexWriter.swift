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
///
/// With `oneCommit`, everything the writer does (passages, document states,
/// lexicon, spelling) goes into a single Xapian transaction committed by
/// `close()`: readers see the index as it was before the run or after it,
/// never in between, and a run killed half-way leaves the index as it was.
/// Inside a transaction Xapian still writes its buffered changes to disk
/// every XAPIAN_FLUSH_THRESHOLD documents, only without committing them,
/// so memory stays bounded however large the run. A writer dropped without
/// `close()` (an error half-way) cancels the transaction: nothing is committed.
public final class IndexWriter {
    public let path: String
    let database: WritableDatabase
    private let analyzer: Analyzer
    private let splitter: PassageSplitter
    private var postings = PostingBuffer()
    /// Words seen in this run, by the number of documents they occur in: the
    /// spelling data ("Meinten Sie: …"), written at commit.
    private var spelling: [String: UInt32] = [:]
    /// Words of the documents this run replaced or removed, by the number of
    /// those documents they occurred in: taken off the spelling data at
    /// commit, so a word gone from the index is no longer suggested.
    private var spellingGone: [String: UInt32] = [:]
    private var inTransaction = false
    /// Passages written since the spelling data last went to Xapian.
    private var passagesSinceSpelling = 0
    /// Outside a transaction, the spelling data goes to Xapian and is
    /// committed every so many passages: Xapian holds what it is given in
    /// memory until a commit merges it, and given all at the end of a build
    /// (most of the vocabulary) the merge added 130 MiB to the peak.
    static let spellingInterval = 20_000
    /// True when this run stores a different lexicon than the index held (or
    /// the index held none): documents analysed before should be analysed again.
    public private(set) var lexiconChanged = false
    /// False when compounds are not split: no lexicon given, none stored.
    public let hasLexicon: Bool
    /// Per-document states (what an incremental ingest compares against).
    let states: DocumentStates

    public init(path: String, lexicon: Lexicon = .empty, splitter: PassageSplitter = PassageSplitter(),
                options: WritableDatabase.Options = [], oneCommit: Bool = false, storesLexicon: Bool = true) throws {
        // The stemmer comes first: a bad language must fail before a database
        // directory is created.
        let stemmer = try Stemmer(language: Analysis.stemmerLanguage)
        self.path = path
        self.splitter = splitter
        database = try WritableDatabase(path: path, mode: .createOrOpen, options: options)
        states = DocumentStates(database: database)
        if oneCommit {
            try database.beginTransaction(flushed: true)
            inTransaction = true
        }
        // Written only when different: an unchanged run must not make a new
        // revision (readers of an older one would have to reopen for nothing).
        let stored = try database.metadata(forKey: Schema.Metadata.schemaVersion)
        if stored != Schema.version {
            if let old = Int(stored), old < 3, let id = try LegacyIds.first(in: database) {
                throw FundusError(.database, "index \(path) was built by an older Fundus (schema \(stored)) whose terms for ids "
                    + "over 180 bytes can collide (\(FundusError.oneLine(id, limit: 60))); rebuild it with fundus-ingest --full")
            }
            try database.setMetadata(Schema.version, forKey: Schema.Metadata.schemaVersion)
        }
        var lexicon = lexicon
        if lexicon.count > 0 {
            // A parallel build's shards after the first leave it out: the
            // merge would keep the first shard's copy anyway.
            if storesLexicon { lexiconChanged = try Self.storeLexicon(lexicon, in: database) }
        } else if try !database.metadata(forKey: Schema.Metadata.lexiconHash).isEmpty {
            // No lexicon given (a cron job started elsewhere than the
            // repository, say): split compounds with the one the index
            // holds, as searches do, rather than not at all. Looked up through
            // a read handle of its own (committed, and not the writer's).
            lexicon = try Lexicon.stored(atPath: path) ?? .empty
        }
        analyzer = Analyzer(stemmer: stemmer, lexicon: lexicon)
        // Given, or stored (a shard that leaves it out was given one).
        hasLexicon = try (!storesLexicon && lexicon.count > 0) || !database.metadata(forKey: Schema.Metadata.lexiconHash).isEmpty
    }

    /// Indexes one document and returns how many passages it has, and
    /// whether it replaced passages the index already had under its id.
    @discardableResult
    public func add(_ source: SourceDocument) throws -> (passages: Int, replaced: Bool) {
        let titleTokens = analyzer.analyze(source.title)
        // Passages never cross a page or chapter, and carry where they are.
        var passages: [(text: String, section: SourceDocument.Section?)] = source.sections.isEmpty
            ? splitter.split(source.text).map { ($0, nil) }
            : source.sections.flatMap { section in splitter.split(section.text).map { ($0, section) } }
        // A note of one line, a Markdown file that is only a heading, a
        // record with a title and no text: the title is all there is, so it
        // is the one passage (shown as such), or no word of it could be found.
        if passages.isEmpty && !titleTokens.isEmpty { passages = [(source.title, nil)] }
        let documentTerm = Schema.documentTerm(source.id)
        let before = Int(try database.termFrequency(documentTerm))
        if before > 0 {
            try checkOwner(of: documentTerm, is: source.id)
            try forgetSpelling(id: source.id, passages: before)
        }
        let titleStems = Schema.Slot.titleStemsValue(titleTokens)
        var words = Set<String>()
        for (i, (text, section)) in passages.enumerated() {
            let number = i + 1
            let doc = try makeDocument(source, passage: number, text: text, section: section, titleTokens: titleTokens,
                                       titleStems: titleStems, words: &words)
            try database.replaceDocument(uniqueTerm: Schema.passageTerm(source.id, passage: number), doc)
        }
        for word in words { spelling[word, default: 0] += 1 }
        passagesSinceSpelling += passages.count
        if !inTransaction && passagesSinceSpelling >= Self.spellingInterval {
            passagesSinceSpelling = 0
            try commit()
        }
        if before > passages.count {
            for number in (passages.count + 1)...before {
                try database.deleteDocuments(withTerm: Schema.passageTerm(source.id, passage: number))
            }
        }
        return (passages.count, before > 0)
    }

    /// Keeps the lexicon in the index, one metadata key per word, so that a
    /// search splits query compounds exactly as the passages were split,
    /// looking words up as needed instead of loading them all at start-up.
    /// Returns true when the index held a different lexicon, or none.
    private static func storeLexicon(_ lexicon: Lexicon, in database: WritableDatabase) throws -> Bool {
        let words = lexicon.allWords
        // An order-free fingerprint (a wrapping sum of each word's hash): no
        // sort of 350,000 words on every run, just to learn nothing changed.
        var sum: UInt64 = 0
        for word in words { sum = sum &+ Schema.fnv1a64(Array(word.utf8)) }
        let hash = "\(words.count)-" + String(sum, radix: 16)
        let stored = try database.metadata(forKey: Schema.Metadata.lexiconHash)
        guard stored != hash else { return false }
        let prefix = Schema.Metadata.lexiconWordPrefix
        for key in try database.metadataKeys(withPrefix: prefix) where !words.contains(String(key.dropFirst(prefix.count))) {
            try database.setMetadata("", forKey: key)  // an empty value deletes the key
        }
        for word in words { try database.setMetadata("1", forKey: prefix + word) }
        try database.setMetadata(hash, forKey: Schema.Metadata.lexiconHash)
        return true  // also when there was none: documents indexed before were not split at all
    }

    /// Deletes every passage of a document.
    public func remove(id: String) throws {
        let documentTerm = Schema.documentTerm(id)
        let passages = Int(try database.termFrequency(documentTerm))
        guard passages > 0 else { return }
        try checkOwner(of: documentTerm, is: id)
        try forgetSpelling(id: id, passages: passages)
        try database.deleteDocuments(withTerm: documentTerm)
    }

    /// A document's term names it alone (`Schema.termSafe`); the stored id
    /// is checked all the same before its passages are replaced or deleted,
    /// so that no flaw in the terms (or an index from an older Fundus) can
    /// ever make one document overwrite another.
    private func checkOwner(of documentTerm: String, is id: String) throws {
        guard let docid = try database.firstDocumentID(withTerm: documentTerm) else { return }
        let stored = try database.document(id: docid).value(slot: Schema.Slot.document)
        if stored != id { throw IdConflict(id: id, stored: stored) }
    }

    /// Two ids with one index term: the new one is refused, the stored one kept.
    public struct IdConflict: Error {
        public var id: String
        public var stored: String
    }

    /// Counts the spelling words of a document's stored passages as gone.
    /// Only replaced and removed documents pay for this second analysis.
    private func forgetSpelling(id: String, passages: Int) throws {
        guard passages > 0 else { return }
        var words = Set<String>()
        for number in 1...passages {
            guard let docid = try database.firstDocumentID(withTerm: Schema.passageTerm(id, passage: number)),
                  let record = PassageRecord.decode(stored: try database.document(id: docid).data(), using: JSONDecoder())
            else { continue }
            let bytes = Array(record.text.utf8)
            for token in analyzer.analyze(record.text) {
                if let word = Self.spellingWord(of: token, in: bytes) { words.insert(word) }
            }
        }
        for word in words { spellingGone[word, default: 0] += 1 }
    }

    /// Commits (ending the run's transaction, if any) and releases the write lock.
    public func close() throws {
        try writeSpelling()
        if inTransaction {
            try database.commitTransaction()
            inTransaction = false
        }
        try database.close()
    }

    /// Writes the spelling data gathered so far and, outside a transaction,
    /// commits: the work `close()` would do, done by the caller's thread. The
    /// writer stays open.
    public func commit() throws {
        try writeSpelling()
        if !inTransaction { try database.commit() }
    }

    private func writeSpelling() throws {
        for (word, count) in spelling {
            let gone = spellingGone.removeValue(forKey: word) ?? 0
            if count > gone { try database.addSpelling(word, frequencyIncrement: count - gone) }
            if gone > count { try database.removeSpelling(word, frequencyDecrement: gone - count) }
        }
        for (word, gone) in spellingGone { try database.removeSpelling(word, frequencyDecrement: gone) }
        spelling.removeAll()
        spellingGone.removeAll()
    }

    public var passageCount: Int { get throws { Int(try database.documentCount) } }

    /// The spelling word a token of `bytes` (its passage's text) adds, if any.
    /// Suggestions must read as people write: original letters, lower case.
    @inline(__always)
    static func spellingWord(of token: Token, in bytes: [UInt8]) -> String? {
        guard !token.isStopword && token.range.count >= 4 && token.range.count <= Schema.maxWordBytes else { return nil }
        return spellingWord(bytes[token.range])
    }

    /// The word in lower case if it is letters only, else nil. Plain ASCII
    /// words, most of them, are checked byte by byte: Character.isLetter on
    /// every token cost 2 % of an ingest.
    static func spellingWord(_ bytes: ArraySlice<UInt8>) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            guard bytes.allSatisfy({ ($0 | 0x20) &- 0x61 < 26 }) else { return nil }
            return String(decoding: bytes.map { $0 | 0x20 }, as: UTF8.self)
        }
        let word = String(decoding: bytes, as: UTF8.self)
        return word.allSatisfy(\.isLetter) ? word.lowercased() : nil
    }

    private func makeDocument(_ source: SourceDocument, passage: Int, text: String, section: SourceDocument.Section?,
                              titleTokens: [Token], titleStems: String, words: inout Set<String>) throws -> Document {
        let doc = try Document()
        postings.removeAll()
        let bytes = Array(text.utf8)
        for token in analyzer.analyze(text) {
            TermVocabulary.forEachBodyTerm(of: token) { postings.add(prefix: $0, $1, position: $2 ? token.position : 0) }
            if let word = Self.spellingWord(of: token, in: bytes) { words.insert(word) }
        }
        // Every passage carries its document's title.
        for token in titleTokens {
            TermVocabulary.forEachTitleTerm(of: token) { postings.add(prefix: $0, $1, position: $2 ? token.position : 0) }
        }
        try doc.addPostings(postings)
        try doc.addBooleanTerm(Schema.passageTerm(source.id, passage: passage))
        try doc.addBooleanTerm(Schema.documentTerm(source.id))
        if let s = source.source, !s.isEmpty { try doc.addBooleanTerm(Schema.sourceTerm(s)) }
        if let from = source.from, let address = MailAddress.address(in: from) {
            try doc.addBooleanTerm(Schema.fromTerm(address))
        }
        try doc.setValue(source.id, slot: Schema.Slot.document)
        if let date = source.date { try doc.setValue(date, slot: Schema.Slot.date) }
        try doc.setValue(titleStems, slot: Schema.Slot.titleStems)
        let record = PassageRecord(id: source.id, title: source.title, passage: passage, text: text,
                                   source: source.source, url: source.url, date: source.date, page: section?.page,
                                   section: section?.heading, from: source.from)
        try doc.setData(record.storedJSON)
        return doc
    }
}
