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
        let costs = TierChainCosts(instance, objective: instance.tierObjective)
        guard costs.tierCount >= 2 else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: "needs ≥ 2 tiers")
        }
        var seeds = (0..<costs.tierCount).map { TierAssignment.allOn($0, graph: costs.graph).tierOfLayer }
        seeds.append(StackedCutSolver.minimumCut(costs).tierOf)
        let memory = TierMemory(instance)
        let capped = memory.binding.isEmpty ? nil : memory
        let upper = costs.compute.joined().reduce(0, +) + costs.uplink.joined().reduce(0, +) + costs.resultReturn.reduce(0, +)
        var result = IncumbentScaledMILP.solve(solver: name, seeds: seeds,
                                               evaluate: { plan in capped.map { $0.fits(plan) } ?? true ? costs.evaluate(plan).latency : .infinity },
                                               options: options, fallbackUpper: upper) { scale in model(costs, scale: scale, memory: capped) }
        result.statistics.seconds = secondsSince(start)
        return SolveResult(solver: name, status: result.status, plan: result.plan.map { TierAssignment(tierOfLayer: $0) },
                           objective: result.objective, bound: result.bound, statistics: result.statistics, message: result.message)
    }

    /// The model as the first round builds it (for `--write-lp`): scaled to the best single-tier plan.
    public static func firstRoundModel(_ instance: Instance) -> MILPModel {
        let costs = TierChainCosts(instance, objective: instance.tierObjective)
        let upper = (0..<costs.tierCount).map { costs.evaluate(TierAssignment.allOn($0, graph: costs.graph).tierOfLayer).latency }.filter { $0 > 0 && $0.isFinite }.min() ?? 1
        return model(costs, scale: CostScale(upper: upper, dropBelow: 1e-4)).model
    }

    /// The model under `scale`, and the decoder from its values to tiers.
    static func model(_ costs: TierChainCosts, scale: CostScale, memory: TierMemory? = nil) -> (model: MILPModel, decode: ([Double]) -> [Int]) {
        let built = TierChainModel(costs, scale: scale, memory: memory)
        let y = built.y, n = costs.graph.count, K = costs.tierCount
        return (built.model, { values in (0..<n).map { v in (1..<K).filter { values[y[$0][v].index] > 0.5 }.max() ?? 0 } })
    }
}

/// The P3 model under one ``CostScale``, built one constraint family at a time per cut layer k.
struct TierChainModel {
    private(set) var model = MILPModel(name: "P3_tier_chain_latency")
    /// y[k][v] = [tier(v) ≥ k] for k = 1 … K − 1 (y[0] is empty).
    private(set) var y: [[Var]]
    private let costs: TierChainCosts
    private var objective: LinearExpr

    init(_ costs: TierChainCosts, scale: CostScale, memory: TierMemory? = nil) {
        self.costs = costs
        let g = costs.graph, K = costs.tierCount
        let compute = costs.compute.map { $0.map { scale($0) } }
        var m = MILPModel(name: "P3_tier_chain_latency")
        y = [[]] + (1..<K).map { k in g.layers.map { m.variable("y\(k)_\($0.id)", kind: .binary) } }
        model = m
        // Compute: t₀ + Σ_k (t_k − t_{k−1})·y^k, from the rounded times so the model stays a relaxation.
        objective = LinearExpr(constant: compute[0].reduce(0, +))
        for k in 1..<K {
            for v in 0..<g.count { objective += (compute[k][v] - compute[k - 1][v]) * y[k][v] }
            pinInput(k)
            monotone(k)
            closure(k)
            transfers(k, scale: scale)
            resultReturn(k, scale: scale)
        }
        if let memory {
            // Layer v runs on tier k when y^k_v − y^{k+1}_v = 1 (y^0 = 1, y^K = 0).
            for k in 0..<K {
                let on = (0..<g.count).map { v -> LinearExpr in
                    let at = k == 0 ? LinearExpr(constant: 1) : LinearExpr(y[k][v])
                    return k + 1 < K ? at - LinearExpr(y[k + 1][v]) : at
                }
                memory.addRows(tier: k, on: on, to: &model)
            }
        }
        model.setObjective(objective)
    }

    /// y^k_in = 0: the input runs on tier 0.
    private mutating func pinInput(_ k: Int) { model.fix(y[k][costs.graph.inputIndex].index, to: 0) }

    /// y^k_v ≤ y^{k−1}_v: tiers are a chain.
    private mutating func monotone(_ k: Int) {
        guard k > 1 else { return }
        let g = costs.graph
        for v in 0..<g.count { model.add("monotone\(k)_\(g.layers[v].id)", y[k][v] <= y[k - 1][v]) }
    }

    /// y^k_u ≤ y^k_v for every edge (u, v): nothing comes back down.
    private mutating func closure(_ k: Int) {
        let g = costs.graph
        for (u, v) in g.edges { model.add("closure\(k)_\(g.layers[u].id)_\(g.layers[v].id)", y[k][u] <= y[k][v]) }
    }

    /// s^k_u ≥ y^k_v − y^k_u: u's output crosses link k − 1 when a successor is above it; paid once.
    private mutating func transfers(_ k: Int, scale: CostScale) {
        let g = costs.graph
        for u in 0..<g.count where !g.successors[u].isEmpty {
            let s = model.variable("s\(k)_\(g.layers[u].id)", kind: .binary)
            objective += scale(costs.uplink[k - 1][u]) * s
            for v in g.successors[u] { model.add("send\(k)_\(g.layers[u].id)_\(g.layers[v].id)", s - y[k][v] + y[k][u] >= 0) }
        }
    }

    /// r^k ≥ y^k_o for every output o: the result comes back down link k − 1.
    private mutating func resultReturn(_ k: Int, scale: CostScale) {
        guard costs.resultReturn[k - 1] > 0 else { return }
        let g = costs.graph
        let r = model.variable("r\(k)", kind: .binary)
        objective += scale(costs.resultReturn[k - 1]) * r
        for o in g.sinks { model.add("result\(k)_\(g.layers[o].id)", r >= y[k][o]) }
    }
}
