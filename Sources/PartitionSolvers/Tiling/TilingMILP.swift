import PartitionModel

/// The exact resource-constrained spatial partition (FORMULATIONS P4) as MILPs through GLPK.
///
/// For each ``LayoutTemplate`` (strips both ways, every r × c grid, and the slicing structure GTDP
/// picks), one MILP chooses the integer cut positions and which device takes which leaf (any
/// order; a leaf may be empty, leaving its device idle) to minimise the makespan z, subject to
/// every device's memory cap. The best template wins. Modelling, per leaf k and level l (block
/// input, then every stage output):
/// - the region a leaf needs at level l is [max(0, a·lo + b), min(K, a·(hi − 1) + c)] per axis
///   (``ConvBlock/affineRows(toStageOutput:)``): one binary per clamp that can bind;
/// - when both axes of a leaf vary, the area is a product; row cuts are written in binary and each
///   bit × column-length product is linearised exactly (McCormick on a binary), so the area is
///   exact, not relaxed;
/// - z ≥ Σ_l area·FLOPs-per-pixel / speed_d + (input + output bytes) / b_d + 2·w_d − M·(1 − x_dk);
/// - input region + output tile + the block's weights ≤ memory_d when device d computes leaf k.
/// Layer-wise mode solves one such MILP per stage (the coordinator re-distributes after every
/// stage, so stages are independent) and adds the optima.
///
/// Strip layouts (one template per axis) are solved exactly by ``StripDP`` (the strip MILP is kept
/// and cross-checked against it and against brute force in the tests).
/// It is exact over the union of its templates (strips both ways, every r × c grid); BODP's,
/// GTDP's and the equal grid's layouts start the search as incumbents when they fit the memory
/// caps, so the result is never worse than any of them, even when a time limit stops a MILP (GTDP's non-grid guillotine layouts are otherwise outside the family).
/// FTP's many-tiles-per-device layouts are a different family. Row cuts are enumerated (each
/// vector leaves a linear MILP) after a lower bound per vector prunes those that cannot win.
///
/// - Complexity: per template, O(N² + N·levels·(1 + bits)) variables; branch-and-cut.
public enum TilingMILP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "milp"

    /// Seconds each MILP may take when the options set no limit.
    public static let defaultModelTimeLimit = 5.0


    /// Solves P4 for the block on the cluster in `mode`.
    public static func solve(block: ConvBlock, cluster: [ClusterDevice], mode: TilingMode,
                             templates: [LayoutTemplate]? = nil, options: MILPOptions = MILPOptions()) -> SolveResult<TilingPlan> {
        let start = ContinuousClock.now
        guard !cluster.isEmpty else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: "the cluster has no device")
        }
        // `timeLimit` bounds the whole run: every MILP shares one deadline. Each grid MILP also stops
        // after 5 s; a model stopped by either makes the status time_limit.
        var options = options.withDeadline()
        options.timeLimit = defaultModelTimeLimit
        switch mode {
        case .fused:
            let r = solveFused(block: block, weights: block.weightBytes, cluster: cluster, templates: templates, options: options)
            guard let tiles = r.tiles else {
                return SolveResult(solver: name, status: r.status, plan: nil, objective: nil, bound: r.bound,
                                   statistics: SolveStatistics(seconds: secondsSince(start), iterations: r.iterations, nodes: r.nodes), message: r.message)
            }
            let plan = TilingPlan(mode: .fused, partitions: [tiles])
            return SolveResult(solver: name, status: r.status, plan: plan, objective: TilingCost.makespan(plan, block: block, cluster: cluster),
                               bound: r.bound, statistics: SolveStatistics(seconds: secondsSince(start), iterations: r.iterations, nodes: r.nodes,
                                                                           extra: [("modelMakespan", r.objective ?? .nan)]),
                               message: r.message)
        case .layerwise:
            var partitions: [[DeviceTile]] = []
            var status = SolveStatus.optimal, bound = 0.0, iterations = 0, nodes = 0, modelTotal = 0.0
            for s in block.stages {
                let one = ConvBlock(stages: [s], bytesPerElement: block.bytesPerElement)
                let r = solveFused(block: one, weights: block.weightBytes, cluster: cluster, templates: templates, options: options)
                iterations += r.iterations
                nodes += r.nodes
                guard let tiles = r.tiles else {
                    return SolveResult(solver: name, status: r.status, plan: nil, objective: nil, bound: nil,
                                       statistics: SolveStatistics(seconds: secondsSince(start), iterations: iterations, nodes: nodes),
                                       message: "stage \(s.id): " + (r.message ?? r.status.rawValue))
                }
                if r.status == .timeLimit { status = .timeLimit } else if r.status != .optimal, status != .timeLimit {
                    status = r.status == .infeasible ? .infeasible : .feasible
                }
                bound += r.bound ?? 0
                modelTotal += r.objective ?? .nan
                partitions.append(tiles)
            }
            let plan = TilingPlan(mode: .layerwise, partitions: partitions)
            return SolveResult(solver: name, status: status, plan: plan, objective: TilingCost.makespan(plan, block: block, cluster: cluster),
                               bound: bound, statistics: SolveStatistics(seconds: secondsSince(start), iterations: iterations, nodes: nodes,
                                                                         extra: [("modelMakespan", modelTotal)]))
        }
    }

    struct TemplateResult {
        var status: SolveStatus
        var tiles: [DeviceTile]?
        var objective: Double?
        var bound: Double?
        var iterations = 0
        var nodes = 0
        var message: String?
    }

    /// The best fused layout over the templates (default: strips both ways and every r × c grid), with
    /// BODP's and GTDP's layouts as starting incumbents when they fit the memory caps (so the result
    /// is never worse than either; their cost also prunes the search).
    static func solveFused(block: ConvBlock, weights: Double, cluster: [ClusterDevice], templates: [LayoutTemplate]?,
                           options: MILPOptions) -> TemplateResult {
        // Default: strips by the exact DP, then every r × c grid by MILP; explicit templates all go to the MILP.
        let list = templates ?? LayoutTemplate.standard(devices: cluster.count).filter { $0.rowCuts > 0 && $0.columnCuts > 0 }
        var best = TemplateResult(status: .infeasible, tiles: nil, objective: nil, bound: nil)
        if templates == nil {
            for alongRows in [true, false] {
                if let r = StripDP.solve(block: block, cluster: cluster, weights: weights, alongRows: alongRows),
                   best.objective == nil || r.makespan < best.objective! {
                    (best.tiles, best.objective) = (r.tiles, r.makespan)
                }
            }
            // GTDP's search is exhaustive (O(3^N)): past 8 devices it is left out when a time limit is set.
            for tiles in GridSearch.incumbents(block, cluster: cluster, weights: weights, gtdp: cluster.count <= 8 || options.deadline == nil) {
                let m = TilingCost.makespan(TilingPlan(mode: .fused, partitions: [tiles]), block: block, cluster: cluster)
                if best.objective == nil || m < best.objective! { (best.tiles, best.objective) = (tiles, m) }
            }
        }
        var allOptimal = true, anyLimit = false
        var lowest = Double.infinity
        let area = areaLowerBound(block, cluster: cluster)
        for t in list {
            if options.deadlinePassed {
                // Not searched: any layout of it costs at least the area bound.
                (allOptimal, anyLimit, lowest) = (false, true, min(lowest, area))
                continue
            }
            let r = solveTemplate(t, block: block, weights: weights, cluster: cluster, options: options, cutoff: best.objective)
            best.iterations += r.iterations
            best.nodes += r.nodes
            if r.status != .optimal && r.status != .infeasible { allOptimal = false }
            if r.status == .timeLimit { anyLimit = true }
            if r.status == .error { return r }
            if r.status != .infeasible { lowest = min(lowest, max(r.bound ?? area, area)) }
            if let o = r.objective, let tiles = r.tiles, best.objective == nil || o < best.objective! {
                (best.tiles, best.objective) = (tiles, o)
            }
        }
        if best.tiles == nil {
            best.status = anyLimit ? .timeLimit : .infeasible
            best.message = anyLimit ? "time limit before any layout was found" : "no layout fits the memory caps"
            return best
        }
        best.status = allOptimal ? .optimal : (anyLimit ? .timeLimit : .feasible)
        best.bound = allOptimal ? best.objective : min(lowest, best.objective!)
        return best
    }

    /// A lower bound on any fused layout's makespan: all the block's FLOPs, at every level over the
    /// whole map, done by the devices together at each one's fastest rate.
    static func areaLowerBound(_ block: ConvBlock, cluster: [ClusterDevice]) -> Double {
        let whole = block.fusedRegions(for: TileRect(r0: 0, r1: block.outputHeight - 1, c0: 0, c1: block.outputWidth - 1))
        var work = 0.0
        for (l, s) in block.stages.enumerated() { work += Double(whole[l + 1].area) * s.flopsPerOutputPixel }
        let rate = cluster.reduce(0.0) { sum, d in sum + block.stages.map { d.device.flopsPerSecond(for: $0.op) }.max()! }
        return rate > 0 ? work / rate : 0
    }

    /// A lower bound on the makespan of any layout of `t` with these row cuts: each row band's
    /// leaves run on distinct devices and must together compute the band's rows across the whole
    /// needed width at every level.
    static func rowBandLowerBound(_ t: LayoutTemplate, rowCuts v: [Int], block: ConvBlock, cluster: [ClusterDevice]) -> Double {
        let H = block.outputHeight, W = block.outputWidth
        func value(_ b: LayoutTemplate.Bound) -> Int? {
            switch b {
            case .zero: return 0
            case .full: return H
            case .row(let i): return v[i]
            case .column: return nil
            }
        }
        var bands: [[Int]: Int] = [:]
        for leaf in t.leaves {
            guard let lo = value(leaf.rowLow), let hi = value(leaf.rowHigh), hi > lo else { continue }
            bands[[lo, hi], default: 0] += 1
        }
        let whole = block.fusedRegions(for: TileRect(r0: 0, r1: H - 1, c0: 0, c1: W - 1))
        var bound = 0.0
        for (band, k) in bands {
            let regions = block.fusedRegions(for: TileRect(r0: band[0], r1: band[1] - 1, c0: 0, c1: W - 1))
            var seconds = 0.0
            for (l, s) in block.stages.enumerated() {
                let fastest = cluster.map { $0.device.flopsPerSecond(for: s.op) }.max()!
                seconds += Double(regions[l + 1].height * whole[l + 1].width) * s.flopsPerOutputPixel / fastest
            }
            bound = max(bound, seconds / Double(k))
        }
        return bound
    }

    /// Largest number of row-cut vectors enumerated before falling back to the binary-expansion model.
    static let enumerationLimit = 2000

    /// Solves one template exactly: row-cut vectors are enumerated (each one leaves a linear MILP over
    /// column cuts and assignment) when there are few, after transposing the map if that leaves fewer
    /// row cuts; otherwise one MILP with the row cuts in binary.
    static func solveTemplate(_ template: LayoutTemplate, block original: ConvBlock, weights: Double, cluster: [ClusterDevice],
                              options: MILPOptions, cutoff: Double? = nil) -> TemplateResult {
        let transpose = template.columnCuts < template.rowCuts
        let t = transpose ? template.transposed() : template
        let block = transpose ? original.transposed() : original
        var result: TemplateResult
        if t.rowCuts == 0 {
            result = solveModel(t, block: block, weights: weights, cluster: cluster, fixedRows: [], options: options, cutoff: cutoff)
        } else if let vectors = t.rowCutVectors(height: block.outputHeight, limit: enumerationLimit) {
            result = TemplateResult(status: .infeasible, tiles: nil, objective: nil, bound: nil)
            var allOptimal = true, lowest = Double.infinity
            for v in vectors {
                // Only a layout better than the best so far matters: z ≤ that bound prunes the rest early.
                let bound = [cutoff, result.objective].compactMap { $0 }.min()
                let bandBound = rowBandLowerBound(t, rowCuts: v, block: block, cluster: cluster)
                if let b = bound, bandBound >= b { continue }
                if options.deadlinePassed {
                    // Not searched: its row bands still bound it from below.
                    allOptimal = false
                    lowest = min(lowest, bandBound)
                    continue
                }
                let r = solveModel(t, block: block, weights: weights, cluster: cluster, fixedRows: v, options: options, cutoff: bound)
                result.iterations += r.iterations
                result.nodes += r.nodes
                if r.status == .error { return r }
                if r.status != .optimal && r.status != .infeasible { allOptimal = false }
                if r.status != .infeasible { lowest = min(lowest, max(r.bound ?? bandBound, bandBound)) }
                // Candidates are ranked by their verified makespan, not by the model's value.
                if let tiles = r.tiles {
                    let o = TilingCost.makespan(TilingPlan(mode: .fused, partitions: [tiles]), block: block, cluster: cluster)
                    if result.objective == nil || o < result.objective! { (result.tiles, result.objective) = (tiles, o) }
                }
            }
            if result.tiles != nil {
                result.status = allOptimal ? .optimal : .feasible
                result.bound = allOptimal ? result.objective : min(lowest, result.objective!)
            } else {
                result.status = allOptimal ? .infeasible : .timeLimit
            }
        } else {
            result = solveModel(t, block: block, weights: weights, cluster: cluster, fixedRows: nil, options: options, cutoff: cutoff)
        }
        if transpose { result.tiles = result.tiles?.map { DeviceTile(rect: $0.rect.transposed, device: $0.device) } }
        return result
    }

    /// One MILP for the template; with `fixedRows`, the row cuts are those numbers and every area is linear.
    /// `cutoff` (seconds) adds z ≤ cutoff: the model is then infeasible unless it can match or beat it.
    static func solveModel(_ t: LayoutTemplate, block: ConvBlock, weights: Double, cluster: [ClusterDevice],
                           fixedRows: [Int]?, options: MILPOptions, cutoff: Double? = nil) -> TemplateResult {
        let n = cluster.count
        guard t.leaves.count == n else { return TemplateResult(status: .error, message: "template \(t.name) has \(t.leaves.count) leaves for \(n) devices") }
        let built = TilingGridModel(t, block: block, weights: weights, cluster: cluster, fixedRows: fixedRows, cutoff: cutoff)
        let (m, scale, rowCut, colCut, x, H, W) = (built.model, built.scale, built.rowCut, built.colCut, built.x, built.H, built.W)
        let r = MILPSolver.solve(m, options: options)
        var out = TemplateResult(status: r.status, tiles: nil, objective: r.objective.map { $0 / scale }, bound: r.bound.map { $0 / scale },
                                 iterations: r.statistics.iterations, nodes: r.statistics.nodes, message: r.message)
        guard let v = r.values else { return out }
        let rc = rowCut.map { Int(v[$0.index].rounded()) }, cc = colCut.map { Int(v[$0.index].rounded()) }
        let rects = t.rectangles(rowCuts: rc, columnCuts: cc, height: H, width: W)
        var tiles: [DeviceTile] = []
        for k in 0..<n where !rects[k].isEmpty {
            let d = (0..<n).first { v[x[$0][k].index] > 0.5 }!
            tiles.append(DeviceTile(rect: rects[k], device: d))
        }
        out.tiles = tiles
        return out
    }
}

extension String {
    func replacingSpaces() -> String { String(map { $0 == " " || $0 == "×" ? "_" : $0 }) }
}

extension ClusterDevice {
    /// Same speeds, link and memory: exchanging the two never changes a plan's cost or feasibility.
    func isInterchangeable(with o: ClusterDevice) -> Bool {
        device.flopsPerSecond == o.device.flopsPerSecond && device.flopsPerSecondByOp == o.device.flopsPerSecondByOp &&
            device.memoryCapacity == o.device.memoryCapacity && bandwidth == o.bandwidth && latency == o.latency
    }
}

/// One grid MILP of ``TilingMILP``: the template's cut positions, the device assignment and the
/// makespan, built one constraint family at a time (in the order the solver has always used).
/// Coefficients are scaled so that running the whole block on the slowest device costs 1000.
struct TilingGridModel {
    private(set) var model: MILPModel
    /// Model units per second.
    private(set) var scale: Double
    /// Seconds to run the whole block on each device alone (the big-M of the makespan rows).
    private var fullCost: [Double]
    /// The row and column cut positions (integers; row cuts fixed when the rows are enumerated).
    private(set) var rowCut: [Var] = [], colCut: [Var] = []
    /// x[d][k] = 1: device d takes leaf k.
    private(set) var x: [[Var]] = []
    /// The makespan variable.
    private(set) var z = Var(0)
    let H: Int, W: Int
    private let t: LayoutTemplate, block: ConvBlock, weights: Double, cluster: [ClusterDevice], fixedRows: [Int]?, cutoff: Double?
    private let n: Int, L: Int, β: Double, cin: Double, cout: Double
    private let rowAffine: [(a: Int, b: Int, c: Int, k: Int)], colAffine: [(a: Int, b: Int, c: Int, k: Int)]
    /// The binary digits of the row cuts that multiply a varying column length.
    private var bits: [Int: [Var]] = [:]
    /// Per leaf and level, the area needed; per leaf, whether it is non-empty (1 or a binary).
    private var areaExpr: [[LinearExpr]] = [], active: [LinearExpr] = []
    private var levels: ClosedRange<Int> { 0...L }

    init(_ t: LayoutTemplate, block: ConvBlock, weights: Double, cluster: [ClusterDevice], fixedRows: [Int]?, cutoff: Double?) {
        (self.t, self.block, self.weights, self.cluster, self.fixedRows, self.cutoff) = (t, block, weights, cluster, fixedRows, cutoff)
        n = cluster.count
        (H, W, L, β) = (block.outputHeight, block.outputWidth, block.stages.count, block.bytesPerElement)
        rowAffine = (0...block.stages.count).map { block.affineRows(toStageOutput: $0 - 1) }
        colAffine = (0...block.stages.count).map { block.affineColumns(toStageOutput: $0 - 1) }
        (cin, cout) = (Double(block.stages[0].inChannels), Double(block.stages.last!.outChannels))
        fullCost = []
        scale = 1
        model = MILPModel(name: "P4_" + t.name.replacingSpaces(), sense: .minimize)
        let costs = (0..<n).map { d in levels.reduce(2 * cluster[d].latency) { $0 + perArea($1, d) * Double(dims($1).h * dims($1).w) } }
        fullCost = costs
        scale = 1000 / max(costs.max() ?? 1, 1e-300)
        cutVariables()
        orderCuts()
        rowCutBits()
        leafAreas()
        assignment()
        makespanAndMemory()
    }

    private func dims(_ l: Int) -> (h: Int, w: Int) {
        l == 0 ? (block.stages[0].inH, block.stages[0].inW) : (block.stages[l - 1].outH, block.stages[l - 1].outW)
    }

    /// Seconds per unit of area at level l on device d: compute, plus the input (level 0) and output (level L) transfers.
    private func perArea(_ l: Int, _ d: Int) -> Double {
        var c = 0.0
        if l >= 1 { c += block.stages[l - 1].flopsPerOutputPixel / cluster[d].device.flopsPerSecond(for: block.stages[l - 1].op) }
        if l == 0 { c += cin * β / cluster[d].bandwidth }
        if l == L { c += cout * β / cluster[d].bandwidth }
        return c
    }

    /// The cut positions: integers in 0…H and 0…W (row cuts fixed when enumerated).
    private mutating func cutVariables() {
        rowCut = (0..<t.rowCuts).map { i -> Var in
            if let f = fixedRows { return model.variable("row_cut\(i)", lower: Double(f[i]), upper: Double(f[i]), kind: .integer) }
            return model.variable("row_cut\(i)", lower: 0, upper: Double(H), kind: .integer)
        }
        colCut = (0..<t.columnCuts).map { model.variable("col_cut\($0)", lower: 0, upper: Double(W), kind: .integer) }
    }

    /// A bound's variable part (`.zero` and `.full` have none).
    private func expr(_ b: LayoutTemplate.Bound) -> LinearExpr {
        switch b {
        case .zero, .full: return LinearExpr()
        case .row(let i): return LinearExpr(rowCut[i])
        case .column(let j): return LinearExpr(colCut[j])
        }
    }

    /// A bound's position, with `.full` resolved to `full`.
    private func value(_ b: LayoutTemplate.Bound, full: Int) -> LinearExpr {
        b == .full ? LinearExpr(constant: Double(full)) : expr(b)
    }

    /// The template's order between cuts (a cut inside another's range stays inside it).
    private mutating func orderCuts() {
        for (a, b) in t.order {
            let isColumn: Bool = {
                if case .column = a { return true }
                if case .column = b { return true }
                return false
            }()
            let full = isColumn ? W : H
            model.add("order", value(a, full: full) <= value(b, full: full))
        }
    }

    /// The binary digits of the row cuts that some leaf multiplies by a varying column length.
    private mutating func rowCutBits() {
        var needsBits = Set<Int>()
        for leaf in t.leaves where fixedRows == nil {
            let colVaries = leaf.columnLow != .zero || leaf.columnHigh != .full
            if colVaries {
                if case .row(let i) = leaf.rowLow { needsBits.insert(i) }
                if case .row(let i) = leaf.rowHigh { needsBits.insert(i) }
            }
        }
        let bitCount = String(H, radix: 2).count  // enough bits to write any cut position 0…H
        bits = [:]
        for i in needsBits.sorted() {
            let digits = (0..<bitCount).map { model.variable("row_cut\(i)_bit\($0)", kind: .binary) }
            bits[i] = digits
            model.add("row_cut\(i)_binary", LinearExpr(rowCut[i]) == .sum(digits.enumerated().map { ($1, Double(1 << $0)) }))
        }
    }

    /// Per leaf: non-empty indicators, activity, and the area needed at every level: the clamped
    /// back-projected lengths, and the McCormick products of row-cut bits and column lengths.
    private mutating func leafAreas() {
        areaExpr = [[LinearExpr]](repeating: [], count: n)
        active = []
        for (k, leaf) in t.leaves.enumerated() {
            let rowFixed = leaf.rowLow == .zero && leaf.rowHigh == .full
            let colFixed = leaf.columnLow == .zero && leaf.columnHigh == .full
            let knownRows = fixedRows.map { f in (lo: Self.position(leaf.rowLow, fixed: f, full: H), hi: Self.position(leaf.rowHigh, fixed: f, full: H)) }
            var er = nonEmpty(k, leaf.rowLow, leaf.rowHigh, size: H, fixed: rowFixed || knownRows != nil, "rows")
            if let kr = knownRows { er = LinearExpr(constant: kr.hi > kr.lo ? 1 : 0) }
            let ec = nonEmpty(k, leaf.columnLow, leaf.columnHigh, size: W, fixed: colFixed, "cols")
            let act: LinearExpr
            if er.terms.isEmpty && er.constant == 0 { act = LinearExpr() } else if rowFixed && colFixed { act = LinearExpr(constant: 1) } else if rowFixed || knownRows != nil { act = ec } else if colFixed { act = er } else {
                let a = model.variable("leaf\(k)_active", kind: .binary)
                model.add("leaf\(k)_active", a - er - ec >= -1)
                act = LinearExpr(a)
            }
            active.append(act)
            for l in levels {
                areaExpr[k].append(area(k, leaf, level: l, knownRows: knownRows, rowNonEmpty: er, columnNonEmpty: ec, active: act))
            }
        }
    }

    /// A row bound's number once the row cuts are fixed.
    private static func position(_ b: LayoutTemplate.Bound, fixed f: [Int], full: Int) -> Int {
        switch b {
        case .zero: return 0
        case .full: return full
        case .row(let i): return f[i]
        case .column: preconditionFailure("a row bound names a column cut")
        }
    }

    /// 1 iff the extent [lo, hi) is non-empty (a constant 1 when the extent is fixed).
    private mutating func nonEmpty(_ k: Int, _ lo: LayoutTemplate.Bound, _ hi: LayoutTemplate.Bound, size: Int, fixed: Bool, _ tag: String) -> LinearExpr {
        if fixed { return LinearExpr(constant: 1) }
        let e = model.variable("leaf\(k)_\(tag)_nonempty", kind: .binary)
        let extent = value(hi, full: size) - value(lo, full: size)
        model.add("leaf\(k)_\(tag)_min", extent - e >= 0)
        model.add("leaf\(k)_\(tag)_max", extent - Double(size) * e <= 0)
        return LinearExpr(e)
    }

    /// The area leaf k needs at level l (an expression ≥ the true area when the leaf is active).
    private mutating func area(_ k: Int, _ leaf: LayoutTemplate.Leaf, level l: Int, knownRows: (lo: Int, hi: Int)?,
                               rowNonEmpty er: LinearExpr, columnNonEmpty ec: LinearExpr, active act: LinearExpr) -> LinearExpr {
        let rowFixed = leaf.rowLow == .zero && leaf.rowHigh == .full
        let colFixed = leaf.columnLow == .zero && leaf.columnHigh == .full
        let (hl, wl) = dims(l)
        if let kr = knownRows {
            // Known rows: the region's row length at this level is a number; the area is linear in the column length.
            let af = rowAffine[l]
            let rows = kr.hi > kr.lo ? max(0, min(af.k, af.a * (kr.hi - 1) + af.c) - max(0, af.a * kr.lo + af.b) + 1) : 0
            if rows == 0 { return LinearExpr() }
            if colFixed { return LinearExpr(constant: Double(rows * wl)) }
            return Double(rows) * length(k, leaf.columnLow, leaf.columnHigh, colAffine[l], level: l, size: wl, outSize: W, nonEmpty: ec, "c")
        }
        if rowFixed && colFixed { return LinearExpr(constant: Double(hl * wl)) }
        if colFixed { return Double(wl) * length(k, leaf.rowLow, leaf.rowHigh, rowAffine[l], level: l, size: hl, outSize: H, nonEmpty: er, "r") }
        let col = length(k, leaf.columnLow, leaf.columnHigh, colAffine[l], level: l, size: wl, outSize: W, nonEmpty: ec, "c")
        if rowFixed { return Double(hl) * col }
        return bilinearArea(k, leaf, level: l, columnLength: col.terms[0].variable, active: act)
    }

    /// Length of the needed region along one axis at level l (a variable ≥ the true length when non-empty).
    private mutating func length(_ k: Int, _ lo: LayoutTemplate.Bound, _ hi: LayoutTemplate.Bound, _ af: (a: Int, b: Int, c: Int, k: Int),
                                 level l: Int, size: Int, outSize: Int, nonEmpty ne: LinearExpr, _ tag: String) -> LinearExpr {
        if lo == .zero && hi == .full { return LinearExpr(constant: Double(size)) }
        let a = Double(af.a), b = Double(af.b), c = Double(af.c), K = Double(af.k)
        var end = LinearExpr(constant: K)
        if hi != .full {
            let hv = expr(hi)
            let fMax = a * Double(outSize - 1) + c
            if K >= fMax {
                end = a * hv + (c - a)
            } else {
                let e = model.variable("leaf\(k)_\(tag)\(l)_end", lower: 0, upper: Double(size - 1))
                let d = model.variable("leaf\(k)_\(tag)\(l)_endclamp", kind: .binary)
                model.add("end_k", e + K * d >= K)
                model.add("end_f", e - max(0, fMax) * d - a * hv >= c - a - max(0, fMax))
                end = LinearExpr(e)
            }
        }
        var start = LinearExpr()
        if lo != .zero {
            let lv = expr(lo)
            if b >= 0 {
                start = a * lv + b
            } else {
                let s = model.variable("leaf\(k)_\(tag)\(l)_start", lower: 0, upper: Double(size - 1))
                let z = model.variable("leaf\(k)_\(tag)\(l)_startclamp", kind: .binary)
                model.add("start_0", s - Double(size - 1) * z <= 0)
                model.add("start_g", s + (Double(size - 1) - b) * z - a * lv <= Double(size - 1))
                start = LinearExpr(s)
            }
        }
        let len = model.variable("leaf\(k)_\(tag)\(l)_len", lower: 0, upper: Double(size))
        // len ≥ end − start + 1 − size·(1 − nonEmpty)
        model.add("len", len - end + start - Double(size) * ne >= 1 - Double(size))
        return LinearExpr(len)
    }

    /// Both axes vary: area ≥ (E − S + 1)·colLen, the products linearised through the row cuts' bits.
    private mutating func bilinearArea(_ k: Int, _ leaf: LayoutTemplate.Leaf, level l: Int, columnLength colVar: Var, active act: LinearExpr) -> LinearExpr {
        let (hl, wl) = dims(l)
        let af = rowAffine[l]
        let a = Double(af.a), b = Double(af.b), c = Double(af.c), K = Double(af.k)
        let Wl = Double(wl)
        var end = K * colVar
        if case .row(let i) = leaf.rowHigh {
            let qp = product(k, level: l, cut: i, columnLength: colVar, Wl)
            let fMax = a * Double(H - 1) + c
            if K >= fMax {
                end = a * qp + (c - a) * colVar
            } else {
                let ep = model.variable("leaf\(k)_ep\(l)", lower: 0, upper: Double(hl - 1) * Wl)
                let d = model.variable("leaf\(k)_ep\(l)_clamp", kind: .binary)
                model.add("ep_k", ep - K * colVar + K * Wl * d >= 0)
                model.add("ep_f", ep + (a - c) * colVar - max(0, fMax) * Wl * d - a * qp >= -max(0, fMax) * Wl)
                end = LinearExpr(ep)
            }
        }
        var start = LinearExpr()
        if case .row(let i) = leaf.rowLow {
            let qp = product(k, level: l, cut: i, columnLength: colVar, Wl)
            if b >= 0 {
                start = a * qp + b * colVar
            } else {
                let sp = model.variable("leaf\(k)_sp\(l)", lower: 0, upper: Double(hl - 1) * Wl)
                let z = model.variable("leaf\(k)_sp\(l)_clamp", kind: .binary)
                let big = Double(hl - 1) * Wl
                model.add("sp_0", sp - big * z <= 0)
                model.add("sp_g", sp - b * colVar + (big - b * Wl) * z - a * qp <= big - b * Wl)
                start = LinearExpr(sp)
            }
        }
        let ar = model.variable("leaf\(k)_area\(l)", lower: 0, upper: Double(hl * wl))
        let big = Double(hl * wl)
        model.add("area", ar - end + start - colVar - big * act >= -big)
        return LinearExpr(ar)
    }

    /// Σ_b 2^b · (bit_b · colLen) for a row cut's bits, each product exact (McCormick on a binary).
    private mutating func product(_ k: Int, level l: Int, cut: Int, columnLength colVar: Var, _ Wl: Double) -> LinearExpr {
        .sum(bits[cut]!.enumerated().map { (bi, bit) -> LinearExpr in
            let w = model.variable("leaf\(k)_p\(l)_\(cut)_\(bi)", lower: 0, upper: Wl)
            model.add("mc1", w - Wl * bit <= 0)
            model.add("mc2", w - colVar <= 0)
            model.add("mc3", w - colVar - Wl * bit >= -Wl)
            return Double(1 << bi) * w
        })
    }

    /// Every leaf on one device and every device on one leaf; identical devices take leaves in index order.
    private mutating func assignment() {
        z = model.variable("z_makespan", lower: 0, upper: cutoff.map { $0 * scale * (1 + 1e-9) + 1e-9 }, objective: 1)
        x = (0..<n).map { d in (0..<n).map { model.variable("x_\(d)_\($0)", kind: .binary) } }
        for k in 0..<n { model.add("leaf\(k)_one_device", LinearExpr.sum((0..<n).map { (x[$0][k], 1.0) }) == 1) }
        for d in 0..<n { model.add("device\(d)_one_leaf", LinearExpr.sum((0..<n).map { (x[d][$0], 1.0) }) == 1) }
        // Symmetry: identical devices take leaves in index order (swapping them changes nothing).
        for d in 1..<max(n, 1) where cluster[d].isInterchangeable(with: cluster[d - 1]) {
            let (previous, current) = (x[d - 1], x[d])
            model.add("symmetry\(d)", LinearExpr.sum(previous.enumerated().map { ($1, Double($0)) }) <= .sum(current.enumerated().map { ($1, Double($0)) }))
        }
    }

    /// z ≥ each device's time on its leaf (big-M on the assignment) and each device's memory cap.
    private mutating func makespanAndMemory() {
        for k in 0..<n {
            for d in 0..<n {
                let bigM = fullCost[d] * scale * 1.01 + 1
                let work = LinearExpr.sum(levels.map { perArea($0, d) * scale * areaExpr[k][$0] })
                let time = work + 2 * cluster[d].latency * scale * active[k]
                model.add("makespan_\(k)_\(d)", z - bigM * x[d][k] - time >= -bigM)
                if let cap = cluster[d].device.memoryCapacity {
                    // Bytes in MB to keep coefficients moderate.
                    let inB = cin * β / 1e6, outB = cout * β / 1e6
                    let fullMem = inB * Double(dims(0).h * dims(0).w) + outB * Double(H * W) + weights / 1e6
                    let memory = inB * areaExpr[k][0] + outB * areaExpr[k][L] + weights / 1e6
                    // Only binding when device d takes leaf k and the leaf is active.
                    model.add("memory_\(k)_\(d)", memory + fullMem * x[d][k] + fullMem * active[k] <= cap / 1e6 + 2 * fullMem)
                }
            }
        }
    }
}
