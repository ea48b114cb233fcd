import PartitionModel

/// Splits `total` units in proportion to `weights` with largest-remainder rounding (ties to the lower index).
func largestRemainder(_ total: Int, weights: [Double]) -> [Int] {
    let sum = weights.reduce(0, +)
    guard sum > 0 else { return weights.map { _ in 0 } }
    let quotas = weights.map { Double(total) * $0 / sum }
    var parts = quotas.map { Int($0.rounded(.down)) }
    let order = quotas.indices.sorted { (quotas[$0] - Double(parts[$0]), -$0) > (quotas[$1] - Double(parts[$1]), -$1) }
    for i in order.prefix(total - parts.reduce(0, +)) { parts[i] += 1 }
    return parts
}

/// The map partitioned for each partition of the plan: the block output (fused) or every stage output.
func partitionSizes(block: ConvBlock, mode: TilingMode) -> [(h: Int, w: Int)] {
    mode == .fused ? [(block.outputHeight, block.outputWidth)] : block.stages.map { ($0.outH, $0.outW) }
}

/// Conv speed of each device, the weight of proportional splits.
func speeds(_ cluster: [ClusterDevice]) -> [Double] { cluster.map { $0.device.flopsPerSecond(for: .conv) } }

/// MoDNN's biased one-dimensional partition (BODP): strips along the longer axis, sizes ∝ device speed.
///
/// Every partitioned map (the block output in fused mode, every stage output in layer-wise mode) is
/// cut into strips across its longer side, one per device in cluster order, the number of rows (or
/// columns) of each ∝ its conv speed with largest-remainder rounding; a device whose share rounds
/// to 0 stays idle. Source: J. Mao et al., "MoDNN: Local Distributed Mobile Computing System for
/// Deep Neural Network", DATE 2017.
///
/// - Complexity: O(N) per partition.
public enum BODP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "bodp"

    /// MoDNN's strips: the longer axis of every partition split ∝ speed.
    public static func plan(block: ConvBlock, cluster: [ClusterDevice], mode: TilingMode) -> TilingPlan {
        let w = speeds(cluster)
        return TilingPlan(mode: mode, partitions: partitionSizes(block: block, mode: mode).map { (h, wd) in
            let alongRows = h >= wd
            let parts = largestRemainder(alongRows ? h : wd, weights: w)
            var offset = 0
            var tiles: [DeviceTile] = []
            for (d, n) in parts.enumerated() where n > 0 {
                let rect = alongRows ? TileRect(r0: offset, r1: offset + n - 1, c0: 0, c1: wd - 1) : TileRect(r0: 0, r1: h - 1, c0: offset, c1: offset + n - 1)
                tiles.append(DeviceTile(rect: rect, device: d))
                offset += n
            }
            return tiles
        })
    }
}

/// MeDNN's greedy two-dimensional partition (GTDP): the guillotine layout with areas ∝ speed and the
/// shortest total cut length.
///
/// Over every slicing structure (a binary tree of horizontal and vertical cuts whose leaves are the
/// devices), each cut splits its rectangle in proportion to the speeds of the devices on either
/// side; the structure whose cuts are shortest in total wins (less halo). For a fixed tree the total
/// cut length is α·width + β·height, so for every device subset we keep the Pareto front of (α, β)
/// and combine fronts bottom-up (exhaustive over slicing layouts, O(3^N) subset pairs; fine up to 8
/// devices). Cut positions are then rounded to whole rows and columns. Source: J. Mao et al.,
/// "MeDNN: A Distributed Mobile System with Enhanced Partition and Deployment for Large-Scale DNNs",
/// ICCAD 2017.
public enum GTDP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "gtdp"

    /// A candidate layout of a device subset: cut length = alpha·width + beta·height.
    struct Candidate {
        let alpha: Double, beta: Double
        /// nil for a single device; else the split, the direction and the children's candidate indices.
        let split: (first: Int, second: Int, horizontal: Bool, firstIndex: Int, secondIndex: Int)?
    }

    /// The best slicing tree for devices with `speeds` on a `height × width` map, and the device of each leaf (depth-first).
    public static func slicingTree(speeds: [Double], height: Double, width: Double) -> (tree: LayoutTemplate.Slicing, leafDevices: [Int]) {
        let n = speeds.count
        precondition(n >= 1 && n <= 16)
        let full = (1 << n) - 1
        var fronts = [[Candidate]](repeating: [], count: full + 1)
        func speed(_ mask: Int) -> Double { (0..<n).filter { mask & (1 << $0) != 0 }.reduce(0) { $0 + speeds[$1] } }
        let masks = (1...full).sorted { $0.nonzeroBitCount < $1.nonzeroBitCount }
        for mask in masks {
            if mask.nonzeroBitCount == 1 { fronts[mask] = [Candidate(alpha: 0, beta: 0, split: nil)]; continue }
            var cands: [Candidate] = []
            let total = speed(mask)
            // Sub-masks containing the lowest device: each unordered split once; both orders are tried below.
            let low = mask & -mask
            var sub = (mask - 1) & mask
            while sub > 0 {
                if sub & low != 0 {
                    let other = mask ^ sub
                    for (first, second) in [(sub, other), (other, sub)] {
                        let f = speed(first) / total
                        for (i, a) in fronts[first].enumerated() {
                            for (j, b) in fronts[second].enumerated() {
                                // Horizontal cut: rows split by f, cut length = width.
                                cands.append(Candidate(alpha: 1 + a.alpha + b.alpha, beta: f * a.beta + (1 - f) * b.beta,
                                                       split: (first, second, true, i, j)))
                                // Vertical cut: columns split by f, cut length = height.
                                cands.append(Candidate(alpha: f * a.alpha + (1 - f) * b.alpha, beta: 1 + a.beta + b.beta,
                                                       split: (first, second, false, i, j)))
                            }
                        }
                    }
                }
                sub = (sub - 1) & mask
            }
            fronts[mask] = pareto(cands)
        }
        let root = fronts[full].indices.min { fronts[full][$0].alpha * width + fronts[full][$0].beta * height <
                                               fronts[full][$1].alpha * width + fronts[full][$1].beta * height }!
        var leaves: [Int] = []
        func build(_ mask: Int, _ index: Int) -> LayoutTemplate.Slicing {
            let c = fronts[mask][index]
            guard let s = c.split else {
                leaves.append(mask.trailingZeroBitCount)
                return .leaf
            }
            let a = build(s.first, s.firstIndex)
            let b = build(s.second, s.secondIndex)
            return .cut(horizontal: s.horizontal, first: a, second: b)
        }
        let tree = build(full, root)
        return (tree, leaves)
    }

    /// Keeps the candidates no other one beats in both α and β (ties keep the first).
    static func pareto(_ cands: [Candidate]) -> [Candidate] {
        let sorted = cands.sorted { ($0.alpha, $0.beta) < ($1.alpha, $1.beta) }
        var out: [Candidate] = []
        var bestBeta = Double.infinity
        for c in sorted where c.beta < bestBeta - 1e-12 {
            out.append(c)
            bestBeta = c.beta
        }
        return out
    }

    /// MeDNN's guillotine layout: areas ∝ speed, the shortest total cut length over every slicing structure.
    public static func plan(block: ConvBlock, cluster: [ClusterDevice], mode: TilingMode) -> TilingPlan {
        let w = speeds(cluster)
        return TilingPlan(mode: mode, partitions: partitionSizes(block: block, mode: mode).map { (h, wd) in
            let (tree, leafDevices) = slicingTree(speeds: w, height: Double(h), width: Double(wd))
            var tiles: [DeviceTile] = []
            var leaf = 0
            func place(_ node: LayoutTemplate.Slicing, _ r: TileRect, _ devices: [Int]) {
                switch node {
                case .leaf:
                    if !r.isEmpty { tiles.append(DeviceTile(rect: r, device: leafDevices[leaf])) }
                    leaf += 1
                case let .cut(horizontal, a, b):
                    let na = a.leafCount
                    let first = Array(devices.prefix(na)), second = Array(devices.dropFirst(na))
                    let f = first.reduce(0) { $0 + w[$1] } / devices.reduce(0) { $0 + w[$1] }
                    if horizontal {
                        let cut = r.r0 + Int((f * Double(r.height)).rounded())
                        place(a, TileRect(r0: r.r0, r1: cut - 1, c0: r.c0, c1: r.c1), first)
                        place(b, TileRect(r0: cut, r1: r.r1, c0: r.c0, c1: r.c1), second)
                    } else {
                        let cut = r.c0 + Int((f * Double(r.width)).rounded())
                        place(a, TileRect(r0: r.r0, r1: r.r1, c0: r.c0, c1: cut - 1), first)
                        place(b, TileRect(r0: r.r0, r1: r.r1, c0: cut, c1: r.c1), second)
                    }
                }
            }
            place(tree, TileRect(r0: 0, r1: h - 1, c0: 0, c1: wd - 1), leafDevices)
            return tiles
        })
    }
}

/// DeepThings' fused tile partition (FTP): a uniform grid of tiles of the block output, each computed
/// through the whole block by one device, tiles dealt to devices by earliest finish time.
///
/// The output map is cut into rows × columns near-equal tiles; tiles are taken largest first and
/// each goes to the device that would finish it earliest (its current load plus the tile's fused
/// compute, transfer and message time): list scheduling weighted by speed. Fused mode only.
/// Source: Z. Zhao, K. M. Barijough, A. Gerstlauer, "DeepThings: Distributed Adaptive Deep Learning
/// Inference on Resource-Constrained IoT Edge Clusters", IEEE TCAD 37(11), 2018.
///
/// - Complexity: O(T·(N + L)) for T tiles.
public enum FTP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "ftp"

    /// The grid DeepThings-style: 3 × 3 up to 6 devices, 4 × 4 up to 12, then ⌈√(1.5 N)⌉ square.
    public static func defaultGrid(devices n: Int) -> (rows: Int, columns: Int) {
        if n <= 6 { return (3, 3) }
        if n <= 12 { return (4, 4) }
        let g = Int((1.5 * Double(n)).squareRoot().rounded(.up))
        return (g, g)
    }

    /// FTP's plan: the grid's tiles dealt, largest first, to the device that would finish each earliest.
    public static func plan(block: ConvBlock, cluster: [ClusterDevice], grid: (rows: Int, columns: Int)? = nil) -> TilingPlan {
        let g = grid ?? defaultGrid(devices: cluster.count)
        let rows = largestRemainder(block.outputHeight, weights: Array(repeating: 1, count: min(g.rows, block.outputHeight)))
        let cols = largestRemainder(block.outputWidth, weights: Array(repeating: 1, count: min(g.columns, block.outputWidth)))
        var rects: [TileRect] = []
        var r0 = 0
        for h in rows {
            var c0 = 0
            for w in cols {
                rects.append(TileRect(r0: r0, r1: r0 + h - 1, c0: c0, c1: c0 + w - 1))
                c0 += w
            }
            r0 += h
        }
        let cost = rects.map { r in cluster.map { TilingCost.tileSeconds(r, fusedThrough: block, device: $0) } }
        var load = [Double](repeating: 0, count: cluster.count)
        var tiles: [DeviceTile] = []
        for i in rects.indices.sorted(by: { (block.fusedFLOPs(for: rects[$0]), -$0) > (block.fusedFLOPs(for: rects[$1]), -$1) }) {
            let d = cluster.indices.min { (load[$0] + cost[i][$0], $0) < (load[$1] + cost[i][$1], $1) }!
            load[d] += cost[i][d]
            tiles.append(DeviceTile(rect: rects[i], device: d))
        }
        return TilingPlan(mode: .fused, partitions: [tiles])
    }
}

/// The naive baseline: an r × c grid of equal cells (r·c = N, as square as possible), cell i to device i.
///
/// - Complexity: O(N) per partition.
public enum EqualGrid {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "grid"

    /// The most square r × c with r·c = n.
    public static func shape(devices n: Int) -> (rows: Int, columns: Int) {
        var r = Int(Double(n).squareRoot())
        while n % r != 0 { r -= 1 }
        return (r, n / r)
    }

    /// The equal r × c grid, cell i to device i, for every partition of `mode`.
    public static func plan(block: ConvBlock, cluster: [ClusterDevice], mode: TilingMode) -> TilingPlan {
        let (r, c) = shape(devices: cluster.count)
        return TilingPlan(mode: mode, partitions: partitionSizes(block: block, mode: mode).map { (h, w) in
            let rs = largestRemainder(h, weights: Array(repeating: 1, count: r))
            let cs = largestRemainder(w, weights: Array(repeating: 1, count: c))
            var tiles: [DeviceTile] = []
            var r0 = 0
            for (i, hh) in rs.enumerated() {
                var c0 = 0
                for (j, ww) in cs.enumerated() {
                    if hh > 0 && ww > 0 { tiles.append(DeviceTile(rect: TileRect(r0: r0, r1: r0 + hh - 1, c0: c0, c1: c0 + ww - 1), device: i * c + j)) }
                    c0 += ww
                }
                r0 += hh
            }
            return tiles
        })
    }
}
