import Foundation

/// A shared flock on the database folder a searcher reads, held as long as
/// the searcher lives: a writer deletes a replaced generation only if it can
/// lock it exclusively (`LeftoverRemoval`), so the folder cannot vanish
/// between a reader's reading the stub and its opening the tables (which
/// Xapian does lazily, some only at the first query that needs them).
public final class ReaderHold: @unchecked Sendable {  // the descriptor is only closed, once
    /// The database folder held.
    public let database: String
    private let descriptor: Int32

    init(database: String, descriptor: Int32) {
        self.database = database
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}

extension IndexStore {
    /// Test hook, not for use: `FUNDUS_TEST_PAUSE_AFTER_STUB=FIFO` makes a
    /// reader, right after it has first read the stub, wait until the writer
    /// of FIFO closes it, so a test can switch generations at that very moment.
    static let pauseHookVariable = "FUNDUS_TEST_PAUSE_AFTER_STUB"

    /// Finds the current database and holds it (see `ReaderHold`): after
    /// reading the stub, locks the folder it names shared, then checks that
    /// PATH still names that very folder; if a switch came in between, looks
    /// again. Throws `.noIndex` when there is no index at PATH.
    public func holdCurrent() throws -> ReaderHold {
        for _ in 0..<100 {
            let before = try layout()
            let database: String
            switch before {
            case .missing: throw Self.noIndex(path)
            case .directory: database = location
            case .generation(let n): database = generationPath(n)
            }
            Self.pauseForTests()
            let fd = open(database, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else {
                let reason = errno
                if try layout() != before { continue }  // switched, and the old one deleted
                if reason == ENOENT { throw Self.noIndex(path, missing: database) }
                throw FundusError(.database, "cannot open index \(path): \(database): \(String(cString: strerror(reason)))")
            }
            while flock(fd, LOCK_SH) != 0 {
                guard errno == EINTR else {
                    let reason = errno
                    close(fd)
                    throw FundusError(.database, "cannot lock \(database) for reading: \(String(cString: strerror(reason)))")
                }
            }
            // A writer deletes a folder only while it holds it exclusively,
            // and never the one PATH names: if PATH still names this folder,
            // it stays whole as long as we hold it.
            if try layout() == before, Self.sameFile(fd, database) {
                return ReaderHold(database: database, descriptor: fd)
            }
            close(fd)
        }
        throw FundusError(.database, "index \(path) changed a hundred times while being opened; try again")
    }

    static func noIndex(_ path: String, missing database: String? = nil) -> FundusError {
        if let database {
            return FundusError(.noIndex, "no index at \(path): its stub names \(database), which does not exist")
        }
        return FundusError(.noIndex, "no index at \(path) (create one with fundus-ingest, or point --db or FUNDUS_DB at one)")
    }

    private static func sameFile(_ fd: Int32, _ path: String) -> Bool {
        var held = stat(), named = stat()
        return fstat(fd, &held) == 0 && lstat(path, &named) == 0 && held.st_dev == named.st_dev && held.st_ino == named.st_ino
    }

    /// Once per process (the first stub read), so the retry it causes
    /// does not wait again.
    private static func pauseForTests() { _ = pauseOnce }

    private static let pauseOnce: Void = {
        guard let fifo = getenv(pauseHookVariable).map({ String(cString: $0) }), !fifo.isEmpty,
              let handle = FileHandle(forReadingAtPath: fifo) else { return }
        _ = try? handle.readToEnd()
        try? handle.close()
    }()
}
