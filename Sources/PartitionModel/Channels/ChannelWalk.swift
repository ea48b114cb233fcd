/// One sample of a P6 plan walked segment by segment, as ``ChannelVerifier`` judges it.
///
/// A segment split by groups is one compute phase (its slowest device), entered by the input
/// broadcast (segment 0), by the group shuffle after a group segment, or, after a row segment,
/// by a regroup: a device with m of the g groups fetches m/g of every row of the shuffled map it
/// does not hold from the row's owner. A segment split into row strips is walked layer by layer:
/// every layer's strip is back-projected through each input's window (P4's geometry), and the
/// rows a device needs and does not hold yet are sent by their owners in an exchange phase
/// before the layer (and kept afterwards). A row of a map computed by groups is held a fraction
/// n_d/g by each device; fetching the rest takes n_e/g of it from every other device e. Compute
/// between two exchanges is one phase (its slowest device), and every segment ends with a barrier.
/// A device with r of a layer's H rows does r/H of its FLOPs at its conv rate and holds the
/// layer's weights when r > 0.
///
/// The head: after a group segment, the input-based FC split by groups and a gather of partial
/// sums; after a row segment, each device pools its own rows (or, without a global pool, splits
/// the classifier by rows), the partial vectors are gathered on device 0, which runs the tail.
///
/// - Complexity: O(S·k + L·k·H) for S segments, k devices and L row-split layers of at most H rows.
struct ChannelWalk {
    let net: ChannelNetwork, cluster: [ClusterDevice], splits: [SegmentSplit]
    private(set) var ledger: ExchangeLedger
    /// Each device's compute seconds for one sample.
    private(set) var compute: [Double]
    /// The compute phases in order.
    private(set) var phases: [(first: String, last: String, seconds: Double)] = []
    /// The head's slowest device plus the tail, seconds.
    private(set) var headSeconds = 0.0
    /// Bytes each device holds (after ``run()``).
    private(set) var memory: [Double] = []

    private let k: Int, g: Double, conv: [Double], fc: [Double]
    /// groups[s][d]: groups device d computes in segment s (0 in row segments).
    private let groups: [[Double]]
    /// rows[l][d] for every layer of the row geometry (empty in group segments); owner[l][y]: the device computing row y.
    private var rows: [[Int]], owner: [[Int]]
    /// held[d][l][y]: the fraction of row y of layer l device d holds (empty for a plan without row segments).
    private var held: [[[Double]]]
    private var inputHeld: [[Bool]]
    private var stretch: [Double], stretchFirst: String?, stretchLast = ""
    private var weights: [Double], workingSet: [Double], inputMemory: [Double]

    /// A walk of `splits` (one per segment of `net`, already checked by the verifier).
    init(network net: ChannelNetwork, cluster: [ClusterDevice], splits: [SegmentSplit], exchangeSeconds: Double) {
        (self.net, self.cluster, self.splits) = (net, cluster, splits)
        k = cluster.count
        g = Double(net.groups)
        conv = cluster.map { $0.device.flopsPerSecond(for: .conv) }
        fc = cluster.map { $0.device.flopsPerSecond(for: .fc) }
        ledger = ExchangeLedger(cluster: cluster, exchangeSeconds: exchangeSeconds)
        let zero = [Double](repeating: 0, count: cluster.count)
        (compute, stretch, weights, workingSet, inputMemory) = (zero, zero, zero, zero, zero)
        let k = cluster.count
        groups = splits.map { split in
            var n = zero
            if case .groups(let ranges) = split { for r in ranges { n[r.device] += Double(r.count) } }
            return n
        }
        let geo = net.spatial
        var layerRows = [[Int]](repeating: [], count: geo?.layers.count ?? 0)
        for (s, split) in splits.enumerated() {
            guard case .rows(let r) = split else { continue }
            for (i, l) in net.spatialSegments.indices.filter({ net.spatialSegments[$0] == s }).enumerated() { layerRows[l] = r[i] }
        }
        rows = layerRows
        owner = layerRows.map { r in r.enumerated().flatMap { d, n in repeatElement(d, count: n) } }
        let groupShare = groups.map { $0.map { $0 / Double(net.groups) } }
        // Row holdings matter only when some segment is split into rows: a group plan walks without them.
        let walksRows = layerRows.contains { !$0.isEmpty }
        held = !walksRows ? [] : (0..<k).map { d in
            (geo?.layers ?? []).enumerated().map { l, layer in
                let s = net.spatialSegments[l]
                if layerRows[l].isEmpty { return [Double](repeating: groupShare[s][d], count: layer.height) }
                return [Double](repeating: 0, count: layer.height)
            }
        }
        for l in layerRows.indices where !layerRows[l].isEmpty {
            for (y, d) in owner[l].enumerated() { held[d][l][y] = 1 }
        }
        inputHeld = !walksRows ? [] : (0..<k).map { d in [Bool](repeating: d == 0, count: geo?.inputHeight ?? 0) }
    }

    /// Walks every segment and the head, then sums each device's memory.
    mutating func run() {
        for (s, split) in splits.enumerated() {
            switch split {
            case .groups: groupSegment(s)
            case .rows: rowSegment(s)
            }
            if s < splits.count - 1 { flush() }
        }
        if case .groups = splits.last { groupHead() } else { rowHead() }
        let tail = net.tailFLOPs / fc[0]
        ledger.compute("tail", (0..<k).map { $0 == 0 ? tail : 0 })
        compute[0] += tail
        headSeconds += tail
        memory = (0..<k).map { d in
            let tailWeights: Double = d == 0 ? net.tailWeightBytes : 0
            return weights[d] + tailWeights + workingSet[d] + inputMemory[d]
        }
    }

    // MARK: Segments split by groups

    /// The entry exchange and the one compute phase of group segment s.
    private mutating func groupSegment(_ s: Int) {
        let n = groups[s], seg = net.segments[s]
        if s == 0 {
            ledger.broadcast("input broadcast", bytes: net.inputBytes, to: n.map { $0 > 0 })
            for d in 0..<k where n[d] > 0 { inputMemory[d] = net.inputBytes }
        } else if case .groups = splits[s - 1] {
            let b = net.segments[s - 1].outputBytes, a = groups[s - 1]
            let sent = (0..<k).map { b * a[$0] * (g - n[$0]) / (g * g) }
            let received = (0..<k).map { b * n[$0] * (g - a[$0]) / (g * g) }
            ledger.phase("shuffle after \(net.segments[s - 1].lastLayer)", sent: sent, received: received)
        } else {
            regroup(s)
        }
        let t = (0..<k).map { n[$0] / g * seg.flops / conv[$0] }
        for d in 0..<k {
            compute[d] += t[d]
            weights[d] += n[d] / g * seg.weightBytes
            workingSet[d] = max(workingSet[d], n[d] / g * seg.peakActivationBytes)
        }
        phases.append((seg.firstLayer, seg.lastLayer, t.max() ?? 0))
        ledger.compute("\(seg.firstLayer)…\(seg.lastLayer)", t)
    }

    /// After row segment s − 1: each device fetches its groups' share of every row of the shuffled map it does not hold.
    private mutating func regroup(_ s: Int) {
        var sent = [Double](repeating: 0, count: k), received = sent
        let id = net.segments[s - 1].lastLayer
        if let geo = net.spatial, let x = geo.layers.firstIndex(where: { $0.id == id }) {
            let rowBytes = geo.layers[x].rowBytes
            for d in 0..<k where groups[s][d] > 0 {
                let bytes = groups[s][d] / g * rowBytes
                for (y, o) in owner[x].enumerated() where held[d][x][y] < 1 {
                    received[d] += bytes
                    sent[o] += bytes
                }
            }
        }
        ledger.phase("shuffle after \(id)", sent: sent, received: received)
    }

    /// Groups device d computes in the last segment over g: its share of the group-split head.
    private mutating func groupHead() {
        let n = groups[groups.count - 1]
        let head = (0..<k).map { n[$0] / g * net.headFLOPs / fc[$0] }
        for d in 0..<k {
            compute[d] += head[d]
            weights[d] += n[d] / g * net.headWeightBytes
        }
        headSeconds = head.max() ?? 0
        ledger.compute("head \(net.headLayer)", head)
        ledger.gather("gather \(net.headLayer) partial sums", bytes: net.headOutputBytes, from: n.map { $0 > 0 })
    }

    // MARK: Segments split into rows

    /// Every layer of row segment s: its exchange of missing rows (when any), then its compute.
    private mutating func rowSegment(_ s: Int) {
        guard let geo = net.spatial else { return }
        for l in geo.layers.indices where net.spatialSegments[l] == s {
            let layer = geo.layers[l]
            var sent = [Double](repeating: 0, count: k), received = sent
            var start = 0, crosses = false
            for d in 0..<k {
                defer { start += rows[l][d] }
                guard rows[l][d] > 0 else { continue }
                var need = 0.0
                for input in layer.inputs {
                    need += fetch(input, rows: start...(start + rows[l][d] - 1), for: d, sent: &sent, received: &received)
                    if input.source >= 0 && net.spatialSegments[input.source] != s { crosses = true }
                }
                workingSet[d] = max(workingSet[d], need + Double(rows[l][d]) * layer.rowBytes)
                weights[d] += layer.weightBytes
            }
            if received.contains(where: { $0 > 0 }) {
                flush()
                let kind = layer.inputs.allSatisfy { $0.source < 0 } ? "input rows" : (crosses ? "shuffled rows" : "halo rows")
                ledger.phase("\(kind) for \(layer.id)", sent: sent, received: received)
            }
            for d in 0..<k {
                let t = Double(rows[l][d]) / Double(layer.height) * layer.flops / conv[d]
                compute[d] += t
                stretch[d] += t
            }
            if stretchFirst == nil { stretchFirst = layer.id }
            stretchLast = layer.id
        }
        if s == 0 { for d in 0..<k { inputMemory[d] = Double(inputHeld[d].filter { $0 }.count) * geo.inputRowBytes } }
    }

    /// Device d's strip `strip` of a layer reads `input`: the rows it lacks are added to the
    /// exchange and marked held. Returns the bytes of the input rows the strip reads.
    private mutating func fetch(_ input: SpatialGeometry.Input, rows strip: ClosedRange<Int>, for d: Int,
                                sent: inout [Double], received: inout [Double]) -> Double {
        guard let geo = net.spatial else { return 0 }
        let source = input.source
        let height = source < 0 ? geo.inputHeight : geo.layers[source].height
        let rowBytes = source < 0 ? geo.inputRowBytes : geo.layers[source].rowBytes
        guard let needed = input.window.map({ $0.inputRows(strip.lowerBound, strip.upperBound, inputHeight: height) }) ?? strip else { return 0 }
        for y in needed {
            if source < 0 {
                if inputHeld[d][y] { continue }
                received[d] += rowBytes
                sent[0] += rowBytes
                inputHeld[d][y] = true
                continue
            }
            let has = held[d][source][y]
            if has >= 1 { continue }
            received[d] += (1 - has) * rowBytes
            if rows[source].isEmpty {
                // Computed by groups: every other device holds its groups' share of the row.
                let split = groups[net.spatialSegments[source]]
                for e in 0..<k where e != d { sent[e] += split[e] / g * rowBytes }
            } else {
                sent[owner[source][y]] += rowBytes
            }
            held[d][source][y] = 1
        }
        return Double(needed.count) * rowBytes
    }

    /// The head after a row segment: pooled partial sums (or the classifier split by rows) gathered on device 0.
    private mutating func rowHead() {
        guard let geo = net.spatial else { return }
        let last = geo.layers.count - 1, lastHeight = Double(geo.layers[last].height)
        let share = (0..<k).map { Double(rows[last][$0]) / lastHeight }
        let holders = rows[last].map { $0 > 0 }
        if let pool = geo.globalPool {
            for d in 0..<k {
                let t = share[d] * pool.flops / conv[d]
                compute[d] += t
                stretch[d] += t
            }
            stretchLast = pool.id
            headSeconds = net.headFLOPs / fc[0]
            compute[0] += headSeconds
            weights[0] += net.headWeightBytes
            flush()
            ledger.gather("gather \(pool.id) partial sums", bytes: pool.outputBytes, from: holders)
            ledger.compute("head \(net.headLayer)", (0..<k).map { $0 == 0 ? headSeconds : 0 })
        } else {
            let head = (0..<k).map { share[$0] * net.headFLOPs / fc[$0] }
            for d in 0..<k {
                compute[d] += head[d]
                weights[d] += share[d] * net.headWeightBytes
            }
            headSeconds = head.max() ?? 0
            flush()
            ledger.compute("head \(net.headLayer)", head)
            ledger.gather("gather \(net.headLayer) partial sums", bytes: net.headOutputBytes, from: holders)
        }
    }

    /// Closes the compute phase running since the last exchange or barrier.
    private mutating func flush() {
        guard let first = stretchFirst else { return }
        phases.append((first, stretchLast, stretch.max() ?? 0))
        ledger.compute(first == stretchLast ? first : "\(first)…\(stretchLast)", stretch)
        stretch = [Double](repeating: 0, count: k)
        stretchFirst = nil
    }
}
