import Foundation

/// Where the index and the lexicon are, when the user does not say.
public enum IndexLocation {
    public static let environmentVariable = "FUNDUS_DB"
    public static let lexiconEnvironmentVariable = "FUNDUS_LEXICON"
    /// Relative to the working directory: the repository's `Index/` folder.
    public static let defaultPath = "Index/db"
    public static let defaultLexiconPath = "Index/lexicon/de.txt"

    /// `--db`, else `$FUNDUS_DB`, else `Index/db`; with where it came from.
    public static func resolve(_ explicit: String?, environment: [String: String] = Environment.subset(environmentVariable))
        -> (path: String, origin: String)
    {
        if let explicit, !explicit.isEmpty { return (expand(explicit), "--db") }
        if let env = environment[environmentVariable], !env.isEmpty { return (expand(env), environmentVariable) }
        return (defaultPath, "default")
    }

    /// `--lexicon`, else `$FUNDUS_LEXICON`, else `Index/lexicon/de.txt` if it exists.
    public static func lexicon(_ explicit: String?,
                               environment: [String: String] = Environment.subset(lexiconEnvironmentVariable))
        -> URL?
    {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: expand(explicit)) }
        if let env = environment[lexiconEnvironmentVariable], !env.isEmpty { return URL(fileURLWithPath: expand(env)) }
        return FileManager.default.fileExists(atPath: defaultLexiconPath) ? URL(fileURLWithPath: defaultLexiconPath) : nil
    }

    /// Expands `~`, and drops trailing slashes: the index path may name a
    /// stub file (see `IndexStore`), and "idx/" does not open a file "idx".
    static func expand(_ path: String) -> String {
        var expanded = (path as NSString).expandingTildeInPath
        while expanded.count > 1 && expanded.hasSuffix("/") { expanded.removeLast() }
        return expanded
    }
}
