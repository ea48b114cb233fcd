import PartitionModel

/// A named solver for tier-assignment problems, as the CLI and the tests list them.
public struct TierSolver: Sendable {
    /// The `--solver` name.
    public let name: String
    /// One line for help texts and tables.
    public let summary: String
    /// Whether a result with status `optimal` is a proof of optimality.
    public let exact: Bool
    /// Runs the solver on an instance.
    public let run: @Sendable (Instance) -> SolveResult<TierAssignment>
}

/// The tier problems' solvers by ``ProblemKind``, for code that picks P1, P2 or P3 at run time
/// (sweeps, re-partition); every list comes from the one catalog (``SolvableProblem/solvers``).
public enum SolverCatalog {
    /// The solvers of `problem`, the exact ones first.
    public static func solvers(for problem: ProblemKind, milpOptions: MILPOptions = MILPOptions()) -> [TierSolver] {
        let options = SolveOptions(milp: milpOptions)
        func adapt<P: SolvableProblem>(_ make: @escaping @Sendable (Instance) -> P) -> [TierSolver] where P.Plan == TierAssignment {
            P.solvers.map { s in TierSolver(name: s.name, summary: s.summary, exact: s.exact, run: { s.solve(make($0), options: options) }) }
        }
        switch problem {
        case .latency: return adapt(LatencyProblem.init)
        case .throughput: return adapt(ThroughputProblem.init)
        case .threeTier: return adapt(ThreeTierProblem.init)
        case .tiling, .fc, .channels, .pipeline: return []
        }
    }

    /// A latency solver's result scored by its bottleneck (for the throughput comparison).
    /// Its status becomes `feasible`: optimal for latency proves nothing about throughput.
    public static func bottleneckOf(_ r: SolveResult<TierAssignment>, _ instance: Instance) -> SolveResult<TierAssignment> {
        var out = r
        if let plan = r.plan, let costs = try? EdgeCloudCosts(instance) {
            out.objective = costs.evaluate(plan.tierOfLayer.map { $0 == 0 }).bottleneck
        }
        out.bound = nil
        if out.status == .optimal { out.status = .feasible }
        return out
    }

    /// The solver called `name` for `problem`.
    public static func solver(named name: String, for problem: ProblemKind) -> TierSolver? {
        solvers(for: problem).first { $0.name == name }
    }
}
