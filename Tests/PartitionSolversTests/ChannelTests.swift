import Testing
import ModelZoo
import PartitionModel
@testable import PartitionSolvers
import TestSupport

func rpiCluster(_ k: Int, speeds: [Double]? = nil, bandwidth: Double = 2.5e6) -> [ClusterDevice] {
    (0..<k).map { d in
        let s = speeds?[d] ?? 1e9
        return ClusterDevice(name: "d\(d)", device: Device(name: "d\(d)", flopsPerSecond: s, flopsPerSecondByOp: [.conv: s, .fc: s / 2], memoryBandwidth: 1e9),
                             bandwidth: bandwidth)
    }
}

@Suite("P6 channel groups (DeCNN)")
struct ChannelTests {
    @Test func decoupledResNet50StageOneHasTheHandComputedShapesAndCounts() throws {
        let g = ModelZoo.decoupledResNet50(groups: 4, width: 1.5)
        func layer(_ id: String) -> Layer { g.layers[g.index[id]!] }
        // Stem 64 × 1.5 = 96 channels; stage 1 width 96, output 384, every conv in 4 groups of 24 inputs.
        #expect(layer("conv1.conv").shape == [96, 112, 112])
        #expect(layer("layer1.0.1.conv").params == 96 * 24)             // 1×1, 96 → 96
        #expect(layer("layer1.0.1.conv").macs == 56 * 56 * 96 * 24)       // 7,225,344
        #expect(layer("layer1.0.2.conv").params == 96 * 24 * 9)         // 3×3
        #expect(layer("layer1.0.3.conv").params == 384 * 24)            // 1×1, 96 → 384
        #expect(layer("layer1.0.downsample.conv").params == 384 * 24)
        #expect(layer("layer1.0.add").shape == [384, 56, 56])
        #expect(layer("layer4.2.add").shape == [3072, 7, 7])              // 512 × 1.5 × 4
        #expect(g.layers.filter { $0.op == .shuffle }.count == 3)
        let net = try ChannelNetwork(graph: g)
        #expect(net.groups == 4 && net.segments.count == 4 && net.shufflePoints == 3)
        #expect(net.headLayer == "fc" && net.headOutputBytes == 4000)
        #expect(net.segments.reduce(0) { $0 + $1.spatialWindows } == 17)  // the 7×7 stem and sixteen 3×3 convs
        let vgg = ModelZoo.decoupledVGG16(groups: 4, width: 1)
        #expect(vgg.layers[vgg.index["conv2_1"]!].params == 128 * 16 * 9 + 128)
        #expect(try ChannelNetwork(graph: vgg).shufflePoints == 4)
        #expect(throws: ChannelNetwork.NotDecoupled.self) { try ChannelNetwork(graph: ModelZoo.resNet50()) }
    }

    @Test func verifierChecksCoverage() throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 1))
        let cluster = rpiCluster(2)
        let ok = ChannelVerifier.verify(GroupSplit.equal(net, devices: 2), network: net, cluster: cluster)
        #expect(ok.feasible && ok.exchanges.count == 5)
        var bad = GroupSplit.equal(net, devices: 2)
        bad.segments[1][0].count = 1      // group 1 of segment 1 left out
        bad.segments[2][1].device = 0     // device 0 twice, device 1 never
        let r = ChannelVerifier.verify(bad, network: net, cluster: cluster)
        #expect(!r.feasible && r.violations.contains { $0.message.contains("group 1 is not computed") && $0.kind == "uncovered" })
        #expect(ChannelVerifier.verify(ChannelPlan(segments: [[]]), network: net, cluster: cluster).violations.first!.message.contains("segments"))
    }

    @Test(arguments: [(false, [1e9, 1e9]), (true, [1e9, 1e9]), (false, [1e9, 3e9]), (true, [2e9, 0.5e9]), (false, [1e9, 2e9, 1e9]),
                      (false, [1e9, 1e9, 1e9]), (true, [1e9, 1e9, 1e9])])
    func milpEqualsBruteForceOverEveryGroupSplit(overlap: Bool, speeds: [Double]) throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 0.5))
        let cluster = rpiCluster(speeds.count, speeds: speeds, bandwidth: 5e6)
        let options = compositions(4, parts: speeds.count)
        var best = Double.infinity
        for a in options { for b in options { for c in options { for d in options {
            let r = ChannelVerifier.verify(ChannelPlan(counts: [a, b, c, d]), network: net, cluster: cluster, overlap: overlap)
            best = min(best, r.objective)
        } } } }
        let milp = ChannelMILP.solve(net, cluster: cluster, overlap: overlap)
        #expect(milp.status == .optimal)
        let report = ChannelVerifier.verify(milp.plan!, network: net, cluster: cluster, overlap: overlap)
        #expect(report.feasible)
        #expect(nearlyEqual(milp.objective!, report.objective))
        #expect(nearlyEqual(report.objective, best, relative: 1e-6), "MILP \(report.objective), brute force \(best)")
        // The combinatorial search is the other exact method: the same optimum, within rounding.
        let search = GroupSearch.solve(net, cluster: cluster, overlap: overlap)
        #expect(search.status == .optimal)
        let searched = ChannelVerifier.verify(search.plan!, network: net, cluster: cluster, overlap: overlap)
        #expect(searched.feasible && nearlyEqual(search.objective!, searched.objective))
        #expect(nearlyEqual(searched.objective, best, relative: 1e-12), "search \(searched.objective), brute force \(best)")
        let equal = ChannelVerifier.verify(GroupSplit.equal(net, devices: speeds.count), network: net, cluster: cluster, overlap: overlap).objective
        let proportional = ChannelVerifier.verify(GroupSplit.proportional(net, cluster: cluster), network: net, cluster: cluster, overlap: overlap).objective
        print("overlap \(overlap) speeds \(speeds): optimum \(best), equal gap \((equal / best - 1) * 100)%, proportional gap \((proportional / best - 1) * 100)%")
        #expect(equal >= best * (1 - 1e-9) && proportional >= best * (1 - 1e-9))
    }

    /// With a fixed cost per exchange phase (each device that sends or receives pays it), both exact
    /// solvers still equal brute force over every group split, for latency and for the period, and
    /// the spatial heuristic is priced by the same rule as the verifier.
    @Test(arguments: [(false, [1e9, 1e9], 0.05), (true, [1e9, 1e9], 0.05), (false, [1e9, 3e9], 0.2), (true, [2e9, 0.5e9], 0.01),
                      (false, [1e9, 2e9, 1e9], 0.1), (true, [1e9, 1e9, 1e9], 0.3), (false, [1e9, 1e9, 1e9], 5)])
    func exactSolversEqualBruteForceWithAnExchangeCost(overlap: Bool, speeds: [Double], exchange: Double) throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 0.5))
        let cluster = rpiCluster(speeds.count, speeds: speeds, bandwidth: 5e6)
        let options = compositions(4, parts: speeds.count)
        var best = Double.infinity
        for a in options { for b in options { for c in options { for d in options {
            let r = ChannelVerifier.verify(ChannelPlan(counts: [a, b, c, d]), network: net, cluster: cluster, overlap: overlap, exchangeSeconds: exchange)
            best = min(best, r.objective)
        } } } }
        let problem = ChannelProblem(network: net, cluster: cluster, overlap: overlap, exchangeSeconds: exchange, planSpace: .groups)
        for name in ["search", "milp"] {
            let r = try problem.solve(with: name)
            #expect(r.status == .optimal, "\(name)")
            let v = problem.verify(r.plan!)
            #expect(v.feasible && nearlyEqual(r.objective!, v.objective, relative: 1e-9), "\(name): solver \(r.objective!), verifier \(v.objective)")
            #expect(nearlyEqual(v.objective, best, relative: 1e-6), "\(name) \(v.objective), brute force \(best)")
        }
        let without = ChannelVerifier.verify(GroupSplit.equal(net, devices: speeds.count), network: net, cluster: cluster, overlap: overlap).objective
        let with = ChannelVerifier.verify(GroupSplit.equal(net, devices: speeds.count), network: net, cluster: cluster, overlap: overlap,
                                          exchangeSeconds: exchange).objective
        // Charged on every link; the period may not move when compute sets it.
        #expect(overlap ? with >= without : with > without, "the exchange cost is charged")
        if let spatial = SpatialSplit.plan(net, cluster: cluster) {
            let c = SpatialSplit.evaluate(spatial.spatialRows!, network: net, cluster: cluster, exchangeSeconds: exchange)
            let v = ChannelVerifier.verify(spatial, network: net, cluster: cluster, overlap: overlap, exchangeSeconds: exchange)
            #expect(nearlyEqual(overlap ? c.period : c.latency, v.objective, relative: 1e-9))
        }
    }

    @Test(arguments: [2, 4])
    func onEqualDevicesTheMILPEqualsTheEqualSplit(devices: Int) throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 1.5))
        let cluster = rpiCluster(devices)
        let milp = ChannelMILP.solve(net, cluster: cluster)
        let equal = ChannelVerifier.verify(GroupSplit.equal(net, devices: devices), network: net, cluster: cluster)
        #expect(milp.status == .optimal)
        #expect(nearlyEqual(milp.objective!, equal.latency, relative: 1e-6), "MILP \(milp.objective!) vs equal \(equal.latency)")
    }
}

@Suite("P6 spatial comparison (DeCNN's row strips)")
struct SpatialSplitTests {
    @Test func geometryOfTheDecoupledModels() throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 1.5))
        let geo = try #require(net.spatial)
        // The 7×7 stem, the 3×3 max-pool and sixteen 3×3 convs overlap their neighbours' rows.
        #expect(geo.haloWindows == 18)
        #expect(geo.globalPool?.id == "avgpool" && geo.globalPool?.outputBytes == 3072 * 4)
        #expect(geo.inputHeight == 224 && geo.inputRowBytes == 3 * 224 * 4)
        #expect(geo.layers.first?.id == "conv1.conv" && geo.layers.last?.id == "layer4.2.relu")
        let vgg = try #require(try ChannelNetwork(graph: ModelZoo.decoupledVGG16(groups: 4, width: 1)).spatial)
        #expect(vgg.globalPool == nil && vgg.haloWindows == 13)   // 2×2 pools of stride 2 do not overlap
    }

    @Test func haloBytesAreTheHandComputedRows() throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 1.5))
        let plan = try #require(SpatialSplit.plan(net, cluster: rpiCluster(2)))
        let r = ChannelVerifier.verify(plan, network: net, cluster: rpiCluster(2))
        #expect(r.feasible)
        // layer1.0.2.conv (3×3, stride 1, pad 1) on 56 rows split 28/28: each device fetches one row
        // of layer1.0.1.relu (96 channels × 56 columns × 4 bytes) from the other.
        let halo = try #require(r.exchanges.first { $0.name == "halo rows for layer1.0.2.conv" })
        #expect(halo.bytes == 2 * 96 * 56 * 4)
        #expect(nearlyEqual(halo.seconds, 96 * 56 * 4 / 2.5e6))
        // The stem on 112 rows split 56/56 reads input rows 0…113 and 109…223 (7×7, stride 2, pad 3):
        // device 1 receives 115 rows from device 0.
        let scatter = try #require(r.exchanges.first)
        #expect(scatter.name == "input rows for conv1.conv" && scatter.bytes == 115 * 3 * 224 * 4)
        // Every device holds every weight of the body.
        let geo = try #require(net.spatial)
        #expect(r.memoryBytes.allSatisfy { $0 > geo.weightBytes })
        #expect(r.exchanges.last?.name == "gather avgpool partial sums" && r.exchanges.last?.bytes == 3072 * 4)
    }

    @Test(arguments: [[1e9, 1e9], [1e9, 3e9, 2e9], [2e9, 0.5e9, 1e9, 1e9], [1e9, 1e9, 1e9, 1e9, 4e9]])
    func solverSideCostEqualsTheVerifier(speeds: [Double]) throws {
        for graph in [ModelZoo.decoupledResNet50(groups: 4, width: 1.5), ModelZoo.decoupledVGG16(groups: 4, width: 1)] {
            let net = try ChannelNetwork(graph: graph)
            let cluster = rpiCluster(speeds.count, speeds: speeds)
            for overlap in [false, true] {
                let result = try #require(ChannelProblem.solver(named: "spatial")).solve(ChannelProblem(network: net, cluster: cluster, overlap: overlap))
                let report = ChannelVerifier.verify(result.plan!, network: net, cluster: cluster, overlap: overlap)
                #expect(report.feasible)
                #expect(nearlyEqual(result.objective!, report.objective, relative: 1e-9), "solver \(result.objective!) verifier \(report.objective)")
            }
        }
    }

    /// On one device both plan kinds are the whole network: same time, same memory, no exchange.
    @Test func onOneDeviceSpatialAndGroupPlansAgree() throws {
        for graph in [ModelZoo.decoupledResNet50(groups: 4, width: 1.5), ModelZoo.decoupledVGG16(groups: 4, width: 1)] {
            let net = try ChannelNetwork(graph: graph)
            let one = rpiCluster(1)
            let groups = ChannelVerifier.verify(GroupSplit.equal(net, devices: 1), network: net, cluster: one)
            let spatial = ChannelVerifier.verify(try #require(SpatialSplit.plan(net, cluster: one)), network: net, cluster: one)
            #expect(nearlyEqual(groups.latency, spatial.latency, relative: 1e-12) && nearlyEqual(groups.period, spatial.period, relative: 1e-12))
            #expect(groups.exchanges.allSatisfy { $0.seconds == 0 } && spatial.exchanges.allSatisfy { $0.seconds == 0 })
            #expect(spatial.memoryBytes == [spatial.singleDeviceMemoryBytes] && groups.memoryBytes == [groups.singleDeviceMemoryBytes])
        }
        #expect(SpatialSplit.plan(try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 1)), cluster: []) == nil)
    }

    @Test func verifierRejectsBadStrips() throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 1))
        let cluster = rpiCluster(2)
        var plan = try #require(SpatialSplit.plan(net, cluster: cluster))
        plan.spatialRows![0][0] += 1
        plan.spatialRows![1] = [-1, 57]
        plan.spatialRows![2] = [56]
        let r = ChannelVerifier.verify(plan, network: net, cluster: cluster)
        #expect(!r.feasible && r.latency == .infinity)
        #expect(r.violations.contains { $0.message == "layer conv1.conv: the strips cover 113 rows, the map has 112" })
        #expect(r.violations.contains { $0.message.contains("device 0 gets -1 rows") })
        #expect(r.violations.contains { $0.message.contains("1 row counts for 2 devices") })
        var both = try #require(SpatialSplit.plan(net, cluster: cluster))
        both.segments = GroupSplit.equal(net, devices: 2).segments
        #expect(ChannelVerifier.verify(both, network: net, cluster: cluster).violations.map(\.message) == ["a spatial plan must not also give groups"])
    }

    /// DeCNN's comparison on four Raspberry Pi 3: the spatial split replicates every weight.
    @Test func spatialReplicatesTheWeightsThatGroupsDivide() throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 1.5))
        let cluster = rpiCluster(4)
        let groups = ChannelVerifier.verify(GroupSplit.equal(net, devices: 4), network: net, cluster: cluster)
        let spatial = ChannelVerifier.verify(try #require(SpatialSplit.plan(net, cluster: cluster)), network: net, cluster: cluster)
        print("groups: latency \(groups.latency) s, \(groups.exchanges.count) exchanges, max memory \(groups.memoryBytes.max()!) B; "
              + "spatial: latency \(spatial.latency) s, \(spatial.exchanges.count) exchanges, max memory \(spatial.memoryBytes.max()!) B")
        // Input, 3 shuffles, gather against input, 17 halos (DeCNN counted 17), one more where the stride-2
        // shortcut of layer3.0 misaligns 28 → 14 rows of the shuffled map on four devices, and the gather.
        #expect(groups.exchanges.count == 5 && spatial.exchanges.count == 20)
        #expect(spatial.exchanges.contains { $0.name == "shuffled rows for layer3.0.downsample.conv" })
        #expect(spatial.memoryBytes.max()! > 3 * groups.memoryBytes.max()!)
    }

    @Test func plansSurviveTheirJSONForm() throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 1))
        let cluster = rpiCluster(3, speeds: [1e9, 2e9, 1e9])
        for plan in [GroupSplit.proportional(net, cluster: cluster), try #require(SpatialSplit.plan(net, cluster: cluster))] {
            for overlap in [false, true] {
                let text = ChannelPlanIO.json(plan, network: net, cluster: cluster, overlap: overlap).serialized()
                let read = try ChannelPlanIO.read(JSONCursor.parse(bytes: Array(text.utf8), file: "plan.json"), network: net, instanceCluster: [])
                #expect(read.plan == plan && read.cluster == cluster && read.overlap == overlap)
            }
        }
    }
}

@Suite("P6 exact search against the MILP")
struct GroupSearchTests {
    /// Random decoupled networks and mixed clusters: the search and the MILP agree on both objectives.
    @Test(arguments: 0..<6)
    func agreesWithTheMILP(seed: Int) throws {
        var rng = SeededGenerator(seed: 40 + UInt64(seed))
        let groups = [2, 4][seed % 2]
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: groups, width: 0.5))
        let speeds = (0..<(2 + seed % 3)).map { _ in Double.random(in: 0.5e9...3e9, using: &rng) }
        let cluster = rpiCluster(speeds.count, speeds: speeds, bandwidth: Double.random(in: 1e6...2e7, using: &rng))
        for overlap in [false, true] {
            let search = GroupSearch.solve(net, cluster: cluster, overlap: overlap)
            let milp = ChannelMILP.solve(net, cluster: cluster, overlap: overlap)
            #expect(search.status == .optimal && milp.status == .optimal)
            #expect(nearlyEqual(search.objective!, milp.objective!, relative: 1e-6), "overlap \(overlap): search \(search.objective!), MILP \(milp.objective!)")
            #expect(search.objective! <= milp.objective! * (1 + 1e-9))
        }
    }
}
