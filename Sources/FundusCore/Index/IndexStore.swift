import Foundation
import Xapian

/// Where an index lives on disk, and how a rebuilt one replaces it without a
/// reader ever seeing a mix or an error.
///
/// The path the user names (`--db PATH`) is a Xapian stub file: one line,
/// `glass NAME.generations/gen-N`, relative to the stub's folder (so the pair
/// can be moved together). The databases themselves are generations in
/// `PATH.generations/`. Everything that opens PATH (fundus-search,
/// xapian-delve, quest, a writer) follows the stub.
///
/// - An incremental ingest writes into the current generation, in one Xapian
///   commit: readers see the old revision or the new one.
/// - `--full` and `--compact` build generation N+1 beside it, then replace
///   the stub with rename(2), which is atomic: a reader opening PATH gets
///   either stub, and each names a complete database. The old generation is
///   then deleted; a searcher that opened it keeps reading it, since on
///   Linux open files outlive their names.
/// - A plain database directory at PATH (an index made before generations)
///   keeps working; the first `--full` or `--compact` swaps it for a stub
///   with renameat2(RENAME_EXCHANGE), one atomic step as well.
///
/// Every method here expects the caller to hold the `IndexLock`.
public struct IndexStore: Sendable {
    public enum Layout: Equatable, Sendable {
        /// Nothing at PATH yet.
        case missing
        /// A database directory at PATH, from before generations.
        case directory
        /// A stub written by Fundus, naming generation N.
        case generation(Int)
        /// A stub Fundus did not write (e.g. several shards or a remote
        /// database): written through, never replaced.
        case foreignStub
    }

    /// The path as the user gave it (no trailing slash).
    public let path: String

    public init(path: String) {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        self.path = p
    }

    public var generationsFolder: String { path + ".generations" }
    // Split by hand: Foundation's deletingLastPathComponent traps on a bare
    // name such as "idx" (swift-corelibs-foundation), the most natural way
    // to name an index in the current folder.
    private var name: String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
    private var parentFolder: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// How long a replaced generation stays before it is deleted: a reader
    /// that read the old stub a moment before the switch is still opening
    /// that generation's tables (a matter of microseconds; this is ample).
    static let graceSeconds: Double = 1

    public func layout() throws -> Layout {
        var info = stat()
        // stat, not lstat: a symbolic link to a database directory is that
        // directory (a rebuild replaces the link, and leaves its target alone).
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return .missing }
            throw FundusError(.database, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if info.st_mode & S_IFMT == S_IFDIR { return .directory }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .foreignStub }
        return Self.generation(inStub: text, name: name).map { .generation($0) } ?? .foreignStub
    }

    /// The database a reader of PATH gets: the current generation's folder,
    /// or PATH itself for the other layouts.
    public func currentDatabase() throws -> String {
        if case .generation(let n) = try layout() { return generationPath(n) }
        return path
    }

    func generationPath(_ n: Int) -> String { generationsFolder + "/gen-\(n)" }

    static func stubText(name: String, generation: Int) -> String { "glass \(name).generations/gen-\(generation)\n" }

    static func generation(inStub text: String, name: String) -> Int? {
        let prefix = "glass \(name).generations/gen-"
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix(prefix), !line.contains("\n") else { return nil }
        return Int(line.dropFirst(prefix.count))
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

    func makeGenerationsFolder() throws {
        do {
            try FileManager.default.createDirectory(atPath: generationsFolder, withIntermediateDirectories: false)
        } catch {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: generationsFolder, isDirectory: &isDirectory), isDirectory.boolValue {
                return
            }
            throw FundusError(.database, "cannot create \(generationsFolder): \(TextFileReader.describe(error))")
        }
    }

    /// Points PATH at generation `n` in one atomic step, then deletes what
    /// it replaced (after `graceSeconds`).
    func publish(_ n: Int) throws {
        let before = try layout()
        let temporary = generationsFolder + "/stub.new"
        try FileSync.writeDurably(Self.stubText(name: name, generation: n), to: temporary)
        switch before {
        case .missing, .generation:
            try FileSync.rename(temporary, to: path)
        case .directory:
            // rename(2) cannot put a file where a directory is; swapping the
            // two names is atomic where renameat2 exists. Otherwise, move the
            // old directory aside first: for that moment PATH is missing.
            if !FileSync.exchange(temporary, path) {
                try FileSync.rename(path, to: generationsFolder + "/legacy")
                try FileSync.rename(temporary, to: path)
            }
        case .foreignStub:
            try? FileManager.default.removeItem(atPath: temporary)
            throw FundusError(.usage, "\(path) is a stub file not written by fundus-ingest; it cannot be rebuilt in place")
        }
        FileSync.syncFolder(parentFolder)
        if before != .missing {
            Thread.sleep(forTimeInterval: Self.graceSeconds)
            removeLeftovers()
        }
    }

    /// Deletes everything in the generations folder but the current
    /// generation: generations replaced by a switch, half-built ones from a
    /// run that crashed, a stub that was never switched in, the directory
    /// an old-layout index moved out of.
    public func removeLeftovers() {
        finishInterruptedSwitch()
        let current: String
        switch (try? layout()) ?? .foreignStub {
        case .generation(let n): current = "gen-\(n)"
        case .directory, .missing: current = ""
        case .foreignStub: return  // its contents are not ours to judge
        }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: generationsFolder)) ?? [] where entry != current {
            try? FileManager.default.removeItem(atPath: generationsFolder + "/" + entry)
        }
    }

    /// Where an old-layout directory had to be moved aside before the stub
    /// could take its place (no renameat2), a crash between the two renames
    /// leaves no index at PATH but a finished stub beside the generation it
    /// names, which is complete (the stub is written only then): put it in place.
    private func finishInterruptedSwitch() {
        let pending = generationsFolder + "/stub.new"
        guard (try? layout()) == .missing, let text = try? String(contentsOfFile: pending, encoding: .utf8),
              let n = Self.generation(inStub: text, name: name),
              FileManager.default.fileExists(atPath: generationPath(n) + "/iamglass")
        else { return }
        try? FileSync.rename(pending, to: path)
        FileSync.syncFolder(parentFolder)
    }
}
