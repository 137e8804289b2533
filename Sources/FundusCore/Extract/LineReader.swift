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
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts. Lines are cut off the front
    /// by moving this index, not by removing bytes: removing from the front of
    /// the buffer moves the rest every time, which made reading a 50 MB file with
    /// 2 KB lines copy gigabytes.
    private var start = 0
    /// Where to look for the next newline: bytes before it were searched already.
    private var searched = 0
    private var atEOF = false
    private var skipping = 0  // bytes of an over-long line seen so far
    /// Bytes consumed so far, newlines included: for progress against a file's size.
    private(set) var bytesRead = 0

    init(handle: FileHandle, maxLineBytes: Int = 64 << 20) {
        self.handle = handle
        self.maxLineBytes = maxLineBytes
    }

    mutating func next() throws -> Line? {
        while true {
            if let nl = buffer[max(start, searched)...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<nl]
                bytesRead += nl + 1 - start
                start = nl + 1
                searched = start
                // Too long however it arrived: the same line is rejected
                // whether it came in one chunk or in many.
                if skipping > 0 || line.count > maxLineBytes {
                    let total = skipping + line.count
                    skipping = 0
                    return .tooLong(bytes: total)
                }
                return .text(Data(line))
            }
            searched = buffer.count
            let pending = buffer.count - start
            if atEOF {
                bytesRead += pending
                defer { discardAll() }
                if skipping > 0 {
                    let total = skipping + pending
                    skipping = 0
                    return .tooLong(bytes: total)
                }
                if pending == 0 { return nil }
                if pending > maxLineBytes { return .tooLong(bytes: pending) }
                return .text(Data(buffer[start...]))
            }
            if pending > maxLineBytes {
                skipping += pending
                bytesRead += pending
                discardAll()
            } else if start > 0 {
                // Keep only the unfinished line before reading more: one move per chunk.
                buffer.removeSubrange(0..<start)
                searched -= start
                start = 0
            }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty {
                atEOF = true
                continue
            }
            // A line already too long is counted, not kept: the buffer never
            // grows past `maxLineBytes` (and a 200 MB line costs no 200 MB).
            let pendingNow = buffer.count - start
            if skipping + pendingNow + chunk.count > maxLineBytes, !chunk.contains(UInt8(ascii: "\n")) {
                skipping += pendingNow + chunk.count
                bytesRead += pendingNow + chunk.count
                discardAll()
                continue
            }
            buffer.append(contentsOf: chunk)
        }
    }

    /// Consumes the next line without keeping any of it, for the lines
    /// another worker of a parallel build takes: reading them costs no more
    /// memory than a chunk, however long they are. Returns nil at the end,
    /// else whether `next()` would have given an item: a line too long, or
    /// one with a byte that `isBlank` rejects.
    mutating func skip(isBlank: (UInt8) -> Bool) throws -> Bool? {
        var bytes = 0
        var blank = true
        while true {
            if let nl = buffer[max(start, searched)...].firstIndex(of: UInt8(ascii: "\n")) {
                blank = blank && buffer[start..<nl].allSatisfy(isBlank)
                bytes += nl - start
                bytesRead += nl + 1 - start
                start = nl + 1
                searched = start
                return bytes > maxLineBytes || !blank
            }
            let pending = buffer.count - start
            blank = blank && buffer[start...].allSatisfy(isBlank)
            bytes += pending
            bytesRead += pending
            discardAll()
            if atEOF { return bytes == 0 ? nil : bytes > maxLineBytes || !blank }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { atEOF = true } else { buffer.append(contentsOf: chunk) }
        }
    }

    private mutating func discardAll() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        searched = 0
    }
}
