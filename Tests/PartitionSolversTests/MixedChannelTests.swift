import Testing
import Foundation
import ModelZoo
import PartitionModel
@testable import PartitionSolvers
import TestSupport

/// P6 over both plan spaces: per segment, channel groups or row strips (``MixedSearch``).
@Suite("P6 mixed plans: groups or row strips per segment")
struct MixedChannelTests {
    /// Every plan of the mixed space (all splits of every segment) judged by the verifier: the
    /// search's optimum is the minimum, for latency and the period, with extreme speeds,
    /// bandwidths and exchange costs.
    @Test(arguments: [(false, [1e9, 1e9], 5e6, 0.0), (true, [1e9, 1e9], 5e6, 0.0), (false, [1e9, 3e9], 2e5, 0.02),
                      (true, [2e9, 0.5e9], 1e9, 0.0), (false, [1e12, 1e6], 1e3, 1e-9), (true, [1e9, 1e9], 1e12, 5)])
    func searchEqualsBruteForceOverTheMixedSpace(overlap: Bool, speeds: [Double], bandwidth: Double, exchange: Double) throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 2, width: 0.25))
        let cluster = rpiCluster(speeds.count, speeds: speeds, bandwidth: bandwidth)
        let configs = MixedSearch.configurations(net, cluster: cluster)
        #expect(configs.allSatisfy { $0.contains { if case .rows = $0 { true } else { false } } }, "row strips are offered")
        var best = Double.infinity, plans = 0
        func walk(_ chosen: [SegmentConfig]) {
            guard chosen.count < configs.count else {
                plans += 1
                let r = ChannelVerifier.verify(MixedSearch.plan(chosen), network: net, cluster: cluster, overlap: overlap, exchangeSeconds: exchange)
                best = min(best, r.objective)
                return
            }
            for c in configs[chosen.count] { walk(chosen + [c]) }
        }
        walk([])
        let problem = ChannelProblem(network: net, cluster: cluster, overlap: overlap, exchangeSeconds: exchange)
        let r = try problem.solve(with: "search")
        #expect(r.status == .optimal)
        let v = problem.verify(r.plan!)
        #expect(v.feasible && nearlyEqual(r.objective!, v.objective, relative: 1e-9), "solver \(r.objective!), verifier \(v.objective)")
        #expect(nearlyEqual(v.objective, best, relative: 1e-9), "search \(v.objective), brute force \(best) over \(plans) plans")
        // The group space is inside: the group optimum is never better.
        let groups = ChannelProblem(network: net, cluster: cluster, overlap: overlap, exchangeSeconds: exchange, planSpace: .groups)
        #expect(try groups.solve(with: "search").objective! >= v.objective * (1 - 1e-9))
    }

    /// The solver-side price of random mixed plans (any rows per layer, not only the search's
    /// proportions) equals the verifier's, from 1e-9 s to 1e12 s scales.
    @Test(arguments: 0..<8)
    func solverSidePriceEqualsTheVerifierOnRandomMixedPlans(seed: Int) throws {
        var rng = SeededGenerator(seed: 900 + UInt64(seed))
        let net = try ChannelNetwork(graph: seed % 2 == 0 ? ModelZoo.decoupledResNet50(groups: 4, width: 0.5) : ModelZoo.decoupledVGG16(groups: 4, width: 0.25))
        let geo = try #require(net.spatial)
        let k = 2 + seed % 3
        let speeds = (0..<k).map { _ in pow(10, Double.random(in: 6...12, using: &rng)) }
        let cluster = rpiCluster(k, speeds: speeds, bandwidth: pow(10, Double.random(in: 3...12, using: &rng)))
        let exchange = [0, 1e-9, 0.05][seed % 3]
        let cost = MixedCost(network: net, cluster: cluster, exchangeSeconds: exchange)
        for _ in 0..<4 {
            let configs: [SegmentConfig] = net.segments.indices.map { s in
                if Bool.random(using: &rng) {
                    var n = [Int](repeating: 0, count: k)
                    for _ in 0..<net.groups { n[Int.random(in: 0..<k, using: &rng)] += 1 }
                    return .groups(n)
                }
                return .rows(cost.layersOf[s].map { l in
                    var r = [Int](repeating: 0, count: k)
                    for _ in 0..<geo.layers[l].height { r[Int.random(in: 0..<k, using: &rng)] += 1 }
                    return r
                })
            }
            let mine = cost.evaluate(configs)
            for overlap in [false, true] {
                let v = ChannelVerifier.verify(MixedSearch.plan(configs), network: net, cluster: cluster, overlap: overlap, exchangeSeconds: exchange)
                #expect(v.feasible)
                #expect(nearlyEqual(overlap ? mine.period : mine.latency, v.objective, relative: 1e-9), "overlap \(overlap): solver \(overlap ? mine.period : mine.latency), verifier \(v.objective)")
            }
        }
    }

    /// Groups → rows → groups on two equal devices with 2 groups, counted by hand: entering a row
    /// segment whose first layer is 1×1, each device lacks the other group's half of its own rows
    /// (B/4 each way); leaving it, each device lacks its group's half of the other's rows (B/4).
    @Test func regroupBytesAreCountedByHand() throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 2, width: 0.5))
        let geo = try #require(net.spatial)
        let cluster = rpiCluster(2)
        let layers = net.segments.indices.map { s in net.spatialSegments.indices.filter { net.spatialSegments[$0] == s } }
        let halves: [[Int]] = layers[1].map { [geo.layers[$0].height / 2, geo.layers[$0].height - geo.layers[$0].height / 2] }
        let plan = ChannelPlan(splits: [.groups([GroupRange(device: 0, first: 0, count: 1), GroupRange(device: 1, first: 1, count: 1)]),
                                        .rows(halves),
                                        .groups([GroupRange(device: 0, first: 0, count: 1), GroupRange(device: 1, first: 1, count: 1)]),
                                        .groups([GroupRange(device: 0, first: 0, count: 2)])])
        let r = ChannelVerifier.verify(plan, network: net, cluster: cluster)
        #expect(r.feasible, "\(r.violations)")
        let into = try #require(r.exchanges.first { $0.name == "shuffled rows for \(geo.layers[layers[1][0]].id)" })
        let b0 = net.segments[0].outputBytes
        #expect(nearlyEqual(into.bytes, b0 / 2), "received \(into.bytes), B/2 = \(b0 / 2)")
        let out = try #require(r.exchanges.first { $0.name == "shuffle after \(net.segments[1].lastLayer)" })
        #expect(nearlyEqual(out.bytes, net.segments[1].outputBytes / 2))
        // Groups → groups from (1, 1) to (2, 0): device 0 receives the other group, B/2.
        let last = try #require(r.exchanges.first { $0.name == "shuffle after \(net.segments[2].lastLayer)" })
        #expect(nearlyEqual(last.bytes, net.segments[2].outputBytes / 2))
        let cost = MixedCost(network: net, cluster: cluster).evaluate([.groups([1, 1]), .rows(halves), .groups([1, 1]), .groups([2, 0])])
        #expect(nearlyEqual(cost.latency, r.latency, relative: 1e-12))
    }

    /// A mixed plan survives its JSON form, and a segment with both rows and groups is refused.
    @Test func mixedPlansSurviveTheirJSONForm() throws {
        let net = try ChannelNetwork(graph: ModelZoo.decoupledResNet50(groups: 4, width: 1))
        let cluster = rpiCluster(3, speeds: [1e9, 2e9, 1e9])
        let r = MixedSearch.solve(net, cluster: cluster, overlap: false)
        let plan = try #require(r.plan)
        let json = ChannelPlanIO.json(plan, network: net, cluster: cluster, overlap: false)
        #expect(plan.isMixed, "the optimum mixes groups and rows here")
        let back = try ChannelPlanIO.read(JSONCursor.parse(bytes: Array(json.serialized().utf8), file: "plan.json"), network: net, instanceCluster: [])
        #expect(back.plan == plan)
        var both = plan
        if let s = both.segmentRows.firstIndex(where: { $0 != nil }) {
            both.segments[s] = [GroupRange(device: 0, first: 0, count: 4)]
            #expect(ChannelVerifier.verify(both, network: net, cluster: cluster).violations.contains { $0.kind == "spatial-and-groups" })
        }
    }
}
