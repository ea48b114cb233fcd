import PartitionModel

/// The P1/P2 cost coefficients of a two-tier instance as flat arrays (solver side).
///
/// `te[v]`, `tc[v]`: compute seconds on the edge (tier 0) and in the cloud
/// (tier 1); `tt[v] = rtt + d_v / B`: seconds to send v's output up;
/// `resultReturn`: seconds to bring the result back when a sink runs in the
/// cloud (0 when the instance has no `resultBytes`). Under an energy or weighted
/// objective every term is priced by ``ObjectiveWeights`` (joules, or seconds +
/// λ·joules), and ``Breakdown/latency`` is that objective. Solvers evaluate their
/// own plans with ``evaluate(_:)``; the verifier recomputes independently.
public struct EdgeCloudCosts: Sendable {
    /// The DNN.
    public let graph: LayerGraph
    /// Seconds of every layer on the edge.
    public let te: [Double]
    /// Seconds of every layer in the cloud.
    public let tc: [Double]
    /// Seconds to send every layer's output up the link.
    public let tt: [Double]
    /// Seconds to bring the result back down.
    public let resultReturn: Double

    /// The objective terms of one plan (seconds).
    public struct Breakdown: Sendable, Equatable {
        /// Edge compute, seconds.
        public var edge: Double
        /// Uplink transfers, seconds.
        public var transfer: Double
        /// Cloud compute, seconds.
        public var cloud: Double
        /// Result return, seconds.
        public var resultReturn: Double
        /// Latency of one frame: the sum of all terms (P1).
        public var latency: Double { edge + transfer + cloud + resultReturn }
        /// The pipeline's bottleneck stage (P2).
        public var bottleneck: Double { max(edge, transfer, cloud, resultReturn) }
    }

    /// Reads the coefficients, priced by `objective` (seconds for latency); fails unless the instance has exactly two tiers.
    public init(_ instance: Instance, objective: TierObjective = .latency) throws(SolverInputError) {
        guard instance.tiers.count == 2 else {
            throw SolverInputError("edge–cloud problems need exactly 2 tiers, the instance has \(instance.tiers.count)")
        }
        let w = ObjectiveWeights(instance, objective: objective)
        graph = instance.graph
        te = instance.cost.seconds[0].map { w.compute[0] * $0 }
        tc = instance.cost.seconds[1].map { w.compute[1] * $0 }
        let link = instance.links[0]
        tt = instance.graph.layers.map { w.uplink[0] * (link.latency + $0.outputBytes / link.bandwidth) }
        resultReturn = instance.problem.resultBytes.map { w.downlink[0] * (link.latency + $0 / link.downlinkBandwidth) } ?? 0
    }

    /// The terms of the plan that runs `onEdge[v] == true` layers on the edge.
    ///
    /// - Complexity: O(V + E).
    public func evaluate(_ onEdge: [Bool]) -> Breakdown {
        var b = Breakdown(edge: 0, transfer: 0, cloud: 0, resultReturn: 0)
        var sinkInCloud = false
        for v in 0..<graph.count {
            if onEdge[v] {
                b.edge += te[v]
                if graph.successors[v].contains(where: { !onEdge[$0] }) { b.transfer += tt[v] }
            } else {
                b.cloud += tc[v]
                if graph.successors[v].isEmpty { sinkInCloud = true }
            }
        }
        if sinkInCloud { b.resultReturn = resultReturn }
        return b
    }

    /// Whether the plan keeps the input on the edge and sends nothing back down.
    public func isFeasible(_ onEdge: [Bool]) -> Bool {
        guard onEdge[graph.inputIndex] else { return false }
        for v in 0..<graph.count where !onEdge[v] {
            if graph.successors[v].contains(where: { onEdge[$0] }) { return false }
        }
        return true
    }

    /// Edge-only and cloud-only (the input stays on the edge) as edge sets: the trivially feasible plans.
    public var singleTierPlans: [[Bool]] {
        [0, 1].map { k in TierAssignment.allOn(k, graph: graph).tierOfLayer.map { $0 == 0 } }
    }

    /// The tier assignment (edge = tier 0, cloud = tier 1) of an edge set.
    public static func assignment(_ onEdge: [Bool]) -> TierAssignment {
        TierAssignment(tierOfLayer: onEdge.map { $0 ? 0 : 1 })
    }
}

/// Which edge–cloud objective to minimise.
public enum EdgeCloudObjective: String, Sendable {
    /// P1: latency of one frame.
    case latency
    /// P2: the pipeline bottleneck, max(Te, Tt, Tc).
    case bottleneck
}
