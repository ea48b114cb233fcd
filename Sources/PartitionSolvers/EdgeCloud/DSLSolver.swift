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
/// cannot run). Capacities are seconds; ``ExactMinCut`` rounds them with a proof.
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
        /// The cut value in seconds (the weighted objective of `onEdge`).
        public let cutSeconds: Double
        /// The exact cut's value, proven bound and work (``ExactMinCut``).
        public let exact: ExactMinCut.Result
    }

    /// Solves P1 on a two-tier instance. Under memory caps (``TierMemory``) the min-cut's plan is
    /// optimal when it fits (the caps only remove plans); when it breaks a cap, the capped MILP
    /// (``EdgeCloudMILP``) solves the problem and its result is returned under this solver's name.
    public static func solve(_ instance: Instance, algorithm: MaxFlowAlgorithm = .boykovKolmogorov,
                             options: MILPOptions = MILPOptions()) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        let costs: EdgeCloudCosts
        do { costs = try EdgeCloudCosts(instance, objective: instance.tierObjective) } catch {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: error.reason)
        }
        let cut = minimumCut(costs, algorithm: algorithm)
        if !TierMemory(instance).fits(cut.onEdge.map { $0 ? 0 : 1 }) {
            return capped(EdgeCloudMILP.solve(instance, objective: .latency, options: options), name: name, start: start)
        }
        let latency = costs.evaluate(cut.onEdge).latency
        let e = cut.exact
        let stats = SolveStatistics(seconds: secondsSince(start), iterations: e.iterations, nodes: e.vertices, extra: [
            ("cutSeconds", cut.cutSeconds), ("unitSeconds", e.unitSeconds), ("rounds", Double(e.rounds)),
            ("arcs", Double(e.arcs)), ("buildSeconds", e.buildSeconds), ("flowSeconds", e.flowSeconds),
        ])
        return SolveResult(solver: name, status: e.proven ? .optimal : .feasible, plan: EdgeCloudCosts.assignment(cut.onEdge),
                           objective: latency, bound: min(e.lowerBound, latency), statistics: stats,
                           message: e.proven ? nil : "min-cut gap not closed to \(ExactMinCut.relativeTolerance) after \(e.rounds) rounds")
    }

    /// `result` (the capped MILP's) under the min-cut solver's name, with the total time and why.
    static func capped(_ result: SolveResult<TierAssignment>, name: String, start: ContinuousClock.Instant) -> SolveResult<TierAssignment> {
        var stats = result.statistics
        stats.seconds = secondsSince(start)
        let why = "the min-cut's plan breaks a memory cap: solved by the capped MILP" + (result.message.map { " (\($0))" } ?? "")
        return SolveResult(solver: name, status: result.status, plan: result.plan, objective: result.objective, bound: result.bound,
                           statistics: stats, message: why)
    }

    /// The minimum cut of G' with the edge, transfer and cloud terms weighted by α, 1 and γ.
    ///
    /// `edgeWeight = cloudWeight = 1` is P1; DSH (P2) re-solves with other weights.
    /// The all-edge and all-cloud plans seed ``ExactMinCut``, so the cut is never worse than either.
    public static func minimumCut(_ costs: EdgeCloudCosts, edgeWeight: Double = 1, cloudWeight: Double = 1,
                                  algorithm: MaxFlowAlgorithm = .boykovKolmogorov) -> Cut {
        let layout = Layout(costs.graph, hasReturn: costs.resultReturn > 0)
        let net = network(costs, layout: layout, edgeWeight: edgeWeight, cloudWeight: cloudWeight)
        let n = costs.graph.count
        let candidates = costs.singleTierPlans.map { layout.sourceSide(onEdge: $0, graph: costs.graph) }
        let exact = ExactMinCut.solve(net, candidates: candidates, algorithm: algorithm)
        return Cut(onEdge: Array(exact.sourceSide[0..<n]), cutSeconds: exact.value, exact: exact)
    }

    /// Vertex numbering of G': layers 0..<n, then auxiliaries, then r, then s and t.
    struct Layout {
        let auxiliary: [Int]
        let r: Int, s: Int, t: Int, vertexCount: Int

        init(_ graph: LayerGraph, hasReturn: Bool) {
            var aux = [Int](repeating: -1, count: graph.count)
            var next = graph.count
            for v in 0..<graph.count where graph.successors[v].count > 1 {
                aux[v] = next
                next += 1
            }
            auxiliary = aux
            r = hasReturn ? next : -1
            if hasReturn { next += 1 }
            (s, t, vertexCount) = (next, next + 1, next + 2)
        }

        /// The smallest source side that realises the plan `onEdge` (auxiliaries and r join
        /// the source side only when that cuts nothing infinite).
        func sourceSide(onEdge: [Bool], graph: LayerGraph) -> [Bool] {
            var side = [Bool](repeating: false, count: vertexCount)
            for v in 0..<graph.count {
                side[v] = onEdge[v]
                if auxiliary[v] >= 0 { side[auxiliary[v]] = graph.successors[v].allSatisfy { onEdge[$0] } }
            }
            if r >= 0 { side[r] = graph.sinks.allSatisfy { onEdge[$0] } }
            side[s] = true
            return side
        }
    }

    /// G' in seconds.
    static func network(_ costs: EdgeCloudCosts, layout: Layout, edgeWeight: Double, cloudWeight: Double) -> RealFlowNetwork {
        let graph = costs.graph
        let (s, t) = (layout.s, layout.t)
        var net = RealFlowNetwork(vertexCount: layout.vertexCount, source: s, sink: t)
        net.reserveArcs(4 * graph.count + 2 * graph.edgeCount)
        for v in 0..<graph.count {
            net.addArc(from: s, to: v, seconds: cloudWeight * costs.tc[v])
            net.addArc(from: v, to: t, seconds: edgeWeight * costs.te[v])
            let succ = graph.successors[v]
            if succ.count == 1 {
                net.addArc(from: v, to: succ[0], seconds: costs.tt[v])
            } else if succ.count > 1 {
                let a = layout.auxiliary[v]
                net.addArc(from: v, to: a, seconds: costs.tt[v])
                for w in succ { net.addInfiniteArc(from: a, to: w) }
            }
            for u in graph.predecessors[v] { net.addInfiniteArc(from: v, to: u) }
        }
        net.addInfiniteArc(from: s, to: graph.inputIndex)
        if layout.r >= 0 {
            net.addArc(from: s, to: layout.r, seconds: costs.resultReturn)
            for sink in graph.sinks { net.addInfiniteArc(from: layout.r, to: sink) }
        }
        return net
    }
}
