import PartitionModel

/// Prices grid cells from per-axis region lengths and runs the column programme of ``GridSearch``.
struct CellPricing {
    let block: ConvBlock
    let search: Search
    let H: Int, W: Int, L: Int
    /// rows[l][p * (H + 1) + e]: height of the level-l region of output rows p..<e; cols likewise for columns.
    let rows: [[Int]], cols: [[Int]]
    /// Per class: the memory cap.
    let cap: [Double?]

    init(block b: ConvBlock, search: Search) {
        (block, self.search) = (b, search)
        (H, W, L) = (b.outputHeight, b.outputWidth, b.stages.count)
        var rows = [[Int]](repeating: [Int](repeating: 0, count: (H + 1) * (H + 1)), count: L + 1)
        var cols = [[Int]](repeating: [Int](repeating: 0, count: (W + 1) * (W + 1)), count: L + 1)
        for p in 0..<H {
            for e in (p + 1)...H {
                let regions = b.fusedRegions(for: TileRect(r0: p, r1: e - 1, c0: 0, c1: 0))
                for l in 0...L { rows[l][p * (H + 1) + e] = regions[l].height }
            }
        }
        for x in 0..<W {
            for e in (x + 1)...W {
                let regions = b.fusedRegions(for: TileRect(r0: 0, r1: 0, c0: x, c1: e - 1))
                for l in 0...L { cols[l][x * (W + 1) + e] = regions[l].width }
            }
        }
        (self.rows, self.cols) = (rows, cols)
        cap = search.classes.map { search.cluster[$0[0]].device.memoryCapacity }
    }

    /// Seconds for class k on output rows p..<e × columns x..<e2, as ``TilingCost/tileSeconds(_:fusedThrough:device:)``
    /// computes them (∞ when the cell breaks the class's memory cap).
    func seconds(_ k: Int, _ p: Int, _ e: Int, _ x: Int, _ e2: Int) -> Double {
        let ri = p * (H + 1) + e, ci = x * (W + 1) + e2
        let d = search.cluster[search.classes[k][0]]
        var t = 0.0
        for (l, s) in block.stages.enumerated() {
            t += Double(rows[l + 1][ri] * cols[l + 1][ci]) * s.flopsPerOutputPixel / d.device.flopsPerSecond(for: s.op)
        }
        let inputPixels = rows[0][ri] * cols[0][ci], outputPixels = (e - p) * (e2 - x)
        let bytes = Double(inputPixels * block.stages[0].inChannels + outputPixels * block.stages.last!.outChannels) * block.bytesPerElement
        if let c = cap[k], bytes + search.weights > c { return .infinity }
        return search.period
            ? TilingCost.cellPeriod(compute: t, bytes: bytes, weights: block.weightBytes, device: d, index: search.classes[k][0], execution: search.execution)
            : TilingCost.cellSeconds(compute: t, bytes: bytes, weights: block.weightBytes, device: d, index: search.classes[k][0], execution: search.execution)
    }

    /// Searches every vector of r bands; false when the deadline stopped it.
    mutating func searchBands(_ r: Int, best: inout GridSearch.Outcome, visited: inout Int, transposed: Bool) -> Bool {
        var cuts = Array(1..<r)  // r − 1 cuts, strictly increasing in 1..<H
        while true {
            if search.deadlinePassed { return false }
            let bounds = [0] + cuts + [H]
            let bands = (0..<r).map { (bounds[$0], bounds[$0 + 1]) }
            if bandBound(bands, devicesPerBand: search.cluster.count / r) < best.makespan {
                var columns = ColumnProgramme(pricing: self, bands: bands, cutoff: best.makespan)
                let (value, tiles) = columns.solve()
                visited += columns.statesVisited
                if value < best.makespan, let tiles {
                    best.makespan = value
                    best.tiles = tiles.map { DeviceTile(rect: transposed ? $0.rect.transposed : $0.rect, device: $0.device) }
                }
            }
            // Next vector of cuts.
            guard r > 1 else { return true }
            var i = r - 2
            while i >= 0 && cuts[i] == H - (r - 1 - i) { i -= 1 }
            if i < 0 { return true }
            cuts[i] += 1
            for j in (i + 1)..<(r - 1) { cuts[j] = cuts[j - 1] + 1 }
        }
    }

    /// A lower bound for these bands. A band's cells cover its region at every level and its output,
    /// so their times add up to at least the band's whole-width work at the fastest rates, plus its
    /// input and output bytes at the fastest link, plus two of the smallest message costs per cell; the
    /// slowest of at most `devicesPerBand` cells takes at least the average.
    func bandBound(_ bands: [(Int, Int)], devicesPerBand: Int) -> Double {
        let cells = Double(max(devicesPerBand, 1))
        let fastestLink = search.cluster.map(\.bandwidth).max()!, cheapestMessage = search.cluster.map(\.latency).min()!
        var bound = 0.0
        for (p, e) in bands {
            let band = p * (H + 1) + e
            var seconds = 0.0
            for (l, s) in block.stages.enumerated() {
                let fastest = search.cluster.map { $0.device.flopsPerSecond(for: s.op) }.max()!
                seconds += Double(rows[l + 1][band] * cols[l + 1][W]) * s.flopsPerOutputPixel / fastest
            }
            let bytes = Double(rows[0][band] * cols[0][W] * block.stages[0].inChannels + (e - p) * W * block.stages.last!.outChannels) * block.bytesPerElement
            // A cell that moves nothing (the computing coordinator's) or hides its transfers (overlap)
            // takes at least its compute: only that part bounds then.
            let movesEverything = !search.execution.coordinatorComputes && !search.execution.overlap && !search.period
            bound = max(bound, (seconds + (movesEverything ? bytes / fastestLink : 0)) / cells + (movesEverything ? 2 * cheapestMessage : 0))
        }
        return bound
    }
}

/// best(x, S) over the columns for fixed bands (see ``GridSearch``).
struct ColumnProgramme {
    let pricing: CellPricing
    let bands: [(Int, Int)]
    var cutoff: Double
    /// Class sizes and the mixed-radix weights of the remaining-count state.
    let sizes: [Int], radix: [Int], states: Int
    var memo: [Double], choice: [Int32]
    var statesVisited = 0
    /// cost[k][band][x * (W + 1) + e]: cell seconds, computed on first use.
    var cost: [[[Double]]]
    /// Every assignment of a class to each band (the devices left decide which are allowed).
    let assignments: [[Int]]

    init(pricing: CellPricing, bands: [(Int, Int)], cutoff: Double) {
        (self.pricing, self.bands, self.cutoff) = (pricing, bands, cutoff)
        sizes = pricing.search.classes.map(\.count)
        var radix: [Int] = [], s = 1
        for n in sizes { radix.append(s); s *= n + 1 }
        (self.radix, states) = (radix, s)
        let W = pricing.W
        memo = [Double](repeating: .nan, count: (W + 1) * s)
        choice = [Int32](repeating: -1, count: (W + 1) * s)
        cost = sizes.indices.map { _ in bands.map { _ in [Double](repeating: .nan, count: (W + 1) * (W + 1)) } }
        let classes = pricing.search.classes.indices
        var all: [[Int]] = [[]]
        for _ in bands { all = all.flatMap { a in classes.map { a + [$0] } } }
        assignments = all
    }

    mutating func cell(_ k: Int, _ band: Int, _ x: Int, _ e: Int) -> Double {
        let i = x * (pricing.W + 1) + e
        if cost[k][band][i].isNaN { cost[k][band][i] = pricing.seconds(k, bands[band].0, bands[band].1, x, e) }
        return cost[k][band][i]
    }

    /// The best makespan (∞ when nothing beats the cutoff) and its tiles (device indices are concrete).
    mutating func solve() -> (Double, [DeviceTile]?) {
        let full = sizes.enumerated().reduce(0) { $0 + $1.element * radix[$1.offset] }
        let v = best(0, full)
        guard v < cutoff else { return (.infinity, nil) }
        var tiles: [DeviceTile] = [], x = 0, s = full
        var next = sizes.map { _ in 0 }  // next unused device of each class
        while x < pricing.W {
            let c = Int(choice[x * states + s])
            let e = c % (pricing.W + 1), pick = decode(c / (pricing.W + 1))
            for (band, k) in pick.enumerated() {
                let d = pricing.search.classes[k][next[k]]
                next[k] += 1
                s -= radix[k]
                tiles.append(DeviceTile(rect: TileRect(r0: bands[band].0, r1: bands[band].1 - 1, c0: x, c1: e - 1), device: d))
            }
            x = e
        }
        return (v, tiles)
    }

    /// One class per band, packed in base (number of classes).
    func decode(_ code: Int) -> [Int] {
        var c = code, out: [Int] = []
        for _ in bands { out.append(c % sizes.count); c /= sizes.count }
        return out
    }

    /// best(x, s): s is the remaining count of each class.
    mutating func best(_ x: Int, _ s: Int) -> Double {
        let W = pricing.W
        if x == W { return 0 }
        let key = x * states + s
        if !memo[key].isNaN { return memo[key] }
        statesVisited += 1
        var value = Double.infinity, pick: Int32 = -1
        let remaining = sizes.indices.map { (s / radix[$0]) % (sizes[$0] + 1) }
        // The assignments of classes to bands with enough devices left.
        let allowed = assignments.filter { a in sizes.indices.allSatisfy { k in a.filter { $0 == k }.count <= remaining[k] } }
        for e in (x + 1)...W {
            var anyBelow = false
            for a in allowed {
                var m = 0.0
                for (band, k) in a.enumerated() {
                    m = max(m, cell(k, band, x, e))
                    if m >= min(value, cutoff) { break }
                }
                if m >= min(value, cutoff) { continue }
                anyBelow = true
                let after = a.reduce(s) { $0 - radix[$1] }
                let v = max(m, best(e, after))
                if v < value {
                    value = v
                    pick = Int32(encode(a) * (W + 1) + e)
                }
            }
            if !anyBelow { break }  // wider columns only cost more
        }
        memo[key] = value < cutoff ? value : .infinity
        choice[key] = pick
        return memo[key]
    }

    func encode(_ a: [Int]) -> Int { a.reversed().reduce(0) { $0 * sizes.count + $1 } }
}
