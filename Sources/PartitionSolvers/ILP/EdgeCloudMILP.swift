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
/// Times enter the model scaled so the largest coefficient is 1000
/// (seconds are too small for GLPK's absolute tolerances); the reported
/// objective is the chosen plan's value recomputed in seconds, and the bound
/// is scaled back. P2 is NP-hard in general; P1 is also solved exactly by
/// ``DSLSolver``, and the tests hold the two to each other.
///
/// - Complexity: 2V + 1 variables and 2E + 4 rows; branch-and-cut time is
///   exponential in the worst case (statistics report nodes and iterations).
public enum EdgeCloudMILP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "milp"

    /// The model, the index of each layer's `x_v`, and the factor from seconds to model units.
    public static func model(_ costs: EdgeCloudCosts, objective: EdgeCloudObjective) -> (model: MILPModel, x: [Int], scale: Double) {
        let g = costs.graph
        let maxCoefficient = (costs.te + costs.tc + costs.tt + [costs.resultReturn]).max() ?? 0
        let k = maxCoefficient > 0 ? 1000 / maxCoefficient : 1
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
        var ret: Int?
        if costs.resultReturn > 0 {
            let r = m.addVariable("r_result", kind: .binary)
            ret = r
            for o in g.sinks { m.addRow("result_\(g.layers[o].id)", [(r, 1), (x[o], 1)], lower: 1) }
        }
        let sumTc = costs.tc.reduce(0, +) * k
        switch objective {
        case .latency:
            m.objectiveConstant = sumTc
            for v in 0..<g.count {
                m.setObjective(x[v], (costs.te[v] - costs.tc[v]) * k)
                if let s = send[v] { m.setObjective(s, costs.tt[v] * k) }
            }
            if let r = ret { m.setObjective(r, costs.resultReturn * k) }
        case .bottleneck:
            let z = m.addVariable("z_bottleneck", lower: 0, objective: 1)
            m.addRow("edge_stage", [(z, 1)] + (0..<g.count).map { (x[$0], -costs.te[$0] * k) }, lower: 0)
            m.addRow("uplink_stage", [(z, 1)] + (0..<g.count).compactMap { v in send[v].map { ($0, -costs.tt[v] * k) } }, lower: 0)
            m.addRow("cloud_stage", [(z, 1)] + (0..<g.count).map { (x[$0], costs.tc[$0] * k) }, lower: sumTc)
            if let r = ret { m.addRow("downlink_stage", [(z, 1), (r, -costs.resultReturn * k)], lower: 0) }
        }
        return (m, x, k)
    }

    /// Solves P1 (`.latency`) or P2 (`.bottleneck`) exactly.
    public static func solve(_ instance: Instance, objective: EdgeCloudObjective, options: MILPOptions = MILPOptions()) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        let costs: EdgeCloudCosts
        do { costs = try EdgeCloudCosts(instance) } catch {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: error.reason)
        }
        let (model, x, scale) = model(costs, objective: objective)
        let r = GLPKBackend.solve(model, options: options)
        var stats = r.statistics
        stats.seconds = secondsSince(start)
        stats.extra = [("glpk_return_code", Double(r.rawReturnCode)), ("glpk_mip_status", Double(r.rawStatus)),
                       ("variables", Double(model.variables.count)), ("rows", Double(model.rows.count))]
        guard let values = r.values else {
            return SolveResult(solver: name, status: r.status, plan: nil, objective: nil, bound: r.bound.map { $0 / scale },
                               statistics: stats, message: r.message)
        }
        let onEdge = x.map { values[$0] > 0.5 }
        let terms = costs.evaluate(onEdge)
        let value = objective == .latency ? terms.latency : terms.bottleneck
        return SolveResult(solver: name, status: r.status, plan: EdgeCloudCosts.assignment(onEdge), objective: value,
                           bound: r.bound.map { min($0 / scale, value) }, statistics: stats, message: r.message)
    }
}
