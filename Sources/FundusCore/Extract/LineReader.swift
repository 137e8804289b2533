import Foundation

/// Reads a file descriptor line by line in bounded memory: a line longer than
/// `maxLineBytes` is skipped (reported as too long) rather than buffered.
struct LineReader {
    enum Line {
        case text(Data)
        case tooLong(bytes: Int)
    }

    private let handle: FileHandle
    private let maxLineBytes: Int
    private var buffer = Data()
    private var atEOF = false
    private var skipping = 0  // bytes of an over-long line seen so far

    init(handle: FileHandle, maxLineBytes: Int = 64 << 20) {
        self.handle = handle
        self.maxLineBytes = maxLineBytes
    }

    mutating func next() throws -> Line? {
        while true {
            if let nl = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<nl]
                buffer.removeSubrange(buffer.startIndex...nl)
                if skipping > 0 {
                    let total = skipping + line.count
                    skipping = 0
                    return .tooLong(bytes: total)
                }
                return .text(Data(line))
            }
            if atEOF {
                if skipping > 0 {
                    let total = skipping + buffer.count
                    skipping = 0
                    buffer.removeAll()
                    return .tooLong(bytes: total)
                }
                if buffer.isEmpty { return nil }
                defer { buffer.removeAll() }
                return .text(buffer)
            }
            if buffer.count > maxLineBytes {
                skipping += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { atEOF = true } else { buffer.append(chunk) }
        }
    }
}
