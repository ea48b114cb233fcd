import PartitionModel

/// Exact latency split over a chain of tiers (FORMULATIONS P3: device → edge → cloud) by one minimum cut.
///
/// For K tiers, every layer v gets K − 1 vertices v¹ … v^{K−1}; v^k on the sink side means
/// y^k_v = [tier(v) ≥ k]. Then:
/// - **compute** (Ishikawa's chain): s → v^{K−1} → … → v¹ → t with capacities t_{K−1}(v), …, t₀(v);
///   exactly one chain arc is cut, the one of tier(v), so every capacity is a time ≥ 0;
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

    /// The tier of every layer found by the cut, its value, and the exact cut behind it.
    public struct Cut: Sendable {
        /// The tier of every layer.
        public let tierOf: [Int]
        /// Cut value in seconds (the latency of `tierOf`).
        public let cutSeconds: Double
        /// The exact cut's value, proven bound and work (``ExactMinCut``).
        public let exact: ExactMinCut.Result
    }

    /// Solves P3 (or P1) on `instance` with any number of tiers ≥ 2.
    public static func solve(_ instance: Instance, forbidden: Set<Int> = [], name: String = name,
                             algorithm: MaxFlowAlgorithm = .boykovKolmogorov, options: MILPOptions = MILPOptions()) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        guard instance.tiers.count >= 2 else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "a tier chain needs at least 2 tiers")
        }
        guard !forbidden.contains(0), forbidden.allSatisfy({ (0..<instance.tiers.count).contains($0) }) else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "tier 0 holds the input and cannot be forbidden")
        }
        let costs = TierChainCosts(instance, objective: instance.tierObjective)
        let cut = minimumCut(costs, forbidden: forbidden, algorithm: algorithm)
        // Under memory caps the cut is optimal when it fits; when it does not, the capped MILP decides (not for a forbidden tier).
        if forbidden.isEmpty, !TierMemory(instance).fits(cut.tierOf) {
            return DSLSolver.capped(TierChainMILP.solve(instance, options: options), name: name, start: start)
        }
        let latency = costs.evaluate(cut.tierOf).latency
        let e = cut.exact
        let stats = SolveStatistics(seconds: secondsSince(start), iterations: e.iterations, nodes: e.vertices, extra: [
            ("cutSeconds", cut.cutSeconds), ("unitSeconds", e.unitSeconds), ("rounds", Double(e.rounds)),
            ("arcs", Double(e.arcs)), ("buildSeconds", e.buildSeconds), ("flowSeconds", e.flowSeconds),
        ])
        let exact = forbidden.isEmpty && e.proven
        return SolveResult(solver: name, status: exact ? .optimal : .feasible, plan: TierAssignment(tierOfLayer: cut.tierOf),
                           objective: latency, bound: forbidden.isEmpty ? min(e.lowerBound, latency) : nil, statistics: stats,
                           message: e.proven ? nil : "min-cut gap not closed to \(ExactMinCut.relativeTolerance) after \(e.rounds) rounds")
    }

    /// The minimum cut of the stacked graph, seeded with every single-tier plan that is allowed.
    public static func minimumCut(_ costs: TierChainCosts, forbidden: Set<Int> = [],
                                  algorithm: MaxFlowAlgorithm = .boykovKolmogorov) -> Cut {
        let layout = Layout(costs)
        let net = network(costs, layout: layout, forbidden: forbidden)
        let n = costs.graph.count
        let candidates = (0..<costs.tierCount).filter { !forbidden.contains($0) }.map { k in
            layout.sourceSide(tierOf: TierAssignment.allOn(k, graph: costs.graph).tierOfLayer, graph: costs.graph)
        }
        let exact = ExactMinCut.solve(net, candidates: candidates, algorithm: algorithm)
        var tierOf = [Int](repeating: 0, count: n)
        for v in 0..<n {
            for k in 1...layout.cutLayers where !exact.sourceSide[layout.node(k, v)] { tierOf[v] = k }
        }
        return Cut(tierOf: tierOf, cutSeconds: exact.value, exact: exact)
    }

    /// Vertex numbering: cut layer k (1-based) holds layers at (k − 1)·n + v; then auxiliaries, results, s, t.
    struct Layout {
        let n: Int, cutLayers: Int
        let auxiliary: [[Int]]
        let resultVertex: [Int]
        let s: Int, t: Int

        init(_ costs: TierChainCosts) {
            let g = costs.graph
            n = g.count
            cutLayers = costs.tierCount - 1
            var next = cutLayers * n
            var aux = [[Int]](repeating: [Int](repeating: -1, count: n), count: cutLayers + 1)
            for k in 1...cutLayers {
                for v in 0..<n where g.successors[v].count > 1 {
                    aux[k][v] = next
                    next += 1
                }
            }
            var results = [Int](repeating: -1, count: cutLayers + 1)
            for k in 1...cutLayers where costs.resultReturn[k - 1] > 0 {
                results[k] = next
                next += 1
            }
            auxiliary = aux
            resultVertex = results
            (s, t) = (next, next + 1)
        }

        func node(_ k: Int, _ v: Int) -> Int { (k - 1) * n + v }

        /// The smallest source side that realises `tierOf` (v^k on the source side iff tier(v) < k).
        func sourceSide(tierOf: [Int], graph: LayerGraph) -> [Bool] {
            var side = [Bool](repeating: false, count: t + 1)
            side[s] = true
            for k in 1...cutLayers {
                for v in 0..<n {
                    side[node(k, v)] = tierOf[v] < k
                    if auxiliary[k][v] >= 0 { side[auxiliary[k][v]] = graph.successors[v].allSatisfy { tierOf[$0] < k } }
                }
                if resultVertex[k] >= 0 { side[resultVertex[k]] = graph.sinks.allSatisfy { tierOf[$0] < k } }
            }
            return side
        }
    }

    /// The stacked graph in seconds.
    static func network(_ costs: TierChainCosts, layout: Layout, forbidden: Set<Int>) -> RealFlowNetwork {
        let g = costs.graph
        let (n, top, s, t) = (layout.n, layout.cutLayers, layout.s, layout.t)
        var net = RealFlowNetwork(vertexCount: t + 1, source: s, sink: t)
        net.reserveArcs(top * (6 * n + 2 * g.edgeCount))
        for v in 0..<n {
            // The compute chain s → v^top → … → v¹ → t.
            net.addArc(from: s, to: layout.node(top, v), seconds: costs.compute[top][v])
            for k in 1..<top { net.addArc(from: layout.node(k + 1, v), to: layout.node(k, v), seconds: costs.compute[k][v]) }
            net.addArc(from: layout.node(1, v), to: t, seconds: costs.compute[0][v])
        }
        for k in 1...top {
            for v in 0..<n {
                let here = layout.node(k, v)
                if k < top { net.addInfiniteArc(from: here, to: layout.node(k + 1, v)) }
                if forbidden.contains(k) {
                    // Tier k unused: forbid y^k = 1 with y^{k+1} = 0, or y^k = 1 at all on the last tier.
                    if k < top { net.addInfiniteArc(from: layout.node(k + 1, v), to: here) } else { net.addInfiniteArc(from: s, to: here) }
                }
                for u in g.predecessors[v] { net.addInfiniteArc(from: here, to: layout.node(k, u)) }
                let succ = g.successors[v]
                let up = costs.uplink[k - 1][v]
                if succ.count == 1 {
                    net.addArc(from: here, to: layout.node(k, succ[0]), seconds: up)
                } else if succ.count > 1 {
                    let a = layout.auxiliary[k][v]
                    net.addArc(from: here, to: a, seconds: up)
                    for w in succ { net.addInfiniteArc(from: a, to: layout.node(k, w)) }
                }
            }
            if layout.resultVertex[k] >= 0 {
                net.addArc(from: s, to: layout.resultVertex[k], seconds: costs.resultReturn[k - 1])
                for o in g.sinks { net.addInfiniteArc(from: layout.resultVertex[k], to: layout.node(k, o)) }
            }
        }
        net.addInfiniteArc(from: s, to: layout.node(1, g.inputIndex))
        return net
    }
}
