import PartitionModel

/// D3's horizontal partition (HPA) baseline: the best pair of cut points on one topological order.
///
/// Layers before position p₁ of the order run on the device, layers from p₁ to p₂ on the edge and
/// the rest in the cloud (1 ≤ p₁ ≤ p₂ ≤ n; the input is first). Each pair is a runnable plan. The
/// cost of a pair is a(p₁) + b(p₂), each from prefix sums: a layer v at position i whose last
/// successor is at position j pays up₀(v) for every p₁ in (i, j] and up₁(v) for every p₂ in
/// (i, j], accumulated with difference arrays. The best p₂ ≥ p₁ is a suffix minimum of b, so
/// the best pair takes one pass. On a chain the pairs are all the runnable plans, so HPA is exact; on a DAG it is a
/// heuristic (FORMULATIONS P3 **(reading)**: the D3 text gives only its outline).
///
/// - Complexity: O(n + E).
public enum HPA {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "hpa"

    /// D3's HPA plan of a three-tier instance.
    public static func solve(_ instance: Instance) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        guard instance.tiers.count == 3 else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "HPA splits over exactly 3 tiers, the instance has \(instance.tiers.count)")
        }
        let c = TierChainCosts(instance, objective: instance.tierObjective)
        let g = c.graph, order = g.topologicalOrder, n = order.count
        var position = [Int](repeating: 0, count: n)
        for (i, v) in order.enumerated() { position[v] = i }
        // Prefix sums of compute per tier along the order.
        var prefix = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: 3)
        for k in 0..<3 { for i in 0..<n { prefix[k][i + 1] = prefix[k][i] + c.compute[k][order[i]] } }
        // transfer[k][p]: uplink cost of link k when the cut between tiers k and k+1 is at p.
        var diff = [[Double]](repeating: [Double](repeating: 0, count: n + 2), count: 2)
        var lastSink = 0
        for v in 0..<n {
            let i = position[v]
            if g.successors[v].isEmpty { lastSink = max(lastSink, i) }
            guard let j = g.successors[v].map({ position[$0] }).max() else { continue }
            for k in 0..<2 {
                diff[k][i + 1] += c.uplink[k][v]
                diff[k][j + 1] -= c.uplink[k][v]
            }
        }
        var transfer = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: 2)
        for k in 0..<2 {
            var run = 0.0
            for p in 0...n {
                run += diff[k][p]
                transfer[k][p] = run
            }
        }
        // value(p₁, p₂) = a(p₁) + b(p₂): the best p₂ ≥ p₁ is a suffix minimum of b, so one pass over p₁.
        // The result returns over link 0 if an output is at position ≥ p₁, over link 1 if ≥ p₂.
        func a(_ p1: Int) -> Double { prefix[0][p1] - prefix[1][p1] + transfer[0][p1] + (lastSink >= p1 ? c.resultReturn[0] : 0) }
        func b(_ p2: Int) -> Double { prefix[1][p2] + (prefix[2][n] - prefix[2][p2]) + transfer[1][p2] + (lastSink >= p2 ? c.resultReturn[1] : 0) }
        var suffix = [(value: Double, p2: Int)](repeating: (.infinity, n), count: n + 2)
        for p2 in stride(from: n, through: 1, by: -1) {
            let v = b(p2)
            suffix[p2] = v <= suffix[p2 + 1].value ? (v, p2) : suffix[p2 + 1]  // ties keep the smaller p₂
        }
        var best = (value: Double.infinity, p1: n, p2: n)
        for p1 in 1...n {
            let value = a(p1) + suffix[p1].value
            if value < best.value { best = (value, p1, suffix[p1].p2) }
        }
        var tierOf = [Int](repeating: 0, count: n)
        for (i, v) in order.enumerated() { tierOf[v] = i < best.p1 ? 0 : (i < best.p2 ? 1 : 2) }
        return SolveResult(solver: name, status: .feasible, plan: TierAssignment(tierOfLayer: tierOf), objective: c.evaluate(tierOf).latency,
                           statistics: SolveStatistics(seconds: secondsSince(start), iterations: n))
    }
}
