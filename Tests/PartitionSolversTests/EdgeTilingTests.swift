import ModelZoo
import PartitionModel
@testable import PartitionSolvers
import Testing
import TestSupport

/// D3's combined problem: the exact decomposition against brute force over every split, every
/// tiled block and the exact tiling of each stage.
@Suite("D3: three tiers with a tiled edge (vertical separation)")
struct EdgeTilingTests {
    /// A small chain CNN over device (RPi3), edge (Jetson TK1), cloud (server), Wi-Fi then 4G.
    static func instance(seed: UInt64) throws -> Instance {
        var rng = SeededGenerator(seed: seed)
        let size = [12, 16, 20][Int.random(in: 0..<3, using: &rng)]
        let model = ZooModel(name: "chain\(seed)", summary: "a small chain CNN", input: (3, size, size), referenceParameters: nil,
                             publishedMACs: nil, macsSource: "") {
            var b = NetworkBuilder()
            var x = b.input(channels: 3, height: size, width: size)
            x = b.activation("relu1", b.conv("conv1", x, out: 8, kernel: 3, padding: 1))
            x = b.maxPool("pool1", x, kernel: 2, stride: 2)
            x = b.activation("relu2", b.conv("conv2", x, out: 16, kernel: 3, padding: 1))
            x = b.conv("conv3", x, out: 16, kernel: 3, padding: 1)
            x = b.fc("fc", b.flatten("flat", x), out: 10)
            return (try? b.build())!
        }
        return try InstanceExport.instance(model: model, tiers: [("device", DevicePresets.require("rpi3")), ("edge", DevicePresets.require("jetson-tk1")),
                                                                 ("cloud", DevicePresets.require("server-8core"))],
                                           links: [NetworkPresets.require("wifi"), NetworkPresets.require("4g")], problem: ProblemSpec(kind: .threeTier))
    }

    /// Brute force: every pair of cut points, every contiguous run of tileable stages on the edge,
    /// each stage tiled by the exact grid search; the verifier's latency of each combined plan.
    static func bruteForce(_ p: EdgeTilingProblem) -> Double {
        let g = p.instance.graph, order = g.topologicalOrder, n = order.count
        let stages = EdgeTilingSearch.stages(p, order: order) ?? []
        var best = Double.infinity
        for i in 1...n {
            for j in i...n {
                var tierOf = [Int](repeating: 0, count: n)
                for (pos, v) in order.enumerated() { tierOf[v] = pos < i ? 0 : (pos < j ? 1 : 2) }
                let a = TierAssignment(tierOfLayer: tierOf)
                best = min(best, p.verify(EdgeTilingPlan(assignment: a)).objective)
                let inside = stages.filter { $0.first >= i && $0.last < j }
                for s in inside.indices {
                    for e in s..<inside.count {
                        let run = Array(inside[s...e])
                        guard zip(run, run.dropFirst()).allSatisfy({ $0.last + 1 == $1.first }) else { continue }
                        let v = p.verify(EdgeTilingSearch.plan(p, assignment: a, run: run, order: order))
                        if v.feasible { best = min(best, v.objective) }
                    }
                }
            }
        }
        return best
    }

    @Test(arguments: 0..<6)
    func exactEqualsBruteForce(seed: Int) throws {
        let inst = try Self.instance(seed: 40 + UInt64(seed))
        let network = seed % 2 == 0 ? "gbe" : "wifi"
        let execution = seed % 3 == 2 ? TilingExecution(coordinatorComputes: true, overlap: true) : TilingExecution()
        let p = EdgeTilingProblem(inst, edge: try DevicePresets.cluster(2 + seed % 3, device: "jetson-tk1", network: network), execution: execution)
        let r = try p.solve(with: "exact")
        #expect(r.status == .optimal, "\(r.message ?? "")")
        let v = p.verify(r.plan!)
        #expect(v.feasible, "\(v.violations)")
        let brute = Self.bruteForce(p)
        #expect(abs(v.objective - brute) <= 1e-9 * brute, "seed \(seed): exact \(v.objective), brute force \(brute)")
        #expect(abs(r.objective! - v.objective) <= 1e-9 * brute)
        // Never worse than P3's optimum with the edge on one node.
        #expect(v.objective <= (try p.solve(with: "mincut")).objective! * (1 + 1e-12))
    }

    @Test func theVerifierRefusesBlocksOffTheEdgeAndMismatchedTilings() throws {
        let inst = try Self.instance(seed: 3)
        let p = EdgeTilingProblem(inst, edge: try DevicePresets.cluster(2, device: "jetson-tk1", network: "gbe"))
        let g = inst.graph
        let allCloud = TierAssignment(tierOfLayer: g.layers.indices.map { $0 == g.inputIndex ? 0 : 2 })
        let block = try ConvBlock(graph: g, from: "conv1", to: "relu1")
        let tiling = TilingPlan(mode: .layerwise, partitions: [[DeviceTile(rect: TileRect(r0: 0, r1: block.outputHeight - 1, c0: 0, c1: block.outputWidth - 1), device: 0)]])
        let off = p.verify(EdgeTilingPlan(assignment: allCloud, block: ("conv1", "relu1"), tiling: tiling))
        #expect(off.violations.contains { $0.kind == "block-off-edge" })
        let noTiling = p.verify(EdgeTilingPlan(assignment: allCloud, block: ("conv1", "relu1"), tiling: nil))
        #expect(noTiling.violations.contains { $0.kind == "block-without-tiling" } && noTiling.objective.isNaN)
        let bad = p.verify(EdgeTilingPlan(assignment: allCloud, block: ("conv1", "fc"), tiling: tiling))
        #expect(bad.violations.contains { $0.kind == "block" })
    }
}
