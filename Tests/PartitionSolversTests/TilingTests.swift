import Testing
import PartitionModel
import PartitionSolvers
import ModelZoo
import TestSupport

/// A small random block: an input of 1–3 channels and 5–9 pixels a side, then 1–3 conv/pool stages.
func smallBlock(seed: UInt64) -> ConvBlock {
    var rng = SeededGenerator(seed: seed)
    var b = NetworkBuilder()
    let h = Int.random(in: 5...9, using: &rng), w = Int.random(in: 5...9, using: &rng)
    var x = b.input(channels: Int.random(in: 1...3, using: &rng), height: h, width: w)
    x = b.activation("relu", b.conv("conv", x, out: Int.random(in: 1...4, using: &rng), kernel: 3, padding: Int.random(in: 0...1, using: &rng)))
    for i in 0..<Int.random(in: 0...2, using: &rng) {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0 where b.shape(x)[1] >= 4 && b.shape(x)[2] >= 4:
            x = b.maxPool("pool\(i)", x, kernel: 2, stride: 2)
        case 1:
            x = b.activation("relu\(i)", b.conv("conv\(i)", x, out: Int.random(in: 1...4, using: &rng), kernel: 3, padding: 0))
        default:
            x = b.activation("relu\(i)", b.conv("conv\(i)", x, out: Int.random(in: 1...4, using: &rng), kernel: 3, padding: 1))
        }
        if b.shape(x)[1] < 3 || b.shape(x)[2] < 3 { break }
    }
    return try! ConvBlock(graph: b.build())
}

func randomCluster(_ n: Int, seed: UInt64, memory: Bool = false) -> [ClusterDevice] {
    var rng = SeededGenerator(seed: seed &+ 17)
    return (0..<n).map { i in
        ClusterDevice(name: "dev\(i)",
                      device: Device(name: "d\(i)", flopsPerSecond: Double.random(in: 1e3...4e3, using: &rng), memoryBandwidth: 1e9,
                                     memoryCapacity: memory ? Double.random(in: 200...2000, using: &rng) : nil),
                      bandwidth: Double.random(in: 500...5000, using: &rng), latency: Double.random(in: 0...0.01, using: &rng))
    }
}

/// The best verified fused makespan over all strip layouts (both axes, every device order, idle devices allowed).
func bruteForceStrips(_ block: ConvBlock, _ cluster: [ClusterDevice]) -> Double {
    var best = Double.infinity
    for alongRows in [true, false] {
        let size = alongRows ? block.outputHeight : block.outputWidth
        for comp in compositions(size, parts: cluster.count) {
            for perm in permutations(cluster.count) {
                var offset = 0
                var tiles: [DeviceTile] = []
                for (k, n) in comp.enumerated() where n > 0 {
                    let r = alongRows ? TileRect(r0: offset, r1: offset + n - 1, c0: 0, c1: block.outputWidth - 1)
                                      : TileRect(r0: 0, r1: block.outputHeight - 1, c0: offset, c1: offset + n - 1)
                    tiles.append(DeviceTile(rect: r, device: perm[k]))
                    offset += n
                }
                let rep = TilingVerifier.verify(TilingPlan(mode: .fused, partitions: [tiles]), block: block, cluster: cluster)
                if rep.feasible { best = min(best, rep.makespan) }
            }
        }
    }
    return best
}

@Suite("P4 spatial partition: geometry")
struct TilingGeometryTests {
    @Test func deepThingsVector() throws {
        // A 6×6 map, F = 3, S = 1 (padding 1 keeps 6×6), 2×2 grid.
        var b = NetworkBuilder()
        let x = b.input(channels: 1, height: 6, width: 6)
        b.conv("conv", x, out: 1, kernel: 3, padding: 1)
        let block = try ConvBlock(graph: b.build())
        #expect(block.inputRegion(of: TileRect(rows: 3...5, columns: 0...2), stage: 0) == TileRect(rows: 2...5, columns: 0...3))
        #expect(block.inputRegion(of: TileRect(rows: 0...2, columns: 3...5), stage: 0) == TileRect(rows: 0...3, columns: 2...5))
    }

    @Test(arguments: 0..<40)
    func backProjectedTilesCoverEveryLayerAndSplitIntoRowsAndColumns(seed: Int) {
        let block = smallBlock(seed: UInt64(seed))
        let cluster = randomCluster(4, seed: UInt64(seed))
        for plan in [GTDP.plan(block: block, cluster: cluster, mode: .fused), EqualGrid.plan(block: block, cluster: cluster, mode: .fused)] {
            var covered = (0...block.stages.count).map { l -> [Bool] in
                let (h, w) = l == 0 ? (block.inputHeight, block.inputWidth) : (block.stages[l - 1].outH, block.stages[l - 1].outW)
                return [Bool](repeating: false, count: h * w)
            }
            for t in plan.partitions[0] {
                let regions = block.fusedRegions(for: t.rect)
                for (l, r) in regions.enumerated() {
                    let w = l == 0 ? block.inputWidth : block.stages[l - 1].outW
                    for i in r.r0...r.r1 { for j in r.c0...r.c1 { covered[l][i * w + j] = true } }
                    // One tile's region is the product of its rows' and its columns' receptive fields.
                    let rowsOnly = block.fusedRegions(for: TileRect(r0: t.rect.r0, r1: t.rect.r1, c0: 0, c1: block.outputWidth - 1))[l]
                    let colsOnly = block.fusedRegions(for: TileRect(r0: 0, r1: block.outputHeight - 1, c0: t.rect.c0, c1: t.rect.c1))[l]
                    #expect(r == TileRect(r0: rowsOnly.r0, r1: rowsOnly.r1, c0: colsOnly.c0, c1: colsOnly.c1))
                }
            }
            // The tiles' regions cover exactly what the whole output needs at every level.
            let whole = block.fusedRegions(for: TileRect(r0: 0, r1: block.outputHeight - 1, c0: 0, c1: block.outputWidth - 1))
            for l in 0...block.stages.count {
                let w = l == 0 ? block.inputWidth : block.stages[l - 1].outW
                for i in covered[l].indices {
                    let inside = (whole[l].r0...whole[l].r1).contains(i / w) && (whole[l].c0...whole[l].c1).contains(i % w)
                    #expect(covered[l][i] == inside, "level \(l), pixel \(i)")
                }
            }
        }
    }

    @Test(arguments: 0..<40)
    func affineBackProjectionMatchesTheLayerByLayerWalk(seed: Int) {
        let block = smallBlock(seed: UInt64(seed))
        for y1 in 0..<block.outputHeight {
            for y2 in y1..<block.outputHeight {
                let regions = block.fusedRegions(for: TileRect(r0: y1, r1: y2, c0: 0, c1: 0))
                for l in 0...block.stages.count {
                    let a = block.affineRows(toStageOutput: l - 1)
                    #expect(regions[l].r0 == max(0, a.a * y1 + a.b) && regions[l].r1 == min(a.k, a.a * y2 + a.c))
                }
            }
        }
    }

    @Test func blocksAreExtractedFromTheZoo() throws {
        let vgg = try ConvBlock(graph: ModelZoo.vgg16())
        #expect(vgg.stages.count == 18)
        #expect(vgg.stages.first!.id == "conv1_1" && vgg.stages.last!.id == "pool5")
        #expect(vgg.stages[0].folded == ["relu1_1"])
        let yolo = try ConvBlock(graph: ModelZoo.tinyYOLOv2())
        #expect(yolo.stages.count == 15 && yolo.outputHeight == 13)
        let part = try ConvBlock(graph: ModelZoo.vgg16(), from: "conv1_1", to: "pool2")
        #expect(part.stages.count == 6 && part.outputHeight == 56)
        #expect(throws: ConvBlock.BlockError.self) { try ConvBlock(graph: ModelZoo.resNet18(), from: "conv1.conv", to: "layer1.0.add") }
        #expect(throws: ConvBlock.BlockError.self) { try ConvBlock(graph: ModelZoo.vgg16(), from: "fc6", to: "fc7") }
    }
}

@Suite("P4 spatial partition: solvers")
struct TilingSolverTests {
    @Test(arguments: 0..<30)
    func stripMILPEqualsBruteForceOverAllStripSplits(seed: Int) {
        let block = smallBlock(seed: 100 + UInt64(seed))
        let cluster = randomCluster(seed % 2 == 0 ? 2 : 3, seed: UInt64(seed), memory: seed % 3 == 0)
        let opt = bruteForceStrips(block, cluster)
        let r = TilingMILP.solve(block: block, cluster: cluster, mode: .fused,
                                 templates: [.rowStrips(cluster.count), .columnStrips(cluster.count)])
        if opt.isInfinite {
            #expect(r.status == .infeasible)
            return
        }
        #expect(r.status == .optimal)
        let rep = TilingVerifier.verify(r.plan!, block: block, cluster: cluster)
        #expect(rep.feasible, "\(rep.violations)")
        #expect(abs(rep.makespan - opt) <= 1e-6 * opt, "seed \(seed): MILP \(rep.makespan) vs brute force \(opt)")
        #expect(nearlyEqual(r.objective!, rep.makespan))
        // The MILP's own z is the plan's makespan: the model is exact, not a relaxation.
        let z = r.statistics.extra.first { $0.name == "modelMakespan" }!.value
        #expect(abs(z - rep.makespan) <= 1e-5 * rep.makespan)
    }

    @Test(arguments: 0..<12)
    func gridMILPEqualsBruteForceOverAll2x2Grids(seed: Int) {
        let block = smallBlock(seed: 300 + UInt64(seed))
        let cluster = randomCluster(4, seed: UInt64(seed))
        var best = Double.infinity
        for p in 0...block.outputHeight {
            for q in 0...block.outputWidth {
                let cells = [TileRect(r0: 0, r1: p - 1, c0: 0, c1: q - 1), TileRect(r0: 0, r1: p - 1, c0: q, c1: block.outputWidth - 1),
                             TileRect(r0: p, r1: block.outputHeight - 1, c0: 0, c1: q - 1), TileRect(r0: p, r1: block.outputHeight - 1, c0: q, c1: block.outputWidth - 1)]
                for perm in permutations(4) {
                    let tiles = cells.enumerated().filter { !$0.element.isEmpty }.map { DeviceTile(rect: $0.element, device: perm[$0.offset]) }
                    let rep = TilingVerifier.verify(TilingPlan(mode: .fused, partitions: [tiles]), block: block, cluster: cluster)
                    if rep.feasible { best = min(best, rep.makespan) }
                }
            }
        }
        let r = TilingMILP.solve(block: block, cluster: cluster, mode: .fused, templates: [.grid(rows: 2, columns: 2)])
        #expect(r.status == .optimal)
        let rep = TilingVerifier.verify(r.plan!, block: block, cluster: cluster)
        #expect(rep.feasible)
        #expect(abs(rep.makespan - best) <= 1e-6 * best, "seed \(seed): MILP \(rep.makespan) vs brute force \(best)")
    }

    @Test(arguments: 0..<12)
    func milpIsNeverWorseThanBODPOrGTDPAndHeuristicsNeverBeatIt(seed: Int) {
        let block = smallBlock(seed: 500 + UInt64(seed))
        let n = 2 + seed % 3
        let cluster = randomCluster(n, seed: UInt64(seed))
        for mode in TilingMode.allCases {
            let milp = TilingMILP.solve(block: block, cluster: cluster, mode: mode)
            #expect(milp.status == .optimal)
            let exact = TilingVerifier.verify(milp.plan!, block: block, cluster: cluster)
            #expect(exact.feasible)
            for (name, plan) in [("bodp", BODP.plan(block: block, cluster: cluster, mode: mode)),
                                 ("gtdp", GTDP.plan(block: block, cluster: cluster, mode: mode)),
                                 ("grid", EqualGrid.plan(block: block, cluster: cluster, mode: mode))] {
                let rep = TilingVerifier.verify(plan, block: block, cluster: cluster)
                #expect(rep.feasible, "\(name): \(rep.violations)")
                #expect(rep.makespan >= exact.makespan * (1 - 1e-6), "\(mode) \(name) \(rep.makespan) beats the MILP \(exact.makespan)")
                #expect(nearlyEqual(TilingCost.makespan(plan, block: block, cluster: cluster), rep.makespan))
            }
        }
    }

    @Test func milpHonoursMemoryCapsTheHeuristicsIgnore() throws {
        // Four equal devices on a 56 × 56 block; device 0 can hold only a quarter of what BODP gives it.
        let block = try ConvBlock(graph: ModelZoo.vgg16(), from: "conv1_1", to: "pool2")
        var cluster = (0..<4).map { i in
            ClusterDevice(name: "phone\(i)", device: Device(name: "p", flopsPerSecond: 1e9, memoryBandwidth: 5e9), bandwidth: 5e6, latency: 0.005)
        }
        let bodp = BODP.plan(block: block, cluster: cluster, mode: .fused)
        let need = TilingVerifier.verify(bodp, block: block, cluster: cluster).devices[0].peakMemory
        cluster[0].device.memoryCapacity = block.weightBytes + (need - block.weightBytes) * 0.4
        let flagged = TilingVerifier.verify(bodp, block: block, cluster: cluster)
        #expect(flagged.violations.contains { $0.kind == .memory && $0.device == "phone0" })
        let milp = TilingMILP.solve(block: block, cluster: cluster, mode: .fused)
        let rep = TilingVerifier.verify(milp.plan!, block: block, cluster: cluster)
        #expect(rep.feasible, "\(rep.violations)")
        #expect(rep.devices[0].peakMemory <= cluster[0].device.memoryCapacity!)
        // A cap below the block's weights makes the device unusable; with every device so small, nothing fits.
        let tiny = cluster.map { var c = $0; c.device.memoryCapacity = block.weightBytes / 2; return c }
        #expect(TilingMILP.solve(block: block, cluster: tiny, mode: .fused).status == .infeasible)
    }

    @Test func verifierFlagsCoverageErrors() {
        let block = smallBlock(seed: 1)
        let cluster = randomCluster(2, seed: 1)
        let h = block.outputHeight, w = block.outputWidth
        let gap = TilingPlan(mode: .fused, partitions: [[DeviceTile(rect: TileRect(r0: 0, r1: h - 2, c0: 0, c1: w - 1), device: 0)]])
        #expect(TilingVerifier.verify(gap, block: block, cluster: cluster).violations.map(\.kind) == [.uncovered])
        let overlap = TilingPlan(mode: .fused, partitions: [[DeviceTile(rect: TileRect(r0: 0, r1: h - 1, c0: 0, c1: w - 1), device: 0),
                                                             DeviceTile(rect: TileRect(r0: 0, r1: 0, c0: 0, c1: 0), device: 1)]])
        #expect(TilingVerifier.verify(overlap, block: block, cluster: cluster).violations.map(\.kind) == [.overlap])
        let outside = TilingPlan(mode: .fused, partitions: [[DeviceTile(rect: TileRect(r0: 0, r1: h, c0: 0, c1: w - 1), device: 0)]])
        #expect(TilingVerifier.verify(outside, block: block, cluster: cluster).violations.contains { $0.kind == .outOfBounds })
        let wrong = TilingPlan(mode: .layerwise, partitions: [])
        #expect(TilingVerifier.verify(wrong, block: block, cluster: cluster).violations.map(\.kind) == [.wrongPartitions])
    }

    @Test(arguments: 0..<10)
    func ftpDealsEveryTileOnce(seed: Int) {
        let block = smallBlock(seed: 700 + UInt64(seed))
        let cluster = randomCluster(3, seed: UInt64(seed))
        let plan = FTP.plan(block: block, cluster: cluster)
        let rep = TilingVerifier.verify(plan, block: block, cluster: cluster)
        #expect(rep.feasible)
        #expect(plan.partitions[0].count == min(3, block.outputHeight) * min(3, block.outputWidth))
    }
}
