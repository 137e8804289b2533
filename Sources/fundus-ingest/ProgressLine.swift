import Foundation
import FundusCore

/// The one line of progress shown on a terminal while an ingest runs,
/// rewritten in place (carriage return, erase to end of line) a few times a
/// second, and erased before anything else is printed.
final class ProgressLine {
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var input = ""
    private var inputStarted = Date()
    private var shown = false

    func update(_ progress: IngestProgress) {
        let now = Date()
        if progress.input != input {
            input = progress.input
            inputStarted = now
        }
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        StandardStreams.rawError("\r\u{1B}[K" + text(progress, now: now))
        shown = true
    }

    /// Erases the line, so what follows starts on a clean line.
    func clear() {
        guard shown else { return }
        StandardStreams.rawError("\r\u{1B}[K")
        shown = false
    }

    private func text(_ progress: IngestProgress, now: Date) -> String {
        let report = progress.report
        let elapsed = now.timeIntervalSince(started)
        var parts = ["\(report.documents) documents"]
        if report.unchanged > 0 { parts[0] += " (\(report.unchanged) unchanged)" }
        let mb = Double(progress.bytesDone) / 1e6
        if let total = progress.bytesTotal, total > 0 {
            parts.append(String(format: "%.1f/%.1f MB", mb, Double(total) / 1e6))
        } else {
            parts.append(String(format: "%.1f MB", mb))
        }
        if elapsed >= 1 { parts.append("\(Int(Double(report.passages) / elapsed)) passages/s") }
        if let left = timeLeft(progress, now: now) { parts.append(left) }
        // Written raw (the line's own controls): the file name is made safe here.
        var name = TerminalSafe.line(progress.input)
        if name.count > 40 { name = "…" + name.suffix(39) }
        return "fundus-ingest: \(name): " + parts.joined(separator: ", ")
    }

    /// From the input's bytes so far and the time they took; none until
    /// there is enough to go on.
    private func timeLeft(_ progress: IngestProgress, now: Date) -> String? {
        guard let total = progress.bytesTotal, progress.bytesDone > 0, total > progress.bytesDone else { return nil }
        let spent = now.timeIntervalSince(inputStarted)
        guard spent >= 2 else { return nil }
        let seconds = Int(spent * Double(total - progress.bytesDone) / Double(progress.bytesDone))
        return seconds >= 60 ? "\(seconds / 60) min \(seconds % 60) s left" : "\(seconds) s left"
    }
}
