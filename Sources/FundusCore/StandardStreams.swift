import Foundation

/// Standard output and standard error for both tools, the one way out for
/// their messages: each message line passes `TerminalSafe.line`, so a
/// document, id, file name or query it quotes cannot reach a terminal raw.
///
/// Writes are checked, unlike `FileHandle.write` (which traps on a full
/// device) and `print` (which loses output silently). A reader that went
/// away (EPIPE, `| head`) is not a failure: that stream is simply no longer
/// written. Any other failed write (ENOSPC on `/dev/full`, EIO) is: it is
/// reported where that is still possible, and `exitStatus` turns the run's
/// status into 2.
public enum StandardStreams {
    public enum WriteResult: Equatable {
        case written
        /// EPIPE: the reader closed the pipe.
        case closed
        /// Any other error, with its errno.
        case failed(Int32)
    }

    private static let lock = NSLock()
    /// Written under `lock`.
    nonisolated(unsafe) private static var tool = "fundus"
    nonisolated(unsafe) private static var errorGone = false
    nonisolated(unsafe) private static var outputGone = false
    nonisolated(unsafe) private static var failed = false

    /// Call before anything is written. With SIGPIPE ignored, a closed pipe is
    /// an EPIPE result instead of killing the process (status 141).
    public static func setUp(tool name: String) {
        signal(SIGPIPE, SIG_IGN)
        lock.withLock { tool = name }
    }

    /// Writes every byte of `bytes` to `fd`, again after EINTR and short writes.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> WriteResult {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno == EPIPE ? .closed : .failed(errno)
            }
            offset += n
        }
        return .written
    }

    public static func writeAll(_ fd: Int32, _ text: String) -> WriteResult {
        var text = text
        return text.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
    }

    public static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// One message line on standard error ("fundus-ingest: …"); controls in
    /// it are shown as stand-ins.
    public static func message(_ line: String) {
        rawError(TerminalSafe.line(line) + "\n")
    }

    /// Writes `text` to standard error as it is: only for the progress line's
    /// own cursor controls, around text already made safe.
    public static func rawError(_ text: String) {
        lock.withLock {
            guard !errorGone else { return }
            switch writeAll(STDERR_FILENO, text) {
            case .written: break
            case .closed: errorGone = true
            case .failed:
                // Nowhere left to say so; the exit status does.
                errorGone = true
                failed = true
            }
        }
    }

    /// Lines on standard output (ingest's `--check`, `--help`), each made
    /// safe. A failed write is reported on standard error, once.
    public static func output(_ text: String) {
        let safe = text.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalSafe.clean($0) }
            .joined(separator: "\n")
        let problem: String? = lock.withLock {
            guard !outputGone else { return nil }
            switch writeAll(STDOUT_FILENO, safe) {
            case .written: return nil
            case .closed:
                outputGone = true
                return nil
            case .failed(let code):
                outputGone = true
                return "cannot write standard output: " + describe(code)
            }
        }
        if let problem { failure(problem) }
    }

    /// A write that failed elsewhere (the log, search output): said on
    /// standard error as "tool: problem", and the exit status becomes 2.
    public static func failure(_ problem: String) {
        let name = lock.withLock {
            failed = true
            return tool
        }
        message("\(name): \(problem)")
    }

    /// Whether some write failed.
    public static var hasFailed: Bool { lock.withLock { failed } }

    /// The status to exit with: a run whose output or messages were lost did
    /// not succeed, so 0 and 1 become 2 (error statuses stay as they are).
    public static func exitStatus(_ status: Int32) -> Int32 {
        hasFailed && (status == FundusExit.success || status == FundusExit.partial) ? FundusExit.error : status
    }
}
