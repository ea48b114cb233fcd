// SparseFCPartition: generate a pruned fully-connected layer with planted block structure, split it
// across four phones with MoDNN's spectral co-clustering (MSCC) and the baselines (P5), then let
// FGCP send partial sums where they are fewer values than inputs. Every plan goes through the verifier.
//
//     swift run SparseFCPartition
import ModelZoo
import PartitionModel
import PartitionSolvers

// A 2048 × 2048 layer at 2% density: 4 dense-ish diagonal blocks hidden by a random permutation of
// rows and columns, 10% of the nonzeros outside the blocks (the pattern group-lasso pruning leaves).
var rng = SeededGenerator(seed: 7)
let generated = try SparsityGenerator.generate(rows: 2048, columns: 2048, pattern: .blocks(count: 4, density: 0.02, noise: 0.1), using: &rng)
let w = generated.matrix
// Four Nexus 5 phones at MoDNN's calibration, over Wi-Fi; 4 bytes per value sent.
let phones = FCCluster(try DevicePresets.cluster(4, device: "nexus5-modnn", network: "wifi"))
print("matrix \(w.rows) × \(w.columns), \(w.nonzeros) nonzeros; \(phones.count) phones")
print("solver    makespan    values sent   with FGCP: makespan  values sent")
let problem = FCProblem(layer: "fc", matrix: w, cluster: phones, source: "generated")
for solver in FCProblem.solvers {
    let result = solver.solve(problem, options: SolveOptions(seed: 42))
    guard let plan = result.plan else {
        print("\(solver.name.padding(9)) \(result.status.rawValue): \(result.message ?? "")")
        continue
    }
    let plain = FCVerifier.verify(plan, matrix: w, cluster: phones)
    let fgcp = FCVerifier.verify(FGCP.apply(plan, matrix: w, devices: phones.count), matrix: w, cluster: phones)
    precondition(plain.feasible && fgcp.feasible, "the verifier rejected \(solver.name)")
    print("\(solver.name.padding(9)) \(UnitFormat.duration(plain.makespan).padding(11)) \(String(plain.totalCommunication).padding(13)) "
          + "           \(UnitFormat.duration(fgcp.makespan).padding(10)) \(fgcp.totalCommunication)")
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
