extension ChannelVerifier {
    /// Judges a spatial plan (DeCNN's comparison point): every layer split into row strips, layer by layer.
    ///
    /// Checks that every layer of ``ChannelNetwork/spatial`` gets one non-negative row count per
    /// device adding up to its height. Device d's strip is the d-th contiguous run of rows. Then,
    /// in topological order, every layer's strip is back-projected through each input's window
    /// (P4's geometry); the rows a device needs and does not hold yet are sent by their owners
    /// (the network input is on device 0) in an exchange phase before the layer, and are kept
    /// afterwards. Compute between two exchanges is one phase (its slowest device). A device with
    /// r of a layer's H rows does r/H of its FLOPs at its conv rate. A global average pool is
    /// computed on each device's own rows, the partial vectors are gathered on device 0, which
    /// runs the classifier and the tail; without one, the classifier is split by input rows like
    /// the group plans' and its partial sums gathered. Every device holds every weight of the
    /// body; its working set is the largest input rows held plus output rows of one layer.
    ///
    /// - Complexity: O(L·k·H) for L layers of at most H rows.
    static func verifySpatial(_ rows: [[Int]], groupsToo: Bool, network net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool,
                              exchangeSeconds: Double = 0) -> ChannelReport {
        let k = cluster.count
        var violations: [Violation] = []
        guard let geo = net.spatial else {
            return failed([Violation(kind: "no-row-geometry", message: "the network cannot be split into row strips: \(net.spatialUnavailable ?? "no row geometry")")],
                          overlap: overlap)
        }
        if k == 0 { violations.append(Violation(kind: "no-device", message: "the cluster has no device")) }
        if groupsToo { violations.append(Violation(kind: "spatial-and-groups", message: "a spatial plan must not also give groups")) }
        if rows.count != geo.layers.count { violations.append(Violation(kind: "wrong-size", message: "the plan gives rows for \(rows.count) layers, the network has \(geo.layers.count)")) }
        for (l, r) in rows.enumerated() where l < geo.layers.count && k > 0 {
            let layer = geo.layers[l]
            if r.count != k {
                violations.append(Violation(kind: "wrong-size", message: "layer \(layer.id): \(r.count) row counts for \(k) devices"))
            } else if let d = r.firstIndex(where: { $0 < 0 }) {
                violations.append(Violation(kind: "negative-rows", message: "layer \(layer.id): device \(d) gets \(r[d]) rows"))
            } else if r.reduce(0, +) != layer.height {
                violations.append(Violation(kind: "uncovered", message: "layer \(layer.id): the strips cover \(r.reduce(0, +)) rows, the map has \(layer.height)"))
            }
        }
        guard violations.isEmpty else { return failed(violations, overlap: overlap) }

        let conv = cluster.map { $0.device.flopsPerSecond(for: .conv) }, fc = cluster.map { $0.device.flopsPerSecond(for: .fc) }
        // owner[l][y]: the device computing row y of layer l; held[d][l][y]: whether d has that row.
        let owner: [[Int]] = rows.map { r in r.enumerated().flatMap { d, n in repeatElement(d, count: n) } }
        let inputOwner = [Int](repeating: 0, count: geo.inputHeight)
        var held: [[[Bool]]] = (0..<k).map { d in owner.map { $0.map { $0 == d } } }
        var inputHeld: [[Bool]] = (0..<k).map { d in [Bool](repeating: d == 0, count: geo.inputHeight) }
        var ledger = ExchangeLedger(cluster: cluster, exchangeSeconds: exchangeSeconds)
        var compute = [Double](repeating: 0, count: k), stretch = [Double](repeating: 0, count: k)
        var phases: [(first: String, last: String, seconds: Double)] = []
        var stretchFirst: String?, stretchLast = ""
        func flush() {
            guard let first = stretchFirst else { return }
            phases.append((first, stretchLast, stretch.max() ?? 0))
            ledger.compute(first == stretchLast ? first : "\(first)…\(stretchLast)", stretch)
            stretch = [Double](repeating: 0, count: k)
            stretchFirst = nil
        }
        var workingSet = [Double](repeating: 0, count: k)
        for (l, layer) in geo.layers.enumerated() {
            var sent = [Double](repeating: 0, count: k), received = [Double](repeating: 0, count: k)
            var needBytes = [Double](repeating: 0, count: k)
            var start = 0
            for d in 0..<k {
                defer { start += rows[l][d] }
                guard rows[l][d] > 0 else { continue }
                let first = start, last = start + rows[l][d] - 1
                for input in layer.inputs {
                    let height = input.source < 0 ? geo.inputHeight : geo.layers[input.source].height
                    let rowBytes = input.source < 0 ? geo.inputRowBytes : geo.layers[input.source].rowBytes
                    let needed = input.window.map { $0.inputRows(first, last, inputHeight: height) } ?? (first...last)
                    guard let needed else { continue }
                    needBytes[d] += Double(needed.count) * rowBytes
                    for y in needed {
                        let has = input.source < 0 ? inputHeld[d][y] : held[d][input.source][y]
                        if has { continue }
                        let from = input.source < 0 ? inputOwner[y] : owner[input.source][y]
                        received[d] += rowBytes
                        sent[from] += rowBytes
                        if input.source < 0 { inputHeld[d][y] = true } else { held[d][input.source][y] = true }
                    }
                }
                workingSet[d] = max(workingSet[d], needBytes[d] + Double(rows[l][d]) * layer.rowBytes)
            }
            if received.contains(where: { $0 > 0 }) {
                flush()
                let isInput = layer.inputs.allSatisfy { $0.source < 0 }
                ledger.phase(isInput ? "input rows for \(layer.id)" : "halo rows for \(layer.id)", sent: sent, received: received)
            }
            for d in 0..<k {
                let t = Double(rows[l][d]) / Double(layer.height) * layer.flops / conv[d]
                compute[d] += t
                stretch[d] += t
            }
            if stretchFirst == nil { stretchFirst = layer.id }
            stretchLast = layer.id
        }
        let last = geo.layers.count - 1, lastHeight = Double(geo.layers[last].height)
        let share = (0..<k).map { Double(rows[last][$0]) / lastHeight }
        var headSeconds: Double
        var headWeights = [Double](repeating: 0, count: k)
        var gathered = (layer: net.headLayer, bytes: net.headOutputBytes)
        if let pool = geo.globalPool {
            for d in 0..<k {
                let t = share[d] * pool.flops / conv[d]
                compute[d] += t
                stretch[d] += t
            }
            stretchLast = pool.id
            headSeconds = net.headFLOPs / fc[0]
            compute[0] += headSeconds
            headWeights[0] = net.headWeightBytes
            gathered = (pool.id, pool.outputBytes)
            flush()
            ledger.gather("gather \(gathered.layer) partial sums", bytes: gathered.bytes, from: rows[last].map { $0 > 0 })
            ledger.compute("head \(net.headLayer)", (0..<k).map { $0 == 0 ? headSeconds : 0 })
        } else {
            let head = (0..<k).map { share[$0] * net.headFLOPs / fc[$0] }
            for d in 0..<k {
                compute[d] += head[d]
                headWeights[d] = share[d] * net.headWeightBytes
            }
            headSeconds = head.max() ?? 0
            flush()
            ledger.compute("head \(net.headLayer)", head)
            ledger.gather("gather \(gathered.layer) partial sums", bytes: gathered.bytes, from: rows[last].map { $0 > 0 })
        }
        let tail = net.tailFLOPs / fc[0]
        ledger.compute("tail", (0..<k).map { $0 == 0 ? tail : 0 })
        compute[0] += tail
        headSeconds += tail
        let memory = (0..<k).map { d in
            geo.weightBytes + headWeights[d] + (d == 0 ? net.tailWeightBytes : 0) + workingSet[d]
                + Double(inputHeld[d].filter { $0 }.count) * geo.inputRowBytes
        }
        violations += capacityViolations(memory, cluster: cluster)
        return finish(violations, phases: phases, ledger: ledger, headSeconds: headSeconds, compute: compute, memory: memory,
                      single: singleDeviceMemory(net), overlap: overlap)
    }
}
