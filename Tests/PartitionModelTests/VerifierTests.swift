import Testing
import PartitionModel
import TestSupport

func loadShipped(_ name: String) throws -> Instance {
    try InstanceReader.read(file: RepositoryPaths.path("instances/small/\(name).json"))
}

func plan(_ instance: Instance, edge: [String]) -> TierAssignment {
    TierAssignment(tierOfLayer: instance.graph.layers.map { edge.contains($0.id) ? 0 : 1 })
}

@Suite("Tier-plan verifier")
struct VerifierTests {
    @Test func counterExampleValuesFromTheDefinitions() throws {
        let inst = try loadShipped("counterexample-chain")
        // Every closed plan of the chain, with L and T computed by hand from te, tc, tt.
        let cases: [([String], Double, Double)] = [
            (["in"], 0 + 2 + 7, 7),
            (["in", "a"], 10 + 50 + 6, 50),
            (["in", "a", "b"], 11 + 1 + 1, 11),
            (["in", "a", "b", "c"], 21, 21),
        ]
        for (edge, latency, bottleneck) in cases {
            let r = TierPlanVerifier.verify(plan(inst, edge: edge), instance: inst)
            #expect(r.feasible)
            #expect(r.latency == latency, "\(edge)")
            #expect(r.bottleneck == bottleneck, "\(edge)")
        }
    }

    @Test func thePaperGraphsCheapPlanIsFlaggedNotCosted6() throws {
        let inst = try loadShipped("counterexample-chain")
        // in and b on the edge, a and c in the cloud: b's input would come back from the cloud.
        let r = TierPlanVerifier.verify(plan(inst, edge: ["in", "b"]), instance: inst)
        #expect(!r.feasible)
        #expect(r.violations.count == 1)
        #expect(r.violations[0].kind == .closure)
        #expect(r.violations[0].edge?.from == "a" && r.violations[0].edge?.to == "b")
    }

    @Test func listsEveryViolation() throws {
        let inst = try loadShipped("diamond")
        // Input in the cloud, d on the edge below b and c in the cloud.
        let p = TierAssignment(tierOfLayer: [1, 1, 1, 0])
        let r = TierPlanVerifier.verify(p, instance: inst)
        #expect(r.violations.map(\.kind) == [.inputNotPinned, .closure, .closure])
        #expect(r.violations.compactMap { $0.edge.map { "\($0.from)->\($0.to)" } } == ["b->d", "c->d"])
        let wrongSize = TierPlanVerifier.verify(TierAssignment(tierOfLayer: [0]), instance: inst)
        #expect(wrongSize.violations.map(\.kind) == [.wrongSize])
        let unknownTier = TierPlanVerifier.verify(TierAssignment(tierOfLayer: [0, 5, 0, 0]), instance: inst)
        #expect(unknownTier.violations.contains { $0.kind == .unknownTier && $0.layer == "b" })
    }

    @Test func fanOutOutputIsSentOnce() throws {
        let inst = try loadShipped("diamond")
        let r = TierPlanVerifier.verify(plan(inst, edge: ["in"]), instance: inst)
        #expect(r.transfers.count == 1)
        #expect(r.uplinkBytes == [10_000])
        #expect(nearlyEqual(r.latency, 0.0165))
        let r2 = TierPlanVerifier.verify(plan(inst, edge: ["in", "c"]), instance: inst)
        #expect(r2.transfers.map(\.layer) == ["in", "c"])
        #expect(nearlyEqual(r2.latency, 0.013))
        #expect(nearlyEqual(r2.bottleneck, 0.0105))
        #expect(nearlyEqual(r2.throughput, 1 / 0.0105))
    }

    @Test func threeTierOutputCrossesEachLinkOnce() throws {
        // in -> a -> {b, c}: a on the device, b on the edge, c in the cloud: a's output
        // crosses device→edge once (shared by b and c) and edge→cloud once.
        let layers = [
            Layer(id: "in", op: .input, outputBytes: 1000),
            Layer(id: "a", op: .other, inputs: ["in"], outputBytes: 200),
            Layer(id: "b", op: .other, inputs: ["a"], outputBytes: 10),
            Layer(id: "c", op: .other, inputs: ["a"], outputBytes: 10),
        ]
        let g = try LayerGraph(layers: layers)
        let prof = [1: 0.004, 2: 0.002, 3: 0.003]
        let tiers = (0..<3).map { Tier(name: ["device", "edge", "cloud"][$0], device: nil, profile: prof.mapValues { $0 / Double($0 > 0 ? 1 : 1) }) }
        let inst = try Instance(name: "3t", graph: g, tiers: tiers,
                                links: [NetworkLink(bandwidth: 100, latency: 0.5), NetworkLink(bandwidth: 1000, latency: 0.1)],
                                problem: ProblemSpec(kind: .threeTier, resultBytes: 50))
        let r = TierPlanVerifier.verify(TierAssignment(tierOfLayer: [0, 0, 1, 2]), instance: inst)
        #expect(r.feasible)
        #expect(r.transfers.map { "\($0.layer)@\($0.link)" } == ["a@0", "a@1"])
        #expect(nearlyEqual(r.uplinkSeconds[0], 0.5 + 200.0 / 100))
        #expect(nearlyEqual(r.uplinkSeconds[1], 0.1 + 200.0 / 1000))
        // The result returns from the cloud over both links.
        #expect(nearlyEqual(r.downlinkSeconds[0], 0.5 + 50.0 / 100))
        #expect(nearlyEqual(r.downlinkSeconds[1], 0.1 + 50.0 / 1000))
        #expect(nearlyEqual(r.latency, 0.004 + 0.002 + 0.003 + 2.5 + 0.3 + 1.0 + 0.15))
        #expect(r.stages.count == 3 + 2 + 2)
    }
}

@Suite("Cost model")
struct CostModelTests {
    @Test func rooflineEstimateAndProfilesOverride() throws {
        let inst = try InstanceReader.read(text: validInstance)
        let conv = inst.graph.layers[1]
        // Edge: 1 GFLOP/s, 1 GB/s; compute 2·6912 FLOP → 13.824 µs; memory (768 + 1024 + 448 bytes) → 2.24 µs.
        #expect(conv.flops == 13824)
        #expect(nearlyEqual(inst.cost.seconds[0][1], 13.824e-6))
        // fc: 5120 FLOP, memory (1024 + 40 + 10280 bytes) → memory-bound on the edge.
        #expect(nearlyEqual(inst.cost.seconds[0][2], (1024 + 40 + 10280) / 1e9))
        #expect(inst.cost.seconds[0][0] == 0)
        #expect(inst.cost.seconds[1][1] == 0.0005)
    }

    @Test func overheadAndPerOpRatesApply() throws {
        let g = try LayerGraph(layers: [Layer(id: "in", op: .input, outputBytes: 0),
                                        Layer(id: "c", op: .conv, inputs: ["in"], outputBytes: 0, flops: 2e9)])
        let d = Device(name: "d", flopsPerSecond: 1e9, flopsPerSecondByOp: [.conv: 4e9], memoryBandwidth: 1e9, layerOverhead: 0.001)
        #expect(nearlyEqual(CostModel.estimate(layer: 1, graph: g, device: d), 0.501))
    }
}

@Suite("Layer graph")
struct LayerGraphTests {
    @Test func topologicalOrderIsDeterministicAndValid() throws {
        var rng = SeededGenerator(seed: 7)
        for family in RandomInstances.Family.allCases {
            for n in [2, 5, 9, 14] {
                let g = RandomInstances.graph(family, layers: n, using: &rng)
                #expect(g.count == n, "\(family) \(n)")
                var position = [Int](repeating: 0, count: g.count)
                for (i, v) in g.topologicalOrder.enumerated() { position[v] = i }
                for (u, v) in g.edges { #expect(position[u] < position[v]) }
                #expect(g.topologicalOrder.first == g.inputIndex)
            }
        }
    }

    @Test func refusesUnreachableLayers() {
        let layers = [Layer(id: "in", op: .input, outputBytes: 1), Layer(id: "x", op: .other, inputs: ["y"], outputBytes: 1),
                      Layer(id: "y", op: .other, inputs: ["x"], outputBytes: 1)]
        #expect(throws: LayerGraph.ValidationError.self) { try LayerGraph(layers: layers) }
    }
}

@Suite("Tile coverage on rectangles")
struct TileCoverageTests {
    /// Random rectangles on small maps: the rectangle count equals counting every pixel.
    @Test(arguments: 0..<40)
    func rectangleCountsEqualPixelCounts(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let h = Int.random(in: 1...12, using: &rng), w = Int.random(in: 1...12, using: &rng)
        let rects = (0..<Int.random(in: 0...6, using: &rng)).map { _ -> TileRect in
            let r0 = Int.random(in: 0..<h, using: &rng), c0 = Int.random(in: 0..<w, using: &rng)
            return TileRect(r0: r0, r1: Int.random(in: r0..<h, using: &rng), c0: c0, c1: Int.random(in: c0..<w, using: &rng))
        }
        var count = [Int](repeating: 0, count: h * w)
        for t in rects { for r in t.r0...t.r1 { for c in t.c0...t.c1 { count[r * w + c] += 1 } } }
        let cover = TileCoverage(rects, height: h, width: w)
        #expect(cover.holes == count.filter { $0 == 0 }.count)
        #expect(cover.overlaps == count.filter { $0 > 1 }.count)
        let firstHole = count.firstIndex(of: 0).map { ($0 / w, $0 % w) }
        #expect(cover.firstHole?.row == firstHole?.0 && cover.firstHole?.column == firstHole?.1)
        let firstOverlap = count.firstIndex { $0 > 1 }.map { ($0 / w, $0 % w) }
        #expect(cover.firstOverlap?.row == firstOverlap?.0 && cover.firstOverlap?.column == firstOverlap?.1)
    }

    @Test func aHugeMapIsCountedWithoutAllocatingIt() {
        let side = 65_536
        let half = TileRect(r0: 0, r1: side / 2 - 1, c0: 0, c1: side - 1)
        let cover = TileCoverage([half, half], height: side, width: side)
        #expect(cover.holes == side * side / 2 && cover.overlaps == side * side / 2)
        #expect(cover.firstHole?.row == side / 2 && cover.firstOverlap?.row == 0)
    }
}

@Suite("Plan text in the library")
struct TierPlanTextTests {
    /// The table the command line prints is the library's: a Swift program prints the same text.
    @Test func theLibraryPrintsTheLayerTableAndTheStageTimes() throws {
        let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/small/diamond.json"))
        let plan = TierAssignment(tierOfLayer: inst.graph.layers.map { $0.op == .input || $0.id == "c" ? 0 : 1 })
        let text = TierPlanText.text(plan, report: TierPlanVerifier.verify(plan, instance: inst), instance: inst, listLayers: true)
        #expect(text.contains("layer") && text.contains("edge compute") && text.contains("latency"))
        #expect(text.contains("13.000 ms"), "\(text)")
    }
}

@Suite("P4–P6 plan text in the library")
struct PlanTextTests {
    /// A tiled plan prints its picture, its loads and its makespan from the library.
    @Test func aTilingPlanPrintsItsPictureAndMakespan() throws {
        let input = Layer(id: "in", op: .input, shape: [1, 8, 8], outputBytes: 256)
        let conv = Layer(id: "c", op: .conv, inputs: ["in"], shape: [1, 8, 8], outputBytes: 256, macs: 576, flops: 1152,
                         window: WindowGeometry(kernel: (3, 3), stride: (1, 1), padding: (1, 1), inChannels: 1, outChannels: 1))
        let block = try ConvBlock(graph: try LayerGraph(layers: [input, conv]))
        let device = Device(name: "d", flopsPerSecond: 1e6, memoryBandwidth: 1e9)
        let cluster = [ClusterDevice(name: "a", device: device, bandwidth: 1e6), ClusterDevice(name: "b", device: device, bandwidth: 1e6)]
        let plan = TilingPlan(mode: .fused, partitions: [[DeviceTile(rect: TileRect(r0: 0, r1: 3, c0: 0, c1: 7), device: 0),
                                                          DeviceTile(rect: TileRect(r0: 4, r1: 7, c0: 0, c1: 7), device: 1)]])
        let verdict = TilingProblem(block: block, cluster: cluster, mode: .fused).verify(plan)
        #expect(verdict.feasible)
        let text = PlanText.tiling(plan, report: verdict.figures, block: block, cluster: cluster)
        #expect(text.contains("block output 8×8") && text.contains("makespan"), "\(text)")
    }
}
