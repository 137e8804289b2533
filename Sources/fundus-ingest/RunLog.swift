import Foundation
import FundusCore

/// `--log FILE`: lines appended to a file, each stamped with the time (UTC)
/// and the process id, so that the runs of a cron job can be read back and
/// told apart. Opened in append mode, so that several processes writing the
/// same log (a run and a locked-out one) do not overwrite each other.
///
/// Each line is made terminal-safe (`TerminalSafe.line`): a log is read with
/// `cat` and `tail -f`, and its lines quote ids and file names. A write that
/// fails (a full file system) is said once on standard error and makes the
/// run's exit status 2; the run itself goes on, and the log is not written again.
final class RunLog {
    private let fd: Int32
    private let path: String
    private var broken = false
    private let formatter: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f
    }()

    /// nil path: a log that writes nothing. Throws when the file cannot be opened.
    init(path: String?) throws {
        guard let path else {
            fd = -1
            self.path = ""
            return
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LogError(message: "cannot open log \(path): \(String(cString: strerror(errno)))") }
        self.fd = fd
        self.path = path
    }

    deinit { if fd >= 0 { close(fd) } }

    func write(_ message: String) {
        guard fd >= 0, !broken else { return }
        let line = "\(formatter.string(from: Date())) fundus-ingest[\(getpid())] \(TerminalSafe.line(message))\n"
        // One write(2) per line: appends stay whole.
        switch StandardStreams.writeAll(fd, line) {
        case .written: break
        case .closed:
            broken = true
            StandardStreams.failure("cannot write log \(path): \(StandardStreams.describe(EPIPE))")
        case .failed(let code):
            broken = true
            StandardStreams.failure("cannot write log \(path): \(StandardStreams.describe(code))")
        }
    }

    struct LogError: Error { var message: String }
}
