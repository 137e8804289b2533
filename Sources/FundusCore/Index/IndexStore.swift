import Foundation
import Xapian

/// Where an index lives on disk, and how a rebuilt one replaces it without a
/// reader ever seeing a mix or an error.
///
/// The path the user names (`--db PATH`) is a Xapian stub file: one line,
/// `glass NAME.generations/gen-N`, relative to the stub's folder (so the pair
/// can be moved together). The databases themselves are generations in
/// `PATH.generations/`. Xapian's tools (xapian-delve, quest) follow the
/// stub; Fundus reads it itself (`layout`), accepting only that form.
///
/// - An incremental ingest writes into the current generation, in one Xapian
///   commit: readers see the old revision or the new one.
/// - `--full` and `--compact` build generation N+1 beside it, then replace
///   the stub with rename(2), which is atomic: a reader opening PATH gets
///   either stub, and each names a complete database. The old generation is
///   then deleted, unless a searcher still holds it (`holdCurrent`): then
///   the next run deletes it.
/// - A plain database directory at PATH (an index made before generations)
///   keeps working; the first `--full` or `--compact` swaps it for a stub
///   with renameat2(RENAME_EXCHANGE), one atomic step as well.
/// - PATH may be reached through symbolic links (`location` resolves them),
///   and `PATH.generations` may be a link to a folder elsewhere; clean-up
///   deletes only what Fundus names, never following a link.
///
/// Every method here but `layout`, `currentDatabase` and `holdCurrent`
/// expects the caller to hold the `IndexLock`.
public struct IndexStore: Sendable {
    public enum Layout: Equatable, Sendable {
        /// Nothing at PATH yet.
        case missing
        /// A database directory at PATH, from before generations.
        case directory
        /// A stub written by Fundus, naming generation N.
        case generation(Int)
    }

    /// The path as the user gave it (no trailing slash), for messages.
    public let path: String
    /// Where the index really is: PATH with its folder resolved, and PATH
    /// itself too if it is a symbolic link. The lock, the generations and
    /// the stub's own name all derive from it, so every name of one index
    /// (`db`, `./db`, a link to it) shares one lock and one set of files.
    public let location: String

    public init(path: String) {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        self.path = p
        location = Self.resolve(p)
    }

    public var generationsFolder: String { location + ".generations" }
    private var name: String { PathText.name(of: location) }
    private var parentFolder: String { PathText.folder(of: location) }

    /// See `location`. A folder that does not exist leaves the path as it
    /// is (opening the lock then fails with a message naming it).
    static func resolve(_ path: String) -> String {
        func real(_ p: String) -> String? {
            guard let resolved = realpath(p, nil) else { return nil }
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let (parent, name) = (PathText.folder(of: path), PathText.name(of: path))
        if name == "." || name == ".." || name.isEmpty { return real(path) ?? path }
        guard let folder = real(parent) else { return path }
        let joined = (folder == "/" ? "" : folder) + "/" + name
        var info = stat()
        if lstat(joined, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { return real(joined) ?? joined }
        return joined
    }

    /// What is at PATH. Anything but nothing, a database directory, or a
    /// stub naming a generation in its own `PATH.generations/` is refused:
    /// a stub can name any folder on the machine, and a writer following it
    /// would write there. (A stub naming several or remote databases is a
    /// shard list, which searches read: `IndexSource`.)
    public func layout() throws -> Layout {
        var info = stat()
        guard stat(location, &info) == 0 else {
            if errno == ENOENT { return .missing }
            throw FundusError(.database, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            // Only a database: a writer would otherwise make one among
            // whatever files the folder holds.
            var version = stat()
            guard lstat(location + "/iamglass", &version) == 0 else {
                throw FundusError(.database, "\(path) is a folder but not a Fundus index (it holds no glass database)")
            }
            return .directory
        case S_IFREG:
            // A stub is one short line; read no more than a screenful.
            if info.st_size <= 4096, let text = try? String(contentsOfFile: location, encoding: .utf8),
               let n = Self.generation(inStub: text, name: name) {
                return .generation(n)
            }
            throw FundusError(.database, "\(path) is not a Fundus index: a stub must read 'glass \(name).generations/gen-N' "
                + "(a file naming other databases is a shard list, for fundus-search)")
        default:
            throw FundusError(.database, "\(path) is not a Fundus index (neither a stub file nor a database folder)")
        }
    }

    /// The database a reader of PATH gets: the current generation's folder,
    /// or PATH itself (resolved) for an old-layout directory.
    public func currentDatabase() throws -> String {
        if case .generation(let n) = try layout() { return generationPath(n) }
        return location
    }

    func generationPath(_ n: Int) -> String { generationsFolder + "/gen-\(n)" }

    static func stubText(name: String, generation: Int) -> String { "glass \(name).generations/gen-\(generation)\n" }

    /// The generation a stub names, if it is exactly what Fundus writes
    /// (the final newline aside).
    static func generation(inStub text: String, name: String) -> Int? {
        let prefix = "glass \(name).generations/gen-"
        let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
        guard line.hasPrefix(prefix) else { return nil }
        let digits = line.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.count < 10, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }), let n = Int(digits),
              stubText(name: name, generation: n) == line + "\n" else { return nil }
        return n
    }

    /// A number for a new generation: above the current one and above any
    /// leftover folder, so a new build never lands in an old one.
    func nextGeneration() throws -> Int {
        var highest = 0
        if case .generation(let n) = try layout() { highest = n }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: generationsFolder)) ?? [] {
            if entry.hasPrefix("gen-"), let n = Int(entry.dropFirst(4)) { highest = max(highest, n) }
        }
        return highest + 1
    }

    /// Makes sure PATH is an index: when nothing is there, creates an empty
    /// generation 1 and publishes it, so that from the first moment of the
    /// first ingest readers find an (empty) index rather than none.
    func createIfMissing(prepare: (String) throws -> Void) throws {
        guard try layout() == .missing else { return }
        try makeGenerationsFolder()
        let n = try nextGeneration()
        try prepare(generationPath(n))
        try publish(n)
    }

    /// Creates `PATH.generations` if need be. It may be a symbolic link to a
    /// folder elsewhere (another disk); anything else in its place is refused.
    func makeGenerationsFolder() throws {
        if mkdir(generationsFolder, 0o755) == 0 { return }
        let reason = errno
        var info = stat()
        if reason == EEXIST, stat(generationsFolder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return }
        if reason == EEXIST {
            throw FundusError(.database, "\(generationsFolder) is in the way: it must be a folder (or a link to one)")
        }
        throw FundusError(.database, "cannot create \(generationsFolder): \(String(cString: strerror(reason)))")
    }

    /// Where a new stub is written before it replaces PATH: beside PATH, on
    /// its file system (the generations folder may be a link to another
    /// disk, and rename(2) does not cross file systems).
    var pendingStub: String { location + ".stub.new" }
    /// Where an old-layout directory is moved while the stub takes its place,
    /// where renameat2 is missing.
    var legacyDirectory: String { location + ".legacy" }

    /// Points PATH at generation `n` in one atomic step, then deletes what
    /// it replaced, unless a searcher still reads it (then the next run does).
    func publish(_ n: Int) throws {
        let before = try layout()
        let temporary = pendingStub
        LeftoverRemoval.remove(name + ".stub.new", in: parentFolder)  // a crashed run's, or whatever is in the way
        try FileSync.writeDurably(Self.stubText(name: name, generation: n), to: temporary)
        switch before {
        case .missing, .generation:
            try FileSync.rename(temporary, to: location)
        case .directory:
            // rename(2) cannot put a file where a directory is; swapping the
            // two names is atomic where renameat2 exists (the old directory
            // is then where the stub was, and moves on to `legacyDirectory`,
            // out of the way of the next switch should a searcher still hold
            // it). Otherwise, move the old directory aside first: for that
            // moment PATH is missing.
            if FileSync.exchange(temporary, location) {
                try? FileSync.rename(temporary, to: legacyDirectory)
            } else {
                try FileSync.rename(location, to: legacyDirectory)
                try FileSync.rename(temporary, to: location)
            }
        }
        FileSync.syncFolder(parentFolder)
        if before != .missing { removeLeftovers() }
    }

    /// Deletes what Fundus left but the current generation: generations
    /// replaced by a switch (once no searcher holds them), half-built ones
    /// from a run that crashed, a stub that was never switched in, the
    /// directory an old-layout index moved out of. Entries Fundus does not
    /// name are never touched (see `LeftoverRemoval`).
    public func removeLeftovers() {
        finishInterruptedSwitch()
        let current: String
        switch try? layout() {
        case .generation(let n): current = "gen-\(n)"
        case .directory, .missing: current = ""
        case nil: return  // not an index Fundus can judge
        }
        LeftoverRemoval.removeEntries(of: generationsFolder, except: current)
        LeftoverRemoval.remove(name + ".stub.new", in: parentFolder)
        // With nothing at PATH, the moved-aside directory is the only index
        // there is: kept.
        if current != "" { LeftoverRemoval.remove(name + ".legacy", in: parentFolder) }
    }

    /// Where an old-layout directory had to be moved aside before the stub
    /// could take its place (no renameat2), a crash between the two renames
    /// leaves no index at PATH but a finished stub beside the generation it
    /// names, which is complete (the stub is written only then): put it in
    /// place. (Versions before issue 15 wrote it into the generations folder.)
    private func finishInterruptedSwitch() {
        guard (try? layout()) == .missing else { return }
        for pending in [pendingStub, generationsFolder + "/stub.new"] {
            var info = stat()
            guard lstat(pending, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= 4096,
                  let text = try? String(contentsOfFile: pending, encoding: .utf8),
                  let n = Self.generation(inStub: text, name: name),
                  FileManager.default.fileExists(atPath: generationPath(n) + "/iamglass")
            else { continue }
            try? FileSync.rename(pending, to: location)
            FileSync.syncFolder(parentFolder)
            return
        }
    }
}
