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
///     P2: minimise z,  z ≥ Σ te·x,  z ≥ Σ tt·s,  z ≥ Σ tc·y (y = 1 − x),  z ≥ ret·r
///
/// ``EdgeCloudModel`` builds the model, one method per constraint family. Costs enter the model through ``CostScale`` (capped at the incumbent,
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

    /// The model under `scale` (with the memory caps of `memory`), and the index of each layer's `x_v`.
    public static func model(_ costs: EdgeCloudCosts, objective: EdgeCloudObjective, scale: CostScale,
                             memory: TierMemory? = nil) -> (model: MILPModel, x: [Int]) {
        let built = EdgeCloudModel(costs, objective: objective, scale: scale, memory: memory)
        return (built.model, built.x.map(\.index))
    }

    /// The model as the first round builds it (for `--write-lp`): scaled to the best seed plan.
    public static func firstRoundModel(_ costs: EdgeCloudCosts, objective: EdgeCloudObjective) -> MILPModel {
        let upper = seeds(costs).map { value(costs, $0, objective) }.filter { $0 > 0 && $0.isFinite }.min() ?? 1
        return model(costs, objective: objective, scale: CostScale(upper: upper, dropBelow: 1e-4)).model
    }

    /// Solves P1 (`.latency`) or P2 (`.bottleneck`) exactly.
    public static func solve(_ instance: Instance, objective: EdgeCloudObjective, options: MILPOptions = MILPOptions()) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        let costs: EdgeCloudCosts
        do { costs = try EdgeCloudCosts(instance, objective: objective == .latency ? instance.tierObjective : .latency) } catch {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: error.reason)
        }
        // GLPK's default branching (Driebeck–Tomlin) proves these models about 15× faster than
        // pseudo-cost branching (GoogLeNet over Wi-Fi: 0.04 s against 0.6 s with glpsol).
        var glpk = options
        glpk.pseudoCostBranching = false
        let memory = TierMemory(instance)
        let capped = memory.binding.isEmpty ? nil : memory
        let evaluate: ([Bool]) -> Double = { plan in
            capped.map { $0.fits(plan.map { $0 ? 0 : 1 }) } ?? true ? value(costs, plan, objective) : .infinity
        }
        var result = IncumbentScaledMILP.solve(solver: name, seeds: seeds(costs), evaluate: evaluate, options: glpk,
                                               fallbackUpper: costs.te.reduce(0, +) + costs.tc.reduce(0, +) + costs.tt.reduce(0, +) + costs.resultReturn) { scale in
            let (model, x) = model(costs, objective: objective, scale: scale, memory: capped)
            return (model, { values in x.map { values[$0] > 0.5 } })
        }
        result.statistics.seconds = secondsSince(start)
        return SolveResult(solver: name, status: result.status, plan: result.plan.map(EdgeCloudCosts.assignment),
                           objective: result.objective, bound: result.bound, statistics: result.statistics, message: result.message)
    }

    /// Edge-only, cloud-only and the DSL plan.
    static func seeds(_ costs: EdgeCloudCosts) -> [[Bool]] {
        costs.singleTierPlans + [DSLSolver.minimumCut(costs).onEdge]
    }

    static func value(_ costs: EdgeCloudCosts, _ onEdge: [Bool], _ objective: EdgeCloudObjective) -> Double {
        let terms = costs.evaluate(onEdge)
        return objective == .latency ? terms.latency : terms.bottleneck
    }
}

/// The P1/P2 model under one ``CostScale``, built one constraint family at a time.
struct EdgeCloudModel {
    private(set) var model: MILPModel
    /// x_v = 1: layer v runs on the edge.
    let x: [Var]
    /// s_v = 1: v's output is sent up (layers with successors).
    private let send: [Var?]
    /// r = 1: the result comes back down (with `resultBytes`).
    private var result: Var?
    private let costs: EdgeCloudCosts
    private let te: [Double], tc: [Double], tt: [Double], ret: Double

    /// The constraint families over `costs`' graph, the caps of `memory` and, unless `objective` is nil, its objective.
    init(_ costs: EdgeCloudCosts, objective: EdgeCloudObjective?, scale: CostScale, memory: TierMemory? = nil) {
        let g = costs.graph
        self.costs = costs
        (te, tc, tt, ret) = (costs.te.map { scale($0) }, costs.tc.map { scale($0) }, costs.tt.map { scale($0) }, scale(costs.resultReturn))
        var m = MILPModel(name: objective == .bottleneck ? "P2_edge_cloud_throughput" : "P1_edge_cloud_latency", sense: .minimize)
        x = g.layers.map { m.variable("x_\($0.id)", kind: .binary) }
        send = g.layers.indices.map { v in g.successors[v].isEmpty ? nil : m.variable("s_\(g.layers[v].id)", kind: .binary) }
        model = m
        pinInput()
        closure()
        sends()
        resultReturn()
        if let memory {
            memory.addRows(tier: 0, on: x.map { LinearExpr($0) }, to: &model)
            memory.addRows(tier: 1, on: x.map { (-1.0) * $0 + 1.0 }, to: &model)
        }
        switch objective {
        case .latency?: latency()
        case .bottleneck?: bottleneck()
        case nil: break
        }
    }

    /// Σ tc + Σ (te − tc)·x + Σ tt·s + ret·r under other coefficients `c` of the same graph, times `factor`.
    func expression(_ c: EdgeCloudCosts, factor: Double) -> LinearExpr {
        var e = LinearExpr(constant: factor * c.tc.reduce(0, +))
        for v in x.indices {
            e += (factor * (c.te[v] - c.tc[v])) * x[v]
            if let s = send[v] { e += (factor * c.tt[v]) * s }
        }
        if let r = result { e += (factor * c.resultReturn) * r }
        return e
    }

    /// Adds a row and sets the objective (the Pareto front's ε-constraint models).
    mutating func constrain(_ name: String, _ row: LinearConstraint, minimising objective: LinearExpr) {
        model.add(name, row)
        model.setObjective(objective)
    }

    /// x_in = 1: the sample starts on the edge.
    private mutating func pinInput() { model.fix(x[costs.graph.inputIndex].index, to: 1) }

    /// x_v ≤ x_u for every edge (u, v): nothing comes back down to the edge.
    private mutating func closure() {
        let g = costs.graph
        for (u, v) in g.edges { model.add("closure_\(g.layers[u].id)_\(g.layers[v].id)", x[v] <= x[u]) }
    }

    /// s_u ≥ x_u − x_v for every edge (u, v): u sends when a successor runs in the cloud.
    private mutating func sends() {
        let g = costs.graph
        for (u, v) in g.edges { model.add("send_\(g.layers[u].id)_\(g.layers[v].id)", send[u]! + x[v] - x[u] >= 0) }
    }

    /// r ≥ 1 − x_o for every output o: the result comes back when an output runs in the cloud.
    private mutating func resultReturn() {
        guard costs.resultReturn > 0 else { return }
        let g = costs.graph
        let r = model.variable("r_result", kind: .binary)
        result = r
        for o in g.sinks { model.add("result_\(g.layers[o].id)", r + x[o] >= 1) }
    }

    /// P1: minimise Σ te·x + Σ tc·(1 − x) + Σ tt·s + ret·r.
    private mutating func latency() {
        var objective = LinearExpr(constant: tc.reduce(0, +))
        for v in x.indices {
            objective += (te[v] - tc[v]) * x[v]
            if let s = send[v] { objective += tt[v] * s }
        }
        if let r = result { objective += ret * r }
        model.setObjective(objective)
    }

    /// P2: minimise z ≥ every pipeline stage. The cloud stage is written with y_v = 1 − x_v, so its
    /// row's bound is 0: GLPK's feasibility tolerance is relative to a row's bound, and Σ tc as a
    /// bound would hide differences below 1e-7 of it.
    private mutating func bottleneck() {
        let g = costs.graph
        let z = model.variable("z_bottleneck")
        let y = g.layers.map { model.variable("y_\($0.id)", kind: .binary) }
        for v in x.indices { model.add("cloud_\(g.layers[v].id)", x[v] + y[v] == 1) }
        model.add("edge_stage", z >= .sum(x.indices.map { (x[$0], te[$0]) }))
        model.add("uplink_stage", z >= .sum(x.indices.compactMap { v in send[v].map { ($0, tt[v]) } }))
        model.add("cloud_stage", z >= .sum(x.indices.map { (y[$0], tc[$0]) }))
        if let r = result { model.add("downlink_stage", z >= ret * r) }
        model.setObjective(LinearExpr(z))
    }
}
