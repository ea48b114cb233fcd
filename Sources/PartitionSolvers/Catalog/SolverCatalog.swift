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

/// Adapters from the one catalog (``SolvableProblem/solvers``) to the per-problem descriptors the
/// command line still uses.
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
        case .tiling, .fc, .channels: return []
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

/// A named solver for the spatial partition problem (P4).
public struct TilingSolver: Sendable {
    /// The name `--solver` takes.
    public let name: String
    /// One line on what the solver does, for listings.
    public let summary: String
    /// Whether the solver proves optimality (it is the reference for gaps).
    public let exact: Bool
    /// Modes the solver handles.
    public let modes: [TilingMode]
    /// Runs the solver on a block and a cluster in a mode.
    public let run: @Sendable (ConvBlock, [ClusterDevice], TilingMode) -> SolveResult<TilingPlan>
}

extension SolverCatalog {
    /// The P4 solvers, the exact one first.
    public static func tilingSolvers(milpOptions: MILPOptions = MILPOptions()) -> [TilingSolver] {
        let options = SolveOptions(milp: milpOptions)
        return TilingProblem.solvers.map { s in
            TilingSolver(name: s.name, summary: s.summary, exact: s.exact,
                         modes: s.name == FTP.name ? TilingProblem.ftpModes : TilingMode.allCases,
                         run: { s.solve(TilingProblem(block: $0, cluster: $1, mode: $2), options: options) })
        }
    }
}

/// A named solver for the sparse FC partition problem (P5).
public struct FCSolver: Sendable {
    /// The name `--solver` takes.
    public let name: String
    /// One line on what the solver does, for listings.
    public let summary: String
    /// Whether the solver proves optimality (it is the reference for gaps).
    public let exact: Bool
    /// Runs the solver; the seed drives every random choice (Lanczos start vectors, k-means++).
    public let run: @Sendable (SparseMatrix, FCCluster, UInt64) -> SolveResult<FCPartition>
}

extension SolverCatalog {
    /// The P5 solvers, the exact one first. Objectives are plain P5 makespans (inputs only);
    /// apply ``FGCP`` to a result for MoDNN's partial-sum exchange.
    public static func fcSolvers(milpOptions: MILPOptions = MILPOptions(), maxMILPBinaries: Int = ColumnNetMILP.defaultMaxBinaries) -> [FCSolver] {
        FCProblem.solvers(maxMILPBinaries: maxMILPBinaries).map { s in
            FCSolver(name: s.name, summary: s.summary, exact: s.exact, run: { w, c, seed in
                s.solve(FCProblem(layer: "fc", matrix: w, cluster: c, source: ""), options: SolveOptions(milp: milpOptions, seed: seed))
            })
        }
    }
}

/// A named solver for the channel-group problem (P6).
public struct ChannelSolver: Sendable {
    /// The name `--solver` takes.
    public let name: String
    /// One line on what the solver does, for listings.
    public let summary: String
    /// Whether the solver proves optimality (it is the reference for gaps).
    public let exact: Bool
    /// Whether its plans split rows rather than groups: a different plan space, which the exact
    /// solver's optimum does not bound (DeCNN's spatial comparison).
    public let splitsRows: Bool
    /// Runs the solver; `overlap` selects the steady-state period as the objective instead of latency.
    public let run: @Sendable (ChannelNetwork, [ClusterDevice], _ overlap: Bool) -> SolveResult<ChannelPlan>

    /// A named P6 solver.
    public init(name: String, summary: String, exact: Bool, splitsRows: Bool = false,
                run: @escaping @Sendable (ChannelNetwork, [ClusterDevice], _ overlap: Bool) -> SolveResult<ChannelPlan>) {
        self.name = name
        self.summary = summary
        self.exact = exact
        self.splitsRows = splitsRows
        self.run = run
    }
}

extension SolverCatalog {
    /// The P6 solvers, the exact one first.
    public static func channelSolvers(milpOptions: MILPOptions = MILPOptions()) -> [ChannelSolver] {
        let options = SolveOptions(milp: milpOptions)
        return ChannelProblem.solvers.map { s in
            ChannelSolver(name: s.name, summary: s.summary, exact: s.exact, splitsRows: s.otherPlanSpace, run: { net, cluster, overlap in
                s.solve(ChannelProblem(network: net, cluster: cluster, overlap: overlap), options: options)
            })
        }
    }
}
