import ModelZoo
import PartitionModel
@testable import PartitionSolvers
import Testing
import TestSupport

/// The best verified fused makespan over every grid with at most N cells (r bands × c columns, both
/// orientations, every injective assignment of cells to devices), by brute force.
func bruteForceGrids(_ block: ConvBlock, _ cluster: [ClusterDevice], execution: TilingExecution = TilingExecution(), period: Bool = false) -> Double {
    let n = cluster.count, H = block.outputHeight, W = block.outputWidth
    var best = Double.infinity
    func cuts(_ size: Int, parts: Int) -> [[Int]] {
        // Strictly increasing interior cuts: every part non-empty.
        if parts == 1 { return [[0, size]] }
        var out: [[Int]] = []
        func walk(_ prefix: [Int], _ left: Int) {
            if left == 0 { out.append([0] + prefix + [size]); return }
            let from = (prefix.last ?? 0) + 1
            guard from <= size - left else { return }
            for c in from...(size - left) { walk(prefix + [c], left - 1) }
        }
        walk([], parts - 1)
        return out
    }
    for r in 1...min(n, H) {
        for c in 1...min(n / r, W) {
            for rows in cuts(H, parts: r) {
                for cols in cuts(W, parts: c) {
                    var cells: [TileRect] = []
                    for i in 0..<r { for j in 0..<c { cells.append(TileRect(r0: rows[i], r1: rows[i + 1] - 1, c0: cols[j], c1: cols[j + 1] - 1)) } }
                    for perm in permutations(n) {
                        let tiles = cells.enumerated().map { DeviceTile(rect: $0.element, device: perm[$0.offset]) }
                        let rep = TilingVerifier.verify(TilingPlan(mode: .fused, partitions: [tiles]), block: block, cluster: cluster,
                                                        execution: execution)
                        if rep.feasible { best = min(best, period ? rep.period : rep.makespan) }
                    }
                }
            }
        }
    }
    return best
}

@Suite("P4 exact grid search")
struct GridSearchTests {
    /// The search (without heuristic incumbents) equals brute force over every grid, with memory caps and mixed devices.
    @Test(arguments: 0..<24)
    func equalsBruteForceOverEveryGrid(seed: Int) {
        let block = smallBlock(seed: 700 + UInt64(seed))
        let n = 2 + seed % 3
        var cluster = randomCluster(n, seed: UInt64(seed), memory: seed % 4 == 0)
        if seed % 3 == 1 { cluster[1] = ClusterDevice(name: "dev1", device: cluster[0].device, bandwidth: cluster[0].bandwidth, latency: cluster[0].latency) }
        let opt = bruteForceGrids(block, cluster)
        var search = Search(block: block, cluster: cluster, weights: block.weightBytes, maxBands: nil, deadline: nil)
        let o = search.run(incumbents: [])
        if opt.isInfinite {
            #expect(o.tiles == nil)
            return
        }
        let plan = TilingPlan(mode: .fused, partitions: [o.tiles!])
        let rep = TilingVerifier.verify(plan, block: block, cluster: cluster)
        #expect(rep.feasible, "\(rep.violations)")
        #expect(abs(rep.makespan - opt) <= 1e-9 * opt, "seed \(seed): search \(rep.makespan) vs brute force \(opt)")
        #expect(o.complete && o.makespan == rep.makespan, "the search's value is the verified makespan")
    }

    /// Under every execution option (and all of them together) the search still equals brute force
    /// over every grid: the computing coordinator, overlap, a per-phase cost and the memory term.
    @Test(arguments: 0..<20)
    func equalsBruteForceUnderEachExecutionOption(seed: Int) {
        let options: [TilingExecution] = [
            TilingExecution(coordinatorComputes: true), TilingExecution(overlap: true), TilingExecution(phaseSeconds: 0.05),
            TilingExecution(memoryAccess: true), TilingExecution(coordinatorComputes: true, overlap: true, phaseSeconds: 0.01, memoryAccess: true),
        ]
        let execution = options[seed % options.count]
        let block = smallBlock(seed: 1700 + UInt64(seed))
        let n = 2 + seed % 3
        let cluster = randomCluster(n, seed: 1800 + UInt64(seed), memory: seed % 4 == 3)
        let opt = bruteForceGrids(block, cluster, execution: execution)
        // The grid search alone (no heuristic incumbents, which may be non-grid layouts) equals brute force over grids.
        var search = Search(block: block, cluster: cluster, weights: block.weightBytes, maxBands: nil, deadline: nil, execution: execution.withoutPhaseCost)
        let o = search.run(incumbents: [])
        guard opt.isFinite else {
            #expect(o.tiles == nil, "\(execution): brute force finds no feasible grid")
            return
        }
        let grid = TilingVerifier.verify(TilingPlan(mode: .fused, partitions: [o.tiles!]), block: block, cluster: cluster, execution: execution)
        #expect(o.complete && grid.feasible)
        #expect(abs(grid.makespan - opt) <= 1e-9 * opt, "seed \(seed) \(execution): search \(grid.makespan) vs brute force \(opt)")
        // The solver (with incumbents) is never worse, and its objective is the verifier's.
        let r = GridSearch.solve(block: block, cluster: cluster, mode: .fused, execution: execution)
        let rep = TilingVerifier.verify(r.plan!, block: block, cluster: cluster, execution: execution)
        #expect(r.status == .optimal && rep.feasible && rep.makespan <= opt * (1 + 1e-9))
        #expect(abs(r.objective! - rep.makespan) <= 1e-9 * opt, "the solver's objective is the verifier's")
        #expect(r.bound! <= rep.makespan * (1 + 1e-12))
    }

    /// The period objective (frames pipelined): the search equals brute force over every grid in
    /// fused mode under every option, and refuses layer-wise mode.
    @Test(arguments: 0..<15)
    func periodEqualsBruteForce(seed: Int) {
        let options: [TilingExecution] = [TilingExecution(), TilingExecution(coordinatorComputes: true), TilingExecution(phaseSeconds: 0.05),
                                          TilingExecution(coordinatorComputes: true, overlap: true, phaseSeconds: 0.01, memoryAccess: true, peerToPeer: true)]
        let execution = options[seed % options.count]
        let block = smallBlock(seed: 2300 + UInt64(seed))
        let cluster = randomCluster(2 + seed % 3, seed: 2400 + UInt64(seed), memory: seed % 5 == 4)
        let opt = bruteForceGrids(block, cluster, execution: execution, period: true)
        var search = Search(block: block, cluster: cluster, weights: block.weightBytes, maxBands: nil, deadline: nil, execution: execution, period: true)
        let o = search.run(incumbents: [])
        guard opt.isFinite else {
            #expect(o.tiles == nil)
            return
        }
        let problem = TilingProblem(block: block, cluster: cluster, mode: .fused, execution: execution, period: true)
        let grid = problem.verify(TilingPlan(mode: .fused, partitions: [o.tiles!]))
        #expect(o.complete && grid.feasible)
        #expect(abs(grid.objective - opt) <= 1e-9 * opt, "seed \(seed) \(execution): search \(grid.objective) vs brute force \(opt)")
        let r = GridSearch.solve(block: block, cluster: cluster, mode: .fused, execution: execution, period: true)
        let v = problem.verify(r.plan!)
        #expect(r.status == .optimal && v.feasible && v.objective <= opt * (1 + 1e-9))
        #expect(abs(r.objective! - v.objective) <= 1e-9 * opt)
        #expect(v.objective <= v.figures.makespan * (1 + 1e-12), "the period never exceeds one frame's makespan")
        #expect(GridSearch.solve(block: block, cluster: cluster, mode: .layerwise, execution: execution, period: true).status == .error)
    }

    /// Each option moves the makespan the way it must: a computing coordinator and overlap never
    /// lengthen it, a phase cost adds exactly its cost per phase, the memory term never shortens it.
    @Test(arguments: 0..<6)
    func eachOptionMovesTheOptimumTheRightWay(seed: Int) {
        let block = smallBlock(seed: 1900 + UInt64(seed))
        let cluster = randomCluster(3, seed: 1950 + UInt64(seed), memory: false)
        func optimum(_ e: TilingExecution, _ mode: TilingMode) -> Double {
            GridSearch.solve(block: block, cluster: cluster, mode: mode, execution: e).objective!
        }
        for mode in TilingMode.allCases {
            let base = optimum(TilingExecution(), mode)
            #expect(optimum(TilingExecution(coordinatorComputes: true), mode) <= base * (1 + 1e-12))
            #expect(optimum(TilingExecution(overlap: true), mode) <= base * (1 + 1e-12))
            #expect(optimum(TilingExecution(memoryAccess: true), mode) >= base * (1 - 1e-12))
            let phases = Double(mode == .fused ? 1 : block.stages.count)
            #expect(abs(optimum(TilingExecution(phaseSeconds: 0.25), mode) - (base + 0.25 * phases)) <= 1e-9 * base)
        }
    }

    /// Up to four devices the MILP's templates (strips, the 2 × 2 grid) are the same plan space:
    /// the two exact methods agree, in both modes.
    @Test(arguments: 0..<10)
    func agreesWithTheGridMILP(seed: Int) {
        let block = smallBlock(seed: 900 + UInt64(seed))
        let cluster = randomCluster(2 + seed % 3, seed: UInt64(seed) &+ 5, memory: seed % 5 == 0)
        for mode in TilingMode.allCases {
            let exact = GridSearch.solve(block: block, cluster: cluster, mode: mode)
            let milp = TilingMILP.solve(block: block, cluster: cluster, mode: mode)
            #expect(exact.status == milp.status)
            guard let a = exact.objective, let b = milp.objective else { continue }
            #expect(abs(a - b) <= 1e-6 * b, "seed \(seed) \(mode): exact \(a), MILP \(b)")
            #expect(exact.bound == a)
        }
    }

    /// Idle devices are allowed: another device never makes the optimum worse.
    @Test(arguments: 0..<8)
    func moreDevicesAreNeverWorse(seed: Int) {
        let block = smallBlock(seed: 1100 + UInt64(seed))
        let cluster = randomCluster(6, seed: UInt64(seed))
        var previous = Double.infinity
        for n in 1...6 {
            for mode in TilingMode.allCases where mode == .fused || seed % 2 == 0 {
                let r = GridSearch.solve(block: block, cluster: Array(cluster.prefix(n)), mode: mode)
                #expect(r.status == .optimal)
                if mode == .fused {
                    #expect(r.objective! <= previous * (1 + 1e-12), "n = \(n): \(r.objective!) > \(previous)")
                    previous = r.objective!
                }
            }
        }
    }

    /// The 8-device cases: at most the makespans HiGHS found on the MILP's own models.
    @Test func eightDevicesReachTheKnownLayouts() throws {
        for (model, from, to, preset, target) in [("vgg16", "conv1_1", "pool5", "rpi3", 27.185), ("tiny-yolov2", "conv1", "conv9", "rpi3", 3.102)] {
            let graph = try #require(ModelZoo.model(named: model)).build()
            let block = try ConvBlock(graph: graph, from: from, to: to)
            let cluster = try DevicePresets.cluster(presets: Array(repeating: preset, count: 8), network: "wifi")
            let r = GridSearch.solve(block: block, cluster: cluster, mode: .fused)
            #expect(r.status == .optimal)
            #expect(try #require(r.objective) <= target * (1 + 1e-4), "\(model): \(r.objective!) s")
            let six = GridSearch.solve(block: block, cluster: Array(cluster.prefix(6)), mode: .fused)
            #expect(r.objective! <= six.objective!)
        }
    }
}

@Suite("P4 exact grid search on extreme ranges")
struct GridSearchExtremeTests {
    /// Speeds from 1e-3 to 1e15 FLOP/s, links from 1e-6 to 1e12 B/s, message costs from 0 to 1e3 s:
    /// the search still equals brute force over every grid.
    @Test(arguments: 0..<10)
    func equalsBruteForceOnExtremeRanges(seed: Int) {
        var rng = SeededGenerator(seed: 5000 + UInt64(seed))
        let block = smallBlock(seed: 5100 + UInt64(seed))
        let n = 2 + seed % 2
        let cluster = (0..<n).map { i in
            ClusterDevice(name: "dev\(i)",
                          device: Device(name: "d\(i)", flopsPerSecond: Double.pow(10, Double.random(in: -3...15, using: &rng)), memoryBandwidth: 1e9),
                          bandwidth: Double.pow(10, Double.random(in: -6...12, using: &rng)),
                          latency: seed % 3 == 0 ? 0 : Double.pow(10, Double.random(in: -9...3, using: &rng)))
        }
        let opt = bruteForceGrids(block, cluster)
        var search = Search(block: block, cluster: cluster, weights: block.weightBytes, maxBands: nil, deadline: nil)
        let o = search.run(incumbents: [])
        let rep = TilingVerifier.verify(TilingPlan(mode: .fused, partitions: [o.tiles!]), block: block, cluster: cluster)
        #expect(rep.feasible && o.complete)
        #expect(abs(rep.makespan - opt) <= 1e-9 * opt, "seed \(seed): search \(rep.makespan) vs brute force \(opt)")
    }
}

@Suite("P4 peer-to-peer halos (layer-wise)")
struct PeerToPeerTests {
    /// Two 3×3 stages on an 8 × 8 map, split into top and bottom halves on two devices: in the
    /// second stage each device needs one row of the other's first-stage output (8 values × 4
    /// channels × 4 bytes), the first stage's inputs come from the coordinator, and only the second
    /// stage's outputs go back.
    @Test func halosAreTheRowsANeighbourComputed() throws {
        let input = Layer(id: "in", op: .input, shape: [2, 8, 8], outputBytes: 512)
        let w1 = WindowGeometry(kernel: (3, 3), stride: (1, 1), padding: (1, 1), inChannels: 2, outChannels: 4)
        let w2 = WindowGeometry(kernel: (3, 3), stride: (1, 1), padding: (1, 1), inChannels: 4, outChannels: 4)
        let c1 = Layer(id: "c1", op: .conv, inputs: ["in"], shape: [4, 8, 8], outputBytes: 1024, macs: 4608, flops: 9216, window: w1)
        let c2 = Layer(id: "c2", op: .conv, inputs: ["c1"], shape: [4, 8, 8], outputBytes: 1024, macs: 9216, flops: 18432, window: w2)
        let block = try ConvBlock(graph: try LayerGraph(layers: [input, c1, c2]), from: "c1", to: "c2")
        let device = Device(name: "d", flopsPerSecond: 1e9, memoryBandwidth: 1e9)
        let cluster = [ClusterDevice(name: "a", device: device, bandwidth: 1e6, latency: 0.001), ClusterDevice(name: "b", device: device, bandwidth: 1e6, latency: 0.001)]
        let halves = [DeviceTile(rect: TileRect(r0: 0, r1: 3, c0: 0, c1: 7), device: 0), DeviceTile(rect: TileRect(r0: 4, r1: 7, c0: 0, c1: 7), device: 1)]
        let plan = TilingPlan(mode: .layerwise, partitions: [halves, halves])
        let p2p = TilingVerifier.verify(plan, block: block, cluster: cluster, execution: TilingExecution(peerToPeer: true))
        // Stage 1: each device receives its input rows (5 of 8, 2 channels) from the coordinator.
        // Stage 2: each receives 1 row × 8 columns × 4 channels from the other and sends as much;
        // then sends its 4 × 8 × 4 output back.
        let inBytes = Double(5 * 8 * 2 * 4) + Double(8 * 4 * 4), outBytes = Double(8 * 4 * 4) + Double(4 * 8 * 4 * 4)
        #expect(p2p.devices.map(\.bytesIn) == [inBytes, inBytes] && p2p.devices.map(\.bytesOut) == [outBytes, outBytes])
        #expect(p2p.devices.map(\.messages) == [4, 4])
        let star = TilingVerifier.verify(plan, block: block, cluster: cluster)
        #expect(p2p.makespan < star.makespan, "keeping outputs local saves the round trip: \(p2p.makespan) vs \(star.makespan)")
        #expect(abs(TilingCost.makespan(plan, block: block, cluster: cluster, execution: TilingExecution(peerToPeer: true)) - p2p.makespan) <= 1e-12)
    }

    /// The solvers' price and the verifier agree on the heuristics' layer-wise plans under
    /// peer-to-peer halos combined with every other option, and the exact search refuses the model.
    @Test(arguments: 0..<12)
    func solversPriceAsTheVerifierJudges(seed: Int) {
        let block = smallBlock(seed: 2100 + UInt64(seed))
        let cluster = randomCluster(2 + seed % 3, seed: 2200 + UInt64(seed), memory: false)
        let execution = TilingExecution(coordinatorComputes: seed % 2 == 0, overlap: seed % 3 == 0, phaseSeconds: seed % 4 == 0 ? 0.01 : 0,
                                        memoryAccess: seed % 5 == 0, peerToPeer: true)
        let problem = TilingProblem(block: block, cluster: cluster, mode: .layerwise, execution: execution)
        for s in TilingProblem.solvers where s.refusal(problem) == nil {
            let r = s.solve(problem)
            guard let plan = r.plan else { continue }
            let v = problem.verify(plan)
            #expect(abs(r.objective! - v.objective) <= 1e-9 * v.objective, "\(s.name): \(r.objective!) vs \(v.objective)")
        }
        #expect(TilingProblem.solver(named: "exact")!.refusal(problem) != nil)
        #expect(GridSearch.solve(block: block, cluster: cluster, mode: .layerwise, execution: execution).status == .error)
    }
}
