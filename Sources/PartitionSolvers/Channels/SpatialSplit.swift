import PartitionModel

/// DeCNN's comparison point: the same decoupled network split spatially, every layer into row strips ∝ speed.
///
/// The P4 BODP rule applied to every feature map of the network, layer by layer (MoDNN's mode):
/// each layer's output rows go to the devices in proportion to their conv speed (largest
/// remainder, contiguous strips in device order). Every windowed layer then needs halo rows from
/// its neighbours — 16 3×3 convolutions, the 7×7 stem and the 3×3 max-pool of ResNet-50, against
/// 3 shuffles under the channel-group split — and every device holds every weight. It is a
/// heuristic in a different plan space from the group plans: its gap to the group MILP may have
/// either sign.
///
/// - Complexity: O(L·k) to build the plan, O(L·k²) to evaluate it (L layers, k devices).
public enum SpatialSplit {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "spatial"

    /// Rows ∝ conv speed on every layer, or nil when the network has no row geometry or the cluster no device.
    public static func plan(_ net: ChannelNetwork, cluster: [ClusterDevice]) -> ChannelPlan? {
        guard let geo = net.spatial, !cluster.isEmpty else { return nil }
        let speeds = cluster.map { $0.device.flopsPerSecond(for: .conv) }
        return ChannelPlan(spatialRows: geo.layers.map { largestRemainder($0.height, weights: speeds) })
    }

    /// The solver-side cost of a spatial plan (the verifier recomputes it row by row): held rows
    /// are kept as disjoint ranges per device and source, halos are range differences, and each
    /// missing range is charged to the strips it crosses.
    public static func evaluate(_ rows: [[Int]], network net: ChannelNetwork, cluster: [ClusterDevice],
                                exchangeSeconds e: Double = 0) -> (latency: Double, period: Double) {
        guard let geo = net.spatial, !cluster.isEmpty, rows.count == geo.layers.count else { return (.infinity, .infinity) }
        let k = cluster.count
        let conv = cluster.map { $0.device.flopsPerSecond(for: .conv) }, fc = cluster.map { $0.device.flopsPerSecond(for: .fc) }
        func strips(_ counts: [Int]) -> [Range<Int>] {
            var start = 0
            return counts.map { n in defer { start += n }; return start..<(start + n) }
        }
        let layerStrips = rows.map(strips)
        // held[d][source + 1]: disjoint row ranges device d has of that map (source −1 = input).
        var held: [[[Range<Int>]]] = (0..<k).map { d in
            [d == 0 ? [0..<geo.inputHeight] : []] + layerStrips.map { s in s[d].isEmpty ? [] : [s[d]] }
        }
        var busy = [Double](repeating: 0, count: k), link = [Double](repeating: 0, count: k), stretch = [Double](repeating: 0, count: k)
        var latency = 0.0
        func exchange(out: [Double], in inbound: [Double]) {
            latency += stretch.max() ?? 0
            stretch = [Double](repeating: 0, count: k)
            let times = (0..<k).map { max(out[$0], inbound[$0]) / cluster[$0].bandwidth + (out[$0] > 0 || inbound[$0] > 0 ? e : 0) }
            for d in 0..<k { link[d] += times[d] }
            latency += times.max() ?? 0
        }
        for (l, layer) in geo.layers.enumerated() {
            var out = [Double](repeating: 0, count: k), inbound = [Double](repeating: 0, count: k)
            for d in 0..<k where !layerStrips[l][d].isEmpty {
                let mine = layerStrips[l][d]
                for input in layer.inputs {
                    let source = input.source
                    let height = source < 0 ? geo.inputHeight : geo.layers[source].height
                    let rowBytes = source < 0 ? geo.inputRowBytes : geo.layers[source].rowBytes
                    let wanted: ClosedRange<Int>? = input.window.map { $0.inputRows(mine.first!, mine.last!, inputHeight: height) } ?? mine.first!...mine.last!
                    guard let wanted else { continue }
                    // The parts of `wanted` not covered by a held range.
                    var missing = [wanted.lowerBound..<(wanted.upperBound + 1)]
                    for h in held[d][source + 1] {
                        missing = missing.flatMap { m -> [Range<Int>] in
                            guard m.overlaps(h) else { return [m] }
                            return [m.lowerBound..<max(m.lowerBound, h.lowerBound), min(m.upperBound, h.upperBound)..<m.upperBound].filter { !$0.isEmpty }
                        }
                    }
                    let owners = source < 0 ? [0..<geo.inputHeight] + Array(repeating: 0..<0, count: max(k - 1, 0)) : layerStrips[source]
                    for m in missing {
                        inbound[d] += Double(m.count) * rowBytes
                        for e in 0..<k where owners[e].overlaps(m) { out[e] += Double(owners[e].clamped(to: m).count) * rowBytes }
                    }
                    held[d][source + 1] += missing
                }
            }
            if inbound.contains(where: { $0 > 0 }) { exchange(out: out, in: inbound) }
            for d in 0..<k {
                let t = Double(rows[l][d]) * layer.flops / (Double(layer.height) * conv[d])
                busy[d] += t
                stretch[d] += t
            }
        }
        let last = rows.count - 1
        let share = (0..<k).map { Double(rows[last][$0]) / Double(geo.layers[last].height) }
        let gatherers = (1..<max(k, 1)).filter { rows[last][$0] > 0 }
        var head = net.tailFLOPs / fc[0]
        var gathered = net.headOutputBytes
        if let pool = geo.globalPool {
            for d in 0..<k { stretch[d] += share[d] * pool.flops / conv[d]; busy[d] += share[d] * pool.flops / conv[d] }
            busy[0] += net.headFLOPs / fc[0]
            head += net.headFLOPs / fc[0]
            gathered = pool.outputBytes
        } else {
            let split = (0..<k).map { share[$0] * net.headFLOPs / fc[$0] }
            for d in 0..<k { busy[d] += split[d] }
            head += split.max() ?? 0
        }
        // The head's compute is not part of the stretch the exchange closes.
        exchange(out: (0..<k).map { gatherers.contains($0) ? gathered : 0 },
                 in: (0..<k).map { $0 == 0 ? Double(gatherers.count) * gathered : 0 })
        busy[0] += net.tailFLOPs / fc[0]
        latency += head
        return (latency, (0..<k).map { max(busy[$0], link[$0]) }.max() ?? 0)
    }
}
