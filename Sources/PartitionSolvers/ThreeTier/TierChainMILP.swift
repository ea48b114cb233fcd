import PartitionModel

/// The tier-chain latency split (FORMULATIONS P3; P1 when K = 2) as a MILP through GLPK, for cross-checks.
///
/// Variables y^k_v = [tier(v) ≥ k] for k = 1 … K − 1, send indicators s^k_v (v's output crosses link
/// k − 1), and r^k (the result comes back down link k − 1):
///
///     y^{k+1}_v ≤ y^k_v,   y^k_u ≤ y^k_v for (u, v) ∈ E,   y^k_in = 0,
///     s^k_v ≥ y^k_w − y^k_v for (v, w) ∈ E,   r^k ≥ y^k_o for outputs o,
///     minimise Σ_v t₀(v) + Σ_k Σ_v (t_k(v) − t_{k−1}(v))·y^k_v + Σ_k Σ_v up_{k−1}(v)·s^k_v + Σ_k ret_{k−1}·r^k.
///
/// The compute times are rounded by ``CostScale`` first and the differences taken from the rounded
/// times, so the model stays a relaxation; ``IncumbentScaledMILP`` re-solves until the plan is proven,
/// seeded with every single-tier plan and the stacked min-cut's plan. The reported objective is the
/// plan's latency in seconds.
///
/// - Complexity: (K − 1)(2V + 1) binaries and (K − 1)(2E + V + outputs) rows; branch-and-cut.
public enum TierChainMILP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "milp"

    /// The optimal K-tier plan by MILP (the cross-check of the stacked min-cut).
    public static func solve(_ instance: Instance, options: MILPOptions = MILPOptions()) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        let costs = TierChainCosts(instance)
        guard costs.tierCount >= 2 else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: "needs ≥ 2 tiers")
        }
        let g = costs.graph
        var seeds = (0..<costs.tierCount).map { k in
            var t = [Int](repeating: k, count: g.count)
            t[g.inputIndex] = 0
            return t
        }
        seeds.append(StackedCutSolver.minimumCut(costs).tierOf)
        var result = IncumbentScaledMILP.solve(solver: name, seeds: seeds, evaluate: { costs.evaluate($0).latency },
                                               options: options) { scale in model(costs, scale: scale) }
        result.statistics.seconds = secondsSince(start)
        return SolveResult(solver: name, status: result.status, plan: result.plan.map { TierAssignment(tierOfLayer: $0) },
                           objective: result.objective, bound: result.bound, statistics: result.statistics, message: result.message)
    }

    /// The model under `scale`, and the decoder from its values to tiers.
    static func model(_ costs: TierChainCosts, scale: CostScale) -> (model: MILPModel, decode: ([Double]) -> [Int]) {
        let g = costs.graph, K = costs.tierCount
        let compute = costs.compute.map { $0.map { scale($0) } }
        var m = MILPModel(name: "P3_tier_chain_latency")
        m.objectiveConstant = compute[0].reduce(0, +)
        var y = [[Int]](repeating: [], count: K)
        for k in 1..<K {
            y[k] = g.layers.indices.map { v in
                m.addVariable("y\(k)_\(g.layers[v].id)", kind: .binary, objective: compute[k][v] - compute[k - 1][v])
            }
            m.fix(y[k][g.inputIndex], to: 0)
            if k > 1 { for v in 0..<g.count { m.addRow("monotone\(k)_\(g.layers[v].id)", [(y[k][v], 1), (y[k - 1][v], -1)], upper: 0) } }
            var send = [Int?](repeating: nil, count: g.count)
            for v in 0..<g.count where !g.successors[v].isEmpty {
                send[v] = m.addVariable("s\(k)_\(g.layers[v].id)", kind: .binary, objective: scale(costs.uplink[k - 1][v]))
            }
            for (u, v) in g.edges {
                m.addRow("closure\(k)_\(g.layers[u].id)_\(g.layers[v].id)", [(y[k][u], 1), (y[k][v], -1)], upper: 0)
                m.addRow("send\(k)_\(g.layers[u].id)_\(g.layers[v].id)", [(send[u]!, 1), (y[k][v], -1), (y[k][u], 1)], lower: 0)
            }
            if costs.resultReturn[k - 1] > 0 {
                let r = m.addVariable("r\(k)", kind: .binary, objective: scale(costs.resultReturn[k - 1]))
                for o in g.sinks { m.addRow("result\(k)_\(g.layers[o].id)", [(r, 1), (y[k][o], -1)], lower: 0) }
            }
        }
        return (m, { values in g.layers.indices.map { v in (1..<K).filter { values[y[$0][v]] > 0.5 }.max() ?? 0 } })
    }
}
