import Foundation

/// `--log FILE`: lines appended to a file, each stamped with the time (UTC)
/// and the process id, so that the runs of a cron job can be read back and
/// told apart. Opened in append mode, so that several processes writing the
/// same log (a run and a locked-out one) do not overwrite each other.
final class RunLog {
    private let handle: FileHandle?
    private let formatter: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f
    }()

    /// nil path: a log that writes nothing. Throws when the file cannot be opened.
    init(path: String?) throws {
        guard let path else {
            handle = nil
            return
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LogError(message: "cannot open log \(path): \(String(cString: strerror(errno)))") }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func write(_ message: String) {
        guard let handle else { return }
        let line = "\(formatter.string(from: Date())) fundus-ingest[\(getpid())] \(message)\n"
        handle.write(Data(line.utf8))  // one write(2) per line: appends stay whole
    }

    struct LogError: Error { var message: String }
}
