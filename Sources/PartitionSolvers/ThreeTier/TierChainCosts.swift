import PartitionModel

/// The cost coefficients of a chain of K tiers (FORMULATIONS P3, and P1 when K = 2), solver side.
///
/// `compute[k][v]`: seconds of layer v on tier k; `uplink[k][v] = latency_k + d_v / B_k`: seconds to
/// send v's output over link k (tier k → k + 1); `resultReturn[k]`: seconds to bring the result back
/// down link k (0 without `resultBytes`). Solvers evaluate their plans with ``latency(_:)``; the
/// verifier recomputes independently.
public struct TierChainCosts: Sendable {
    /// The DNN.
    public let graph: LayerGraph
    /// K, the number of tiers.
    public let tierCount: Int
    /// `compute[k][v]`: seconds of layer v on tier k (∞ where it cannot run).
    public let compute: [[Double]]
    /// `uplink[k][v]`: seconds to send v's output over link k.
    public let uplink: [[Double]]
    /// Seconds to bring the result down link k.
    public let resultReturn: [Double]
    /// Bytes of every layer's output.
    public let outputBytes: [Double]

    /// The coefficients of `instance` from the cost model, priced by `objective` (``ObjectiveWeights``; seconds for latency).
    ///
    /// - Complexity: O(K·V).
    public init(_ instance: Instance, objective: TierObjective = .latency) {
        let w = ObjectiveWeights(instance, objective: objective)
        graph = instance.graph
        tierCount = instance.tiers.count
        compute = instance.cost.seconds.enumerated().map { k, row in row.map { w.compute[k] * $0 } }
        uplink = instance.links.enumerated().map { k, link in instance.graph.layers.map { w.uplink[k] * (link.latency + $0.outputBytes / link.bandwidth) } }
        resultReturn = instance.links.enumerated().map { k, link in
            instance.problem.resultBytes.map { w.downlink[k] * (link.latency + $0 / link.downlinkBandwidth) } ?? 0
        }
        outputBytes = instance.graph.layers.map(\.outputBytes)
    }

    /// Latency of a plan and the bytes it sends over each link.
    ///
    /// - Complexity: O(V + E + V·K).
    public func evaluate(_ tierOf: [Int]) -> (latency: Double, linkBytes: [Double]) {
        var total = 0.0
        var bytes = [Double](repeating: 0, count: tierCount - 1)
        var topSink = 0
        for v in 0..<graph.count {
            let t = tierOf[v]
            total += compute[t][v]
            let highest = graph.successors[v].reduce(t) { max($0, tierOf[$1]) }
            if t < highest {
                for k in t..<highest {
                    total += uplink[k][v]
                    bytes[k] += outputBytes[v]
                }
            }
            if graph.successors[v].isEmpty { topSink = max(topSink, t) }
        }
        for k in 0..<topSink { total += resultReturn[k] }
        return (total, bytes)
    }
}
