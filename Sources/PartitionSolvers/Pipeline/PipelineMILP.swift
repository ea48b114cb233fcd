import PartitionModel

/// The exact P7 plan of a DAG by MILP: stages as ordered slots, any closed grouping of the layers.
///
/// Slots s = 1…K hold the stages; y[s][d] = 1 gives slot s to device d (each device at most
/// one slot, device 0 slot 1, used slots a prefix, each used slot at least one layer);
/// z[v][s] = 1 puts layer v in slot s (the input in slot 1). Closure: Σ_s s·z[u][s] ≤ Σ_s s·z[v][s]
/// for every edge (u, v), so a stage may group layers that one topological order interleaves.
/// w[v][s][d] ≥ z[v][s] + y[s][d] − 1 prices v's compute on d. c[u][s] ≥ Σ_{r≤s} z[u][r] +
/// Σ_{r>s} z[x][r] − 1 for every reader x marks u live across boundary s; the boundary's
/// transfer is at least its bytes over B[a][b] whenever slots s and s+1 go to a and b (big-M on
/// the pair of device binaries), weights (and working sets) stay within each device's cap. The
/// period P bounds every slot's compute and transfer; the latency sums them. Every time is
/// divided by the single-device plan's, so the model works near 1. The plan found is re-judged
/// by the verifier (``PipelineVerifier``) over the order that lists the slots one after another.
///
/// - Complexity: V·K(K + 1) binaries and V·K continuous variables; branch-and-bound, so for
///   small networks (the DP covers large chains exactly).
public enum PipelineMILP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "milp"
    /// Layers × devices² above which the MILP refuses (its model grows as V·K²).
    public static let maxSize = 1000

    /// The optimal pipeline of `p` over every closed grouping of the layers.
    public static func solve(_ p: PipelineProblem, options: MILPOptions = MILPOptions()) -> SolveResult<PipelinePlan> {
        let start = ContinuousClock.now
        let built = PipelineModel(p)
        var glpk = options
        glpk.cuts = false
        let r = MILPSolver.solve(built.model, options: glpk)
        var stats = r.statistics
        stats.seconds = secondsSince(start)
        guard let values = r.values else {
            return SolveResult(solver: name, status: r.status, plan: nil, objective: nil, statistics: stats,
                               message: r.status == .infeasible ? "no pipeline fits the devices' memory" : r.message)
        }
        let plan = built.plan(values)
        let judged = p.verify(plan)
        // GLPK proves the model to about 1e-7 of the scale; the plan is re-judged in seconds.
        let status: SolveStatus = r.status == .optimal ? .optimal : (r.status == .timeLimit ? .timeLimit : .feasible)
        return SolveResult(solver: name, status: status, plan: plan, objective: judged.objective,
                           bound: r.bound.map { min($0 * built.scale, judged.objective) }, statistics: stats, message: r.message)
    }
}

/// The P7 slot model, one constraint family at a time.
struct PipelineModel {
    private(set) var model = MILPModel(name: "P7_pipeline", sense: .minimize)
    let p: PipelineProblem
    let k: Int, n: Int
    /// Seconds per model unit: the single-device plan's objective.
    let scale: Double
    private(set) var y: [[Var]] = [], z: [[Var]] = []
    private var stageCompute: [LinearExpr] = [], transfers: [Var] = []

    init(_ p: PipelineProblem) {
        self.p = p
        (k, n) = (p.devices.count, p.graph.count)
        let single = p.seconds[0].reduce(0, +)
        scale = single > 0 && single.isFinite ? single : 1
        var m = MILPModel(name: "P7_pipeline", sense: .minimize)
        y = (0..<k).map { s in (0..<k).map { d in m.variable("y_\(s)_\(d)", kind: .binary) } }
        z = p.graph.layers.indices.map { v in (0..<k).map { s in m.variable("z_\(v)_\(s)", kind: .binary) } }
        model = m
        slots()
        closure()
        compute()
        boundaries()
        memory()
        objective()
    }

    /// Each device at most one slot, each slot at most one device; slot 0 is device 0's; used slots a prefix with a layer each; each layer in one slot.
    private mutating func slots() {
        for d in 0..<k { model.add("device_\(d)", LinearExpr.sum((0..<k).map { (y[$0][d], 1) }) <= 1) }
        for s in 0..<k {
            let used = LinearExpr.sum((0..<k).map { (y[s][$0], 1) })
            model.add("slot_\(s)", used <= 1)
            if s + 1 < k { model.add("prefix_\(s)", LinearExpr.sum((0..<k).map { (y[s + 1][$0], 1) }) - used <= 0) }
            model.add("nonempty_\(s)", LinearExpr.sum((0..<n).map { (z[$0][s], 1) }) - used >= 0)
            for v in 0..<n { model.add("open_\(v)_\(s)", LinearExpr(z[v][s]) - used <= 0) }
        }
        model.fix(y[0][0].index, to: 1)
        model.fix(z[p.graph.inputIndex][0].index, to: 1)
        for v in 0..<n { model.add("layer_\(v)", LinearExpr.sum((0..<k).map { (z[v][$0], 1) }) == 1) }
    }

    /// stage(u) ≤ stage(v) on every edge.
    private mutating func closure() {
        for (u, v) in p.graph.edges {
            model.add("closure_\(u)_\(v)", LinearExpr.sum((0..<k).map { (z[u][$0], Double($0)) }) - LinearExpr.sum((0..<k).map { (z[v][$0], Double($0)) }) <= 0)
        }
    }

    /// Each slot's compute: Σ_v Σ_d t_d(v)·w[v][s][d], w ≥ z + y − 1.
    private mutating func compute() {
        stageCompute = (0..<k).map { s in
            var e = LinearExpr()
            for v in 0..<n {
                for d in 0..<k {
                    let t = p.seconds[d][v] / scale
                    guard t > 0 else { continue }
                    let w = model.variable("w_\(v)_\(s)_\(d)", lower: 0, upper: 1)
                    model.add("w_\(v)_\(s)_\(d)", LinearExpr(w) - LinearExpr(z[v][s]) - LinearExpr(y[s][d]) >= -1)
                    e += t * w
                }
            }
            return e
        }
    }

    /// c[u][s] marks u live across boundary s; the transfer is at least its bytes over B[a][b] when slots s, s+1 are a, b.
    private mutating func boundaries() {
        let g = p.graph
        let slowest = p.bandwidth.joined().min() ?? 1
        let total = g.layers.reduce(0) { $0 + $1.outputBytes }
        let big = total / slowest / scale
        for s in 0..<(k - 1) {
            var bytes = LinearExpr()
            for u in 0..<n where !g.successors[u].isEmpty && g.layers[u].outputBytes > 0 {
                let c = model.variable("c_\(u)_\(s)", lower: 0, upper: 1)
                let upTo = LinearExpr.sum((0...s).map { (z[u][$0], 1) })
                for x in g.successors[u] {
                    model.add("live_\(u)_\(x)_\(s)", LinearExpr(c) - upTo - LinearExpr.sum(((s + 1)..<k).map { (z[x][$0], 1) }) >= -1)
                }
                bytes += g.layers[u].outputBytes * c
            }
            let t = model.variable("t_\(s)", lower: 0)
            transfers.append(t)
            for a in 0..<k {
                for b in 0..<k where a != b {
                    let rate = 1 / (p.bandwidth[a][b] * scale)
                    model.add("transfer_\(s)_\(a)_\(b)", LinearExpr(t) - rate * bytes - big * LinearExpr(y[s][a]) - big * LinearExpr(y[s + 1][b]) >= -2 * big)
                }
            }
        }
    }

    /// Each device's weights (and the largest working set) within its capacity.
    private mutating func memory() {
        let g = p.graph
        for d in 0..<k {
            guard let cap = p.devices[d].device.memoryCapacity, cap > 0 else { continue }
            let total = g.layers.reduce(0) { $0 + $1.weightBytes }
            guard total > cap || p.activationMemory else { continue }
            for s in 0..<k {
                // Σ_v w_v·z[v][s] ≤ cap when y[s][d] = 1.
                var held = LinearExpr()
                for v in 0..<n where g.layers[v].weightBytes > 0 { held += (g.layers[v].weightBytes / cap) * z[v][s] }
                let slack = max(total / cap, 1)
                if p.activationMemory {
                    let a = model.variable("a_\(d)_\(s)", lower: 0)
                    for v in 0..<n where v != g.inputIndex {
                        let working = g.workingSetBytes(v) / cap
                        model.add("peak_\(v)_\(d)_\(s)", LinearExpr(a) - working * LinearExpr(z[v][s]) >= 0)
                    }
                    held += LinearExpr(a)
                }
                let bigM = slack + (p.activationMemory ? g.layers.map(\.outputBytes).reduce(0, +) * 2 / cap : 0)
                model.add("memory_\(d)_\(s)", held + bigM * LinearExpr(y[s][d]) <= 1 + bigM)
            }
        }
    }

    /// The period bounds every slot and transfer; the latency sums them.
    private mutating func objective() {
        switch p.objective {
        case .period:
            let period = model.variable("P", lower: 0)
            for (s, e) in stageCompute.enumerated() { model.add("period_compute_\(s)", LinearExpr(period) - e >= 0) }
            for (s, t) in transfers.enumerated() { model.add("period_transfer_\(s)", LinearExpr(period) - LinearExpr(t) >= 0) }
            model.setObjective(LinearExpr(period))
        case .latency:
            model.setObjective(stageCompute.reduce(LinearExpr(), +) + LinearExpr.sum(transfers.map { ($0, 1) }))
        }
    }

    /// The plan of a solution: slots in order, each slot's layers listed in the problem's order.
    func plan(_ values: [Double]) -> PipelinePlan {
        var slotOf = [Int](repeating: 0, count: n)
        for v in 0..<n { slotOf[v] = (0..<k).first { values[z[v][$0].index] > 0.5 } ?? 0 }
        let order = p.order.enumerated().sorted { (slotOf[$0.element], $0.offset) < (slotOf[$1.element], $1.offset) }.map(\.element)
        var stages: [PipelinePlan.Stage] = [], first = 0
        for s in 0..<k {
            let count = slotOf.filter { $0 == s }.count
            guard count > 0, let d = (0..<k).first(where: { values[y[s][$0].index] > 0.5 }) else { continue }
            stages.append(.init(device: d, first: first, last: first + count - 1))
            first += count
        }
        return PipelinePlan(stages: stages, order: order)
    }
}
