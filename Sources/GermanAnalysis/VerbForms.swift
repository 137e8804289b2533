/// Query-side stage: the inflected forms of a word read as a German verb's
/// infinitive, so that "speichern" also finds "gespeichert" and "speichert".
///
/// Snowball's German stemmer strips the endings of nouns and adjectives, but
/// a verb's forms keep apart: "speichern" -> "speich", "speichert" ->
/// "speichert", "gespeichert" -> "gespeichert". Keyword queries name an
/// action in the infinitive ("Dokumente speichern"), while the text says
/// "speichert das Dokument" or "wird gespeichert". Only regular formations
/// are generated (strong verbs' vowel changes need a word list we don't
/// have), and any word ending in "-en" qualifies: the caller keeps only the
/// forms its index actually holds, which drops the forms of nouns such as
/// "Daten" before they cost anything.
public enum VerbForms {
    /// Separable particles: "einfügen" -> "eingefügt", "einzufügen".
    /// Folded, longest first, so "heraus" is tried before "her".
    static let particles = [
        "zusammen", "herunter", "zurueck", "heraus", "herein", "hinzu", "vorbei", "wieder",
        "durch", "ueber", "unter", "fest", "nach", "frei", "auf", "aus", "bei", "ein", "her",
        "hin", "los", "mit", "vor", "weg", "dar", "ab", "an", "um", "zu",
    ]
    /// Inseparable prefixes and the "-ieren" verbs take no "ge-" in the participle.
    static let inseparable = ["miss", "emp", "ent", "ver", "zer", "be", "er", "ge"]

    /// Folded forms other than the infinitive itself; empty when `word`
    /// (folded, lower case) cannot be an infinitive.
    ///
    /// ```swift
    /// VerbForms.forms(ofInfinitive: "einfuegen")
    /// // ["einfuegt", "eingefuegt", "einzufuegen", ...]
    /// ```
    public static func forms(ofInfinitive word: String) -> [String] {
        guard let base = base(of: word) else { return [] }
        var out = finite(base)
        if let (particle, rest, restBase) = separable(word) {
            out.append(particle + "zu" + rest)
            out += (takesGe(rest, restBase) ? participles(restBase, rest) : finite(restBase)).map { particle + $0 }
        } else if takesGe(word, base) {
            out += participles(base, word)
        }
        var seen = Set<String>()
        return out.filter { $0 != word && seen.insert($0).inserted }
    }

    /// Every other form of the verb that `word` may be a form of: its own
    /// forms when it is an infinitive, and for a participle or third person
    /// ("ausgeblendete", "speichert", "verlaufend") the infinitive and its forms.
    public static func related(to word: String) -> [String] {
        var out = forms(ofInfinitive: word)
        for infinitive in infinitives(of: word) {
            out.append(infinitive)
            out += forms(ofInfinitive: infinitive)
        }
        var seen: Set<String> = [word]
        return out.filter { seen.insert($0).inserted }
    }

    /// Infinitives that `word` may be the past participle of:
    /// "ausgeblendete" -> "ausblenden", "definiert" -> "definieren". Only
    /// participle shapes ("ge-...-t", "-iert") are read back: a bare "-t" or
    /// "-end" is as often a noun ("Brandt", "Schulter") as a verb form.
    static func infinitives(of word: String) -> [String] {
        var candidates = [word]
        for ending in ["e", "en", "er", "es", "em"] where word.hasSuffix(ending) {
            candidates.append(String(word.dropLast(ending.count)))
        }
        var out: [String] = []
        for form in candidates where form.hasSuffix("t") {
            if form.hasSuffix("iert"), form.utf8.count >= 7 {
                out.append(String(form.dropLast()) + "en")
                continue
            }
            guard let bare = withoutGe(String(form.dropLast())) else { continue }
            for stem in bare.hasSuffix("e") ? [bare, String(bare.dropLast())] : [bare] where stem.utf8.count >= 4 {
                out.append(stem.hasSuffix("er") || stem.hasSuffix("el") ? stem + "n" : stem + "en")
            }
        }
        return out.filter { $0 != word && base(of: $0) != nil }
    }

    /// The stem without its participle "ge-" (at the start or after a
    /// particle); nil when it has none.
    private static func withoutGe(_ stem: String) -> String? {
        for particle in particles where stem.hasPrefix(particle + "ge") {
            return particle + stem.dropFirst(particle.count + 2)
        }
        return stem.hasPrefix("ge") ? String(stem.dropFirst(2)) : nil
    }

    /// Nouns regularly derived from the verb: "anpassen" -> "anpassung",
    /// "konfigurieren" -> "konfiguration" (and "konfigurierung").
    public static func nouns(ofInfinitive word: String) -> [String] {
        guard let base = base(of: word) else { return [] }
        var out = [base + "ung"]
        if base.hasSuffix("ier") { out.append(String(base.dropLast(3)) + "ation") }
        return out
    }

    private static func separable(_ word: String) -> (String, String, String)? {
        for particle in particles where word.hasPrefix(particle) {
            let rest = String(word.dropFirst(particle.count))
            if let restBase = base(of: rest), restBase.utf8.count >= 3 { return (particle, rest, restBase) }
        }
        return nil
    }

    private static func takesGe(_ word: String, _ base: String) -> Bool {
        !base.hasSuffix("ier") && !inseparable.contains { word.hasPrefix($0) }
    }

    /// "speichern" -> "speicher", "fuegen" -> "fueg"; nil for other words.
    static func base(of word: String) -> String? {
        guard word.utf8.count >= 5 else { return nil }
        if word.hasSuffix("ern") || word.hasSuffix("eln") { return String(word.dropLast()) }
        guard word.hasSuffix("en") else { return nil }
        let base = String(word.dropLast(2))
        guard base.utf8.count >= 3, let last = base.last, !"aeiou".contains(last) else { return nil }
        return base
    }

    /// Third person and past: "speichert", "speicherte" (the stemmer maps
    /// "-te", "-ten" onto "-t"); "meldet" after d/t and consonant + m/n.
    private static func finite(_ base: String) -> [String] {
        needsLinkingE(base) ? [base + "et"] : [base + "t"]
    }

    /// "gespeichert", "gemeldet", and "geladen" for verbs that keep their vowel.
    private static func participles(_ base: String, _ infinitive: String) -> [String] {
        [(needsLinkingE(base) ? "ge" + base + "et" : "ge" + base + "t"), "ge" + infinitive]
    }

    private static func needsLinkingE(_ base: String) -> Bool {
        let letters = Array(base.utf8)
        guard let last = letters.last else { return false }
        if last == UInt8(ascii: "d") || last == UInt8(ascii: "t") { return true }
        // "atmen" -> "atmet", "rechnen" -> "rechnet"; but "lernen" -> "lernt".
        guard last == UInt8(ascii: "m") || last == UInt8(ascii: "n"), letters.count >= 2 else { return false }
        let before = letters[letters.count - 2]
        // A silent h after a vowel counts as the vowel ("wohnt"); "ch" does not ("rechnet").
        if before == UInt8(ascii: "h") { return letters.count >= 3 && letters[letters.count - 3] == UInt8(ascii: "c") }
        return !"aeioulrm".utf8.contains(before) && before != last
    }
}
