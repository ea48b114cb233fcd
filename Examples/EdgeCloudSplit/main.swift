// EdgeCloudSplit: define a small network in Swift, then solve the edge–cloud latency split (P1)
// and the throughput split (P2) exactly, and print both plans next to the baselines.
//
//     swift run EdgeCloudSplit
import PartitionModel
import PartitionSolvers

// A five-layer network with a branch: conv → {left, right} → add → classifier. Sizes are bytes.
let layers = [
    Layer(id: "image", op: .input, shape: [3, 224, 224], outputBytes: 3 * 224 * 224 * 4),
    Layer(id: "conv", op: .conv, inputs: ["image"], shape: [32, 28, 28], outputBytes: 32 * 28 * 28 * 4, macs: 118e6, flops: 236e6),
    Layer(id: "left", op: .conv, inputs: ["conv"], shape: [32, 14, 14], outputBytes: 32 * 14 * 14 * 4, macs: 231e6, flops: 462e6),
    Layer(id: "right", op: .conv, inputs: ["conv"], shape: [32, 14, 14], outputBytes: 32 * 14 * 14 * 4, macs: 26e6, flops: 52e6),
    Layer(id: "add", op: .add, inputs: ["left", "right"], shape: [32, 14, 14], outputBytes: 32 * 14 * 14 * 4, flops: 6e3),
    Layer(id: "classifier", op: .fc, inputs: ["add"], shape: [1000], outputBytes: 4000, macs: 50e6, flops: 100e6),
]
let graph = try LayerGraph(layers: layers)

// A phone-class edge device and a server, 4G between them (5.85 Mbit/s, 20 ms per transfer).
let edge = Tier(name: "phone", device: Device(name: "phone", flopsPerSecond: 1e9, memoryBandwidth: 4e9))
let cloud = Tier(name: "server", device: Device(name: "server", flopsPerSecond: 100e9, memoryBandwidth: 20e9))
let uplink = NetworkLink(bandwidth: 5.85e6 / 8, latency: 0.020)
let instance = try Instance(name: "edge-cloud-example", graph: graph, tiers: [edge, cloud], links: [uplink],
                            problem: ProblemSpec(kind: .latency))

func show(_ title: String, _ result: SolveResult<TierAssignment>) {
    let plan = result.plan!
    let report = TierPlanVerifier.verify(plan, instance: instance)
    let placement = graph.layers.indices.map { "\(graph.layers[$0].id)@\(instance.tiers[plan.tierOfLayer[$0]].name)" }
    print("\(title) [\(result.solver), \(result.status.rawValue)]")
    print("  plan: " + placement.joined(separator: " "))
    print("  latency \(UnitFormat.duration(report.latency)), bottleneck \(UnitFormat.duration(report.bottleneck)), " +
          "sends \(UnitFormat.bytes(report.uplinkBytes[0])), feasible \(report.feasible)")
}

show("P1 latency-optimal", DSLSolver.solve(instance))
show("P1 Neurosurgeon", Neurosurgeon.solve(instance))
show("P2 throughput-optimal", EdgeCloudMILP.solve(instance, objective: .bottleneck))
show("P2 DSH", DSH.solve(instance))
show("edge only", SingleTierBaseline.firstTier(instance))
show("cloud only", SingleTierBaseline.lastTier(instance))
