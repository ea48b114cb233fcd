import PartitionModel

/// The solvers' own evaluation of P6 group counts (the verifier recomputes it independently).
///
/// Same model as ``ChannelVerifier``: per-segment slowest device, star network with full-duplex
/// links, shuffle traffic B·n_s·(g − n_{s+1})/g² out and B·n_{s+1}·(g − n_s)/g² in; a device
/// that sends or receives in a phase also pays `exchangeSeconds` on its link.
///
/// - Complexity: O(S·k).
public enum ChannelCost {
    /// Latency and steady-state period (seconds) of the group counts `counts[s][d]`.
    public static func evaluate(_ counts: [[Int]], network net: ChannelNetwork, cluster: [ClusterDevice],
                                exchangeSeconds x: Double = 0) -> (latency: Double, period: Double) {
        let k = cluster.count, last = counts.count - 1
        var busy = [Double](repeating: 0, count: k), link = [Double](repeating: 0, count: k)
        var latency = 0.0
        for s in net.segments.indices {
            var worst = 0.0
            for d in 0..<k {
                let t = compute(net, cluster, segment: s, device: d, groups: counts[s][d])
                busy[d] += t
                worst = max(worst, t)
            }
            latency += worst
        }
        let (head, gather) = finish(net, cluster, counts[last], exchangeSeconds: x)
        for d in 0..<k { busy[d] += head[d] }
        let tail = tailSeconds(net, cluster)
        busy[0] += tail
        latency += (head.max() ?? 0) + tail
        func exchange(_ seconds: [Double]) {
            for d in 0..<k { link[d] += seconds[d] }
            latency += seconds.max() ?? 0
        }
        exchange(broadcast(net, cluster, counts[0], exchangeSeconds: x))
        for s in 0..<last {
            exchange((0..<k).map { d in shuffle(net, cluster, after: s, device: d, from: counts[s][d], to: counts[s + 1][d], exchangeSeconds: x) })
        }
        exchange(gather)
        let period = (0..<k).map { max(busy[$0], link[$0]) }.max() ?? 0
        return (latency, period)
    }

    /// Seconds device d computes `n` groups of segment s.
    static func compute(_ net: ChannelNetwork, _ cluster: [ClusterDevice], segment s: Int, device d: Int, groups n: Int) -> Double {
        Double(n) * net.segments[s].flops / (Double(net.groups) * cluster[d].device.flopsPerSecond(for: .conv))
    }

    /// Seconds device d's link is busy in the shuffle after segment s, holding `a` groups before and `c` after:
    /// the larger of what it sends and what it receives, over its bandwidth, plus the exchange cost when it moves anything.
    static func shuffle(_ net: ChannelNetwork, _ cluster: [ClusterDevice], after s: Int, device d: Int, from a: Int, to c: Int,
                        exchangeSeconds e: Double = 0) -> Double {
        let g = Double(net.groups), b = net.segments[s].outputBytes, x = Double(a), y = Double(c)
        let out = b * x * (g - y) / (g * g), inbound = b * y * (g - x) / (g * g)
        return max(out, inbound) / cluster[d].bandwidth + (out > 0 || inbound > 0 ? e : 0)
    }

    /// Per-device link seconds of the input broadcast to the devices with groups in segment 0.
    static func broadcast(_ net: ChannelNetwork, _ cluster: [ClusterDevice], _ first: [Int], exchangeSeconds e: Double = 0) -> [Double] {
        let k = cluster.count, peers = (1..<max(k, 1)).filter { first[$0] > 0 }.count
        return (0..<k).map { d in
            let bytes = d == 0 ? Double(peers) * net.inputBytes : (first[d] > 0 ? net.inputBytes : 0)
            return bytes / cluster[d].bandwidth + (bytes > 0 ? e : 0)
        }
    }

    /// Per-device compute seconds of the classifier head (split like the last segment) and link seconds of the gather.
    static func finish(_ net: ChannelNetwork, _ cluster: [ClusterDevice], _ last: [Int], exchangeSeconds e: Double = 0) -> (head: [Double], gather: [Double]) {
        let k = cluster.count, g = Double(net.groups), peers = (1..<max(k, 1)).filter { last[$0] > 0 }.count
        let head = (0..<k).map { d in Double(last[d]) * net.headFLOPs / (g * cluster[d].device.flopsPerSecond(for: .fc)) }
        let gather = (0..<k).map { d in
            let bytes = d == 0 ? Double(peers) * net.headOutputBytes : (last[d] > 0 ? net.headOutputBytes : 0)
            return bytes / cluster[d].bandwidth + (bytes > 0 ? e : 0)
        }
        return (head, gather)
    }

    /// Seconds device 0 runs the layers after the head.
    static func tailSeconds(_ net: ChannelNetwork, _ cluster: [ClusterDevice]) -> Double {
        net.tailFLOPs / cluster[0].device.flopsPerSecond(for: .fc)
    }
}

/// DeCNN's setting and the capability-proportional split: the same group counts in every segment.
///
/// `equal` gives every device ⌊g/k⌋ or ⌈g/k⌉ groups (DeCNN's equal groups); `proportional`
/// gives them in proportion to each device's conv speed (largest remainder).
///
/// - Complexity: O(S·k).
public enum GroupSplit {
    /// DeCNN's equal groups: ⌊g/k⌋ or ⌈g/k⌉ groups per device, the same in every segment.
    public static func equal(_ net: ChannelNetwork, devices k: Int) -> ChannelPlan {
        let counts = largestRemainder(net.groups, weights: Array(repeating: 1, count: k))
        return ChannelPlan(counts: Array(repeating: counts, count: net.segments.count))
    }

    /// Groups ∝ each device's conv speed (largest remainder), the same in every segment.
    public static func proportional(_ net: ChannelNetwork, cluster: [ClusterDevice]) -> ChannelPlan {
        let counts = largestRemainder(net.groups, weights: cluster.map { $0.device.flopsPerSecond(for: .conv) })
        return ChannelPlan(counts: Array(repeating: counts, count: net.segments.count))
    }
}

/// The exact P6 plan: integer groups per device per segment, a MILP through GLPK.
///
/// x_{s,d,n} ∈ {0,1} says device d has n of the g groups of segment s (Σ_n x = 1, Σ_d Σ_n n·x = g).
/// The shuffle traffic needs the product n_{s,d}·n_{s+1,d}; it is Σ n·m·w_{s,d,n,m} with
/// w ≥ 0 and the transportation constraints Σ_m w_{·,n,m} = x_{s,d,n}, Σ_n w_{·,n,m} = x_{s+1,d,m},
/// which force w to the product of the two binaries. Continuous variables bound each segment's
/// slowest device, each phase's busiest link (max of bytes out and in over b_d), the head, and,
/// with `overlap`, every device's compute and link time (the steady-state period). The incumbent
/// (an upper bound) is the better of the equal and proportional splits after ``GroupLocalSearch``,
/// so the result is never worse than either; times are scaled so that its objective is 1000. Identical devices other than device 0 (which holds the
/// input and gathers the result) are interchangeable, so they are ordered by their groups of
/// segment 0.
///
/// - Complexity: S·k·(g + 1) binaries and (S − 1)·k·(g + 1)² continuous variables.
public enum ChannelMILP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "milp"

    /// The optimal group plan for latency or, with `overlap`, for the steady-state period.
    public static func solve(_ net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool = false, exchangeSeconds: Double = 0,
                             options: MILPOptions = MILPOptions()) -> SolveResult<ChannelPlan> {
        let start = ContinuousClock.now
        let k = cluster.count
        guard let built = model(net, cluster: cluster, overlap: overlap, exchangeSeconds: exchangeSeconds) else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(seconds: secondsSince(start)),
                               message: "the cluster must have devices with finite speeds and bandwidths > 0")
        }
        let (m, x, scale, upperObjective) = (built.model, built.x, built.scale, built.incumbentSeconds)
        let incumbent = ChannelPlan(counts: built.incumbent)
        let S = net.segments.count, g = net.groups
        // GLPK's cut generators cost more than they prune on these models (about 3× slower with them).
        var glpk = options
        glpk.cuts = false
        let result = MILPSolver.solve(m, options: glpk)
        var stats = result.statistics
        stats.seconds = secondsSince(start)
        guard let values = result.values else {
            let timedOut = result.status == .timeLimit
            return SolveResult(solver: name, status: timedOut ? .timeLimit : result.status, plan: timedOut ? incumbent : nil,
                               objective: timedOut ? upperObjective : nil, statistics: stats, message: result.message)
        }
        let counts = (0..<S).map { s in (0..<k).map { d in (0...g).max { values[x[s][d][$0]] < values[x[s][d][$1]] }! } }
        let plan = ChannelPlan(counts: counts)
        let cost = ChannelCost.evaluate(counts, network: net, cluster: cluster, exchangeSeconds: exchangeSeconds)
        let status: SolveStatus = result.status == .optimal ? .optimal : (result.status == .timeLimit ? .timeLimit : .feasible)
        return SolveResult(solver: name, status: status, plan: plan, objective: overlap ? cost.period : cost.latency,
                           bound: result.bound.map { $0 / scale }, statistics: stats,
                           message: result.objective.map { "MILP objective \($0 / scale) s" })
    }

    /// The model (also what `--write-lp` writes): the variables x[s][d][n], the factor from seconds
    /// to model units, and the equal split's objective in seconds; nil when the cluster cannot be scaled.
    public static func model(_ net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool = false, exchangeSeconds: Double = 0)
        -> (model: MILPModel, x: [[[Int]]], scale: Double, incumbentSeconds: Double, incumbent: [[Int]])? {
        guard !cluster.isEmpty else { return nil }
        let incumbent = GroupLocalSearch.incumbent(net, cluster: cluster, overlap: overlap, exchangeSeconds: exchangeSeconds)
        guard incumbent.seconds > 0, incumbent.seconds.isFinite else { return nil }
        let scale = 1000 / incumbent.seconds
        let built = ChannelGroupModel(net, cluster: cluster, overlap: overlap, scale: scale, exchangeSeconds: exchangeSeconds)
        let (m, x) = (built.model, built.x.map { $0.map { $0.map(\.index) } })
        return (m, x, scale, incumbent.seconds, incumbent.counts)
    }
}

/// The P6 channel-group model, built one constraint family at a time, in model units where the
/// equal split's objective is 1000 (the families and their order are those of ``ChannelMILP``).
struct ChannelGroupModel {
    private(set) var model = MILPModel(name: "P6_channel_groups", sense: .minimize)
    /// x[s][d][n] = 1: device d has n of the g groups of segment s.
    private(set) var x: [[[Var]]] = []
    private let net: ChannelNetwork, cluster: [ClusterDevice], scale: Double
    /// The per-exchange cost in model units (a device pays it in each phase it sends or receives in).
    private let sync: Double
    /// The period objective needs only per-device sums: the latency's max-variables are left out.
    private let overlap: Bool
    private var latency = LinearExpr()
    private var compute: [LinearExpr], link: [LinearExpr]

    init(_ net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool, scale: Double, exchangeSeconds: Double = 0) {
        (self.net, self.cluster, self.scale, self.overlap) = (net, cluster, scale, overlap)
        sync = scale * exchangeSeconds
        let k = cluster.count
        (compute, link) = ([LinearExpr](repeating: LinearExpr(), count: k), [LinearExpr](repeating: LinearExpr(), count: k))
        var m = MILPModel(name: "P6_channel_groups", sense: .minimize)
        x = (0..<net.segments.count).map { s in (0..<k).map { d in (0...net.groups).map { n in m.variable("x_\(s)_\(d)_\(n)", kind: .binary) } } }
        model = m
        assignment()
        symmetry()
        segmentTimes()
        head()
        phases()
        if overlap { period() } else { latencyObjective() }
    }

    /// n · x summed over n: the groups device d has in segment s, times `factor`.
    private func groups(_ s: Int, _ d: Int, _ factor: Double = 1) -> LinearExpr {
        LinearExpr.sum((1...net.groups).map { (x[s][d][$0], Double($0) * factor) })
    }

    /// Σ_n x = 1 for every device and segment, and the devices' groups cover the g groups.
    private mutating func assignment() {
        for s in x.indices {
            for d in cluster.indices { model.add("one_\(s)_\(d)", LinearExpr.sum(x[s][d].map { ($0, 1) }) == 1) }
            model.add("cover_\(s)", LinearExpr.sum(cluster.indices.map { groups(s, $0) }) == Double(net.groups))
        }
    }

    /// Identical devices other than the aggregator (device 0) are ordered by their share of segment 0.
    private mutating func symmetry() {
        let k = cluster.count
        for d in 1..<max(k - 1, 1) where cluster[d].device == cluster[d + 1].device && cluster[d].bandwidth == cluster[d + 1].bandwidth {
            model.add("sym_\(d)", groups(0, d) >= groups(0, d + 1))
        }
    }

    /// T_s ≥ each device's compute in segment s (latency), and each device's compute total (period).
    private mutating func segmentTimes() {
        let G = Double(net.groups)
        for (s, seg) in net.segments.enumerated() {
            let t = overlap ? nil : model.variable("T_\(s)", lower: 0)
            if let t { latency += LinearExpr(t) }
            for d in cluster.indices {
                let per = scale * seg.flops / (G * cluster[d].device.flopsPerSecond(for: .conv))
                if let t { model.add("T_\(s)_\(d)", t >= groups(s, d, per)) }
                compute[d] += groups(s, d, per)
            }
        }
    }

    /// H ≥ each device's share of the classifier head (split like the last segment).
    private mutating func head() {
        let h = overlap ? nil : model.variable("H", lower: 0)
        if let h { latency += LinearExpr(h) }
        let last = net.segments.count - 1
        for d in cluster.indices {
            let per = scale * net.headFLOPs / (Double(net.groups) * cluster[d].device.flopsPerSecond(for: .fc))
            if let h { model.add("H_\(d)", h >= groups(last, d, per)) }
            compute[d] += groups(last, d, per)
        }
    }

    /// The exchange phases: the input broadcast, one shuffle between consecutive segments, the gather.
    private mutating func phases() {
        let k = cluster.count, S = net.segments.count
        // Device d is idle in a segment when it has 0 groups: x[s][d][0] = 1.
        phase("input", (0..<k).map { d in
            d == 0 ? (out: LinearExpr.sum((1..<k).map { (x[0][$0][0], -net.inputBytes) }) + Double(k - 1) * net.inputBytes, in: LinearExpr())
                   : (out: LinearExpr(), in: (-net.inputBytes) * x[0][d][0] + net.inputBytes)
        }, moves: net.inputBytes > 0 ? starMoves(segment: 0) : [])
        for s in 0..<(S - 1) { shuffle(s) }
        phase("gather", (0..<k).map { d in
            d == 0 ? (out: LinearExpr(), in: LinearExpr.sum((1..<k).map { (x[S - 1][$0][0], -net.headOutputBytes) }) + Double(k - 1) * net.headOutputBytes)
                   : (out: (-net.headOutputBytes) * x[S - 1][d][0] + net.headOutputBytes, in: LinearExpr())
        }, moves: net.headOutputBytes > 0 ? starMoves(segment: S - 1) : [])
    }

    /// Who moves data in a broadcast from (or gather to) device 0 over segment s's holders: device
    /// d ≥ 1 when it has groups (1 − x[s][d][0]); device 0 when any other device has (one
    /// expression per other device: its link time is at least each).
    private func starMoves(segment s: Int) -> [[LinearExpr]] {
        let k = cluster.count
        let holds = (0..<k).map { d in (-1.0) * x[s][d][0] + 1.0 }
        return (0..<k).map { d in d == 0 ? Array(holds.dropFirst()) : [holds[d]] }
    }

    /// The shuffle after segment s: device d holding n groups before and m after sends n·(g − m)
    /// and receives m·(g − n) group-to-group blocks of `outputBytes / g²`, so its link is busy for
    /// max of the two / bandwidth. That time depends on the pair (n, m) only, so it is written
    /// exactly as Σ cost(n, m)·w[n][m] over the pair indicators w (``pairs(_:_:)``), with no
    /// max-variable: the LP relaxation then prices each fractional coupling at its true cost.
    private mutating func shuffle(_ s: Int) {
        let g = net.groups, G = Double(g)
        let block = net.segments[s].outputBytes / (G * G)
        let e = overlap ? nil : model.variable("E_shuffle\(s)", lower: 0)
        if let e { latency += LinearExpr(e) }
        for d in cluster.indices {
            let w = pairs(s, d)
            let per = scale * block / cluster[d].bandwidth
            var busy = LinearExpr()
            for n in 0...g {
                for m in 0...g {
                    let blocks = max(n * (g - m), m * (g - n))
                    if blocks > 0 && block > 0 { busy += (per * Double(blocks) + sync) * w[n][m] }
                }
            }
            if let e { model.add("E_shuffle\(s)_\(d)", e >= busy) }
            link[d] += busy
        }
    }

    /// The indicators w[n][m] = x[s][d][n] · x[s+1][d][m], as w ≥ 0 with the transportation rows
    /// Σ_m w[n][m] = x[s][d][n] and Σ_n w[n][m] = x[s+1][d][m], which force w to the product of
    /// the two one-hot rows.
    private mutating func pairs(_ s: Int, _ d: Int) -> [[Var]] {
        let g = net.groups
        var w = [[Var]](repeating: [], count: g + 1)
        for n in 0...g { w[n] = (0...g).map { mm in model.variable("w_\(s)_\(d)_\(n)_\(mm)", lower: 0, upper: 1) } }
        for n in 0...g { model.add("wr_\(s)_\(d)_\(n)", LinearExpr.sum(w[n].map { ($0, 1) }) - x[s][d][n] == 0) }
        for mm in 0...g { model.add("wc_\(s)_\(d)_\(mm)", LinearExpr.sum((0...g).map { (w[$0][mm], 1) }) - x[s + 1][d][mm] == 0) }
        return w
    }

    /// One phase: each device's link is busy for max(bytes out, bytes in) / bandwidth; the phase
    /// lasts as long as the busiest link (latency) and adds to each link's total (period).
    /// With a per-exchange cost, `moves[d]` lists expressions that are 1 when device d sends or
    /// receives in this phase; its link time is then at least bytes / bandwidth + the cost times each.
    private mutating func phase(_ label: String, _ traffic: [(out: LinearExpr, in: LinearExpr)], moves: [[LinearExpr]] = []) {
        let e = overlap ? nil : model.variable("E_\(label)", lower: 0)
        if let e { latency += LinearExpr(e) }
        for d in cluster.indices {
            let per = scale / cluster[d].bandwidth
            let busy = model.variable("L_\(label)_\(d)", lower: 0)
            model.add("L_out_\(label)_\(d)", busy >= per * traffic[d].out)
            model.add("L_in_\(label)_\(d)", busy >= per * traffic[d].in)
            if sync > 0, d < moves.count {
                for (i, z) in moves[d].enumerated() {
                    model.add("L_sync_out_\(label)_\(d)_\(i)", busy >= per * traffic[d].out + sync * z)
                    model.add("L_sync_in_\(label)_\(d)_\(i)", busy >= per * traffic[d].in + sync * z)
                }
            }
            if let e { model.add("E_\(label)_\(d)", e >= busy) }
            link[d] += LinearExpr(busy)
        }
    }

    /// The period: P ≥ every device's compute total (device 0 also runs the tail) and link total.
    private mutating func period() {
        let p = model.variable("P", lower: 0, upper: 1000 * (1 + 1e-9))
        let tail = scale * net.tailFLOPs / cluster[0].device.flopsPerSecond(for: .fc)
        for d in cluster.indices {
            model.add("P_compute_\(d)", p >= compute[d] + (d == 0 ? tail : 0))
            model.add("P_link_\(d)", p >= link[d])
        }
        model.setObjective(LinearExpr(p))
    }

    /// The latency: the sum of the phases, the segments, the head and the tail, never above the incumbent.
    private mutating func latencyObjective() {
        let tail = scale * net.tailFLOPs / cluster[0].device.flopsPerSecond(for: .fc)
        model.setObjective(latency + tail)
        model.add("incumbent", latency <= 1000 * (1 + 1e-9) - tail)
    }
}
