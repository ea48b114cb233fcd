import PartitionModel

/// The solvers' own evaluation of P6 group counts (the verifier recomputes it independently).
///
/// Same model as ``ChannelVerifier``: per-segment slowest device, star network with full-duplex
/// links, shuffle traffic B·n_s·(g − n_{s+1})/g² out and B·n_{s+1}·(g − n_s)/g² in.
///
/// - Complexity: O(S·k).
public enum ChannelCost {
    /// (latency, steady-state period) of `counts[s][d]` groups.
    public static func evaluate(_ counts: [[Int]], network net: ChannelNetwork, cluster: [ClusterDevice]) -> (latency: Double, period: Double) {
        let k = cluster.count, g = Double(net.groups), last = counts.count - 1
        var busy = [Double](repeating: 0, count: k), link = [Double](repeating: 0, count: k)
        var latency = 0.0
        for (s, seg) in net.segments.enumerated() {
            var worst = 0.0
            for d in 0..<k {
                let t = Double(counts[s][d]) * seg.flops / (g * cluster[d].device.flopsPerSecond(for: .conv))
                busy[d] += t
                worst = max(worst, t)
            }
            latency += worst
        }
        var headWorst = 0.0
        for d in 0..<k {
            let t = Double(counts[last][d]) * net.headFLOPs / (g * cluster[d].device.flopsPerSecond(for: .fc))
            busy[d] += t
            headWorst = max(headWorst, t)
        }
        let tail = net.tailFLOPs / cluster[0].device.flopsPerSecond(for: .fc)
        busy[0] += tail
        latency += headWorst + tail
        func exchange(_ traffic: (Int) -> (out: Double, in: Double)) {
            var worst = 0.0
            for d in 0..<k {
                let (o, i) = traffic(d)
                let t = max(o, i) / cluster[d].bandwidth
                link[d] += t
                worst = max(worst, t)
            }
            latency += worst
        }
        let stemPeers = (1..<max(k, 1)).filter { counts[0][$0] > 0 }.count
        exchange { d in d == 0 ? (Double(stemPeers) * net.inputBytes, 0) : (0, counts[0][d] > 0 ? net.inputBytes : 0) }
        for s in 0..<last {
            let b = net.segments[s].outputBytes
            exchange { d in
                let a = Double(counts[s][d]), c = Double(counts[s + 1][d])
                return (b * a * (g - c) / (g * g), b * c * (g - a) / (g * g))
            }
        }
        let headPeers = (1..<max(k, 1)).filter { counts[last][$0] > 0 }.count
        exchange { d in d == 0 ? (0, Double(headPeers) * net.headOutputBytes) : (counts[last][d] > 0 ? net.headOutputBytes : 0, 0) }
        let period = (0..<k).map { max(busy[$0], link[$0]) }.max() ?? 0
        return (latency, period)
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
/// with `overlap`, every device's compute and link time (the steady-state period). The equal
/// split is the incumbent (an upper bound), so the result is never worse than it; times are
/// scaled so that its objective is 1000. Identical devices other than device 0 (which holds the
/// input and gathers the result) are interchangeable, so they are ordered by their groups of
/// segment 0.
///
/// - Complexity: S·k·(g + 1) binaries and (S − 1)·k·(g + 1)² continuous variables.
public enum ChannelMILP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "milp"

    /// The optimal group plan for latency or, with `overlap`, for the steady-state period.
    public static func solve(_ net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool = false,
                             options: MILPOptions = MILPOptions()) -> SolveResult<ChannelPlan> {
        let start = ContinuousClock.now
        let k = cluster.count
        let incumbent = GroupSplit.equal(net, devices: k)
        guard let built = model(net, cluster: cluster, overlap: overlap) else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(seconds: secondsSince(start)),
                               message: "the cluster must have devices with finite speeds and bandwidths > 0")
        }
        let (m, x, scale, upperObjective) = built
        let S = net.segments.count, g = net.groups
        let result = GLPKBackend.solve(m, options: options)
        var stats = result.statistics
        stats.seconds = secondsSince(start)
        guard let values = result.values else {
            let timedOut = result.status == .timeLimit
            return SolveResult(solver: name, status: timedOut ? .timeLimit : result.status, plan: timedOut ? incumbent : nil,
                               objective: timedOut ? upperObjective : nil, statistics: stats, message: result.message)
        }
        let counts = (0..<S).map { s in (0..<k).map { d in (0...g).max { values[x[s][d][$0]] < values[x[s][d][$1]] }! } }
        let plan = ChannelPlan(counts: counts)
        let cost = ChannelCost.evaluate(counts, network: net, cluster: cluster)
        let status: SolveStatus = result.status == .optimal ? .optimal : (result.status == .timeLimit ? .timeLimit : .feasible)
        return SolveResult(solver: name, status: status, plan: plan, objective: overlap ? cost.period : cost.latency,
                           bound: result.bound.map { $0 / scale }, statistics: stats,
                           message: result.objective.map { "MILP objective \($0 / scale) s" })
    }

    /// The model (also what `--write-lp` writes): the variables x[s][d][n], the factor from seconds
    /// to model units, and the equal split's objective in seconds; nil when the cluster cannot be scaled.
    public static func model(_ net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool = false)
        -> (model: MILPModel, x: [[[Int]]], scale: Double, incumbentSeconds: Double)? {
        let k = cluster.count, g = net.groups, S = net.segments.count, G = Double(g)
        let incumbent = GroupSplit.equal(net, devices: k)
        let upper = ChannelCost.evaluate(incumbent.counts(devices: k), network: net, cluster: cluster)
        let upperObjective = overlap ? upper.period : upper.latency
        guard k >= 1, upperObjective > 0, upperObjective.isFinite else { return nil }
        let scale = 1000 / upperObjective
        let conv = cluster.map { $0.device.flopsPerSecond(for: .conv) }, fc = cluster.map { $0.device.flopsPerSecond(for: .fc) }
        var m = MILPModel(name: "P6_channel_groups", sense: .minimize)
        let x = (0..<S).map { s in (0..<k).map { d in (0...g).map { n in m.addVariable("x_\(s)_\(d)_\(n)", kind: .binary) } } }
        for s in 0..<S {
            for d in 0..<k { m.addRow("one_\(s)_\(d)", x[s][d].map { ($0, 1.0) }, lower: 1, upper: 1) }
            m.addRow("cover_\(s)", (0..<k).flatMap { d in (1...g).map { (x[s][d][$0], Double($0)) } }, lower: G, upper: G)
        }
        func groupsTerms(_ s: Int, _ d: Int, _ factor: Double) -> [(Int, Double)] { (1...g).map { (x[s][d][$0], Double($0) * factor) } }
        // Symmetry: identical devices other than the aggregator can be permuted freely, so order
        // them by their share of segment 0.
        for d in 1..<max(k - 1, 1) where cluster[d].device == cluster[d + 1].device && cluster[d].bandwidth == cluster[d + 1].bandwidth {
            m.addRow("sym_\(d)", groupsTerms(0, d, 1) + groupsTerms(0, d + 1, -1), lower: 0)
        }
        // Per-device compute and link totals (period) and per-phase maxima (latency).
        var computeTerms = [[(Int, Double)]](repeating: [], count: k), linkTerms = [[(Int, Double)]](repeating: [], count: k)
        var latencyTerms: [(Int, Double)] = []
        for (s, seg) in net.segments.enumerated() {
            let t = m.addVariable("T_\(s)", lower: 0)
            latencyTerms.append((t, 1))
            for d in 0..<k {
                let per = scale * seg.flops / (G * conv[d])
                m.addRow("T_\(s)_\(d)", [(t, 1)] + groupsTerms(s, d, -per), lower: 0)
                computeTerms[d] += groupsTerms(s, d, per)
            }
        }
        let h = m.addVariable("H", lower: 0)
        latencyTerms.append((h, 1))
        for d in 0..<k {
            let per = scale * net.headFLOPs / (G * fc[d])
            m.addRow("H_\(d)", [(h, 1)] + groupsTerms(S - 1, d, -per), lower: 0)
            computeTerms[d] += groupsTerms(S - 1, d, per)
        }
        let tail = scale * net.tailFLOPs / fc[0]
        typealias Traffic = (out: [(Int, Double)], outConstant: Double, in: [(Int, Double)], inConstant: Double)
        /// A phase: per-device out/in bytes as linear terms plus constants; adds its max to the latency and to each link.
        func phase(_ label: String, _ traffic: [Traffic]) {
            let e = m.addVariable("E_\(label)", lower: 0)
            latencyTerms.append((e, 1))
            for d in 0..<k {
                let per = scale / cluster[d].bandwidth
                let busy = m.addVariable("L_\(label)_\(d)", lower: 0)
                let tr = traffic[d]
                m.addRow("L_out_\(label)_\(d)", [(busy, 1)] + tr.out.map { ($0.0, -$0.1 * per) }, lower: tr.outConstant * per)
                m.addRow("L_in_\(label)_\(d)", [(busy, 1)] + tr.in.map { ($0.0, -$0.1 * per) }, lower: tr.inConstant * per)
                m.addRow("E_\(label)_\(d)", [(e, 1), (busy, -1)], lower: 0)
                linkTerms[d].append((busy, 1))
            }
        }
        // active_{s,d} = 1 − x_{s,d,0}: device d computes something in segment s.
        var inputTraffic: [Traffic] = []
        for d in 0..<k {
            if d == 0 {
                let out: [(Int, Double)] = (1..<k).map { (x[0][$0][0], -net.inputBytes) }
                inputTraffic.append((out, Double(k - 1) * net.inputBytes, [], 0))
            } else {
                inputTraffic.append(([], 0, [(x[0][d][0], -net.inputBytes)], net.inputBytes))
            }
        }
        phase("input", inputTraffic)
        for s in 0..<(S - 1) {
            let b = net.segments[s].outputBytes / (G * G)
            var traffic: [Traffic] = []
            for d in 0..<k {
                // w_{n,m} = x_{s,d,n}·x_{s+1,d,m}; product = Σ n·m·w.
                var w = [[Int]](repeating: [], count: g + 1)
                for n in 0...g { w[n] = (0...g).map { mm in m.addVariable("w_\(s)_\(d)_\(n)_\(mm)", lower: 0, upper: 1) } }
                for n in 0...g { m.addRow("wr_\(s)_\(d)_\(n)", w[n].map { ($0, 1.0) } + [(x[s][d][n], -1)], lower: 0, upper: 0) }
                for mm in 0...g { m.addRow("wc_\(s)_\(d)_\(mm)", (0...g).map { (w[$0][mm], 1.0) } + [(x[s + 1][d][mm], -1)], lower: 0, upper: 0) }
                let product = (1...g).flatMap { n in (1...g).map { mm in (w[n][mm], Double(n * mm)) } }
                traffic.append((groupsTerms(s, d, G * b) + product.map { ($0.0, -$0.1 * b) }, 0,
                                groupsTerms(s + 1, d, G * b) + product.map { ($0.0, -$0.1 * b) }, 0))
            }
            phase("shuffle\(s)", traffic)
        }
        var gatherTraffic: [Traffic] = []
        for d in 0..<k {
            if d == 0 {
                let incoming: [(Int, Double)] = (1..<k).map { (x[S - 1][$0][0], -net.headOutputBytes) }
                gatherTraffic.append(([], 0, incoming, Double(k - 1) * net.headOutputBytes))
            } else {
                gatherTraffic.append(([(x[S - 1][d][0], -net.headOutputBytes)], net.headOutputBytes, [], 0))
            }
        }
        phase("gather", gatherTraffic)
        if overlap {
            let p = m.addVariable("P", lower: 0, upper: 1000 * (1 + 1e-9), objective: 1)
            for d in 0..<k {
                m.addRow("P_compute_\(d)", [(p, 1)] + computeTerms[d].map { ($0.0, -$0.1) }, lower: d == 0 ? tail : 0)
                m.addRow("P_link_\(d)", [(p, 1)] + linkTerms[d].map { ($0.0, -$0.1) }, lower: 0)
            }
        } else {
            for (v, _) in latencyTerms { m.setObjective(v, 1) }
            m.objectiveConstant = tail
            m.addRow("incumbent", latencyTerms, upper: 1000 * (1 + 1e-9) - tail)
        }
        return (m, x, scale, upperObjective)
    }
}
