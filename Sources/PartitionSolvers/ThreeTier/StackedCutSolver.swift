import PartitionModel

/// Exact latency split over a chain of tiers (FORMULATIONS P3: device → edge → cloud) by one minimum cut.
///
/// For K tiers, every layer v gets K − 1 vertices v¹ … v^{K−1}; v^k on the sink side means
/// y^k_v = [tier(v) ≥ k]. Then:
/// - **compute**: tier(v)'s time is t₀(v) + Σ_k (t_k(v) − t_{k−1}(v))·y^k_v; each term c·y^k is an
///   arc s → v^k of capacity c when c ≥ 0, or a constant c plus an arc v^k → t of capacity −c;
/// - **monotone labels** y^{k+1} ≤ y^k: an ∞ arc v^k → v^{k+1};
/// - **closure** tier(u) ≤ tier(v) for (u, v) ∈ E: ∞ arcs v^k → u^k (as in P1);
/// - **input** on tier 0: an ∞ arc s → in¹;
/// - **transfers** over link k − 1 (paid once per layer): in cut layer k, v^k → w^k with
///   capacity up_{k−1}(v) for a single successor w, or an auxiliary vertex with one arc of that
///   capacity and ∞ arcs to every successor;
/// - **result return** down link k − 1 when an output runs on tier ≥ k: a vertex r^k with
///   s → r^k of the return time and ∞ arcs r^k → o^k.
/// `forbidden` tiers get ∞ arcs both ways between v^k and v^{k+1} (y^k = y^{k+1}), so no layer
/// lands on them: that is the "two-tier" baseline, which uses the edge only as a relay.
///
/// Source: the two stacked cut layers of FORMULATIONS P3 (D3: Zhang et al., "Dynamic DNN
/// decomposition for lossless synergistic inference", 2021); the chain construction for
/// monotone labels is Ishikawa's (IEEE TPAMI 25(10), 2003).
///
/// - Complexity: (K − 1)(V + auxiliaries) + K vertices, O(K·(V + E)) arcs, one max-flow.
public enum StackedCutSolver {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "mincut"

    /// The tier of every layer found by the cut, its value, and the size of the flow network.
    public struct Cut: Sendable {
        /// The tier of every layer.
        public let tierOf: [Int]
        /// Cut value plus the constant offset, in seconds.
        public let cutSeconds: Double
        /// Seconds per unit of integer capacity.
        public let unitSeconds: Double
        /// Vertices of the flow network.
        public let vertices: Int
        /// Arcs of the flow network.
        public let arcs: Int
        /// The max-flow run.
        public let flow: MaxFlowResult
    }

    /// Solves P3 (or P1) on `instance` with any number of tiers ≥ 2.
    public static func solve(_ instance: Instance, forbidden: Set<Int> = [], name: String = name,
                             algorithm: MaxFlowAlgorithm = .boykovKolmogorov) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        guard instance.tiers.count >= 2 else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "a tier chain needs at least 2 tiers")
        }
        guard !forbidden.contains(0), forbidden.allSatisfy({ (0..<instance.tiers.count).contains($0) }) else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "tier 0 holds the input and cannot be forbidden")
        }
        let costs = TierChainCosts(instance)
        let cut = minimumCut(costs, forbidden: forbidden, algorithm: algorithm)
        let latency = costs.evaluate(cut.tierOf).latency
        let stats = SolveStatistics(seconds: secondsSince(start), iterations: cut.flow.iterations, nodes: cut.vertices, extra: [
            ("cut_seconds", cut.cutSeconds), ("unit_seconds", cut.unitSeconds), ("arcs", Double(cut.arcs)),
            ("build_seconds", cut.flow.buildSeconds), ("flow_seconds", cut.flow.solveSeconds),
        ])
        return SolveResult(solver: name, status: forbidden.isEmpty ? .optimal : .feasible, plan: TierAssignment(tierOfLayer: cut.tierOf),
                           objective: latency, bound: forbidden.isEmpty ? latency : nil, statistics: stats)
    }

    /// The minimum cut of the stacked graph.
    public static func minimumCut(_ costs: TierChainCosts, forbidden: Set<Int> = [],
                                  algorithm: MaxFlowAlgorithm = .boykovKolmogorov) -> Cut {
        let g = costs.graph
        let n = g.count, layersOfCut = costs.tierCount - 1
        // Vertex numbering: cut layer k (1-based) holds layers at (k − 1)·n + v; then auxiliaries, results, s, t.
        func node(_ k: Int, _ v: Int) -> Int { (k - 1) * n + v }
        var next = layersOfCut * n
        var auxiliary = [[Int]](repeating: [Int](repeating: -1, count: n), count: layersOfCut + 1)
        for k in 1...layersOfCut {
            for v in 0..<n where g.successors[v].count > 1 {
                auxiliary[k][v] = next
                next += 1
            }
        }
        var resultVertex = [Int](repeating: -1, count: layersOfCut + 1)
        for k in 1...layersOfCut where costs.resultReturn[k - 1] > 0 {
            resultVertex[k] = next
            next += 1
        }
        let s = next, t = next + 1

        // Unary coefficients c^k_v of y^k_v; the constant collects t₀ and negative parts.
        var constant = 0.0
        var unary = [[Double]](repeating: [Double](repeating: 0, count: n), count: layersOfCut + 1)
        var total = 0.0
        for v in 0..<n {
            constant += costs.compute[0][v]
            for k in 1...layersOfCut {
                let c = costs.compute[k][v] - costs.compute[k - 1][v]
                unary[k][v] = c
                total += abs(c)
                if g.successors[v].count > 0 { total += costs.uplink[k - 1][v] }
            }
        }
        total += costs.resultReturn.reduce(0, +)
        let scale = CapacityScale(totalSeconds: total)
        let inf = scale.infinity
        var net = try! FlowNetwork(vertexCount: next + 2, source: s, sink: t)
        net.reserveArcs(layersOfCut * (6 * n + 2 * g.edgeCount))
        func arc(_ u: Int, _ v: Int, _ c: Int64) { try! net.addArc(from: u, to: v, capacity: c) }
        var offsetUnits: Int64 = 0
        for k in 1...layersOfCut {
            for v in 0..<n {
                let c = unary[k][v]
                if c >= 0 {
                    arc(s, node(k, v), scale.capacity(c))
                } else {
                    let units = scale.capacity(-c)
                    offsetUnits -= units
                    arc(node(k, v), t, units)
                }
                if k < layersOfCut { arc(node(k, v), node(k + 1, v), inf) }
                if forbidden.contains(k) {
                    // Tier k unused: forbid y^k = 1 with y^{k+1} = 0, or y^k = 1 at all on the last tier.
                    if k < layersOfCut { arc(node(k + 1, v), node(k, v), inf) } else { arc(s, node(k, v), inf) }
                }
                for u in g.predecessors[v] { arc(node(k, v), node(k, u), inf) }
                let succ = g.successors[v]
                let up = scale.capacity(costs.uplink[k - 1][v])
                if succ.count == 1 {
                    arc(node(k, v), node(k, succ[0]), up)
                } else if succ.count > 1 {
                    let a = auxiliary[k][v]
                    arc(node(k, v), a, up)
                    for w in succ { arc(a, node(k, w), inf) }
                }
            }
            if resultVertex[k] >= 0 {
                arc(s, resultVertex[k], scale.capacity(costs.resultReturn[k - 1]))
                for o in g.sinks { arc(resultVertex[k], node(k, o), inf) }
            }
        }
        arc(s, node(1, g.inputIndex), inf)
        let flow = MaxFlow.solve(net, algorithm: algorithm)
        precondition(flow.flow < inf / 2, "stacked cut: an infinite arc was cut (the all-on-tier-0 plan is finite, so this is a bug)")
        var tierOf = [Int](repeating: 0, count: n)
        for v in 0..<n {
            for k in 1...layersOfCut where !flow.sourceSide[node(k, v)] { tierOf[v] = k }
        }
        let cutSeconds = constant + scale.seconds(flow.flow + offsetUnits)
        return Cut(tierOf: tierOf, cutSeconds: cutSeconds, unitSeconds: scale.unitSeconds, vertices: next + 2,
                   arcs: net.arcCount, flow: flow)
    }
}
