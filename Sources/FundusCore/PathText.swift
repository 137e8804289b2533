/// A path's folder and last name, split by hand: Foundation's NSString
/// path methods trap on a bare name such as "idx" (swift-corelibs-foundation).
public enum PathText {
    /// The folder that holds `path` ("." for a bare name, "/" at the root).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of `path`.
    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
