import PartitionModel

/// Exact edge–cloud latency split (FORMULATIONS P1) by one s–t minimum cut: DADS's "DSL".
///
/// The graph G' has the source s on the edge side and the sink t on the cloud
/// side, and for every layer v:
/// - s → v with capacity tc(v) (cut when v runs in the cloud), v → t with te(v);
/// - one successor w: v → w with tt(v); several: an auxiliary vertex v′,
///   v → v′ with tt(v) and v′ → w with ∞, so the output is paid once;
/// - a closure arc v → u with ∞ for every edge (u, v), so nothing returns to the edge;
/// - s → in with ∞ (the sample starts on the edge).
/// With `resultBytes`, a vertex r with s → r of the return time and r → sink
/// with ∞ pays the return once if any sink runs in the cloud. The source side
/// of a minimum cut is the edge set, and the cut value is L(x).
///
/// Source: C. Hu, W. Bao, D. Wang, F. Liu, "Dynamic Adaptive DNN Surgery for
/// Inference Acceleration on the Edge", IEEE INFOCOM 2019 (the closure arcs
/// are the fix of FORMULATIONS P1: the paper's graph can return a plan that
/// cannot run). Capacities are integers in the unit of ``CapacityScale``.
///
/// - Complexity: O(V + E) to build, then one max-flow (Boykov–Kolmogorov,
///   near-linear on DNN graphs).
public enum DSLSolver {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "dsl"

    /// What one min-cut found, before it becomes a ``SolveResult``.
    public struct Cut: Sendable {
        /// `onEdge[v]`: the source side restricted to layers.
        public let onEdge: [Bool]
        /// The cut value in seconds (integer cut × unit).
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

    /// Solves P1 on a two-tier instance.
    public static func solve(_ instance: Instance, algorithm: MaxFlowAlgorithm = .boykovKolmogorov) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        let costs: EdgeCloudCosts
        do { costs = try EdgeCloudCosts(instance) } catch {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: error.reason)
        }
        let cut = minimumCut(costs, algorithm: algorithm)
        let breakdown = costs.evaluate(cut.onEdge)
        let stats = SolveStatistics(seconds: secondsSince(start), iterations: cut.flow.iterations, nodes: cut.vertices, extra: [
            ("cut_seconds", cut.cutSeconds), ("unit_seconds", cut.unitSeconds), ("arcs", Double(cut.arcs)),
            ("build_seconds", cut.flow.buildSeconds), ("flow_seconds", cut.flow.solveSeconds),
        ])
        return SolveResult(solver: name, status: .optimal, plan: EdgeCloudCosts.assignment(cut.onEdge),
                           objective: breakdown.latency, bound: breakdown.latency, statistics: stats)
    }

    /// The minimum cut of G' with the edge, transfer and cloud terms weighted by α, 1 and γ.
    ///
    /// `edgeWeight = cloudWeight = 1` is P1; DSH (P2) re-solves with other weights.
    public static func minimumCut(_ costs: EdgeCloudCosts, edgeWeight: Double = 1, cloudWeight: Double = 1,
                                  algorithm: MaxFlowAlgorithm = .boykovKolmogorov) -> Cut {
        let graph = costs.graph
        let n = graph.count
        // Vertex numbering: layers 0..<n, then auxiliaries, then r, then s and t.
        var auxiliary = [Int](repeating: -1, count: n)
        var next = n
        for v in 0..<n where graph.successors[v].count > 1 {
            auxiliary[v] = next
            next += 1
        }
        let hasReturn = costs.resultReturn > 0
        let r = hasReturn ? next : -1
        if hasReturn { next += 1 }
        let s = next, t = next + 1
        let vertexCount = next + 2

        var total = costs.resultReturn
        for v in 0..<n {
            total += edgeWeight * costs.te[v] + cloudWeight * costs.tc[v]
            if !graph.successors[v].isEmpty { total += costs.tt[v] }
        }
        let scale = CapacityScale(totalSeconds: total)
        let inf = scale.infinity
        // Every value below is validated: vertices in range, capacities in 0...2^60.
        var net = try! FlowNetwork(vertexCount: vertexCount, source: s, sink: t)
        net.reserveArcs(4 * n + 2 * graph.edgeCount)
        func arc(_ u: Int, _ v: Int, _ c: Int64) { try! net.addArc(from: u, to: v, capacity: c) }
        for v in 0..<n {
            arc(s, v, scale.capacity(cloudWeight * costs.tc[v]))
            arc(v, t, scale.capacity(edgeWeight * costs.te[v]))
            let succ = graph.successors[v]
            if succ.count == 1 {
                arc(v, succ[0], scale.capacity(costs.tt[v]))
            } else if succ.count > 1 {
                let a = auxiliary[v]
                arc(v, a, scale.capacity(costs.tt[v]))
                for w in succ { arc(a, w, inf) }
            }
            for u in graph.predecessors[v] { arc(v, u, inf) }
        }
        arc(s, graph.inputIndex, inf)
        if hasReturn {
            arc(s, r, scale.capacity(costs.resultReturn))
            for sink in graph.sinks { arc(r, sink, inf) }
        }
        let flow = MaxFlow.solve(net, algorithm: algorithm)
        precondition(flow.flow < inf / 2, "DSL: an infinite arc was cut (the all-edge plan has a finite cut, so this is a bug)")
        return Cut(onEdge: Array(flow.sourceSide[0..<n]), cutSeconds: scale.seconds(flow.flow), unitSeconds: scale.unitSeconds,
                   vertices: vertexCount, arcs: net.arcCount, flow: flow)
    }
}
