import PartitionModel

/// The exact P6 plan by combinatorial search over the group counts of each segment.
///
/// A plan gives every segment a composition of the g groups over the k devices. Latency is a sum
/// over segments of terms that involve one segment or two consecutive ones (compute, the shuffle
/// between them, the input broadcast and the gather), so it is a shortest path through the layers
/// of compositions: a dynamic programme over (segment, composition). The period is a maximum over
/// devices of per-device sums, which no such programme splits; it is found by depth-first search
/// over the segments, starting from the MILP's incumbent (equal and proportional splits after a
/// local search), pruning a partial plan once any device's compute or link sum, or the compute
/// still to place spread over all devices at their speeds, reaches the best period. Identical
/// devices other than device 0 take their groups in lexicographic order (a permutation of them
/// costs the same). Every candidate is priced by ``ChannelCost/evaluate(_:network:cluster:)``.
///
/// - Complexity: latency O(S·C²·k) for C compositions of g into k parts; period exponential in S
///   in the worst case, far less after pruning.
public enum GroupSearch {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "search"

    /// The optimal group plan for latency or, with `overlap`, for the period.
    public static func solve(_ net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool, exchangeSeconds: Double = 0,
                             options: MILPOptions = MILPOptions()) -> SolveResult<ChannelPlan> {
        let start = ContinuousClock.now
        let k = cluster.count, S = net.segments.count
        guard k >= 1, S >= 1, cluster.allSatisfy({ $0.bandwidth > 0 && $0.device.flopsPerSecond(for: .conv) > 0 && $0.device.flopsPerSecond(for: .fc) > 0 }) else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "the cluster must have devices with speeds and bandwidths > 0")
        }
        var search = GroupTree(net: net, cluster: cluster, deadline: options.withDeadline().deadline, exchangeSeconds: exchangeSeconds)
        let seed = GroupLocalSearch.incumbent(net, cluster: cluster, overlap: overlap, exchangeSeconds: exchangeSeconds)
        let (counts, complete) = overlap ? search.period(seed: seed.counts) : search.latency(seed: seed.counts)
        let cost = ChannelCost.evaluate(counts, network: net, cluster: cluster, exchangeSeconds: exchangeSeconds)
        let value = overlap ? cost.period : cost.latency
        return SolveResult(solver: name, status: complete ? .optimal : .timeLimit, plan: ChannelPlan(counts: counts), objective: value,
                           bound: complete ? value : nil,
                           statistics: SolveStatistics(seconds: secondsSince(start), nodes: search.nodes))
    }
}

/// The search's state: compositions, per-segment prices, and the work done.
struct GroupTree {
    let net: ChannelNetwork, cluster: [ClusterDevice], deadline: ContinuousClock.Instant?
    /// The fixed cost a device pays per exchange phase it takes part in.
    let exchangeSeconds: Double
    let k: Int, S: Int
    /// Every composition of g into k parts.
    let compositions: [[Int]]
    /// Interchangeable devices (≥ 1): same[d] is true when device d equals device d − 1.
    let same: [Bool]
    var nodes = 0

    init(net: ChannelNetwork, cluster: [ClusterDevice], deadline: ContinuousClock.Instant?, exchangeSeconds: Double = 0) {
        (self.net, self.cluster, self.deadline, self.exchangeSeconds) = (net, cluster, deadline, exchangeSeconds)
        (k, S) = (cluster.count, net.segments.count)
        compositions = MixedSearch.compositions(net.groups, into: cluster.count)
        same = cluster.indices.map { d in
            d >= 2 && cluster[d].device == cluster[d - 1].device && cluster[d].bandwidth == cluster[d - 1].bandwidth
                && cluster[d].latency == cluster[d - 1].latency
        }
    }

    var deadlinePassed: Bool { deadline.map { ContinuousClock.now >= $0 } ?? false }

    /// The terms of ``ChannelCost``, for this network and cluster.
    func compute(_ s: Int, _ d: Int, _ n: Int) -> Double { ChannelCost.compute(net, cluster, segment: s, device: d, groups: n) }
    func shuffle(_ s: Int, _ d: Int, _ a: Int, _ c: Int) -> Double {
        ChannelCost.shuffle(net, cluster, after: s, device: d, from: a, to: c, exchangeSeconds: exchangeSeconds)
    }
    func broadcast(_ c: [Int]) -> [Double] { ChannelCost.broadcast(net, cluster, c, exchangeSeconds: exchangeSeconds) }
    func finish(_ c: [Int]) -> (head: [Double], gather: [Double]) { ChannelCost.finish(net, cluster, c, exchangeSeconds: exchangeSeconds) }
    func evaluate(_ counts: [[Int]]) -> (latency: Double, period: Double) {
        ChannelCost.evaluate(counts, network: net, cluster: cluster, exchangeSeconds: exchangeSeconds)
    }

    /// Whether `c` keeps identical devices in lexicographic order, given which pairs were tied so far.
    func ordered(_ c: [Int], tied: [Bool]) -> Bool {
        for d in 1..<max(k, 1) where same[d] && tied[d] && c[d - 1] < c[d] { return false }
        return true
    }

    // MARK: Latency: a shortest path over (segment, composition)

    mutating func latency(seed: [[Int]]) -> (counts: [[Int]], complete: Bool) {
        let C = compositions.count
        var best = [Double](repeating: .infinity, count: C), from = [[Int32]](repeating: [Int32](repeating: -1, count: C), count: S)
        for (i, c) in compositions.enumerated() {
            best[i] = broadcast(c).max()! + (0..<k).map { compute(0, $0, c[$0]) }.max()!
        }
        for s in 1..<S {
            if deadlinePassed { return (seed, false) }
            var next = [Double](repeating: .infinity, count: C)
            for (j, c) in compositions.enumerated() {
                let here = (0..<k).map { compute(s, $0, c[$0]) }.max()!
                for (i, a) in compositions.enumerated() where best[i].isFinite {
                    nodes += 1
                    let v = best[i] + (0..<k).map { shuffle(s - 1, $0, a[$0], c[$0]) }.max()! + here
                    if v < next[j] { next[j] = v; from[s][j] = Int32(i) }
                }
            }
            best = next
        }
        var last = 0, value = Double.infinity
        let tail = ChannelCost.tailSeconds(net, cluster)
        for (i, c) in compositions.enumerated() {
            let (head, gather) = finish(c)
            let v = best[i] + head.max()! + gather.max()! + tail
            if v < value { (value, last) = (v, i) }
        }
        var path = [last]
        for s in stride(from: S - 1, through: 1, by: -1) { path.append(Int(from[s][path.last!])) }
        return (path.reversed().map { compositions[$0] }, true)
    }

    // MARK: Period: depth-first search with bounds

    mutating func period(seed: [[Int]]) -> (counts: [[Int]], complete: Bool) {
        var best = seed, bestValue = evaluate(seed).period
        let speeds = cluster.map { $0.device.flopsPerSecond(for: .conv) }, totalSpeed = speeds.reduce(0, +)
        // Conv FLOPs of the segments from s on (their placement only adds compute).
        var remaining = [Double](repeating: 0, count: S + 1)
        for s in stride(from: S - 1, through: 0, by: -1) { remaining[s] = remaining[s + 1] + net.segments[s].flops }
        let tail = ChannelCost.tailSeconds(net, cluster)
        var chosen: [[Int]] = []
        var complete = true
        var busy = [Double](repeating: 0, count: k), link = [Double](repeating: 0, count: k)
        busy[0] = tail
        func visit(_ s: Int, _ tied: [Bool]) {
            if !complete { return }
            nodes += 1
            if nodes & 1023 == 0 && deadlinePassed { complete = false; return }
            for c in compositions where ordered(c, tied: tied) {
                var b = busy, l = link
                for d in 0..<k { b[d] += compute(s, d, c[d]) }
                if s == 0 {
                    let cast = broadcast(c)
                    for d in 0..<k { l[d] += cast[d] }
                } else {
                    let a = chosen[s - 1]
                    for d in 0..<k { l[d] += shuffle(s - 1, d, a[d], c[d]) }
                }
                if s == S - 1 {
                    let (head, gather) = finish(c)
                    for d in 0..<k { b[d] += head[d]; l[d] += gather[d] }
                }
                // Bounds: every device's sums so far, and the conv work still to place over all devices.
                var worst = 0.0, placed = 0.0
                for d in 0..<k { worst = max(worst, b[d], l[d]); placed += (b[d] - (d == 0 ? tail : 0)) * speeds[d] }
                if worst >= bestValue * (1 - 1e-12) { continue }
                if s < S - 1, (placed + remaining[s + 1]) / totalSpeed >= bestValue * (1 - 1e-12) { continue }
                chosen.append(c)
                if s == S - 1 {
                    let v = evaluate(chosen).period
                    if v < bestValue { (best, bestValue) = (chosen, v) }
                } else {
                    let (savedBusy, savedLink) = (busy, link)
                    (busy, link) = (b, l)
                    visit(s + 1, tied.indices.map { d in tied[d] && (d == 0 || c[d - 1] == c[d]) })
                    (busy, link) = (savedBusy, savedLink)
                }
                chosen.removeLast()
            }
        }
        visit(0, [Bool](repeating: true, count: k))
        return (best, complete)
    }
}
