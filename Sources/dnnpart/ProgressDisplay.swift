import Foundation
import PartitionModel
import PartitionSolvers

/// The one-line progress display on stderr.
///
/// On a terminal it rewrites one line in place, from about a second into the run, at most ten
/// times a second, and clears it at the end. When stderr is not a terminal, or with `--json`,
/// it shows nothing unless `--progress` is given; then it prints each snapshot as a line (at
/// most two a second) from the start.
final class ProgressDisplay: @unchecked Sendable {
    static let shared = ProgressDisplay()

    private let lock = NSLock()
    private let start = ContinuousClock.now
    private var last: ContinuousClock.Instant?
    private var shown = false
    private let terminal = isatty(2) == 1

    /// The handler to give the solvers, or nil when nothing is to be shown.
    func handler(forced: Bool, json: Bool) -> ProgressHandler? {
        guard forced || (terminal && !json) else { return nil }
        return { [self] p in show(p, forced: forced) }
    }

    private func show(_ p: SolveProgress, forced: Bool) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        if !forced, now - start < .seconds(1) { return }
        if let l = last, now - l < (terminal ? .milliseconds(100) : .milliseconds(500)) { return }
        last = now
        let text = "[\(UnitFormat.fixed(secondsSince(start), 1)) s] " + p.line
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + String(text.prefix(160))).utf8))
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
        shown = true
    }

    /// Clears the line on a terminal once the run is over.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if terminal && shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
