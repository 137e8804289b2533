import Foundation

/// Where the index and the lexicon are, when the user does not say.
public enum IndexLocation {
    public static let environmentVariable = "FUNDUS_DB"
    public static let lexiconEnvironmentVariable = "FUNDUS_LEXICON"
    /// Relative to the working directory: the repository's `Index/` folder.
    public static let defaultPath = "Index/db"

    /// `--db`, else `$FUNDUS_DB`, else `Index/db`; with where it came from.
    public static func resolve(_ explicit: String?, environment: [String: String] = Environment.subset(environmentVariable))
        -> (path: String, origin: String)
    {
        if let explicit, !explicit.isEmpty { return (expand(explicit), "--db") }
        if let env = environment[environmentVariable], !env.isEmpty { return (expand(env), environmentVariable) }
        return (defaultPath, "default")
    }

    /// The lexicon the user named: `--lexicon`, else `$FUNDUS_LEXICON`. When
    /// neither is given, the index's own lexicon is used, else the one
    /// `LexiconLocation` finds.
    public static func lexicon(_ explicit: String?,
                               environment: [String: String] = Environment.subset(lexiconEnvironmentVariable))
        -> URL?
    {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: expand(explicit)) }
        if let env = environment[lexiconEnvironmentVariable], !env.isEmpty { return URL(fileURLWithPath: expand(env)) }
        return nil
    }

    /// Expands `~`, and drops trailing slashes: the index path may name a
    /// stub file (see `IndexStore`), and "idx/" does not open a file "idx".
    static func expand(_ path: String) -> String {
        // `~` is $HOME, as in a shell (`--db=~/idx` reaches us unexpanded);
        // Foundation would take the password database's home instead.
        var expanded = path
        if path == "~" || path.hasPrefix("~/"), let home = getenv("HOME").map({ String(cString: $0) }), home.hasPrefix("/") {
            expanded = home + path.dropFirst()
        } else {
            expanded = (path as NSString).expandingTildeInPath
        }
        while expanded.count > 1 && expanded.hasSuffix("/") { expanded.removeLast() }
        return expanded
    }
}
