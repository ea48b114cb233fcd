// TilesAcrossPhones: split the first conv block of VGG-16 across four phones (P4), exactly and
// with the published heuristics, and draw the exact plan's tiles as characters. Fused mode: each
// phone receives its input region once and computes its tile through the whole block (DeepThings,
// D3). For the layer-by-layer mode of MoDNN and MeDNN, whose exact MILP takes longer, run
// `dnnpart compare --problem tiling --mode layerwise` on an instance.
//
//     swift run TilesAcrossPhones
import ModelZoo
import PartitionModel
import PartitionSolvers

// conv1_1 … pool1 of VGG-16: a 224×224 image in, a 64-channel 112×112 map out.
let block = try ConvBlock(graph: ModelZoo.vgg16(), from: "conv1_1", to: "pool1")
// Two phones at MoDNN's calibration (1.9 GFLOP/s) and two at MeDNN's (0.75 GFLOP/s), over MeDNN's
// Wi-Fi (43.8 Mbit/s, 5 ms per message).
let phones = try DevicePresets.cluster(presets: ["nexus5-modnn", "nexus5-modnn", "nexus5", "nexus5"], network: "medenn-wifi")

print("block \(block.stages.first!.id)…\(block.stages.last!.id): \(block.inputHeight)×\(block.inputWidth) in, "
      + "\(block.outputHeight)×\(block.outputWidth) out, \(block.stages.count) stages, on \(phones.count) phones, fused mode")
var exact: (plan: TilingPlan, makespan: Double)?
let problem = TilingProblem(block: block, cluster: phones, mode: .fused)
for solver in TilingProblem.solvers where solver.refusal(problem) == nil {
    let result = solver.solve(problem)
    guard let plan = result.plan else { print("  \(solver.name): \(result.status.rawValue)"); continue }
    let report = TilingVerifier.verify(plan, block: block, cluster: phones)
    if solver.exact { exact = (plan, report.makespan) }
    let gap = exact.map { (report.makespan / $0.makespan - 1) * 100 } ?? 0
    print("  \(solver.name.padding(6)) makespan \(UnitFormat.duration(report.makespan).padding(10)) gap \(UnitFormat.fixed(gap, 1))%  "
          + "feasible \(report.feasible)  [\(result.status.rawValue), \(UnitFormat.duration(result.statistics.seconds))]")
}
if let exact {
    print("\nthe exact plan, one character per output element (sampled), the phone's number:")
    print(TilePicture.render(exact.plan.partitions[0], height: block.outputHeight, width: block.outputWidth, maxColumns: 56, maxRows: 28), terminator: "")
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
