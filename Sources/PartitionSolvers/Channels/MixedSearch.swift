import PartitionModel

/// The exact P6 plan when each segment may be split by channel groups or into row strips.
///
/// The plan space: every segment takes any composition of its g groups over the k devices, or
/// row strips that cut every layer of the segment in one proportion w (largest remainder, strips
/// in device order), w drawn from the compositions of Q units over the devices (Q ≤ k, the
/// largest with at most 128 compositions), the equal split and the split ∝ conv speed (DeCNN's
/// spatial comparison). Row strips are offered only when ``ChannelNetwork/rowsAcrossSegments``
/// is nil, so that a segment's price depends on its own split and the previous one's alone
/// (``MixedCost``). Latency is then a shortest path over (segment, split), as in
/// ``GroupSearch``; the period is found by depth-first search over the segments from the best
/// of the group incumbent, the all-rows split ∝ speed and the latency path, pruning a partial
/// plan once a device's compute or link total, or the conv work still to place spread over all
/// devices at their speeds, reaches the best period.
///
/// - Complexity: O(S·C²) piece prices (C splits per segment, each O(L·k²)), then O(S·C²) for
///   latency; the period search is exponential in S in the worst case, far less after pruning.
public enum MixedSearch {
    /// The solver's name in the CLI, the catalog and results (the search of the mixed plan space).
    public static let name = GroupSearch.name

    /// Every split the search considers for each segment: the group compositions, then the row strips.
    public static func configurations(_ net: ChannelNetwork, cluster: [ClusterDevice]) -> [[SegmentConfig]] {
        let k = cluster.count
        let groups = GroupTree(net: net, cluster: cluster, deadline: nil).compositions.map { SegmentConfig.groups($0) }
        guard let geo = net.spatial, net.rowsAcrossSegments == nil, k > 0 else { return net.segments.map { _ in groups } }
        var units = max(k, 1)
        while units > 1 && compositionCount(units, k) > 128 { units -= 1 }
        var shares = compositions(units, into: k).map { $0.map(Double.init) }
        shares.append([Double](repeating: 1, count: k))
        shares.append(cluster.map { $0.device.flopsPerSecond(for: .conv) })
        return net.segments.indices.map { s in
            let layers = net.spatialSegments.indices.filter { net.spatialSegments[$0] == s }
            var seen = Set<[[Int]]>(), rows: [SegmentConfig] = []
            for w in shares {
                let r = layers.map { largestRemainder(geo.layers[$0].height, weights: w) }
                if seen.insert(r).inserted { rows.append(.rows(r)) }
            }
            return groups + rows
        }
    }

    /// The optimal mixed plan for latency or, with `overlap`, for the period.
    public static func solve(_ net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool, exchangeSeconds: Double = 0,
                             options: MILPOptions = MILPOptions()) -> SolveResult<ChannelPlan> {
        let start = ContinuousClock.now
        guard !cluster.isEmpty, cluster.allSatisfy({ $0.bandwidth > 0 && $0.device.flopsPerSecond(for: .conv) > 0 && $0.device.flopsPerSecond(for: .fc) > 0 }) else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "the cluster must have devices with speeds and bandwidths > 0")
        }
        let tree = MixedTree(net: net, cluster: cluster, exchangeSeconds: exchangeSeconds, deadline: options.withDeadline().deadline)
        let (choice, complete) = overlap ? tree.period() : tree.latency()
        let configs = choice.enumerated().map { tree.configs[$0][$1] }
        let cost = tree.cost.evaluate(configs)
        let value = overlap ? cost.period : cost.latency
        return SolveResult(solver: name, status: complete ? .optimal : .timeLimit, plan: plan(configs), objective: value,
                           bound: complete ? value : nil, statistics: SolveStatistics(seconds: secondsSince(start), nodes: tree.nodes),
                           message: "\(configs.filter { if case .rows = $0 { true } else { false } }.count) of \(configs.count) segments in row strips")
    }

    /// The plan of one split per segment (a group plan when no segment is in rows).
    public static func plan(_ configs: [SegmentConfig]) -> ChannelPlan {
        ChannelPlan(splits: configs.map { c in
            switch c {
            case .groups(let n): return .groups(ChannelPlan(counts: [n]).segments[0])
            case .rows(let r): return .rows(r)
            }
        })
    }

    /// How many compositions of `units` into `parts` there are (Int.max above 10⁹).
    static func compositionCount(_ units: Int, _ parts: Int) -> Int {
        var c = 1.0
        for i in 0..<(parts - 1) { c = c * Double(units + parts - 1 - i) / Double(i + 1) }
        return c > 1e9 ? Int.max : Int(c.rounded())
    }

    /// Every way to split `units` into `parts` ordered non-negative counts, the first part's largest first.
    static func compositions(_ units: Int, into parts: Int) -> [[Int]] {
        guard parts > 0 else { return [] }
        var all: [[Int]] = [], c = [Int](repeating: 0, count: parts)
        func fill(_ d: Int, _ left: Int) {
            if d == parts - 1 { c[d] = left; all.append(c); return }
            for n in stride(from: left, through: 0, by: -1) { c[d] = n; fill(d + 1, left - n) }
        }
        fill(0, units)
        return all
    }
}

/// The mixed search's prices and state: every segment's splits and, priced on first use, the piece of every consecutive pair.
final class MixedTree {
    let cost: MixedCost, configs: [[SegmentConfig]], deadline: ContinuousClock.Instant?
    let net: ChannelNetwork, cluster: [ClusterDevice]
    private var cache: [[Int: MixedCost.Piece]]
    var nodes = 0

    init(net: ChannelNetwork, cluster: [ClusterDevice], exchangeSeconds: Double, deadline: ContinuousClock.Instant?) {
        (self.net, self.cluster, self.deadline) = (net, cluster, deadline)
        cost = MixedCost(network: net, cluster: cluster, exchangeSeconds: exchangeSeconds)
        configs = MixedSearch.configurations(net, cluster: cluster)
        cache = [[Int: MixedCost.Piece]](repeating: [:], count: configs.count)
    }

    var deadlinePassed: Bool { deadline.map { ContinuousClock.now >= $0 } ?? false }

    /// Segment s split c after split p of segment s − 1 (p ignored for segment 0).
    func piece(_ s: Int, _ p: Int, _ c: Int) -> MixedCost.Piece {
        let key = s == 0 ? c : p * configs[s].count + c
        if let hit = cache[s][key] { return hit }
        let made = cost.piece(s, previous: s == 0 ? nil : configs[s - 1][p], configs[s][c])
        cache[s][key] = made
        return made
    }

    /// A shortest path over (segment, split): the latency optimum (the best path so far when the deadline passes).
    func latency() -> (choice: [Int], complete: Bool) {
        let S = configs.count
        var best = configs[0].indices.map { piece(0, 0, $0).latency }
        var from = [[Int]](repeating: [], count: S)
        var complete = true
        for s in 1..<max(S, 1) {
            var next = [Double](repeating: .infinity, count: configs[s].count)
            from[s] = [Int](repeating: 0, count: configs[s].count)
            for c in configs[s].indices {
                if !complete || (c & 63 == 0 && deadlinePassed) { complete = false; continue }
                for p in configs[s - 1].indices where best[p].isFinite {
                    nodes += 1
                    let v = best[p] + piece(s, p, c).latency
                    if v < next[c] { (next[c], from[s][c]) = (v, p) }
                }
            }
            if !complete { return (uniform(0), false) }
            best = next
        }
        var path = [best.indices.min { best[$0] < best[$1] }!]
        for s in stride(from: S - 1, through: 1, by: -1) { path.append(from[s][path.last!]) }
        return (path.reversed(), complete)
    }

    /// Split c (clamped to each segment's splits) in every segment.
    func uniform(_ c: Int) -> [Int] { configs.map { min(c, $0.count - 1) } }

    /// Depth-first search with bounds: the period optimum.
    func period() -> (choice: [Int], complete: Bool) {
        let S = configs.count, k = cluster.count
        let speeds = cluster.map { $0.device.flopsPerSecond(for: .conv) }, totalSpeed = speeds.reduce(0, +)
        var remaining = [Double](repeating: 0, count: S + 1)
        for s in stride(from: S - 1, through: 0, by: -1) { remaining[s] = remaining[s + 1] + net.segments[s].flops }
        var best = seed(), bestValue = value(best)
        var chosen: [Int] = [], complete = true
        var busy = [Double](repeating: 0, count: k), link = busy
        func visit(_ s: Int) {
            if !complete { return }
            nodes += 1
            if nodes & 255 == 0 && deadlinePassed { complete = false; return }
            let options = configs[s].indices.map { piece(s, s == 0 ? 0 : chosen[s - 1], $0) }
            let order = options.indices.sorted { options[$0].compute.max()! + options[$0].link.max()! < options[$1].compute.max()! + options[$1].link.max()! }
            for c in order {
                let p = options[c]
                var b = busy, l = link, worst = 0.0, placed = 0.0
                for d in 0..<k {
                    b[d] += p.compute[d]; l[d] += p.link[d]
                    worst = max(worst, b[d], l[d])
                    placed += b[d] * speeds[d]
                }
                if worst >= bestValue * (1 - 1e-12) { continue }
                if s < S - 1, (placed + remaining[s + 1]) / totalSpeed >= bestValue * (1 - 1e-12) { continue }
                chosen.append(c)
                if s == S - 1 {
                    (best, bestValue) = (chosen, worst)
                } else {
                    let saved = (busy, link)
                    (busy, link) = (b, l)
                    visit(s + 1)
                    (busy, link) = saved
                }
                chosen.removeLast()
            }
        }
        visit(0)
        return (best, complete)
    }

    /// The period of a choice, from the pieces.
    func value(_ choice: [Int]) -> Double {
        let k = cluster.count
        var busy = [Double](repeating: 0, count: k), link = busy
        for (s, c) in choice.enumerated() {
            let p = piece(s, s == 0 ? 0 : choice[s - 1], c)
            for d in 0..<k { busy[d] += p.compute[d]; link[d] += p.link[d] }
        }
        return (0..<k).map { max(busy[$0], link[$0]) }.max() ?? .infinity
    }

    /// The period search's first incumbent: the better of the latency path and every uniform choice (the same split index in every segment).
    func seed() -> [Int] {
        let candidates = [latency().choice] + configs[0].indices.map(uniform)
        return candidates.min { value($0) < value($1) }!
    }
}
