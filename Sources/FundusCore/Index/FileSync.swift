import Foundation

/// The few file-system steps an atomic switch needs, each made durable: a
/// crash right after a switch must not bring back the old stub, or a stub
/// whose contents never reached the disk.
enum FileSync {
    /// Writes `text` to a new file `path` and flushes it to the disk. Fails
    /// if anything is at `path` already: a link planted there is never
    /// written through.
    static func writeDurably(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot create \(path)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure("cannot write \(path)") }
            written += n
        }
        guard fsync(fd) == 0 else { throw failure("cannot sync \(path)") }
    }

    static func rename(_ from: String, to: String) throws {
        guard Foundation.rename(from, to) == 0 else { throw failure("cannot rename \(from) to \(to)") }
    }

    /// Swaps two paths in one atomic step (renameat2 with RENAME_EXCHANGE,
    /// Linux 3.15+, glibc 2.28+), which also works between a file and a
    /// directory. Returns false where the system or the file system cannot.
    static func exchange(_ a: String, _ b: String) -> Bool {
        // Swift's Glibc module does not export renameat2, so look it up.
        typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(nil, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: Renameat2.self)
        let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE in <linux/fs.h>
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    }

    /// Flushes a folder's entries (a rename is durable only once its folder is).
    static func syncFolder(_ path: String) {
        let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func failure(_ what: String) -> FundusError {
        FundusError(.database, "\(what): \(String(cString: strerror(errno)))")
    }
}
