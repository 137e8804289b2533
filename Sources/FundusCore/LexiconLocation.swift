import Foundation

/// Where the compound lexicon is found when the user does not name one.
///
/// The lexicon decides whether `Rakete` finds `Kurzstreckenraketen`, so it
/// must not depend on the folder a run starts in (cron starts in `$HOME`).
/// The places, first found wins:
///
/// 1. `<prefix>/share/fundus/de.txt`, where `<prefix>/bin` holds the running
///    program (`Tools/install` puts it there; the prefix can be moved).
/// 2. `Index/lexicon/de.txt` of the clone whose build folder holds the
///    running program (`<clone>/.build/<triple>/<config>/fundus-ingest`).
/// 3. `$XDG_DATA_HOME/fundus/de.txt` (default `~/.local/share/fundus/de.txt`).
/// 4. `fundus/de.txt` in each folder of `$XDG_DATA_DIRS`
///    (default `/usr/local/share:/usr/share`).
///
/// ```swift
/// let found = LexiconLocation.defaultLexicon()   // URL or nil
/// ```
public enum LexiconLocation {
    public static let fileName = "de.txt"

    /// The candidates in the order they are tried, for the message that
    /// says where no lexicon was found.
    public static func candidates(executable: String? = runningExecutable(),
                                  environment: [String: String] = Environment.subset("XDG_DATA_HOME", "XDG_DATA_DIRS", "HOME"))
        -> [String]
    {
        var places: [String] = []
        if let executable {
            let binFolder = PathText.folder(of: executable)
            places.append(PathText.folder(of: binFolder) + "/share/fundus/" + fileName)
            // .build/<triple>/<config>/ is three folders below the clone;
            // .build/<config>/ (a symlink, resolved away by realpath) two.
            var folder = binFolder
            for _ in 0..<3 {
                folder = PathText.folder(of: folder)
                // Also a second build folder such as .build-asan.
                if folder.split(separator: "/").last?.hasPrefix(".build") == true {
                    places.append(PathText.folder(of: folder) + "/Index/lexicon/" + fileName)
                    break
                }
            }
        }
        if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
            places.append(dataHome + "/fundus/" + fileName)
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            places.append(home + "/.local/share/fundus/" + fileName)
        }
        let dataDirs = environment["XDG_DATA_DIRS"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/share:/usr/share"
        for folder in dataDirs.split(separator: ":") where folder.hasPrefix("/") {
            places.append(String(folder) + "/fundus/" + fileName)
        }
        var seen = Set<String>()
        return places.filter { seen.insert($0).inserted }
    }

    /// The first candidate that is a readable regular file.
    public static func defaultLexicon(candidates: [String] = candidates()) -> URL? {
        for path in candidates {
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(path, R_OK) == 0 {
                return URL(fileURLWithPath: path)
            }
        }
        return nil
    }

    /// The running program's real path (symbolic links resolved), from
    /// /proc/self/exe: argv[0] may be a bare name found on PATH.
    public static func runningExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
