import PartitionModel

/// Exhaustive enumeration of plans, the reference the exact solvers are held to.
public enum BruteForce {
    /// Every tier assignment with the input on tier 0 and `tier(u) ≤ tier(v)` on every edge,
    /// over `tiers` tiers. There are at most tiers^(V−1) candidates: keep V small (≤ 14 for 2 tiers, ≤ 9 for 3).
    public static func monotoneAssignments(_ graph: LayerGraph, tiers: Int) -> [TierAssignment] {
        let order = graph.topologicalOrder
        var out: [TierAssignment] = []
        var t = [Int](repeating: 0, count: graph.count)
        func place(_ i: Int) {
            if i == order.count {
                out.append(TierAssignment(tierOfLayer: t))
                return
            }
            let v = order[i]
            let low = graph.predecessors[v].map { t[$0] }.max() ?? 0
            let range = v == graph.inputIndex ? 0...0 : low...(tiers - 1)
            for k in range {
                t[v] = k
                place(i + 1)
            }
        }
        place(0)
        return out
    }

    /// The smallest value of `objective` over all feasible plans, and one plan attaining it.
    public static func minimum(_ instance: Instance, objective: (TierPlanReport) -> Double) -> (value: Double, plan: TierAssignment) {
        var best = (value: Double.infinity, plan: TierAssignment(tierOfLayer: []))
        for plan in monotoneAssignments(instance.graph, tiers: instance.tiers.count) {
            let report = TierPlanVerifier.verify(plan, instance: instance)
            precondition(report.feasible)
            let value = objective(report)
            if value < best.value { best = (value, plan) }
        }
        return best
    }
}

/// `|a − b| ≤ tol · max(1, |a|, |b|)`.
public func nearlyEqual(_ a: Double, _ b: Double, relative tol: Double = 1e-9) -> Bool {
    abs(a - b) <= tol * max(1e-300, abs(a), abs(b)) || a == b
}
