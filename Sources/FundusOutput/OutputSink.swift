import Foundation

/// Buffered standard output. A reader that went away (`| head`) is not an
/// error for a search tool: the process ends quietly with status 0.
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
        var offset = 0
        while offset < buffer.count {
            let n = buffer[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                break
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}
