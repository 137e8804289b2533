import CSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a converter (pdftotext, pdfinfo) on one file as a filter that can
/// never stall or sink a run: its own process group, a memory limit (`ulimit
/// -v` in the shell that starts it), a time limit after which the whole
/// group is killed with SIGKILL, and a cap on what it may print. Standard
/// input is /dev/null, standard error is discarded.
enum ExternalFilter {
    struct Outcome {
        var output: [UInt8]
        /// The exit status, or nil when it was killed or did not start.
        var status: Int32?
        var failure: Failure?
    }

    enum Failure: Equatable {
        case timedOut(seconds: Double)
        case tooMuchOutput
        case notFound
        case cannotStart(String)
    }

    /// Seconds a filter may run: `FUNDUS_FILTER_SECONDS`, else 8 (a file
    /// must be indexed or given up within 10 s).
    static var timeLimit: Double {
        if let text = getenv("FUNDUS_FILTER_SECONDS").map({ String(cString: $0) }), let value = Double(text), value > 0 {
            return value
        }
        return 8
    }

    /// Address space a filter may use.
    static let memoryLimitKB = 512 * 1024

    static func run(_ arguments: [String], timeout: Double = timeLimit, maxOutput: Int = 64 << 20) -> Outcome {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            return Outcome(output: [], status: nil, failure: .cannotStart(String(cString: strerror(errno))))
        }
        let (readEnd, writeEnd) = (pipeFDs[0], pipeFDs[1])
        // Our filters close every descriptor from 3 on (below); anything
        // else another thread might start must not inherit these either.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        fundus_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        // The shell sets the limit and becomes the filter (exec), found on PATH.
        let script = "ulimit -v \(memoryLimitKB) 2>/dev/null; exec \"$@\""
        let argv = ["/bin/sh", "-c", script, "sh"] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArguments { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, environ)
        close(writeEnd)
        defer { close(readEnd) }
        guard spawned == 0 else {
            return Outcome(output: [], status: nil, failure: .cannotStart(String(cString: strerror(spawned))))
        }
        let deadline = Date().addingTimeInterval(timeout)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var failure: Failure? = nil
        reading: while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { failure = .timedOut(seconds: timeout); break }
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left * 1000, 1000)) + 1)
            if ready < 0 && errno != EINTR { break }
            guard ready > 0 else { continue }
            let n = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR || errno == EAGAIN { continue } else { break } }
            if n == 0 { break reading }  // end of output
            output.append(contentsOf: chunk[0..<n])
            if output.count > maxOutput { failure = .tooMuchOutput; break }
        }
        // The output is closed; the filter may still be running (or hung).
        var status: Int32 = 0
        while failure == nil {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { return Outcome(output: output, status: exitStatus(status), failure: nil) }
            if done < 0 && errno != EINTR { return Outcome(output: output, status: nil, failure: nil) }
            if deadline.timeIntervalSinceNow <= 0 { failure = .timedOut(seconds: timeout); break }
            usleep(10_000)
        }
        kill(-pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return Outcome(output: output, status: nil, failure: failure)
    }

    private static func exitStatus(_ status: Int32) -> Int32? {
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
    }

    /// One line for a problem report.
    static func describe(_ failure: Failure, program: String) -> String {
        switch failure {
        case .timedOut(let seconds): return "\(program) took longer than \(DecimalText.seconds(seconds)) s, killed"
        case .tooMuchOutput: return "\(program) printed more than 64 MB of text, stopped"
        case .notFound: return "\(program) not found (install poppler-utils)"
        case .cannotStart(let why): return "cannot start \(program): \(why)"
        }
    }
}

private enum DecimalText {
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
