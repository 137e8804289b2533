/// German function words, in folded form.
///
/// Stopwords stay tokens with positions (the indexer keeps them so phrases
/// work); `Token.isStopword` only tells the query builder it may drop them
/// outside phrases. They are also never compound parts: "Wiederholung" is
/// not "wie" + "der" + "holung".
public struct Stopwords: Sendable {
    private let words: Set<String>

    /// Words are folded, so "daß", "dass" and "DASS" are one entry.
    public init(words: some Sequence<String>) {
        self.words = Set(words.lazy.map { Folding.fold($0) })
    }

    /// Words that are folded already (our own list; a test checks that).
    private init(folded: Set<String>) { self.words = folded }

    public func contains(_ foldedWord: String) -> Bool { words.contains(foldedWord) }

    // Cut on bytes: splitting on Character.isWhitespace walks grapheme
    // clusters and cost 0.2 ms of every search process's start. The list is
    // written folded, so folding it again would only cost time.
    public static let german = Stopwords(folded: germanWords)

    static var germanWords: Set<String> {
        var words = Set<String>(minimumCapacity: 320)
        for word in germanList.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x0A }) {
            words.insert(String(decoding: word, as: UTF8.self))
        }
        return words
    }

    // Our own list: articles, pronouns, auxiliaries and modals, question words,
    // prepositions, conjunctions and the commonest particles. Content words
    // with a function-word homograph ("Weg", "Mal", "Laut") are left out, and
    // so are number words, which queries often need.
    private static let germanList = """
        der die das des dem den ein eine einer eines einem einen
        ich du er sie es wir ihr mich dich sich uns euch mir dir ihm ihn ihnen
        mein meine meiner meines meinem meinen dein deine deiner deines deinem deinen
        sein seine seiner seines seinem seinen ihre ihrer ihres ihrem ihren
        unser unsere unserer unseres unserem unseren euer eure eurer eures eurem euren
        dieser diese dieses diesem diesen jener jene jenes jenem jenen
        welcher welche welches welchem welchen derselbe dieselbe dasselbe dieselben
        man jemand niemand etwas nichts alle alles allem allen aller
        jeder jede jedes jedem jeden kein keine keiner keines keinem keinen
        solch solche solcher solches solchem solchen selbst einander
        bin bist ist sind seid war warst waren wart gewesen waere waeren sei seien
        haben habe hast hat habt hatte hattest hatten hattet gehabt haette haetten
        werden werde wirst wird werdet wurde wurdest wurden wurdet worden geworden wuerde wuerden
        kann kannst koennen koennt konnte konnten koennte koennten
        muss musst muessen musste mussten muesste muessten
        soll sollst sollen sollte sollten will willst wollen wollte wollten
        darf darfst duerfen durfte durften mag magst moegen mochte moechte moechten
        wann wo wer was wie warum weshalb wieso weswegen wohin woher womit wodurch
        wofuer worauf worueber woran worin wen wem wessen
        ab an am ans auf aufs aus bei beim bis durch durchs fuer gegen hinter hinters
        in im ins mit nach neben ohne seit ueber uebers um ums unter unters von vom
        vor vors zu zum zur zwischen wegen waehrend trotz anstatt ausser innerhalb ausserhalb
        und oder aber sondern denn doch dass ob weil wenn als falls obwohl sowie sowohl
        weder noch damit sodass bevor nachdem indem sobald solange
        nicht auch nur schon sehr so da dann dort hier jetzt nun mal eben ja nein
        immer wieder zwar etwa bereits also dies
        dabei dafuer dagegen daher danach darauf darin darueber davon dazu deshalb deswegen
        """
}
