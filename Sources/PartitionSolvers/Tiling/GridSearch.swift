import PartitionModel

/// The exact best grid layout of a conv block over N devices (FORMULATIONS P4), by enumeration of
/// the row cuts and a dynamic programme over columns.
///
/// The plan space is every grid of r row bands × c columns with r·c ≤ N cells, in both
/// orientations (rows and columns swapped), each cell on its own device, idle devices allowed.
/// Strips are the grids with one band. A plan for N devices is a plan for N + 1 (one more idle
/// device), so more devices are never worse. With the orientation chosen so that r ≤ c, r ≤ √N:
/// one band (strips) or two bands for N ≤ 8.
///
/// Algorithm. A cell's fused regions are separable: the region at every level is the product of its
/// band's row range and its column interval's range (``ConvBlock/fusedRegions(for:)``), so a cell's
/// time is priced from two precomputed lengths per level, in the same operations as
/// ``TilingCost/tileSeconds(_:fusedThrough:device:)``. For each vector of row cuts,
/// best(x, S) = min over x < x′ ≤ W and an assignment of the bands to distinct devices outside S of
/// max(cells' times, best(x′, S ∪ those devices)), with best(W, S) = 0: the grid's columns left to
/// right, each taking one device per band. Interchangeable devices are merged into classes, so S
/// is a count per class. Pruning: a row-cut vector whose bands cannot beat the incumbent (each
/// band's work at the fastest rates, shared by at most N / r devices) is skipped; a cell's time grows
/// with its width, so the scan over x′ stops at the incumbent; values at or above the incumbent are
/// not kept. Incumbents: BODP's, GTDP's and the equal grid's plans when they fit the memory caps.
///
/// - Complexity: O(C(H−1, r−1)) row-cut vectors per band count r; per vector O(W²·Π(n_k+1)·K^r)
///   for K device classes of sizes n_k (O(W²·N) for identical devices), far less after pruning.
public enum GridSearch {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "exact"

    /// The best layout found, whether the search finished, and the lower bound it proves.
    struct Outcome {
        var tiles: [DeviceTile]?
        var makespan: Double
        var complete: Bool
        var bound: Double
    }

    /// Solves P4 for the block on the cluster in `mode`; `deadline` (from `options`) stops the search.
    public static func solve(block: ConvBlock, cluster: [ClusterDevice], mode: TilingMode, maxBands: Int? = nil,
                             execution: TilingExecution = TilingExecution(), period: Bool = false,
                             options: MILPOptions = MILPOptions()) -> SolveResult<TilingPlan> {
        let start = ContinuousClock.now
        guard !cluster.isEmpty else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: "the cluster has no device")
        }
        if mode == .layerwise && period {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "the period sums a device's work over every stage of a layer-wise block; the exact grid search solves each stage alone (fused only)")
        }
        if mode == .layerwise && execution.peerToPeer {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "peer-to-peer halos couple the stages of a layer-wise block; the exact grid search solves each stage alone")
        }
        let deadline = options.withDeadline().deadline
        let blocks = mode == .fused ? [block] : block.stages.map { ConvBlock(stages: [$0], bytesPerElement: block.bytesPerElement) }
        var partitions: [[DeviceTile]] = [], complete = true, bound = 0.0, states = 0
        let progress = options.progress
        for (i, b) in blocks.enumerated() {
            var search = Search(block: b, cluster: cluster, weights: block.weightBytes, maxBands: maxBands, deadline: deadline,
                                execution: period ? execution : execution.withoutPhaseCost, period: period)
            let step = mode == .fused ? "fused block" : "stage \(b.stages[0].id) (\(i + 1)/\(blocks.count))"
            search.onStep = { done, total, best in
                progress?(SolveProgress(task: "", step: step + ", orientations × band counts", done: done, total: total,
                                        incumbent: best, elapsed: secondsSince(start)))
            }
            let o = search.run(incumbents: incumbents(b, cluster: cluster, weights: block.weightBytes, gtdp: cluster.count <= 10))
            states += search.statesVisited
            guard let tiles = o.tiles else {
                let status: SolveStatus = o.complete ? .infeasible : .timeLimit
                return SolveResult(solver: name, status: status, plan: nil, objective: nil, bound: nil,
                                   statistics: SolveStatistics(seconds: secondsSince(start), nodes: states),
                                   message: o.complete ? "no layout fits the memory caps" : "time limit before any layout was found")
            }
            partitions.append(tiles)
            complete = complete && o.complete
            bound += o.bound + (period ? 0 : execution.phaseSeconds)
        }
        let plan = TilingPlan(mode: mode, partitions: partitions)
        let makespan = period ? TilingCost.period(plan, block: block, cluster: cluster, execution: execution)
                              : TilingCost.makespan(plan, block: block, cluster: cluster, execution: execution)
        return SolveResult(solver: name, status: complete ? .optimal : .timeLimit, plan: plan, objective: makespan,
                           bound: min(bound, makespan), statistics: SolveStatistics(seconds: secondsSince(start), nodes: states))
    }

    /// The heuristics' layouts of one (fused) block that fit the memory caps, as starting incumbents
    /// of both exact P4 solvers; `gtdp` includes GTDP's, whose search is exhaustive (O(3^N)).
    static func incumbents(_ b: ConvBlock, cluster: [ClusterDevice], weights: Double, gtdp: Bool) -> [[DeviceTile]] {
        let guillotine = gtdp ? [GTDP.plan(block: b, cluster: cluster, mode: .fused)] : []
        return ([BODP.plan(block: b, cluster: cluster, mode: .fused), EqualGrid.plan(block: b, cluster: cluster, mode: .fused)] + guillotine)
            .filter { TilingCost.fitsMemory($0, block: b, cluster: cluster, weights: weights) }
            .map { $0.partitions[0] }
    }
}

/// One search: the block in both orientations, every band count, every row-cut vector.
struct Search {
    let block: ConvBlock, cluster: [ClusterDevice], weights: Double, maxBands: Int?, deadline: ContinuousClock.Instant?
    /// The execution model cells are priced under (without its per-phase cost, a constant per phase, for the makespan).
    let execution: TilingExecution
    /// Price cells by their share of the period (max of compute and transfers + phase cost) instead of their time.
    let period: Bool
    /// Interchangeable devices, merged: the device indices of each class.
    let classes: [[Int]]
    var statesVisited = 0
    /// Called after each orientation × band count with (done, total, best makespan so far).
    var onStep: ((Int, Int, Double) -> Void)?

    init(block: ConvBlock, cluster: [ClusterDevice], weights: Double, maxBands: Int?, deadline: ContinuousClock.Instant?,
         execution: TilingExecution = TilingExecution(), period: Bool = false) {
        (self.block, self.cluster, self.weights, self.maxBands, self.deadline) = (block, cluster, weights, maxBands, deadline)
        (self.execution, self.period) = (execution, period)
        var classes: [[Int]] = []
        // A computing coordinator (device 0) moves no data: it is interchangeable with no other device.
        let alone = execution.coordinatorComputes ? 0 : -1
        for d in cluster.indices {
            if d != alone, let k = classes.firstIndex(where: { $0[0] != alone && cluster[$0[0]].isInterchangeable(with: cluster[d]) }) {
                classes[k].append(d)
            } else {
                classes.append([d])
            }
        }
        self.classes = classes
    }

    /// The best grid layout, starting from the incumbents' best.
    mutating func run(incumbents: [[DeviceTile]]) -> GridSearch.Outcome {
        var best = GridSearch.Outcome(tiles: nil, makespan: .infinity, complete: true, bound: 0)
        for tiles in incumbents {
            let plan = TilingPlan(mode: .fused, partitions: [tiles])
            let m = period ? TilingCost.period(plan, block: block, cluster: cluster, execution: execution)
                           : TilingCost.makespan(plan, block: block, cluster: cluster, execution: execution)
            if m < best.makespan { (best.tiles, best.makespan) = (tiles, m) }
        }
        let n = cluster.count
        let transposeFirst = block.outputWidth < block.outputHeight  // the longer axis first: strips there are usually best
        let bandCounts = Array(1...max(1, Int(Double(n).squareRoot()))).filter { $0 <= (maxBands ?? n) }
        var done = 0
        for transposed in transposeFirst ? [true, false] : [false, true] {
            var pricing = CellPricing(block: transposed ? block.transposed() : block, search: self)
            for r in bandCounts where r <= pricing.H {
                if !pricing.searchBands(r, best: &best, visited: &statesVisited, transposed: transposed) { best.complete = false }
                done += 1
                onStep?(done, 2 * bandCounts.count, best.makespan)
            }
        }
        if best.complete {
            best.bound = best.makespan
        } else {
            // The area bound assumes every device moves data and nothing overlaps; under other
            // execution models only 0 is sure.
            best.bound = execution.isDefault && !period ? min(best.makespan, TilingMILP.areaLowerBound(block, cluster: cluster)) : 0
        }
        return best
    }

    var deadlinePassed: Bool { deadline.map { ContinuousClock.now >= $0 } ?? false }
}
