import PartitionModel

/// P1 and P2 (edge–cloud latency and throughput splits) as mixed-integer programs, solved with GLPK.
///
/// Variables: `x_v ∈ {0,1}` (1 = edge) for every layer, `s_v ∈ {0,1}`
/// (v's output is sent) for every layer with successors, `r ∈ {0,1}` (some
/// output layer runs in the cloud) when results return, and for P2 the
/// bottleneck `z ≥ 0`. Constraints (FORMULATIONS P1/P2):
///
///     x_in = 1                            the sample starts on the edge
///     x_v − x_u ≤ 0      for (u, v) ∈ E   nothing returns to the edge
///     s_v − x_v + x_w ≥ 0 for (v, w) ∈ E  v sends when a successor is in the cloud
///     r + x_o ≥ 1        for outputs o    the result returns
///     P1: minimise Σ te·x + Σ tc·(1 − x) + Σ tt·s + ret·r
///     P2: minimise z,  z ≥ Σ te·x,  z ≥ Σ tt·s,  z ≥ Σ tc·(1 − x),  z ≥ ret·r
///
/// Costs enter the model through ``CostScale`` (capped at the incumbent,
/// scaled so it is 1000, tiny terms dropped) and ``IncumbentScaledMILP``
/// re-solves until the plan is proven within 10⁻⁹ of the bound; the edge-only,
/// cloud-only and DSL plans are the seeds, so the result is never worse than
/// any of them. The reported objective is the chosen plan's value recomputed
/// in seconds. P2 is NP-hard in general; P1 is also solved exactly by
/// ``DSLSolver``, and the tests hold the two to each other.
///
/// - Complexity: 2V + 1 variables and 2E + 4 rows; branch-and-cut time is
///   exponential in the worst case (statistics report nodes and iterations);
///   at most ``IncumbentScaledMILP/maxRounds`` solves.
public enum EdgeCloudMILP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "milp"

    /// The model under `scale`, and the index of each layer's `x_v`.
    public static func model(_ costs: EdgeCloudCosts, objective: EdgeCloudObjective, scale: CostScale) -> (model: MILPModel, x: [Int]) {
        let g = costs.graph
        let te = costs.te.map { scale($0) }, tc = costs.tc.map { scale($0) }, tt = costs.tt.map { scale($0) }
        let ret = scale(costs.resultReturn)
        var m = MILPModel(name: objective == .latency ? "P1_edge_cloud_latency" : "P2_edge_cloud_throughput", sense: .minimize)
        let x = g.layers.map { m.addVariable("x_\($0.id)", kind: .binary) }
        m.fix(x[g.inputIndex], to: 1)
        var send = [Int?](repeating: nil, count: g.count)
        for v in 0..<g.count where !g.successors[v].isEmpty {
            send[v] = m.addVariable("s_\(g.layers[v].id)", kind: .binary)
        }
        for (u, v) in g.edges {
            m.addRow("closure_\(g.layers[u].id)_\(g.layers[v].id)", [(x[v], 1), (x[u], -1)], upper: 0)
            m.addRow("send_\(g.layers[u].id)_\(g.layers[v].id)", [(send[u]!, 1), (x[u], -1), (x[v], 1)], lower: 0)
        }
        var r: Int?
        if costs.resultReturn > 0 {
            let rv = m.addVariable("r_result", kind: .binary)
            r = rv
            for o in g.sinks { m.addRow("result_\(g.layers[o].id)", [(rv, 1), (x[o], 1)], lower: 1) }
        }
        let sumTc = tc.reduce(0, +)
        switch objective {
        case .latency:
            m.objectiveConstant = sumTc
            for v in 0..<g.count {
                m.setObjective(x[v], te[v] - tc[v])
                if let s = send[v] { m.setObjective(s, tt[v]) }
            }
            if let r { m.setObjective(r, ret) }
        case .bottleneck:
            let z = m.addVariable("z_bottleneck", lower: 0, objective: 1)
            m.addRow("edge_stage", [(z, 1)] + (0..<g.count).map { (x[$0], -te[$0]) }, lower: 0)
            m.addRow("uplink_stage", [(z, 1)] + (0..<g.count).compactMap { v in send[v].map { ($0, -tt[v]) } }, lower: 0)
            // The cloud stage through y_v = 1 − x_v keeps the row's bound at 0: GLPK's feasibility
            // tolerance is relative to it, and Σ tc as a bound would hide differences below 1e-7 of it.
            let y = g.layers.map { m.addVariable("y_\($0.id)", kind: .binary) }
            for v in 0..<g.count { m.addRow("cloud_\(g.layers[v].id)", [(x[v], 1), (y[v], 1)], lower: 1, upper: 1) }
            m.addRow("cloud_stage", [(z, 1)] + (0..<g.count).map { (y[$0], -tc[$0]) }, lower: 0)
            if let r { m.addRow("downlink_stage", [(z, 1), (r, -ret)], lower: 0) }
        }
        return (m, x)
    }

    /// The model as the first round builds it (for `--write-lp`): scaled to the best seed plan.
    public static func firstRoundModel(_ costs: EdgeCloudCosts, objective: EdgeCloudObjective) -> MILPModel {
        let upper = seeds(costs).map { value(costs, $0, objective) }.filter { $0 > 0 && $0.isFinite }.min() ?? 1
        return model(costs, objective: objective, scale: CostScale(upper: upper, dropBelow: 1e-6)).model
    }

    /// Solves P1 (`.latency`) or P2 (`.bottleneck`) exactly.
    public static func solve(_ instance: Instance, objective: EdgeCloudObjective, options: MILPOptions = MILPOptions()) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        let costs: EdgeCloudCosts
        do { costs = try EdgeCloudCosts(instance) } catch {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: error.reason)
        }
        var result = IncumbentScaledMILP.solve(solver: name, seeds: seeds(costs), evaluate: { value(costs, $0, objective) },
                                               options: options) { scale in
            let (model, x) = model(costs, objective: objective, scale: scale)
            return (model, { values in x.map { values[$0] > 0.5 } })
        }
        result.statistics.seconds = secondsSince(start)
        return SolveResult(solver: name, status: result.status, plan: result.plan.map(EdgeCloudCosts.assignment),
                           objective: result.objective, bound: result.bound, statistics: result.statistics, message: result.message)
    }

    /// Edge-only, cloud-only and the DSL plan.
    static func seeds(_ costs: EdgeCloudCosts) -> [[Bool]] {
        var allCloud = [Bool](repeating: false, count: costs.graph.count)
        allCloud[costs.graph.inputIndex] = true
        return [[Bool](repeating: true, count: costs.graph.count), allCloud, DSLSolver.minimumCut(costs).onEdge]
    }

    static func value(_ costs: EdgeCloudCosts, _ onEdge: [Bool], _ objective: EdgeCloudObjective) -> Double {
        let terms = costs.evaluate(onEdge)
        return objective == .latency ? terms.latency : terms.bottleneck
    }
}
