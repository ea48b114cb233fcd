import PartitionModel

/// A named solver for tier-assignment problems, as the CLI and the tests list them.
public struct TierSolver: Sendable {
    /// The `--solver` name.
    public let name: String
    /// One line for help texts and tables.
    public let summary: String
    /// Whether a result with status `optimal` is a proof of optimality.
    public let exact: Bool
    public let run: @Sendable (Instance) -> SolveResult<TierAssignment>
}

/// Every tier-assignment solver, by problem.
public enum SolverCatalog {
    /// The solvers of `problem`, the exact ones first.
    public static func solvers(for problem: ProblemKind) -> [TierSolver] {
        switch problem {
        case .latency:
            return [
                TierSolver(name: DSLSolver.name, summary: "exact s–t min-cut (DADS DSL), Boykov–Kolmogorov", exact: true,
                           run: { DSLSolver.solve($0) }),
                TierSolver(name: Neurosurgeon.name, summary: "best prefix of one topological order (Neurosurgeon)", exact: false,
                           run: { Neurosurgeon.solve($0) }),
                TierSolver(name: "edge-only", summary: "every layer on the edge", exact: false,
                           run: { SingleTierBaseline.firstTier($0) }),
                TierSolver(name: "cloud-only", summary: "upload the input, every layer in the cloud", exact: false,
                           run: { SingleTierBaseline.lastTier($0) }),
            ]
        case .throughput, .threeTier:
            return []
        }
    }

    /// The solver called `name` for `problem`.
    public static func solver(named name: String, for problem: ProblemKind) -> TierSolver? {
        solvers(for: problem).first { $0.name == name }
    }
}
