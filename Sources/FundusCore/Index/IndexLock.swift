import Foundation

/// The lock that lets one ingest at a time write an index: a file next to
/// the index (`PATH.lock`) holding the writer's process id, locked with
/// flock(2).
///
/// flock, not the file's existence, is the lock: the kernel releases it when
/// its holder exits, however it exits (kill -9 included), so a lock left by
/// a crash never blocks anyone, and there is nothing to clean up by hand.
/// The file is left in place on release; deleting it would race with a
/// second ingest that has just opened it. Xapian's own write lock inside the
/// database stays as a second line of defence against other writers.
///
/// ```swift
/// let lock = try IndexLock(indexPath: "/srv/idx", wait: 30)
/// defer { lock.release() }
/// ```
public final class IndexLock: @unchecked Sendable {  // `descriptor` changes only under `guardLock`
    public let path: String
    private var descriptor: Int32
    private let guardLock = NSLock()

    /// Locks the index at `indexPath`, waiting up to `wait` seconds (0: fail
    /// at once). Throws `.locked` naming the lock file and the holder's pid.
    public init(indexPath: String, wait: Double = 0) throws {
        path = Self.lockPath(for: indexPath)
        // Never through a link: the file gets truncated and a pid written
        // into it, which must not happen to whatever a planted link names.
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == ELOOP {
                throw FundusError(.database, "lock file \(path) is a symbolic link; refusing to use it (remove the link)")
            }
            throw FundusError(.database, "cannot open lock file \(path): \(String(cString: strerror(errno)))")
        }
        // Nor a FIFO or a device.
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw FundusError(.database, "lock file \(path) is not a plain file; refusing to use it")
        }
        // A file with other names too may be somebody's file (or a backup's
        // hard link of the lock): lock it, but never write into it.
        let ownFile = info.st_nlink == 1
        let deadline = Date().addingTimeInterval(max(wait, 0))
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            guard reason == EWOULDBLOCK || reason == EINTR else {
                close(descriptor)
                throw FundusError(.database, "cannot lock \(path): \(String(cString: strerror(reason)))")
            }
            if reason == EWOULDBLOCK && Date() >= deadline {
                let holder = Self.holder(of: descriptor)
                close(descriptor)
                throw FundusError(.locked, Self.lockedMessage(indexPath: indexPath, lockPath: path, holder: holder,
                                                              waited: wait))
            }
            usleep(100_000)
        }
        // Ours now: whoever held it before is gone, so its pid is stale.
        guard ownFile else { return }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit { release() }

    /// Unlocks (closing the descriptor releases the flock).
    public func release() {
        guardLock.lock()
        defer { guardLock.unlock() }
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    /// Beside where the index really is (`IndexStore.location`), so that
    /// every name of one index takes the same lock.
    public static func lockPath(for indexPath: String) -> String {
        IndexStore(path: indexPath).location + ".lock"
    }

    /// The pid written by the process that holds the lock, if it wrote one yet.
    private static func holder(of descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(descriptor, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }

    static func lockedMessage(indexPath: String, lockPath: String, holder: Int32?, waited: Double) -> String {
        let who = (holder.map { "process \($0), " } ?? "") + "lock file \(lockPath)"
        guard waited > 0 else {
            return "index \(indexPath) is locked by another fundus-ingest (\(who)); use --wait SECONDS to wait for it"
        }
        let seconds = String(format: waited < 10 ? "%.1f" : "%.0f", waited)
        return "index \(indexPath) is still locked by another fundus-ingest after waiting \(seconds) s (\(who))"
    }
}
