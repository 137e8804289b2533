/// One word of an analysed text.
public struct Token: Sendable, Equatable {
    /// UTF-8 byte offsets into the original text (whole surface word), so a
    /// highlight stays exact however the word was folded.
    public var range: Range<Int>
    /// Word position, consecutive per word; starts at the `startPosition` passed in.
    public var position: UInt32
    /// Folded lowercase surface form: "Pjöngjang" -> "pjoengjang", "Straße" -> "strasse".
    public var exact: String
    /// `stemmer.stem(exact)`.
    public var stem: String
    /// Stems of the compound parts, recursively, without duplicates and
    /// without the word's own stem; empty if the word is not a compound.
    public var parts: [String]
    public var isStopword: Bool

    public init(range: Range<Int>, position: UInt32, exact: String, stem: String, parts: [String], isStopword: Bool) {
        self.range = range
        self.position = position
        self.exact = exact
        self.stem = stem
        self.parts = parts
        self.isStopword = isStopword
    }
}
