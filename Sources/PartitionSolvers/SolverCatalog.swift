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

/// Every tier-assignment solver, by problem.
public enum SolverCatalog {
    /// The solvers of `problem`, the exact ones first.
    public static func solvers(for problem: ProblemKind, milpOptions: MILPOptions = MILPOptions()) -> [TierSolver] {
        switch problem {
        case .latency:
            return [
                TierSolver(name: DSLSolver.name, summary: "exact s–t min-cut (DADS DSL), Boykov–Kolmogorov", exact: true,
                           run: { DSLSolver.solve($0) }),
                TierSolver(name: EdgeCloudMILP.name, summary: "exact MILP through GLPK (second exact method)", exact: true,
                           run: { EdgeCloudMILP.solve($0, objective: .latency, options: milpOptions) }),
                TierSolver(name: Neurosurgeon.name, summary: "best prefix of one topological order (Neurosurgeon)", exact: false,
                           run: { Neurosurgeon.solve($0) }),
                TierSolver(name: "edge-only", summary: "every layer on the edge", exact: false,
                           run: { SingleTierBaseline.firstTier($0) }),
                TierSolver(name: "cloud-only", summary: "upload the input, every layer in the cloud", exact: false,
                           run: { SingleTierBaseline.lastTier($0) }),
            ]
        case .throughput:
            return [
                TierSolver(name: EdgeCloudMILP.name, summary: "exact MILP through GLPK (FORMULATIONS P2)", exact: true,
                           run: { EdgeCloudMILP.solve($0, objective: .bottleneck, options: milpOptions) }),
                TierSolver(name: DSH.name, summary: "re-weighted min-cuts over a refined (α, γ) grid (DADS DSH)", exact: false,
                           run: { DSH.solve($0) }),
                TierSolver(name: DSLSolver.name, summary: "the latency-optimal plan (DADS DSL)", exact: false,
                           run: { bottleneckOf(DSLSolver.solve($0), $0) }),
                TierSolver(name: Neurosurgeon.name, summary: "best prefix of one topological order, by bottleneck", exact: false,
                           run: { Neurosurgeon.solve($0, objective: .bottleneck) }),
                TierSolver(name: "edge-only", summary: "every layer on the edge", exact: false,
                           run: { SingleTierBaseline.firstTier($0, objective: .bottleneck) }),
                TierSolver(name: "cloud-only", summary: "upload the input, every layer in the cloud", exact: false,
                           run: { SingleTierBaseline.lastTier($0, objective: .bottleneck) }),
            ]
        case .tiling, .fc, .channels:
            return []
        case .threeTier:
            return [
                TierSolver(name: StackedCutSolver.name, summary: "exact: two stacked cut layers, one min-cut (FORMULATIONS P3)", exact: true,
                           run: { StackedCutSolver.solve($0) }),
                TierSolver(name: TierChainMILP.name, summary: "exact MILP through GLPK (second exact method)", exact: true,
                           run: { TierChainMILP.solve($0, options: milpOptions) }),
                TierSolver(name: HPA.name, summary: "best pair of cut points on one topological order (D3's HPA)", exact: false,
                           run: { HPA.solve($0) }),
                TierSolver(name: "two-tier", summary: "best device–cloud split, the edge only relays (DADS/Neurosurgeon setting)", exact: false,
                           run: { StackedCutSolver.solve($0, forbidden: [1], name: "two-tier") }),
                TierSolver(name: "device-only", summary: "every layer on the device", exact: false,
                           run: { SingleTierBaseline.onTier(0, instance: $0, name: "device-only") }),
                TierSolver(name: "edge-only", summary: "upload the input, every layer on the edge", exact: false,
                           run: { SingleTierBaseline.onTier(1, instance: $0, name: "edge-only") }),
                TierSolver(name: "cloud-only", summary: "upload the input through the edge, every layer in the cloud", exact: false,
                           run: { SingleTierBaseline.onTier(2, instance: $0, name: "cloud-only") }),
            ]
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
        func heuristic(_ name: String, _ make: @escaping @Sendable (ConvBlock, [ClusterDevice], TilingMode) -> TilingPlan)
            -> @Sendable (ConvBlock, [ClusterDevice], TilingMode) -> SolveResult<TilingPlan> {
            { block, cluster, mode in
                let start = ContinuousClock.now
                let plan = make(block, cluster, mode)
                return SolveResult(solver: name, status: .feasible, plan: plan,
                                   objective: TilingCost.makespan(plan, block: block, cluster: cluster),
                                   statistics: SolveStatistics(seconds: secondsSince(start), iterations: 1))
            }
        }
        return [
            TilingSolver(name: TilingMILP.name, summary: "exact MILP over strip, grid and GTDP-slicing layouts with memory caps", exact: true,
                         modes: TilingMode.allCases, run: { TilingMILP.solve(block: $0, cluster: $1, mode: $2, options: milpOptions) }),
            TilingSolver(name: BODP.name, summary: "MoDNN: 1-D strips along the longer axis ∝ speed", exact: false,
                         modes: TilingMode.allCases, run: heuristic(BODP.name) { BODP.plan(block: $0, cluster: $1, mode: $2) }),
            TilingSolver(name: GTDP.name, summary: "MeDNN: guillotine split ∝ speed with the shortest cuts", exact: false,
                         modes: TilingMode.allCases, run: heuristic(GTDP.name) { GTDP.plan(block: $0, cluster: $1, mode: $2) }),
            TilingSolver(name: FTP.name, summary: "DeepThings: uniform grid of fused tiles, earliest-finish dealing", exact: false,
                         modes: [.fused], run: heuristic(FTP.name) { b, c, _ in FTP.plan(block: b, cluster: c) }),
            TilingSolver(name: EqualGrid.name, summary: "naive equal 2-D grid, one cell per device", exact: false,
                         modes: TilingMode.allCases, run: heuristic(EqualGrid.name) { EqualGrid.plan(block: $0, cluster: $1, mode: $2) }),
        ]
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
        func heuristic(_ name: String, _ make: @escaping @Sendable (SparseMatrix, FCCluster, UInt64) throws(SolverInputError) -> FCPartition)
            -> @Sendable (SparseMatrix, FCCluster, UInt64) -> SolveResult<FCPartition> {
            { w, cluster, seed in
                let start = ContinuousClock.now
                do throws(SolverInputError) {
                    let p = try make(w, cluster, seed)
                    return SolveResult(solver: name, status: .feasible, plan: p, objective: FCCost.makespan(p, matrix: w, cluster: cluster),
                                       statistics: SolveStatistics(seconds: secondsSince(start), iterations: 1))
                } catch {
                    return SolveResult(solver: name, status: .error, plan: nil, objective: nil,
                                       statistics: SolveStatistics(seconds: secondsSince(start)), message: error.reason)
                }
            }
        }
        let mscc: @Sendable (SparseMatrix, FCCluster, UInt64) throws(SolverInputError) -> FCPartition = { w, c, seed throws(SolverInputError) in
            var rng = SeededGenerator(seed: seed)
            return try MSCC.partition(w, cluster: c, using: &rng)
        }
        return [
            FCSolver(name: ColumnNetMILP.name, summary: "exact column-net MILP through GLPK (small matrices)", exact: true, run: { w, c, seed in
                // The best heuristic plan is the incumbent, so the exact row is never worse.
                let candidates = [try? mscc(w, c, seed), RowSplit.partition(w, cluster: c), GridSplit.partition(w, cluster: c)].compactMap { $0 }
                let best = candidates.min { FCCost.makespan($0, matrix: w, cluster: c) < FCCost.makespan($1, matrix: w, cluster: c) }
                return ColumnNetMILP.solve(w, cluster: c, incumbent: best, options: milpOptions, maxBinaries: maxMILPBinaries)
            }),
            FCSolver(name: MSCC.name, summary: "MoDNN: spectral co-clustering with clusters ∝ device speed", exact: false, run: heuristic(MSCC.name, mscc)),
            FCSolver(name: SpectralCoclustering.name, summary: "Dhillon's spectral co-clustering, k-means on the embedding", exact: false,
                     run: heuristic(SpectralCoclustering.name) { w, c, seed throws(SolverInputError) in
                         var rng = SeededGenerator(seed: seed)
                         return try SpectralCoclustering.partition(w, groups: c.count, using: &rng)
                     }),
            FCSolver(name: RowSplit.name, summary: "contiguous row split ∝ speed", exact: false,
                     run: heuristic(RowSplit.name) { w, c, _ in RowSplit.partition(w, cluster: c) }),
            FCSolver(name: GridSplit.name, summary: "2-D checkerboard of contiguous row and column ranges", exact: false,
                     run: heuristic(GridSplit.name) { w, c, _ in GridSplit.partition(w, cluster: c) }),
        ]
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
        func heuristic(_ name: String, _ make: @escaping @Sendable (ChannelNetwork, [ClusterDevice]) -> ChannelPlan)
            -> @Sendable (ChannelNetwork, [ClusterDevice], Bool) -> SolveResult<ChannelPlan> {
            { net, cluster, overlap in
                let start = ContinuousClock.now
                let plan = make(net, cluster)
                let c = ChannelCost.evaluate(plan.counts(devices: cluster.count), network: net, cluster: cluster)
                return SolveResult(solver: name, status: .feasible, plan: plan, objective: overlap ? c.period : c.latency,
                                   statistics: SolveStatistics(seconds: secondsSince(start), iterations: 1))
            }
        }
        return [
            ChannelSolver(name: ChannelMILP.name, summary: "exact MILP: integer groups per device per segment (FORMULATIONS P6)", exact: true,
                          run: { ChannelMILP.solve($0, cluster: $1, overlap: $2, options: milpOptions) }),
            ChannelSolver(name: "equal", summary: "DeCNN: the same number of groups on every device", exact: false,
                          run: heuristic("equal") { GroupSplit.equal($0, devices: $1.count) }),
            ChannelSolver(name: "proportional", summary: "groups ∝ each device's conv speed", exact: false,
                          run: heuristic("proportional") { GroupSplit.proportional($0, cluster: $1) }),
            ChannelSolver(name: SpatialSplit.name, summary: "DeCNN's comparison: every layer in row strips ∝ conv speed, halo exchanges (P4 BODP)",
                          exact: false, splitsRows: true, run: { net, cluster, overlap in
                let start = ContinuousClock.now
                guard let plan = SpatialSplit.plan(net, cluster: cluster) else {
                    return SolveResult(solver: SpatialSplit.name, status: .error, plan: nil, objective: nil,
                                       statistics: SolveStatistics(seconds: secondsSince(start)),
                                       message: cluster.isEmpty ? "the cluster has no device"
                                           : "no row strips for this network: \(net.spatialUnavailable ?? "no row geometry")")
                }
                let c = SpatialSplit.evaluate(plan.spatialRows!, network: net, cluster: cluster)
                return SolveResult(solver: SpatialSplit.name, status: .feasible, plan: plan, objective: overlap ? c.period : c.latency,
                                   statistics: SolveStatistics(seconds: secondsSince(start), iterations: 1))
            }),
        ]
    }
}
