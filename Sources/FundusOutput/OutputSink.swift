import Foundation
import FundusCore

/// Buffered standard output. A reader that went away (`| head`) is not an
/// error for a search tool: the process ends quietly with status 0. Any
/// other failed write (`>/dev/full`) is: the answers are lost, so the
/// process says so on standard error and ends with status 2 rather than 0.
public final class OutputSink {
    private var buffer: [UInt8] = []
    private let fd: Int32

    public init(fd: Int32 = STDOUT_FILENO) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
        // Without this a closed pipe kills the process with SIGPIPE (status 141).
        signal(SIGPIPE, SIG_IGN)
    }

    public var isTerminal: Bool { isatty(fd) == 1 }

    public func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        let result = buffer.withUnsafeBytes { StandardStreams.writeAll(fd, $0) }
        buffer.removeAll(keepingCapacity: true)
        switch result {
        case .written: break
        case .closed: exit(0)
        case .failed(let code):
            StandardStreams.failure("cannot write output: " + StandardStreams.describe(code))
            exit(FundusExit.error)
        }
    }

    deinit { flush() }
}
