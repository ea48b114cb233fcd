import PartitionModel

/// D3's combined problem solved exactly for chain networks in layer-wise mode, by a proven decomposition.
///
/// On a chain, a P3 plan is two cut points i ≤ j: the device runs layers [0, i), the edge [i, j),
/// the cloud [j, n). In layer-wise mode a tiled block's makespan is the sum over its stages of each
/// stage's slowest node, and each stage's best tiling is independent of the others, so tiling stage
/// s saves gain(s) = its layers' single-node edge seconds − its exact tiled makespan
/// (``GridSearch``, exact). The best block inside [i, j) is the contiguous run of stages with the
/// largest positive total gain (a maximum-sum subarray), and the optimum is
/// min over (i, j) of P3's latency(i, j) − that gain. Memory caps must not bind for any block
/// (checked: every stage's whole input and output maps plus every tileable weight fit every node),
/// so that per-stage tilings combine.
///
/// - Complexity: O(n²·(n + s)) for n layers and s stages, plus one exact tiling per stage.
public enum EdgeTilingSearch {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "exact"

    /// One tileable stage of the chain: its positions in the chain, its single-node edge seconds,
    /// and its best tiling.
    struct Stage {
        let first: Int, last: Int
        let gain: Double
        let tiles: [DeviceTile]
    }

    /// Why the exact search cannot take the problem (nil when it can).
    public static func refusal(_ p: EdgeTilingProblem) -> String? {
        let g = p.instance.graph
        if p.instance.tiers.count != 3 { return "D3 needs three tiers (device, edge, cloud)" }
        if p.mode != .layerwise { return "the exact D3 search decomposes layer-wise tiling only (fused tiles couple the stages)" }
        if p.edge.isEmpty { return "no edge nodes" }
        if p.execution.peerToPeer { return "peer-to-peer halos couple the tiled stages; the exact D3 search needs the star model" }
        if g.layers.indices.contains(where: { g.predecessors[$0].count > 1 || g.successors[$0].count > 1 }) {
            return "the exact D3 search needs a chain network (this one branches); use hpa-vsm"
        }
        return nil
    }

    public static func solve(_ p: EdgeTilingProblem, options: MILPOptions = MILPOptions()) -> SolveResult<EdgeTilingPlan> {
        let start = ContinuousClock.now
        if let why = refusal(p) { return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: why) }
        let order = p.instance.graph.topologicalOrder, n = order.count
        guard let stages = stages(p, order: order) else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "an edge node's memory cap could bind for some block; the per-stage decomposition would not be exact")
        }
        var best: (latency: Double, plan: EdgeTilingPlan)?
        for i in 1...n {
            for j in i...n {
                let tiers = (0..<n).map { pos in pos < i ? 0 : (pos < j ? 1 : 2) }
                var tierOf = [Int](repeating: 0, count: n)
                for (pos, v) in order.enumerated() { tierOf[v] = tiers[pos] }
                let assignment = TierAssignment(tierOfLayer: tierOf)
                let base = TierPlanVerifier.verify(assignment, instance: p.instance).latency
                let (gain, run) = bestRun(stages.filter { $0.first >= i && $0.last < j })
                let latency = base - gain
                if latency < (best?.latency ?? .infinity) { best = (latency, plan(p, assignment: assignment, run: run, order: order)) }
            }
        }
        guard let best else { return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: "no plan") }
        let value = p.verify(best.plan).objective
        return SolveResult(solver: name, status: .optimal, plan: best.plan, objective: value, bound: value,
                           statistics: SolveStatistics(seconds: secondsSince(start), nodes: n * (n + 1) / 2))
    }

    /// Every tileable stage of the chain with its gain and exact tiling; nil when a memory cap could bind.
    static func stages(_ p: EdgeTilingProblem, order: [Int]) -> [Stage]? {
        let g = p.instance.graph
        var position = [Int](repeating: 0, count: g.count)
        for (i, v) in order.enumerated() { position[v] = i }
        var out: [Stage] = [], weights = 0.0, maps: [Double] = []
        for v in order where g.layers[v].op.hasWindow {
            guard let whole = try? ConvBlock(graph: g, from: g.layers[v].id), let s = whole.stages.first else { continue }
            let lastID = s.folded.last ?? s.id
            guard let one = try? ConvBlock(graph: g, from: s.id, to: lastID) else { continue }
            let layers = s.layers(in: g)
            let single = layers.reduce(0.0) { $0 + p.instance.cost.seconds[1][$1] }
            let tiled = GridSearch.solve(block: one, cluster: p.edge, mode: .fused, execution: p.execution)
            guard let tiles = tiled.plan?.partitions.first, let makespan = tiled.objective else { continue }
            weights += one.weightBytes
            maps.append(Double(s.inH * s.inW * s.inChannels + s.outH * s.outW * s.outChannels) * one.bytesPerElement)
            out.append(Stage(first: position[s.layer], last: layers.map { position[$0] }.max()!, gain: single - makespan, tiles: tiles))
        }
        let caps = p.edge.compactMap(\.device.memoryCapacity)
        if let cap = caps.min(), (maps.max() ?? 0) + weights > cap { return nil }
        return out
    }

    /// The contiguous run of stages (each starting right after the previous one) with the largest positive total gain.
    static func bestRun(_ stages: [Stage]) -> (gain: Double, run: [Stage]) {
        var best = (gain: 0.0, run: [Stage]()), current = (gain: 0.0, run: [Stage]())
        for s in stages {
            let continues = current.run.last.map { $0.last + 1 == s.first } ?? false
            if !continues || current.gain <= 0 { current = (0, []) }
            current = (current.gain + s.gain, current.run + [s])
            if current.gain > best.gain { best = current }
        }
        return best
    }

    /// The combined plan of a split and a run of tiled stages.
    static func plan(_ p: EdgeTilingProblem, assignment: TierAssignment, run: [Stage], order: [Int]) -> EdgeTilingPlan {
        guard let first = run.first, let last = run.last else { return EdgeTilingPlan(assignment: assignment) }
        let g = p.instance.graph
        return EdgeTilingPlan(assignment: assignment, block: (g.layers[order[first.first]].id, g.layers[order[last.last]].id),
                              tiling: TilingPlan(mode: .layerwise, partitions: run.map(\.tiles)))
    }
}

/// D3's heuristic: HPA's split (``HPA``), then the vertical separation module: the longest run of
/// tileable layers on the edge is cut into strips across the edge nodes in proportion to their
/// speed (``BODP``, MoDNN's 1-D split, along the longer axis).
///
/// - Complexity: HPA's O(n log n + E) plus O(stages · nodes) for the strips.
public enum HPAVSM {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "hpa-vsm"

    public static func plan(_ p: EdgeTilingProblem) -> EdgeTilingPlan? {
        guard let assignment = HPA.solve(p.instance).plan else { return nil }
        return tileLongestRun(p, assignment: assignment)
    }

    /// The plan with the longest chain of tileable edge layers tiled by BODP strips (none when there is no such chain).
    static func tileLongestRun(_ p: EdgeTilingProblem, assignment: TierAssignment) -> EdgeTilingPlan {
        let g = p.instance.graph
        var best: ConvBlock?
        for v in g.topologicalOrder where g.layers[v].op.hasWindow && assignment.tierOfLayer[v] == 1 {
            guard let block = try? ConvBlock(graph: g, from: g.layers[v].id) else { continue }
            // Keep the stages whose layers all run on the edge, from the first on.
            var stages: [ConvBlock.Stage] = []
            for s in block.stages {
                let layers = s.layers(in: g)
                guard layers.allSatisfy({ assignment.tierOfLayer[$0] == 1 }) else { break }
                stages.append(s)
            }
            if stages.count > (best?.stages.count ?? 0) { best = ConvBlock(stages: stages, bytesPerElement: block.bytesPerElement) }
        }
        guard let block = best, let first = block.stages.first, let last = block.stages.last else { return EdgeTilingPlan(assignment: assignment) }
        return EdgeTilingPlan(assignment: assignment, block: (first.id, last.folded.last ?? last.id),
                              tiling: BODP.plan(block: block, cluster: p.edge, mode: p.mode))
    }
}

extension EdgeTilingProblem: SolvableProblem {
    /// The latency of a combined plan as the solvers price it: P3's latency with the block's
    /// single-node edge seconds replaced by ``TilingCost``'s makespan.
    static func cost(_ p: EdgeTilingProblem, _ plan: EdgeTilingPlan) -> Double {
        let base = TierPlanVerifier.verify(plan.assignment, instance: p.instance).latency
        guard let range = plan.block, let tiling = plan.tiling,
              let block = try? ConvBlock(graph: p.instance.graph, from: range.from, to: range.to) else { return base }
        let g = p.instance.graph
        let single = block.stages.flatMap { $0.layers(in: g) }.reduce(0.0) { $0 + p.instance.cost.seconds[1][$1] }
        return base - single + TilingCost.makespan(tiling, block: block, cluster: p.edge, execution: p.execution)
    }

    /// D3's solvers: the exact search (chains, layer-wise), D3's HPA + VSM, and P3's plans with the edge untiled.
    public static var solvers: [Solver<EdgeTilingProblem>] {
        let untiled: @Sendable (String, String, @escaping @Sendable (Instance) -> SolveResult<TierAssignment>) -> Solver<EdgeTilingProblem> = { name, summary, run in
            .heuristic(name, summary: summary, cost: cost) { p, _ throws(SolverInputError) in
                guard let a = run(p.instance).plan else { throw SolverInputError("\(name) found no split") }
                return EdgeTilingPlan(assignment: a)
            }
        }
        return [
            Solver(name: EdgeTilingSearch.name, summary: "exact for chains, layer-wise: two cut points × the best run of tiled stages",
                   exact: true, refusal: EdgeTilingSearch.refusal) { p, o in EdgeTilingSearch.solve(p, options: o.milp) },
            .heuristic(HPAVSM.name, summary: "D3: HPA's split, then the edge's longest conv run in strips ∝ node speed (VSM)", cost: cost) { p, _ throws(SolverInputError) in
                guard let plan = HPAVSM.plan(p) else { throw SolverInputError("HPA found no split") }
                return plan
            },
            untiled("mincut", "P3's optimum with the edge on one node (no tiling)") { StackedCutSolver.solve($0) },
            untiled(HPA.name, "D3's HPA with the edge on one node (no VSM)") { HPA.solve($0) },
        ]
    }
}
