import PartitionModel

/// Neurosurgeon's split: the best prefix of one topological order runs on the edge.
///
/// Try every prefix of the graph's topological order (the input alone, then
/// one more layer at a time, up to all layers) as the edge set and keep the
/// cheapest. Each prefix is predecessor-closed, so every candidate is a
/// runnable plan. On a chain the prefixes are all the closed cuts, so the
/// result is exact; on a DAG it is a heuristic (a branchy cut may be better).
///
/// Source: Y. Kang et al., "Neurosurgeon: Collaborative Intelligence Between
/// the Cloud and Mobile Edge", ASPLOS 2017.
///
/// - Complexity: O(V + E): the terms are updated incrementally as the prefix grows.
public enum Neurosurgeon {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "neurosurgeon"

    /// The best prefix under `objective` (latency for P1, bottleneck for P2).
    public static func solve(_ instance: Instance, objective: EdgeCloudObjective = .latency) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        let costs: EdgeCloudCosts
        do { costs = try EdgeCloudCosts(instance, objective: objective == .latency ? instance.tierObjective : .latency) } catch {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: error.reason)
        }
        let graph = costs.graph
        let order = graph.topologicalOrder
        var onEdge = [Bool](repeating: false, count: graph.count)
        // Terms with nothing on the edge; the input is order[0] and is added first.
        var edge = 0.0, cloud = costs.tc.reduce(0, +), transfer = 0.0
        var cloudSinks = graph.sinks.count
        var successorsInCloud = graph.successors.map(\.count)
        var best = (value: Double.infinity, length: 0)
        for (k, v) in order.enumerated() {
            onEdge[v] = true
            edge += costs.te[v]
            cloud -= costs.tc[v]
            if successorsInCloud[v] > 0 { transfer += costs.tt[v] }
            for u in graph.predecessors[v] {
                successorsInCloud[u] -= 1
                if successorsInCloud[u] == 0 { transfer -= costs.tt[u] }
            }
            if graph.successors[v].isEmpty { cloudSinks -= 1 }
            let ret = cloudSinks > 0 ? costs.resultReturn : 0
            let value = objective == .latency ? edge + transfer + cloud + ret : max(edge, transfer, cloud, ret)
            if value < best.value { best = (value, k + 1) }
        }
        var plan = [Bool](repeating: false, count: graph.count)
        for v in order.prefix(best.length) { plan[v] = true }
        // Report the objective from a fresh evaluation, not the running sums (no drift).
        let terms = costs.evaluate(plan)
        return SolveResult(solver: name, status: .feasible, plan: EdgeCloudCosts.assignment(plan),
                           objective: objective == .latency ? terms.latency : terms.bottleneck,
                           statistics: SolveStatistics(seconds: secondsSince(start), iterations: order.count))
    }
}
