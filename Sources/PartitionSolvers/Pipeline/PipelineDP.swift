import PartitionModel

/// The exact P7 plan by dynamic programming over (layers placed, devices used, last device).
///
/// PipeEdge's partitioning DP, made exact over device subsets: a state is the first i positions
/// of the order placed, the set S of devices used and the device d of the last stage; a move
/// appends the stage of positions i…j on a device e ∉ S, paying its compute (prefix sums) and
/// the transfer of the tensors live across the boundary from d to e. The period is a bottleneck
/// (the max of what a path pays), the latency a sum; both compose along the path, so the DP is
/// exact for either over the pipelines contiguous in the order: every pipeline of a chain (status
/// `optimal`), and on a DAG the order's pipelines (status `feasible`; ``PipelineMILP`` covers every
/// grouping). Device 0 holds the input and runs the first stage. Stages that break a
/// memory cap are skipped. ``restrictedOrder`` fixes the device order instead (PipeEdge's
/// heuristic), and `maxStages` limits the stages (the best two-device split).
///
/// - Complexity: O(n²·2^K·K²) time and O(n·2^K·K) memory for n layers and K devices: K ≤ 12 on
///   the zoo's networks (2^12·144 transitions per pair of positions).
public enum PipelineDP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "dp"
    /// The largest K the DP takes.
    public static let maxDevices = 12
    /// The most cells (positions × device subsets × last device) the DP's tables may hold.
    public static let maxCells = 50_000_000

    /// Why the DP cannot take `p` (nil when it can): too many devices, or tables too large.
    public static func refusal(_ p: PipelineProblem) -> String? {
        let k = p.devices.count
        guard k >= 1, k <= maxDevices else { return "the DP takes 1…\(maxDevices) devices, found \(k)" }
        let cells = Double(p.order.count + 1) * Double(1 << k) * Double(k)
        return cells > Double(maxCells) ? "the DP's tables would hold \(UnitFormat.count(cells)) cells (layers × 2^devices × devices), above \(UnitFormat.count(Double(maxCells)))" : nil
    }

    /// The optimal plan (or, with `order`, the best with that device order; with `maxStages`, with at most that many stages).
    public static func solve(_ p: PipelineProblem, order fixed: [Int]? = nil, maxStages: Int? = nil, name: String = name,
                             options: MILPOptions = MILPOptions()) -> SolveResult<PipelinePlan> {
        let start = ContinuousClock.now
        let k = p.devices.count, n = p.order.count
        if let why = refusal(p) ?? (n >= 1 ? nil : "the network has no layer") {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: why)
        }
        let table = StageTable(p)
        let deadline = options.withDeadline().deadline
        let sets = 1 << k
        // best[i][S][d]: the best value with positions 0..<i placed, devices S used, the last on d.
        var best = [[Double]](repeating: [Double](repeating: .infinity, count: sets * k), count: n + 1)
        var from = [[Int32]](repeating: [Int32](repeating: -1, count: sets * k), count: n + 1)
        let stageLimit = maxStages ?? k
        var nodes = 0
        // The first stage: device 0, positions 0..<j.
        for j in 1...n where table.fits(0, 0, j - 1) { best[j][1 * k + 0] = table.compute(0, 0, j - 1) }
        for i in 1..<n {
            if let deadline, ContinuousClock.now >= deadline {
                return SolveResult(solver: name, status: .timeLimit, plan: nil, objective: nil, statistics: SolveStatistics(seconds: secondsSince(start)),
                                   message: "time limit reached")
            }
            for s in 1..<sets where s & 1 == 1 && s.nonzeroBitCount < stageLimit + 1 && s.nonzeroBitCount <= stageLimit {
                for d in 0..<k where s & (1 << d) != 0 {
                    let here = best[i][s * k + d]
                    guard here.isFinite else { continue }
                    let used = s.nonzeroBitCount
                    guard used < stageLimit else { continue }
                    let candidates = fixed.map { o in used < o.count ? [o[used]] : [] } ?? Array(0..<k)
                    for e in candidates where s & (1 << e) == 0 {
                        let hop = table.transfer(i - 1, from: d, to: e)
                        for j in (i + 1)...n where table.fits(e, i, j - 1) {
                            nodes += 1
                            let value = p.objective == .period ? max(here, hop, table.compute(e, i, j - 1)) : here + hop + table.compute(e, i, j - 1)
                            let t = (s | (1 << e)) * k + e
                            if value < best[j][t] { best[j][t] = value; from[j][t] = Int32(i * sets * k + s * k + d) }
                        }
                    }
                }
            }
        }
        var end = -1, value = Double.infinity
        for t in 0..<(sets * k) where best[n][t] < value { (value, end) = (best[n][t], t) }
        guard end >= 0 else {
            return SolveResult(solver: name, status: .infeasible, plan: nil, objective: nil,
                               statistics: SolveStatistics(seconds: secondsSince(start), nodes: nodes), message: "no pipeline fits the devices' memory")
        }
        var stages: [PipelinePlan.Stage] = [], j = n, t = end
        while true {
            let d = t % k, back = Int(from[j][t])
            let i = back < 0 ? 0 : back / (sets * k)
            stages.append(PipelinePlan.Stage(device: d, first: i, last: j - 1))
            if back < 0 { break }
            (j, t) = (i, back % (sets * k))
        }
        // Optimal over every pipeline only on a chain; on a DAG, over the pipelines contiguous in the order.
        let chain = p.graph.layers.indices.allSatisfy { p.graph.successors[$0].count <= 1 && p.graph.predecessors[$0].count <= 1 }
        let exact = fixed == nil && maxStages == nil && chain
        let note = fixed == nil && maxStages == nil && !chain
            ? "optimal among the pipelines contiguous in the topological order; on a DAG the MILP covers every grouping" : nil
        return SolveResult(solver: name, status: exact ? .optimal : .feasible, plan: PipelinePlan(stages: stages.reversed()), objective: value,
                           bound: exact ? value : nil, statistics: SolveStatistics(seconds: secondsSince(start), nodes: nodes), message: note)
    }
}

/// Prefix sums of every device's compute and memory over the order, and the bytes live across every cut (solver side).
struct StageTable {
    let p: PipelineProblem
    /// prefix[d][i]: seconds of positions 0..<i on device d.
    let prefix: [[Double]]
    /// weights[i]: bytes of the weights of positions 0..<i.
    let weights: [Double]
    /// live[i]: bytes of the tensors produced at positions ≤ i and read after i.
    let live: [Double]
    /// working[i]: the working set of the layer at position i (0 without activation memory).
    let working: [Double]

    init(_ p: PipelineProblem) {
        self.p = p
        let g = p.graph, n = p.order.count
        prefix = p.seconds.map { row in p.order.reduce(into: [0.0]) { $0.append($0.last! + row[$1]) } }
        weights = p.order.reduce(into: [0.0]) { $0.append($0.last! + g.layers[$1].weightBytes) }
        var position = [Int](repeating: 0, count: n)
        for (i, v) in p.order.enumerated() { position[v] = i }
        // A tensor produced at position a and last read at b is live across cuts a..<b.
        var delta = [Double](repeating: 0, count: n + 1)
        for (a, v) in p.order.enumerated() {
            guard let b = g.successors[v].map({ position[$0] }).max(), b > a else { continue }
            delta[a] += g.layers[v].outputBytes
            delta[b] -= g.layers[v].outputBytes
        }
        var running = 0.0
        live = (0..<n).map { i in running += delta[i]; return running }
        working = p.order.map { v in
            guard p.activationMemory, v != g.inputIndex else { return 0 }
            return g.workingSetBytes(v)
        }
    }

    /// Seconds of positions i...j on device d.
    func compute(_ d: Int, _ i: Int, _ j: Int) -> Double { prefix[d][j + 1] - prefix[d][i] }

    /// Seconds to forward what is live after position `cut` from device a to device b.
    func transfer(_ cut: Int, from a: Int, to b: Int) -> Double { live[cut] / p.bandwidth[a][b] }

    /// Whether positions i...j fit device d's memory.
    func fits(_ d: Int, _ i: Int, _ j: Int) -> Bool {
        guard let cap = p.devices[d].device.memoryCapacity else { return true }
        let peak = p.activationMemory ? (i...j).reduce(0.0) { max($0, working[$1]) } : 0
        return weights[j + 1] - weights[i] + peak <= cap
    }
}
