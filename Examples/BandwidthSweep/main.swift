// BandwidthSweep: ResNet-18 on a Raspberry Pi 3, a Jetson TK1 edge server and an 8-core cloud (D3's
// three tiers, P3). Sweeps the device → edge bandwidth from 1 to 100 Mbit/s, solves every point
// exactly and with D3's HPA and the single-tier baselines, prints where the optimal plan changes,
// and writes the chart as SVG (and the numbers as CSV).
//
//     swift run BandwidthSweep [output-prefix]      (default: bandwidth-sweep → .svg and .csv)
import ModelZoo
import PartitionModel
import PartitionSolvers

let prefix = CommandLine.arguments.dropFirst().first ?? "bandwidth-sweep"
let graph = ModelZoo.resNet18()
let tiers = try [("device", "rpi3"), ("edge", "jetson-tk1"), ("cloud", "server-8core")].map { name, preset in
    Tier(name: name, device: try DevicePresets.require(preset).device)
}
let links = try ["wifi", "4g"].map { try NetworkPresets.require($0).link }   // device → edge, edge → cloud
let instance = try Instance(name: "resnet18-three-tier", graph: graph, tiers: tiers, links: links, problem: ProblemSpec(kind: .threeTier))

let megabit = 1e6 / 8   // bytes/s
let sweep = try BandwidthSweep.run(instance, problem: .threeTier, link: 0, from: 1 * megabit, to: 100 * megabit, steps: 25)
print("ResNet-18, device → edge bandwidth 1…100 Mbit/s in \(sweep.points.count) steps; latency per solver:")
print("Mbit/s  " + sweep.solvers.map { $0.padding(12) }.joined())
for (i, p) in sweep.points.enumerated() where i % 6 == 0 || i == sweep.points.count - 1 {
    let cells = p.values.map { ($0.map { UnitFormat.milliseconds($0) + " ms" } ?? "-").padding(12) }
    print(UnitFormat.fixed(p.bandwidth / megabit, 1).padding(8) + cells.joined())
}

/// How many layers each tier runs under a plan.
func describe(_ plan: TierAssignment?) -> String {
    guard let plan else { return "no optimal plan" }
    return tiers.indices.map { t in "\(tiers[t].name) \(plan.tierOfLayer.filter { $0 == t }.count)" }.joined(separator: ", ") + " layers"
}
print("\noptimal plans:")
print("  from \(UnitFormat.fixed(sweep.points[0].bandwidth / megabit, 2)) Mbit/s: \(describe(sweep.points[0].optimalPlan))")
for i in sweep.planChanges {
    print("  from \(UnitFormat.fixed(sweep.points[i].bandwidth / megabit, 2)) Mbit/s: \(describe(sweep.points[i].optimalPlan))")
}
try FileBytes.write(sweep.svg(title: "ResNet-18 on rpi3 → jetson-tk1 → server-8core"), path: prefix + ".svg")
try FileBytes.write(sweep.csv(), path: prefix + ".csv")
print("\nwrote \(prefix).svg and \(prefix).csv")

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
