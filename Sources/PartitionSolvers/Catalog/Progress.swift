import PartitionModel

/// A snapshot of a long run, for a progress display: what runs, how far it is, and what it has found.
///
/// Solvers that search many sub-models (the P4 grid search) or a branch-and-bound tree (the
/// GLPK MILPs) call ``MILPOptions/progress`` with one now and then (at most a few times a
/// second); `compare`, `sweep` and `report` add which solver and which step they are on.
public struct SolveProgress: Sendable {
    /// What runs: a solver's name, or "compare 2/5: exact".
    public var task: String
    /// Where it is: "stage conv1_2, 2 bands", "branch and bound".
    public var step: String
    /// Units of work done (sub-models, nodes, points).
    public var done: Int
    /// Units in all, when known.
    public var total: Int?
    /// The best objective found so far, in seconds, when the solver knows it in seconds.
    public var incumbent: Double?
    /// The best lower bound so far, in seconds, when known.
    public var bound: Double?
    /// The relative gap (incumbent − bound) / incumbent, when the solver knows it but not in seconds.
    public var gap: Double?
    /// Seconds since the solver started.
    public var elapsed: Double

    /// A snapshot; `elapsed` in seconds.
    public init(task: String, step: String, done: Int, total: Int? = nil, incumbent: Double? = nil, bound: Double? = nil,
                gap: Double? = nil, elapsed: Double) {
        self.task = task
        self.step = step
        self.done = done
        self.total = total
        self.incumbent = incumbent
        self.bound = bound
        self.gap = gap
        self.elapsed = elapsed
    }

    /// The snapshot in one line: "compare 2/5: exact · stage conv1_2 · 14/40 · incumbent 27.185 s · bound 25.100 s".
    public var line: String {
        var parts = [task]
        if !step.isEmpty { parts.append(step) }
        parts.append(total.map { "\(done)/\($0)" } ?? "\(done)")
        if let i = incumbent, i.isFinite { parts.append("incumbent \(UnitFormat.duration(i))") }
        if let b = bound, b.isFinite { parts.append("bound \(UnitFormat.duration(b))") }
        if let g = gap, g.isFinite { parts.append("gap \(UnitFormat.fixed(100 * g, 2))%") }
        return parts.joined(separator: " · ")
    }
}

/// Receives progress snapshots; called on the solving thread.
public typealias ProgressHandler = @Sendable (SolveProgress) -> Void

extension Optional where Wrapped == ProgressHandler {
    /// This handler with `task` put in front of every snapshot's task ("compare 2/5: exact").
    public func prefixed(_ task: String) -> ProgressHandler? {
        guard let inner = self else { return nil }
        return { p in
            var q = p
            q.task = q.task.isEmpty ? task : "\(task): \(q.task)"
            inner(q)
        }
    }
}
