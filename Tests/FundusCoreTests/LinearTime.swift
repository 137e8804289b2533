import Foundation
import XCTest

/// Asks that a piece of work cost time in proportion to its input: it runs
/// on an input and on one four times as long, both large enough to be well
/// above the clock's noise, and the long one must take less than 8 times as
/// long (linear: about 4; quadratic: about 16). The small size doubles
/// until one run takes 40 ms of CPU, and each size keeps its best of three
/// runs: CPU time of this thread, so other processes on the machine do not count.
extension XCTestCase {
    /// `prepare(n)` builds the input of about n characters (not timed) and
    /// returns the work to time.
    func assertLinear(_ what: String, start: Int, file: StaticString = #filePath, line: UInt = #line,
                      _ prepare: (Int) -> () -> Void) {
        var n = start
        var small = best(of: 3, prepare(n))
        while small < 0.04 && n < 64_000_000 {
            n *= 2
            small = best(of: 3, prepare(n))
        }
        let large = best(of: 3, prepare(4 * n))
        let ratio = large / small
        print(String(format: "linear: %@: %d chars %.3f s, %d chars %.3f s (x%.1f)",
                     what, n, small, 4 * n, large, ratio))
        XCTAssertLessThan(ratio, 8, "\(what): 4 times the input took \(ratio) times as long", file: file, line: line)
    }

    func best(of runs: Int, _ work: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = XCTestCase.threadCPUSeconds()
            work()
            best = min(best, XCTestCase.threadCPUSeconds() - start)
        }
        return best
    }

    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
