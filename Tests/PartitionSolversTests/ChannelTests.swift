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

/// Every composition of `total` into `parts` non-negative parts.
func compositions(_ total: Int, _ parts: Int) -> [[Int]] {
    if parts == 1 { return [[total]] }
    return (0...total).flatMap { first in compositions(total - first, parts - 1).map { [first] + $0 } }
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
        #expect(!r.feasible && r.violations.contains { $0.contains("group 1 is not computed") })
        #expect(ChannelVerifier.verify(ChannelPlan(segments: [[]]), network: net, cluster: cluster).violations.first!.contains("segments"))
    }

    @Test(arguments: [(false, [1e9, 1e9]), (true, [1e9, 1e9]), (false, [1e9, 3e9]), (true, [2e9, 0.5e9]), (false, [1e9, 2e9, 1e9])])
    func milpEqualsBruteForceOverEveryGroupSplit(overlap: Bool, speeds: [Double]) throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 0.5))
        let cluster = rpiCluster(speeds.count, speeds: speeds, bandwidth: 5e6)
        let options = compositions(4, speeds.count)
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
        let equal = ChannelVerifier.verify(GroupSplit.equal(net, devices: speeds.count), network: net, cluster: cluster, overlap: overlap).objective
        let proportional = ChannelVerifier.verify(GroupSplit.proportional(net, cluster: cluster), network: net, cluster: cluster, overlap: overlap).objective
        print("overlap \(overlap) speeds \(speeds): optimum \(best), equal gap \((equal / best - 1) * 100)%, proportional gap \((proportional / best - 1) * 100)%")
        #expect(equal >= best * (1 - 1e-9) && proportional >= best * (1 - 1e-9))
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
