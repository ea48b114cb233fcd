import Algorithms
import Numerics
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

/// Whether `a` and `b` agree to the relative tolerance `tol` (swift-numerics' `isApproximatelyEqual`).
public func nearlyEqual(_ a: Double, _ b: Double, relative tol: Double = 1e-9) -> Bool {
    a == b || a.isApproximatelyEqual(to: b, relativeTolerance: tol)
}

/// Every ordering of `0..<n` (swift-algorithms' `permutations`).
public func permutations(_ n: Int) -> [[Int]] { Array(0..<n).permutations().map { Array($0) } }

/// Every composition of `total` into `parts` non-negative parts, by stars and bars over
/// swift-algorithms' `combinations`: the parts − 1 bars among total + parts − 1 places.
public func compositions(_ total: Int, parts: Int) -> [[Int]] {
    guard parts > 0 else { return total == 0 ? [[]] : [] }
    let places = total + parts - 1
    return (0..<places).combinations(ofCount: parts - 1).map { bars in
        var out: [Int] = [], previous = -1
        for b in bars {
            out.append(b - previous - 1)
            previous = b
        }
        out.append(places - previous - 1)
        return out
    }
}

extension BruteForce {
    /// The smallest P5 makespan over every row and column owner vector (k^(m+n) partitions: keep m + n ≤ 10).
    public static func fcMinimum(_ w: SparseMatrix, cluster: FCCluster) -> (value: Double, plan: FCPartition) {
        let k = cluster.count, m = w.rows, n = w.columns
        var owners = [Int](repeating: 0, count: m + n)
        var best = (value: Double.infinity, plan: FCPartition(rowOwner: [], columnOwner: []))
        while true {
            let p = FCPartition(rowOwner: Array(owners[..<m]), columnOwner: Array(owners[m...]))
            let value = FCVerifier.verify(p, matrix: w, cluster: cluster).makespan
            if value < best.value { best = (value, p) }
            var t = 0
            while t < m + n && owners[t] == k - 1 { owners[t] = 0; t += 1 }
            if t == m + n { break }
            owners[t] += 1
        }
        return best
    }
}
