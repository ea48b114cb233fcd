import PartitionModel

// The one catalog: every solver of every problem, the exact ones first (the first is the default).
// A new solver is one line here; the CLI, the help texts and the conformance suite pick it up.

extension LatencyProblem: SolvableProblem {
    /// P1's solvers.
    public static var solvers: [Solver<LatencyProblem>] {
        [
            Solver(name: DSLSolver.name, summary: "exact s–t min-cut (DADS DSL), Boykov–Kolmogorov", exact: true) { p, o in DSLSolver.solve(p.instance, options: o.milp) },
            Solver(name: EdgeCloudMILP.name, summary: "exact MILP through GLPK (second exact method)", exact: true) { p, o in
                EdgeCloudMILP.solve(p.instance, objective: .latency, options: o.milp)
            },
            Solver(name: Neurosurgeon.name, summary: "best prefix of one topological order (Neurosurgeon)", exact: false) { p, _ in
                Neurosurgeon.solve(p.instance)
            },
            Solver(name: "edge-only", summary: "every layer on the edge", exact: false) { p, _ in SingleTierBaseline.firstTier(p.instance) },
            Solver(name: "cloud-only", summary: "upload the input, every layer in the cloud", exact: false) { p, _ in
                SingleTierBaseline.lastTier(p.instance)
            },
        ]
    }
}

extension ThroughputProblem: SolvableProblem {
    /// P2's solvers.
    public static var solvers: [Solver<ThroughputProblem>] {
        [
            Solver(name: EdgeCloudMILP.name, summary: "exact MILP through GLPK (FORMULATIONS P2)", exact: true) { p, o in
                EdgeCloudMILP.solve(p.instance, objective: .bottleneck, options: o.milp)
            },
            Solver(name: DSH.name, summary: "re-weighted min-cuts over a refined (α, γ) grid (DADS DSH)", exact: false) { p, _ in DSH.solve(p.instance) },
            Solver(name: DSLSolver.name, summary: "the latency-optimal plan (DADS DSL)", exact: false) { p, _ in
                SolverCatalog.bottleneckOf(DSLSolver.solve(p.instance), p.instance)
            },
            Solver(name: Neurosurgeon.name, summary: "best prefix of one topological order, by bottleneck", exact: false) { p, _ in
                Neurosurgeon.solve(p.instance, objective: .bottleneck)
            },
            Solver(name: "edge-only", summary: "every layer on the edge", exact: false) { p, _ in
                SingleTierBaseline.firstTier(p.instance, objective: .bottleneck)
            },
            Solver(name: "cloud-only", summary: "upload the input, every layer in the cloud", exact: false) { p, _ in
                SingleTierBaseline.lastTier(p.instance, objective: .bottleneck)
            },
        ]
    }
}

extension ThreeTierProblem: SolvableProblem {
    /// P3's solvers.
    public static var solvers: [Solver<ThreeTierProblem>] {
        func single(_ k: Int, _ name: String, _ summary: String) -> Solver<ThreeTierProblem> {
            Solver(name: name, summary: summary, exact: false) { p, _ in SingleTierBaseline.onTier(k, instance: p.instance, name: name) }
        }
        return [
            Solver(name: StackedCutSolver.name, summary: "exact: two stacked cut layers, one min-cut (FORMULATIONS P3)", exact: true) { p, o in
                StackedCutSolver.solve(p.instance, options: o.milp)
            },
            Solver(name: TierChainMILP.name, summary: "exact MILP through GLPK (second exact method)", exact: true) { p, o in
                TierChainMILP.solve(p.instance, options: o.milp)
            },
            Solver(name: HPA.name, summary: "best pair of cut points on one topological order (D3's HPA)", exact: false) { p, _ in HPA.solve(p.instance) },
            Solver(name: "two-tier", summary: "best device–cloud split, the edge only relays (DADS/Neurosurgeon setting)", exact: false) { p, _ in
                StackedCutSolver.solve(p.instance, forbidden: [1], name: "two-tier")
            },
            single(0, "device-only", "every layer on the device"),
            single(1, "edge-only", "upload the input, every layer on the edge"),
            single(2, "cloud-only", "upload the input through the edge, every layer in the cloud"),
        ]
    }
}

extension TilingProblem: SolvableProblem {
    /// The modes FTP handles: DeepThings fuses the whole block.
    static let ftpModes: [TilingMode] = [.fused]

    /// P4's solvers.
    public static var solvers: [Solver<TilingProblem>] {
        let cost: @Sendable (TilingProblem, TilingPlan) -> Double = { p, plan in
            p.period ? TilingCost.period(plan, block: p.block, cluster: p.cluster, execution: p.execution)
                     : TilingCost.makespan(plan, block: p.block, cluster: p.cluster, execution: p.execution)
        }
        return [
            Solver(name: GridSearch.name, summary: "exact over every grid of ≤ N cells, both orientations, memory caps (row cuts × column DP)",
                   exact: true, refusal: { p in
                       if p.mode == .layerwise && p.period {
                           return "the period sums a device's work over every stage of a layer-wise block; the exact grid search solves each stage alone (fused only)"
                       }
                       return p.mode == .layerwise && p.execution.peerToPeer
                           ? "peer-to-peer halos couple the stages of a layer-wise block; the exact grid search solves each stage alone (star or fused only)" : nil
                   }) { p, o in
                GridSearch.solve(block: p.block, cluster: p.cluster, mode: p.mode, execution: p.execution, period: p.period, options: o.milp)
            },
            .heuristic(BODP.name, summary: "MoDNN: 1-D strips along the longer axis ∝ speed", cost: cost) { p, _ in
                BODP.plan(block: p.block, cluster: p.cluster, mode: p.mode)
            },
            .heuristic(GTDP.name, summary: "MeDNN: guillotine split ∝ speed with the shortest cuts", cost: cost) { p, _ in
                GTDP.plan(block: p.block, cluster: p.cluster, mode: p.mode)
            },
            .heuristic(FTP.name, summary: "DeepThings: uniform grid of fused tiles, earliest-finish dealing",
                       refusal: { ftpModes.contains($0.mode) ? nil : "ftp handles fused mode only" }, cost: cost) { p, _ in
                FTP.plan(block: p.block, cluster: p.cluster)
            },
            .heuristic(EqualGrid.name, summary: "naive equal 2-D grid, one cell per device", cost: cost) { p, _ in
                EqualGrid.plan(block: p.block, cluster: p.cluster, mode: p.mode)
            },
        ]
    }
}

extension FCProblem: SolvableProblem {
    /// MSCC: the exact MILP refuses all but small matrices.
    public static var defaultSolverName: String { MSCC.name }

    /// P5's solvers. Objectives are plain P5 makespans (inputs only); apply ``FGCP`` to a result
    /// for MoDNN's partial-sum exchange.
    public static var solvers: [Solver<FCProblem>] { solvers(maxMILPBinaries: ColumnNetMILP.defaultMaxBinaries) }

    /// P5's solvers with the exact MILP limited to `maxMILPBinaries` binaries.
    public static func solvers(maxMILPBinaries: Int) -> [Solver<FCProblem>] {
        let cost: @Sendable (FCProblem, FCPartition) -> Double = { p, plan in FCCost.makespan(plan, matrix: p.matrix, cluster: p.cluster) }
        let mscc: @Sendable (FCProblem, SolveOptions) throws(SolverInputError) -> FCPartition = { p, o throws(SolverInputError) in
            var rng = SeededGenerator(seed: o.seed)
            return try MSCC.partition(p.matrix, cluster: p.cluster, using: &rng)
        }
        return [
            Solver(name: ColumnNetMILP.name, summary: "exact column-net MILP through GLPK (small matrices)", exact: true) { p, o in
                // The best heuristic plan is the incumbent, so the exact row is never worse.
                let (w, c) = (p.matrix, p.cluster)
                let candidates = [try? mscc(p, o), RowSplit.partition(w, cluster: c), GridSplit.partition(w, cluster: c)].compactMap { $0 }
                let best = candidates.min { FCCost.makespan($0, matrix: w, cluster: c) < FCCost.makespan($1, matrix: w, cluster: c) }
                return ColumnNetMILP.solve(w, cluster: c, incumbent: best, options: o.milp, maxBinaries: maxMILPBinaries)
            },
            .heuristic(MSCC.name, summary: "MoDNN: spectral co-clustering with clusters ∝ device speed", cost: cost, plan: mscc),
            .heuristic(SpectralCoclustering.name, summary: "Dhillon's spectral co-clustering, k-means on the embedding", cost: cost) { p, o throws(SolverInputError) in
                var rng = SeededGenerator(seed: o.seed)
                return try SpectralCoclustering.partition(p.matrix, groups: p.cluster.count, using: &rng)
            },
            .heuristic(RowSplit.name, summary: "contiguous row split ∝ speed", cost: cost) { p, _ in RowSplit.partition(p.matrix, cluster: p.cluster) },
            .heuristic(GridSplit.name, summary: "2-D checkerboard of contiguous row and column ranges", cost: cost) { p, _ in
                GridSplit.partition(p.matrix, cluster: p.cluster)
            },
        ]
    }
}

extension ChannelProblem: SolvableProblem {
    /// P6's solvers.
    public static var solvers: [Solver<ChannelProblem>] {
        let groups: @Sendable (ChannelProblem, ChannelPlan) -> Double = { p, plan in
            let c = ChannelCost.evaluate(plan.counts(devices: p.cluster.count), network: p.network, cluster: p.cluster, exchangeSeconds: p.exchangeSeconds)
            return p.overlap ? c.period : c.latency
        }
        let rows: @Sendable (ChannelProblem, ChannelPlan) -> Double = { p, plan in
            let c = SpatialSplit.evaluate(plan.spatialRows!, network: p.network, cluster: p.cluster, exchangeSeconds: p.exchangeSeconds)
            return p.overlap ? c.period : c.latency
        }
        return [
            Solver(name: GroupSearch.name, summary: "exact search: per segment groups or row strips (mixed space; groups only with --plan-space groups)",
                   exact: true) { p, o in
                p.planSpace == .mixed
                    ? MixedSearch.solve(p.network, cluster: p.cluster, overlap: p.overlap, exchangeSeconds: p.exchangeSeconds, options: o.milp)
                    : GroupSearch.solve(p.network, cluster: p.cluster, overlap: p.overlap, exchangeSeconds: p.exchangeSeconds, options: o.milp)
            },
            Solver(name: ChannelMILP.name, summary: "exact MILP over channel groups (FORMULATIONS P6); in the mixed space its plan is feasible, not optimal",
                   exact: true) { p, o in
                let r = ChannelMILP.solve(p.network, cluster: p.cluster, overlap: p.overlap, exchangeSeconds: p.exchangeSeconds, options: o.milp)
                guard p.planSpace == .mixed, r.status == .optimal else { return r }
                return SolveResult(solver: r.solver, status: .feasible, plan: r.plan, objective: r.objective, statistics: r.statistics,
                                   message: "optimal among channel-group plans; the mixed space also has row strips (--plan-space groups)")
            },
            .heuristic("equal", summary: "DeCNN: the same number of groups on every device", cost: groups) { p, _ in
                GroupSplit.equal(p.network, devices: p.cluster.count)
            },
            .heuristic("proportional", summary: "groups ∝ each device's conv speed", cost: groups) { p, _ in
                GroupSplit.proportional(p.network, cluster: p.cluster)
            },
            .heuristic(SpatialSplit.name, summary: "DeCNN's comparison: every layer in row strips ∝ conv speed, halo exchanges (P4 BODP)",
                       otherPlanSpace: { $0.planSpace == .groups }, cost: rows) { p, _ throws(SolverInputError) in
                guard let plan = SpatialSplit.plan(p.network, cluster: p.cluster) else {
                    throw SolverInputError(p.cluster.isEmpty ? "the cluster has no device"
                                           : "no row strips for this network: \(p.network.spatialUnavailable ?? p.network.rowsAcrossSegments ?? "no row geometry")")
                }
                return plan
            },
        ]
    }
}
