import PartitionModel

/// How the solvers split one segment: group counts per device, or rows per device of each of its layers.
public enum SegmentConfig: Sendable, Equatable {
    /// `counts[d]` of the g groups on device d.
    case groups([Int])
    /// `rows[i][d]`: output rows of the segment's i-th row-geometry layer on device d.
    case rows([[Int]])
}

/// The solvers' own pricing of mixed P6 plans, one segment at a time (the verifier recomputes it independently).
///
/// Same model as ``ChannelVerifier``: every segment ends with a barrier, so a plan's latency is a
/// sum of one piece per segment, and each piece depends only on the segment's split and the one
/// before it (the split that decides who holds the shuffled map it reads). A piece carries its
/// latency (its phases' slowest devices, summed) and each device's compute and link seconds (the
/// period is the largest device total). Row pieces track, per device and map, the row ranges held
/// and, for a map computed by groups, the fraction n_d/g of every row; a missing range is charged
/// to the devices that own it (all of them, by their groups' share, for a group-split map).
///
/// - Complexity: O(k) per group piece after a group segment; O(L·k²) per row piece (L layers).
public struct MixedCost: Sendable {
    /// One segment's share of a sample.
    public struct Piece: Sendable {
        /// Seconds this segment adds to the latency: its exchanges and compute phases (and, for the last, the head and tail).
        public var latency = 0.0
        /// Each device's compute seconds.
        public var compute: [Double]
        /// Each device's link seconds.
        public var link: [Double]
    }

    let net: ChannelNetwork, cluster: [ClusterDevice], exchangeSeconds: Double
    let k: Int, g: Double
    /// The row-geometry layers of every segment (indices into `net.spatial.layers`).
    let layersOf: [[Int]]

    /// Pricing for `net` on `cluster` with a fixed cost per exchange phase.
    public init(network net: ChannelNetwork, cluster: [ClusterDevice], exchangeSeconds: Double = 0) {
        (self.net, self.cluster, self.exchangeSeconds) = (net, cluster, exchangeSeconds)
        (k, g) = (cluster.count, Double(net.groups))
        layersOf = net.segments.indices.map { s in net.spatialSegments.indices.filter { net.spatialSegments[$0] == s } }
    }

    /// Latency and period of a whole plan.
    public func evaluate(_ configs: [SegmentConfig]) -> (latency: Double, period: Double) {
        guard configs.count == net.segments.count, k > 0 else { return (.infinity, .infinity) }
        var latency = 0.0
        var busy = [Double](repeating: 0, count: k), link = busy
        for s in configs.indices {
            let p = piece(s, previous: s > 0 ? configs[s - 1] : nil, configs[s])
            latency += p.latency
            for d in 0..<k { busy[d] += p.compute[d]; link[d] += p.link[d] }
        }
        return (latency, (0..<k).map { max(busy[$0], link[$0]) }.max() ?? 0)
    }

    /// Segment s split by `config` after a segment split by `previous` (nil for segment 0); the last segment's piece includes the head and tail.
    public func piece(_ s: Int, previous: SegmentConfig?, _ config: SegmentConfig) -> Piece {
        var piece = Piece(compute: [Double](repeating: 0, count: k), link: [Double](repeating: 0, count: k))
        switch config {
        case .groups(let counts): groupPiece(s, previous: previous, counts, into: &piece)
        case .rows(let rows): RowPricer(cost: self, segment: s, previous: previous, rows: rows).price(into: &piece)
        }
        return piece
    }

    /// One exchange phase: each device's link time, the phase's slowest device.
    func exchange(out: [Double], in inbound: [Double], into piece: inout Piece) {
        var worst = 0.0
        for d in 0..<k {
            let moves = out[d] > 0 || inbound[d] > 0
            let t = max(out[d], inbound[d]) / cluster[d].bandwidth + (moves ? exchangeSeconds : 0)
            piece.link[d] += t
            worst = max(worst, t)
        }
        piece.latency += worst
    }

    /// Entry exchange, compute phase and (last segment) head, gather and tail of a group segment.
    private func groupPiece(_ s: Int, previous: SegmentConfig?, _ n: [Int], into piece: inout Piece) {
        switch previous {
        case nil: charge(ChannelCost.broadcast(net, cluster, n, exchangeSeconds: exchangeSeconds), into: &piece)
        case .groups(let a)?:
            charge((0..<k).map { ChannelCost.shuffle(net, cluster, after: s - 1, device: $0, from: a[$0], to: n[$0], exchangeSeconds: exchangeSeconds) }, into: &piece)
        case .rows(let rows)?:
            regroup(after: s - 1, strips: rows.last ?? [], to: n, into: &piece)
        }
        let t = (0..<k).map { ChannelCost.compute(net, cluster, segment: s, device: $0, groups: n[$0]) }
        for d in 0..<k { piece.compute[d] += t[d] }
        piece.latency += t.max() ?? 0
        guard s == net.segments.count - 1 else { return }
        let (head, gather) = ChannelCost.finish(net, cluster, n, exchangeSeconds: exchangeSeconds)
        let tail = ChannelCost.tailSeconds(net, cluster)
        for d in 0..<k { piece.compute[d] += head[d] }
        piece.compute[0] += tail
        piece.latency += (head.max() ?? 0) + tail
        charge(gather, into: &piece)
    }

    /// Per-device link seconds of a phase priced elsewhere.
    private func charge(_ seconds: [Double], into piece: inout Piece) {
        for d in 0..<k { piece.link[d] += seconds[d] }
        piece.latency += seconds.max() ?? 0
    }

    /// Groups after rows: device d with m_d groups fetches m_d/g of every row of the shuffled map outside its own strip.
    private func regroup(after s: Int, strips: [Int], to n: [Int], into piece: inout Piece) {
        guard let geo = net.spatial, let x = layersOf[s].last, strips.count == k else { return }
        let rowBytes = geo.layers[x].rowBytes, height = Double(geo.layers[x].height)
        let wanted = (0..<k).map { Double(n[$0]) / g * rowBytes }
        let totalWanted = wanted.reduce(0, +)
        let inbound = (0..<k).map { wanted[$0] * (height - Double(strips[$0])) }
        let out = (0..<k).map { Double(strips[$0]) * (totalWanted - wanted[$0]) }
        exchange(out: out, in: inbound, into: &piece)
    }
}

/// The row-by-row pricing of one segment split into strips (``MixedCost``).
private struct RowPricer {
    let cost: MixedCost, segment: Int, previous: SegmentConfig?, rows: [[Int]]
    /// Who holds what of one map: a fraction of every row (a group-split map) and whole row ranges.
    struct Holding {
        var fraction = 0.0
        var ranges: [Range<Int>] = []
    }

    /// Adds the segment's exchanges, compute phases and (last segment) head, gather and tail to `piece`.
    func price(into piece: inout MixedCost.Piece) {
        guard let geo = cost.net.spatial else { piece.latency = .infinity; return }
        let k = cost.k, layers = cost.layersOf[segment]
        let conv = cost.cluster.map { $0.device.flopsPerSecond(for: .conv) }, fc = cost.cluster.map { $0.device.flopsPerSecond(for: .fc) }
        let strips = rows.map(Self.strips)
        let local = Dictionary(uniqueKeysWithValues: layers.enumerated().map { ($1, $0) })
        // holding[d][source + 1] for the input (−1), this segment's maps and the previous segment's last map.
        var holding = [[Int: Holding]](repeating: [:], count: k)
        let shuffled = segment > 0 ? cost.layersOf[segment - 1].last : nil
        for d in 0..<k {
            holding[d][-1] = Holding(ranges: d == 0 ? [0..<geo.inputHeight] : [])
            for (i, l) in layers.enumerated() { holding[d][l] = Holding(ranges: strips[i][d].isEmpty ? [] : [strips[i][d]]) }
            if let x = shuffled {
                switch previous {
                case .groups(let n)?: holding[d][x] = Holding(fraction: Double(n[d]) / cost.g)
                case .rows(let r)?: let st = Self.strips(r.last ?? []); holding[d][x] = Holding(ranges: d < st.count && !st[d].isEmpty ? [st[d]] : [])
                case nil: break
                }
            }
        }
        var stretch = [Double](repeating: 0, count: k)
        func close() {
            piece.latency += stretch.max() ?? 0
            stretch = [Double](repeating: 0, count: k)
        }
        for (i, l) in layers.enumerated() {
            let layer = geo.layers[l]
            var out = [Double](repeating: 0, count: k), inbound = out
            for d in 0..<k where !strips[i][d].isEmpty {
                let mine = strips[i][d]
                for input in layer.inputs {
                    let source = input.source
                    let height = source < 0 ? geo.inputHeight : geo.layers[source].height
                    let rowBytes = source < 0 ? geo.inputRowBytes : geo.layers[source].rowBytes
                    let wanted = input.window.map { $0.inputRows(mine.first!, mine.last!, inputHeight: height) } ?? mine.first!...mine.last!
                    guard let wanted, var have = holding[d][source] else { continue }
                    let missing = Self.subtract(wanted.lowerBound..<(wanted.upperBound + 1), have.ranges)
                    for m in missing {
                        let bytes = Double(m.count) * rowBytes
                        inbound[d] += (1 - have.fraction) * bytes
                        if source >= 0, local[source] == nil, case .groups(let n)? = previous {
                            for e in 0..<k where e != d { out[e] += Double(n[e]) / cost.g * bytes }
                        } else {
                            for e in 0..<k {
                                let owned = source < 0 ? (e == 0 ? 0..<geo.inputHeight : 0..<0) : ownerRange(source, device: e, local: local, strips: strips)
                                if owned.overlaps(m) { out[e] += Double(owned.clamped(to: m).count) * rowBytes }
                            }
                        }
                    }
                    have.ranges += missing
                    holding[d][source] = have
                }
            }
            if inbound.contains(where: { $0 > 0 }) {
                close()
                cost.exchange(out: out, in: inbound, into: &piece)
            }
            for d in 0..<k {
                let t = Double(rows[i][d]) * layer.flops / (Double(layer.height) * conv[d])
                piece.compute[d] += t
                stretch[d] += t
            }
        }
        guard segment == cost.net.segments.count - 1 else { close(); return }
        head(geo, last: layers.last!, rows: rows.last!, conv: conv, fc: fc, stretch: &stretch, into: &piece)
    }

    /// The strip of map `source` device e computed: this segment's strip, or the previous segment's last one.
    private func ownerRange(_ source: Int, device e: Int, local: [Int: Int], strips: [[Range<Int>]]) -> Range<Int> {
        if let i = local[source] { return strips[i][e] }
        if case .rows(let r)? = previous { return Self.strips(r.last ?? [])[e] }
        return 0..<0
    }

    /// The pooled partial sums (or the classifier split by rows), the gather on device 0, the tail.
    private func head(_ geo: SpatialGeometry, last: Int, rows lastRows: [Int], conv: [Double], fc: [Double], stretch: inout [Double],
                      into piece: inout MixedCost.Piece) {
        let k = cost.k, net = cost.net
        let share = (0..<k).map { Double(lastRows[$0]) / Double(geo.layers[last].height) }
        let gatherers = (1..<max(k, 1)).filter { lastRows[$0] > 0 }
        var head = net.tailFLOPs / fc[0]
        var gathered = net.headOutputBytes
        if let pool = geo.globalPool {
            for d in 0..<k { stretch[d] += share[d] * pool.flops / conv[d]; piece.compute[d] += share[d] * pool.flops / conv[d] }
            piece.compute[0] += net.headFLOPs / fc[0]
            head += net.headFLOPs / fc[0]
            gathered = pool.outputBytes
        } else {
            let split = (0..<k).map { share[$0] * net.headFLOPs / fc[$0] }
            for d in 0..<k { piece.compute[d] += split[d] }
            head += split.max() ?? 0
        }
        piece.latency += stretch.max() ?? 0
        cost.exchange(out: (0..<k).map { gatherers.contains($0) ? gathered : 0 },
                      in: (0..<k).map { $0 == 0 ? Double(gatherers.count) * gathered : 0 }, into: &piece)
        piece.compute[0] += net.tailFLOPs / fc[0]
        piece.latency += head
    }

    /// Contiguous strips in device order from row counts.
    static func strips(_ counts: [Int]) -> [Range<Int>] {
        var start = 0
        return counts.map { n in defer { start += n }; return start..<(start + n) }
    }

    /// The parts of `wanted` no range of `held` covers.
    static func subtract(_ wanted: Range<Int>, _ held: [Range<Int>]) -> [Range<Int>] {
        var missing = [wanted]
        for h in held {
            missing = missing.flatMap { m -> [Range<Int>] in
                guard m.overlaps(h) else { return [m] }
                return [m.lowerBound..<max(m.lowerBound, h.lowerBound), min(m.upperBound, h.upperBound)..<m.upperBound].filter { !$0.isEmpty }
            }
        }
        return missing
    }
}
