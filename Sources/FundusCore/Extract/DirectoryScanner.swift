import Foundation

/// Finds the files below a directory that some format reads (`Formats`), in a stable order. Hidden files
/// and folders are skipped, symbolic links are not followed (so a link loop
/// cannot trap the scan), and only regular files are returned (never a FIFO
/// or a device, which could block a read forever).
public enum DirectoryScanner {
    /// A file found by a scan, with what an incremental ingest compares
    /// first: its size and modification time (nanoseconds since 1970).
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var size: Int64
        public var modified: Int64
    }

    /// What a scan found: the files, and the folders below the root that could
    /// not be read. An ingest must not take the files it could not see in those
    /// folders for deleted ones.
    public struct Listing: Sendable {
        public var files: [Entry] = []
        public var unreadable: [IngestProblem] = []
        /// Paths of the unreadable folders, each ending in "/".
        public var unreadableFolders: [String] = []
        /// Regular files of no format Fundus reads (listed by `--verbose`).
        public var unknown: [String] = []
    }

    public static func textFiles(under root: String) throws -> [String] {
        try scan(root).files.map(\.path)
    }

    /// Throws an `IngestProblem` when the root itself cannot be read.
    public static func scan(_ root: String) throws -> Listing {
        var listing = Listing()
        var pending = [root]
        let fm = FileManager.default
        while let dir = pending.popLast() {
            let names: [String]
            do {
                names = try fm.contentsOfDirectory(atPath: dir)
            } catch {
                let reason = "cannot read directory: \(TextFileReader.describe(error))"
                if dir == root { throw IngestProblem(location: root, reason: reason) }
                listing.unreadable.append(IngestProblem(location: dir, reason: reason))
                listing.unreadableFolders.append(dir.hasSuffix("/") ? dir : dir + "/")
                continue
            }
            for name in names where !name.hasPrefix(".") {
                let path = (dir as NSString).appendingPathComponent(name)
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    pending.append(path)
                case S_IFREG:
                    guard Formats.accepts(path: path) else {
                        listing.unknown.append(path)
                        continue
                    }
                    listing.files.append(Entry(path: path, size: Int64(info.st_size), modified: modifiedNanoseconds(info)))
                case S_IFLNK:
                    continue  // never followed: a link loop cannot trap the scan
                default:
                    // A FIFO, socket or device named like a text file is never
                    // opened (a read could block forever), but it is reported.
                    guard Formats.knownExtension(name) else { continue }
                    listing.unreadable.append(IngestProblem(location: path, reason: "not a regular file (\(kind(info))), skipped"))
                }
            }
        }
        listing.files.sort { $0.path < $1.path }
        listing.unknown.sort()
        return listing
    }

    /// The size and modification time of one regular file, or nil.
    public static func entry(for path: String) -> Entry? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Entry(path: path, size: Int64(info.st_size), modified: modifiedNanoseconds(info))
    }

    static func kind(_ info: stat) -> String {
        switch info.st_mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        case S_IFDIR: return "a directory"
        default: return "not a file"
        }
    }

    private static func modifiedNanoseconds(_ info: stat) -> Int64 {
        #if canImport(Darwin)
        let t = info.st_mtimespec
        #else
        let t = info.st_mtim
        #endif
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }
}
