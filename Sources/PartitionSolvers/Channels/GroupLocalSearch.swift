import PartitionModel

/// A local search over group counts for P6: from a plan, move one group of one segment from one
/// device to another while the objective (latency, or the period with overlap) improves.
///
/// Used as the MILP's incumbent: its value bounds the MILP's objective from above, which prunes
/// the branch-and-bound; the MILP stays exact.
///
/// - Complexity: O(S·k²) moves per step, each evaluated in O(S·k); steps until no move improves.
enum GroupLocalSearch {
    /// The better of the equal and proportional splits after single-group moves: the incumbent of
    /// both exact P6 solvers.
    static func incumbent(_ net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool, exchangeSeconds: Double = 0) -> (counts: [[Int]], seconds: Double) {
        let k = cluster.count
        return [GroupSplit.equal(net, devices: k), GroupSplit.proportional(net, cluster: cluster)]
            .map { improve($0.counts(devices: k), network: net, cluster: cluster, overlap: overlap, exchangeSeconds: exchangeSeconds) }
            .min { $0.seconds < $1.seconds }!
    }

    /// The best plan reachable from `start` by single-group moves, and its objective in seconds.
    static func improve(_ start: [[Int]], network net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool,
                        exchangeSeconds: Double = 0) -> (counts: [[Int]], seconds: Double) {
        func objective(_ c: [[Int]]) -> Double {
            let cost = ChannelCost.evaluate(c, network: net, cluster: cluster, exchangeSeconds: exchangeSeconds)
            return overlap ? cost.period : cost.latency
        }
        var best = start, value = objective(start)
        var improved = true
        while improved {
            improved = false
            var move: (counts: [[Int]], seconds: Double)?
            for s in best.indices {
                for from in best[s].indices where best[s][from] > 0 {
                    for to in best[s].indices where to != from {
                        var c = best
                        c[s][from] -= 1
                        c[s][to] += 1
                        let v = objective(c)
                        if v < (move?.seconds ?? value) * (1 - 1e-12) { move = (c, v) }
                    }
                }
            }
            if let m = move { (best, value, improved) = (m.counts, m.seconds, true) }
        }
        return (best, value)
    }
}
